//! Wire types spoken between the Switchboard desktop core and the hub.
//!
//! Everything here is plain data with serde derives and no I/O, so both
//! sides (and the UI, through the Tauri shell) agree on one definition.
//!
//! ```
//! use switchboard_protocol::{Role, Permission};
//! assert!(Role::Admin.allows(Permission::Assign));
//! assert!(!Role::Viewer.allows(Permission::Reply));
//! ```

use serde::{Deserialize, Serialize};

/// What an agent is allowed to do, as an explicit set per role rather than a
/// comparison of role numbers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Agent,
    Viewer,
}

/// One action of the role table in ARCHITECTURE.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read every conversation, not only one's own and the unassigned queue.
    ReadAll,
    /// Reply in a conversation assigned to oneself.
    Reply,
    /// Reply in any conversation, whoever holds it.
    ReplyAny,
    /// Take an unassigned conversation for oneself.
    Claim,
    /// Set, change or clear any assignee.
    Assign,
    /// Resolve or reopen a conversation assigned to oneself.
    Resolve,
    /// Resolve or reopen any conversation.
    ResolveAny,
    /// Export or erase a contact's data.
    ContactData,
    /// Manage agents and tokens, read the audit log.
    Manage,
}

impl Role {
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[
                ReadAll,
                Reply,
                ReplyAny,
                Claim,
                Assign,
                Resolve,
                ResolveAny,
                ContactData,
                Manage,
            ],
            Role::Agent => &[Reply, Claim, Resolve],
            Role::Viewer => &[ReadAll],
        }
    }

    pub fn allows(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "agent" => Some(Role::Agent),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// Whether `agent_id` with `role` may read a conversation held by `assignee`.
/// Agents see their own conversations and the unassigned queue.
pub fn may_read(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::ReadAll) || assignee.is_none() || assignee == Some(agent_id)
}

/// Whether `agent_id` with `role` may reply in a conversation held by `assignee`.
pub fn may_reply(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::ReplyAny)
        || (role.allows(Permission::Reply) && assignee == Some(agent_id))
}

/// Whether `agent_id` with `role` may resolve, reopen or mark read a
/// conversation held by `assignee`: admins any, agents their own.
pub fn may_manage(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::ResolveAny)
        || (role.allows(Permission::Resolve) && assignee == Some(agent_id))
}

/// Whether `agent_id` with `role` may leave a private note on a
/// conversation held by `assignee`: agents and admins, on any conversation
/// they may read (a note in the queue warns whoever claims it); viewers
/// read notes but write none.
pub fn may_note(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::Reply) && may_read(role, agent_id, assignee)
}

/// Whether `agent_id` with `role` may say it is typing in a conversation
/// held by `assignee`: whoever may write in it (a reply or a note); viewers
/// write nothing, so they may say they are viewing, never typing.
pub fn may_type(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    may_note(role, agent_id, assignee)
}

/// Whether `role` may take a conversation held by `assignee` for itself.
pub fn may_claim(role: Role, assignee: Option<i64>) -> bool {
    role.allows(Permission::Claim) && assignee.is_none()
}

/// What the signed-in agent may do with one conversation: the role table of
/// ARCHITECTURE.md applied to it, in the one place it is written. The hub
/// enforces the same functions; the desktop hands these flags to the UI,
/// which never works roles out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Actions {
    /// Send a reply (text, template, reaction).
    pub can_reply: bool,
    /// Take it from the unassigned queue.
    pub can_claim: bool,
    /// Give it to anyone, or back to the queue.
    pub can_assign: bool,
    /// Resolve, reopen, mark read.
    pub can_resolve: bool,
    /// Leave a private note for the team.
    pub can_note: bool,
}

impl Actions {
    pub fn of(role: Role, agent_id: i64, assignee: Option<i64>) -> Actions {
        Actions {
            can_reply: may_reply(role, agent_id, assignee),
            can_claim: may_claim(role, assignee),
            can_assign: role.allows(Permission::Assign),
            can_resolve: may_manage(role, agent_id, assignee),
            can_note: may_note(role, agent_id, assignee),
        }
    }
}

/// One member of the team (`GET /v1/team`): names for notes, mentions and
/// assignees, for every role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
}

