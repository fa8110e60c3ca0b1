// The inbox's state: who is signed in, the views and their counts, the rows
// of the chosen view (paged by keyset, never all at once), the open
// conversation, and the connection. Components read it; only its methods
// change it.
import type { Backend } from '../backend';
import { asUiError } from '../backend';
import { t } from '../i18n.svelte';
import type {
  AgentSummary,
  Label,
  BulkAction,
  ConversationView,
  Macro,
  Cursor,
  SessionInfo,
  SyncEvent,
  SyncProgress,
  TeamMember,
  Team,
  Inbox as InboxInfo,
  UiError,
  View,
  ViewCount,
} from '../types';

export const PAGE = 50;

export const sameView = (a: View | null, b: View): boolean =>
  a !== null && JSON.stringify(a) === JSON.stringify(b);

export class Inbox {
  session = $state<SessionInfo | null>(null);
  needsSignIn = $state(false);
  fatal = $state<UiError | null>(null);
  /** What the sign-in screen says first: the hub's words, or one of
   * ours by its id (said in the language chosen there, even if changed). */
  #notice = $state<{ text: string } | { id: string }>({ text: '' });
  get signInNotice(): string {
    const n = this.#notice;
    return 'id' in n ? t(n.id) : n.text;
  }

  views = $state<ViewCount[]>([]);
  view = $state<View | null>(null);
  rows = $state<ConversationView[]>([]);
  next = $state<Cursor | null>(null);
  /** The keyboard's place in `rows`. */
  cursor = $state(0);

  selected = $state<number | null>(null);
  current = $state<ConversationView | null>(null);
  /** A message to open the thread at (a search hit), or null for the latest. */
  focusMessage = $state<number | null>(null);
  /** Bumped after each sync round, so open panes reload. */
  revision = $state(0);
  contactOpen = $state(true);
  /** The team screen (admins) instead of the thread. */
  team = $state(false);

  online = $state(true);
  syncNote = $state('');
  /** When the last sync round succeeded (ms since the epoch). */
  lastSync = $state<number | null>(null);
  progress = $state<SyncProgress | null>(null);
  unread = $state(0);
  /** Replies waiting to reach the hub, and those it refused. */
  outbox = $state(0);
  failed = $state(0);
  /** A message for the person (a failed action), shown until the next one. */
  note = $state('');
  /** Conversations picked for a bulk action (admins). */
  picked = $state<number[]>([]);
  /** The team (admins only; empty for other roles). */
  agents = $state<AgentSummary[]>([]);
  /** Labels (every role). */
  labels = $state<Label[]>([]);
  /** Colleagues' names (every role; the core keeps them for offline use). */
  people = $state<TeamMember[]>([]);
  /** A label by id, if this copy knows it. */
  label(id: number): Label | undefined {
    return this.labels.find((l) => l.id === id);
  }
  /** Teams and business numbers (every role; kept for offline use). */
  teams = $state<Team[]>([]);
  inboxes = $state<InboxInfo[]>([]);
  /** A team's name, if this copy knows it. */
  teamName(id: number | null): string | null {
    if (id === null) return null;
    return this.teams.find((t) => t.id === id)?.name ?? t('inbox-team-unknown', { id: String(id) });
  }
  /** An inbox's name (its number's id until it is named). */
  inboxName(id: string): string {
    return this.inboxes.find((i) => i.id === id)?.name ?? id;
  }
  /** Whether the hub answers more than one number (rows then name theirs). */
  get manyInboxes(): boolean {
    return this.inboxes.length > 1;
  }

  #backend: Backend;
  #loadingMore = false;
  #teamsLoaded = false;
  #inboxesLoaded = false;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Only a catch-up of more than a page or two is worth a progress bar. */
  get catchingUp(): boolean {
    const p = this.progress;
    return p !== null && p.total - p.started > 1000 && p.applied < p.total;
  }

  get percent(): number {
    const p = this.progress;
    return p && p.total > p.started ? Math.floor((100 * (p.applied - p.started)) / (p.total - p.started)) : 0;
  }

  /** Marks for the start-up benchmark (ui-bench), where the time goes: set
   * while the app starts, never again (a mark is kept for the page's life). */
  #starting = true;

  #mark(name: string): void {
    if (this.#starting) performance.mark(name);
  }

  async start(): Promise<void> {
    try {
      this.#mark('sb-start');
      this.session = await this.#backend.session();
      this.#mark('sb-session');
      this.needsSignIn = false;
      await this.refresh();
      this.#mark('sb-inbox');
    } catch (e) {
      const err = asUiError(e);
      if (err.code === 'not_signed_in') this.needsSignIn = true;
      else this.fatal = err;
    } finally {
      this.#starting = false;
    }
  }

  async signedIn(info: SessionInfo): Promise<void> {
    this.session = info;
    this.needsSignIn = false;
    await this.refresh();
  }

  async rebuild(): Promise<void> {
    try {
      this.session = await this.#backend.rebuild();
      this.fatal = null;
      this.needsSignIn = false;
      await this.refresh();
    } catch (e) {
      this.fatal = asUiError(e);
    }
  }

