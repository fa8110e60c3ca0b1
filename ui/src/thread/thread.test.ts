import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';
import type { ConversationView } from '../lib/types';

afterEach(stop);

describe('Thread', () => {
  it('shows who else is viewing or typing, says its own presence, and asks before sending over a colleague', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const box = await until(() => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'), 'composer');
    await until(() => backend.presenceSaid.some((p) => p.conversationId === 1 && p.state === 'viewing'), 'viewing said', 1000);
    const until_ = Math.floor(Date.now() / 1000) - 3600 + 6;
    backend.presence({
      conversation_id: 1,
      // The hub's clock is an hour behind: its holds still count from now.
      at: Math.floor(Date.now() / 1000) - 3600,
      people: [
        { agent_id: 1, name: 'Ada Admin', state: 'typing', until: until_ },
        { agent_id: 2, name: 'Sam Agent', state: 'viewing', until: until_ },
        { agent_id: 3, name: 'Bo', state: 'viewing', until: until_ },
      ],
    });
    const line = await until(() => root.querySelector('[data-testid="presence"]'), 'the presence line', 1000);
    expect(line.textContent).toBe('Ada Admin is typing… · Bo is viewing');
    box.value = 'On its way';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    await until(() => backend.presenceSaid.some((p) => p.state === 'typing'), 'typing said', 1000);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    const ask = await until(() => root.querySelector('[data-testid="over-typing"]'), 'the question', 1000);
    expect(ask.textContent).toContain('Ada Admin was typing here');
    expect(backend.sent).toEqual([]);
    root.querySelector<HTMLButtonElement>('[data-testid="send-anyway"]')?.click();
    await until(() => backend.sent.length === 1, 'sent anyway', 1000);
    expect(root.querySelector('[data-testid="over-typing"]')).toBeNull();
    // Three seconds without a key: viewing again, not gone from the others' line.
    const typedLast = backend.presenceSaid.map((p) => p.state).lastIndexOf('typing');
    await until(() => backend.presenceSaid.slice(typedLast + 1).some((p) => p.state === 'viewing'), 'viewing again', 5000);
  }, 15_000);

  it('replies to a customer\'s message, quoted, and reacts to it', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
      threads: {
        1: [
          { key: 'm7', direction: 'inbound', kind: 'text', text: 'Is my order on its way?', status: 'read', error: null, timestamp: now - 60, cursor: [now - 60, 7], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null },
          { key: 'm8', direction: 'outbound', kind: 'note', text: 'check the warehouse', status: 'sent', error: null, timestamp: now - 50, cursor: [now - 50, 8], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: 1 },
        ],
      },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const bubble = await until(() => root.querySelector<HTMLElement>('[data-key="m7"]'), 'the message');
    bubble.dispatchEvent(new MouseEvent('mouseenter'));
    flushSync();
    (await until(() => bubble.querySelector<HTMLButtonElement>('[data-testid="quote-reply"]'), 'Reply')).click();
    flushSync();
    const quoting = await until(() => root.querySelector('[data-testid="quoting"]'), 'the quote above the composer');
    expect(quoting.textContent).toContain('Is my order on its way?');
    const box = root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]');
    if (!box) throw new Error('composer');
    box.value = 'Yes, it left today.';
    box.dispatchEvent(new Event('input'));
    flushSync();
    root.querySelector<HTMLButtonElement>('[data-testid="send"]')?.click();
    await until(() => backend.sent.length === 1, 'sent');
    expect(backend.sent[0]).toEqual({ conversationId: 1, text: 'Yes, it left today.', replyTo: 7 });
    await until(() => !root.querySelector('[data-testid="quoting"]'), 'the quote cleared');
    const queued = await until(() => root.querySelector('[data-key^="q"] [data-testid="quote"]'), 'the queued reply shows its quote');
    expect(queued.textContent).toContain('Is my order on its way?');

    const again = await until(() => root.querySelector<HTMLElement>('[data-key="m7"]'), 'the message');
    again.dispatchEvent(new MouseEvent('mouseenter'));
    flushSync();
    (await until(() => again.querySelector<HTMLButtonElement>('[data-testid="react"]'), 'React')).click();
    flushSync();
    const thumbs = await until(() => again.querySelector<HTMLButtonElement>('[data-testid="emoji"]'), 'the emoji');
    expect(thumbs.getAttribute('aria-label')).toBe('React with 👍');
    thumbs.click();
    await until(() => backend.reactions.length === 1, 'reacted');
    expect(backend.reactions[0]).toEqual({ conversationId: 1, messageId: 7, emoji: '👍' });
    // From the keyboard: R quotes the customer's last message.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'R', shiftKey: true, bubbles: true }));
    const byKey = await until(() => root.querySelector('[data-testid="quoting"]'), 'quoted from the keyboard');
    expect(byKey.textContent).toContain('Is my order on its way?');
    // The customer writes again while the agent is quoting: the quote stays,
    // and so does what the header asked once (the presence said once).
    const viewingSaid = backend.presenceSaid.filter((p) => p.state === 'viewing').length;
    backend.threads[1].push({ ...backend.threads[1][0], key: 'm9', text: 'Hello?', timestamp: now - 5, cursor: [now - 5, 9] });
    backend.emit({ ok: true, changes: 1, error: null });
    await until(() => root.querySelector('[data-key="m9"]'), 'the new message');
    expect(root.querySelector('[data-testid="quoting"]')?.textContent, 'the quote outlives a new message').toContain('Is my order on its way?');
    expect(backend.presenceSaid.filter((p) => p.state === 'viewing').length, 'presence is not said again per message').toBe(viewingSaid);
    expect(backend.presenceSaid.some((p) => p.state === 'left'), 'the thread never left').toBe(false);
    const note = root.querySelector<HTMLElement>('[data-key="m8"]');
    note?.dispatchEvent(new MouseEvent('mouseenter'));
    flushSync();
    expect(note?.querySelector('[data-testid="message-actions"]'), 'a note cannot be quoted or reacted to').toBeNull();
  });

  it('offers no marketing template to a customer who opted out, and says so on the contact', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2, last_inbound_at: now - 2 * 86_400, marketing_opt_out: now - 3_600 }],
      templates: [
        { name: 'spring_sale', language: 'en', body: '20 % off this week', category: 'MARKETING' },
        { name: 'order_update', language: 'en', body: 'Your order {{1}} has shipped.', category: 'UTILITY' },
      ],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const select = await until(() => root.querySelector<HTMLSelectElement>('[data-testid="template"]'), 'the template picker');
    await until(() => select.options.length === 2, 'both templates');
    expect(select.options[0].disabled).toBe(true);
    expect(select.options[0].textContent).toContain('the customer opted out');
    expect(select.options[1].disabled).toBe(false);
    await until(() => root.querySelector('[data-testid="template-preview"]')?.textContent?.includes('has shipped'), 'the utility template chosen');
    const toggle = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="toggle-contact"]'), 'Contact');
    if (toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
    const marketing = await until(() => root.querySelector('[data-testid="marketing"]'), 'the contact pane');
    expect(marketing.textContent).toContain('opted out');
  });

  it('labels a conversation and lists it under the label, with its count', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [{ ...ana, assignee: null }],
      labels: [{ id: 1, name: 'VIP', colour: '#c62828' }, { id: 2, name: 'Refund', colour: '#1e88e5' }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="edit-labels"]'), 'Labels')).click();
    const vip = await until(() => root.querySelector<HTMLInputElement>('[data-testid="label-option"][data-label-id="1"]'), 'the VIP box');
    vip.click();
    await until(() => root.querySelector('[data-testid="thread-label"]')?.textContent?.includes('VIP'), 'the label on the conversation');
    const view = await until(() => root.querySelector('[data-view="label"]'), 'a view per label');
    await until(() => view.querySelector('[data-testid="view-count"]')?.textContent === '1', 'its count');
    expect(view.textContent).toContain('VIP');
    expect(root.querySelector('[data-testid="row-label"]')?.textContent).toContain('VIP');
  });

  it('shows viewers a read-only thread', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 3, name: 'Vic', role: 'viewer' },
      conversations: [{ ...ana, assignee: 2 }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    await until(() => root.querySelector('[data-testid="read-only"]'), 'read-only note');
    expect(root.querySelector('[data-testid="composer"]')).toBeNull();
    expect(root.querySelector('[data-testid="availability"]'), 'viewers take no conversations').toBeNull();
  });
});

