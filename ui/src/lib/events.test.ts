import { describe, expect, it, vi } from 'vitest';
import { eventPump } from './events';
import type { EventBatch, UiEvent } from './types';

/** A shell whose `events` answers come from the test, one request at a time. */
function shell() {
  const asked: (number | null)[] = [];
  const pending: ((batch: EventBatch) => void)[] = [];
  const next = (after: number | null) =>
    new Promise<EventBatch>((resolve) => {
      asked.push(after);
      pending.push(resolve);
    });
  const answer = async (batch: EventBatch) => {
    await vi.waitFor(() => expect(pending.length).toBeGreaterThan(0));
    pending.shift()?.(batch);
  };
  return { asked, next, answer };
}

const opened = (id: number): UiEvent => ({ kind: 'open-conversation', payload: id });

describe('eventPump', () => {
  it('asks for the position first, then for what follows it, and delivers by kind', async () => {
    const s = shell();
    const pump = eventPump(s.next);
    const seen: number[] = [];
    const syncs: boolean[] = [];
    pump.on('open-conversation', (id) => seen.push(id));
    pump.on('sync', (e) => syncs.push(e.ok));
    await s.answer({ events: [], next: 5, gap: false });
    await s.answer({ events: [opened(1), { kind: 'sync', payload: { ok: true, changes: 2, error: null } }, opened(2)], next: 8, gap: false });
    await vi.waitFor(() => expect(s.asked).toEqual([null, 5, 8]));
    expect(seen).toEqual([1, 2]);
    expect(syncs).toEqual([true]);
  });

  it('turns a gap into a sync event so the page reloads', async () => {
    const s = shell();
    const pump = eventPump(s.next);
    const syncs: number[] = [];
    pump.on('sync', (e) => syncs.push(e.changes));
    await s.answer({ events: [], next: 3, gap: false });
    await s.answer({ events: [], next: 2000, gap: true });
    await vi.waitFor(() => expect(syncs).toEqual([1]));
  });

  it('asks again after a failure and stops when nobody listens', async () => {
    let calls = 0;
    const next = vi.fn(async (after: number | null): Promise<EventBatch> => {
      calls += 1;
      if (calls === 2) throw new Error('refused');
      return { events: calls === 3 ? [opened(9)] : [], next: (after ?? 0) + 1, gap: false };
    });
    const pump = eventPump(next, 1);
    const seen: number[] = [];
    const off = pump.on('open-conversation', (id) => {
      seen.push(id);
      off();
    });
    await vi.waitFor(() => expect(seen).toEqual([9]));
    const after = next.mock.calls.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(next.mock.calls.length).toBe(after);
  });
});
