//! The people of the inbox: the signed-in agent (`/v1/me`) and their
//! availability, the team's names, agents as admins manage them, the tokens
//! issued to them, and the audit log of what was done.

use crate::Role;
use serde::{Deserialize, Serialize};

/// `GET /v1/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Me {
    pub agent_id: i64,
    pub name: String,
    pub role: Role,
    /// Takes new conversations (agents and admins say so themselves).
    #[serde(default)]
    pub available: bool,
    /// The teams it is in (and leads), by team id.
    #[serde(default)]
    pub teams: Vec<crate::Membership>,
}

impl Me {
    /// The signed-in person, for the role table.
    pub fn who(&self) -> crate::Who<'_> {
        crate::Who::new(self.role, self.agent_id, &self.teams)
    }
}

/// `PUT /v1/me/availability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    pub available: bool,
}

/// One member of the team (`GET /v1/team`): names for notes, mentions and
/// assignees, for every role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
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
