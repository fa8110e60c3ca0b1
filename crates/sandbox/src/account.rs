//! The account side of the Graph API that `switchboard-hub doctor` reads:
//! a token's own description (`debug_token`), a number's details, the
//! apps subscribed to the business account and the app's webhook
//! subscription, answered in Meta's shapes.

use crate::{APP_ID, Sandbox, graph_error};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;

/// The WhatsApp Business Account webhook fields the sandbox's app is
/// subscribed to unless a test says otherwise (`unsubscribed_fields`).
const FIELDS: [&str; 14] = [
    "messages",
    "smb_message_echoes",
    "calls",
    "user_preferences",
    "account_alerts",
    "account_update",
    "account_review_update",
    "business_capability_update",
    "phone_number_name_update",
    "phone_number_quality_update",
    "message_template_status_update",
    "message_template_quality_update",
    "template_category_update",
    "security",
];

/// `GET /{version}/debug_token?input_token=…`: what the token is, for
/// whom and with which permissions.
pub(crate) async fn debug_token(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, None) {
        return refused;
    }
    let valid = query.get("input_token") == Some(&sb.config.access_token);
    let scopes = sb.lock().token_scopes.clone().unwrap_or_else(|| {
        vec![
            "whatsapp_business_management".into(),
            "whatsapp_business_messaging".into(),
        ]
    });
    let granular: Vec<_> = scopes
        .iter()
        .map(|s| json!({"scope": s, "target_ids": [sb.config.waba_id]}))
        .collect();
    Json(json!({"data": {
        "app_id": APP_ID,
        "type": "SYSTEM_USER",
        "application": "Switchboard sandbox",
        "expires_at": 0,
        "is_valid": valid,
        "scopes": scopes,
        "granular_scopes": granular,
    }}))
    .into_response()
}

/// `GET /{version}/{phone_number_id}` for one of the account's numbers.
pub(crate) fn number(sb: &Sandbox, id: &str) -> Option<Response> {
    let known = id == sb.config.phone_number_id || sb.config.other_numbers.iter().any(|n| n == id);
    known.then(|| {
        Json(json!({
            "id": id,
            "display_phone_number": sb.config.display_phone_number,
            "verified_name": "Switchboard Sandbox",
            "quality_rating": "GREEN",
        }))
        .into_response()
    })
}

/// `GET /{version}/{waba_id}/subscribed_apps`: the apps that receive the
/// account's webhooks.
pub(crate) async fn subscribed_apps(
    State(sb): State<Sandbox>,
    Path((_version, waba)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, None) {
        return refused;
    }
    if waba != sb.config.waba_id {
        return unknown_object();
    }
    let apps = if sb.lock().app_unsubscribed {
        json!([])
    } else {
        json!([{"whatsapp_business_api_data": {"id": APP_ID, "name": "Switchboard sandbox"}}])
    };
    Json(json!({"data": apps})).into_response()
}

/// `GET /{version}/{app_id}/subscriptions?access_token={app_id}|{secret}`:
/// the app's webhook callback and fields, read with the app's own token.
pub(crate) async fn subscriptions(
    State(sb): State<Sandbox>,
    Path((_version, app)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let app_token = format!("{APP_ID}|{}", sb.config.app_secret);
    if query.get("access_token") != Some(&app_token) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            190,
            "Invalid OAuth access token signature.",
            "The app access token is invalid",
        );
    }
    if app != APP_ID {
        return unknown_object();
    }
    let inner = sb.lock();
    let fields: Vec<_> = FIELDS
        .iter()
        .filter(|f| !inner.unsubscribed_fields.iter().any(|u| u == *f))
        .map(|f| json!({"name": f, "version": "v24.0"}))
        .collect();
    Json(json!({"data": [{
        "object": "whatsapp_business_account",
        "callback_url": inner.webhook_url,
        "active": true,
        "fields": fields,
    }]}))
    .into_response()
}

fn unknown_object() -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        100,
        "Unsupported get request.",
        "Object does not exist or the token cannot see it",
    )
}
