//! A conversation with one customer, as the desktop sees it and the list
//! orders it.

use serde::{Deserialize, Serialize};
// For the documentation's link only.
#[cfg(doc)]
use crate::Label;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Resolved,
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
    /// The business number the customer wrote to: the inbox it belongs to
    /// and is answered from (`GET /v1/inboxes` has its name). Empty from
    /// hubs before inboxes.
    #[serde(default)]
    pub inbox: String,
    /// The team whose queue it is in; none when its inbox goes to no team
    /// (then every agent's queue holds it).
    #[serde(default)]
    pub team_id: Option<i64>,
    /// Snoozed: out of the views until `snoozed_until`, or (when that is
    /// none) until the customer writes; a customer's message always wakes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub snoozed: bool,
    /// Unix seconds the snooze ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub snoozed_until: Option<i64>,
    /// The nearest service-level target still to meet (unix seconds), by
    /// the policy that applies to it; none when no target is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due_at: Option<i64>,
    /// Which target [`Conversation::due_at`] is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due_kind: Option<crate::SlaKind>,
    /// The customer's answer to the satisfaction survey: 3 good, 2 OK, 1 poor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub csat: Option<i64>,
}

/// `POST /v1/conversations/{id}/snooze`: puts an open conversation away
/// until `until` (unix seconds, in the future) or, when it is none, until
/// the customer writes. `POST /v1/conversations/{id}/wake` brings it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct SnoozeRequest {
    #[serde(default)]
    pub until: Option<i64>,
}

impl Conversation {
    /// Whether it is snoozed at `now` (unix seconds): a snooze whose time
    /// has come is over, whether or not anyone has written since.
    pub fn is_snoozed(&self, now: i64) -> bool {
        self.snoozed && self.snoozed_until.is_none_or(|until| until > now)
    }

    /// Where it is, for the role table.
    pub fn place(&self) -> crate::Place {
        crate::Place {
            assignee: self.assignee,
            team: self.team_id,
        }
    }
}
