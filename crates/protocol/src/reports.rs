//! What admins read about the business: the team's report over a period
//! (by agent and by day) and WhatsApp's alerts about the account, numbers
//! and templates.

use serde::{Deserialize, Serialize};

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
    /// Service-level targets due in the period (in scope) met and missed,
    /// whoever held them (the queue's too).
    pub sla_met: i64,
    pub sla_missed: i64,
    /// Satisfaction answers in the period (in scope): good, OK, poor.
    pub csat_good: i64,
    pub csat_ok: i64,
    pub csat_poor: i64,
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
    /// Service-level targets due in the period that this agent met (the
    /// reply or resolution that met them was its).
    pub sla_met: i64,
    /// Targets due in the period missed while this agent held the
    /// conversation, or met late by it.
    pub sla_missed: i64,
    /// Satisfaction answers in the period on conversations this agent
    /// resolved: good, OK, poor.
    pub csat_good: i64,
    pub csat_ok: i64,
    pub csat_poor: i64,
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