/// What WhatsApp said about the account, a number or a template
/// (`GET /v1/alerts`, admins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Alert {
    pub id: i64,
    /// Unix seconds.
    pub received_at: i64,
    /// The webhook field (`account_update`, `message_template_quality_update`, …).
    pub field: String,
    /// One line saying what happened.
    pub summary: String,
    /// The event as WhatsApp sent it.
    #[schema(value_type = Object)]
    #[ts(type = "unknown")]
    pub detail: serde_json::Value,
}

/// A text admins wrote once for every agent to insert (`/` and its
/// shortcut in the composer). `{{contact.name}}`, `{{contact.number}}` and
/// `{{agent.name}}` in it are filled in when it is inserted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CannedReply {
    pub id: i64,
    pub name: String,
    pub shortcut: String,
    pub text: String,
}

/// `POST /v1/canned` and `PUT /v1/canned/{id}` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct CannedReplyRequest {
    /// What it is for, 1 to 80 characters.
    pub name: String,
    /// 1 to 32 of a-z, 0-9, `-` and `_`, starting with a letter or digit.
    pub shortcut: String,
    pub text: String,
}

/// A canned reply's shortcut: 1 to 32 of `a-z 0-9 - _`, not starting with
/// `-` or `_` (typed after `/` in the composer).
pub fn validate_shortcut(s: &str) -> Result<(), &'static str> {
    let ok = (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err("a shortcut is 1 to 32 of a-z, 0-9, - and _, starting with a letter or digit")
    }
}

/// `GET /v1/reports` (admins): how the team did over a period, by agent
/// and by day (UTC days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Report {
    /// Unix seconds, inclusive.
    pub from: i64,
    /// Unix seconds, exclusive.
    pub to: i64,
    pub agents: Vec<AgentReport>,
    pub days: Vec<DayReport>,
}

/// One agent's figures over a report's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AgentReport {
    pub agent_id: i64,
    pub name: String,
    /// Replies sent (texts, templates; not notes or reactions).
    pub replies: i64,
    /// New conversations this agent answered first.
    pub first_responses: i64,
    /// Median seconds from a new conversation's first message to its first reply.
    pub first_response_median_secs: Option<i64>,
    /// Conversations this agent resolved.
    pub resolved: i64,
    /// Median seconds from the customer's first message (since the last
    /// resolution) to this resolution.
    pub resolution_median_secs: Option<i64>,
}

/// One day's figures (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DayReport {
    /// Unix seconds of the day's start (UTC midnight).
    pub day: i64,
    /// Conversations whose customer wrote for the first time that day.
    pub new_conversations: i64,
    /// Messages from customers.
    pub inbound: i64,
    pub replies: i64,
    pub resolved: i64,
}

/// `GET /v1/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Me {
    pub agent_id: i64,
    pub name: String,
    pub role: Role,
    /// Takes new conversations (agents and admins say so themselves).
    #[serde(default)]
    pub available: bool,
}

/// `PUT /v1/me/availability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    pub available: bool,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Resolved,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Delivery state of a message. Ordered: a message only ever moves forward,
/// except to `Failed`, which is terminal.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ts_rs::TS,
    utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Written on the desktop, not yet accepted by the hub.
    Queued,
    /// Recorded by the hub, waiting in its send queue (or being retried).
    Pending,
    /// The hub called WhatsApp but the answer was lost: it may or may not
    /// have been sent. Shown, never re-sent blindly.
    Unknown,
    /// Meta answered with a wamid.
    Accepted,
    Sent,
    Delivered,
    Read,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Unknown => "unknown",
            DeliveryStatus::Accepted => "accepted",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Read => "read",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        Some(match s {
            "queued" => DeliveryStatus::Queued,
            "pending" => DeliveryStatus::Pending,
            "unknown" => DeliveryStatus::Unknown,
            "accepted" => DeliveryStatus::Accepted,
            "sent" => DeliveryStatus::Sent,
            "delivered" => DeliveryStatus::Delivered,
            "read" | "played" => DeliveryStatus::Read,
            "failed" => DeliveryStatus::Failed,
            _ => return None,
        })
    }

    /// The status after `incoming` arrives on a message that is at `self`:
    /// never backwards, and nothing leaves `Failed`.
    pub fn advance(self, incoming: DeliveryStatus) -> DeliveryStatus {
        if self == DeliveryStatus::Failed {
            self
        } else {
            self.max(incoming)
        }
    }
}

