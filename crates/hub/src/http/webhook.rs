//! Meta's webhook: the subscription handshake and signed deliveries.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use switchboard_protocol::ApiError;
use switchboard_whatsapp::{signature, webhook};

use super::extract::ApiQuery;
use crate::AppState;
use crate::error::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify_subscription, receive_webhook))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Subscription {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// Constant-time equality for secrets of possibly different lengths.
pub(super) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (x, y) = (Sha256::digest(a), Sha256::digest(b));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

#[utoipa::path(
    get, path = "/webhooks/whatsapp", tag = "webhooks",
    summary = "Meta's subscription check",
    params(Subscription),
    responses(
        (status = 200, description = "the challenge, echoed", body = String, content_type = "text/plain"),
        (status = 403, description = "wrong verify token", body = ApiError)
    )
)]
pub(super) async fn verify_subscription(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<Subscription>,
) -> Response {
    let token_ok = q
        .verify_token
        .as_deref()
        .is_some_and(|t| ct_eq(t.as_bytes(), state.verify_token.as_bytes()));
    match (q.mode.as_deref(), token_ok, q.challenge) {
        (Some("subscribe"), true, Some(challenge)) if challenge.len() <= 256 => {
            (StatusCode::OK, challenge).into_response()
        }
        _ => AppError::forbidden("the verify token does not match").into_response(),
    }
}

#[utoipa::path(
    post, path = "/webhooks/whatsapp", tag = "webhooks",
    summary = "A webhook from Meta (signed with the app secret: X-Hub-Signature-256)",
    request_body(content = Object, description = "Meta's webhook payload, as `../shared/design/WHATSAPP.md` describes it", content_type = "application/json"),
    params(("X-Hub-Signature-256" = String, Header, description = "sha256=<hex HMAC of the body>")),
    responses(
        (status = 200, description = "stored (durably) or kept aside"),
        (status = 401, description = "missing or wrong signature", body = ApiError),
        (status = 413, description = "the body is too large", body = ApiError),
        (status = 503, description = "the store is not available", body = ApiError)
    )
)]
pub(super) async fn receive_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let header = headers.get(signature::HEADER).and_then(|v| v.to_str().ok());
    if let Err(why) = signature::verify(state.app_secret.as_bytes(), &body, header) {
        tracing::warn!(%why, "webhook signature refused");
        state.metrics.signature_failure();
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "bad_signature",
            why.to_string(),
        ));
    }
    let events = match webhook::parse(&body) {
        Ok(events) => events,
        Err(why) => {
            // Signed by Meta but not understood: keep it for an admin and answer
            // 200, or Meta would retry it for a week.
            tracing::warn!(%why, "webhook quarantined");
            state.metrics.quarantined();
            let reason = why.to_string();
            state
                .store
                .quarantine(reason, body.to_vec())
                .await
                .map_err(AppError::store_unavailable)?;
            return Ok(StatusCode::OK);
        }
    };
    let outcome = state
        .store
        .ingest_with(events, state.auto_assign)
        .await
        .map_err(AppError::store_unavailable)?;
    let m = &state.metrics;
    m.webhook_events("message", outcome.messages_new as u64);
    m.webhook_events("status", outcome.statuses_new as u64);
    m.webhook_events(
        "duplicate",
        (outcome.messages_duplicate + outcome.statuses_duplicate) as u64,
    );
    m.webhook_events("other", outcome.other as u64);
    m.webhook_events("other_duplicate", outcome.other_duplicate as u64);
    for (field, summary) in &outcome.alerts {
        tracing::warn!(field = %field, summary = %summary, "WhatsApp alert for admins");
        m.alert(field);
    }
    if outcome.automatic > 0 {
        state.send_wake.notify_one();
    }
    if outcome.messages_new + outcome.statuses_new > 0 {
        state.media_wake.notify_one();
        state.publish().await;
    }
    Ok(StatusCode::OK)
}
