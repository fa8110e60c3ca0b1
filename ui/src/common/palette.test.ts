import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';
import type { ConversationView } from '../lib/types';

afterEach(stop);

const mine = (id: number): ConversationView => ({ ...ana, id, assignee: 2, contact_name: `Customer ${id}`, last_message_at: now - id });

describe('Command palette and macros', () => {
  it('runs a macro that labels, answers and resolves three selected conversations', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine(1), mine(2), mine(3), mine(4)],
      labels: [{ id: 5, name: 'Refund', colour: '#1e88e5' }],
    });
    backend.macros_ = [{ id: 1, name: 'Refund done', steps: [
      { type: 'label', add: [5], remove: [] },
      { type: 'reply', text: 'Your refund is on its way.' },
      { type: 'resolve' },
    ] }];
    const root = start(backend);
    const picks = () => Array.from(root.querySelectorAll<HTMLInputElement>('[data-testid="pick"]'));
    await until(() => picks().length === 4, 'rows');
    picks()[0]?.click();
    picks()[2]?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, shiftKey: true }));
    await until(() => root.querySelector('[data-testid="bulk"]')?.textContent?.includes('3 selected'), 'three picked');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
    const input = await until(() => document.querySelector<HTMLInputElement>('[data-testid="palette-input"]'), 'the palette');
    expect(input.placeholder).toContain('3 conversations');
    input.value = 'refund';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => backend.runs.length === 1, 'run once');
    expect(backend.runs[0]).toEqual({ id: 1, conversations: [1, 2, 3] });
    expect(backend.sent.map((s) => s.conversationId)).toEqual([1, 2, 3]);
    await until(() => root.querySelectorAll('[data-testid="conversation-item"]').length === 1, 'three resolved');
    expect(document.querySelector('[data-testid="palette"]')).toBeNull();
  });

  it('says which steps of a macro run offline wait for the hub', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam Agent', role: 'agent' },
      conversations: [mine(1)],
    });
    backend.macros_ = [{ id: 1, name: 'Refund done', steps: [{ type: 'reply', text: 'On its way.' }, { type: 'resolve' }] }];
    backend.hubAway = true;
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'the row')).click();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
    const input = await until(() => document.querySelector<HTMLInputElement>('[data-testid="palette-input"]'), 'the palette');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const note = await until(() => root.querySelector('[data-testid="note"]'), 'what the run says');
    expect(note.textContent).toBe('“Refund done” ran on 1; 1 step waits for the hub and goes when it answers');
  });

  it('lets an admin compose a macro step by step', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-macros"]'), 'the tab')).click();
    const form = await until(() => root.querySelector<HTMLFormElement>('[data-testid="macro-form"]'), 'the form');
    const name = form.querySelector<HTMLInputElement>('[data-testid="macro-name"]');
    if (!name) throw new Error('no name');
    name.value = 'Closing';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    const add = form.querySelector<HTMLSelectElement>('[data-testid="macro-add-step"]');
    if (!add) throw new Error('no step menu');
    for (const type of ['note', 'resolve']) {
      add.value = type;
      add.dispatchEvent(new Event('change', { bubbles: true }));
    }
    const text = await until(() => form.querySelector<HTMLTextAreaElement>('[data-testid="macro-text"]'), 'the note box');
    text.value = 'Closed by {{agent.name}}';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    (await until(() => form.querySelector<HTMLButtonElement>('[data-testid="macro-save"]:not([disabled])'), 'Add')).click();
    await until(() => backend.macros_.length === 1, 'saved');
    expect(backend.macros_[0]).toEqual({ id: 1, name: 'Closing', steps: [{ type: 'note', text: 'Closed by {{agent.name}}' }, { type: 'resolve' }] });
  });
});
