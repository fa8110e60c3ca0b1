import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { FakeBackend } from './lib/fake';
import { start, stop, until } from './lib/testing';
import type { ConversationView } from './lib/types';

const now = Math.floor(Date.now() / 1000);
const ana: ConversationView = {
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
  labels: [],
};

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

  it('keeps a note for the team in the queue, shown apart from the conversation with its author', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: null }],
      team: [{ id: 1, name: 'Ada Admin' }, { id: 2, name: 'Sam Agent' }],
      threads: {
        1: [
          { key: 'm1', direction: 'inbound', kind: 'text', text: 'Is my order on its way?', status: 'read', error: null, timestamp: now - 60, cursor: [now - 60, 1], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null },
          { key: 'm2', direction: 'outbound', kind: 'note', text: '@Sam she ordered twice, check both', status: 'sent', error: null, timestamp: now - 30, cursor: [now - 30, 2], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: 1 },
        ],
      },
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const note = await until(() => root.querySelector<HTMLElement>('[data-key="m2"]'), 'the note');
    expect(note.classList.contains('team-note')).toBe(true);
    expect(note.querySelector('[data-testid="note-head"]')?.textContent).toContain('Note by Ada Admin');
    expect(note.querySelector('.ticks')).toBeNull();
    // Not claimed yet: no reply box, but a note can be left for whoever takes it.
    expect(root.querySelector('[data-testid="composer"]')).toBeNull();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="mode-note"]'), 'the Note switch')).click();
    const box = await until(() => root.querySelector<HTMLTextAreaElement>('[data-testid="note-box"]'), 'the note box');
    expect(box.disabled).toBe(false);
    // `@` and the start of a name offers colleagues (not oneself).
    box.value = 'Called her. @a';
    box.dispatchEvent(new Event('input'));
    flushSync();
    await until(() => root.querySelectorAll('[data-testid="mention-option"]').length === 1, 'Ada offered');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    flushSync();
    expect(box.value).toBe('Called her. @Ada Admin ');
    box.value = 'Called her, she wants a refund';
    box.dispatchEvent(new Event('input'));
    flushSync();
    root.querySelector<HTMLButtonElement>('[data-testid="add-note"]')?.click();
    await until(() => backend.notes.length === 1, 'note kept');
    expect(backend.notes[0]).toEqual({ conversationId: 1, text: 'Called her, she wants a refund' });
    expect(backend.sent).toEqual([]);
    const mine = await until(() => root.querySelector<HTMLElement>('[data-kind="note"][data-key^="q"]'), 'my queued note');
    expect(mine.querySelector('[data-testid="note-head"]')?.textContent).toContain('Note by you');
  });

  it('inserts a canned reply with / and fills in the contact and the agent', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
      canned: [
        { id: 1, name: 'Order shipped', shortcut: 'shipped', text: 'Hi {{contact.name}}, your order left today. {{agent.name}}' },
        { id: 2, name: 'Refund started', shortcut: 'refund', text: 'Your refund is on its way, {{contact.name}}.' },
      ],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const box = await until(() => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'), 'composer');
    const type = (text: string) => {
      box.value = text;
      box.dispatchEvent(new Event('input'));
      flushSync();
    };
    const key = (k: string) => {
      box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      flushSync();
    };
    type('/');
    await until(() => root.querySelectorAll('[data-testid="canned-option"]').length === 2, 'both canned replies');
    type('/re');
    await until(() => root.querySelectorAll('[data-testid="canned-option"]').length === 1, 'only /refund');
    key('Escape');
    expect(root.querySelector('[data-testid="canned-list"]')).toBeNull();
    type('/sh');
    await until(() => root.querySelectorAll('[data-testid="canned-option"]').length === 1, 'only /shipped');
    key('Enter');
    expect(box.value).toBe('Hi Ana Ferreira, your order left today. Sam Agent');
    expect(backend.sent).toEqual([]);
    expect(root.querySelector('[data-testid="canned-list"]')).toBeNull();
  });

  it('attaches files by the button, a drop and a paste, says what is refused, and sends them with the caption', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
    });
    backend.nextPick = { token: 'p1', name: 'Invoice A-1009.pdf', mime_type: 'application/pdf', kind: 'document', size: 2_500_000 };
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const box = await until(() => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'), 'composer');
    const send = root.querySelector<HTMLButtonElement>('[data-testid="send"]');
    expect(send?.disabled).toBe(true);
    root.querySelector<HTMLButtonElement>('[data-testid="attach"]')?.click();
    await until(() => root.querySelectorAll('[data-testid="staged-file"]').length === 1, 'the chosen file');
    expect(root.querySelector('[data-testid="staged-file"]')?.textContent).toContain('Invoice A-1009.pdf');
    expect(root.querySelector('[data-testid="staged-file"]')?.textContent).toContain('2.4 MB');
    expect(send?.disabled, 'a file alone can be sent').toBe(false);
    backend.drop([
      { file: { token: 'd1', name: 'part.png', mime_type: 'image/png', kind: 'image', size: 300_000 }, error: null },
      { file: null, error: { code: 'attachment', message: 'WhatsApp does not take files of type "application/x-msdownload"' } },
    ]);
    await until(() => root.querySelectorAll('[data-testid="staged-file"]').length === 2, 'the dropped picture');
    await until(() => root.querySelector('[role="alert"]')?.textContent?.includes('does not take'), 'the refusal said');
    // jsdom has no DataTransfer: the event carries the file list as WebKit's would.
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', {
      value: { files: [{ name: 'tool.exe', type: 'application/x-msdownload', arrayBuffer: async () => new ArrayBuffer(8) }] },
    });
    box.dispatchEvent(paste);
    await until(() => root.querySelector('[role="alert"]')?.textContent?.includes('x-msdownload'), 'the pasted file refused');
    expect(root.querySelectorAll('[data-testid="staged-file"]').length).toBe(2);
    (root.querySelectorAll<HTMLButtonElement>('[data-testid="unstage"]')[1]).click();
    await until(() => root.querySelectorAll('[data-testid="staged-file"]').length === 1, 'the picture removed');
    expect(backend.staged.has('d1')).toBe(false);
    box.value = 'Your invoice';
    box.dispatchEvent(new Event('input'));
    flushSync();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await until(() => backend.sentFiles.length === 1, 'sent');
    expect(backend.sentFiles[0]).toMatchObject({ conversationId: 1, caption: 'Your invoice' });
    expect(backend.sentFiles[0].files.map((f) => f.name)).toEqual(['Invoice A-1009.pdf']);
    await until(() => root.querySelectorAll('[data-testid="staged-file"]').length === 0, 'the composer empty');
    expect(box.value).toBe('');
  });

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
  });

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
    const note = root.querySelector<HTMLElement>('[data-key="m8"]');
    note?.dispatchEvent(new MouseEvent('mouseenter'));
    flushSync();
    expect(note?.querySelector('[data-testid="message-actions"]'), 'a note cannot be quoted or reacted to').toBeNull();
  });

  it('says whether the agent takes new conversations, and switches', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana }],
    });
    const root = start(backend);
    const toggle = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="availability"]'), 'the availability switch');
    // The state and the action apart (issue 25.7: "Away" read as either).
    expect(toggle.textContent?.trim()).toBe('Away · set available');
    toggle.click();
    await until(() => backend.available, 'available at the hub');
    await until(
      () => toggle.textContent?.trim() === 'Available · set away' && toggle.getAttribute('aria-pressed') === 'true',
      'shown available',
    );
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
    select.dispatchEvent(new Event('change'));
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
  });
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

