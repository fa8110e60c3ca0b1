//! What the hub needs from its storage, as one trait, with the rows it
//! hands back and forth (defined in [`crate::db::types`], named here for
//! the layers above) and one error ([`StoreError`]), none of them tied to
//! a database. The HTTP layer, the workers and the CLI speak only to
//! [`HubStore`], implemented once (`rules.rs`) for any [`Backend`]: the
//! embedded SQLite store ([`crate::backend::sqlite::Store`], the default)
//! or PostgreSQL ([`crate::backend::postgres::PgStore`], for several hubs
//! on one database); [`crate::backend::open`] opens either.

use async_trait::async_trait;
use serde_json::Value;
use switchboard_protocol::{Change, Conversation, ConversationStatus, Message, Role};
use switchboard_whatsapp::webhook::Event;

use crate::queries;
use crate::queries::audit;

mod rules;

pub use crate::db::StoreError;
pub use crate::db::types::*;
pub use rules::Backend;

#[async_trait]
pub trait HubStore: Send + Sync {
    // webhooks
    /// Applies one webhook's events in one durable write.
    async fn ingest(&self, events: Vec<Event>) -> Result<IngestOutcome, StoreError> {
        self.ingest_with(events, None).await
    }
    /// [`HubStore::ingest`]; with `auto_assign` (a per-agent limit of open
    /// conversations), a customer writing into the queue goes to an
    /// available agent with room (see `queries/assign.rs`).
    async fn ingest_with(
        &self,
        events: Vec<Event>,
        auto_assign: Option<i64>,
    ) -> Result<IngestOutcome, StoreError>;
    /// An agent says whether it takes new conversations; becoming available
    /// with auto-assignment on takes the oldest waiting ones up to the
    /// limit. Returns the conversations taken.
    async fn set_available(
        &self,
        agent_id: i64,
        available: bool,
        auto_assign: Option<i64>,
    ) -> Result<Vec<i64>, StoreError>;
    /// Ids of the agents available for new conversations.
    async fn available_agents(&self) -> Result<Vec<i64>, StoreError>;
    async fn quarantine(&self, reason: String, body: Vec<u8>) -> Result<(), StoreError>;

    // agents, tokens, audit (`actor`: the admin acting; `None` for the
    // command line on the hub's machine)
    /// The agent behind a token, by the token's SHA-256.
    async fn authenticate(
        &self,
        token_hash: Vec<u8>,
    ) -> Result<Result<AgentRow, TokenRejection>, StoreError>;
    /// As [`HubStore::authenticate`], with when the token expires (unix
    /// seconds): an event stream keeps it to stop pushing at that moment.
    async fn authenticate_until(
        &self,
        token_hash: Vec<u8>,
    ) -> Result<Result<(AgentRow, i64), TokenRejection>, StoreError>;
    /// The tokens' and the lists' generations (migration 0018): moved by
    /// every revocation, disable and role change, and by every change to the
    /// team's names, canned replies and labels.
    async fn generations(&self) -> Result<(i64, i64), StoreError>;
    /// Audits a sign-in on a token's first use; true if this was it.
    async fn record_sign_in(&self, token_hash: Vec<u8>, agent_id: i64) -> Result<bool, StoreError>;
    async fn audit(
        &self,
        actor: Option<i64>,
        action: &'static str,
        subject: String,
        detail: String,
    ) -> Result<(), StoreError>;
    async fn list_agents(&self) -> Result<Vec<AgentRow>, StoreError>;
    /// Creates an agent and its first token (returned once).
    async fn create_agent(
        &self,
        name: String,
        role: Role,
        token_days: i64,
        actor: Option<i64>,
    ) -> Result<(i64, String), StoreError>;
    /// Changes a role and/or disables or enables, in one transaction; never
    /// leaves the hub without an active admin.
    async fn update_agent(
        &self,
        agent_id: i64,
        role: Option<Role>,
        disabled: Option<bool>,
        actor: Option<i64>,
    ) -> Result<(), StoreError>;
    async fn list_tokens(&self, agent_id: i64) -> Result<Vec<TokenInfo>, StoreError>;
    /// Issues a token (returned once); `rotate` revokes the others in the same step.
    async fn issue_token(
        &self,
        agent_id: i64,
        days: i64,
        rotate: bool,
        actor: Option<i64>,
    ) -> Result<String, StoreError>;
    /// Revokes one token, or all of the agent's when `token_id` is `None`.
    async fn revoke_tokens(
        &self,
        agent_id: i64,
        token_id: Option<i64>,
        actor: Option<i64>,
    ) -> Result<usize, StoreError>;
    /// Walks the audit log's hash chain: the number of entries, or the
    /// first one that no longer fits.
    async fn verify_audit(&self) -> Result<Result<usize, audit::Tampered>, StoreError>;
    /// Key ids stored rows are sealed under that this hub has not loaded.
    async fn missing_keys(&self) -> Result<Vec<i64>, StoreError>;
    /// Loaded key ids that do not open a message sealed under them.
    async fn wrong_keys(&self) -> Result<Vec<i64>, StoreError>;
    /// Re-seals every stored row under the current content key, with its
    /// audit entry; refused while any row's key is not loaded. Returns
    /// the number of rows re-sealed.
    async fn rotate_content_key(&self) -> Result<usize, StoreError>;
    async fn audit_log(&self, after: i64, limit: i64) -> Result<Vec<audit::Entry>, StoreError>;

