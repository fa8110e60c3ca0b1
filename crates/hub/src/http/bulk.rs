//! Acting on many conversations at once (issue 29): each conversation is
//! checked against the role table as a request for it alone would be, the
//! permitted ones changed in one transaction (each audited on its own), and
//! the answer lists every one left as it was, with the code and message a
//! request for it alone would have had.

use axum::Json;
use axum::extract::State;
use switchboard_protocol::{
    ApiError, BulkAction, BulkOutcome, BulkRefusal, BulkRequest, Conversation, MAX_BULK,
    may_assign, may_transfer,
};

use super::extract::ApiJson;
use crate::AppState;
use crate::auth::{Access, Caller};
use crate::error::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(bulk))
}

#[utoipa::path(
    post, path = "/v1/conversations/bulk", tag = "desktop", security(("bearer" = [])),
    summary = "Assign, transfer, label, snooze, resolve or reopen many conversations",
    request_body(content = BulkRequest, example = json!({"conversations": [12, 15, 19], "action": {"type": "snooze", "until": null}})),
    responses((status = 200, body = BulkOutcome, description = "what changed, and what was refused and why",
               example = json!({"done": [12, 19], "refused": [{"conversation_id": 15, "code": "forbidden", "message": "this conversation is not yours to act on"}]})),
        (status = 422, description = "no conversation, or more than 1,000", body = ApiError))
)]
pub(super) async fn bulk(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<BulkRequest>,
) -> Result<Json<BulkOutcome>, AppError> {
    let mut ids = Vec::with_capacity(req.conversations.len());
    for id in req.conversations {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() || ids.len() > MAX_BULK {
        return Err(AppError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_bulk",
            "name 1 to 1,000 conversations",
        ));
    }
    let found = state.store.conversations_by_id(ids.clone()).await?;
    let mut refused: Vec<BulkRefusal> = Vec::new();
    let mut permitted = Vec::new();
    for (id, conversation) in ids.iter().zip(found) {
        let allowed = match &conversation {
            Some(c) => permitted_on(&caller, c, &req.action),
            None => Err(AppError::not_found()),
        };
        match allowed {
            Ok(()) => permitted.push(*id),
            Err(e) => refused.push(refusal(*id, e)),
        }
    }
    let failed = if permitted.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .bulk(permitted.clone(), req.action, caller.id())
            .await?
    };
    for (id, e) in failed {
        refused.push(refusal(id, e.into()));
    }
    let done = ids
        .iter()
        .copied()
        .filter(|id| !refused.iter().any(|r| r.conversation_id == *id))
        .collect();
    refused.sort_by_key(|r| ids.iter().position(|id| *id == r.conversation_id));
    // Resolving may have queued satisfaction surveys.
    state.send_wake.notify_one();
    state.publish().await;
    Ok(Json(BulkOutcome { done, refused }))
}

fn refusal(conversation_id: i64, e: AppError) -> BulkRefusal {
    BulkRefusal {
        conversation_id,
        code: e.code.to_owned(),
        message: e.message,
    }
}

/// The rule a request for this one conversation would apply.
fn permitted_on(caller: &Caller, c: &Conversation, action: &BulkAction) -> Result<(), AppError> {
    let (who, place) = (caller.0.who(), c.place());
    match action {
        BulkAction::Assign { .. } => {
            caller.check(c, Access::Read)?;
            if !may_assign(who, place) {
                return Err(AppError::forbidden(
                    "only an admin or the team's lead can assign",
                ));
            }
        }
        BulkAction::Transfer { .. } => {
            caller.check(c, Access::Read)?;
            if !may_transfer(who, place) {
                return Err(AppError::forbidden(
                    "only its holder, the team's lead or an admin can move a conversation to another team",
                ));
            }
        }
        BulkAction::Label { .. }
        | BulkAction::Snooze { .. }
        | BulkAction::Resolve
        | BulkAction::Reopen => caller.check(c, Access::Manage)?,
    }
    Ok(())
}
