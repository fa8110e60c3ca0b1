// Helpers for the UI's tests: mount the app on a fake backend, wait for a
// condition with a deadline (never a fixed sleep).
import { flushSync, mount, tick, unmount } from 'svelte';
import App from '../App.svelte';
import type { FakeBackend } from './fake';
import type { ConversationView } from './types';
import { setLanguage } from './i18n.svelte';

let app: Record<string, unknown> | null = null;

/** Mounts the app on `backend`; returns the element it lives in. */
export function start(backend: FakeBackend): HTMLElement {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(App, { target, props: { backend } });
  return target;
}

/** Unmounts what `start` mounted (call it after each test). */
export function stop(): void {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
  // Each test starts in English (the catalogue is loaded: at once).
  void setLanguage('en');
}

/** Waits for `probe` to return something, with a deadline. */
export async function until<T>(probe: () => T | null | undefined | false, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    flushSync();
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The tests' clock: now, in unix seconds. */
export const now = Math.floor(Date.now() / 1000);

/** A customer's conversation, unassigned and unread, its window open. */
export const ana: ConversationView = {
  id: 1,
  wa_id: '351912345678',
  contact_name: 'Ana Ferreira',
  assignee: null,
  status: 'open',
  unread: 1,
  last_inbound_at: now - 60,
  last_message_at: now - 60,
  preview: 'Is my order on its way?',
  last_direction: 'inbound',
  last_status: 'read',
  // The fake backend works these out from the session, as the core does.
  can_reply: false,
  can_claim: false,
  can_assign: false,
  can_resolve: false,
  can_note: false,
  can_transfer: false,
  labels: [],
  inbox: '',
  team_id: null,
};
