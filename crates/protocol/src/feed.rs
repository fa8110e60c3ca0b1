//! The change feed (`GET /v1/changes`): every change a desktop may read, in
//! order, with the cursor to resume from; a desktop's copy is built only
//! from it.

use crate::{Conversation, Message};
use serde::{Deserialize, Serialize};

/// One entry of the change feed. A conversation change is not boxed (as
/// a message is): it is as common as a message, and its size is a few
/// hundred bytes.
#[allow(clippy::large_enum_variant)]
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
    /// The caller's teams as the page was read: the desktop checks the
    /// page's changes against the role table with them (none from hubs
    /// before teams).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<crate::Membership>>,
}

/// A `page` event on `/v1/events`: the feed's changes in `(after, next]`
/// that the stream's caller may read, pushed as they are written so a
/// desktop whose cursor is in `[after, next]` applies them without asking.
/// A desktop whose cursor is elsewhere pulls `/v1/changes` instead, as it
/// does on a `changes` event (the hub sends one of those instead of a page
/// whenever it cannot push: a revocation, a burst, a lagging stream).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PushedPage {
    pub after: i64,
    pub next: i64,
    pub changes: Vec<Change>,
    /// The caller's teams as the page was read, as on [`ChangePage`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<crate::Membership>>,
}

#[cfg(test)]
mod tests {
    use super::*;

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
