//! Operations: health, readiness, metrics and the API's own description.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Instant;
use switchboard_protocol::ApiError;

use crate::AppState;
use crate::error::AppError;
use crate::repo::Gauges;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(openapi))
        .routes(routes!(ready))
}

/// Metrics (behind their own allowlist).
pub(super) fn metrics_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// Whether the store takes a write. Probed at most once per
/// `ready_interval`; callers in between (and while a probe runs) share its
/// answer, so `/readyz` cannot be used to load the store.
#[utoipa::path(
    get, path = "/readyz", tag = "operations",
    summary = "Whether the store takes a write (probed at most every few seconds)",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 503, body = ApiError))
)]
pub(super) async fn ready(State(state): State<AppState>) -> Result<&'static str, AppError> {
    let mut last = state.readiness.lock().await;
    let fresh = last.is_some_and(|(at, _)| at.elapsed() < state.limits.config.ready_interval);
    if !fresh {
        state.metrics.readiness_probe();
        let ok = match state.store.check_writable().await {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(error = %e, "readiness probe failed");
                false
            }
        };
        *last = Some((Instant::now(), ok));
    }
    match *last {
        Some((_, true)) => Ok("ready"),
        _ => Err(AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            "the store does not take writes",
        )),
    }
}

#[utoipa::path(
    get, path = "/healthz", tag = "operations",
    summary = "The process answers",
    responses((status = 200, body = String, content_type = "text/plain"))
)]
pub(super) async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(
    get, path = "/v1/openapi.json", tag = "operations",
    summary = "This document: the hub's API, generated from its code",
    responses((status = 200, body = Object))
)]
pub(super) async fn openapi() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(super::openapi::document())
}

#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    summary = "Prometheus text (loopback only unless allowed)",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 403, body = ApiError))
)]
pub(super) async fn metrics(State(state): State<AppState>) -> Response {
    let g = state.store.gauges().await.unwrap_or(Gauges {
        send_queue: -1,
        quarantined: -1,
        media_pending: -1,
        media_failed: -1,
    });
    let heap = crate::heap::usage();
    let heap_bytes = |f: fn(crate::heap::Heap) -> u64| {
        heap.map_or(-1, |h| i64::try_from(f(h)).unwrap_or(i64::MAX))
    };
    let text = state.metrics.render(&[
        ("switchboard_heap_in_use_bytes", heap_bytes(|h| h.in_use)),
        ("switchboard_heap_free_bytes", heap_bytes(|h| h.free)),
        ("switchboard_send_queue_depth", g.send_queue),
        ("switchboard_quarantined_payloads", g.quarantined),
        ("switchboard_media_pending", g.media_pending),
        ("switchboard_media_failed", g.media_failed),
        ("switchboard_feed_seq", *state.feed.borrow()),
    ]);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}
