import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../lib/fake';
import { dueLeft } from '../lib/format';
import { ana, start, stop, until } from '../lib/testing';

afterEach(stop);

describe('Service levels', () => {
  it('says the time left in words, and past it how long overdue', () => {
    expect(dueLeft(1_000 + 45 * 60, 1_000)).toEqual({ text: '45m left', overdue: false });
    expect(dueLeft(1_000 + 130 * 60, 1_000)).toEqual({ text: '2h 10m left', overdue: false });
    expect(dueLeft(1_000 + 3 * 86_400, 1_000)).toEqual({ text: '3d left', overdue: false });
    expect(dueLeft(1_000 - 12 * 60, 1_000)).toEqual({ text: 'overdue 12m', overdue: true });
    expect(dueLeft(1_000, 1_000).overdue).toBe(true);
  });

  it('marks rows with the time left, lists Due soon and Overdue with counts, and shows the target in the header', async () => {
    const now = Math.floor(Date.now() / 1000);
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [
        { ...ana, id: 1, assignee: 2, contact_name: 'Late', due_at: now - 600, due_kind: 'first_response' },
        { ...ana, id: 2, assignee: 2, contact_name: 'Soon', due_at: now + 1230, due_kind: 'next_response', last_message_at: ana.last_message_at - 5 },
        { ...ana, id: 3, assignee: 2, contact_name: 'Calm', last_message_at: ana.last_message_at - 9 },
      ],
    });
    const root = start(backend);
    const count = (kind: string) => root.querySelector(`[data-view="${kind}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
    await until(() => count('overdue') === 'Overdue 1', 'one overdue');
    expect(count('due_soon')).toBe('Due soon 1');
    const labels = Array.from(root.querySelectorAll('[data-testid="row-due"]')).map((e) => [e.textContent?.trim(), e.getAttribute('data-overdue')]);
    expect(labels).toEqual([['⚠overdue 10m', 'true'], ['⏱20m left', 'false']]);
    root.querySelector<HTMLButtonElement>('[data-view="overdue"]')?.click();
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 1, 'the Overdue view');
    root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]')?.click();
    const due = await until(() => root.querySelector('[data-testid="thread-due"]'), 'the header');
    expect(due.textContent).toContain('First response: overdue 10m');
  });

  it('lets an admin add a policy for an inbox', { timeout: 20_000 }, async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
      inboxes: [{ id: '1000000000001', name: 'Vendas', team_id: null }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-sla"]'), 'the tab')).click();
    const form = await until(() => root.querySelector<HTMLFormElement>('[data-testid="sla-form"]'), 'the form');
    const type = (sel: string, value: string) => {
      const el = form.querySelector<HTMLInputElement | HTMLSelectElement>(sel);
      if (!el) throw new Error(sel);
      el.value = value;
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    };
    type('[data-testid="sla-name"]', 'Vendas rápido');
    await until(() => form.querySelector('[data-testid="sla-scope"] option[value="inbox:1000000000001"]'), 'the inbox choice');
    type('[data-testid="sla-scope"]', 'inbox:1000000000001');
    type('[data-testid="sla-first"]', '15');
    type('[data-testid="sla-resolution"]', '24');
    (await until(() => form.querySelector<HTMLButtonElement>('[data-testid="sla-save"]:not([disabled])'), 'Add')).click();
    await until(() => backend.policies_.length === 1, 'saved');
    expect(backend.policies_[0]).toEqual({
      id: 1, name: 'Vendas rápido', inbox: '1000000000001', team_id: null, label_id: null,
      first_response_secs: 900, next_response_secs: null, resolution_secs: 86_400,
    });
    await until(() => root.querySelector('[data-testid="sla-policy"]')?.textContent?.includes('Inbox Vendas'), 'listed');
  });
});
