//! Who is viewing or typing in a conversation.

use axum::Json;
use axum::extract::State;
use switchboard_protocol::ApiError;

use super::conversations::conversation_for;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::{Access, Caller};
use crate::db::now;
use crate::error::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_presence))
}

/// Says what the caller is doing in a conversation (viewing, typing, left);
/// whoever may read it hears of it on `/v1/events` (`presence` events).
#[utoipa::path(
    post, path = "/v1/conversations/{id}/presence", tag = "desktop", security(("bearer" = [])),
    summary = "Say you are viewing, typing in or leaving a conversation (ephemeral, not stored)",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = switchboard_protocol::PresenceRequest, example = json!({"state": "typing"})),
    responses(
        (status = 200, description = "who is there now", body = switchboard_protocol::Presence),
        (status = 403, description = "typing, by a role that writes nothing in it (viewers)", body = ApiError),
        (status = 404, description = "no conversation the caller may read", body = ApiError)
    )
)]
pub(super) async fn set_presence(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::PresenceRequest>,
) -> Result<Json<switchboard_protocol::Presence>, AppError> {
    let conversation = conversation_for(&state, &caller, conversation_id, Access::Read).await?;
    if req.state == switchboard_protocol::PresenceState::Typing
        && !switchboard_protocol::may_type(caller.0.who(), conversation.place())
    {
        return Err(AppError::forbidden(
            "your role does not write in conversations, so it cannot be typing",
        ));
    }
    let now = now();
    let presence = state.presence.set(
        conversation_id,
        conversation.place(),
        caller.id(),
        &caller.0.name,
        req.state,
        now,
    );
    // The other hubs' desktops hear of it too (several hubs on PostgreSQL).
    let shared = crate::presence::SharedPresence {
        hub: state.hub_name.clone(),
        conversation_id,
        assignee: conversation.assignee,
        team: conversation.team_id,
        agent_id: caller.id(),
        name: caller.0.name.clone(),
        state: req.state,
        at: now,
    };
    if let Ok(payload) = serde_json::to_string(&shared)
        && let Err(e) = state.store.tell_presence(payload).await
    {
        tracing::warn!(error = %e, "presence not shared with the other hubs");
    }
    Ok(Json(presence))
}
