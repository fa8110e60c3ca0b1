// The one interface the UI talks to. The Tauri implementation calls the
// shell's commands; tests use the in-memory fake in fake.ts.
import { refusal } from './i18n.svelte';
import type {
  Alert,
  ChoicesSend,
  CannedReply,
  CannedReplyRequest,
  EventBatch,
  Label,
  LabelRequest,
  Report,
  AgentSummary,
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
  Template,
  ThreadPage,
  ThreadWindow,
  UiError,
  View,
  ViewCounts,
  InboxHoursRequest,
  OpenState,
  BulkAction,
  BulkOutcome,
  SlaPolicy,
  SlaPolicyRequest,
  Macro,
  MacroOutcome,
  MacroRequest,
} from './types';
import { eventPump } from './events';

/** Which conversations a report counts (none: all of them). */
export interface ReportScope {
  team?: number | null;
  inbox?: string | null;
}

export interface Backend {
  session(): Promise<SessionInfo>;
  /** The system locale's words for dates and times (null: it has none). */
  timeWords(): Promise<TimeWords | null>;
  /** The language chosen on this profile (null: never chosen, or not
   * signed in) and the system's locale (`LANG`'s form, say `pt_BR.UTF-8`). */
  language(): Promise<{ chosen: string | null; system: string }>;
  /** Speaks `code` from now on: remembered on this profile, and the
   * core's notifications follow it. */
  setLanguage(code: string): Promise<void>;
  signIn(hubUrl: string, token: string): Promise<SessionInfo>;
  /** Erases the local copy and the token; refused (`unsent_replies`) while
   * replies wait in the outbox, unless `discardUnsent`. */
  signOut(discardUnsent: boolean): Promise<void>;
  /** Rebuilds a local copy that cannot be opened (`store_damaged`) from the hub. */
  rebuild(): Promise<SessionInfo>;
  /** One page of a view, newest activity first, after `after`. */
  conversations(view: View, after?: Cursor | null, limit?: number): Promise<ConversationPage>;
  /** One conversation as the list shows it (the open thread's header). */
  conversation(conversationId: number): Promise<ConversationView>;
  /** The views this agent has, their counts, and the unread total. */
  viewCounts(): Promise<ViewCounts>;
  thread(conversationId: number, before?: Cursor | null): Promise<ThreadPage>;
  /** The messages after `after`, oldest first (a window read downwards). */
  threadNewer(conversationId: number, after: Cursor): Promise<ThreadWindow>;
  /** The messages around one message (to open a search hit in place). */
  threadAround(conversationId: number, messageId: number): Promise<ThreadWindow>;
  /** Queues a reply; `replyTo` quotes a message of the conversation. */
  sendReply(conversationId: number, text: string, replyTo?: number | null): Promise<string>;
  /** Queues a question with reply buttons or a list for the customer to tap. */
  sendChoices(conversationId: number, text: string, choices: ChoicesSend): Promise<string>;
  /** Reacts to a message (an empty emoji takes the reaction back); needs the hub. */
  react(conversationId: number, messageId: number, emoji: string): Promise<void>;
  /** Keeps a private note for the team (never sent to the customer). */
  sendNote(conversationId: number, text: string): Promise<string>;
  /** Admins (a team's leads and viewers, for their team): how the team did
   * between `from` and `to` (unix seconds), over one team's or one inbox's
   * conversations when `scope` says. */
  report(from: number, to: number, scope?: ReportScope): Promise<Report>;
  /** The same, saved as CSV in the downloads folder; returns where. */
  saveReport(from: number, to: number, scope?: ReportScope): Promise<string>;
  /** Labels (kept for offline use). */
  labels(): Promise<Label[]>;
  /** Sets a conversation's labels (all of them): its holder or an admin. */
  setLabels(conversationId: number, labels: number[]): Promise<void>;
  /** Admins: adds (`id` null) or rewrites a label; the list after. */
  saveLabel(id: number | null, label: LabelRequest): Promise<Label[]>;
  /** Admins: removes a label (from every conversation too); the list after. */
  deleteLabel(id: number): Promise<Label[]>;
  /** Whether this agent takes new conversations. */
  availability(): Promise<boolean>;
  /** Available for new conversations, or away. */
  setAvailability(available: boolean): Promise<void>;
  /** Canned replies (kept for offline use). */
  canned(): Promise<CannedReply[]>;
  /** Admins: adds (`id` null) or rewrites a canned reply; the list after. */
  saveCanned(id: number | null, canned: CannedReplyRequest): Promise<CannedReply[]>;
  /** Admins: removes a canned reply; the list after. */
  deleteCanned(id: number): Promise<CannedReply[]>;
  /** The team's names, for every role. */
  team(): Promise<TeamMember[]>;
  /** Teams and their members, for every role (kept for offline use). */
  teams(): Promise<Team[]>;
  /** The business numbers with their names and teams, for every role. */
  inboxes(): Promise<Inbox[]>;
  /** Moves a conversation to another team's queue, with a note for that team. */
  transfer(conversationId: number, teamId: number, note: string | null): Promise<void>;
  /** Admins: a new team; the teams after. */
  addTeam(name: string): Promise<Team[]>;
  /** Admins: renames a team; the teams after. */
  renameTeam(id: number, name: string): Promise<Team[]>;
  /** Admins: deletes a team that holds no conversation and no inbox; the teams after. */
  deleteTeam(id: number): Promise<Team[]>;
  /** Admins: puts someone in a team, makes it lead or not, or takes it out (`lead` null). */
  setMember(teamId: number, agentId: number, lead: boolean | null): Promise<Team[]>;
  /** Admins: names an inbox and routes it to a team; the inboxes after. */
  setInbox(id: string, inbox: InboxRequest): Promise<Inbox[]>;
  /** Admins: an inbox's business hours, away reply and greeting; the inboxes after. */
  setInboxHours(id: string, settings: InboxHoursRequest): Promise<Inbox[]>;
  /** The team's macros, by name (kept for offline use). */
  macros(): Promise<Macro[]>;
  /** Admins: adds a macro (`id` null) or replaces one; the macros after. */
  saveMacro(id: number | null, rule: MacroRequest): Promise<Macro[]>;
  /** Admins: deletes a macro; the macros after. */
  deleteMacro(id: number): Promise<Macro[]>;
  /** Runs a macro's steps in order on the conversations; what was refused, and why. */
  runMacro(id: number, conversations: number[]): Promise<MacroOutcome>;
  /** The service-level policies. */
  slaPolicies(): Promise<SlaPolicy[]>;
  /** Admins: adds a policy (`id` null) or replaces one; the policies after. */
  saveSlaPolicy(id: number | null, rule: SlaPolicyRequest): Promise<SlaPolicy[]>;
  /** Admins: deletes a policy; the policies after. */
  deleteSlaPolicy(id: number): Promise<SlaPolicy[]>;
  /** Whether an inbox is open now and until when (null: no hours, always open), offline too. */
  inboxState(id: string): Promise<OpenState | null>;
  /** Admins: WhatsApp's alerts about the account, numbers and templates, newest first. */
  alerts(before?: number | null): Promise<Alert[]>;
  claim(conversationId: number): Promise<void>;
  sendTemplate(conversationId: number, name: string, language: string, parameters: string[]): Promise<string>;
  /** Admins: give the conversation to an agent, or back to the queue (null). */
  assign(conversationId: number, assignee: number | null): Promise<void>;
  setStatus(conversationId: number, resolved: boolean): Promise<void>;
  markRead(conversationId: number): Promise<void>;
  /** Leaves a conversation for later: unread again. */
  markUnread(conversationId: number): Promise<void>;
  /** Puts a conversation away until `until` (unix seconds) or, when null, until the customer writes. */
  snooze(conversationId: number, until: number | null): Promise<void>;
  /** Brings a snoozed conversation back now. */
  wake(conversationId: number): Promise<void>;
  /** One action on many conversations in one request; what was refused, and why, comes back. */
  bulk(conversations: number[], action: BulkAction): Promise<BulkOutcome>;
  templates(): Promise<Template[]>;
  /** Admins only; empty for other roles. */
  agents(): Promise<AgentSummary[]>;
  /** A message's image as a data: URL (fetched once, then cached). */
  media(messageId: number): Promise<string>;
  /** Saves a message's file where the user says in the save dialog; returns where (null: cancelled). */
  saveMedia(messageId: number): Promise<string | null>;
  /** The largest document, audio or video fetched without asking (bytes). */
  downloadCap(): Promise<number>;
  /** Sets that limit (1 MB to 100 MB). */
  setDownloadCap(bytes: number): Promise<void>;
  /** Opens the system's file chooser; the file waits in the composer (null: cancelled). */
  pickAttachment(): Promise<StagedFile | null>;
  /** The files just dropped on the window, each staged or refused with the reason. */
  stageDropped(): Promise<StagedOutcome[]>;
  /** A pasted file, checked against WhatsApp's limits and staged. */
  stagePasted(name: string, type: string, bytes: Uint8Array): Promise<StagedFile>;
  /** Takes a staged file out of the composer. */
  unstage(token: string): Promise<void>;
  /** Sends staged files (the caption with the first; `replyTo` quotes a message). */
  sendFiles(conversationId: number, tokens: string[], caption: string, replyTo?: number | null): Promise<string[]>;
  /** Tells the team this agent views, types in or left a conversation. */
  setPresence(conversationId: number, state: PresenceState): Promise<void>;
  /** Called when who is viewing or typing somewhere changes; returns an unsubscribe function. */
  onPresence(listener: (presence: Presence) => void): Promise<() => void>;
  /** Called when files are dropped on the window; returns an unsubscribe function. */
  onFilesDropped(listener: () => void): Promise<() => void>;
  /** Sends a failed reply again (its outbox key: the thread key without `q`). */
  retryReply(clientMessageId: string): Promise<void>;
  /** Sends a text reply WhatsApp refused again, as a new message. */
  resend(messageId: number): Promise<string>;
  /** Drops a queued or failed reply. */
  discardReply(clientMessageId: string): Promise<void>;
  /** The kept composer text of a conversation, if any. */
  draft(conversationId: number): Promise<string | null>;
  /** Keeps the composer text (empty forgets it). */
  saveDraft(conversationId: number, text: string): Promise<void>;
  /** Admins: a new agent and its first token (shown once). */
  createAgent(name: string, role: Role): Promise<IssuedToken>;
  /** Admins: another token for an agent (shown once). */
  issueToken(agentId: number): Promise<IssuedToken>;
  /** Admins: every token of an agent stops working. */
  revokeTokens(agentId: number): Promise<void>;
  setAgentDisabled(agentId: number, disabled: boolean): Promise<void>;
  /** Admins: a page of the audit log after entry `after`. */
  auditLog(after: number): Promise<AuditEntry[]>;
  /** Opens a web link (http or https only) in the system browser. */
  openLink(url: string): Promise<void>;
  /** Full-text search over the local copy (works offline). */
  search(query: string): Promise<SearchHit[]>;
  /** Called as a catch-up with the hub progresses; returns an unsubscribe function. */
  onProgress(listener: (progress: SyncProgress) => void): Promise<() => void>;
  /** Tells the shell which conversation is on screen (no notification for it while focused). */
  viewing(conversationId: number | null): Promise<void>;
  /** Called when a notification asks to open a conversation. */
  onOpen(listener: (conversationId: number) => void): Promise<() => void>;
  /** Called after every sync round; returns an unsubscribe function. */
  onSync(listener: (event: SyncEvent) => void): Promise<() => void>;
}

