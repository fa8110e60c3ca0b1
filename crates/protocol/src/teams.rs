//! Teams and inboxes: who answers which business number. Admins create
//! teams, put agents and viewers in them (leads among them) and route each
//! inbox (a business number) to one; every conversation is in one team's
//! queue and may be moved to another's.

use serde::{Deserialize, Serialize};

/// A team, with its members (`GET /v1/teams`: every role reads the list,
/// so names can be shown; what each may read is the role table's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub members: Vec<TeamMembership>,
}

/// One member of a [`Team`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
pub struct TeamMembership {
    pub agent_id: i64,
    pub lead: bool,
}

/// A business number the hub answers (`GET /v1/inboxes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Inbox {
    /// Meta's phone number id.
    pub id: String,
    pub name: String,
    /// The team its new conversations go to; none: every agent's queue.
    pub team_id: Option<i64>,
    /// When it is open; none: always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hours: Option<crate::BusinessHours>,
    /// Sent once per closed period to a customer who writes while it is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub away_reply: Option<String>,
    /// Sent to a customer who starts a new conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub greeting: Option<String>,
    /// Asked when a conversation is resolved, with three reply buttons
    /// (good, OK, poor): the satisfaction survey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub csat_question: Option<String>,
    /// The survey's three reply buttons' titles, good first, in the
    /// customers' language; none: English ("😀 Good", "😐 OK", "🙁 Poor").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub csat_answers: Option<Vec<String>>,
}

/// `PUT /v1/inboxes/{id}/hours` (admins): when the inbox is open and what
/// a customer hears automatically. Each field left out is cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct InboxHoursRequest {
    #[serde(default)]
    pub hours: Option<crate::BusinessHours>,
    /// Up to 4,096 characters; needs `hours`.
    #[serde(default)]
    pub away_reply: Option<String>,
    /// Up to 4,096 characters.
    #[serde(default)]
    pub greeting: Option<String>,
    /// The satisfaction survey's question, up to 1,024 characters: sent on
    /// resolve (inside the customer's 24-hour window) with three reply
    /// buttons; the answer is the conversation's rating.
    #[serde(default)]
    pub csat_question: Option<String>,
    /// The survey's three reply buttons' titles, good, OK and poor, in the
    /// customers' language (1 to 20 characters each, all different); none:
    /// English. Kept only with a question.
    #[serde(default)]
    pub csat_answers: Option<Vec<String>>,
}

/// `POST /v1/teams` and `PUT /v1/teams/{id}` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct TeamRequest {
    /// 1 to 80 characters, unique.
    pub name: String,
}

/// `PUT /v1/teams/{id}/members/{agent_id}` (admins): puts an agent or a
/// viewer in the team, or changes whether it leads it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct MemberRequest {
    #[serde(default)]
    pub lead: bool,
}

/// `PUT /v1/inboxes/{id}` (admins): names an inbox and routes it to a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct InboxRequest {
    /// 1 to 80 characters.
    pub name: String,
    /// The team its new conversations (and those in no team yet) go to.
    pub team_id: Option<i64>,
}

/// `POST /v1/conversations/{id}/transfer`: moves a conversation to another
/// team's queue, with a note for that team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    pub team_id: i64,
    /// Left in the conversation as a private note, up to 4,096 characters.
    #[serde(default)]
    pub note: Option<String>,
}
