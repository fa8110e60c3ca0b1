//! Service-level policies (issue 29): every role reads them; admins add,
//! change and delete them, each change audited.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use switchboard_protocol::{ApiError, SlaPolicy, SlaPolicyRequest};

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Caller;
use crate::db::types::ServiceChange;
use crate::error::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_policies, add_policy))
        .routes(routes!(set_policy, delete_policy))
}

/// The service-level policies, oldest first.
#[utoipa::path(
    get, path = "/v1/sla-policies", tag = "desktop", security(("bearer" = [])),
    summary = "Service-level policies",
    responses((status = 200, body = Vec<SlaPolicy>, example = json!([{"id": 1, "name": "Sales, fast", "inbox": "106540352242922",
        "team_id": null, "label_id": null, "first_response_secs": 900, "next_response_secs": 3600, "resolution_secs": 86400}])))
)]
pub(super) async fn list_policies(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<SlaPolicy>>, AppError> {
    Ok(Json(state.store.sla_policies().await?))
}

/// Admins: a new policy; answers its id.
#[utoipa::path(
    post, path = "/v1/sla-policies", tag = "admin", security(("bearer" = [])),
    summary = "Add a service-level policy",
    request_body(content = SlaPolicyRequest, example = json!({"name": "Everyone", "first_response_secs": 3600, "resolution_secs": 172800})),
    responses((status = 200, description = "its id", example = json!({"id": 2})),
        (status = 422, description = "a rule it cannot take", body = ApiError))
)]
pub(super) async fn add_policy(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(rule): ApiJson<SlaPolicyRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    let id = super::service_change(
        &state,
        &caller,
        ServiceChange::SavePolicy { id: None, rule },
        "policy",
    )
    .await?;
    Ok(Json(serde_json::json!({ "id": id })))
}

/// Admins: replaces a policy (due times already set stay).
#[utoipa::path(
    put, path = "/v1/sla-policies/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Change a service-level policy",
    params(("id" = i64, Path, description = "policy id")),
    request_body(content = SlaPolicyRequest),
    responses((status = 204, description = "done"), (status = 404, description = "no such policy", body = ApiError))
)]
pub(super) async fn set_policy(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(rule): ApiJson<SlaPolicyRequest>,
) -> Result<StatusCode, AppError> {
    super::service_change(
        &state,
        &caller,
        ServiceChange::SavePolicy { id: Some(id), rule },
        "policy",
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admins: deletes a policy (due times it set stay until met).
#[utoipa::path(
    delete, path = "/v1/sla-policies/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Delete a service-level policy",
    params(("id" = i64, Path, description = "policy id")),
    responses((status = 204, description = "done"), (status = 404, description = "no such policy", body = ApiError))
)]
pub(super) async fn delete_policy(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    super::service_change(
        &state,
        &caller,
        ServiceChange::DeletePolicy { id },
        "policy",
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