describe('Thread actions', () => {
  it('marks an own unread conversation read, resolves it, and sends a template when the window is closed', async () => {
    const closed: ConversationView = { ...ana, assignee: 2, unread: 2, last_inbound_at: now - 2 * 86400 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [closed],
      templates: [{ name: 'order_update', language: 'en_US', body: 'Your order {{1}} has shipped.' }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    await until(() => backend.reads.includes(1), 'mark read');

    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="resolve"]'), 'resolve')).click();
    await until(() => root.querySelector('[data-testid="reopen"]'), 'reopen button after resolving');

    expect(root.querySelector('[data-testid="composer"]')).toBeNull();
    const form = await until(() => root.querySelector<HTMLFormElement>('[data-testid="template-form"]'), 'template form');
    const input = form.querySelector('input');
    if (!input) throw new Error('no parameter input');
    input.value = '#4417';
    input.dispatchEvent(new Event('input'));
    flushSync();
    expect(root.querySelector('[data-testid="template-preview"]')?.textContent).toBe('Your order #4417 has shipped.');
    form.querySelector<HTMLButtonElement>('[data-testid="send-template"]')?.click();
    await until(() => backend.sent.length === 1, 'template sent');
    expect(backend.sent[0].text).toBe('Your order #4417 has shipped.');
  });

  it('lets an admin assign to an agent', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
      agents: [
        { id: 1, name: 'Ada', role: 'admin', disabled: false, available: false },
        { id: 2, name: 'Sam Agent', role: 'agent', disabled: false, available: false },
        { id: 3, name: 'Vic', role: 'viewer', disabled: false, available: false },
      ],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const select = await until(
      () => root.querySelector<HTMLSelectElement>('[data-testid="assignee"]')?.options.length === 3 && root.querySelector<HTMLSelectElement>('[data-testid="assignee"]'),
      'assignee options (viewers excluded)',
    );
    select.value = '2';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.conversations_[0].assignee === 2, 'assigned');
  });
});