/// A conversation as the desktop sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Conversation {
    pub id: i64,
    /// The customer's WhatsApp id (phone number in international form).
    pub wa_id: String,
    pub contact_name: Option<String>,
    pub assignee: Option<i64>,
    pub status: ConversationStatus,
    pub unread: i64,
    /// Unix seconds of the customer's last message; the 24-hour window runs from it.
    pub last_inbound_at: Option<i64>,
    /// Unix seconds of the last message either way, for ordering the list.
    pub last_message_at: i64,
    /// Unix seconds since the customer asked for no marketing messages
    /// (WhatsApp's `user_preferences`); marketing templates are not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub marketing_opt_out: Option<i64>,
    /// The labels on it (ids of [`Label`]s), in id order.
    #[serde(default)]
    pub labels: Vec<i64>,
}

/// A label admins define; agents put it on the conversations they may act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Label {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// `POST /v1/labels` and `PUT /v1/labels/{id}` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct LabelRequest {
    /// 1 to 80 characters, unique.
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// `PUT /v1/conversations/{id}/labels`: the conversation's labels, all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsSet {
    pub labels: Vec<i64>,
}

/// A label's colour: `#` and six hex digits.
pub fn validate_colour(c: &str) -> Result<(), &'static str> {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err("a colour is # and six hex digits, like #1e88e5")
    }
}

/// A message as the desktop sees it. `text` is the body for text messages
/// and a short description for anything else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: Direction,
    /// WhatsApp message type (`text`, `image`, ...) or `unsupported`.
    pub kind: String,
    pub text: Option<String>,
    pub wamid: Option<String>,
    pub client_message_id: Option<String>,
    pub status: DeliveryStatus,
    /// Meta's reason when `status` is `failed`.
    pub error: Option<String>,
    /// Unix seconds.
    pub timestamp: i64,
    pub sent_by: Option<i64>,
    /// For image, video, audio, document and sticker messages: the download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaState>,
    /// What the message holds beyond its text (a document's name, a
    /// location, contact cards, a reaction's emoji, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Details>,
    /// The message this one quotes (WhatsApp's reply context), when the hub
    /// has it in the same conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<i64>,
    /// For a reaction, an edit or a deletion: the message it is about, when
    /// the hub has it in the same conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<i64>,
    /// The customer edited this message; `text` is its latest version.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
}

/// The parts of a message beyond its text, per kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Details {
    /// Image, video, audio, document or sticker.
    Media {
        caption: Option<String>,
        /// A document's file name as the sender gave it.
        filename: Option<String>,
        /// An audio message recorded as a voice note.
        #[serde(default)]
        voice: bool,
        /// An animated sticker.
        #[serde(default)]
        animated: bool,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    Contacts {
        cards: Vec<ContactCard>,
    },
    /// `emoji` is `None` when the sender took a reaction back.
    Reaction {
        emoji: Option<String>,
    },
    /// A message WhatsApp could not show us; Meta's reason when it gave one.
    Unsupported {
        reason: Option<String>,
    },
}

/// One contact card a customer shared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ContactCard {
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub organization: Option<String>,
}

/// Where the hub is with fetching a message's media from WhatsApp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MediaState {
    /// `pending` (being fetched, retried on failure), `ready`, or `failed`.
    pub state: String,
    pub mime_type: Option<String>,
    pub size: Option<i64>,
    pub error: Option<String>,
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Conversation {
        seq: i64,
        conversation: Conversation,
    },
    Message {
        seq: i64,
        /// Boxed: a message is several times the size of the other changes.
        message: Box<Message>,
    },
    /// The caller lost access to this conversation: purge it locally.
    Revoked { seq: i64, conversation_id: i64 },
}

impl Change {
    pub fn seq(&self) -> i64 {
        match self {
            Change::Conversation { seq, .. }
            | Change::Message { seq, .. }
            | Change::Revoked { seq, .. } => *seq,
        }
    }
}

