import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';
import type { ConversationView } from '../lib/types';

afterEach(stop);

describe('Availability', () => {
  it('says whether the agent takes new conversations, and switches', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana }],
    });
    const root = start(backend);
    const toggle = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="availability"]'), 'the availability switch');
    // The state and the action apart (issue 25.7: "Away" read as either).
    expect(toggle.textContent?.trim()).toBe('Away · set available');
    toggle.click();
    await until(() => backend.available, 'available at the hub');
    await until(
      () => toggle.textContent?.trim() === 'Available · set away' && toggle.getAttribute('aria-pressed') === 'true',
      'shown available',
    );
  });
});

describe('Bulk actions', () => {
  it('lets an admin pick several conversations and assign or resolve them together', async () => {
    const three = [1, 2, 3].map((id) => ({ ...ana, id, assignee: null, status: 'open' as const, contact_name: `Customer ${id}`, last_message_at: now - id }));
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: three,
      agents: [
        { id: 1, name: 'Ada', role: 'admin', disabled: false, available: false },
        { id: 2, name: 'Sam Agent', role: 'agent', disabled: false, available: false },
      ],
    });
    const root = start(backend);
    const picks = await until(() => {
      const p = root.querySelectorAll<HTMLInputElement>('[data-testid="pick"]');
      return p.length === 3 && p;
    }, 'a checkbox per conversation for an admin');
    picks[0].click();
    picks[1].click();
    const bulk = await until(() => root.querySelector('[data-testid="bulk"]'), 'the bulk bar');
    expect(bulk.textContent).toContain('2 selected');
    const assign = await until(
      () => root.querySelector<HTMLSelectElement>('[data-testid="bulk-assign"]')?.options.length === 4 && root.querySelector<HTMLSelectElement>('[data-testid="bulk-assign"]'),
      'agents with their open counts',
    );
    expect(assign.textContent).toContain('Sam Agent (0 open)');
    assign.value = '2';
    assign.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.conversations_.filter((c) => c.assignee === 2).length === 2, 'both assigned');
    expect(backend.conversations_.find((c) => c.id === 3)?.assignee, 'the third untouched').toBeNull();
    await until(() => !root.querySelector('[data-testid="bulk"]'), 'the selection cleared');

    // The two left the queue; the third is still there.
    const again = await until(() => {
      const p = root.querySelectorAll<HTMLInputElement>('[data-testid="pick"]');
      return p.length === 1 && p;
    }, 'the one left in the queue');
    again[0].click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="bulk-resolve"]'), 'resolve')).click();
    await until(() => backend.conversations_.find((c) => c.id === 3)?.status === 'resolved', 'resolved');
  });

  it('shows no checkboxes to an agent', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
    });
    const root = start(backend);
    await until(() => root.querySelector('[data-testid="conversation-item"]'), 'list');
    expect(root.querySelector('[data-testid="pick"]')).toBeNull();
  });
});