describe('Team (admins)', () => {
  it('adds an agent and shows its token once, issues and revokes tokens, disables, and pages the audit log', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
      agents: [
        { id: 1, name: 'Ada', role: 'admin', disabled: false, available: false },
        { id: 2, name: 'Sam Agent', role: 'agent', disabled: false, available: false },
      ],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    await until(() => root.querySelectorAll('[data-testid="agent-row"]').length === 2, 'the agents');

    const nameBox = root.querySelector<HTMLInputElement>('[data-testid="agent-name"]');
    if (!nameBox) throw new Error('no name box');
    nameBox.value = 'Rui Novo';
    nameBox.dispatchEvent(new Event('input', { bubbles: true }));
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="add-agent-submit"]:not([disabled])'), 'Add agent')).click();
    const token = await until(() => root.querySelector('[data-testid="issued-token"]'), 'the token, once');
    expect(token.textContent).toMatch(/^sbt_fake_3_/);
    await until(() => root.querySelectorAll('[data-testid="agent-row"]').length === 3, 'the new agent listed');
    root.querySelector<HTMLButtonElement>('[data-testid="done-token"]')?.click();
    await until(() => !root.querySelector('[data-testid="issued-token"]'), 'the token gone from the screen');

    const sam = () => root.querySelector('[data-testid="agent-row"][data-agent-id="2"]');
    sam()?.querySelector<HTMLButtonElement>('[data-testid="issue-token"]')?.click();
    await until(() => root.querySelector('[data-testid="issued-token"]')?.textContent?.startsWith('sbt_fake_2_'), 'a new token for Sam');
    sam()?.querySelector<HTMLButtonElement>('[data-testid="revoke-tokens"]')?.click();
    sam()?.querySelector<HTMLButtonElement>('[data-testid="toggle-disabled"]')?.click();
    await until(() => sam()?.textContent?.includes('disabled'), 'Sam disabled');
    expect(root.querySelector('[data-testid="agent-row"][data-agent-id="1"] [data-testid="toggle-disabled"]'), 'an admin does not disable themself here').toBeNull();

    root.querySelector<HTMLButtonElement>('[data-testid="tab-audit"]')?.click();
    await until(() => root.querySelectorAll('[data-testid="audit-entry"]').length === 4, 'the audit log');
    const actions = Array.from(root.querySelectorAll('[data-testid="audit-entry"] strong')).map((e) => e.textContent);
    expect(actions).toEqual(['agent_add', 'token_issue', 'token_revoke_all', 'agent_disable']);

    root.querySelector<HTMLButtonElement>('[data-testid="tab-alerts"]')?.click();
    await until(() => root.querySelector('[data-testid="alerts"]'), 'the alerts');
    expect(root.querySelector('[data-testid="alerts"]')?.textContent).toContain('WhatsApp has sent no alerts');

    root.querySelector<HTMLButtonElement>('[data-testid="close-team"]')?.click();
    await until(() => !root.querySelector('[data-testid="team"]'), 'back to the inbox');
  });

  it('adds, edits and removes canned replies', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-canned"]'), 'the canned tab')).click();
    const fill = (testid: string, value: string) => {
      const e = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testid}"]`);
      if (!e) throw new Error(testid);
      e.value = value;
      e.dispatchEvent(new Event('input', { bubbles: true }));
    };
    await until(() => root.querySelector('[data-testid="canned-form"]'), 'the form');
    fill('canned-name', 'Order shipped');
    fill('canned-shortcut', 'shipped');
    fill('canned-text', 'Hi {{contact.name}}, it left today.');
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="save-canned"]:not([disabled])'), 'Add')).click();
    await until(() => root.querySelectorAll('[data-testid="canned-row"]').length === 1, 'listed');
    root.querySelector<HTMLButtonElement>('[data-testid="edit-canned"]')?.click();
    flushSync();
    fill('canned-text', 'It left today.');
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="save-canned"]:not([disabled])'), 'Save')).click();
    await until(() => root.querySelector('[data-testid="canned-row"]')?.textContent?.includes('It left today.'), 'edited');
    expect(backend.canned_.length).toBe(1);
    root.querySelector<HTMLButtonElement>('[data-testid="delete-canned"]')?.click();
    await until(() => root.querySelectorAll('[data-testid="canned-row"]').length === 0, 'removed');
  });

  /** An admin's app on the Team screen's reports, showing `report`. */
  async function openReports(report: FakeBackend['report_']) {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
    });
    backend.report_ = report;
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-reports"]'), 'the reports tab')).click();
    return { backend, root };
  }

  it('shows how the team did, per agent and per day, and exports it', async () => {
    const { backend, root } = await openReports({
      from: 0,
      to: 1,
      agents: [{ agent_id: 2, name: '<b>Sam</b>', replies: 41, first_responses: 12, first_response_median_secs: 95, resolved: 10, resolution_median_secs: 5_400 }],
      days: [
        { day: 1_764_547_200, new_conversations: 14, inbound: 60, replies: 41, resolved: 10 },
        { day: 1_764_633_600, new_conversations: 3, inbound: 12, replies: 9, resolved: 2 },
      ],
    });
    const row = await until(() => root.querySelector('[data-testid="report-agent"]'), 'the agent row');
    expect(row.textContent).toContain('<b>Sam</b>');
    expect(row.textContent).toContain('1 min 35 s');
    expect(row.textContent).toContain('1 h 30 min');
    // Issue 25.6: the chart has its days, its scale, a legend in words,
    // values on keyboard focus, and a table of the same figures.
    const chart = root.querySelector('[data-testid="report-chart"]');
    expect(chart?.querySelectorAll('[data-testid="report-bar"]').length).toBe(4);
    expect(chart?.querySelector('[data-testid="chart-scale"]')?.textContent).toContain('60');
    expect(chart?.textContent).toContain('1 Dec');
    expect(chart?.querySelector('[data-testid="chart-legend"]')?.textContent).toContain('Replies');
    const day = chart?.querySelector<HTMLButtonElement>('[data-testid="chart-day"]');
    expect(day?.getAttribute('aria-label')).toBe('1 Dec: 60 from customers, 41 replies');
    day?.focus();
    const tip = await until(() => root.querySelector('[data-testid="chart-tip"]'), 'the values on focus');
    expect(tip.textContent).toBe('1 Dec: 60 from customers, 41 replies');
    root.querySelector<HTMLButtonElement>('[data-testid="chart-as-table"]')?.click();
    const rows = await until(() => {
      const r = root.querySelectorAll('[data-testid="chart-row"]');
      return r.length === 2 ? r : null;
    }, 'the table view');
    expect(rows[1].textContent).toContain('2 Dec');
    expect(rows[1].textContent).toContain('12');
    root.querySelector<HTMLButtonElement>('[data-testid="export-report"]')?.click();
    const saved = await until(() => root.querySelector('[data-testid="report-saved"]'), 'saved');
    expect(saved.textContent).toContain('switchboard-report-');
    expect(backend.savedReports.length).toBe(1);
  });

  // Issue 25.5: the attach button was an emoji (an empty box without a
  // colour emoji font); it is an icon that ships with the app.
  it('draws the attach button with its own icon, not an emoji', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2, can_reply: true }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'the list')).click();
    const attach = await until(() => root.querySelector('[data-testid="attach"]'), 'the attach button');
    expect(attach.querySelector('svg')).not.toBeNull();
    expect(attach.textContent?.trim()).toBe('');
    expect(attach.getAttribute('aria-label')).toBe('Attach a file');
  });

  // A quiet period (one message on the busiest day) still draws its chart
  // (its scale once had two ticks of 1, and the chart failed to render).
  it('draws the chart of a quiet period', async () => {
    const { root } = await openReports({
      from: 0,
      to: 1,
      agents: [],
      days: [
        { day: 1_764_547_200, new_conversations: 1, inbound: 1, replies: 0, resolved: 0 },
        { day: 1_764_633_600, new_conversations: 0, inbound: 0, replies: 1, resolved: 0 },
      ],
    });
    const chart = await until(() => root.querySelector('[data-testid="report-chart"]'), 'the chart');
    expect(chart.querySelectorAll('[data-testid="report-bar"]').length).toBe(4);
    expect(chart.querySelector('[data-testid="chart-scale"]')?.textContent).toBe('10');
  });

  it('lists what WhatsApp said about the account and templates, newest first', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
      alerts: [
        { id: 9, received_at: now - 60, field: 'message_template_quality_update', summary: 'template “order_update” (en_US): quality GREEN → YELLOW', detail: {} },
        { id: 4, received_at: now - 3600, field: 'account_update', summary: 'ACCOUNT_RESTRICTION: <b>RESTRICTED</b>', detail: {} },
      ],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-alerts"]'), 'the alerts tab')).click();
    await until(() => root.querySelectorAll('[data-testid="alert"]').length === 2, 'two alerts');
    const lines = Array.from(root.querySelectorAll('[data-testid="alert"] strong')).map((e) => e.textContent);
    expect(lines).toEqual(['template “order_update” (en_US): quality GREEN → YELLOW', 'ACCOUNT_RESTRICTION: <b>RESTRICTED</b>']);
    expect(root.querySelector('[data-testid="alerts"] b')).toBeNull();
  });

  it('is not offered to agents', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
    });
    const root = start(backend);
    await until(() => root.querySelector('[data-testid="conversation-item"]'), 'list');
    expect(root.querySelector('[data-testid="open-team"]')).toBeNull();
    await expect(backend.createAgent('x', 'agent')).rejects.toMatchObject({ code: 'forbidden' });
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