  /** Reloads the counts, the chosen view (as many rows as are shown) and the open conversation. */
  async refresh(): Promise<void> {
    try {
      const counts = await this.#backend.viewCounts();
      this.#mark('sb-counts');
      this.views = counts.views;
      this.unread = counts.unread;
      this.outbox = counts.outbox;
      this.failed = counts.failed;
      const view = this.view;
      // First time: the first view that holds anything.
      if (view === null || !this.views.some((c) => sameView(view, c.view))) {
        this.view = (this.views.find((c) => c.count > 0) ?? this.views[0])?.view ?? { kind: 'unassigned' };
      }
      if (!this.view) return;
      const page = await this.#backend.conversations(this.view, null, Math.min(200, Math.max(PAGE, this.rows.length)));
      this.rows = page.items;
      this.#mark('sb-rows');
      this.next = page.next;
      this.cursor = Math.min(this.cursor, Math.max(0, this.rows.length - 1));
      const id = this.selected;
      if (id !== null) {
        try {
          const current = await this.#backend.conversation(id);
          // Closed or another one opened meanwhile: that choice stands.
          if (this.selected === id) this.current = current;
        } catch {
          // Revoked or erased: it is gone from this desktop.
          if (this.selected === id) {
            this.selected = null;
            this.current = null;
          }
        }
      }
      this.revision += 1;
      if (this.agents.length === 0) this.agents = await this.#backend.agents().catch(() => []);
      // The labels' names: again only when a view or a row names a label
      // this store does not know (not on every sync round).
      const known = (id: number) => this.labels.some((l) => l.id === id);
      const named = [
        ...this.views.flatMap((v) => (v.view.kind === 'label' ? [v.view.label_id] : [])),
        ...this.rows.flatMap((r) => r.labels),
      ];
      if (named.some((id) => !known(id))) this.labels = await this.#backend.labels().catch(() => this.labels);
      // Colleagues' names: again only when a row or a view names someone
      // this store does not know.
      const held = [
        ...this.views.flatMap((v) => (v.view.kind === 'agent' ? [v.view.agent_id] : [])),
        ...this.rows.flatMap((r) => (r.assignee === null ? [] : [r.assignee])),
      ];
      if (held.some((id) => !this.people.some((p) => p.id === id))) {
        this.people = await this.#backend.team().catch(() => this.people);
      }
      // Teams' and inboxes' names: once, and again when a view or a row
      // names one this store does not know.
      const teamIds = [
        ...this.views.flatMap((v) => (v.view.kind === 'team' || v.view.kind === 'team_queue' ? [v.view.team_id] : [])),
        ...this.rows.flatMap((r) => (r.team_id === null ? [] : [r.team_id])),
      ];
      if (!this.#teamsLoaded || teamIds.some((id) => !this.teams.some((t) => t.id === id))) {
        this.#teamsLoaded = true;
        this.teams = await this.#backend.teams().catch(() => this.teams);
      }
      if (!this.#inboxesLoaded || this.rows.some((r) => r.inbox !== '' && !this.inboxes.some((i) => i.id === r.inbox))) {
        this.#inboxesLoaded = true;
        this.inboxes = await this.#backend.inboxes().catch(() => this.inboxes);
      }
    } catch (e) {
      this.fatal = asUiError(e);
    }
  }

  /** Sign-out being asked: null, or what to ask (first time, or replies
   * that would be lost). */
  signingOut = $state<null | { unsent: string }>(null);

  /** Signs out; replies still in the outbox are only discarded when asked. */
  async signOut(discardUnsent: boolean): Promise<void> {
    try {
      await this.#backend.signOut(discardUnsent);
      this.signingOut = null;
      this.#toSignIn({ id: 'inbox-signed-out' });
    } catch (e) {
      const err = asUiError(e);
      if (err.code === 'unsent_replies') this.signingOut = { unsent: err.message };
      else {
        this.signingOut = null;
        this.note = err.message;
      }
    }
  }

  /** How many open conversations an agent holds (from the views' counts). */
  openCount(agentId: number): number {
    return this.views.find((v) => v.view.kind === 'agent' && v.view.agent_id === agentId)?.count ?? 0;
  }

  /** Where a range of picks starts (the last row picked or unpicked). */
  #anchor: number | null = null;

