//! Teams and inboxes: every role reads the lists; admins change them; a
//! conversation moves to another team's queue by its holder, the team's
//! lead or an admin.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use switchboard_protocol::{
    ApiError, Inbox, InboxRequest, MemberRequest, Permission, Team, TeamRequest, TransferRequest,
};

use super::conversations::conversation_for;
use super::extract::{ApiJson, ApiPath};
use super::labels::Created;
use crate::AppState;
use crate::auth::{Access, Caller};
use crate::error::{AppError, OrMissing};
use crate::repo::TeamChange;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_teams, add_team))
        .routes(routes!(rename_team, delete_team))
        .routes(routes!(set_member, remove_member))
        .routes(routes!(list_inboxes))
        .routes(routes!(set_inbox))
        .routes(routes!(set_inbox_hours))
        .routes(routes!(transfer))
}

/// Runs an admin's change, then tells the event streams: what their
/// callers may read changed, and so did the lists desktops keep.
async fn admin_change(
    state: &AppState,
    caller: &Caller,
    change: TeamChange,
    what: &str,
) -> Result<i64, AppError> {
    caller.require(Permission::Manage)?;
    let id = state
        .store
        .change_teams(change, caller.id())
        .await
        .or_missing(what)?;
    state.auth_changed();
    state.publish().await;
    Ok(id)
}

