import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';
import type { Inbox } from '../lib/types';

afterEach(stop);

const teams = [
  { id: 1, name: 'Sales', members: [{ agent_id: 2, lead: false }] },
  { id: 2, name: 'Support', members: [] },
];
const inboxes = [
  { id: '1000000000001', name: 'Vendas', team_id: 1 },
  { id: '1000000000002', name: 'Suporte', team_id: 2 },
];

/** Ada (an admin) on the Team screen with the hours of the first inbox
 * (`first` merged into it) open: the backend, the inbox's row and the form. */
async function hoursEditor(first: Partial<Inbox> = {}) {
  const backend = new FakeBackend({
    session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
    conversations: [{ ...ana, inbox: '1000000000001', team_id: 1 }],
    teams,
    inboxes: inboxes.map((i) => (i.id === '1000000000001' ? { ...i, ...first } : { ...i })),
  });
  const root = start(backend);
  (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
  (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-teams"]'), 'the Teams tab')).click();
  const row = await until(() => root.querySelector('[data-testid="inbox-row"][data-inbox-id="1000000000001"]'), 'the inbox row');
  const summary = row.querySelector('[data-testid="inbox-hours-summary"]')?.textContent;
  row.querySelector<HTMLButtonElement>('[data-testid="edit-hours"]')?.click();
  const form = await until(() => root.querySelector<HTMLFormElement>('[data-testid="hours-editor"]'), 'the editor');
  return { backend, row, summary, form };
}

describe('Teams and inboxes', () => {
  it('names the inbox on rows, in the header and the composer, shows team views, and moves a conversation to another team with a note', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam', role: 'agent' },
      conversations: [{ ...ana, assignee: 2, inbox: '1000000000001', team_id: 1 }],
      teams,
      inboxes,
    });
    const root = start(backend);
    const chip = await until(() => root.querySelector('[data-testid="row-inbox"]'), 'the inbox on the row');
    expect(chip.textContent).toBe('Vendas');
    const names = Array.from(root.querySelectorAll('[data-testid="view"]')).map((v) => v.textContent ?? '');
    expect(names.some((n) => n.includes('Sales: queue')), names.join('|')).toBe(true);
    expect(names.some((n) => n.includes('Support')), 'only the teams Sam is in').toBe(false);

    root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]')?.click();
    await until(() => root.querySelector('[data-testid="thread-inbox"]')?.textContent === 'Vendas', 'the inbox in the header');
    expect(root.querySelector('[data-testid="thread-team"]')?.textContent).toContain('Sales');
    await until(() => root.querySelector<HTMLTextAreaElement>('#composer')?.placeholder.includes('from Vendas'), 'the composer says which number replies');

    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="transfer"]'), 'Transfer')).click();
    const to = await until(() => root.querySelector<HTMLSelectElement>('[data-testid="transfer-team"]'), 'the team menu');
    expect(Array.from(to.options).map((o) => o.textContent)).toEqual(['Support']);
    to.value = '2';
    to.dispatchEvent(new Event('change', { bubbles: true }));
    const note = root.querySelector<HTMLInputElement>('[data-testid="transfer-note"]');
    if (!note) throw new Error('no note box');
    note.value = 'Asks about an invoice';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="transfer-send"]:not([disabled])'), 'Move')).click();
    await until(() => backend.transfers.length === 1, 'the transfer asked of the core');
    expect(backend.transfers[0]).toEqual({ conversationId: ana.id, teamId: 2, note: 'Asks about an invoice' });
  });

  it('lets an admin add a team, put people in it, make a lead and route an inbox', async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 1, name: 'Ada', role: 'admin' },
      conversations: [ana],
      agents: [
        { id: 1, name: 'Ada', role: 'admin', disabled: false, available: false },
        { id: 2, name: 'Sam', role: 'agent', disabled: false, available: false },
        { id: 3, name: 'Vic', role: 'viewer', disabled: false, available: false },
      ],
      teams: [],
      inboxes: [{ id: '1000000000001', name: '1000000000001', team_id: null }],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-team"]'), 'the Team button')).click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="tab-teams"]'), 'the Teams tab')).click();
    const name = await until(() => root.querySelector<HTMLInputElement>('[data-testid="team-name"]'), 'the team name box');
    name.value = 'Sales';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="add-team-submit"]:not([disabled])'), 'Add team')).click();
    await until(() => root.querySelector('[data-testid="team-card"]'), 'the new team');
    const rename = await until(() => root.querySelector<HTMLInputElement>('[data-testid="team-rename"]'), 'the team name');
    rename.value = 'Vendas';
    rename.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.teams_[0]?.name === 'Vendas', 'the team renamed');
    const samRow = () => root.querySelector('[data-testid="team-card"] [data-testid="member-row"][data-agent-id="2"]');
    samRow()?.querySelector<HTMLInputElement>('[data-testid="member"]')?.click();
    await until(() => backend.teams_[0]?.members.length === 1, 'Sam in Sales');
    (await until(() => samRow()?.querySelector<HTMLInputElement>('[data-testid="lead"]:not([disabled])'), 'the lead box')).click();
    await until(() => backend.teams_[0]?.members[0]?.lead === true, 'Sam leads Sales');
    const vicLead = root.querySelector<HTMLInputElement>('[data-testid="member-row"][data-agent-id="3"] [data-testid="lead"]');
    expect(vicLead?.disabled, 'a viewer leads nothing').toBe(true);
    const route = await until(() => root.querySelector<HTMLSelectElement>('[data-testid="inbox-team"]'), 'the inbox route');
    route.value = String(backend.teams_[0]?.id);
    route.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.inboxes_[0]?.team_id === backend.teams_[0]?.id, 'the inbox routed to Sales');
    // A team with an inbox is not deleted: the refusal is shown.
    root.querySelector<HTMLButtonElement>('[data-testid="delete-team"]')?.click();
    await until(() => root.querySelector('[data-testid="team-error"]')?.textContent?.includes('move them'), 'the refusal');
    expect(backend.teams_.length).toBe(1);

    // The report, for one team.
    root.querySelector<HTMLButtonElement>('[data-testid="tab-reports"]')?.click();
    const team = await until(() => root.querySelector<HTMLSelectElement>('[data-testid="report-team"]'), 'the report by team');
    team.value = String(backend.teams_[0]?.id);
    team.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => backend.reportScopes[backend.reportScopes.length - 1]?.team === backend.teams_[0]?.id, "Sales' report asked for");
  });

  it("offers a closed window only the templates approved for the conversation's number", async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 2, name: 'Sam', role: 'agent' },
      conversations: [{ ...ana, assignee: 2, inbox: '1000000000002', team_id: 2, last_inbound_at: now - 2 * 86_400 }],
      templates: [
        { name: 'orcamento_pronto', language: 'pt_BR', body: 'O seu orçamento está pronto.', inboxes: ['1000000000001'] },
        { name: 'order_update', language: 'en', body: 'Your order {{1}} has shipped.' },
        { name: 'suporte', language: 'pt_BR', body: 'Estamos a ver o seu pedido.', inboxes: ['1000000000002'] },
      ],
      teams,
      inboxes,
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="conversation-item"]'), 'list')).click();
    const select = await until(() => root.querySelector<HTMLSelectElement>('[data-testid="template"]'), 'the template picker');
    await until(() => select.options.length === 2, 'two templates for this number');
    const offered = Array.from(select.options).map((o) => o.textContent ?? '');
    expect(offered.some((o) => o.includes('orcamento_pronto')), offered.join('|')).toBe(false);
  });

  it("shows a team's lead its team's report, and nothing else of the Team screen", async () => {
    const backend = new FakeBackend({
      session: { hub_url: 'http://hub', agent_id: 3, name: 'Lia', role: 'agent' },
      conversations: [ana],
      teams: [
        { id: 1, name: 'Sales', members: [{ agent_id: 3, lead: true }] },
        { id: 2, name: 'Support', members: [{ agent_id: 3, lead: false }] },
      ],
    });
    const root = start(backend);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid="open-reports"]'), 'the Reports button')).click();
    await until(() => backend.reportScopes.length > 0, 'a report asked for');
    expect(backend.reportScopes[0]?.team, "the team it leads").toBe(1);
    const teamsOffered = Array.from(root.querySelectorAll<HTMLOptionElement>('[data-testid="report-team"] option')).map((o) => o.textContent);
    await until(() => root.querySelectorAll('[data-testid="report-team"] option').length === 1, 'only Sales offered');
    expect(teamsOffered.length <= 1).toBe(true);
    expect(root.querySelector('[data-testid="tab-agents"]'), 'no admin tabs').toBeNull();
    expect(root.querySelector('[data-testid="open-team"]')).toBeNull();
  });

  it('gives an inbox business hours, an away reply and a greeting', async () => {
    const { backend, row, summary, form } = await hoursEditor();
    expect(summary).toBe('Always open');
    const on = form.querySelector<HTMLInputElement>('[data-testid="hours-on"]');
    if (!on) throw new Error('no switch');
    on.click();
    const zone = await until(() => form.querySelector<HTMLInputElement>('[data-testid="hours-zone"]'), 'the time zone');
    zone.value = 'America/Sao_Paulo';
    zone.dispatchEvent(new Event('input', { bubbles: true }));
    const away = await until(() => form.querySelector<HTMLTextAreaElement>('[data-testid="hours-away"]'), 'the away reply');
    away.value = 'Estamos fechados; voltamos às 9h.';
    away.dispatchEvent(new Event('input', { bubbles: true }));
    form.querySelector<HTMLButtonElement>('[data-testid="hours-save"]')?.click();
    await until(() => backend.inboxes_.find((i) => i.id === '1000000000001')?.hours, 'saved');
    const saved = backend.inboxes_.find((i) => i.id === '1000000000001');
    expect(saved?.hours?.time_zone).toBe('America/Sao_Paulo');
    expect(saved?.hours?.shifts.map((s) => s.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(saved?.away_reply).toBe('Estamos fechados; voltamos às 9h.');
    await until(() => row.querySelector('[data-testid="inbox-hours-summary"]')?.textContent?.includes('5 openings, America/Sao_Paulo · away reply'), 'the summary');
  });

  it("asks the satisfaction survey with buttons in the customers' words", async () => {
    const { backend, form } = await hoursEditor();
    expect(form.querySelector('[data-testid="hours-csat-answers"]'), 'no buttons without a question').toBeNull();
    const question = await until(() => form.querySelector<HTMLTextAreaElement>('[data-testid="hours-csat"]'), 'the question');
    question.value = 'Como foi o nosso atendimento?';
    question.dispatchEvent(new Event('input', { bubbles: true }));
    const fields = await until(() => {
      const f = Array.from(form.querySelectorAll<HTMLInputElement>('[data-testid="hours-csat-answer"]'));
      return f.length === 3 ? f : null;
    }, 'the three buttons');
    expect(fields.map((f) => f.value), 'a new survey starts in the app language').toEqual(['😀 Good', '😐 OK', '🙁 Poor']);
    ['😀 Bom', '😐 Regular', '🙁 Ruim'].forEach((title, i) => {
      fields[i]!.value = title;
      fields[i]!.dispatchEvent(new Event('input', { bubbles: true }));
    });
    form.querySelector<HTMLButtonElement>('[data-testid="hours-save"]')?.click();
    await until(() => backend.inboxes_.find((i) => i.id === '1000000000001')?.csat_answers, 'saved');
    const saved = backend.inboxes_.find((i) => i.id === '1000000000001');
    expect([saved?.csat_question, saved?.csat_answers]).toEqual(['Como foi o nosso atendimento?', ['😀 Bom', '😐 Regular', '🙁 Ruim']]);
  });

  it('keeps a survey that has no titles of its own in English when the hours are saved', async () => {
    const { backend, form } = await hoursEditor({ csat_question: 'How did we do?' });
    const fields = Array.from(form.querySelectorAll<HTMLInputElement>('[data-testid="hours-csat-answer"]'));
    expect(fields.map((f) => f.value)).toEqual(['😀 Good', '😐 OK', '🙁 Poor']);
    form.querySelector<HTMLButtonElement>('[data-testid="hours-save"]')?.click();
    await until(() => backend.inboxes_.find((i) => i.id === '1000000000001')?.csat_answers, 'saved');
    expect(backend.inboxes_.find((i) => i.id === '1000000000001')?.csat_answers).toEqual(['😀 Good', '😐 OK', '🙁 Poor']);
  });
});
