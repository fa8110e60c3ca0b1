//! Macros (issue 29): every role reads them; admins add, change and delete
//! them, each change audited.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use switchboard_protocol::{ApiError, Macro, MacroRequest};

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Caller;
use crate::db::types::ServiceChange;
use crate::error::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_macros, add_macro))
        .routes(routes!(set_macro, delete_macro))
}

/// The macros, by name.
#[utoipa::path(
    get, path = "/v1/macros", tag = "desktop", security(("bearer" = [])),
    summary = "Macros",
    responses((status = 200, body = Vec<Macro>, example = json!([{"id": 1, "name": "Refund done",
        "steps": [{"type": "label", "add": [2], "remove": []}, {"type": "reply", "text": "Your refund is on its way, {{contact.name}}."}, {"type": "resolve"}]}])))
)]
pub(super) async fn list_macros(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<Macro>>, AppError> {
    Ok(Json(state.store.macros().await?))
}

/// Admins: a new macro; answers its id.
#[utoipa::path(
    post, path = "/v1/macros", tag = "admin", security(("bearer" = [])),
    summary = "Add a macro",
    request_body(content = MacroRequest, example = json!({"name": "Refund done", "steps": [{"type": "resolve"}]})),
    responses((status = 200, description = "its id", example = json!({"id": 2})),
        (status = 422, description = "a macro it cannot take", body = ApiError))
)]
pub(super) async fn add_macro(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(rule): ApiJson<MacroRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    let id = super::service_change(
        &state,
        &caller,
        ServiceChange::SaveMacro { id: None, rule },
        "macro",
    )
    .await?;
    Ok(Json(serde_json::json!({ "id": id })))
}

/// Admins: replaces a macro.
#[utoipa::path(
    put, path = "/v1/macros/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Change a macro",
    params(("id" = i64, Path, description = "macro id")),
    request_body(content = MacroRequest),
    responses((status = 204, description = "done"), (status = 404, description = "no such macro", body = ApiError))
)]
pub(super) async fn set_macro(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(rule): ApiJson<MacroRequest>,
) -> Result<StatusCode, AppError> {
    super::service_change(
        &state,
        &caller,
        ServiceChange::SaveMacro { id: Some(id), rule },
        "macro",
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: deletes a macro.
#[utoipa::path(
    delete, path = "/v1/macros/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Delete a macro",
    params(("id" = i64, Path, description = "macro id")),
    responses((status = 204, description = "done"), (status = 404, description = "no such macro", body = ApiError))
)]
pub(super) async fn delete_macro(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    super::service_change(&state, &caller, ServiceChange::DeleteMacro { id }, "macro").await?;
    Ok(StatusCode::NO_CONTENT)
}