/** Turns whatever a command threw into `{code, message}`. */
export function asUiError(e: unknown): UiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const code = String((e as UiError).code);
    return { code, message: refusal(code, String((e as UiError).message)) };
  }
  return { code: 'unknown', message: String(e) };
}

type TauriCore = Promise<typeof import('@tauri-apps/api/core')>;

/** A pasted file goes as the request's raw body (no JSON), its name and
 * type in headers. */
async function stagePasted(core: TauriCore, name: string, type: string, bytes: Uint8Array): Promise<StagedFile> {
  const { invoke } = await core;
  try {
    // Header values are ASCII: the name travels percent-encoded.
    return await invoke<StagedFile>('stage_pasted', bytes, {
      headers: { 'x-file-name': encodeURIComponent(name), 'x-file-type': type },
    });
  } catch (e) {
    throw asUiError(e);
  }
}

export function tauriBackend(): Backend {
  const core = import('@tauri-apps/api/core');
  const call = async <T>(cmd: string, args?: Record<string, unknown>): Promise<T> => {
    const { invoke } = await core;
    try {
      return await invoke<T>(cmd, args);
    } catch (e) {
      throw asUiError(e);
    }
  };
  const pump = eventPump((after) => call<EventBatch>('events', { after }));
  return {
    session: () => call('session'),
    timeWords: () => call('time_words'),
    language: () => call('language'),
    setLanguage: (code) => call('set_language', { code }),
    signIn: (hubUrl, token) => call('sign_in', { hubUrl, token }),
    signOut: (discardUnsent) => call('sign_out', { discardUnsent }),
    rebuild: () => call('rebuild_local_copy'),
    conversations: (view, after, limit) => call('conversations', { view, after: after ?? null, limit: limit ?? 50 }),
    conversation: (conversationId) => call('conversation', { conversationId }),
    viewCounts: () => call('view_counts'),
    thread: (conversationId, before) => call('thread', { conversationId, before: before ?? null }),
    threadNewer: (conversationId, after) => call('thread_newer', { conversationId, after, limit: 50 }),
    threadAround: (conversationId, messageId) => call('thread_around', { conversationId, messageId, limit: 25 }),
    sendReply: (conversationId, text, replyTo) => call('send_reply', { conversationId, text, replyTo: replyTo ?? null }),
    react: (conversationId, messageId, emoji) => call('react', { conversationId, messageId, emoji }),
    sendChoices: (conversationId, text, choices) => call('send_choices', { conversationId, text, choices }),
    sendNote: (conversationId, text) => call('send_note', { conversationId, text }),
    team: () => call('team'),
    teams: () => call('teams'),
    inboxes: () => call('inboxes'),
    transfer: (conversationId, teamId, note) => call('transfer', { conversationId, teamId, note }),
    addTeam: (name) => call('add_team', { name }),
    renameTeam: (id, name) => call('rename_team', { id, name }),
    deleteTeam: (id) => call('delete_team', { id }),
    setMember: (teamId, agentId, lead) => call('set_member', { teamId, agentId, lead }),
    setInbox: (id, inbox) => call('set_inbox', { id, inbox }),
    setInboxHours: (id, settings) => call('set_inbox_hours', { id, settings }),
    inboxState: (id) => call('inbox_state', { id }),
    slaPolicies: () => call('sla_policies'),
    macros: () => call('macros'),
    saveMacro: (id, rule) => call('save_macro', { id, rule }),
    deleteMacro: (id) => call('delete_macro', { id }),
    runMacro: (id, conversations) => call('run_macro', { id, conversations }),
    saveSlaPolicy: (id, rule) => call('save_sla_policy', { id, rule }),
    deleteSlaPolicy: (id) => call('delete_sla_policy', { id }),
    canned: () => call('canned'),
    report: (from, to, scope) => call('report', { from, to, scope: scope ?? null }),
    saveReport: (from, to, scope) => call('save_report', { from, to, scope: scope ?? null }),
    labels: () => call('labels'),
    setLabels: (conversationId, labels) => call('set_labels', { conversationId, labels }),
    saveLabel: (id, label) => call('save_label', { id, label }),
    deleteLabel: (id) => call('delete_label', { id }),
    availability: () => call('availability'),
    setAvailability: (available) => call('set_availability', { available }),
    saveCanned: (id, canned) => call('save_canned', { id, canned }),
    deleteCanned: (id) => call('delete_canned', { id }),
    alerts: (before) => call('alerts', { before: before ?? null }),
    claim: (conversationId) => call('claim', { conversationId }),
    sendTemplate: (conversationId, name, language, parameters) =>
      call('send_template', { conversationId, name, language, parameters }),
    assign: (conversationId, assignee) => call('assign', { conversationId, assignee }),
    setStatus: (conversationId, resolved) => call('set_status', { conversationId, resolved }),
    markRead: (conversationId) => call('mark_read', { conversationId }),
    markUnread: (conversationId) => call('mark_unread', { conversationId }),
    snooze: (conversationId, until) => call('snooze', { conversationId, until }),
    wake: (conversationId) => call('wake', { conversationId }),
    bulk: (conversations, action) => call('bulk', { conversations, action }),
    templates: () => call('templates'),
    agents: () => call('agents'),
    search: (query) => call('search', { query }),
    openLink: (url) => call('open_link', { url }),
    createAgent: (name, role) => call('create_agent', { name, role }),
    issueToken: (agentId) => call('issue_token', { agentId }),
    revokeTokens: (agentId) => call('revoke_tokens', { agentId }),
    setAgentDisabled: (agentId, disabled) => call('set_agent_disabled', { agentId, disabled }),
    auditLog: (after) => call('audit_log', { after, limit: 50 }),
    retryReply: (clientMessageId) => call('retry_reply', { clientMessageId }),
    discardReply: (clientMessageId) => call('discard_reply', { clientMessageId }),
    resend: (messageId) => call('resend', { messageId }),
    draft: (conversationId) => call('draft', { conversationId }),
    saveDraft: (conversationId, text) => call('save_draft', { conversationId, text }),
    media: (messageId) => call('media', { messageId }),
    saveMedia: (messageId) => call('save_media', { messageId }),
    downloadCap: () => call('download_cap'),
    setDownloadCap: (bytes) => call('set_download_cap', { bytes }),
    pickAttachment: () => call('pick_attachment'),
    stageDropped: () => call('stage_dropped'),
    stagePasted: (name, type, bytes) => stagePasted(core, name, type, bytes),
    unstage: (token) => call('unstage', { token }),
    sendFiles: (conversationId, tokens, caption, replyTo) =>
      call('send_files', { conversationId, tokens, caption, quote: replyTo ?? null }),
    setPresence: (conversationId, state) => call('set_presence', { conversationId, state }),
    onPresence: async (listener) => pump.on('presence', listener),
    onFilesDropped: async (listener) => pump.on('files-dropped', () => listener()),
    viewing: (conversationId) => call('viewing', { conversationId }),
    onOpen: async (listener) => pump.on('open-conversation', listener),
    onProgress: async (listener) => pump.on('sync-progress', listener),
    onSync: async (listener) => pump.on('sync', listener),
  };
}
