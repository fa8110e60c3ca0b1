//! A message as the desktop sees it: its direction, its delivery state
//! (which only moves forward), what it holds beyond its text, and where the
//! hub is with fetching its media.

use serde::{Deserialize, Serialize};

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
    /// Our question with choices for the customer to tap: reply buttons,
    /// or a list opened by the button labelled `list`.
    Choices {
        list: Option<String>,
        options: Vec<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_never_move_backwards() {
        use DeliveryStatus::*;
        assert_eq!(Read.advance(Delivered), Read);
        assert_eq!(Sent.advance(Read), Read);
        assert_eq!(Delivered.advance(Sent), Delivered);
        assert_eq!(Failed.advance(Read), Failed, "failed is terminal");
        assert_eq!(Read.advance(Failed), Failed, "a late failure is kept");
    }
}
