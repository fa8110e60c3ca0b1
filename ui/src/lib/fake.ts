// An in-memory backend for UI tests (and for working on the UI in a plain
// browser): the same interface as the Tauri one, with a tiny inbox.
import type { Backend, ReportScope } from './backend';
import type {
  Alert,
  ChoicesSend,
  AgentSummary,
  CannedReply,
  CannedReplyRequest,
  Label,
  LabelRequest,
  Report,
  AuditEntry,
  IssuedToken,
  Role,
  ConversationPage,
  ConversationView,
  Cursor,
  SearchHit,
  Presence,
  PresenceState,
  SessionInfo,
  TimeWords,
  StagedFile,
  StagedOutcome,
  SyncEvent,
  SyncProgress,
  TeamMember,
  Team,
  Inbox,
  InboxRequest,
  InboxHoursRequest,
  OpenState,
  BulkAction,
  BulkOutcome,
  SlaPolicy,
  SlaPolicyRequest,
  Macro,
  MacroOutcome,
  MacroRequest,
  Template,
  ThreadItem,
  View,
  ViewCounts,
} from './types';
import { ENGLISH, phoneOrId, renderTemplate } from './format';
import { choicesProblem } from './choices';

/** A session as tests give it; `can_manage` and `report_teams` are worked out as the core does. */
type FakeSession = Omit<SessionInfo, 'can_manage' | 'report_teams'>;

export interface FakeOptions {
  session?: FakeSession | null;
  conversations?: ConversationView[];
  threads?: Record<number, ThreadItem[]>;
  templates?: Template[];
  agents?: AgentSummary[];
  team?: TeamMember[];
  alerts?: Alert[];
  canned?: CannedReply[];
  labels?: Label[];
  teams?: Team[];
  inboxes?: Inbox[];
}