describe('Views', () => {
  it('shows each view with its count, opens the first that holds anything, and draws only the rows in view', async () => {
    const queue: ConversationView[] = Array.from({ length: 60 }, (_, i) => ({
      ...ana,
      assignee: null,
      unread: 0,
      id: 100 + i,
      contact_name: `Customer ${i}`,
      last_message_at: now - 1000 + i,
    }));
    const mine: ConversationView = { ...ana, id: 7, contact_name: 'Mine Only', assignee: 2 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [...queue, mine],
    });
    const root = start(backend);
    const names = () =>
      Array.from(root.querySelectorAll('[data-testid="view"]')).map((v) => v.textContent?.replace(/\s+/g, ' ').trim());
    await until(() => names().length === 6, 'the six views of an agent');
    expect(names()).toEqual(['Mine 1', 'Unassigned 60', 'Snoozed 0', 'Resolved 0', 'Due soon 0', 'Overdue 0']);
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 1, 'Mine is open');
    expect(root.querySelector('[data-testid="conversation-item"]')?.textContent).toContain('Mine Only');

    root.querySelector<HTMLButtonElement>('[data-view="unassigned"]')?.click();
    const list = await until(
      () => root.querySelector<HTMLElement>('[data-testid="conversation-list"][data-rows="50"]'),
      'a first page of 50',
    );
    const drawn = () => Array.from(root.querySelectorAll('[data-testid="conversation-item"]'));
    expect(drawn()[0]?.textContent).toContain('Customer 59');
    expect(drawn().length, 'only the rows in view (and a few more) are in the DOM').toBeLessThan(30);

    // Scrolling to the end draws the last rows and loads the next page.
    list.scrollTop = 50 * 68;
    list.dispatchEvent(new Event('scroll'));
    await until(() => list.getAttribute('data-rows') === '60', 'the next page as the end comes into view');
    await until(() => drawn().some((r) => r.textContent?.includes('Customer 0')), 'the oldest row drawn');
    expect(drawn().length).toBeLessThan(30);
    expect(root.querySelector('[data-testid="load-more"]')).toBeNull();
  });
});

describe('Keyboard', () => {
  it('triages without a mouse: search, open the hit at its message, move, claim, and the list of shortcuts', async () => {
    const bruno: ConversationView = { ...ana, id: 2, contact_name: 'Bruno Costa', last_message_at: now - 120, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana, bruno],
      threads: {
        1: Array.from({ length: 40 }, (_, i) => ({
          key: `m${i + 1}`,
          direction: 'inbound' as const,
          kind: 'text',
          text: i === 3 ? 'the parcel never came' : `message ${i + 1}`,
          status: 'read' as const,
          error: null,
          timestamp: now - 4000 + i,
          cursor: [now - 4000 + i, i + 1] as [number, number],
          media_state: null,
          media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
        })),
      },
    });
    const root = start(backend);
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 2, 'list');
    const key = (k: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

    key('?');
    await until(() => root.querySelector('[data-testid="shortcuts"]'), 'the shortcuts');
    key('Escape');
    await until(() => !root.querySelector('[data-testid="shortcuts"]'), 'the shortcuts closed');

    key('j');
    key('Enter');
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Bruno Costa', 'j then Enter opens the second');
    key('k');
    key('Enter');
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Ana Ferreira', 'k then Enter opens the first');
    key('c');
    await until(() => root.querySelector('[data-testid="composer"]'), 'c claims: the composer appears');

    key('/');
    const input = root.querySelector<HTMLInputElement>('[data-testid="search"]');
    expect(document.activeElement).toBe(input);
    if (!input) throw new Error('no search box');
    input.value = 'parcel';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => root.querySelector('[data-testid="search-hit"]'), 'a hit');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => root.querySelector('[data-testid="jump-latest"]'), 'the messages around the hit, newer ones after them');
    const target = await until(() => root.querySelector('[data-testid="message"][data-target="true"]'), 'the hit, highlighted in its thread');
    expect(target.textContent).toContain('the parcel never came');
    expect(root.querySelectorAll('[data-testid="message"]').length, 'a window, not the whole thread').toBeLessThan(40);
  });
});

describe('Search', () => {
  it('finds a message and opens its conversation', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
      threads: {
        1: [{ key: 'm7', direction: 'inbound', kind: 'text', text: 'Where is parcel 4417?', status: 'read', error: null, timestamp: now, cursor: [now, 7], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }],
      },
    });
    const root = start(backend);
    const input = await until(() => root.querySelector<HTMLInputElement>('[data-testid="search"]'), 'search box');
    input.value = 'parcel';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const hit = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="search-hit"]'), 'a hit');
    expect(hit.textContent).toContain('Where is parcel 4417?');
    hit.click();
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Ana Ferreira', 'the thread opens');
    expect(input.value).toBe('');
  });
});
