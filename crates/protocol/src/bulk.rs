//! Acting on many conversations at once (issue 29): one request, each
//! conversation checked against the role table and audited on its own, and
//! an answer that lists what was refused and why.

use serde::{Deserialize, Serialize};

/// The most conversations one bulk request may name.
pub const MAX_BULK: usize = 1_000;

/// `POST /v1/conversations/bulk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// 1 to 1,000 conversation ids (repeats count once).
    pub conversations: Vec<i64>,
    pub action: BulkAction,
}

/// What to do to each conversation, under the same rule as doing it to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum BulkAction {
    /// To an agent, or back to the queue (`null`): admins and leads.
    Assign {
        assignee: Option<i64>,
    },
    /// To another team's queue: the holder, the team's lead, an admin.
    Transfer {
        team_id: i64,
    },
    /// Adds and takes off labels, keeping the others: whoever may manage it.
    Label {
        #[serde(default)]
        add: Vec<i64>,
        #[serde(default)]
        remove: Vec<i64>,
    },
    /// Until a time (unix seconds) or, when none, until the customer writes.
    Snooze {
        until: Option<i64>,
    },
    Resolve,
    Reopen,
}

/// One conversation a bulk request left as it was, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BulkRefusal {
    pub conversation_id: i64,
    /// The code a request for this one conversation would have had.
    pub code: String,
    pub message: String,
}

/// The answer to a bulk request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BulkOutcome {
    /// Changed (or already as asked), in the order named.
    pub done: Vec<i64>,
    pub refused: Vec<BulkRefusal>,
}
