import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../lib/fake';
import { snoozeChoices } from '../lib/format';
import { ana, start, stop, until } from '../lib/testing';

afterEach(stop);

const sam = { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' as const };

describe('Snooze and business hours', () => {
  it('snoozes until the customer writes: the conversation leaves Mine for Snoozed, and Wake brings it back', async () => {
    const backend = new FakeBackend({ session: sam, conversations: [{ ...ana, assignee: 2, inbox: '1122334455667' }] });
    backend.openStates['1122334455667'] = { open: false, until: Math.floor(Date.now() / 1000) + 3600 };
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const hours = await until(() => root.querySelector('[data-testid="inbox-hours"]'), 'the inbox is closed');
    expect(hours.textContent).toContain('Closed until');
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="snooze"]'), 'snooze button')).click();
    const choices = await until(() => Array.from(root.querySelectorAll<HTMLButtonElement>('[data-testid="snooze-choice"]')), 'choices');
    choices.find((c) => c.textContent?.includes('Until the customer writes'))?.click();
    const count = (kind: string) => root.querySelector(`[data-view="${kind}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
    await until(() => count('snoozed') === 'Snoozed 1', 'counted as snoozed');
    expect(count('mine')).toBe('Mine 0');
    const chip = await until(() => root.querySelector('[data-testid="thread-snoozed"]'), 'the header says so');
    expect(chip.textContent).toContain('until the customer writes');
    root.querySelector<HTMLButtonElement>('[data-testid="wake"]')?.click();
    await until(() => count('mine') === 'Mine 1', 'back in Mine');
  });

  it('offers an hour, tomorrow and next Monday at nine, and until the customer writes', () => {
    // Friday 11 December 2026, 15:00 local time.
    const friday = Math.floor(new Date(2026, 11, 11, 15, 0).getTime() / 1000);
    const [hour, tomorrow, week, reply] = snoozeChoices(friday);
    expect(hour?.until).toBe(friday + 3600);
    expect(new Date((tomorrow?.until ?? 0) * 1000)).toEqual(new Date(2026, 11, 12, 9, 0));
    expect(new Date((week?.until ?? 0) * 1000)).toEqual(new Date(2026, 11, 14, 9, 0));
    expect(reply?.until).toBeNull();
  });

  it("shows the customer's rating in the header", async () => {
    const backend = new FakeBackend({ session: sam, conversations: [{ ...ana, assignee: 2, status: 'resolved', csat: 3 }] });
    const root = start(backend);
    root.querySelector<HTMLButtonElement>('[data-view="resolved"]')?.click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const rated = await until(() => root.querySelector('[data-testid="thread-csat"]'), 'the rating');
    expect(rated.textContent).toContain('Rated: 😀 Good');
  });
});
