//! Who is viewing or typing in a conversation: ephemeral states on the
//! hub's event stream (never stored, never in the feed), each holding only
//! until it is renewed.

use serde::{Deserialize, Serialize};

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