describe('A long thread', () => {
  it('keeps at most 100 messages in the DOM, reading back and forth', async () => {
    const mine: ConversationView = { ...ana, id: 5, assignee: 2, unread: 0 };
    const thread = Array.from({ length: 1000 }, (_, i) => ({
      key: `m${i + 1}`,
      direction: (i % 3 ? 'inbound' : 'outbound') as 'inbound' | 'outbound',
      kind: 'text',
      text: `message ${i + 1}`,
      status: 'read' as const,
      error: null,
      timestamp: now - 100_000 + i * 60,
      cursor: [now - 100_000 + i * 60, i + 1] as [number, number],
      media_state: null,
      media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
    }));
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: { 5: thread },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const count = () => root.querySelectorAll('[data-testid="message"]').length;
    await until(() => count() === 50, 'the newest page');
    const texts = () => Array.from(root.querySelectorAll('[data-testid="message"] .text')).map((t) => t.textContent);
    const lastText = () => texts()[texts().length - 1];
    expect(lastText()).toBe('message 1000');

    // Older pages come in at the top; past 100 the newest leave.
    for (let i = 0; i < 10; i++) {
      const before = texts()[0];
      (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="load-older"]'), 'load older')).click();
      await until(() => texts()[0] !== before, 'an older page');
      expect(count()).toBeLessThanOrEqual(100);
    }
    expect(texts()[0]).toBe('message 451');
    expect(lastText(), 'the newest left the DOM').toBe('message 550');
    expect(root.querySelector('[data-testid="jump-latest"]')).not.toBeNull();

    // And back down: newer pages come in, the oldest leave, the end is the newest again.
    for (let i = 0; i < 9; i++) {
      const last = lastText();
      (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="load-newer"]'), 'load newer')).click();
      await until(() => lastText() !== last, 'a newer page');
      expect(count()).toBeLessThanOrEqual(100);
    }
    await until(() => lastText() === 'message 1000', 'the newest again');
    expect(root.querySelector('[data-testid="load-newer"]')).toBeNull();

    // Customers keep writing while the reader stays at the bottom: the
    // oldest leave the top, and reading back up finds them again in order.
    for (let n = 1001; n <= 1060; n++) {
      thread.push({ ...thread[thread.length - 1], key: `m${n}`, text: `message ${n}`, timestamp: now - 100_000 + (n - 1) * 60, cursor: [now - 100_000 + (n - 1) * 60, n] });
      backend.emit({ ok: true, changes: 1, error: null });
      await until(() => lastText() === `message ${n}`, `message ${n}`);
      expect(count()).toBeLessThanOrEqual(100);
    }
    expect(texts()[0]).toBe('message 961');
    const top = texts()[0];
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="load-older"]'), 'load older')).click();
    await until(() => texts()[0] !== top, 'the page before the window');
    expect(texts().slice(0, 51)).toEqual(Array.from({ length: 51 }, (_, i) => `message ${911 + i}`));
  }, 30_000);
});