/// `GET /v1/changes` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// Cursor to pass as `after` next time.
    pub next: i64,
    /// True when more changes are waiting past `next`.
    pub more: bool,
    /// The feed's last seq when this page was read: how far a catch-up has
    /// to go (for a first sync's progress). 0 from hubs that do not say.
    #[serde(default)]
    pub latest: i64,
}

/// `POST /v1/conversations/{id}/messages` body: a text, an approved
/// template (the only kind WhatsApp allows outside the 24-hour window), a
/// reaction, or (with `note`) a private note for the team, which is kept by
/// the hub and never sent to WhatsApp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// Idempotency key chosen by the client; the same key always names the same message.
    pub client_message_id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateSend>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<ReactionSend>,
    /// The text is a private note: seen by whoever may read the
    /// conversation, never sent to the customer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note: bool,
    /// The hub's id of a message of this conversation the text replies to
    /// (shown quoted to the customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<i64>,
    /// A file uploaded to this conversation (`POST /v1/conversations/{id}/uploads`)
    /// to send, with `text` as its caption (which may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<i64>,
}

/// What an agent is doing in a conversation, as the hub's event stream
/// tells the team (ephemeral: never stored, never in the feed).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum PresenceState {
    /// Has the conversation open.
    Viewing,
    /// Is writing in its composer.
    Typing,
    /// Closed it (or the app).
    Left,
}

/// `POST /v1/conversations/{id}/presence` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceRequest {
    pub state: PresenceState,
}

/// Who is in a conversation now: the `presence` event of `/v1/events`, sent
/// to whoever may read the conversation each time someone comes, types or
/// goes. Each person's state holds until `until` (unix seconds) unless
/// renewed: a closed laptop does not stay "typing".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Presence {
    pub conversation_id: i64,
    pub people: Vec<PresencePerson>,
    /// The hub's clock when it said this (unix seconds): a desktop counts
    /// each `until` from here, so its own clock being off does not matter.
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PresencePerson {
    pub agent_id: i64,
    pub name: String,
    pub state: PresenceState,
    pub until: i64,
}

/// How long a "viewing" holds without renewal (desktops renew every 20 s).
pub const VIEWING_SECS: i64 = 60;
/// How long a "typing" holds without renewal (desktops renew while typing).
pub const TYPING_SECS: i64 = 6;

/// A file the hub holds for sending, as `POST /v1/conversations/{id}/uploads`
/// answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Upload {
    pub id: i64,
    /// WhatsApp's kind: `image`, `audio`, `video` or `document`.
    pub kind: String,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size: i64,
    pub filename: String,
}

/// What WhatsApp accepts as an attachment of one kind: its types and the
/// largest file (WHATSAPP.md; counted in decimal megabytes, so a file Meta
/// would measure in binary ones is never over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentKind {
    pub kind: &'static str,
    pub max_bytes: u64,
    pub mime_types: &'static [&'static str],
}

/// The kinds an agent may attach, with Meta's limits. Stickers are for
/// customers; agents send images.
pub const ATTACHMENT_KINDS: [AttachmentKind; 4] = [
    AttachmentKind {
        kind: "image",
        max_bytes: 5_000_000,
        mime_types: &["image/jpeg", "image/png"],
    },
    AttachmentKind {
        kind: "audio",
        max_bytes: 16_000_000,
        mime_types: &[
            "audio/aac",
            "audio/amr",
            "audio/mpeg",
            "audio/mp4",
            "audio/ogg",
        ],
    },
    AttachmentKind {
        kind: "video",
        max_bytes: 16_000_000,
        mime_types: &["video/mp4", "video/3gpp"],
    },
    AttachmentKind {
        kind: "document",
        max_bytes: 100_000_000,
        mime_types: &[
            "application/pdf",
            "text/plain",
            "text/csv",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/zip",
        ],
    },
];

/// A caption is at most 1,024 characters (Meta's limit for media).
pub const MAX_CAPTION_CHARS: usize = 1024;