/// Teams and their members, by name: every role reads them.
#[utoipa::path(
    get, path = "/v1/teams", tag = "desktop", security(("bearer" = [])),
    summary = "Teams",
    responses((status = 200, body = Vec<Team>, example = json!([{"id": 1, "name": "Sales", "members": [{"agent_id": 3, "lead": true}]}])))
)]
pub(super) async fn list_teams(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<Team>>, AppError> {
    Ok(Json(state.store.teams().await?))
}

/// Admins: a new team (unique name).
#[utoipa::path(
    post, path = "/v1/teams", tag = "admin", security(("bearer" = [])),
    summary = "Add a team",
    request_body(content = TeamRequest, example = json!({"name": "Sales"})),
    responses((status = 201, body = Created, example = json!({"id": 1})),
        (status = 409, description = "the name is taken", body = ApiError),
        (status = 422, description = "a field breaks its rule", body = ApiError))
)]
pub(super) async fn add_team(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<TeamRequest>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = admin_change(
        &state,
        &caller,
        TeamChange::AddTeam { name: req.name },
        "team",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Admins: renames a team.
#[utoipa::path(
    put, path = "/v1/teams/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Rename a team",
    params(("id" = i64, Path, description = "team id")),
    request_body(content = TeamRequest, example = json!({"name": "Sales Brazil"})),
    responses((status = 204, description = "done"),
        (status = 409, description = "the name is taken", body = ApiError))
)]
pub(super) async fn rename_team(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<TeamRequest>,
) -> Result<StatusCode, AppError> {
    let change = TeamChange::RenameTeam { id, name: req.name };
    admin_change(&state, &caller, change, "team").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: deletes a team that holds no conversation and no inbox.
#[utoipa::path(
    delete, path = "/v1/teams/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Delete a team",
    params(("id" = i64, Path, description = "team id")),
    responses((status = 204, description = "done"),
        (status = 409, description = "it still has conversations or inboxes", body = ApiError))
)]
pub(super) async fn delete_team(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    admin_change(&state, &caller, TeamChange::DeleteTeam { id }, "team").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: puts an agent or a viewer in a team, or makes it the team's
/// lead (or not). Its desktops get the team's queue (a lead's: all the
/// team's conversations) through the feed.
#[utoipa::path(
    put, path = "/v1/teams/{id}/members/{agent_id}", tag = "admin", security(("bearer" = [])),
    summary = "Add a member, or set whether it leads",
    params(("id" = i64, Path, description = "team id"), ("agent_id" = i64, Path, description = "agent id")),
    request_body(content = MemberRequest, example = json!({"lead": false})),
    responses((status = 204, description = "done"), (status = 404, description = "no such team or agent", body = ApiError))
)]
pub(super) async fn set_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((team, agent)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<MemberRequest>,
) -> Result<StatusCode, AppError> {
    let change = TeamChange::SetMember {
        team,
        agent,
        lead: req.lead,
    };
    admin_change(&state, &caller, change, "team or agent").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: takes someone out of a team. What it held there goes back to
/// the team's queue; its desktops lose what it may no longer read.
#[utoipa::path(
    delete, path = "/v1/teams/{id}/members/{agent_id}", tag = "admin", security(("bearer" = [])),
    summary = "Remove a member",
    params(("id" = i64, Path, description = "team id"), ("agent_id" = i64, Path, description = "agent id")),
    responses((status = 204, description = "done"), (status = 404, description = "no such team or agent", body = ApiError))
)]
pub(super) async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((team, agent)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let change = TeamChange::RemoveMember { team, agent };
    admin_change(&state, &caller, change, "team or agent").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The business numbers the hub answers, with their names and teams:
/// every role reads them.
#[utoipa::path(
    get, path = "/v1/inboxes", tag = "desktop", security(("bearer" = [])),
    summary = "Inboxes",
    responses((status = 200, body = Vec<Inbox>, example = json!([{"id": "106540352242922", "name": "Sales", "team_id": 1}])))
)]
pub(super) async fn list_inboxes(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<Inbox>>, AppError> {
    Ok(Json(state.store.inboxes().await?))
}

/// Admins: names an inbox and routes it to a team (or to none). Its
/// conversations still in the team it went to before move with it.
#[utoipa::path(
    put, path = "/v1/inboxes/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Name and route an inbox",
    params(("id" = String, Path, description = "the business number's phone number id")),
    request_body(content = InboxRequest, example = json!({"name": "Sales", "team_id": 1})),
    responses((status = 204, description = "done"), (status = 422, description = "no such team", body = ApiError))
)]
pub(super) async fn set_inbox(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<InboxRequest>,
) -> Result<StatusCode, AppError> {
    let change = TeamChange::SetInbox {
        id,
        name: req.name,
        team: req.team_id,
    };
    admin_change(&state, &caller, change, "inbox").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: an inbox's business hours (time zone, weekly shifts, holidays),
/// its away reply (sent once per closed period to a customer who writes
/// while it is closed) and its greeting (sent on a new conversation).
#[utoipa::path(
    put, path = "/v1/inboxes/{id}/hours", tag = "admin", security(("bearer" = [])),
    summary = "Business hours and automatic replies",
    params(("id" = String, Path, description = "the business number's phone number id")),
    request_body(content = switchboard_protocol::InboxHoursRequest, example = json!({
        "hours": {"time_zone": "America/Sao_Paulo", "shifts": [{"day": "mon", "open": "09:00", "close": "18:00"}], "holidays": ["2026-12-25"]},
        "away_reply": "We are closed now and answer from 9:00.", "greeting": null})),
    responses((status = 204, description = "done"),
        (status = 422, description = "an unknown time zone, a malformed time or date, or an empty text", body = ApiError))
)]
pub(super) async fn set_inbox_hours(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(settings): ApiJson<switchboard_protocol::InboxHoursRequest>,
) -> Result<StatusCode, AppError> {
    let change = crate::db::types::ServiceChange::SetInboxHours { id, settings };
    super::service_change(&state, &caller, change, "inbox").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves a conversation to another team's queue, with an optional note
/// for that team: its holder, the team's lead or an admin. The holder
/// keeps it only if it is in the new team.
#[utoipa::path(
    post, path = "/v1/conversations/{id}/transfer", tag = "desktop", security(("bearer" = [])),
    summary = "Move to another team",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = TransferRequest, example = json!({"team_id": 2, "note": "Asks about an invoice"})),
    responses((status = 204, description = "done"),
        (status = 403, description = "not yours to move", body = ApiError),
        (status = 422, description = "no such team, or the note breaks its rule", body = ApiError))
)]
pub(super) async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<TransferRequest>,
) -> Result<StatusCode, AppError> {
    let conversation = conversation_for(&state, &caller, conversation_id, Access::Read).await?;
    if !switchboard_protocol::may_transfer(caller.0.who(), conversation.place()) {
        return Err(AppError::forbidden(
            "only its holder, the team's lead or an admin can move a conversation to another team",
        ));
    }
    let change = TeamChange::Transfer {
        conversation: conversation_id,
        team: req.team_id,
        note: req.note,
    };
    state.store.change_teams(change, caller.id()).await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}
