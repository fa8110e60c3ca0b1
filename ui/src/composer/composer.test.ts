import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';
import type { ConversationView } from '../lib/types';

afterEach(stop);

describe('Composer', () => {
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

  it('asks with reply buttons or a list, says what WhatsApp would refuse, and shows the choices in the thread', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [{ ...ana, assignee: 2 }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const box = await until(() => root.querySelector<HTMLTextAreaElement>('[data-testid="composer"]'), 'composer');
    const send = () => root.querySelector<HTMLButtonElement>('[data-testid="send"]');
    const input = (el: HTMLInputElement | HTMLTextAreaElement, text: string) => {
      el.value = text;
      el.dispatchEvent(new Event('input'));
      flushSync();
    };
    const problem = () => root.querySelector('[data-testid="choices-problem"]')?.textContent ?? '';
    const toggle = root.querySelector<HTMLButtonElement>('[data-testid="add-choices"]');
    expect(toggle?.getAttribute('aria-pressed')).toBe('false');
    toggle?.click();
    flushSync();
    expect(toggle?.getAttribute('aria-pressed')).toBe('true');
    // No attachment with choices.
    expect(root.querySelector<HTMLButtonElement>('[data-testid="attach"]')?.disabled).toBe(true);
    const options = () => [...root.querySelectorAll<HTMLInputElement>('[data-testid="choice-input"]')];
    expect(options().length).toBe(2);
    input(box, 'Shall we ship it today?');
    expect(send()?.disabled).toBe(true);
    expect(problem()).toContain('Button 1');
    input(options()[0], 'Yes');
    input(options()[1], 'yes ');
    expect(problem()).toContain('twice');
    input(options()[1], 'Not yet, thanks a lot');
    expect(problem()).toContain('Button 2: 1 to 20 characters');
    input(options()[1], 'Not yet');
    root.querySelector<HTMLButtonElement>('[data-testid="add-choice"]')?.click();
    flushSync();
    input(options()[2], 'Call me');
    expect(root.querySelector<HTMLButtonElement>('[data-testid="add-choice"]')?.disabled).toBe(true);
    expect(send()?.disabled).toBe(false);
    send()?.click();
    await until(() => backend.asked.length === 1, 'asked');
    expect(backend.asked[0]).toEqual({
      conversationId: 1,
      text: 'Shall we ship it today?',
      choices: { options: ['Yes', 'Not yet', 'Call me'] },
    });
    await until(() => root.querySelector('[data-testid="choices-editor"]') === null, 'the editor closed');
    const asked = await until(() => root.querySelector<HTMLElement>('[data-kind="interactive"][data-key^="q"]'), 'the question in the thread');
    expect([...asked.querySelectorAll('[data-testid="offered-choice"]')].map((o) => o.textContent)).toEqual(['Yes', 'Not yet', 'Call me']);

    // A list: more rows, and a label for its button.
    root.querySelector<HTMLButtonElement>('[data-testid="add-choices"]')?.click();
    flushSync();
    root.querySelector<HTMLInputElement>('[data-testid="as-list"]')?.click();
    flushSync();
    input(box, 'Which store suits you?');
    const label = root.querySelector<HTMLInputElement>('[data-testid="choices-label"]');
    if (!label) throw new Error('the list label');
    input(label, '');
    expect(problem()).toContain('button label');
    input(label, 'Stores');
    for (const [i, name] of ['Centro', 'Norte', 'Sul', 'Leste'].entries()) {
      if (i >= 2) {
        root.querySelector<HTMLButtonElement>('[data-testid="add-choice"]')?.click();
        flushSync();
      }
      input(options()[i], name);
    }
    send()?.click();
    await until(() => backend.asked.length === 2, 'asked with a list');
    expect(backend.asked[1].choices).toEqual({ list: 'Stores', options: ['Centro', 'Norte', 'Sul', 'Leste'] });
    const listed = await until(
      () => [...root.querySelectorAll<HTMLElement>('[data-kind="interactive"]')].find((m) => m.textContent?.includes('Stores')),
      'the list in the thread',
    );
    expect(listed.querySelector('[data-testid="with-buttons"]')?.textContent).toContain('with a list behind “Stores”');
    expect(backend.sent.map((s) => s.text)).toEqual(['Shall we ship it today?', 'Which store suits you?']);
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
