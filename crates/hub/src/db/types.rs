//! The rows the storage seam hands back and forth, with no backend in them.

use switchboard_protocol::{Message, Role};

/// An agent resolved from a bearer token.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    /// The teams it is in (and leads), in team order.
    pub teams: Vec<switchboard_protocol::Membership>,
}

impl AgentRow {
    /// This agent, for the role table.
    pub fn who(&self) -> switchboard_protocol::Who<'_> {
        switchboard_protocol::Who::new(self.role, self.id, &self.teams)
    }
}

/// Why a token did not authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRejection {
    Unknown,
    Expired,
    Revoked,
    AgentDisabled,
}

/// What ingesting one webhook changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestOutcome {
    pub messages_new: usize,
    pub messages_duplicate: usize,
    pub statuses_new: usize,
    pub statuses_duplicate: usize,
    /// Other events (calls, echoes, account and template updates, ...) kept.
    pub other: usize,
    /// Other events already kept (a redelivery).
    pub other_duplicate: usize,
    /// New alerts for admins: (webhook field, summary), see [`crate::alerts`].
    pub alerts: Vec<(String, String)>,
    /// Conversations given to an agent by auto-assignment.
    pub assigned: usize,
    /// Greetings and away replies queued (the send queue is woken).
    pub automatic: usize,
}

/// An alert WhatsApp sent about the account, a number or a template.
pub type AlertInfo = switchboard_protocol::Alert;

/// A token as admins see it: never the secret, only its metadata.
#[derive(Debug, Clone, serde::Serialize, PartialEq, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    pub agent_id: i64,
    pub label: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// The token's first use: the agent's sign-in with it.
    pub first_used_at: Option<i64>,
}

/// Result of recording a send attempt.
pub enum SendSlot {
    /// A new message row; the caller must call the Graph API for it.
    New(Message),
    /// The idempotency key was seen before: this is the message it names.
    Existing(Message),
}

/// What the Graph API is sent for an outbound message that is not plain text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    Template(switchboard_protocol::TemplateSend),
    Reaction {
        wamid: String,
        emoji: String,
    },
    /// A text that quotes one of the conversation's messages (WhatsApp's
    /// `context.message_id`).
    Reply {
        wamid: String,
    },
    /// A text with reply buttons (`(id, title)`): the satisfaction survey,
    /// or an agent's question.
    Buttons {
        buttons: Vec<(String, String)>,
    },
    /// A text with a list of rows (`(id, title)`) behind the button labelled
    /// `button`.
    List {
        button: String,
        rows: Vec<(String, String)>,
    },
    /// A file an agent uploaded (`uploads`), with its caption; quoting a
    /// message when `reply_to` names one.
    Media {
        upload_id: i64,
        kind: String,
        mime_type: String,
        filename: String,
        caption: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to: Option<String>,
    },
}

/// A queued send that is due.
#[derive(Debug, Clone)]
pub struct DueSend {
    pub message_id: i64,
    pub to: String,
    pub text: String,
    /// Set for templates and reactions: what the Graph API is sent.
    pub payload: Option<Payload>,
    /// The business number the customer wrote to, which answers.
    pub phone_number_id: String,
    pub attempts: i64,
}

/// What became of one Graph API call.
#[derive(Debug, Clone, PartialEq)]
pub enum SendOutcome {
    Accepted {
        wamid: String,
    },
    /// Try again at `at` (unix seconds).
    Retry {
        at: i64,
        reason: String,
    },
    Failed {
        reason: String,
    },
    /// The call may or may not have reached the customer.
    Unknown {
        reason: String,
    },
}

#[derive(Debug, Clone)]
pub struct DueMedia {
    pub message_id: i64,
    pub media_id: String,
    pub sha256: Option<String>,
    pub attempts: i64,
}

/// What a download attempt came to.
pub enum MediaOutcome {
    Ready { mime_type: String, bytes: Vec<u8> },
    Retry { at: i64, error: String },
    Failed { error: String },
}