/// Checks an attachment's type and size against WhatsApp's limits, before
/// anything is queued or stored. The refusal names the limit.
pub fn check_attachment(mime_type: &str, size: u64) -> Result<AttachmentKind, String> {
    let mime = mime_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some(kind) = ATTACHMENT_KINDS
        .iter()
        .find(|k| k.mime_types.contains(&mime.as_str()))
    else {
        return Err(format!(
            "WhatsApp does not take files of type {:?}: send JPEG or PNG images, AAC, AMR, MP3, M4A or OGG audio, MP4 or 3GP video, or PDF, text, Office or ZIP documents",
            mime.chars().take(80).collect::<String>()
        ));
    };
    if size == 0 {
        return Err("the file is empty".to_owned());
    }
    if size > kind.max_bytes {
        return Err(kind.too_large(&format!("is {size} bytes")));
    }
    Ok(*kind)
}

/// The file-name endings each type an agent may attach goes by
/// (lowercase, without the dot).
fn extensions_of(mime: &str) -> &'static [&'static str] {
    match mime {
        "image/jpeg" => &["jpg", "jpeg"],
        "image/png" => &["png"],
        "audio/aac" => &["aac"],
        "audio/amr" => &["amr"],
        "audio/mpeg" => &["mp3"],
        "audio/mp4" => &["m4a", "mp4"],
        "audio/ogg" => &["ogg", "oga", "opus"],
        "video/mp4" => &["mp4", "m4v"],
        "video/3gpp" => &["3gp", "3gpp"],
        "application/pdf" => &["pdf"],
        "text/plain" => &["txt", "text", "log"],
        "text/csv" => &["csv"],
        "application/msword" => &["doc"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => &["docx"],
        "application/vnd.ms-excel" => &["xls"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => &["xlsx"],
        "application/vnd.ms-powerpoint" => &["ppt"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => &["pptx"],
        "application/zip" => &["zip"],
        _ => &[],
    }
}

/// Checks a file's name against its type, as the customer will see both: no
/// invisible or direction-changing characters (`invoice<U+202E>fdp.exe`
/// shows as `invoiceexe.pdf`), and an ending the type goes by (`evil.exe`
/// is not a PDF); only photos, audio and video may have no ending at all.
pub fn check_file_name(name: &str, mime_type: &str) -> Result<(), String> {
    if name.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err(
            "a file's name may not hold control, invisible or direction-changing characters"
                .to_owned(),
        );
    }
    let mime = mime_type.trim().to_ascii_lowercase();
    let allowed = extensions_of(&mime);
    let ending = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    // A document's name is what the customer opens, so it must say what it
    // is; a photo, voice note or video may go unnamed, but never misnamed.
    let document = !["image/", "audio/", "video/"]
        .iter()
        .any(|media| mime.starts_with(media));
    let fits = match &ending {
        Some(ending) => allowed.contains(&ending.as_str()),
        None => !document,
    };
    if !fits {
        return Err(format!(
            "a file of type {mime} is named .{}",
            allowed.join(", .")
        ));
    }
    Ok(())
}

/// Checks a file's first bytes against its type: never a program (Windows,
/// Linux or macOS executables, scripts), and for the types with a fixed
/// signature (PDF, JPEG, PNG, Office and ZIP archives), that signature.
/// `head` is the file's first bytes (8 are enough, fewer for a tinier file).
pub fn check_file_head(mime_type: &str, head: &[u8]) -> Result<(), String> {
    const PROGRAMS: [&[u8]; 6] = [
        b"MZ",
        b"\x7fELF",
        b"#!",
        b"\xCA\xFE\xBA\xBE",
        b"\xCF\xFA\xED\xFE",
        b"\xCE\xFA\xED\xFE",
    ];
    if PROGRAMS.iter().any(|p| head.starts_with(p)) {
        return Err("the file is a program, not a document or media: it is not sent".to_owned());
    }
    let mime = mime_type.trim().to_ascii_lowercase();
    let signatures: &[&[u8]] = match mime.as_str() {
        "application/pdf" => &[b"%PDF-"],
        "image/jpeg" => &[b"\xFF\xD8\xFF"],
        "image/png" => &[b"\x89PNG\r\n\x1a\n"],
        "application/zip"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
            &[b"PK\x03\x04", b"PK\x05\x06"]
        }
        _ => &[],
    };
    if !signatures.is_empty() && !signatures.iter().any(|sig| head.starts_with(sig)) {
        return Err(format!("the file's content is not {mime}"));
    }
    Ok(())
}

impl AttachmentKind {
    /// The refusal of a file over this kind's limit; `is` says how large it
    /// is ("is 5000001 bytes", or "is larger" while it still arrives).
    pub fn too_large(&self, is: &str) -> String {
        format!(
            "the file {is}; WhatsApp takes {} files of at most {} MB ({} bytes)",
            self.kind,
            self.max_bytes / 1_000_000,
            self.max_bytes
        )
    }
}

/// The type of a file from its name's extension, for the kinds WhatsApp takes.
pub fn mime_for_name(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "aac" => "audio/aac",
        "amr" => "audio/amr",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "opus" => "audio/ogg",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        _ => return None,
    })
}

