//! Sending in a conversation (`POST /v1/conversations/{id}/messages`): a
//! text, a template, a reaction, a file or a private note, under an
//! idempotency key chosen by the client so a retry never sends twice.

use serde::{Deserialize, Serialize};

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