    // the feed and conversations
    async fn latest_seq(&self) -> Result<i64, StoreError>;
    async fn changes_for(
        &self,
        agent: AgentRow,
        after: i64,
        limit: i64,
    ) -> Result<(Vec<Change>, i64, bool), StoreError>;
    /// The feed after `after`, read once for every event stream this hub
    /// serves (at most `limit` changes, see [`queries::feed::Tail`]), and
    /// the tokens' generation it was read at (migration 0018).
    async fn feed_tail(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<(queries::feed::Tail, i64), StoreError>;
    async fn conversation(&self, id: i64) -> Result<Conversation, StoreError>;
    /// Several conversations in one read, in the order asked (none for an
    /// id the hub does not know).
    async fn conversations_by_id(
        &self,
        ids: Vec<i64>,
    ) -> Result<Vec<Option<Conversation>>, StoreError>;
    /// One action on many conversations (already checked against the role
    /// table by the caller), each applied and audited on its own, all in
    /// one transaction; what a conversation's state refused comes back
    /// with its id (nothing else of the request is undone by it).
    async fn bulk(
        &self,
        ids: Vec<i64>,
        action: switchboard_protocol::BulkAction,
        actor: i64,
    ) -> Result<Vec<(i64, StoreError)>, StoreError>;
    async fn message(&self, id: i64) -> Result<Message, StoreError>;
    /// Records an outbound message (idempotent on its client id) for the send queue.
    async fn queue_outbound(&self, m: NewOutbound) -> Result<SendSlot, StoreError>;
    /// How the team did between `from` and `to` (unix seconds), over the
    /// conversations in `scope`.
    async fn report(
        &self,
        from: i64,
        to: i64,
        scope: queries::reports::ReportScope,
    ) -> Result<switchboard_protocol::Report, StoreError>;
    /// Teams with their members, by name (every role reads them).
    async fn teams(&self) -> Result<Vec<switchboard_protocol::Team>, StoreError>;
    /// Changes a service-level policy or an inbox's hours and automatic
    /// replies, audited (the caller has checked the caller is an admin);
    /// returns a new policy's id, else 0 (or the policy's).
    async fn change_service(&self, change: ServiceChange, actor: i64) -> Result<i64, StoreError>;
    /// The macros, by name.
    async fn macros(&self) -> Result<Vec<switchboard_protocol::Macro>, StoreError>;
    /// The service-level policies, in id order.
    async fn sla_policies(&self) -> Result<Vec<switchboard_protocol::SlaPolicy>, StoreError>;
    /// Records the service-level targets pending past `at` as missed;
    /// returns how many it recorded.
    async fn record_sla_breaches(&self, at: i64) -> Result<usize, StoreError>;
    /// The business numbers the hub answers, by name.
    async fn inboxes(&self) -> Result<Vec<switchboard_protocol::Inbox>, StoreError>;
    /// Changes teams or inboxes, or moves a conversation to another team,
    /// audited (the caller has checked who may); returns the new team's id
    /// for [`TeamChange::AddTeam`], else 0.
    async fn change_teams(&self, change: TeamChange, actor: i64) -> Result<i64, StoreError>;
    /// Labels, by name (every role reads them).
    async fn labels(&self) -> Result<Vec<switchboard_protocol::Label>, StoreError>;
    /// Admins: adds, rewrites (`Some(id)`) or removes labels.
    async fn save_label(
        &self,
        id: Option<i64>,
        req: switchboard_protocol::LabelRequest,
        actor: i64,
    ) -> Result<i64, StoreError>;
    async fn delete_label(&self, id: i64, actor: i64) -> Result<(), StoreError>;
    /// Sets a conversation's labels (all of them).
    async fn set_labels(
        &self,
        conversation_id: i64,
        labels: Vec<i64>,
        actor: i64,
    ) -> Result<(), StoreError>;
    /// Canned replies, by shortcut (every role reads them).
    async fn canned(&self) -> Result<Vec<switchboard_protocol::CannedReply>, StoreError>;
    /// Admins: adds a canned reply; returns its id.
    async fn add_canned(
        &self,
        req: switchboard_protocol::CannedReplyRequest,
        actor: i64,
    ) -> Result<i64, StoreError>;
    async fn update_canned(
        &self,
        id: i64,
        req: switchboard_protocol::CannedReplyRequest,
        actor: i64,
    ) -> Result<(), StoreError>;
    async fn delete_canned(&self, id: i64, actor: i64) -> Result<(), StoreError>;
    /// The team's names (enabled agents), for notes, mentions and assignees.
    async fn team(&self) -> Result<Vec<switchboard_protocol::TeamMember>, StoreError>;
    /// Sets the assignee. A `claim` succeeds only if the conversation is
    /// still unassigned at commit ([`StoreError::Held`] otherwise).
    async fn assign(
        &self,
        conversation_id: i64,
        assignee: Option<i64>,
        actor: i64,
        claim: bool,
    ) -> Result<(), StoreError>;
    async fn set_status(
        &self,
        conversation_id: i64,
        status: ConversationStatus,
        actor: i64,
    ) -> Result<(), StoreError>;
    /// Snoozes an open conversation until `until` (or until the customer
    /// writes), audited.
    async fn snooze(
        &self,
        conversation_id: i64,
        until: Option<i64>,
        actor: i64,
    ) -> Result<(), StoreError>;
    /// Brings a snoozed conversation back, audited.
    async fn wake(&self, conversation_id: i64, actor: i64) -> Result<(), StoreError>;
    /// Clears unread; returns the last inbound wamid, for a read receipt.
    async fn mark_read(&self, conversation_id: i64) -> Result<Option<ReadReceipt>, StoreError>;
    async fn mark_unread(&self, conversation_id: i64) -> Result<(), StoreError>;
    /// Where a message's ready media is (see [`MediaSource`]).
    async fn media_source(&self, message_id: i64) -> Result<MediaSource, StoreError>;
    /// Chunk `seq` of a customer's media kept in chunks.
    async fn media_chunk(&self, message_id: i64, seq: i64) -> Result<Vec<u8>, StoreError>;
    /// A message's ready media, whole (for small files and tests; the API
    /// streams chunks instead).
    async fn media_bytes(&self, message_id: i64) -> Result<(String, Vec<u8>), StoreError> {
        match self.media_source(message_id).await? {
            MediaSource::Chunked {
                mime_type, chunks, ..
            } => {
                let mut bytes = Vec::new();
                for seq in 0..chunks {
                    bytes.extend(self.media_chunk(message_id, seq).await?);
                }
                Ok((mime_type, bytes))
            }
            MediaSource::Whole { mime_type, bytes } => Ok((mime_type, bytes)),
            MediaSource::Upload {
                mime_type,
                upload_id,
                chunks,
                ..
            } => {
                let mut bytes = Vec::new();
                for seq in 0..chunks {
                    bytes.extend(self.upload_chunk(upload_id, seq).await?);
                }
                Ok((mime_type, bytes))
            }
        }
    }
    /// Starts an upload; its chunks follow, then [`HubStore::finish_upload`].
    async fn begin_upload(&self, upload: NewUpload) -> Result<i64, StoreError>;
    async fn put_upload_chunk(&self, id: i64, seq: i64, bytes: Vec<u8>) -> Result<(), StoreError>;
    async fn finish_upload(
        &self,
        id: i64,
        size: i64,
        sha256: String,
        chunks: i64,
    ) -> Result<(), StoreError>;
    async fn drop_upload(&self, id: i64) -> Result<(), StoreError>;
    async fn upload(&self, id: i64) -> Result<UploadRow, StoreError>;
    async fn upload_chunk(&self, id: i64, seq: i64) -> Result<Vec<u8>, StoreError>;
    async fn set_graph_media_id(&self, id: i64, media_id: String) -> Result<(), StoreError>;
    /// Bytes of `agent_id`'s uploads no message has taken yet.
    async fn unsent_upload_bytes(&self, agent_id: i64) -> Result<i64, StoreError>;
    /// Deletes uploads no message took before `before`; returns how many.
    async fn sweep_uploads(&self, before: i64) -> Result<usize, StoreError>;
    /// The wamid of a message of the conversation, to react to.
    async fn reaction_target(
        &self,
        conversation_id: i64,
        message_id: i64,
    ) -> Result<String, StoreError>;

    // contacts
    async fn export_contact(&self, wa_id: String, actor: i64) -> Result<Value, StoreError>;
    /// Erases a customer, leaving nothing of it readable in the store's files.
    async fn erase_contact(&self, wa_id: String, actor: i64) -> Result<usize, StoreError>;

    // operations
    async fn quarantined(&self) -> Result<Vec<Value>, StoreError>;
    /// WhatsApp's alerts about the account, numbers and templates, newest
    /// first, before the alert `before` when given.
    async fn alerts(&self, before: Option<i64>, limit: i64) -> Result<Vec<AlertInfo>, StoreError>;
    /// Fails unless a write can be committed now.
    async fn check_writable(&self) -> Result<(), StoreError>;
    /// Tells the other hubs on the same store who is viewing or typing where.
    async fn tell_presence(&self, payload: String) -> Result<(), StoreError>;
    async fn gauges(&self) -> Result<Gauges, StoreError>;

    // the send queue
    async fn due_sends(&self, now: i64, limit: i64) -> Result<Vec<DueSend>, StoreError>;
    async fn next_send_due(&self) -> Result<Option<i64>, StoreError>;
    /// Durably marks a send as under way; false if it is no longer queued.
    async fn mark_in_flight(&self, message_id: i64) -> Result<bool, StoreError>;
    async fn record_send_outcome(
        &self,
        message_id: i64,
        outcome: SendOutcome,
    ) -> Result<(), StoreError>;
    /// At start-up: sends this hub left in flight (and, with several hubs,
    /// those of hubs that stopped) get an unknown outcome. Returns how many.
    async fn reconcile_in_flight(&self) -> Result<usize, StoreError>;
    /// While running: sends of hubs that stopped mid-call (their lease ran
    /// out) get an unknown outcome. Nothing to do with one hub.
    async fn reconcile_expired(&self) -> Result<usize, StoreError>;
    /// A token from the send bucket `key` that every hub shares (a business
    /// number's or a customer's); `None` when this backend has no shared
    /// buckets and the hub paces on its own.
    async fn take_send_token(
        &self,
        key: String,
        capacity: f64,
        per_sec: f64,
    ) -> Result<Option<Result<(), std::time::Duration>>, StoreError>;

    // media
    async fn due_media(&self, now: i64, limit: i64) -> Result<Vec<DueMedia>, StoreError>;
    async fn next_media_due(&self) -> Result<Option<i64>, StoreError>;
    /// Records a download's outcome; returns whether an agent sees a change.
    async fn record_media(
        &self,
        message_id: i64,
        outcome: MediaOutcome,
    ) -> Result<bool, StoreError>;
}