/// Checks a caption: empty, or a text of at most 1,024 characters.
pub fn validate_caption(caption: &str) -> Result<(), &'static str> {
    if caption.trim().is_empty() {
        return Ok(());
    }
    validate_text(caption)?;
    if caption.chars().count() > MAX_CAPTION_CHARS {
        return Err("a caption is at most 1024 characters");
    }
    Ok(())
}

/// A reaction to a message of the conversation; an empty emoji removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactionSend {
    /// The hub's id of the message reacted to.
    pub message_id: i64,
    pub emoji: String,
}

/// Which template to send, with its body parameters in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSend {
    pub name: String,
    pub language: String,
    #[serde(default)]
    pub parameters: Vec<String>,
}

/// An agent as admins list them (`GET /v1/agents`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AgentSummary {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    /// Takes new conversations (auto-assignment gives them only to these).
    #[serde(default)]
    pub available: bool,
}

/// `GET /v1/templates` answer.
/// A token the hub issued: shown once (only its hash is kept by the hub).
#[derive(Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct IssuedToken {
    pub agent_id: i64,
    pub token: String,
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("agent_id", &self.agent_id)
            .finish_non_exhaustive()
    }
}

/// One entry of the hub's audit log (append-only, hash-chained).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The agent who acted; none for the hub itself or its CLI.
    pub actor: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TemplateList {
    pub templates: Vec<Template>,
}

/// An approved template, as `GET /v1/templates` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Template {
    pub name: String,
    pub language: String,
    /// The body with `{{1}}`, `{{2}}` ... placeholders.
    pub body: String,
    /// WhatsApp's category (`MARKETING`, `UTILITY`, `AUTHENTICATION`): a
    /// marketing template is not sent to a customer who opted out of
    /// marketing messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub category: Option<String>,
}

impl Template {
    /// Whether WhatsApp files it as marketing.
    pub fn is_marketing(&self) -> bool {
        self.category
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("marketing"))
    }
}

impl Template {
    /// Number of `{{n}}` placeholders in the body.
    pub fn parameter_count(&self) -> usize {
        (1..=20)
            .take_while(|n| self.body.contains(&format!("{{{{{n}}}}}")))
            .count()
    }

    /// The body with the parameters filled in, as the customer will read it.
    pub fn render(&self, parameters: &[String]) -> String {
        let mut out = self.body.clone();
        for (i, p) in parameters.iter().enumerate() {
            out = out.replace(&format!("{{{{{}}}}}", i + 1), p);
        }
        out
    }
}

/// Errors as every HTTP client and the UI see them: no internals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The codes with which the hub itself refuses a token (HTTP 401 with
/// `{code, message, request_id}`). Only these mean "this desktop may read
/// nothing any more": a desktop erases its local copy on one of them, never on
/// a bare 401 (which a proxy in front of the hub may answer for its own
/// reasons). A request without any token is plain `unauthorized`.
pub mod auth_codes {
    /// The hub has no such token (never issued, or from another hub).
    pub const TOKEN_UNKNOWN: &str = "token_unknown";
    pub const TOKEN_REVOKED: &str = "token_revoked";
    pub const TOKEN_EXPIRED: &str = "token_expired";
    pub const AGENT_DISABLED: &str = "agent_disabled";
    /// No bearer token at all.
    pub const UNAUTHORIZED: &str = "unauthorized";

    /// Whether `code` is the hub's own word that a token no longer works.
    pub fn is_revocation(code: &str) -> bool {
        [TOKEN_UNKNOWN, TOKEN_REVOKED, TOKEN_EXPIRED, AGENT_DISABLED].contains(&code)
    }
}

