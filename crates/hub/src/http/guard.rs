//! The layers every request passes: who the client is, the kept connection slots, metrics per route, the API's and webhook's allowlists, and receiving a body within its limits.

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::AppState;
use crate::auth::ClientIp;
use crate::error::AppError;
use crate::limits;

pub(super) fn peer(req: &Request) -> Option<std::net::IpAddr> {
    req.extensions()
        .get::<ClientIp>()
        .and_then(|c| c.0)
        .or_else(|| {
            req.extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        })
}

/// Decides once who the client is (the peer, or whom a trusted proxy names).
pub(super) async fn client_address(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match limits::client_ip(peer, req.headers(), &state.limits.config.trusted_proxies) {
        Ok(ip) => {
            req.extensions_mut().insert(ClientIp(ip));
            next.run(req).await
        }
        Err(limits::BadForwarded) => AppError::bad_request(
            "X-Forwarded-For from the proxy names no address: the client is unknown",
        )
        .into_response(),
    }
}

/// On a connection slot kept for them (the general ones all taken), only
/// the allowlists' addresses and requests with a valid token are served;
/// anyone else is told 503 `busy` and the connection closed, so strangers
/// cannot fill the kept slots for longer than one request's headers.
pub(super) async fn kept_slot_guard(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.extensions().get::<crate::server::KeptSlot>().is_none() {
        return next.run(req).await;
    }
    let config = &state.limits.config;
    let ip = peer(&req);
    let signed_in = match crate::auth::bearer_hash(req.headers()) {
        Some(hash) => matches!(state.store.authenticate(hash).await, Ok(Ok(_))),
        None => false,
    };
    if signed_in
        || limits::listed(&config.webhook_allow, ip)
        || limits::listed(&config.api_allow, ip)
    {
        return next.run(req).await;
    }
    state.metrics.rate_limited("connections");
    closing(AppError::busy(
        "the hub is serving as many connections as it may: try again shortly",
        1,
    ))
}

/// Counts and times every request by route.
pub(super) async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    // Labels come from fixed sets only: a method hyper accepted may be any
    // token a client made up (issue 24.1), so unknown ones are "other".
    let method = crate::metrics::method_label(req.method());
    let started = Instant::now();
    let response = next.run(req).await;
    let route = route.unwrap_or_else(|| "unmatched".into());
    state.metrics.request(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// The desktop API: refuses browsers (a request carrying `Origin`) and
/// addresses outside the allowlist, if one is set.
pub(super) async fn api_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.headers().contains_key(header::ORIGIN) {
        return AppError::forbidden("browsers are not served: use the Switchboard app")
            .into_response();
    }
    if !limits::allowed(&state.limits.config.api_allow, peer(&req)) {
        return AppError::forbidden("this address may not use the API").into_response();
    }
    next.run(req).await
}

pub(super) async fn webhook_allowlist(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if !limits::allowed(&state.limits.config.webhook_allow, peer(&req)) {
        return AppError::forbidden("this address may not post webhooks").into_response();
    }
    next.run(req).await
}

pub(super) async fn metrics_allowlist(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if !limits::allowed(&state.limits.config.metrics_allow, peer(&req)) {
        return AppError::forbidden("this address may not read metrics").into_response();
    }
    next.run(req).await
}

pub(super) async fn read_webhook_body(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let max = state.limits.config.webhook_body_max;
    let reservation = state.limits.webhook_bodies.reservation(peer(&req));
    read_body(&state, req, next, max, reservation).await
}

pub(super) async fn read_api_body(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let max = state.limits.config.api_body_max;
    let reservation = state.limits.api_bodies.reservation(peer(&req));
    read_body(&state, req, next, max, reservation).await
}

