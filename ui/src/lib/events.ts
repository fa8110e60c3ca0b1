// The shell's events (src-tauri/src/events.rs): sync rounds, first-sync
// progress, presence, a notification clicked, files dropped. The page pulls
// them, one long poll at a time, rather than hearing Tauri's pushed events
// (each of which runs a script from the app's process and keeps a
// JavaScriptCore VM alive there).
import type { EventBatch, SyncEvent, UiEvent } from './types';

type Kind = UiEvent['kind'];
type PayloadOf<K extends Kind> = Extract<UiEvent, { kind: K }>['payload'];
type Listener = (payload: never) => void;

/** What a gap in the log stands for: something changed, reload. */
const RELOAD: SyncEvent = { ok: true, changes: 1, error: null };

export interface EventPump {
  /** Calls `listener` with each event of `kind`; returns an unsubscribe function. */
  on<K extends Kind>(kind: K, listener: (payload: PayloadOf<K>) => void): () => void;
}

/**
 * Pulls events with `next` (the `events` command) while anyone listens.
 * `after` is null on the first request (the shell answers with where its
 * log stands), then the `next` of the batch before. A failed request is
 * tried again after `retryMs`.
 */
export function eventPump(next: (after: number | null) => Promise<EventBatch>, retryMs = 1000): EventPump {
  const listeners = new Map<Kind, Set<Listener>>();
  let running = false;
  const listening = () => [...listeners.values()].some((set) => set.size > 0);
  const deliver = (event: UiEvent) => {
    for (const listener of listeners.get(event.kind) ?? []) {
      (listener as (payload: unknown) => void)(event.payload);
    }
  };
  async function run() {
    let after: number | null = null;
    while (listening()) {
      try {
        const batch = await next(after);
        if (batch.gap && after !== null) deliver({ kind: 'sync', payload: RELOAD });
        after = batch.next;
        for (const event of batch.events) deliver(event);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
    running = false;
  }
  return {
    on(kind, listener) {
      const set = listeners.get(kind) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(kind, set);
      if (!running) {
        running = true;
        void run();
      }
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}
