//! Admins' reports: response and resolution times and volume, as JSON and CSV.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use serde::Deserialize;
use switchboard_protocol::Permission;

use super::extract::ApiQuery;
use crate::AppState;
use crate::auth::Caller;
use crate::db::MAX_TIMESTAMP;
use crate::error::AppError;
use crate::queries::reports::ReportScope;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report))
        .routes(routes!(report_csv))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ReportQuery {
    /// Unix seconds, inclusive.
    from: i64,
    /// Unix seconds, exclusive; at most 366 days after `from`.
    to: i64,
    /// Only the conversations in this team's queue now (its leads and
    /// viewers may ask for it; admins for any).
    #[serde(default)]
    team: Option<i64>,
    /// Only the conversations of this inbox (a phone number id).
    #[serde(default)]
    inbox: Option<String>,
}

impl ReportQuery {
    fn checked(&self) -> Result<(i64, i64), AppError> {
        let span = self.to.checked_sub(self.from);
        if !(0..=MAX_TIMESTAMP).contains(&self.from)
            || !(0..=MAX_TIMESTAMP).contains(&self.to)
            || !span.is_some_and(|s| (1..=366 * 86_400).contains(&s))
        {
            return Err(AppError::bad_request(
                "a report covers from 1 second to 366 days between 1970 and 9999: to must come after from",
            ));
        }
        Ok((self.from, self.to))
    }

    /// The conversations counted, if `caller` may read their report:
    /// admins any, a team's leads and viewers their team's.
    fn scope(&self, caller: &Caller) -> Result<ReportScope, AppError> {
        let allowed = match self.team {
            Some(team) => switchboard_protocol::may_report(caller.0.who(), team),
            None => caller.0.role.allows(Permission::Manage),
        };
        if !allowed {
            return Err(AppError::forbidden(
                "reports are for admins, and for a team's leads and viewers on their team",
            ));
        }
        Ok(ReportScope {
            team: self.team,
            inbox: self.inbox.clone(),
        })
    }
}

/// Admins (and a team's leads and viewers, for their team): first-response time, resolution time and volume per agent and
/// per (UTC) day over a period.
#[utoipa::path(
    get, path = "/v1/reports", tag = "admin", security(("bearer" = [])),
    summary = "How the team did over a period",
    params(ReportQuery),
    responses((status = 200, body = switchboard_protocol::Report, example = json!({"from": 1764547200, "to": 1764633600,
        "agents": [{"agent_id": 3, "name": "Ana Ferreira", "replies": 41, "first_responses": 12,
                    "first_response_median_secs": 95, "resolved": 10, "resolution_median_secs": 5400, "sla_met": 9, "sla_missed": 1,
                    "csat_good": 6, "csat_ok": 1, "csat_poor": 0}],
        "days": [{"day": 1764547200, "new_conversations": 14, "inbound": 60, "replies": 41, "resolved": 10}],
        "sla_met": 30, "sla_missed": 2, "csat_good": 20, "csat_ok": 3, "csat_poor": 1})))
)]
pub(super) async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<switchboard_protocol::Report>, AppError> {
    let scope = q.scope(&caller)?;
    let (from, to) = q.checked()?;
    Ok(Json(state.store.report(from, to, scope).await?))
}

/// Admins: the same report as CSV (the agents, a blank line, the days).
#[utoipa::path(
    get, path = "/v1/reports/csv", tag = "admin", security(("bearer" = [])),
    summary = "The report as CSV",
    params(ReportQuery),
    responses((status = 200, content_type = "text/csv", body = String))
)]
pub(super) async fn report_csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<impl IntoResponse, AppError> {
    let scope = q.scope(&caller)?;
    let (from, to) = q.checked()?;
    let report = state.store.report(from, to, scope).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        crate::queries::reports::report_csv(&report),
    ))
}