/// What a read receipt needs: the last inbound wamid and the number it came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadReceipt {
    pub wamid: String,
    pub phone_number_id: String,
}

impl Payload {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Payload::Template(_) => "template",
            Payload::Reaction { .. } => "reaction",
            Payload::Reply { .. } => "text",
            Payload::Buttons { .. } | Payload::List { .. } => "interactive",
            Payload::Media { kind, .. } => switchboard_protocol::ATTACHMENT_KINDS
                .iter()
                .find(|k| k.kind == kind)
                .map_or("document", |k| k.kind),
        }
    }
}

/// Where a message's ready media is: in sealed chunks of its own (a
/// customer's download), whole in the media row (one fetched before media
/// was chunked) or in an upload's chunks (an agent's file).
#[derive(Debug, Clone, PartialEq)]
pub enum MediaSource {
    Chunked {
        mime_type: String,
        chunks: i64,
        size: i64,
    },
    Whole {
        mime_type: String,
        bytes: Vec<u8>,
    },
    Upload {
        mime_type: String,
        upload_id: i64,
        chunks: i64,
        size: i64,
    },
}

/// An upload's row (the file's name opened).
#[derive(Debug, Clone, PartialEq)]
pub struct UploadRow {
    pub id: i64,
    pub conversation_id: i64,
    pub agent_id: i64,
    pub kind: String,
    pub mime_type: String,
    pub filename: String,
    pub size: i64,
    /// Hex SHA-256 of the whole file; empty while it is still arriving.
    pub sha256: String,
    pub chunks: i64,
    pub message_id: Option<i64>,
    /// Meta's media id once the file was uploaded to the Graph API.
    pub graph_media_id: Option<String>,
}

/// What an upload starts with.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub conversation_id: i64,
    pub agent_id: i64,
    pub kind: String,
    pub mime_type: String,
    pub filename: String,
}

/// An outbound message to record before it is sent.
#[derive(Debug, Clone)]
pub struct NewOutbound {
    pub conversation_id: i64,
    /// The agent sending; none for an automatic reply (a greeting, an away reply).
    pub agent_id: Option<i64>,
    pub client_message_id: String,
    /// What the inbox shows (the text, or the rendered template).
    pub text: String,
    pub payload: Option<Payload>,
    /// A private note: stored and shown to the team, never sent.
    pub note: bool,
}

/// Figures read at scrape time for `/metrics`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    pub send_queue: i64,
    pub quarantined: i64,
    pub media_pending: i64,
    pub media_failed: i64,
}

/// An admin's change to how service is given (issue 29): service-level
/// policies and an inbox's hours and automatic replies, each audited.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceChange {
    /// Adds a service-level policy (`id` none) or replaces one.
    SavePolicy {
        id: Option<i64>,
        rule: switchboard_protocol::SlaPolicyRequest,
    },
    DeletePolicy {
        id: i64,
    },
    /// Adds a macro (`id` none) or replaces one.
    SaveMacro {
        id: Option<i64>,
        rule: switchboard_protocol::MacroRequest,
    },
    DeleteMacro {
        id: i64,
    },
    /// Sets an inbox's business hours, away reply and greeting.
    SetInboxHours {
        id: String,
        settings: switchboard_protocol::InboxHoursRequest,
    },
}

/// One change to teams and inboxes (admins; a transfer also by a team's
/// lead or the conversation's holder), each audited on its own.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamChange {
    AddTeam {
        name: String,
    },
    RenameTeam {
        id: i64,
        name: String,
    },
    DeleteTeam {
        id: i64,
    },
    /// Puts an agent or viewer in a team, or changes whether it leads it.
    SetMember {
        team: i64,
        agent: i64,
        lead: bool,
    },
    RemoveMember {
        team: i64,
        agent: i64,
    },
    /// Names an inbox and routes it to a team.
    SetInbox {
        id: String,
        name: String,
        team: Option<i64>,
    },
    /// Moves a conversation to another team's queue, with a note.
    Transfer {
        conversation: i64,
        team: i64,
        note: Option<String>,
    },
}
