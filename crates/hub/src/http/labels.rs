//! The team's shared lists: labels and canned replies (every role reads them; admins edit them).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use switchboard_protocol::{ApiError, Permission};

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, OrMissing};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_labels, add_label))
        .routes(routes!(update_label, delete_label))
        .routes(routes!(list_canned, add_canned))
        .routes(routes!(update_canned, delete_canned))
}

/// Labels, by name: every role reads them.
#[utoipa::path(
    get, path = "/v1/labels", tag = "desktop", security(("bearer" = [])),
    summary = "Labels",
    responses((status = 200, body = Vec<switchboard_protocol::Label>, example = json!([{"id": 1, "name": "VIP", "colour": "#c62828"}])))
)]
pub(super) async fn list_labels(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<switchboard_protocol::Label>>, AppError> {
    Ok(Json(state.store.labels().await?))
}

/// Admins: a new label (unique name, `#rrggbb` colour).
#[utoipa::path(
    post, path = "/v1/labels", tag = "admin", security(("bearer" = [])),
    summary = "Add a label",
    request_body(content = switchboard_protocol::LabelRequest, example = json!({"name": "VIP", "colour": "#c62828"})),
    responses((status = 201, body = Created, example = json!({"id": 1})),
        (status = 409, description = "the name is taken", body = ApiError),
        (status = 422, description = "a field breaks its rule", body = ApiError))
)]
pub(super) async fn add_label(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<switchboard_protocol::LabelRequest>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    caller.require(Permission::Manage)?;
    let id = state.store.save_label(None, req, caller.id()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Admins: renames or recolours a label.
#[utoipa::path(
    put, path = "/v1/labels/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Change a label",
    params(("id" = i64, Path, description = "label id")),
    request_body(content = switchboard_protocol::LabelRequest, example = json!({"name": "VIP", "colour": "#ad1457"})),
    responses((status = 204, description = "done"),
        (status = 409, description = "the name is taken", body = ApiError))
)]
pub(super) async fn update_label(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::LabelRequest>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .save_label(Some(id), req, caller.id())
        .await
        .or_missing("label")?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: removes a label, from every conversation too.
#[utoipa::path(
    delete, path = "/v1/labels/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Remove a label",
    params(("id" = i64, Path, description = "label id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn delete_label(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .delete_label(id, caller.id())
        .await
        .or_missing("label")?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// Canned replies, by shortcut: every role reads them (agents insert them
/// with `/` in the composer; desktops keep them for offline use).
#[utoipa::path(
    get, path = "/v1/canned", tag = "desktop", security(("bearer" = [])),
    summary = "Canned replies",
    responses((status = 200, body = Vec<switchboard_protocol::CannedReply>, example = json!([{"id": 1, "name": "Order shipped", "shortcut": "shipped", "text": "Hi {{contact.name}}, your order left our warehouse today."}])))
)]
pub(super) async fn list_canned(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<switchboard_protocol::CannedReply>>, AppError> {
    Ok(Json(state.store.canned().await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Created {
    pub(super) id: i64,
}

/// Admins: a new canned reply (`/shortcut` unique).
#[utoipa::path(
    post, path = "/v1/canned", tag = "admin", security(("bearer" = [])),
    summary = "Add a canned reply",
    request_body(content = switchboard_protocol::CannedReplyRequest, example = json!({"name": "Order shipped", "shortcut": "shipped", "text": "Hi {{contact.name}}, your order left our warehouse today."})),
    responses((status = 201, body = Created, example = json!({"id": 1})),
        (status = 409, description = "the shortcut is taken", body = ApiError),
        (status = 422, description = "a field breaks its rule", body = ApiError))
)]
pub(super) async fn add_canned(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<switchboard_protocol::CannedReplyRequest>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    caller.require(Permission::Manage)?;
    let id = state.store.add_canned(req, caller.id()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Admins: rewrites a canned reply.
#[utoipa::path(
    put, path = "/v1/canned/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Change a canned reply",
    params(("id" = i64, Path, description = "canned reply id")),
    request_body(content = switchboard_protocol::CannedReplyRequest, example = json!({"name": "Order shipped", "shortcut": "shipped", "text": "Hi {{contact.name}}, it is on its way."})),
    responses((status = 204, description = "done"),
        (status = 409, description = "the shortcut is taken", body = ApiError),
        (status = 422, description = "a field breaks its rule", body = ApiError))
)]
pub(super) async fn update_canned(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::CannedReplyRequest>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .update_canned(id, req, caller.id())
        .await
        .or_missing("canned reply")?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: removes a canned reply.
#[utoipa::path(
    delete, path = "/v1/canned/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Remove a canned reply",
    params(("id" = i64, Path, description = "canned reply id")),
    responses((status = 204, description = "done"))
)]
pub(super) async fn delete_canned(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .delete_canned(id, caller.id())
        .await
        .or_missing("canned reply")?;
    Ok(StatusCode::NO_CONTENT)
}
