//! The account's records: templates, a contact's data (export and erasure), the audit log, quarantined webhooks, WhatsApp's alerts.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use switchboard_protocol::{AuditEntry, Permission, TemplateList};

use super::extract::{ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Caller;
use crate::error::AppError;
use crate::queries::audit;
use crate::repo::AlertInfo;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(templates))
        .routes(routes!(export_contact, erase_contact))
        .routes(routes!(audit_log))
        .routes(routes!(quarantine))
        .routes(routes!(alerts))
}

#[utoipa::path(
    get, path = "/v1/templates", tag = "desktop", security(("bearer" = [])),
    summary = "Approved templates (for replies outside the 24-hour window)",
    responses((status = 200, body = TemplateList, example = json!({"templates": [{"name": "order_update", "language": "en", "body": "Your order {{1}} is on its way."}]})))
)]
pub(super) async fn templates(
    State(state): State<AppState>,
    _caller: Caller,
) -> Json<TemplateList> {
    Json(TemplateList {
        templates: state.templates.as_ref().clone(),
    })
}

/// The one grammar of a customer's id, as ingest accepts it (issue 24.9):
/// a phone number's digits, or a business-scoped user id (`US.…`).
pub(super) fn valid_wa_id(wa_id: &str) -> Result<(), AppError> {
    if !switchboard_whatsapp::ids::is_customer_id(wa_id) {
        return Err(AppError::bad_request(
            "a customer's id is a WhatsApp number (digits) or a business-scoped id (US.…)",
        ));
    }
    Ok(())
}

#[utoipa::path(
    get, path = "/v1/contacts/{wa_id}/data", tag = "admin", security(("bearer" = [])),
    summary = "Everything stored about a customer (GDPR export)",
    params(("wa_id" = String, Path, description = "the customer's WhatsApp id (digits, or a business-scoped US.… id)")),
    responses((status = 200, body = Object))
)]
pub(super) async fn export_contact(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(wa_id): ApiPath<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    caller.require(Permission::ContactData)?;
    valid_wa_id(&wa_id)?;
    Ok(Json(state.store.export_contact(wa_id, caller.id()).await?))
}

#[utoipa::path(
    delete, path = "/v1/contacts/{wa_id}/data", tag = "admin", security(("bearer" = [])),
    summary = "Erase a customer (GDPR erasure); desktops are told to purge",
    params(("wa_id" = String, Path, description = "the customer's WhatsApp id (digits, or a business-scoped US.… id)")),
    responses((status = 200, body = Object))
)]
pub(super) async fn erase_contact(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(wa_id): ApiPath<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    caller.require(Permission::ContactData)?;
    valid_wa_id(&wa_id)?;
    let erased = state.store.erase_contact(wa_id, caller.id()).await?;
    state.publish().await;
    Ok(Json(serde_json::json!({ "erased_messages": erased })))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct AuditQuery {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/v1/audit", tag = "admin", security(("bearer" = [])),
    summary = "The audit log, oldest first, after a cursor",
    params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntry>))
)]
pub(super) async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<audit::Entry>>, AppError> {
    caller.require(Permission::Manage)?;
    let limit = q.limit.unwrap_or(200).clamp(1, 1000);
    Ok(Json(state.store.audit_log(q.after, limit).await?))
}

#[utoipa::path(
    get, path = "/v1/quarantine", tag = "admin", security(("bearer" = [])),
    summary = "Webhook payloads the hub could not read, kept aside",
    responses((status = 200, body = Vec<Object>))
)]
pub(super) async fn quarantine(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<serde_json::Value>>, AppError> {
    caller.require(Permission::Manage)?;
    Ok(Json(state.store.quarantined().await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct AlertsQuery {
    /// Only alerts older than this one (the `id` of the last one shown).
    before: Option<i64>,
    limit: Option<i64>,
}

/// What WhatsApp said about the account, its numbers and templates
/// (restrictions, violations, a disabled account, templates rejected, paused
/// or changed in quality or category), newest first.
#[utoipa::path(
    get, path = "/v1/alerts", tag = "admin", security(("bearer" = [])),
    summary = "WhatsApp's alerts about the account, numbers and templates",
    params(AlertsQuery),
    responses((status = 200, body = Vec<AlertInfo>, example = json!([{"id": 7, "received_at": 1751248400,
        "field": "message_template_quality_update",
        "summary": "template “order_confirmation” (en_US): quality GREEN → YELLOW",
        "detail": {"previous_quality_score": "GREEN", "new_quality_score": "YELLOW",
                   "message_template_name": "order_confirmation", "message_template_language": "en_US"}}])))
)]
pub(super) async fn alerts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> Result<Json<Vec<AlertInfo>>, AppError> {
    caller.require(Permission::Manage)?;
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(state.store.alerts(q.before, limit).await?))
}