describe('Refused by WhatsApp', () => {
  it("shows Meta's reason and sends the reply again as a new message on Retry", async () => {
    const mine: ConversationView = { ...ana, id: 6, assignee: 2, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: {
        6: [{ key: 'm8', direction: 'outbound', kind: 'text', text: 'We are on it.', status: 'failed', error: '131026 Message undeliverable', timestamp: now, cursor: [now, 8], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }],
      },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const failed = await until(() => root.querySelector('[data-testid="message"][data-status="failed"]'), 'the failed reply');
    expect(failed.textContent).toContain('131026 Message undeliverable');
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="resend"]'), 'Retry')).click();
    await until(() => backend.sent.length === 1, 'sent again');
    expect(backend.sent[0]).toEqual({ conversationId: 6, text: 'We are on it.' });
    await until(() => root.querySelector('[data-testid="message"][data-status="queued"]'), 'the new one queued');
    expect(root.querySelector('[data-testid="message"][data-status="failed"]'), 'the refused one stays').not.toBeNull();
  });
});

describe('Unknown outcome', () => {
  it('explains a reply whose outcome is unknown and offers to write it again', async () => {
    const mine: ConversationView = { ...ana, id: 4, assignee: 2, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: {
        4: [{ key: 'm3', direction: 'outbound', kind: 'text', text: 'Your refund is on its way.', status: 'unknown', error: null, timestamp: now, cursor: [now, 3], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }],
      },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const note = await until(() => root.querySelector('[data-testid="unknown-note"]'), 'the explanation');
    expect(note.textContent).toContain('may or may not have reached the customer');
    expect(root.querySelector('[data-testid="ticks"]')?.getAttribute('title')).toContain('may not have been sent');
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="write-again"]'), 'the choice')).click();
    const box = await until(
      () => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')?.value === 'Your refund is on its way.' && root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'),
      'the text back in the composer',
    );
    expect(document.activeElement).toBe(box);
    expect(backend.sent, 'nothing is sent without the agent').toEqual([]);
  });
});

