//! Who is on the team: the caller itself, availability, agents and their tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_protocol::{AgentSummary, ApiError, Me, Permission, Role};

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::{Caller, Credential};
use crate::error::{AppError, OrMissing};
use crate::repo::TokenInfo;

/// The team's names (enabled agents, every role may ask): for the author
/// of a note, a mention and an assignee's name.
#[utoipa::path(
    get, path = "/v1/team", tag = "desktop", security(("bearer" = [])),
    summary = "The team's names",
    responses((status = 200, body = Vec<switchboard_protocol::TeamMember>, example = json!([{"id": 1, "name": "Ada Admin"}, {"id": 3, "name": "Ana Ferreira"}])))
)]
pub(super) async fn team(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<switchboard_protocol::TeamMember>>, AppError> {
    Ok(Json(state.store.team().await?))
}

/// Who the token belongs to. A token's first use here is the agent's
/// sign-in, audited once; later calls (each app start) are not.
#[utoipa::path(
    get, path = "/v1/me", tag = "desktop", security(("bearer" = [])),
    summary = "Who the token belongs to",
    responses((status = 200, body = Me, example = json!({"agent_id": 3, "name": "Ana Ferreira", "role": "agent"})))
)]
pub(super) async fn me(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
) -> Result<Json<Me>, AppError> {
    state
        .store
        .record_sign_in(credential.token_hash, caller.id())
        .await?;
    let available = state.store.available_agents().await?.contains(&caller.id());
    let a = caller.0;
    Ok(Json(Me {
        agent_id: a.id,
        name: a.name,
        role: a.role,
        available,
        teams: a.teams,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct AvailabilitySet {
    available: bool,
    /// Conversations this agent took from the queue on becoming available.
    assigned: Vec<i64>,
}

/// An agent (or admin) says whether it takes new conversations. With
/// auto-assignment on, becoming available takes the oldest waiting
/// conversations up to the limit; away takes none.
#[utoipa::path(
    put, path = "/v1/me/availability", tag = "desktop", security(("bearer" = [])),
    summary = "Available for new conversations, or away",
    request_body(content = switchboard_protocol::Availability, example = json!({"available": true})),
    responses((status = 200, body = AvailabilitySet, example = json!({"available": true, "assigned": [12, 15]})))
)]
pub(super) async fn set_availability(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<switchboard_protocol::Availability>,
) -> Result<Json<AvailabilitySet>, AppError> {
    caller.require(Permission::Reply)?;
    if let Err(wait) = state.limits.availability_toggle(caller.id(), req.available) {
        state.metrics.rate_limited("availability");
        return Err(AppError::too_many(wait));
    }
    let assigned = state
        .store
        .set_available(caller.id(), req.available, state.auto_assign)
        .await?;
    if !assigned.is_empty() {
        state.publish().await;
    }
    Ok(Json(AvailabilitySet {
        available: req.available,
        assigned,
    }))
}

#[utoipa::path(
    get, path = "/v1/agents", tag = "admin", security(("bearer" = [])),
    summary = "Every agent (admins and viewers)",
    responses((status = 200, body = Vec<AgentSummary>, example = json!([{"id": 1, "name": "Admin", "role": "admin", "disabled": false}])))
)]
pub(super) async fn list_agents(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<AgentSummary>>, AppError> {
    caller.require(Permission::Manage)?;
    let agents = state.store.list_agents().await?;
    let available = state.store.available_agents().await?;
    Ok(Json(
        agents
            .into_iter()
            .map(|a| AgentSummary {
                available: available.contains(&a.id),
                id: a.id,
                name: a.name,
                role: a.role,
                disabled: a.disabled,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CreateAgent {
    name: String,
    role: Role,
}

use switchboard_protocol::IssuedToken;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(set_availability))
        .routes(routes!(team))
        .routes(routes!(list_agents, create_agent))
        .routes(routes!(update_agent))
        .routes(routes!(list_tokens, issue_token, revoke_tokens))
        .routes(routes!(revoke_token))
}

#[utoipa::path(
    post, path = "/v1/agents", tag = "admin", security(("bearer" = [])),
    summary = "Add an agent; its first token is shown once",
    request_body(content = CreateAgent, example = json!({"name": "Ana Ferreira", "role": "agent"})),
    responses((status = 201, body = IssuedToken, example = json!({"agent_id": 4, "token": "sbt_3q2x…"})))
)]
pub(super) async fn create_agent(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateAgent>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    caller.require(Permission::Manage)?;
    let (agent_id, token) = state
        .store
        .create_agent(req.name, req.role, state.token_days, Some(caller.id()))
        .await?;
    Ok((StatusCode::CREATED, Json(IssuedToken { agent_id, token })))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct UpdateAgent {
    disabled: Option<bool>,
    role: Option<Role>,
}

#[utoipa::path(
    patch, path = "/v1/agents/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Change an agent's role, disable or enable it",
    params(("id" = i64, Path, description = "agent id")),
    request_body(content = UpdateAgent, example = json!({"role": "viewer"})),
    responses((status = 204, description = "done"),
        (status = 409, description = "conflicts with the current state", body = ApiError))
)]
pub(super) async fn update_agent(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
    ApiJson(req): ApiJson<UpdateAgent>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    if agent_id == caller.id()
        && (req.disabled == Some(true) || req.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            "own_admin",
            "an admin cannot disable or demote itself",
        ));
    }
    if req.disabled.is_none() && req.role.is_none() {
        return Err(AppError::bad_request("set disabled, role, or both"));
    }
    state
        .store
        .update_agent(agent_id, req.role, req.disabled, Some(caller.id()))
        .await
        .or_missing("agent")?;
    state.auth_changed();
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/v1/agents/{id}/tokens", tag = "admin", security(("bearer" = [])),
    summary = "An agent's tokens: metadata, never the secrets",
    params(("id" = i64, Path, description = "agent id")),
    responses((status = 200, body = Vec<TokenInfo>))
)]
pub(super) async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
) -> Result<Json<Vec<TokenInfo>>, AppError> {
    caller.require(Permission::Manage)?;
    Ok(Json(
        state
            .store
            .list_tokens(agent_id)
            .await
            .or_missing("agent")?,
    ))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct IssueQuery {
    /// Revoke the agent's other tokens in the same step.
    #[serde(default)]
    rotate: bool,
}

#[utoipa::path(
    post, path = "/v1/agents/{id}/tokens", tag = "admin", security(("bearer" = [])),
    summary = "Issue a token (shown once); rotate=true revokes the others",
    params(("id" = i64, Path, description = "agent id"), IssueQuery),
    responses((status = 201, body = IssuedToken))
)]
pub(super) async fn issue_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<IssueQuery>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    caller.require(Permission::Manage)?;
    let token = state
        .store
        .issue_token(agent_id, state.token_days, q.rotate, Some(caller.id()))
        .await
        .or_missing("agent")?;
    if q.rotate {
        state.auth_changed();
    }
    Ok((StatusCode::CREATED, Json(IssuedToken { agent_id, token })))
}

#[utoipa::path(
    delete, path = "/v1/agents/{id}/tokens", tag = "admin", security(("bearer" = [])),
    summary = "Revoke every token of an agent",
    params(("id" = i64, Path, description = "agent id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn revoke_tokens(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .revoke_tokens(agent_id, None, Some(caller.id()))
        .await
        .or_missing("agent")?;
    state.auth_changed();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/v1/agents/{id}/tokens/{token_id}", tag = "admin", security(("bearer" = [])),
    summary = "Revoke one token",
    params(("id" = i64, Path, description = "agent id"), ("token_id" = i64, Path, description = "token id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((agent_id, token_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .revoke_tokens(agent_id, Some(token_id), Some(caller.id()))
        .await
        .or_missing("token")?;
    state.auth_changed();
    Ok(StatusCode::NO_CONTENT)
}