describe('Bulk actions', () => {
  it('lets an admin pick several conversations and assign or resolve them together', async () => {
    const three = [1, 2, 3].map((id) => ({ ...ana, id, assignee: null, status: 'open' as const, contact_name: `Customer ${id}`, last_message_at: now - id }));
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: three,
      agents: [
        { id: 1, name: 'Ada', role: 'admin', disabled: false, available: false },
        { id: 2, name: 'Sam Agent', role: 'agent', disabled: false, available: false },
      ],
    });
    const root = start(backend);
    const picks = await until(() => {
      const p = root.querySelectorAll<HTMLInputElement>('[data-testid="pick"]');
      return p.length === 3 && p;
    }, 'a checkbox per conversation for an admin');
    picks[0].click();
    picks[1].click();
    const bulk = await until(() => root.querySelector('[data-testid="bulk"]'), 'the bulk bar');
    expect(bulk.textContent).toContain('2 selected');
    const assign = await until(
      () => root.querySelector<HTMLSelectElement>('[data-testid="bulk-assign"]')?.options.length === 4 && root.querySelector<HTMLSelectElement>('[data-testid="bulk-assign"]'),
      'agents with their open counts',
    );
    expect(assign.textContent).toContain('Sam Agent (0 open)');
    assign.value = '2';
    assign.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.conversations_.filter((c) => c.assignee === 2).length === 2, 'both assigned');
    expect(backend.conversations_.find((c) => c.id === 3)?.assignee, 'the third untouched').toBeNull();
    await until(() => !root.querySelector('[data-testid="bulk"]'), 'the selection cleared');

    // The two left the queue; the third is still there.
    const again = await until(() => {
      const p = root.querySelectorAll<HTMLInputElement>('[data-testid="pick"]');
      return p.length === 1 && p;
    }, 'the one left in the queue');
    again[0].click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="bulk-resolve"]'), 'resolve')).click();
    await until(() => backend.conversations_.find((c) => c.id === 3)?.status === 'resolved', 'resolved');
  });

  it('shows no checkboxes to an agent', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
    });
    const root = start(backend);
    await until(() => root.querySelector('[data-testid="conversation-item"]'), 'list');
    expect(root.querySelector('[data-testid="pick"]')).toBeNull();
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

