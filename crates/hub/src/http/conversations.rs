//! Acting on a conversation: labels, assignment, status, read and unread.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use switchboard_protocol::{ApiError, ConversationStatus, Permission};

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::{Access, Caller};
use crate::error::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(assign))
        .routes(routes!(set_status))
        .routes(routes!(mark_read))
        .routes(routes!(mark_unread))
        .routes(routes!(snooze))
        .routes(routes!(wake))
        .routes(routes!(set_labels))
}

/// Sets a conversation's labels (all of them): its holder or an admin.
#[utoipa::path(
    put, path = "/v1/conversations/{id}/labels", tag = "desktop", security(("bearer" = [])),
    summary = "Set a conversation's labels",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = switchboard_protocol::LabelsSet, example = json!({"labels": [1, 3]})),
    responses((status = 204, description = "done"),
        (status = 422, description = "an unknown label", body = ApiError))
)]
pub(super) async fn set_labels(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::LabelsSet>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state
        .store
        .set_labels(conversation_id, req.labels, caller.id())
        .await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn conversation_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<switchboard_protocol::Conversation, AppError> {
    let c = state.store.conversation(id).await?;
    caller.check(&c, access)?;
    Ok(c)
}

/// `{"assignee": 7}` assigns (or claims, for oneself); `{"assignee": null}`
/// returns the conversation to the queue. The field is required: a body
/// without it (`{}`, or a misspelt field) is an error, never an unassign.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignRequest {
    /// The agent to hold it, or `null` for the queue (required either way).
    #[serde(deserialize_with = "present")]
    #[schema(value_type = Option<i64>, required = true, example = 7)]
    assignee: Option<Option<i64>>,
}

/// Marks a field as present even when its value is `null`.
pub(super) fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/assignment", tag = "desktop", security(("bearer" = [])),
    summary = "Assign, claim (oneself) or return to the queue (null)",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = AssignRequest, example = json!({"assignee": null})),
    responses((status = 204, description = "done"),
        (status = 409, description = "conflicts with the current state", body = ApiError))
)]
pub(super) async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<AssignRequest>,
) -> Result<StatusCode, AppError> {
    let Some(assignee) = req.assignee else {
        return Err(AppError::bad_request(
            "assignee is required: an agent id, or null to return the conversation to the queue",
        ));
    };
    let conversation = state.store.conversation(conversation_id).await?;
    let (me, role) = (caller.id(), caller.0.role);
    let (who, place) = (caller.0.who(), conversation.place());
    if assignee == Some(me)
        && conversation.assignee != Some(me)
        && role.allows(Permission::Claim)
        && !switchboard_protocol::may_assign(who, place)
    {
        // An agent claiming. Another team's conversation is not there for
        // it. Judged at commit: if a colleague holds it (now, or by then),
        // 409 names them and nothing else about it is told.
        if !who.in_team(place.team) {
            return Err(AppError::not_found());
        }
        state
            .store
            .assign(conversation_id, assignee, me, true)
            .await?;
    } else {
        caller.check(&conversation, Access::Read)?;
        let is_claim = conversation.assignee.is_none() && assignee == Some(me);
        if !(switchboard_protocol::may_assign(who, place)
            || (is_claim && switchboard_protocol::may_claim(who, place)))
        {
            return Err(AppError::forbidden(
                "only an admin or the team's lead can assign; an agent may claim an unassigned conversation for itself",
            ));
        }
        // An admin taking an unassigned conversation is a claim too: it does
        // not take it from a colleague who claimed it a moment before.
        state
            .store
            .assign(conversation_id, assignee, me, is_claim)
            .await?;
    }
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StatusRequest {
    status: ConversationStatus,
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/status", tag = "desktop", security(("bearer" = [])),
    summary = "Resolve or reopen",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = StatusRequest, example = json!({"status": "resolved"})),
    responses((status = 204, description = "done"))
)]
pub(super) async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state
        .store
        .set_status(conversation_id, req.status, caller.id())
        .await?;
    // A satisfaction survey may be waiting to go.
    state.send_wake.notify_one();
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/read", tag = "desktop", security(("bearer" = [])),
    summary = "Mark read (and send a read receipt if the hub is set to)",
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    let last = state.store.mark_read(conversation_id).await?;
    if state.read_receipts
        && let Some(receipt) = last
        && let Err(e) = state
            .graph
            .for_number(&receipt.phone_number_id)
            .mark_read(&receipt.wamid)
            .await
    {
        tracing::warn!(error = %e, "read receipt not sent");
    }
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// Leaves a conversation for later: unread again for everyone who sees it.
/// The same rule as marking it read (who may act on it).
#[utoipa::path(
    post, path = "/v1/conversations/{id}/unread", tag = "desktop", security(("bearer" = [])),
    summary = "Mark unread",
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn mark_unread(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state.store.mark_unread(conversation_id).await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts an open conversation away until a time, or until the customer
/// writes (a customer's message always brings it back): the same rule as
/// resolving it (its holder, a lead of its team, an admin).
#[utoipa::path(
    post, path = "/v1/conversations/{id}/snooze", tag = "desktop", security(("bearer" = [])),
    summary = "Snooze",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = switchboard_protocol::SnoozeRequest, example = json!({"until": 1796000000})),
    responses((status = 204, description = "done"),
        (status = 422, description = "not open, or a time in the past or over a year ahead", body = ApiError))
)]
pub(super) async fn snooze(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::SnoozeRequest>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state
        .store
        .snooze(conversation_id, req.until, caller.id())
        .await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings a snoozed conversation back now.
#[utoipa::path(
    post, path = "/v1/conversations/{id}/wake", tag = "desktop", security(("bearer" = [])),
    summary = "Wake a snoozed conversation",
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn wake(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state.store.wake(conversation_id, caller.id()).await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}