describe('Links', () => {
  it('opens a web link through the shell, never in the webview', async () => {
    const mine: ConversationView = { ...ana, assignee: 2, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: {
        1: [{ key: 'm1', direction: 'inbound', kind: 'text', text: 'Tracking: https://example.com/t/4417. And javascript:alert(1)', status: 'read', error: null, timestamp: now, cursor: [now, 1], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }],
      },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const links = await until(() => {
      const l = root.querySelectorAll<HTMLAnchorElement>('[data-testid="link"]');
      return l.length > 0 && l;
    }, 'the link');
    expect(links.length, 'javascript: stays text').toBe(1);
    expect(links[0].getAttribute('href')).toBe('https://example.com/t/4417');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    links[0].dispatchEvent(click);
    expect(click.defaultPrevented, 'the webview does not follow it').toBe(true);
    await until(() => backend.opened.length === 1, 'the shell asked to open it');
    expect(backend.opened).toEqual(['https://example.com/t/4417']);
  });
});

describe('Media', () => {
  it('shows a downloaded image on request, as an <img>', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
      threads: {
        1: [{ key: 'm9', direction: 'inbound', kind: 'image', text: 'the broken part', status: 'read', error: null, timestamp: now, cursor: [now, 9], media_state: 'ready', media_mime: 'image/png', media_size: 1200, details: { type: 'media', caption: 'the broken part', filename: null, voice: false, animated: false }, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }],
      },
    });
    backend.images[9] = 'data:image/png;base64,iVBORw0KGgo=';
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="show-image"]'), 'show image')).click();
    const img = await until(() => root.querySelector<HTMLImageElement>('[data-testid="image"]'), 'image');
    expect(img.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(img.getAttribute('alt')).toBe('the broken part');
    // Clicked, the picture is shown whole; Esc closes the viewer, not the conversation.
    root.querySelector<HTMLButtonElement>('[data-testid="open-image"]')?.click();
    const viewer = await until(() => root.querySelector<HTMLElement>('[data-testid="image-viewer"]'), 'viewer');
    expect(viewer.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(viewer.textContent).toContain('the broken part');
    viewer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => root.querySelector('[data-testid="image-viewer"]') === null, 'viewer closed');
    expect(root.querySelector('[data-testid="thread-title"]')).not.toBeNull();
  });
});