describe('Outbox and drafts', () => {
  it('retries a failed reply, discards a queued one, and keeps a draft per conversation', async () => {
    const mine: ConversationView = { ...ana, id: 9, assignee: 2, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine],
      threads: {
        9: [
          { key: 'qfailed-1', direction: 'outbound', kind: 'text', text: 'refused once', status: 'failed', error: '131026 Message undeliverable', timestamp: now - 30, cursor: null, media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null },
          { key: 'qqueued-1', direction: 'outbound', kind: 'text', text: 'still waiting', status: 'queued', error: null, timestamp: now - 20, cursor: null, media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null },
        ],
      },
    });
    backend.drafts[9] = 'half-written answer';
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const composer = await until(
      () => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')?.value === 'half-written answer' && root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'),
      'the kept draft in the composer',
    );
    expect(composer.value).toBe('half-written answer');

    (await until(() => root.querySelector<HTMLButtonElement>('[data-status="failed"] [data-testid="retry"]'), 'Retry on the failed reply')).click();
    await until(() => !root.querySelector('[data-status="failed"]'), 'the reply queued again');
    const discard = await until(
      () => root.querySelector<HTMLButtonElement>('[data-testid="message"]:last-child [data-testid="discard"]'),
      'Discard on a queued reply',
    );
    discard.click();
    await until(() => root.querySelectorAll('[data-testid="message"]').length === 1, 'one reply discarded');

    composer.value = 'a new thought';
    composer.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => backend.drafts[9] === 'a new thought', 'the draft kept as it is typed');
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

