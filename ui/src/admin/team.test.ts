import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { FakeBackend } from '../lib/fake';
import { ana, now, start, stop, until } from '../lib/testing';

afterEach(stop);

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
      agents: [{ agent_id: 2, name: '<b>Sam</b>', replies: 41, first_responses: 12, first_response_median_secs: 95, resolved: 10, resolution_median_secs: 5_400, sla_met: 7, sla_missed: 2, csat_good: 4, csat_ok: 1, csat_poor: 0 }],
      days: [
        { day: 1_764_547_200, new_conversations: 14, inbound: 60, replies: 41, resolved: 10 },
        { day: 1_764_633_600, new_conversations: 3, inbound: 12, replies: 9, resolved: 2 },
      ],
      sla_met: 20,
      sla_missed: 3,
      csat_good: 9,
      csat_ok: 2,
      csat_poor: 1,
    });
    const row = await until(() => root.querySelector('[data-testid="report-agent"]'), 'the agent row');
    expect(row.textContent).toContain('<b>Sam</b>');
    expect(row.textContent).toContain('1 min 35 s');
    expect(row.textContent).toContain('1 h 30 min');
    expect(row.querySelector('[data-testid="report-sla-met"]')?.textContent).toBe('7');
    expect(row.querySelector('[data-testid="report-sla-missed"]')?.textContent).toBe('2');
    expect(root.querySelector('[data-testid="report-sla"]')?.textContent).toContain('20 met, 3 missed');
    expect(root.querySelector('[data-testid="report-sla"]')?.textContent).toContain('9 good, 2 OK, 1 poor');
    expect(row.querySelector('[data-testid="report-csat"]')?.textContent).toBe('4 / 1 / 0');
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
      sla_met: 0,
      sla_missed: 0,
      csat_good: 0,
      csat_ok: 0,
      csat_poor: 0,
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
