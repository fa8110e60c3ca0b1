//! The control API under `/_sandbox/`, for tests and the demo: customers
//! writing in, the sandbox's behaviour (where webhooks go, numbers that fail,
//! duplicated or shuffled statuses, failing downloads), other webhooks, and
//! what the hub sent, uploaded and marked read.

use crate::{Sandbox, SentMessage, UploadedFile, now};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct InboundRequest {
    pub from: String,
    pub name: Option<String>,
    pub text: String,
    /// Sent this many seconds ago (history for the demo: older days, a
    /// closed 24-hour window). Default: now.
    #[serde(default)]
    pub ago_secs: u64,
    /// The business number written to (its phone number id): the
    /// sandbox's own by default, or one of its other numbers.
    #[serde(default)]
    pub to: Option<String>,
}

/// Many customers' texts at once, delivered as one signed webhook (for
/// filling a hub at a desk's scale in tests and benchmarks).
#[derive(Deserialize)]
pub struct InboundBatchRequest {
    pub messages: Vec<InboundRequest>,
}

#[derive(Deserialize)]
pub struct InboundMediaRequest {
    pub from: String,
    pub name: Option<String>,
    /// image, video, audio, document or sticker
    pub kind: String,
    pub mime_type: String,
    pub caption: Option<String>,
    /// A document's file name.
    #[serde(default)]
    pub filename: Option<String>,
    /// An audio message recorded as a voice note.
    #[serde(default)]
    pub voice: bool,
    /// The file, base64.
    pub data: String,
}

/// Any message a customer can send, shaped as WhatsApp shapes it without
/// `from`, `id` and `timestamp` (the sandbox adds those): for example
/// `{"type": "location", "location": {"latitude": …}}`, a reaction, a
/// contact card, an edit or a deletion, with an optional `context` to quote.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboundMessageRequest {
    pub from: String,
    pub name: Option<String>,
    pub message: Value,
    #[serde(default)]
    pub ago_secs: u64,
}

#[derive(Deserialize)]
pub(crate) struct ConfigRequest {
    failing_downloads: Option<u32>,
    /// Answer uploads with an id Meta would never send (a test of the hub).
    bad_upload_ids: Option<bool>,
    webhook_url: Option<String>,
    undeliverable: Option<Vec<String>>,
    transient: Option<HashMap<String, u32>>,
    duplicate_statuses: Option<bool>,
    shuffle_statuses: Option<bool>,
    /// The permissions the access token has (`debug_token`).
    token_scopes: Option<Vec<String>>,
    /// Webhook fields the app is not subscribed to.
    unsubscribed_fields: Option<Vec<String>>,
    /// The app is not subscribed to the business account.
    app_unsubscribed: Option<bool>,
}

pub(crate) async fn control_config(
    State(sb): State<Sandbox>,
    Json(req): Json<ConfigRequest>,
) -> StatusCode {
    let mut inner = sb.lock();
    if let Some(url) = req.webhook_url {
        inner.webhook_url = Some(url);
    }
    if let Some(list) = req.undeliverable {
        inner.undeliverable = list;
    }
    if let Some(t) = req.transient {
        inner.transient = t;
    }
    if let Some(d) = req.duplicate_statuses {
        inner.duplicate_statuses = d;
    }
    if let Some(s) = req.shuffle_statuses {
        inner.shuffle_statuses = s;
    }
    if let Some(n) = req.failing_downloads {
        inner.failing_downloads = n;
    }
    if let Some(b) = req.bad_upload_ids {
        inner.bad_upload_ids = b;
    }
    if let Some(scopes) = req.token_scopes {
        inner.token_scopes = Some(scopes);
    }
    if let Some(fields) = req.unsubscribed_fields {
        inner.unsubscribed_fields = fields;
    }
    if let Some(b) = req.app_unsubscribed {
        inner.app_unsubscribed = b;
    }
    StatusCode::NO_CONTENT
}

pub(crate) async fn control_inbound(
    State(sb): State<Sandbox>,
    Json(req): Json<InboundRequest>,
) -> Response {
    match sb
        .customer_said_to(
            req.to.as_deref(),
            &req.from,
            req.name.as_deref(),
            &req.text,
            now().saturating_sub(i64::try_from(req.ago_secs).unwrap_or(i64::MAX)),
        )
        .await
    {
        Ok(wamid) => Json(json!({"wamid": wamid})).into_response(),
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"code": "delivery_failed", "message": e})),
        )
            .into_response(),
    }
}

pub(crate) async fn control_inbound_batch(
    State(sb): State<Sandbox>,
    Json(req): Json<InboundBatchRequest>,
) -> Response {
    match sb.customers_say(&req.messages).await {
        Ok(wamids) => Json(json!({"wamids": wamids})).into_response(),
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"code": "delivery_failed", "message": e})),
        )
            .into_response(),
    }
}

pub(crate) async fn control_inbound_media(
    State(sb): State<Sandbox>,
    Json(req): Json<InboundMediaRequest>,
) -> Response {
    match sb.customer_sends_media(req).await {
        Ok(wamid) => Json(json!({"wamid": wamid})).into_response(),
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"code": "delivery_failed", "message": e})),
        )
            .into_response(),
    }
}

pub(crate) async fn control_inbound_message(
    State(sb): State<Sandbox>,
    Json(req): Json<InboundMessageRequest>,
) -> Response {
    match sb.customer_sends(req).await {
        Ok(wamid) => Json(json!({"wamid": wamid})).into_response(),
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"code": "delivery_failed", "message": e})),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventRequest {
    field: String,
    value: Value,
}

/// `POST /_sandbox/event {field, value}`: see [`Sandbox::event`].
pub(crate) async fn control_event(
    State(sb): State<Sandbox>,
    Json(req): Json<EventRequest>,
) -> Response {
    match sb.event(&req.field, req.value).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"code": "delivery_failed", "message": e})),
        )
            .into_response(),
    }
}

pub(crate) async fn control_uploads(State(sb): State<Sandbox>) -> Json<Vec<UploadedFile>> {
    Json(sb.lock().uploads.clone())
}

pub(crate) async fn control_reads(State(sb): State<Sandbox>) -> Json<Vec<String>> {
    Json(sb.lock().read_receipts.clone())
}

pub(crate) async fn control_sent(State(sb): State<Sandbox>) -> Json<Vec<SentMessage>> {
    Json(sb.lock().sent.clone())
}