describe('Views', () => {
  it('shows each view with its count, opens the first that holds anything, and draws only the rows in view', async () => {
    const queue: ConversationView[] = Array.from({ length: 60 }, (_, i) => ({
      ...ana,
      assignee: null,
      unread: 0,
      id: 100 + i,
      contact_name: `Customer ${i}`,
      last_message_at: now - 1000 + i,
    }));
    const mine: ConversationView = { ...ana, id: 7, contact_name: 'Mine Only', assignee: 2 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [...queue, mine],
    });
    const root = start(backend);
    const names = () =>
      Array.from(root.querySelectorAll('[data-testid="view"]')).map((v) => v.textContent?.replace(/\s+/g, ' ').trim());
    await until(() => names().length === 3, 'the three views of an agent');
    expect(names()).toEqual(['Mine 1', 'Unassigned 60', 'Resolved 0']);
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 1, 'Mine is open');
    expect(root.querySelector('[data-testid="conversation-item"]')?.textContent).toContain('Mine Only');

    root.querySelector<HTMLButtonElement>('[data-view="unassigned"]')?.click();
    const list = await until(
      () => root.querySelector<HTMLElement>('[data-testid="conversation-list"][data-rows="50"]'),
      'a first page of 50',
    );
    const drawn = () => Array.from(root.querySelectorAll('[data-testid="conversation-item"]'));
    expect(drawn()[0]?.textContent).toContain('Customer 59');
    expect(drawn().length, 'only the rows in view (and a few more) are in the DOM').toBeLessThan(30);

    // Scrolling to the end draws the last rows and loads the next page.
    list.scrollTop = 50 * 68;
    list.dispatchEvent(new Event('scroll'));
    await until(() => list.getAttribute('data-rows') === '60', 'the next page as the end comes into view');
    await until(() => drawn().some((r) => r.textContent?.includes('Customer 0')), 'the oldest row drawn');
    expect(drawn().length).toBeLessThan(30);
    expect(root.querySelector('[data-testid="load-more"]')).toBeNull();
  });
});

