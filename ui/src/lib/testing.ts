// Helpers for the UI's tests: mount the app on a fake backend, wait for a
// condition with a deadline (never a fixed sleep).
import { flushSync, mount, tick, unmount } from 'svelte';
import App from '../App.svelte';
import type { FakeBackend } from './fake';

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
