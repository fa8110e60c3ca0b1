import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from './lib/fake';
import { HOSTILE } from './lib/hostile';
import { start, stop, until } from './lib/testing';
import type { ConversationView, ThreadItem } from './lib/types';

const now = Math.floor(Date.now() / 1000);
afterEach(stop);

/** Everything an injected element or attribute would leave in the DOM. */
function injected(root: Element): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    // The app's own composer form and icons.
    const ours = (tag === 'form' && el.classList.contains('composer')) || el.closest('svg.icon') !== null;
    if (!ours && ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'link', 'meta', 'form', 'details', 'body'].includes(tag)) {
      found.push(`<${tag}>`);
    }
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.startsWith('on')) found.push(`${tag}[${attr.name}]`);
      if ((attr.name === 'href' || attr.name === 'src') && !/^(https?:|data:image\/)/i.test(attr.value)) {
        found.push(`${tag}[${attr.name}=${attr.value.slice(0, 30)}]`);
      }
    }
  }
  return found;
}

describe('Hostile input', () => {
  it('is shown as text as message texts, contact names, previews, snippets and search queries', async () => {
    const conversations: ConversationView[] = HOSTILE.map((text, i) => ({
      id: i + 1,
      wa_id: '351912345678',
      contact_name: text,
      assignee: 2,
      status: 'open',
      unread: 0,
      last_inbound_at: now - 60,
      last_message_at: now - i,
      preview: text,
      last_direction: 'inbound',
      last_status: 'read',
      can_reply: false,
      can_claim: false,
      can_assign: false,
      can_resolve: false,
      can_note: false,
      can_transfer: false,
      labels: [],
      inbox: '',
      team_id: null,
    }));
    const thread: ThreadItem[] = HOSTILE.map((text, i) => ({
      key: `m${i + 1}`,
      direction: i % 2 ? 'outbound' : 'inbound',
      kind: 'text',
      text,
      status: 'read',
      error: i % 2 ? text : null,
      timestamp: now - 1000 + i,
      cursor: [now - 1000 + i, i + 1],
      media_state: null,
      media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
    }));
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: '<img src=x onerror=alert(1)>', role: 'agent' },
      conversations,
      threads: { 1: thread },
    });
    const target = start(backend);
    (await until(() => target.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    await until(() => target.querySelectorAll('[data-testid="message"]').length === HOSTILE.length, 'every hostile message');
    const shown = target.querySelector('[data-testid="messages"]')?.textContent ?? '';
    for (const text of HOSTILE.slice(0, 28)) {
      expect(shown, 'each text is shown as it is').toContain(text.replace(/\u0000/g, ''));
    }
    expect(injected(target)).toEqual([]);

    const search = target.querySelector<HTMLInputElement>('[data-testid="search"]');
    if (!search) throw new Error('no search box');
    for (const query of HOSTILE) {
      search.value = query;
      search.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await until(() => target.querySelector('[data-testid="search-results"]'), 'results');
    await until(() => target.querySelector('[data-testid="search-hit"], .empty'), 'an answer');
    expect(injected(target)).toEqual([]);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(window.location.href, 'the page never navigated').toMatch(/^http:\/\/localhost/);
  });
});