  /** Picks or unpicks one row; with `range`, every row from the last one
   * picked to this one takes its new state (shift-click, Shift+X). */
  toggle(id: number, range = false): void {
    const on = !this.picked.includes(id);
    const from = this.rows.findIndex((r) => r.id === this.#anchor);
    const to = this.rows.findIndex((r) => r.id === id);
    const ids = range && from >= 0 && to >= 0
      ? this.rows.slice(Math.min(from, to), Math.max(from, to) + 1).filter(pickable).map((r) => r.id)
      : [id];
    const rest = this.picked.filter((p) => !ids.includes(p));
    this.picked = on ? [...rest, ...ids] : rest;
    this.#anchor = id;
  }

  /** Picks every row of the view loaded so far that this agent may act on (*). */
  pickAll(): void {
    this.picked = this.rows.filter(pickable).map((r) => r.id);
  }

  /** Assigns every picked conversation (null: back to the queue). */
  async assignPicked(assignee: number | null): Promise<void> {
    await this.bulk({ type: 'assign', assignee });
  }

  async resolvePicked(): Promise<void> {
    await this.bulk({ type: 'resolve' });
  }

  /** Runs a macro on `ids`; says what waits for the hub, what was
   * refused and why. */
  async runMacro(m: Macro, ids: number[]): Promise<void> {
    try {
      const out = await this.#backend.runMacro(m.id, ids);
      const first = out.refused[0];
      const queued = out.queued > 0 ? t('inbox-macro-queued', { count: out.queued }) : '';
      const refused = first ? t('inbox-macro-refused', { count: out.refused.length, reason: first.message }) : '';
      const details = queued && refused ? t('inbox-macro-both', { queued, refused }) : queued || refused;
      this.note = details ? t('inbox-macro-ran', { name: m.name, count: ids.length, details }) : '';
      this.picked = [];
    } catch (e) {
      this.note = asUiError(e).message;
    }
    await this.refresh();
  }

  /** One action on every picked conversation, in one request; says what
   * the hub refused and why. */
  async bulk(action: BulkAction): Promise<void> {
    const ids = this.picked;
    try {
      const out = await this.#backend.bulk(ids, action);
      const first = out.refused[0];
      this.note = first
        ? t('inbox-bulk-refused', { done: out.done.length, refused: out.refused.length, total: ids.length, reason: first.message })
        : '';
      this.picked = out.refused.map((r) => r.conversation_id).filter((id) => this.rows.some((r) => r.id === id));
    } catch (e) {
      this.note = asUiError(e).message;
    }
    await this.refresh();
  }

  async choose(view: View): Promise<void> {
    this.view = view;
    this.rows = [];
    this.next = null;
    this.cursor = 0;
    await this.refresh();
  }

  /** The next page of the chosen view (once at a time). */
  async loadMore(): Promise<void> {
    if (!this.view || !this.next || this.#loadingMore) return;
    this.#loadingMore = true;
    try {
      const page = await this.#backend.conversations(this.view, this.next, PAGE);
      this.rows = [...this.rows, ...page.items];
      this.next = page.next;
    } catch (e) {
      this.note = asUiError(e).message;
    } finally {
      this.#loadingMore = false;
    }
  }

  async open(id: number, atMessage: number | null = null): Promise<void> {
    this.team = false;
    this.selected = id;
    this.focusMessage = atMessage;
    const at = this.rows.findIndex((r) => r.id === id);
    if (at >= 0) this.cursor = at;
    this.#backend.viewing(id).catch(() => {});
    try {
      this.current = await this.#backend.conversation(id);
    } catch (e) {
      this.current = null;
      this.note = asUiError(e).message;
    }
  }

  /** Back to the list: nothing open. */
  close(): void {
    this.selected = null;
    this.current = null;
    this.focusMessage = null;
    this.#backend.viewing(null).catch(() => {});
  }

  /** Leaves a conversation for later: unread again, and back to the list
   * (reading it would mark it read at once). */
  async markUnread(id: number): Promise<void> {
    if (await this.act((b) => b.markUnread(id))) this.close();
  }

  /** Moves the keyboard's place in the list; loads the next page at the end. */
  move(by: number): void {
    if (this.rows.length === 0) return;
    this.cursor = Math.max(0, Math.min(this.rows.length - 1, this.cursor + by));
    if (this.cursor >= this.rows.length - 5) this.loadMore();
  }

  openAtCursor(): void {
    const row = this.rows[this.cursor];
    if (row) this.open(row.id);
  }

  /** Runs an action on the open conversation; a refusal is said, not thrown. */
  async act(what: (b: Backend) => Promise<unknown>): Promise<boolean> {
    this.note = '';
    try {
      await what(this.#backend);
      return true;
    } catch (e) {
      this.note = asUiError(e).message;
      return false;
    }
  }

  synced(event: SyncEvent): void {
    this.online = event.ok;
    this.syncNote = event.ok ? '' : (event.error?.message ?? t('inbox-offline'));
    if (event.ok) this.lastSync = Date.now();
    if (event.error?.code === 'signed_out') {
      // The hub revoked this desktop: the local copy is gone, sign in again.
      this.#toSignIn({ text: event.error.message });
      return;
    }
    if (this.session) this.refresh();
  }

  /** Back to the sign-in screen with `notice`: nothing of the old session stays. */
  #toSignIn(notice: { text: string } | { id: string }): void {
    this.session = null;
    this.rows = [];
    this.views = [];
    this.view = null;
    this.selected = null;
    this.current = null;
    this.team = false;
    this.#notice = notice;
    this.needsSignIn = true;
  }
}

/** Whether a row may be picked for a bulk action: this agent may act on it. */
export function pickable(c: ConversationView): boolean {
  return c.can_resolve || c.can_assign || c.can_transfer;
}
