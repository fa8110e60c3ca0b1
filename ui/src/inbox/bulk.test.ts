import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';
import type { ConversationView } from '../lib/types';

afterEach(stop);

const mine = (id: number, at: number): ConversationView => ({
  ...ana,
  id,
  assignee: 2,
  contact_name: `Customer ${id}`,
  last_message_at: now - at,
});

describe('Bulk actions', () => {
  it('picks a range with shift, resolves it in one request and says what was refused', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine(1, 10), mine(2, 20), mine(3, 30), mine(4, 40)],
    });
    const root = start(backend);
    const picks = () => Array.from(root.querySelectorAll<HTMLInputElement>('[data-testid="pick"]'));
    await until(() => picks().length === 4, 'a box on each row the agent may act on');
    picks()[0]?.click();
    picks()[2]?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, shiftKey: true }));
    const bar = await until(() => root.querySelector('[data-testid="bulk"]'), 'the bulk bar');
    expect(bar.textContent).toContain('3 selected');
    root.querySelector<HTMLButtonElement>('[data-testid="bulk-resolve"]')?.click();
    await until(() => backend.bulks.length === 1, 'one request');
    expect(backend.bulks[0]).toEqual({ conversations: [1, 2, 3], action: { type: 'resolve' } });
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 1, 'three left Mine');
  });

  it('selects with the keyboard: x at the cursor, * for the whole view; and snoozes them', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine(1, 10), mine(2, 20), { ...mine(3, 30), assignee: 9 }],
    });
    const root = start(backend);
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 2, 'Mine');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
    const bar = await until(() => root.querySelector('[data-testid="bulk"]'), 'the bulk bar');
    expect(bar.textContent).toContain('1 selected');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '*', bubbles: true }));
    await until(() => root.querySelector('[data-testid="bulk"]')?.textContent?.includes('2 selected'), 'all of the view');
    const snooze = root.querySelector<HTMLSelectElement>('[data-testid="bulk-snooze"]');
    if (!snooze) throw new Error('no snooze menu');
    snooze.value = 'reply';
    snooze.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.bulks.length === 1, 'one request');
    expect(backend.bulks[0]?.action).toEqual({ type: 'snooze', until: null });
    await until(() => root.querySelector('[data-view="snoozed"]')?.textContent?.replace(/\s+/g, ' ').trim() === 'Snoozed 2', 'both snoozed');
  });
});
