import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { FakeBackend } from '../lib/fake';
import { ana, start, stop, until } from '../lib/testing';

afterEach(stop);

describe('Focus', () => {
  it('goes into a dialog and back where it was when it closes', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
    });
    const root = start(backend);
    const signOut = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="sign-out"]'), 'Sign out');
    signOut.focus();
    signOut.click();
    await until(() => document.activeElement?.getAttribute('data-testid') === 'cancel-sign-out', 'Cancel focused');
    root.querySelector<HTMLButtonElement>('[data-testid="cancel-sign-out"]')?.click();
    await until(() => document.activeElement === root.querySelector('[data-testid="sign-out"]'), 'back on Sign out');

    // The shortcuts overlay, opened from its button, gives the focus back to it.
    const help = root.querySelector<HTMLButtonElement>('.help');
    help?.focus();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }));
    flushSync();
    await until(() => document.activeElement?.closest('.shortcuts') !== null && document.activeElement !== help, 'in the overlay');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    flushSync();
    await until(() => document.activeElement === help, 'back on the ? button');
    expect(root.querySelector('.shortcuts')).toBeNull();
  });
});