const isBefore = (a: Cursor, b: Cursor) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export class FakeBackend implements Backend {
  session_: FakeSession | null;
  conversations_: ConversationView[];
  threads: Record<number, ThreadItem[]>;
  listeners: ((e: SyncEvent) => void)[] = [];
  progressListeners: ((p: SyncProgress) => void)[] = [];
  openListeners: ((id: number) => void)[] = [];
  viewed: (number | null)[] = [];

  async viewing(conversationId: number | null) {
    this.viewed.push(conversationId);
  }

  async onOpen(listener: (id: number) => void) {
    this.openListeners.push(listener);
    return () => {
      this.openListeners = this.openListeners.filter((l) => l !== listener);
    };
  }

  /** As if a notification was clicked. */
  clickNotification(conversationId: number) {
    for (const l of this.openListeners) l(conversationId);
  }

  async onProgress(listener: (p: SyncProgress) => void) {
    this.progressListeners.push(listener);
    return () => {
      this.progressListeners = this.progressListeners.filter((l) => l !== listener);
    };
  }

  progress(p: SyncProgress) {
    for (const l of this.progressListeners) l(p);
  }
  sent: { conversationId: number; text: string; replyTo?: number }[] = [];
  templates_: Template[];
  agents_: AgentSummary[];
  team_: TeamMember[];
  alerts_: Alert[];
  canned_: CannedReply[];
  labels_: Label[];
  notes: { conversationId: number; text: string }[] = [];
  reads: number[] = [];

  constructor(opts: FakeOptions = {}) {
    this.session_ = opts.session === undefined ? null : opts.session;
    // Copies: what one test's actions change never reaches the next test's
    // fixtures.
    this.conversations_ = (opts.conversations ?? []).map((c) => ({ ...c, labels: [...c.labels] }));
    this.threads = opts.threads ?? {};
    this.templates_ = opts.templates ?? [];
    this.agents_ = opts.agents ?? [];
    this.team_ = opts.team ?? [];
    this.alerts_ = opts.alerts ?? [];
    this.canned_ = opts.canned ?? [];
    this.labels_ = opts.labels ?? [];
    this.teams_ = opts.teams ?? [];
    this.inboxes_ = opts.inboxes ?? [];
  }

  teams_: Team[];
  inboxes_: Inbox[];
  transfers: { conversationId: number; teamId: number; note: string | null }[] = [];

  async teams() {
    return structuredClone(this.teams_);
  }

  async inboxes() {
    return structuredClone(this.inboxes_);
  }

  async transfer(conversationId: number, teamId: number, note: string | null) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'no such conversation' };
    if (!this.teams_.some((t) => t.id === teamId)) throw { code: 'invalid_team', message: 'no such team' };
    this.transfers.push({ conversationId, teamId, note });
    c.team_id = teamId;
    const holder = c.assignee;
    if (holder !== null && !this.teams_.some((t) => t.id === teamId && t.members.some((m) => m.agent_id === holder))) {
      c.assignee = null;
    }
    this.emit({ ok: true, changes: 1, error: null });
  }

  async addTeam(name: string) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage teams' };
    if (this.teams_.some((t) => t.name === name)) throw { code: 'duplicate_name', message: 'another team has that name' };
    this.teams_.push({ id: Math.max(0, ...this.teams_.map((t) => t.id)) + 1, name, members: [] });
    return this.teams();
  }

  async renameTeam(id: number, name: string) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage teams' };
    if (this.teams_.some((t) => t.name === name && t.id !== id)) throw { code: 'duplicate_name', message: 'another team has that name' };
    const team = this.teams_.find((t) => t.id === id);
    if (!team) throw { code: 'not_found', message: 'no such team' };
    team.name = name;
    return this.teams();
  }

  async deleteTeam(id: number) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage teams' };
    if (this.conversations_.some((c) => c.team_id === id) || this.inboxes_.some((i) => i.team_id === id)) {
      throw { code: 'team_not_empty', message: 'the team still has conversations or inboxes: move them to another team first' };
    }
    this.teams_ = this.teams_.filter((t) => t.id !== id);
    return this.teams();
  }

  async setMember(teamId: number, agentId: number, lead: boolean | null) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage teams' };
    const team = this.teams_.find((t) => t.id === teamId);
    if (!team) throw { code: 'not_found', message: 'no such team' };
    team.members = team.members.filter((m) => m.agent_id !== agentId);
    if (lead !== null) team.members.push({ agent_id: agentId, lead });
    team.members.sort((a, b) => a.agent_id - b.agent_id);
    return this.teams();
  }

  async setInbox(id: string, inbox: InboxRequest) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage inboxes' };
    const existing = this.inboxes_.find((i) => i.id === id);
    if (existing) Object.assign(existing, { name: inbox.name, team_id: inbox.team_id });
    else this.inboxes_.push({ id, name: inbox.name, team_id: inbox.team_id });
    return this.inboxes();
  }

  async setInboxHours(id: string, settings: InboxHoursRequest) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage inboxes' };
    const existing = this.inboxes_.find((i) => i.id === id);
    const hours = {
      hours: settings.hours ?? undefined,
      away_reply: settings.away_reply ?? undefined,
      greeting: settings.greeting ?? undefined,
      csat_question: settings.csat_question ?? undefined,
      csat_answers: settings.csat_question ? (settings.csat_answers ?? undefined) : undefined,
    };
    if (existing) Object.assign(existing, hours);
    else this.inboxes_.push({ id, name: id, team_id: null, ...hours });
    return this.inboxes();
  }

  macros_: Macro[] = [];
  /** Each macro run, as the core would get it. */
  runs: { id: number; conversations: number[] }[] = [];

  async macros() {
    return structuredClone(this.macros_);
  }

  async saveMacro(id: number | null, rule: MacroRequest) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage macros' };
    if (id === null) this.macros_.push({ id: this.macros_.length + 1, ...structuredClone(rule) });
    else this.macros_ = this.macros_.map((m) => (m.id === id ? { id, ...structuredClone(rule) } : m));
    return this.macros();
  }

  async deleteMacro(id: number) {
    this.macros_ = this.macros_.filter((m) => m.id !== id);
    return this.macros();
  }

  /** As the core runs one: replies and notes per conversation, the rest as bulk requests. */
  /** The hub cannot be reached: a macro's steps that need it wait. */
  hubAway = false;

  async runMacro(id: number, conversations: number[]): Promise<MacroOutcome> {
    const m = this.macros_.find((x) => x.id === id);
    if (!m) throw { code: 'not_found', message: 'no such macro' };
    this.runs.push({ id, conversations: [...conversations] });
    const out: MacroOutcome = { steps: 0, refused: [], queued: 0 };
    for (const step of m.steps) {
      if (step.type === 'reply' || step.type === 'note') {
        for (const c of conversations) {
          if (step.type === 'reply') this.sent.push({ conversationId: c, text: step.text });
          else this.notes.push({ conversationId: c, text: step.text });
        }
      } else {
        const action = step.type === 'snooze'
          ? { type: 'snooze' as const, until: step.hours ? Math.floor(Date.now() / 1000) + step.hours * 3600 : null }
          : step;
        if (this.hubAway) {
          out.queued += 1;
          continue;
        }
        out.refused.push(...(await this.bulk(conversations, action)).refused);
      }
      out.steps += 1;
    }
    return out;
  }

  policies_: SlaPolicy[] = [];

  async slaPolicies() {
    return structuredClone(this.policies_);
  }

  async saveSlaPolicy(id: number | null, rule: SlaPolicyRequest) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage policies' };
    if (id === null) this.policies_.push({ id: this.policies_.length + 1, ...rule });
    else this.policies_ = this.policies_.map((p) => (p.id === id ? { id, ...rule } : p));
    return this.slaPolicies();
  }

  async deleteSlaPolicy(id: number) {
    this.policies_ = this.policies_.filter((p) => p.id !== id);
    return this.slaPolicies();
  }

  /** What `inboxState` answers, by inbox (tests set it). */
  openStates: Record<string, OpenState> = {};

  async inboxState(id: string) {
    return this.openStates[id] ?? null;
  }

  report_: Report | null = null;
  savedReports: [number, number][] = [];
  reportScopes: (ReportScope | undefined)[] = [];

  async report(from: number, to: number, scope?: ReportScope): Promise<Report> {
    const team = scope?.team ?? null;
    if (this.session_?.role !== 'admin' && (team === null || !this.reportTeams().includes(team))) {
      throw { code: 'invalid', message: 'reports are for admins, and for a team\'s leads and viewers on their team' };
    }
    this.reportScopes.push(scope);
    return structuredClone(
      this.report_ ?? { from, to, agents: [], days: [], sla_met: 0, sla_missed: 0, csat_good: 0, csat_ok: 0, csat_poor: 0 },
    );
  }

  async saveReport(from: number, to: number, scope?: ReportScope) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins read reports' };
    this.reportScopes.push(scope);
    this.savedReports.push([from, to]);
    return `/home/ada/Downloads/switchboard-report-${from}-${to}.csv`;
  }

  async labels() {
    return structuredClone(this.labels_);
  }

  async setLabels(conversationId: number, labels: number[]) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c || !this.actions(c.assignee).can_resolve) {
      throw { code: 'invalid', message: 'only whoever holds this conversation (or an admin) can label it' };
    }
    c.labels = [...new Set(labels)].sort((a, b) => a - b);
    this.emit({ ok: true, changes: 1, error: null });
  }

  async saveLabel(id: number | null, req: LabelRequest) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage labels' };
    if (this.labels_.some((l) => l.name === req.name && l.id !== id)) throw { code: 'duplicate_name', message: 'another label has that name' };
    if (id === null) this.labels_.push({ id: Math.max(0, ...this.labels_.map((l) => l.id)) + 1, ...req });
    else Object.assign(this.labels_.find((l) => l.id === id) ?? {}, req);
    return this.labels();
  }

  async deleteLabel(id: number) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage labels' };
    this.labels_ = this.labels_.filter((l) => l.id !== id);
    for (const c of this.conversations_) c.labels = (c.labels ?? []).filter((l) => l !== id);
    return this.labels();
  }

  available = false;

  async availability() {
    if (this.session_?.role === 'viewer') throw { code: 'invalid', message: 'viewers take no conversations' };
    return this.available;
  }

  async setAvailability(available: boolean) {
    if (this.session_?.role === 'viewer') throw { code: 'invalid', message: 'viewers take no conversations' };
    this.available = available;
  }

  async canned() {
    return structuredClone(this.canned_).sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  }

  async saveCanned(id: number | null, req: CannedReplyRequest) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage canned replies' };
    if (this.canned_.some((c) => c.shortcut === req.shortcut && c.id !== id)) {
      throw { code: 'duplicate_name', message: 'another canned reply has that shortcut' };
    }
    if (id === null) {
      this.canned_.push({ id: Math.max(0, ...this.canned_.map((c) => c.id)) + 1, ...req });
    } else {
      const c = this.canned_.find((x) => x.id === id);
      if (!c) throw { code: 'not_found', message: 'no such canned reply' };
      Object.assign(c, req);
    }
    return this.canned();
  }

  async deleteCanned(id: number) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins manage canned replies' };
    this.canned_ = this.canned_.filter((c) => c.id !== id);
    return this.canned();
  }

  async team() {
    return structuredClone(this.team_);
  }

  async alerts(before?: number | null) {
    if (this.session_?.role !== 'admin') throw { code: 'invalid', message: 'only admins read WhatsApp\'s alerts' };
    return structuredClone(this.alerts_.filter((a) => before == null || a.id < before));
  }

  async sendNote(conversationId: number, text: string) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c || !this.actions(c.assignee).can_note) throw { code: 'invalid', message: 'your role cannot write notes' };
    if (!text.trim()) throw { code: 'invalid', message: 'the note is empty' };
    const key = `q${this.sent.length + this.notes.length + 1}`;
    this.notes.push({ conversationId, text });
    (this.threads[conversationId] ??= []).push({
      key,
      direction: 'outbound',
      kind: 'note',
      text,
      status: 'queued',
      error: null,
      timestamp: Math.floor(Date.now() / 1000),
      cursor: null,
      media_state: null,
      media_mime: null, media_size: null, details: null, quote: null, reactions: [], edited: false, from_phone: false, sent_by: null,
    });
    return key;
  }

  async sendTemplate(conversationId: number, name: string, language: string, parameters: string[]) {
    const t = this.templates_.find((x) => x.name === name && x.language === language);
    if (!t) throw { code: 'invalid', message: 'no approved template has that name and language' };
    return this.sendReply(conversationId, renderTemplate(t.body, parameters));
  }

  async assign(conversationId: number, assignee: number | null) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'no such conversation' };
    c.assignee = assignee;
    this.emit({ ok: true, changes: 1, error: null });
  }

  async setStatus(conversationId: number, resolved: boolean) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'no such conversation' };
    c.status = resolved ? 'resolved' : 'open';
    this.emit({ ok: true, changes: 1, error: null });
  }

  async markRead(conversationId: number) {
    this.reads.push(conversationId);
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (c) c.unread = 0;
  }

  unreadMarks: number[] = [];

  async markUnread(conversationId: number) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'no such conversation' };
    if (!this.actions(c.assignee).can_resolve) throw { code: 'invalid', message: 'only whoever holds this conversation (or an admin) can mark it unread' };
    this.unreadMarks.push(conversationId);
    c.unread = Math.max(c.unread, 1);
    this.emit({ ok: true, changes: 1, error: null });
  }

  async snooze(conversationId: number, until: number | null) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'no such conversation' };
    if (!this.actions(c.assignee).can_resolve) throw { code: 'invalid', message: 'only whoever holds this conversation (or a lead or an admin) can snooze it' };
    c.snoozed = true;
    c.snoozed_until = until ?? undefined;
    this.emit({ ok: true, changes: 1, error: null });
  }

  async wake(conversationId: number) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'no such conversation' };
    c.snoozed = false;
    c.snoozed_until = undefined;
    this.emit({ ok: true, changes: 1, error: null });
  }

  /** Each bulk request, as the hub would get it. */
  bulks: { conversations: number[]; action: BulkAction }[] = [];

  async bulk(conversations: number[], action: BulkAction): Promise<BulkOutcome> {
    this.bulks.push({ conversations: [...conversations], action });
    const out: BulkOutcome = { done: [], refused: [] };
    for (const id of conversations) {
      const c = this.conversations_.find((x) => x.id === id);
      const may = c ? this.actions(c.assignee) : null;
      const allowed = may && (action.type === 'assign' ? may.can_assign : action.type === 'transfer' ? may.can_transfer : may.can_resolve);
      if (!c || !allowed) {
        out.refused.push({ conversation_id: id, code: c ? 'forbidden' : 'not_found', message: c ? 'this conversation is not yours to act on' : 'no such conversation' });
        continue;
      }
      switch (action.type) {
        case 'assign':
          c.assignee = action.assignee;
          break;
        case 'transfer':
          c.team_id = action.team_id;
          break;
        case 'label':
          c.labels = [...c.labels.filter((l) => !action.remove.includes(l)), ...action.add.filter((l) => !c.labels.includes(l))];
          break;
        case 'snooze':
          c.snoozed = true;
          c.snoozed_until = action.until ?? undefined;
          break;
        case 'resolve':
        case 'reopen':
          c.status = action.type === 'resolve' ? 'resolved' : 'open';
          break;
      }
      out.done.push(id);
    }
    this.emit({ ok: true, changes: out.done.length, error: null });
    return out;
  }

  images: Record<number, string> = {};
  saved: number[] = [];

  /** The user's download limit, and files too big for it (by message id: size). */
  cap = 25_000_000;
  sizes: Record<number, number> = {};
  /** The save dialog's answer: a path, or null as if cancelled. */
  saveAnswer: string | null | undefined = undefined;

  async saveMedia(messageId: number) {
    const size = this.sizes[messageId];
    if (size && size > this.cap) {
      throw { code: 'download_cap', message: `this file is ${size / 1e6} MB, over your download limit of ${this.cap / 1e6} MB: raise the limit to fetch it` };
    }
    if (this.saveAnswer === null) return null;
    this.saved.push(messageId);
    return this.saveAnswer ?? `/home/agent/Downloads/file-${messageId}`;
  }

  async downloadCap() {
    return this.cap;
  }

  async setDownloadCap(bytes: number) {
    this.cap = bytes;
  }

  /** Files in the composer (by token), what a pick or a drop gives next, and what was sent. */
  staged = new Map<string, StagedFile>();
  nextPick: StagedFile | null = null;
  nextDrop: StagedOutcome[] = [];
  sentFiles: { conversationId: number; files: StagedFile[]; caption: string }[] = [];
  private dropListeners: (() => void)[] = [];

  async pickAttachment() {
    const f = this.nextPick;
    if (f) this.staged.set(f.token, f);
    return f;
  }

  async stageDropped() {
    for (const o of this.nextDrop) if (o.file) this.staged.set(o.file.token, o.file);
    const out = this.nextDrop;
    this.nextDrop = [];
    return out;
  }

  async stagePasted(name: string, type: string, bytes: Uint8Array) {
    if (!['image/png', 'image/jpeg', 'application/pdf'].includes(type)) {
      throw { code: 'attachment', message: `WhatsApp does not take files of type "${type}"` };
    }
    const kind = type.startsWith('image/') ? 'image' : 'document';
    if (kind === 'image' && bytes.length > 5_000_000) {
      throw { code: 'attachment', message: `the file is ${bytes.length} bytes; WhatsApp takes image files of at most 5 MB (5000000 bytes)` };
    }
    const f: StagedFile = { token: `t${this.staged.size + 1}`, name, mime_type: type, kind, size: bytes.length };
    this.staged.set(f.token, f);
    return f;
  }

  async unstage(token: string) {
    this.staged.delete(token);
  }

  async sendFiles(conversationId: number, tokens: string[], caption: string) {
    const files = tokens.map((t) => this.staged.get(t));
    if (files.some((f) => !f)) throw { code: 'not_found', message: 'that file is no longer in the composer: attach it again' };
    tokens.forEach((t) => this.staged.delete(t));
    this.sentFiles.push({ conversationId, files: files as StagedFile[], caption });
    return tokens.map((t) => `q${t}`);
  }

  async onFilesDropped(listener: () => void) {
    this.dropListeners.push(listener);
    return () => (this.dropListeners = this.dropListeners.filter((l) => l !== listener));
  }

  /** What this agent said it does where, in order. */
  presenceSaid: { conversationId: number; state: PresenceState }[] = [];
  private presenceListeners: ((p: Presence) => void)[] = [];

  async setPresence(conversationId: number, state: PresenceState) {
    this.presenceSaid.push({ conversationId, state });
  }

  async onPresence(listener: (p: Presence) => void) {
    this.presenceListeners.push(listener);
    return () => (this.presenceListeners = this.presenceListeners.filter((l) => l !== listener));
  }

  /** Tests: the hub tells who is in a conversation. */
  presence(p: Presence) {
    this.presenceListeners.forEach((l) => l(p));
  }

  /** Tests: files dropped on the window. */
  drop(outcomes: StagedOutcome[]) {
    this.nextDrop = outcomes;
    this.dropListeners.forEach((l) => l());
  }

  async media(messageId: number) {
    const url = this.images[messageId];
    if (!url) throw { code: 'invalid', message: 'this message has no downloaded media' };
    return url;
  }

  async search(query: string): Promise<SearchHit[]> {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits: SearchHit[] = [];
    for (const c of this.conversations_) {
      for (const m of this.threads[c.id] ?? []) {
        if (m.text?.toLowerCase().includes(q)) {
          hits.push({
            conversation_id: c.id,
            contact: c.contact_name ?? phoneOrId(c.wa_id),
            message_id: Number(m.key.slice(1)) || 0,
            snippet: m.text,
            timestamp: m.timestamp,
          });
        }
      }
    }
    return hits;
  }

  opened: string[] = [];
  audit: AuditEntry[] = [];
  tokens = 0;

  private admin() {
    if (this.session_?.role !== 'admin') throw { code: 'forbidden', message: 'only admins manage the team' };
  }

  private log(action: string, subject: string) {
    this.audit.push({ id: this.audit.length + 1, at: Math.floor(Date.now() / 1000), actor: this.session_?.agent_id ?? null, action, subject, detail: '' });
  }

  async createAgent(name: string, role: Role): Promise<IssuedToken> {
    this.admin();
    if (!name.trim()) throw { code: 'invalid', message: 'a name is 1 to 80 characters' };
    const id = Math.max(0, ...this.agents_.map((a) => a.id)) + 1;
    this.agents_.push({ id, name: name.trim(), role, disabled: false, available: false });
    this.log('agent_add', `agent ${id}`);
    this.tokens += 1;
    return { agent_id: id, token: `sbt_fake_${id}_${this.tokens}` };
  }

  async issueToken(agentId: number): Promise<IssuedToken> {
    this.admin();
    this.tokens += 1;
    this.log('token_issue', `agent ${agentId}`);
    return { agent_id: agentId, token: `sbt_fake_${agentId}_${this.tokens}` };
  }

  async revokeTokens(agentId: number) {
    this.admin();
    this.log('token_revoke_all', `agent ${agentId}`);
  }

  async setAgentDisabled(agentId: number, disabled: boolean) {
    this.admin();
    const a = this.agents_.find((x) => x.id === agentId);
    if (!a) throw { code: 'not_found', message: 'no such agent' };
    a.disabled = disabled;
    this.log(disabled ? 'agent_disable' : 'agent_enable', `agent ${agentId}`);
  }

  async auditLog(after: number): Promise<AuditEntry[]> {
    this.admin();
    return structuredClone(this.audit.filter((e) => e.id > after).slice(0, 50));
  }

  async openLink(url: string) {
    if (!/^https?:\/\//i.test(url)) throw { code: 'invalid', message: 'only web links (http, https) open' };
    this.opened.push(url);
  }

  drafts: Record<number, string> = {};

  async draft(conversationId: number) {
    return this.drafts[conversationId] ?? null;
  }

  async saveDraft(conversationId: number, text: string) {
    if (text.trim()) this.drafts[conversationId] = text;
    else delete this.drafts[conversationId];
  }

  private outboxItem(key: string) {
    for (const items of Object.values(this.threads)) {
      const i = items.findIndex((m) => m.key === `q${key}`);
      if (i >= 0) return { items, i };
    }
    throw { code: 'not_found', message: 'not found' };
  }

  async retryReply(clientMessageId: string) {
    const { items, i } = this.outboxItem(clientMessageId);
    items[i] = { ...items[i], status: 'queued', error: null };
  }

  async resend(messageId: number) {
    for (const [id, items] of Object.entries(this.threads)) {
      const m = items.find((x) => x.key === `m${messageId}`);
      if (m && m.direction === 'outbound' && m.status === 'failed' && m.text) return this.sendReply(Number(id), m.text);
    }
    throw { code: 'invalid', message: 'only a text reply WhatsApp refused can be sent again' };
  }

  async discardReply(clientMessageId: string) {
    const { items, i } = this.outboxItem(clientMessageId);
    items.splice(i, 1);
  }

  async templates() {
    return structuredClone(this.templates_);
  }

  async agents() {
    return this.session_?.role === 'admin' ? structuredClone(this.agents_) : [];
  }

  /** Set to make `session()` fail as a damaged local copy does. */
  damaged = false;
  rebuilt = 0;

  async rebuild(): Promise<SessionInfo> {
    this.damaged = false;
    this.rebuilt += 1;
    return this.session();
  }

  /** The language remembered on the profile, and the system's locale. */
  chosenLanguage: string | null = null;
  systemLocale = 'en_US.UTF-8';

  async language() {
    return { chosen: this.chosenLanguage, system: this.systemLocale };
  }

  async setLanguage(code: string) {
    this.chosenLanguage = code;
  }

  async timeWords(): Promise<TimeWords | null> {
    return ENGLISH;
  }

  async session(): Promise<SessionInfo> {
    if (this.damaged) throw { code: 'store_damaged', message: 'the local copy of your conversations cannot be opened (the file is damaged)' };
    if (!this.session_) throw { code: 'not_signed_in', message: 'this desktop is not signed in to a hub' };
    return { ...this.session_, can_manage: this.session_.role === 'admin', report_teams: this.reportTeams() };
  }

  /** The teams whose reports the session may read without managing (leads, viewers). */
  private reportTeams(): number[] {
    const s = this.session_;
    if (!s) return [];
    return this.teams_
      .filter((t) => t.members.some((m) => m.agent_id === s.agent_id && (m.lead || s.role === 'viewer')))
      .map((t) => t.id);
  }

  signedOut = 0;

  async signOut(discardUnsent: boolean) {
    const unsent = this.queued('queued') + this.queued('failed');
    if (unsent > 0 && !discardUnsent) {
      throw { code: 'unsent_replies', message: `${unsent} replies have not reached the hub yet; signing out erases them with the local copy` };
    }
    this.session_ = null;
    this.conversations_ = [];
    this.threads = {};
    this.signedOut += 1;
  }

  async signIn(hubUrl: string, token: string): Promise<SessionInfo> {
    if (!hubUrl.startsWith('http')) throw { code: 'invalid', message: 'the hub URL must start with http:// or https://' };
    if (token !== 'good') throw { code: 'unauthorized', message: 'a valid bearer token is required' };
    this.session_ = { hub_url: hubUrl, agent_id: 2, name: 'Sam Agent', role: 'agent' };
    return { ...this.session_, can_manage: false, report_teams: [] };
  }

  /** The core decides these from the protocol's role table; the fake mirrors it for tests. */
  private actions(assignee: number | null) {
    const s = this.session_;
    const admin = s?.role === 'admin';
    const mine = s !== null && assignee === s.agent_id;
    return {
      can_reply: admin || (s?.role === 'agent' && mine),
      can_claim: (admin || s?.role === 'agent') && assignee === null,
      can_assign: admin,
      can_resolve: admin || (s?.role === 'agent' && mine),
      can_note: admin || (s?.role === 'agent' && (mine || assignee === null)),
      can_transfer: admin || (s?.role === 'agent' && mine),
    };
  }

  private inView(c: ConversationView, view: View): boolean {
    if (view.kind === 'snoozed') return c.snoozed === true;
    const now = Date.now() / 1000;
    if (view.kind === 'due_soon') return c.status === 'open' && !c.snoozed && c.due_at !== undefined && c.due_at > now && c.due_at <= now + 3600;
    if (view.kind === 'overdue') return c.status === 'open' && !c.snoozed && c.due_at !== undefined && c.due_at <= now;
    if (c.snoozed && view.kind !== 'resolved') return false;
    switch (view.kind) {
      case 'mine':
        return c.status === 'open' && c.assignee === this.session_?.agent_id;
      case 'unassigned':
        return c.status === 'open' && c.assignee === null;
      case 'all':
        return c.status === 'open';
      case 'resolved':
        return c.status === 'resolved';
      case 'agent':
        return c.status === 'open' && c.assignee === view.agent_id;
      case 'label':
        return c.status === 'open' && (c.labels ?? []).includes(view.label_id);
      case 'team_queue':
        return c.status === 'open' && c.assignee === null && c.team_id === view.team_id;
      case 'team':
        return c.status === 'open' && c.team_id === view.team_id;
    }
  }

  private present(c: ConversationView): ConversationView {
    return { ...structuredClone(c), ...this.actions(c.assignee) };
  }

  async conversations(view: View, after?: Cursor | null, limit = 50): Promise<ConversationPage> {
    const sorted = this.conversations_
      .filter((c) => this.inView(c, view))
      .sort((a, b) => b.last_message_at - a.last_message_at || b.id - a.id)
      .filter((c) => !after || c.last_message_at < after[0] || (c.last_message_at === after[0] && c.id < after[1]));
    const items = sorted.slice(0, limit).map((c) => this.present(c));
    const last = items[items.length - 1];
    return { items, next: sorted.length > limit && last ? [last.last_message_at, last.id] : null };
  }

  async conversation(conversationId: number) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c) throw { code: 'not_found', message: 'not found' };
    return this.present(c);
  }

  private queued(status: 'queued' | 'failed'): number {
    return Object.values(this.threads)
      .flat()
      .filter((m) => m.key.startsWith('q') && m.status === status).length;
  }

  async viewCounts(): Promise<ViewCounts> {
    const role = this.session_?.role;
    const kinds: View[] = [];
    if (role !== 'viewer') kinds.push({ kind: 'mine' });
    kinds.push({ kind: 'unassigned' });
    if (role !== 'agent') kinds.push({ kind: 'all' });
    kinds.push({ kind: 'snoozed' }, { kind: 'resolved' }, { kind: 'due_soon' }, { kind: 'overdue' });
    const me = this.session_?.agent_id;
    for (const t of this.teams_) {
      if (role !== 'admin' && !t.members.some((m) => m.agent_id === me)) continue;
      kinds.push({ kind: 'team_queue', team_id: t.id }, { kind: 'team', team_id: t.id });
    }
    for (const l of this.labels_) kinds.push({ kind: 'label', label_id: l.id });
    return {
      views: kinds.map((view) => ({ view, count: this.conversations_.filter((c) => this.inView(c, view)).length })),
      unread: this.conversations_.reduce((n, c) => n + c.unread, 0),
      outbox: this.queued('queued'),
      failed: this.queued('failed'),
    };
  }

  /** Pages of `pageSize` as the core serves them (keyset on the cursor). */
  pageSize = 50;

  async thread(conversationId: number, before?: Cursor | null) {
    const all = this.threads[conversationId] ?? [];
    const hub = all.filter((m) => m.cursor !== null);
    const queued = all.filter((m) => m.cursor === null);
    const upTo = before ? hub.filter((m) => m.cursor && before && isBefore(m.cursor, before)) : hub;
    const items = upTo.slice(-this.pageSize);
    const more = upTo.length > items.length;
    return {
      items: structuredClone(before ? items : [...items, ...queued]),
      older: more && items[0] ? items[0].cursor : null,
    };
  }

  async threadNewer(conversationId: number, after: Cursor) {
    const hub = (this.threads[conversationId] ?? []).filter((m) => m.cursor !== null);
    const later = hub.filter((m) => m.cursor && isBefore(after, m.cursor));
    const items = later.slice(0, this.pageSize);
    const last = items[items.length - 1];
    return { items: structuredClone(items), older: null, newer: later.length > items.length && last ? last.cursor : null };
  }

  async threadAround(conversationId: number, messageId: number) {
    const all = this.threads[conversationId] ?? [];
    const at = all.findIndex((m) => m.key === `m${messageId}`);
    if (at < 0) throw { code: 'not_found', message: 'not found' };
    const from = Math.max(0, at - 25);
    const to = Math.min(all.length, at + 26);
    return {
      items: structuredClone(all.slice(from, to)),
      older: from > 0 ? all[from].cursor : null,
      newer: to < all.length ? all[to - 1].cursor : null,
    };
  }

  reactions: { conversationId: number; messageId: number; emoji: string }[] = [];

  async react(conversationId: number, messageId: number, emoji: string) {
    this.reactions.push({ conversationId, messageId, emoji });
    const m = this.threads[conversationId]?.find((x) => x.key === `m${messageId}`);
    if (m) m.reactions = [...m.reactions.filter((r) => r.direction !== 'outbound'), { emoji, direction: 'outbound' }];
  }

  async sendReply(conversationId: number, text: string, replyTo?: number | null) {
    if (!text.trim()) throw { code: 'invalid', message: 'the message is empty' };
    const key = `q${this.sent.length + 1}`;
    this.sent.push(replyTo ? { conversationId, text, replyTo } : { conversationId, text });
    const quoted = replyTo ? this.threads[conversationId]?.find((x) => x.key === `m${replyTo}`) : undefined;
    (this.threads[conversationId] ??= []).push({
      key,
      direction: 'outbound',
      kind: 'text',
      text,
      status: 'queued',
      error: null,
      timestamp: Math.floor(Date.now() / 1000),
      cursor: null,
      media_state: null,
      media_mime: null, media_size: null, details: null, reactions: [], edited: false, from_phone: false, sent_by: null,
      quote: quoted ? { key: quoted.key, direction: quoted.direction, kind: quoted.kind, text: quoted.text } : null,
    });
    return key;
  }

  /** Questions sent with choices, in order. */
  asked: { conversationId: number; text: string; choices: ChoicesSend }[] = [];

  async sendChoices(conversationId: number, text: string, choices: ChoicesSend) {
    const problem = choicesProblem(text, choices);
    if (problem) throw { code: 'invalid', message: problem };
    this.asked.push({ conversationId, text, choices });
    const key = await this.sendReply(conversationId, text);
    const item = this.threads[conversationId]?.find((x) => x.key === key);
    if (item) {
      item.kind = 'interactive';
      item.details = { type: 'choices', list: choices.list ?? null, options: choices.options };
    }
    return key;
  }

  async claim(conversationId: number) {
    const c = this.conversations_.find((x) => x.id === conversationId);
    if (!c || !this.session_) throw { code: 'not_found', message: 'no such conversation' };
    c.assignee = this.session_.agent_id;
    this.emit({ ok: true, changes: 1, error: null });
  }

  async onSync(listener: (e: SyncEvent) => void) {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(e: SyncEvent) {
    for (const l of this.listeners) l(e);
  }
}