describe('Keyboard', () => {
  it('triages without a mouse: search, open the hit at its message, move, claim, and the list of shortcuts', async () => {
    const bruno: ConversationView = { ...ana, id: 2, contact_name: 'Bruno Costa', last_message_at: now - 120, unread: 0 };
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana, bruno],
      threads: {
        1: Array.from({ length: 40 }, (_, i) => ({
          key: `m${i + 1}`,
          direction: 'inbound' as const,
          kind: 'text',
          text: i === 3 ? 'the parcel never came' : `message ${i + 1}`,
          status: 'read' as const,
          error: null,
          timestamp: now - 4000 + i,
          cursor: [now - 4000 + i, i + 1] as [number, number],
          media_state: null,
          media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
        })),
      },
    });
    const root = start(backend);
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 2, 'list');
    const key = (k: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

    key('?');
    await until(() => root.querySelector('[data-testid="shortcuts"]'), 'the shortcuts');
    key('Escape');
    await until(() => !root.querySelector('[data-testid="shortcuts"]'), 'the shortcuts closed');

    key('j');
    key('Enter');
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Bruno Costa', 'j then Enter opens the second');
    key('k');
    key('Enter');
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Ana Ferreira', 'k then Enter opens the first');
    key('c');
    await until(() => root.querySelector('[data-testid="composer"]'), 'c claims: the composer appears');

    key('/');
    const input = root.querySelector<HTMLInputElement>('[data-testid="search"]');
    expect(document.activeElement).toBe(input);
    if (!input) throw new Error('no search box');
    input.value = 'parcel';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => root.querySelector('[data-testid="search-hit"]'), 'a hit');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => root.querySelector('[data-testid="jump-latest"]'), 'the messages around the hit, newer ones after them');
    const target = await until(() => root.querySelector('[data-testid="message"][data-target="true"]'), 'the hit, highlighted in its thread');
    expect(target.textContent).toContain('the parcel never came');
    expect(root.querySelectorAll('[data-testid="message"]').length, 'a window, not the whole thread').toBeLessThan(40);
  });
});

describe('Search', () => {
  it('finds a message and opens its conversation', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [ana],
      threads: {
        1: [{ key: 'm7', direction: 'inbound', kind: 'text', text: 'Where is parcel 4417?', status: 'read', error: null, timestamp: now, cursor: [now, 7], media_state: null, media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null }],
      },
    });
    const root = start(backend);
    const input = await until(() => root.querySelector<HTMLInputElement>('[data-testid="search"]'), 'search box');
    input.value = 'parcel';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const hit = await until(() => root.querySelector<HTMLButtonElement>('[data-testid="search-hit"]'), 'a hit');
    expect(hit.textContent).toContain('Where is parcel 4417?');
    hit.click();
    await until(() => root.querySelector('[data-testid="thread-title"]')?.textContent === 'Ana Ferreira', 'the thread opens');
    expect(input.value).toBe('');
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
        ],
      },
    });
    backend.images[3] = 'data:audio/wav;base64,UklGRg==';
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const bubble = (key: string) => until(() => root.querySelector<HTMLElement>(`[data-key="${key}"]`), key);

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
