import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { FakeBackend } from './lib/fake';
import { ana, now, start, stop, until } from './lib/testing';
import type { ConversationView } from './lib/types';

afterEach(stop);

describe('App', () => {
  it('asks to sign in when the profile is not signed in, and shows the refusal', async () => {
    const backend = new FakeBackend();
    const root = start(backend);
    const form = await until(() => root.querySelector('[data-testid="sign-in"]'), 'sign-in form');
    const [url, token] = Array.from(form.querySelectorAll('input'));
    url.value = 'http://127.0.0.1:1';
    url.dispatchEvent(new Event('input'));
    token.value = 'bad';
    token.dispatchEvent(new Event('input'));
    (form as HTMLFormElement).requestSubmit();
    const alert = await until(() => root.querySelector('[role="alert"]'), 'error');
    expect(alert.textContent).toContain('valid bearer token');
  });

  it('lists conversations, claims one, and queues a reply that shows at once', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
      threads: {
        1: [
          {
            key: 'm1',
            direction: 'inbound',
            kind: 'text',
            text: '<b>not bold</b>',
            status: 'read',
            error: null,
            timestamp: now - 60,
            cursor: [now - 60, 1],
            media_state: null,
            media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
          },
        ],
      },
    });
    const root = start(backend);
    const item = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list');
    expect(item.textContent).toContain('Ana Ferreira');
    expect(item.textContent).toContain('Unassigned');
    item.click();
    const msg = await until(() => root.querySelector('[data-testid="message"]'), 'thread');
    expect(msg.querySelector('b')).toBeNull();
    expect(msg.textContent).toContain('<b>not bold</b>');

    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="claim"]'), 'claim button')).click();
    const composer = await until(() => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'), 'composer');
    composer.value = 'On its way!';
    composer.dispatchEvent(new Event('input'));
    flushSync();
    root.querySelector<HTMLButtonElement>('[data-testid="send"]')?.click();
    await until(() => backend.sent.length === 1, 'reply sent');
    expect(backend.sent[0]).toEqual({ conversationId: 1, text: 'On its way!' });
    const out = await until(() => root.querySelector('[data-direction="outbound"]'), 'outbound bubble');
    expect(out.getAttribute('data-status')).toBe('queued');
  });
});

describe('Sign out', () => {
  it('asks first, refuses to lose unsent replies unless told, and returns to sign-in', async () => {
    const mine: ConversationView = { ...ana, id: 9, assignee: 2, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: { 9: [{ key: 'qx', direction: 'outbound', kind: 'text', text: 'not yet sent', status: 'queued', error: null, timestamp: now, cursor: null, media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }] },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="sign-out"]'), 'Sign out')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="cancel-sign-out"]'), 'the question', 1000)).click();
    await until(() => !root.querySelector('[data-testid="sign-out-dialog"]'), 'cancelled');
    expect(backend.signedOut).toBe(0);

    root.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')?.click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="confirm-sign-out"]'), 'confirm')).click();
    const unsent = await until(() => root.querySelector('[data-testid="unsent"]'), 'the replies that would be lost');
    expect(unsent.textContent).toContain('1 replies have not reached the hub');
    expect(backend.signedOut, 'nothing erased yet').toBe(0);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="confirm-sign-out"]'), 'discard them')).click();
    const notice = await until(() => root.querySelector('[data-testid="sign-in-notice"]'), 'sign-in again');
    expect(notice.textContent).toContain('Signed out');
    expect(backend.signedOut).toBe(1);
  });
});

describe('Always visible state', () => {
  it('says how many replies wait in the outbox and how many were refused', async () => {
    const mine: ConversationView = { ...ana, id: 9, assignee: 2, unread: 0 };
    const q = (key: string, status: 'queued' | 'failed') => ({
      key, direction: 'outbound' as const, kind: 'text', text: key, status, error: null,
      timestamp: now, cursor: null, media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
    });
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: { 9: [q('qa', 'queued'), q('qb', 'queued'), q('qc', 'failed')] },
    });
    const root = start(backend);
    const waiting = await until(() => root.querySelector('[data-testid="outbox-count"]'), 'the outbox count');
    expect(waiting.textContent).toContain('2 waiting to send');
    expect(root.querySelector('[data-testid="failed-count"]')?.textContent).toContain('1 not sent');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('connecting');
    backend.emit({ ok: true, changes: 0, error: null });
    await until(() => root.querySelector('[data-testid="status"]')?.textContent?.includes('synced just now'), 'the time of the last sync');
    backend.emit({ ok: false, changes: 0, error: { code: 'offline', message: 'the hub cannot be reached' } });
    const offline = await until(() => root.querySelector('[data-testid="offline"]'), 'offline said');
    expect(offline.textContent).toContain('the hub cannot be reached');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('last synced just now');
  });
});

describe('A damaged local copy', () => {
  it('says so and rebuilds it from the hub on request, never by itself', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: null }],
    });
    backend.damaged = true;
    const root = start(backend);
    const card = await until(() => root.querySelector('[data-testid="fatal"]'), 'the damaged-store card');
    expect(card.textContent).toContain('cannot be opened');
    expect(backend.rebuilt).toBe(0);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="rebuild"]'), 'the rebuild button')).click();
    await until(() => root.querySelector('[data-testid="conversation-item"]'), 'the inbox after the rebuild');
    expect(backend.rebuilt).toBe(1);
  });
});

describe('Notifications', () => {
  it('tells the shell what is on screen, and a clicked notification opens its conversation', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: null }],
    });
    const root = start(backend);
    await until(() => root.querySelector('[data-testid="conversation-item"]'), 'list');
    backend.clickNotification(ana.id);
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Ana Ferreira', 'the thread opens');
    expect(backend.viewed).toContain(ana.id);
  });
});

describe('First sync', () => {
  it('shows how far a large catch-up has come, and hides it when done', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [],
    });
    const root = start(backend);
    await until(() => root.querySelector('[data-testid="me-name"]'), 'the session');
    backend.progress({ started: 0, applied: 25000, total: 100000 });
    const bar = await until(() => root.querySelector('[data-testid="sync-progress"]'), 'the progress line');
    expect(bar.textContent).toContain('25%');
    backend.progress({ started: 0, applied: 100000, total: 100000 });
    await until(() => !root.querySelector('[data-testid="sync-progress"]'), 'the line gone once caught up');
  });
});

describe('Revocation', () => {
  it('returns to sign-in with the reason when the hub revokes the token', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
    });
    const root = start(backend);
    await until(() => root.querySelector('[data-testid="conversation-item"]'), 'list');
    backend.emit({ ok: false, changes: 0, error: { code: 'signed_out', message: 'the local copy was erased; sign in again' } });
    const notice = await until(() => root.querySelector('[data-testid="sign-in-notice"]'), 'sign-in notice');
    expect(notice.textContent).toContain('sign in again');
    expect(root.querySelector('[data-testid="conversation-item"]')).toBeNull();
  });
});