/// The refusal when a body budget (or the client's share of it) is spent.
pub(super) fn busy_receiving(state: &AppState, refusal: limits::Refusal) -> AppError {
    state.metrics.rate_limited(match refusal {
        limits::Refusal::PerClient => "body_share",
        limits::Refusal::Pool => "body_budget",
    });
    closing_error(AppError::busy(
        match refusal {
            limits::Refusal::PerClient => {
                "this address is sending as much as it may at once: try again shortly"
            }
            limits::Refusal::Pool => {
                "the hub is receiving as much as it may at once: try again shortly"
            }
        },
        1,
    ))
}

/// The refusal for a body that stopped arriving or arrives too slowly.
pub(super) fn too_slow(state: &AppState) -> AppError {
    state.metrics.rate_limited("body_timeout");
    let config = &state.limits.config;
    AppError {
        close: true,
        ..AppError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!(
                "the body did not arrive in time (within {} s, and at least {} bytes a second after the first {} s)",
                config.body_timeout.as_secs_f32(),
                config.body_min_rate,
                config.body_grace.as_secs_f32()
            ),
        )
    }
}

/// Paces a body as it arrives: the instant by which more of it must have
/// come, from the whole-body deadline (if any) and the minimum rate.
pub(super) struct Pace {
    started: tokio::time::Instant,
    whole: Option<Duration>,
    grace: Duration,
    min_rate: u64,
}

impl Pace {
    pub(super) fn new(state: &AppState, whole: Option<Duration>) -> Pace {
        let config = &state.limits.config;
        Pace {
            started: tokio::time::Instant::now(),
            whole,
            grace: config.body_grace,
            min_rate: config.body_min_rate.max(1),
        }
    }

    /// With `received` bytes so far, the next byte must come by this.
    pub(super) fn due(&self, received: u64) -> tokio::time::Instant {
        let earned = Duration::from_secs_f64(received as f64 / self.min_rate as f64);
        let by_rate = self.started + self.grace + earned.min(Duration::from_secs(86_400 * 365));
        match self.whole {
            Some(whole) => by_rate.min(self.started + whole),
            None => by_rate,
        }
    }
}

/// Receives a request's whole body before the handler runs, within the
/// limits: larger than `max` is 413 before a byte is read; the body's room is
/// reserved from `reservation`'s budget as its bytes arrive (503 when the
/// budget or the client's share of it is spent); a body that has not arrived
/// within the body timeout, or arrives slower than the minimum rate, is 408.
/// Each refusal closes the connection, so a slow or stuck client holds
/// nothing afterwards.
pub(super) async fn read_body(
    state: &AppState,
    req: Request,
    next: Next,
    max: usize,
    mut reservation: limits::Reservation,
) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    if declared.unwrap_or(0) == 0 && !chunked {
        return next.run(req).await;
    }
    let too_large = || {
        closing(AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the body is larger than {max} bytes"),
        ))
    };
    if declared.is_some_and(|n| n > max as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    let pace = Pace::new(state, Some(state.limits.config.body_timeout));
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    loop {
        let frame = match tokio::time::timeout_at(pace.due(bytes.len() as u64), stream.next()).await
        {
            Err(_) => return too_slow(state).into_response(),
            Ok(None) => break,
            Ok(Some(Err(_))) => {
                return closing(AppError::bad_request("the body was cut off"));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let total = bytes.len() + frame.len();
        if total > max {
            // Chunked bodies have no declared length: refused as soon as they pass it.
            return too_large();
        }
        if let Err(refusal) = reservation.hold(total) {
            return busy_receiving(state, refusal).into_response();
        }
        bytes.extend_from_slice(&frame);
    }
    let response = next
        .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await;
    drop(reservation);
    response
}

/// A refusal after which the connection is closed.
pub(super) fn closing(e: AppError) -> Response {
    let mut response = e.into_response();
    response.headers_mut().insert(
        header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    response
}

/// An error after which the connection is closed (the rest of the body is not read).
pub(super) fn closing_error(e: AppError) -> AppError {
    AppError { close: true, ..e }
}