/// Longest text body WhatsApp accepts, in characters.
pub const MAX_TEXT_CHARS: usize = 4096;

/// The explicit direction overrides, embeddings and isolates (U+202A–U+202E,
/// U+2066–U+2069): they make `\u{202E}gnp.exe` read as `exe.png`.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space and show nothing: zero-width spaces and
/// joiners, direction marks, variation selectors, the byte-order mark, tags.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Checks a reply's text (and each template parameter): 1..=4096
/// characters, at least one of them visible, no control characters other
/// than line breaks and tabs (a NUL or an escape sequence is never a message).
pub fn validate_text(text: &str) -> Result<(), &'static str> {
    if !text.chars().any(|c| !c.is_whitespace() && !is_invisible(c)) {
        return Err("the message is empty");
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("the message contains control characters");
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err("the message is longer than 4096 characters");
    }
    Ok(())
}

/// Checks a reaction: empty (removes one) or a single emoji, possibly a
/// sequence (skin tone, flag, keycap, joined with U+200D). Nothing else, so a
/// reaction can never carry text or markup.
pub fn validate_emoji(emoji: &str) -> Result<(), &'static str> {
    const WHY: &str = "a reaction is one emoji (or empty to remove it)";
    if emoji.is_empty() {
        return Ok(());
    }
    let keycap = emoji.contains('\u{20E3}');
    let pictographic = |c: char| {
        matches!(c as u32,
            0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF
            | 0x2190..=0x21FF | 0x2122 | 0x2139 | 0x203C | 0x2049 | 0x2934 | 0x2935
            | 0x25A0..=0x25FF | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0xA9 | 0xAE)
            || (keycap && (c.is_ascii_digit() || c == '#' || c == '*'))
    };
    let joiner = |c: char| {
        matches!(
            c as u32,
            0x200D | 0xFE0E | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F
        )
    };
    let ok = emoji.chars().count() <= 10
        && emoji.chars().all(|c| pictographic(c) || joiner(c))
        && emoji.chars().any(pictographic);
    if ok { Ok(()) } else { Err(WHY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_heads_match_their_type() {
        assert!(check_file_name("invoice.pdf", "application/pdf").is_ok());
        assert!(check_file_name("Photo.JPG", "image/jpeg").is_ok());
        assert!(check_file_name("evil.exe", "application/pdf").is_err());
        assert!(check_file_name("invoice\u{202E}fdp.exe", "application/pdf").is_err());
        assert!(check_file_name("report", "application/pdf").is_err());
        assert!(check_file_name("photo", "image/jpeg").is_ok());
        assert!(check_file_name("photo.exe", "image/jpeg").is_err());
        assert!(check_file_head("application/pdf", b"%PDF-1.7\n").is_ok());
        assert!(check_file_head("application/pdf", b"MZ\x90\x00").is_err());
        assert!(check_file_head("text/plain", b"MZ is a word").is_err());
        assert!(check_file_head("text/plain", b"hello").is_ok());
        assert!(check_file_head("image/png", b"\xFF\xD8\xFF\xE0").is_err());
        assert!(check_file_head("application/zip", b"PK\x03\x04").is_ok());
    }

    #[test]
    fn each_attachment_limit_holds_to_the_byte() {
        for kind in ATTACHMENT_KINDS {
            for mime in kind.mime_types {
                assert_eq!(
                    check_attachment(mime, kind.max_bytes).map(|k| k.kind),
                    Ok(kind.kind)
                );
                let over = check_attachment(mime, kind.max_bytes + 1)
                    .err()
                    .unwrap_or_default();
                assert!(
                    over.contains(&format!("{} bytes)", kind.max_bytes)),
                    "{over} names the limit"
                );
            }
        }
        assert!(
            check_attachment("image/png; charset=x", 10).is_ok(),
            "parameters are ignored"
        );
        assert!(check_attachment("application/x-msdownload", 10).is_err());
        assert!(check_attachment("image/png", 0).is_err(), "an empty file");
        assert_eq!(mime_for_name("Invoice.PDF"), Some("application/pdf"));
        assert_eq!(mime_for_name("setup.exe"), None);
        assert!(validate_caption("").is_ok());
        assert!(validate_caption(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn statuses_never_move_backwards() {
        use DeliveryStatus::*;
        assert_eq!(Read.advance(Delivered), Read);
        assert_eq!(Sent.advance(Read), Read);
        assert_eq!(Delivered.advance(Sent), Delivered);
        assert_eq!(Failed.advance(Read), Failed, "failed is terminal");
        assert_eq!(Read.advance(Failed), Failed, "a late failure is kept");
    }

    #[test]
    fn actions_follow_the_role_table() {
        let a = Actions::of(Role::Agent, 7, None);
        assert_eq!(
            a,
            Actions {
                can_reply: false,
                can_claim: true,
                can_assign: false,
                can_resolve: false,
                can_note: true,
            },
            "an agent claims before replying in the queue, and may leave a note there"
        );
        assert_eq!(
            Actions::of(Role::Agent, 7, Some(7)),
            Actions {
                can_reply: true,
                can_claim: false,
                can_assign: false,
                can_resolve: true,
                can_note: true,
            }
        );
        assert_eq!(Actions::of(Role::Agent, 7, Some(8)), Actions::default());
        let admin = Actions::of(Role::Admin, 1, Some(8));
        assert!(admin.can_reply && admin.can_assign && admin.can_resolve && !admin.can_claim);
        assert_eq!(
            Actions::of(Role::Viewer, 3, None),
            Actions::default(),
            "viewers read only"
        );
    }

    #[test]
    fn agents_read_own_and_unassigned_only() {
        assert!(may_read(Role::Agent, 7, None));
        assert!(may_read(Role::Agent, 7, Some(7)));
        assert!(!may_read(Role::Agent, 7, Some(8)));
        assert!(may_read(Role::Viewer, 7, Some(8)));
        assert!(!may_reply(Role::Viewer, 7, None));
        assert!(
            !may_reply(Role::Agent, 7, None),
            "an agent claims before replying"
        );
        assert!(may_reply(Role::Admin, 1, Some(8)));
    }

    #[test]
    fn text_limits() {
        assert!(validate_text("").is_err());
        assert!(validate_text("  \n").is_err());
        assert!(
            validate_text(&"é".repeat(4096)).is_ok(),
            "limit counts characters, not bytes"
        );
        assert!(validate_text(&"a".repeat(4097)).is_err());
        assert!(validate_text("line one\nline two\ttab").is_ok());
    }

    /// Regression: replies of only zero-width characters, or carrying NUL or
    /// ESC, were accepted and sent.
    #[test]
    fn invisible_or_control_text_is_refused() {
        assert!(validate_text("\u{200B}\u{200B}\u{FEFF}").is_err());
        assert!(validate_text(" \u{2060} \u{200D}").is_err());
        assert!(validate_text("hi\0there").is_err());
        assert!(validate_text("\u{1b}[31mred").is_err());
        assert!(
            validate_text("مرحبا\u{200F}").is_ok(),
            "marks inside real text are fine"
        );
    }

    /// Regression: a reaction "emoji" of `<script>` was accepted.
    #[test]
    fn reactions_are_emoji_only() {
        for ok in ["", "👍", "❤️", "👍🏽", "🇵🇹", "1️⃣", "👩‍💻", "🤷‍♀️"]
        {
            assert!(validate_emoji(ok).is_ok(), "{ok:?} is an emoji");
        }
        for bad in [
            "<script>",
            "a",
            "👍x",
            "\u{200D}",
            "1",
            "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
        ] {
            assert!(validate_emoji(bad).is_err(), "{bad:?} is not one emoji");
        }
    }

    #[test]
    fn templates_count_and_fill_parameters() {
        let t = Template {
            name: "order".into(),
            language: "en_US".into(),
            body: "Order {{1}} ships {{2}}.".into(),
            category: None,
        };
        assert_eq!(t.parameter_count(), 2);
        assert_eq!(
            t.render(&["#7".into(), "today".into()]),
            "Order #7 ships today."
        );
    }

    #[test]
    fn change_wire_shape() {
        let c = Change::Revoked {
            seq: 3,
            conversation_id: 9,
        };
        let json = serde_json::to_value(&c).unwrap_or_default();
        assert_eq!(json["type"], "revoked");
        assert_eq!(json["conversation_id"], 9);
    }
}