describe('Every message kind', () => {
  const base = {
    direction: 'inbound' as const,
    status: 'read' as const,
    error: null,
    media_state: null,
    media_mime: null,
    media_size: null,
    details: null,
    quote: null,
    reactions: [],
    edited: false,
    from_phone: false,
    sent_by: null,
  };
  const at = (n: number) => ({ timestamp: now - 100 + n, cursor: [now - 100 + n, n] as [number, number] });

  it('renders each kind with what an agent needs, and nothing as markup', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
      threads: {
        1: [
          { ...base, ...at(1), key: 'm1', kind: 'text', text: 'Hi! Sending the invoice.', reactions: [{ emoji: '👍', direction: 'inbound' }, { emoji: '🙏', direction: 'outbound' }] },
          { ...base, ...at(2), key: 'm2', kind: 'document', text: '[document] The invoice', media_state: 'ready', media_mime: 'application/pdf', media_size: 48_213, details: { type: 'media', caption: 'The invoice', filename: '<b>invoice-4711</b>.pdf', voice: false, animated: false } },
          { ...base, ...at(3), key: 'm3', kind: 'audio', text: '[audio]', media_state: 'ready', media_mime: 'audio/wav', media_size: 16_044, details: { type: 'media', caption: null, filename: null, voice: true, animated: false } },
          { ...base, ...at(4), key: 'm4', kind: 'location', text: '[location] Pick-up point', details: { type: 'location', latitude: 38.7105, longitude: -9.1376, name: 'Pick-up point', address: 'Rua Augusta 100, Lisboa' } },
          { ...base, ...at(5), key: 'm5', kind: 'contacts', text: '[contact card]', details: { type: 'contacts', cards: [{ name: 'Jonas Weber', phones: ['+49 151 98765432'], emails: ['jonas@example.com'], organization: 'Weber Logistik' }] } },
          { ...base, ...at(6), key: 'm6', kind: 'text', text: 'my neighbour took it in', quote: { key: 'm1', direction: 'inbound', kind: 'text', text: 'Hi! Sending the invoice.' } },
          { ...base, ...at(7), key: 'm7', kind: 'text', text: 'My order number is 4711', edited: true },
          { ...base, ...at(8), key: 'm8', kind: 'deleted', text: null },
          { ...base, ...at(9), key: 'm9', kind: 'unsupported', text: '[unsupported message]', details: { type: 'unsupported', reason: 'Message type is currently not supported.' } },
          { ...base, ...at(10), key: 'm10', kind: 'system', text: 'Customer changed their number' },
          { ...base, ...at(11), key: 'm11', kind: 'sticker', text: '[sticker]', media_state: 'ready', media_mime: 'image/webp', details: { type: 'media', caption: null, filename: null, voice: false, animated: true } },
          { ...base, ...at(12), key: 'm12', kind: 'video', text: '[video]', media_state: 'pending', media_mime: 'video/mp4', details: { type: 'media', caption: 'the noise it makes', filename: null, voice: false, animated: false } },
          { ...base, ...at(13), key: 'm13', kind: 'call', text: 'Missed voice call from the customer' },
          { ...base, ...at(14), key: 'm14', direction: 'outbound', status: 'delivered', kind: 'text', text: 'Sent from the shop phone', from_phone: true },
          { ...base, ...at(15), key: 'm15', kind: 'interactive', text: 'Yes, deliver on Friday' },
          { ...base, ...at(16), key: 'm16', direction: 'outbound', status: 'read', kind: 'interactive', text: 'How did we do today?', automatic: true },
        ],
      },
    });
    backend.images[3] = 'data:audio/wav;base64,UklGRg==';
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const bubble = (key: string) => until(() => root.querySelector<HTMLElement>(`[data-key="${key}"]`), key);

    // A tap on a reply button reads as an answer.
    const answer = (await bubble('m15')).querySelector('[data-testid="answer"]');
    expect(answer?.textContent).toContain('Answered: Yes, deliver on Friday');
    // Our survey with its buttons is a question, not an answer.
    const survey = await bubble('m16');
    expect(survey.querySelector('[data-testid="answer"]')).toBeNull();
    expect(survey.querySelector('[data-testid="with-buttons"]')).not.toBeNull();
    expect(survey.textContent).toContain('sent automatically');

    const reactions = (await bubble('m1')).querySelector('[data-testid="reactions"]');
    expect(reactions?.textContent).toContain('👍');
    expect(reactions?.textContent).toContain('🙏');

    const doc = await bubble('m2');
    expect(doc.querySelector('[data-testid="document"]')?.textContent).toContain('<b>invoice-4711</b>.pdf');
    expect(doc.querySelector('b')).toBeNull();
    expect(doc.textContent).toContain('47 KB');
    expect(doc.textContent).toContain('The invoice');
    expect(doc.querySelector('[data-testid="play"]')).toBeNull();
    // Over the user's download limit: said, and the limit raised on request.
    backend.cap = 40_000;
    backend.sizes[2] = 48_213;
    doc.querySelector<HTMLButtonElement>('[data-testid="save"]')?.click();
    const raise = await until(() => doc.querySelector<HTMLButtonElement>('[data-testid="raise-cap"]'), 'the offer to raise the limit');
    expect(doc.querySelector('[role="alert"]')?.textContent).toContain('over your download limit');
    expect(raise.textContent).toContain('1 MB');
    expect(backend.saved).toEqual([]);
    raise.click();
    const saved = await until(() => doc.querySelector('[data-testid="saved"]'), 'saved');
    expect(backend.cap).toBe(1_000_000);
    expect(doc.querySelector('[data-testid="raise-cap"]')).toBeNull();
    expect(saved.textContent).toContain('/home/agent/Downloads/file-2');
    expect(backend.saved).toEqual([2]);

    const voice = await bubble('m3');
    expect(voice.textContent).toContain('Voice message');
    voice.querySelector<HTMLButtonElement>('[data-testid="play"]')?.click();
    const audio = await until(() => voice.querySelector<HTMLAudioElement>('[data-testid="audio"]'), 'audio player');
    expect(audio.getAttribute('src')).toBe('data:audio/wav;base64,UklGRg==');

    const place = await bubble('m4');
    expect(place.textContent).toContain('Rua Augusta 100, Lisboa');
    place.querySelector<HTMLButtonElement>('[data-testid="open-map"]')?.click();
    await until(() => backend.opened.length > 0, 'map opened');
    expect(backend.opened[0]).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=38\.710500&mlon=-9\.137600/);

    const card = (await bubble('m5')).querySelector('[data-testid="contact-card"]');
    expect(card?.textContent).toContain('Jonas Weber');
    expect(card?.textContent).toContain('+49 151 98765432');
    expect(card?.textContent).toContain('Weber Logistik');

    const quote = (await bubble('m6')).querySelector('[data-testid="quote"]');
    expect(quote?.textContent).toContain('Customer');
    expect(quote?.textContent).toContain('Hi! Sending the invoice.');

    expect((await bubble('m7')).querySelector('[data-testid="edited"]')).not.toBeNull();
    expect((await bubble('m8')).querySelector('[data-testid="deleted"]')?.textContent).toContain('deleted');
    expect((await bubble('m9')).textContent).toContain('Message type is currently not supported.');
    const notice = await bubble('m10');
    expect(notice.classList.contains('notice')).toBe(true);
    expect(notice.textContent).toContain('Customer changed their number');
    expect((await bubble('m11')).querySelector('[data-testid="show-image"]')?.textContent).toContain('sticker');
    const video = await bubble('m12');
    expect(video.textContent).toContain('downloading from WhatsApp');
    expect(video.textContent).toContain('the noise it makes');
    const call = await bubble('m13');
    expect(call.classList.contains('notice')).toBe(true);
    expect(call.querySelector('[data-testid="call"]')?.textContent).toContain('Missed voice call from the customer');
    const echo = await bubble('m14');
    expect(echo.dataset.direction).toBe('outbound');
    expect(echo.querySelector('[data-testid="from-phone"]')?.textContent).toBe('from the phone');
    expect((await bubble('m1')).querySelector('[data-testid="from-phone"]')).toBeNull();
  });

  it('u leaves the open conversation for later: unread again, back to the list', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2, unread: 0 }],
      threads: { 1: [{ ...base, ...at(1), key: 'm1', kind: 'text', text: 'Is it on its way?' }] },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    await until(() => root.querySelector('[data-testid="mark-unread"]'), 'mark unread button');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'u', bubbles: true }));
    await until(() => root.querySelector('[data-testid="thread-title"]') === null, 'thread closed');
    expect(backend.unreadMarks).toEqual([1]);
  });

  it('a viewer has no mark-unread button and u does nothing', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 5, name: 'Vic Viewer', role: 'viewer' },
      conversations: [{ ...ana, assignee: 2, unread: 0 }],
      threads: { 1: [{ ...base, ...at(1), key: 'm1', kind: 'text', text: 'Is it on its way?' }] },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    await until(() => root.querySelector('[data-testid="thread-title"]'), 'thread');
    expect(root.querySelector('[data-testid="mark-unread"]')).toBeNull();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'u', bubbles: true }));
    flushSync();
    expect(root.querySelector('[data-testid="thread-title"]')).not.toBeNull();
    expect(backend.unreadMarks).toEqual([]);
  });
});
