// Mirrors of the Rust types the shell returns (switchboard-protocol and
// switchboard-core::store). Keep in step with crates/protocol/src/lib.rs.

export type Role = 'admin' | 'agent' | 'viewer';
export type DeliveryStatus =
  | 'queued'
  | 'pending'
  | 'unknown'
  | 'accepted'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed';
export type Direction = 'inbound' | 'outbound';

export interface UiError {
  code: string;
  message: string;
}

export interface SessionInfo {
  hub_url: string;
  agent_id: number;
  name: string;
  role: Role;
}

export interface ConversationView {
  id: number;
  wa_id: string;
  contact_name: string | null;
  assignee: number | null;
  status: 'open' | 'resolved';
  unread: number;
  last_inbound_at: number | null;
  last_message_at: number;
  preview: string | null;
  /** Who wrote the last message, and (for ours) how far it got. */
  last_direction: Direction | null;
  last_status: DeliveryStatus | null;
  /** What the signed-in agent may do with it, decided by the core. */
  can_reply: boolean;
  can_claim: boolean;
  can_assign: boolean;
  can_resolve: boolean;
}

export type Cursor = [number, number];

/** A list of conversations (the core says which ones this agent has). */
export type View =
  | { kind: 'mine' }
  | { kind: 'unassigned' }
  | { kind: 'all' }
  | { kind: 'resolved' }
  | { kind: 'agent'; agent_id: number };

export interface ConversationPage {
  items: ConversationView[];
  /** Pass back as `after` for the next page; null on the last. */
  next: Cursor | null;
}

/** How far catching up with the hub has come, in feed positions. */
export interface SyncProgress {
  started: number;
  applied: number;
  total: number;
}

export interface ViewCount {
  view: View;
  count: number;
}

export interface ViewCounts {
  views: ViewCount[];
  unread: number;
}

export interface ThreadItem {
  key: string;
  direction: Direction;
  kind: string;
  text: string | null;
  status: DeliveryStatus;
  error: string | null;
  timestamp: number;
  cursor: Cursor | null;
  /** For media messages: 'pending', 'ready' or 'failed' at the hub. */
  media_state: string | null;
  media_mime: string | null;
}

export interface ThreadPage {
  items: ThreadItem[];
  older: Cursor | null;
}

/** Messages around one message (a search hit), pageable both ways. */
export interface ThreadWindow {
  items: ThreadItem[];
  older: Cursor | null;
  newer: Cursor | null;
}

export interface SyncEvent {
  ok: boolean;
  changes: number;
  error: UiError | null;
}

export interface Template {
  name: string;
  language: string;
  /** With {{1}}, {{2}} ... placeholders. */
  body: string;
}

export interface AgentSummary {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
}

export interface SearchHit {
  conversation_id: number;
  contact: string;
  message_id: number;
  /** A few words around the match (plain text). */
  snippet: string;
  timestamp: number;
}
