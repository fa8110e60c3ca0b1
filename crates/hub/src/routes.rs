//! The HTTP surface: Meta's webhook and the desktops' API (ARCHITECTURE.md).
//! Handlers are short: check the caller, call the store, map the error.

use axum::body::Bytes;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, MatchedPath, Path, Query, Request, State,
};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use switchboard_protocol::{
    AgentSummary, ApiError, AuditEntry, ChangePage, ConversationStatus, Me, Message, Permission,
    Role, SendRequest, TemplateList,
};
use switchboard_whatsapp::{signature, webhook, window};

use crate::AppState;
use crate::auth::{Access, Caller, ClientIp, Credential};
use crate::db::{MAX_TIMESTAMP, now};
use crate::error::{AppError, OrMissing};
use crate::limits;
use crate::queries::{audit, uploads::CHUNK_BYTES};
use crate::repo::{AlertInfo, MediaSource, NewUpload, Payload, SendSlot, StoreError, TokenInfo};
use crate::repo::{Gauges, NewOutbound};

pub fn app(state: AppState) -> Router {
    // `route_layer`s run only for routes that matched (an unknown path is a
    // plain 404 and never counts as a failed sign-in), last added first.
    let webhook = Router::new()
        .route(
            "/webhooks/whatsapp",
            get(verify_subscription).post(receive_webhook),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            read_webhook_body,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            webhook_allowlist,
        ));
    let api = Router::new()
        .route("/v1/me", get(me))
        .route("/v1/changes", get(changes))
        .route("/v1/events", get(events))
        .route("/v1/conversations/{id}/messages", post(send_message))
        .route("/v1/conversations/{id}/assignment", post(assign))
        .route("/v1/conversations/{id}/status", post(set_status))
        .route("/v1/conversations/{id}/read", post(mark_read))
        .route("/v1/conversations/{id}/presence", post(set_presence))
        .route("/v1/conversations/{id}/unread", post(mark_unread))
        .route("/v1/agents", get(list_agents).post(create_agent))
        .route("/v1/team", get(team))
        .route("/v1/me/availability", put(set_availability))
        .route("/v1/canned", get(list_canned).post(add_canned))
        .route("/v1/labels", get(list_labels).post(add_label))
        .route("/v1/reports", get(report))
        .route("/v1/reports/csv", get(report_csv))
        .route("/v1/labels/{id}", put(update_label).delete(delete_label))
        .route("/v1/conversations/{id}/labels", put(set_labels))
        .route("/v1/canned/{id}", put(update_canned).delete(delete_canned))
        .route("/v1/agents/{id}", axum::routing::patch(update_agent))
        .route(
            "/v1/agents/{id}/tokens",
            get(list_tokens).post(issue_token).delete(revoke_tokens),
        )
        .route("/v1/agents/{id}/tokens/{token_id}", delete(revoke_token))
        .route("/v1/messages/{id}/media", get(message_media))
        .route("/v1/templates", get(templates))
        .route(
            "/v1/contacts/{wa_id}/data",
            get(export_contact).delete(erase_contact),
        )
        .route("/v1/audit", get(audit_log))
        .route("/v1/quarantine", get(quarantine))
        .route("/v1/alerts", get(alerts))
        // The guard, then authentication, then (only for a known caller) the body.
        .route_layer(middleware::from_fn_with_state(state.clone(), read_api_body))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_caller,
        ))
        .route_layer(middleware::from_fn_with_state(state.clone(), api_guard));
    // Files arrive streamed, a chunk at a time (never the whole body before
    // the handler), so this route has no body-reading layer.
    let uploads = Router::new()
        .route("/v1/conversations/{id}/uploads", post(upload_file))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_caller,
        ))
        .route_layer(middleware::from_fn_with_state(state.clone(), api_guard));
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/v1/openapi.json", get(openapi))
        .route("/readyz", get(ready))
        .merge(Router::new().route("/metrics", get(metrics)).route_layer(
            middleware::from_fn_with_state(state.clone(), metrics_allowlist),
        ));
    let largest = state
        .limits
        .config
        .webhook_body_max
        .max(state.limits.config.api_body_max);
    Router::new()
        .merge(webhook)
        .merge(api)
        .merge(uploads)
        .merge(ops)
        .fallback(|| async {
            AppError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
        })
        .method_not_allowed_fallback(|| async {
            AppError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(largest))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            kept_slot_guard,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client_address,
        ))
        .with_state(state)
}

/// A JSON body whose rejection speaks the app's error format.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(AppError {
                status: if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    StatusCode::BAD_REQUEST
                },
                ..AppError::bad_request(format!("invalid JSON body: {}", rejection.body_text()))
            }),
        }
    }
}

/// A query string whose rejection speaks the app's error format.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|r| AppError::bad_request(format!("invalid query: {}", r.body_text())))
    }
}

/// Path parameters whose rejection speaks the app's error format.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|r| AppError::bad_request(format!("invalid path: {}", r.body_text())))
    }
}

// ---- middleware ---------------------------------------------------------------------

fn peer(req: &Request) -> Option<std::net::IpAddr> {
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
async fn client_address(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
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
async fn kept_slot_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
async fn api_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.headers().contains_key(header::ORIGIN) {
        return AppError::forbidden("browsers are not served: use the Switchboard app")
            .into_response();
    }
    if !limits::allowed(&state.limits.config.api_allow, peer(&req)) {
        return AppError::forbidden("this address may not use the API").into_response();
    }
    next.run(req).await
}

async fn webhook_allowlist(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !limits::allowed(&state.limits.config.webhook_allow, peer(&req)) {
        return AppError::forbidden("this address may not post webhooks").into_response();
    }
    next.run(req).await
}

async fn metrics_allowlist(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !limits::allowed(&state.limits.config.metrics_allow, peer(&req)) {
        return AppError::forbidden("this address may not read metrics").into_response();
    }
    next.run(req).await
}

async fn read_webhook_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let max = state.limits.config.webhook_body_max;
    let reservation = state.limits.webhook_bodies.reservation(peer(&req));
    read_body(&state, req, next, max, reservation).await
}

async fn read_api_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let max = state.limits.config.api_body_max;
    let reservation = state.limits.api_bodies.reservation(peer(&req));
    read_body(&state, req, next, max, reservation).await
}

/// The refusal when a body budget (or the client's share of it) is spent.
fn busy_receiving(state: &AppState, refusal: limits::Refusal) -> AppError {
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
fn too_slow(state: &AppState) -> AppError {
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
struct Pace {
    started: tokio::time::Instant,
    whole: Option<Duration>,
    grace: Duration,
    min_rate: u64,
}

impl Pace {
    fn new(state: &AppState, whole: Option<Duration>) -> Pace {
        let config = &state.limits.config;
        Pace {
            started: tokio::time::Instant::now(),
            whole,
            grace: config.body_grace,
            min_rate: config.body_min_rate.max(1),
        }
    }

    /// With `received` bytes so far, the next byte must come by this.
    fn due(&self, received: u64) -> tokio::time::Instant {
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
async fn read_body(
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
fn closing(e: AppError) -> Response {
    let mut response = e.into_response();
    response.headers_mut().insert(
        header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    response
}

// ---- webhook ---------------------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Subscription {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// Constant-time equality for secrets of possibly different lengths.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
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
async fn verify_subscription(
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
async fn receive_webhook(
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
            state.store.quarantine(reason, body.to_vec()).await?;
            return Ok(StatusCode::OK);
        }
    };
    let outcome = state.store.ingest_with(events, state.auto_assign).await?;
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
    if outcome.messages_new + outcome.statuses_new > 0 {
        state.media_wake.notify_one();
        state.publish().await;
    }
    Ok(StatusCode::OK)
}

// ---- desktop API ------------------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    /// Unix seconds, inclusive.
    from: i64,
    /// Unix seconds, exclusive; at most 366 days after `from`.
    to: i64,
}

impl ReportQuery {
    fn checked(&self) -> Result<(i64, i64), AppError> {
        let span = self.to.checked_sub(self.from);
        if !(0..=MAX_TIMESTAMP).contains(&self.from)
            || !(0..=MAX_TIMESTAMP).contains(&self.to)
            || !span.is_some_and(|s| (1..=366 * 86_400).contains(&s))
        {
            return Err(AppError::bad_request(
                "a report covers from 1 second to 366 days between 1970 and 9999: to must come after from",
            ));
        }
        Ok((self.from, self.to))
    }
}

/// Admins: first-response time, resolution time and volume per agent and
/// per (UTC) day over a period.
#[utoipa::path(
    get, path = "/v1/reports", tag = "admin", security(("bearer" = [])),
    summary = "How the team did over a period",
    params(ReportQuery),
    responses((status = 200, body = switchboard_protocol::Report, example = json!({"from": 1764547200, "to": 1764633600,
        "agents": [{"agent_id": 3, "name": "Ana Ferreira", "replies": 41, "first_responses": 12,
                    "first_response_median_secs": 95, "resolved": 10, "resolution_median_secs": 5400}],
        "days": [{"day": 1764547200, "new_conversations": 14, "inbound": 60, "replies": 41, "resolved": 10}]})))
)]
async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<switchboard_protocol::Report>, AppError> {
    caller.require(Permission::Manage)?;
    let (from, to) = q.checked()?;
    Ok(Json(state.store.report(from, to).await?))
}

/// Admins: the same report as CSV (the agents, a blank line, the days).
#[utoipa::path(
    get, path = "/v1/reports/csv", tag = "admin", security(("bearer" = [])),
    summary = "The report as CSV",
    params(ReportQuery),
    responses((status = 200, content_type = "text/csv", body = String))
)]
async fn report_csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<impl IntoResponse, AppError> {
    caller.require(Permission::Manage)?;
    let (from, to) = q.checked()?;
    let report = state.store.report(from, to).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        crate::queries::reports::report_csv(&report),
    ))
}

/// Labels, by name: every role reads them.
#[utoipa::path(
    get, path = "/v1/labels", tag = "desktop", security(("bearer" = [])),
    summary = "Labels",
    responses((status = 200, body = Vec<switchboard_protocol::Label>, example = json!([{"id": 1, "name": "VIP", "colour": "#c62828"}])))
)]
async fn list_labels(
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
async fn add_label(
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
async fn update_label(
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
async fn delete_label(
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

/// Sets a conversation's labels (all of them): its holder or an admin.
#[utoipa::path(
    put, path = "/v1/conversations/{id}/labels", tag = "desktop", security(("bearer" = [])),
    summary = "Set a conversation's labels",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = switchboard_protocol::LabelsSet, example = json!({"labels": [1, 3]})),
    responses((status = 204, description = "done"),
        (status = 422, description = "an unknown label", body = ApiError))
)]
async fn set_labels(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::LabelsSet>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state
        .store
        .set_labels(conversation_id, req.labels, caller.id())
        .await?;
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
async fn list_canned(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<switchboard_protocol::CannedReply>>, AppError> {
    Ok(Json(state.store.canned().await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Created {
    id: i64,
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
async fn add_canned(
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
async fn update_canned(
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
async fn delete_canned(
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

/// The team's names (enabled agents, every role may ask): for the author
/// of a note, a mention and an assignee's name.
#[utoipa::path(
    get, path = "/v1/team", tag = "desktop", security(("bearer" = [])),
    summary = "The team's names",
    responses((status = 200, body = Vec<switchboard_protocol::TeamMember>, example = json!([{"id": 1, "name": "Ada Admin"}, {"id": 3, "name": "Ana Ferreira"}])))
)]
async fn team(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Vec<switchboard_protocol::TeamMember>>, AppError> {
    Ok(Json(state.store.team().await?))
}

/// Who the token belongs to. A token's first use here is the agent's
/// sign-in, audited once; later calls (each app start) are not.
#[utoipa::path(
    get, path = "/v1/me", tag = "desktop", security(("bearer" = [])),
    summary = "Who the token belongs to",
    responses((status = 200, body = Me, example = json!({"agent_id": 3, "name": "Ana Ferreira", "role": "agent"})))
)]
async fn me(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
) -> Result<Json<Me>, AppError> {
    state
        .store
        .record_sign_in(credential.token_hash, caller.id())
        .await?;
    let available = state.store.available_agents().await?.contains(&caller.id());
    let a = caller.0;
    Ok(Json(Me {
        agent_id: a.id,
        name: a.name,
        role: a.role,
        available,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
struct AvailabilitySet {
    available: bool,
    /// Conversations this agent took from the queue on becoming available.
    assigned: Vec<i64>,
}

/// An agent (or admin) says whether it takes new conversations. With
/// auto-assignment on, becoming available takes the oldest waiting
/// conversations up to the limit; away takes none.
#[utoipa::path(
    put, path = "/v1/me/availability", tag = "desktop", security(("bearer" = [])),
    summary = "Available for new conversations, or away",
    request_body(content = switchboard_protocol::Availability, example = json!({"available": true})),
    responses((status = 200, body = AvailabilitySet, example = json!({"available": true, "assigned": [12, 15]})))
)]
async fn set_availability(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<switchboard_protocol::Availability>,
) -> Result<Json<AvailabilitySet>, AppError> {
    caller.require(Permission::Reply)?;
    if let Err(wait) = state.limits.availability_toggle(caller.id(), req.available) {
        state.metrics.rate_limited("availability");
        return Err(AppError::too_many(wait));
    }
    let assigned = state
        .store
        .set_available(caller.id(), req.available, state.auto_assign)
        .await?;
    if !assigned.is_empty() {
        state.publish().await;
    }
    Ok(Json(AvailabilitySet {
        available: req.available,
        assigned,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ChangesQuery {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/v1/changes", tag = "desktop", security(("bearer" = [])),
    summary = "The change feed after a cursor, filtered to what the caller may read",
    params(ChangesQuery),
    responses((status = 200, body = ChangePage, example = json!({"changes": [
        {"type": "conversation", "seq": 11, "conversation": {"id": 7, "wa_id": "351912345678", "contact_name": "Rita", "assignee": null, "status": "open", "unread": 1, "last_inbound_at": 1764500000, "last_message_at": 1764500000}},
        {"type": "message", "seq": 12, "message": {"id": 41, "conversation_id": 7, "direction": "inbound", "kind": "text", "text": "Is my order late?", "wamid": "wamid.HBgM", "client_message_id": null, "status": "read", "error": null, "timestamp": 1764500000, "sent_by": null}},
        {"type": "revoked", "seq": 13, "conversation_id": 5}
    ], "next": 13, "more": false, "latest": 13})))
)]
async fn changes(
    State(state): State<AppState>,
    Caller(agent): Caller,
    ApiQuery(q): ApiQuery<ChangesQuery>,
) -> Result<Json<ChangePage>, AppError> {
    if q.after < 0 {
        return Err(AppError::bad_request("after must be a seq of 0 or more"));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, 1000);
    let (changes, next, more) = state.store.changes_for(agent, q.after, limit).await?;
    let latest = (*state.feed.borrow()).max(next);
    Ok(Json(ChangePage {
        changes,
        next,
        more,
        latest,
    }))
}

/// Says what the caller is doing in a conversation (viewing, typing, left);
/// whoever may read it hears of it on `/v1/events` (`presence` events).
#[utoipa::path(
    post, path = "/v1/conversations/{id}/presence", tag = "desktop", security(("bearer" = [])),
    summary = "Say you are viewing, typing in or leaving a conversation (ephemeral, not stored)",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = switchboard_protocol::PresenceRequest, example = json!({"state": "typing"})),
    responses(
        (status = 200, description = "who is there now", body = switchboard_protocol::Presence),
        (status = 403, description = "typing, by a role that writes nothing in it (viewers)", body = ApiError),
        (status = 404, description = "no conversation the caller may read", body = ApiError)
    )
)]
async fn set_presence(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<switchboard_protocol::PresenceRequest>,
) -> Result<Json<switchboard_protocol::Presence>, AppError> {
    let conversation = conversation_for(&state, &caller, conversation_id, Access::Read).await?;
    if req.state == switchboard_protocol::PresenceState::Typing
        && !switchboard_protocol::may_type(caller.0.role, caller.id(), conversation.assignee)
    {
        return Err(AppError::forbidden(
            "your role does not write in conversations, so it cannot be typing",
        ));
    }
    let now = now();
    let presence = state.presence.set(
        conversation_id,
        conversation.assignee,
        caller.id(),
        &caller.0.name,
        req.state,
        now,
    );
    // The other hubs' desktops hear of it too (several hubs on PostgreSQL).
    let shared = crate::presence::SharedPresence {
        hub: state.hub_name.clone(),
        conversation_id,
        assignee: conversation.assignee,
        agent_id: caller.id(),
        name: caller.0.name.clone(),
        state: req.state,
        at: now,
    };
    if let Ok(payload) = serde_json::to_string(&shared)
        && let Err(e) = state.store.tell_presence(payload).await
    {
        tracing::warn!(error = %e, "presence not shared with the other hubs");
    }
    Ok(Json(presence))
}

/// A wake-up stream: each event carries the latest seq; the feed is the truth.
///
/// The stream re-checks its token whenever tokens may have changed on this
/// hub and every `stream_recheck` (for changes made elsewhere: the CLI,
/// expiry), and ends as soon as the token no longer works.
#[utoipa::path(
    get, path = "/v1/events", tag = "desktop", security(("bearer" = [])),
    summary = "Server-sent events: the feed's latest seq each time it grows",
    responses(
        (status = 200, description = "an event stream; each event's data is the latest seq", body = String, content_type = "text/event-stream"),
        (status = 429, description = "this token has as many streams open as it may, or the hub as many in all (`too_many_streams`)", body = ApiError)
    )
)]
async fn events(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    // A desktop needs one stream; a few per token, and all streams together
    // in a pool of their own, so streams never hold every connection.
    let slot = state
        .limits
        .open_stream(&credential.token_hash)
        .map_err(|refusal| {
            state.metrics.rate_limited("streams");
            AppError {
                retry_after: Some(5),
                ..AppError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_streams",
                    match refusal {
                        limits::Refusal::PerClient => format!(
                            "at most {} event streams at once per sign-in: close one first",
                            state.limits.config.streams_per_token
                        ),
                        limits::Refusal::Pool => {
                            "the hub is serving as many event streams as it may: try again shortly"
                                .to_owned()
                        }
                    },
                )
            }
        })?;
    struct Watch {
        _slot: limits::StreamSlot,
        state: AppState,
        caller: Caller,
        presence: tokio::sync::broadcast::Receiver<crate::presence::PresenceEvent>,
        feed: tokio::sync::watch::Receiver<i64>,
        epoch: tokio::sync::watch::Receiver<u64>,
        tick: tokio::time::Interval,
        token_hash: Vec<u8>,
        started: bool,
    }
    impl Watch {
        /// False once the token is revoked, expired or its agent disabled;
        /// otherwise the caller is read again, so a changed role governs
        /// what the stream tells from now on (presence).
        async fn still_valid(&mut self) -> bool {
            match self.state.store.authenticate(self.token_hash.clone()).await {
                Ok(Ok(agent)) => {
                    self.caller = Caller(agent);
                    true
                }
                Ok(Err(_)) => false,
                // The store is unwell: keep the stream, re-check next time.
                Err(_) => true,
            }
        }
    }
    let every = state.limits.config.stream_recheck;
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let watch = Watch {
        _slot: slot,
        caller,
        presence: state.presence.subscribe(),
        feed: state.feed.subscribe(),
        epoch: state.auth_epoch.subscribe(),
        state,
        tick,
        token_hash: credential.token_hash,
        started: false,
    };
    let changes = |seq: i64| Ok(Event::default().event("changes").data(seq.to_string()));
    let stream = futures_util::stream::unfold(watch, move |mut w| async move {
        if !w.started {
            w.started = true;
            let seq = *w.feed.borrow_and_update();
            return Some((changes(seq), w));
        }
        loop {
            // In this order: a role change is applied before any presence
            // that arrived with it is judged.
            tokio::select! {
                biased;
                changed = w.feed.changed() => {
                    changed.ok()?;
                    let seq = *w.feed.borrow_and_update();
                    return Some((changes(seq), w));
                }
                changed = w.epoch.changed() => {
                    changed.ok()?;
                    if !w.still_valid().await {
                        return None;
                    }
                }
                heard = w.presence.recv() => match heard {
                    // Only to whoever may read the conversation, never about oneself alone.
                    Ok(e) if switchboard_protocol::may_read(w.caller.0.role, w.caller.0.id, e.assignee) => {
                        if let Ok(data) = serde_json::to_string(&e.presence) {
                            return Some((Ok(Event::default().event("presence").data(data)), w));
                        }
                    }
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                },
                _ = w.tick.tick() => {
                    if !w.still_valid().await {
                        return None;
                    }
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(15))
            .text("heartbeat"),
    ))
}

async fn conversation_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<switchboard_protocol::Conversation, AppError> {
    let c = state.store.conversation(id).await?;
    caller.check(&c, access)?;
    Ok(c)
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/messages", tag = "desktop", security(("bearer" = [])),
    summary = "Queue a reply (text, template or reaction), or keep a private note; idempotent by client_message_id",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = SendRequest, example = json!({"client_message_id": "c-5f1e", "text": "It ships today."})),
    responses(
        (status = 201, description = "a note, kept (new); never sent to WhatsApp", body = Message),
        (status = 202, description = "queued (new)", body = Message, example = json!({"id": 42, "conversation_id": 7, "direction": "outbound", "kind": "text", "text": "It ships today.", "wamid": null, "client_message_id": "c-5f1e", "status": "pending", "error": null, "timestamp": 1764500000, "sent_by": 3})),
        (status = 200, description = "the message this key already named", body = Message),
        (status = 403, description = "the caller's role or assignment does not allow it", body = ApiError, example = json!({"code": "forbidden", "message": "claim the conversation first", "request_id": "9f2c4e1a"})),
        (status = 409, description = "conflicts with the current state", body = ApiError),
        (status = 422, description = "refused by a rule of WhatsApp (e.g. the 24-hour window)", body = ApiError)
    )
)]
async fn send_message(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<SendRequest>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let access = if req.note {
        Access::Note
    } else {
        Access::Reply
    };
    let conversation = conversation_for(&state, &caller, conversation_id, access).await?;
    let cmid = req.client_message_id.trim().to_owned();
    if cmid.is_empty() || cmid.len() > 64 {
        return Err(AppError::bad_request(
            "client_message_id must be 1 to 64 characters",
        ));
    }
    let unprocessable =
        |code, why: &str| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, why);
    if req.note {
        // A note is the team's own: no window, never sent to WhatsApp.
        if req.template.is_some()
            || req.reaction.is_some()
            || req.reply_to.is_some()
            || req.attachment.is_some()
        {
            return Err(unprocessable(
                "invalid_message",
                "a note is a text, not a template, a reaction, a quote or a file",
            ));
        }
        switchboard_protocol::validate_text(&req.text)
            .map_err(|why| unprocessable("invalid_text", why))?;
        let slot = state
            .store
            .queue_outbound(NewOutbound {
                conversation_id,
                agent_id: caller.id(),
                client_message_id: cmid,
                text: req.text,
                payload: None,
                note: true,
            })
            .await?;
        return match slot {
            SendSlot::Existing(m) if m.kind != "note" => Err(AppError::new(
                StatusCode::CONFLICT,
                "conflict",
                "that client_message_id names a reply, not a note",
            )),
            SendSlot::Existing(m) => Ok((StatusCode::OK, Json(m))),
            SendSlot::New(m) => {
                state.publish().await;
                Ok((StatusCode::CREATED, Json(m)))
            }
        };
    }
    let window_open = window::is_open(conversation.last_inbound_at, now());
    let window_closed = || {
        unprocessable(
            "window_closed",
            "the customer's 24-hour window has closed: only an approved template can be sent",
        )
    };
    if let Some(upload_id) = req.attachment {
        if req.template.is_some() || req.reaction.is_some() {
            return Err(unprocessable(
                "invalid_message",
                "an attachment is sent with a caption, not a template or a reaction",
            ));
        }
        switchboard_protocol::validate_caption(&req.text)
            .map_err(|why| unprocessable("invalid_caption", why))?;
        if !window_open {
            return Err(window_closed());
        }
        let upload = state.store.upload(upload_id).await.map_err(|e| match e {
            StoreError::NotFound => unprocessable(
                "unknown_attachment",
                "no uploaded file has that id in this conversation",
            ),
            e => e.into(),
        })?;
        if upload.conversation_id != conversation_id || !upload.complete() {
            return Err(unprocessable(
                "unknown_attachment",
                "no uploaded file has that id in this conversation",
            ));
        }
        let reply_to = match req.reply_to {
            Some(id) => Some(state.store.reaction_target(conversation_id, id).await?),
            None => None,
        };
        let caption = Some(req.text.trim().to_owned()).filter(|c| !c.is_empty());
        let shown = caption
            .clone()
            .unwrap_or_else(|| format!("[{}]", upload.kind));
        let payload = Payload::Media {
            upload_id,
            kind: upload.kind.clone(),
            mime_type: upload.mime_type.clone(),
            filename: upload.filename.clone(),
            caption,
            reply_to,
        };
        return queue_send(&state, &caller, conversation_id, cmid, shown, Some(payload)).await;
    }
    let kinds = usize::from(!req.text.is_empty())
        + usize::from(req.template.is_some())
        + usize::from(req.reaction.is_some());
    if kinds > 1 {
        return Err(unprocessable(
            "invalid_message",
            "send one of a text, a template or a reaction",
        ));
    }
    if req.reply_to.is_some() && req.text.is_empty() {
        return Err(unprocessable(
            "invalid_message",
            "only a text can reply to a message",
        ));
    }
    let (text, payload) = if let Some(t) = req.template {
        let known = state
            .templates
            .iter()
            .find(|k| k.name == t.name && k.language == t.language)
            .ok_or_else(|| {
                unprocessable(
                    "unknown_template",
                    "no approved template has that name and language",
                )
            })?;
        if known.is_marketing() && conversation.marketing_opt_out.is_some() {
            return Err(unprocessable(
                "marketing_opt_out",
                "the customer asked for no marketing messages: send a utility template or wait for them to write",
            ));
        }
        if t.parameters.len() != known.parameter_count() {
            return Err(unprocessable(
                "template_parameters",
                "the number of parameters does not match the template",
            ));
        }
        if t.parameters
            .iter()
            .any(|p| p.chars().count() > 1024 || switchboard_protocol::validate_text(p).is_err())
        {
            return Err(unprocessable(
                "template_parameters",
                "each parameter is 1 to 1024 visible characters, without control characters",
            ));
        }
        (known.render(&t.parameters), Some(Payload::Template(t)))
    } else if let Some(r) = req.reaction {
        switchboard_protocol::validate_emoji(&r.emoji)
            .map_err(|why| unprocessable("invalid_reaction", why))?;
        if !window_open {
            return Err(window_closed());
        }
        let wamid = state
            .store
            .reaction_target(conversation_id, r.message_id)
            .await?;
        let shown = if r.emoji.is_empty() {
            "removed a reaction".to_owned()
        } else {
            r.emoji.clone()
        };
        (
            shown,
            Some(Payload::Reaction {
                wamid,
                emoji: r.emoji,
            }),
        )
    } else {
        switchboard_protocol::validate_text(&req.text)
            .map_err(|why| unprocessable("invalid_text", why))?;
        if !window_open {
            return Err(window_closed());
        }
        let payload = match req.reply_to {
            // Only a message of this conversation that WhatsApp knows.
            Some(id) => Some(Payload::Reply {
                wamid: state.store.reaction_target(conversation_id, id).await?,
            }),
            None => None,
        };
        (req.text, payload)
    };
    queue_send(&state, &caller, conversation_id, cmid, text, payload).await
}

/// Records a message for the send queue (idempotent by its key) and wakes
/// the queue.
async fn queue_send(
    state: &AppState,
    caller: &Caller,
    conversation_id: i64,
    cmid: String,
    text: String,
    payload: Option<Payload>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let slot = state
        .store
        .queue_outbound(NewOutbound {
            conversation_id,
            agent_id: caller.id(),
            client_message_id: cmid,
            text,
            payload,
            note: false,
        })
        .await?;
    match slot {
        SendSlot::Existing(m) if m.kind == "note" => Err(AppError::new(
            StatusCode::CONFLICT,
            "conflict",
            "that client_message_id names a note, not a reply",
        )),
        SendSlot::Existing(m) => Ok((StatusCode::OK, Json(m))),
        SendSlot::New(m) => {
            state.send_wake.notify_one();
            state.publish().await;
            Ok((StatusCode::ACCEPTED, Json(m)))
        }
    }
}

/// `{"assignee": 7}` assigns (or claims, for oneself); `{"assignee": null}`
/// returns the conversation to the queue. The field is required: a body
/// without it (`{}`, or a misspelt field) is an error, never an unassign.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct AssignRequest {
    /// The agent to hold it, or `null` for the queue (required either way).
    #[serde(deserialize_with = "present")]
    #[schema(value_type = Option<i64>, required = true, example = 7)]
    assignee: Option<Option<i64>>,
}

/// Marks a field as present even when its value is `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/assignment", tag = "desktop", security(("bearer" = [])),
    summary = "Assign, claim (oneself) or return to the queue (null)",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = AssignRequest, example = json!({"assignee": null})),
    responses((status = 204, description = "done"),
        (status = 409, description = "conflicts with the current state", body = ApiError))
)]
async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<AssignRequest>,
) -> Result<StatusCode, AppError> {
    let Some(assignee) = req.assignee else {
        return Err(AppError::bad_request(
            "assignee is required: an agent id, or null to return the conversation to the queue",
        ));
    };
    let conversation = state.store.conversation(conversation_id).await?;
    let (me, role) = (caller.id(), caller.0.role);
    if assignee == Some(me)
        && conversation.assignee != Some(me)
        && role.allows(Permission::Claim)
        && !role.allows(Permission::Assign)
    {
        // An agent claiming. Judged at commit: if a colleague holds it (now,
        // or by then), 409 names them and nothing else about it is told.
        state
            .store
            .assign(conversation_id, assignee, me, true)
            .await?;
    } else {
        caller.check(&conversation, Access::Read)?;
        let is_claim = conversation.assignee.is_none() && assignee == Some(me);
        if !(role.allows(Permission::Assign) || (is_claim && role.allows(Permission::Claim))) {
            return Err(AppError::forbidden(
                "only an admin can assign; an agent may claim an unassigned conversation for itself",
            ));
        }
        // An admin taking an unassigned conversation is a claim too: it does
        // not take it from a colleague who claimed it a moment before.
        state
            .store
            .assign(conversation_id, assignee, me, is_claim)
            .await?;
    }
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StatusRequest {
    status: ConversationStatus,
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/status", tag = "desktop", security(("bearer" = [])),
    summary = "Resolve or reopen",
    params(("id" = i64, Path, description = "conversation id")),
    request_body(content = StatusRequest, example = json!({"status": "resolved"})),
    responses((status = 204, description = "done"))
)]
async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state
        .store
        .set_status(conversation_id, req.status, caller.id())
        .await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/read", tag = "desktop", security(("bearer" = [])),
    summary = "Mark read (and send a read receipt if the hub is set to)",
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 204, description = "done"))
)]
async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    let last = state.store.mark_read(conversation_id).await?;
    if state.read_receipts
        && let Some(receipt) = last
        && let Err(e) = state
            .graph
            .for_number(&receipt.phone_number_id)
            .mark_read(&receipt.wamid)
            .await
    {
        tracing::warn!(error = %e, "read receipt not sent");
    }
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// Leaves a conversation for later: unread again for everyone who sees it.
/// The same rule as marking it read (who may act on it).
#[utoipa::path(
    post, path = "/v1/conversations/{id}/unread", tag = "desktop", security(("bearer" = [])),
    summary = "Mark unread",
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 204, description = "done"))
)]
async fn mark_unread(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(conversation_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Manage).await?;
    state.store.mark_unread(conversation_id).await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

/// A message's media bytes, for whoever may read its conversation.
#[utoipa::path(
    get, path = "/v1/messages/{id}/media", tag = "desktop", security(("bearer" = [])),
    summary = "A message's media (fetched from WhatsApp by the hub, kept sealed)",
    params(("id" = i64, Path, description = "message id")),
    responses(
        (status = 200, description = "the file, with its type, sent a sealed chunk at a time", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 404, description = "no such message, or it has no file (yet)", body = ApiError),
        (status = 429, description = "this token has as many downloads open as it may (`too_many_downloads`)", body = ApiError),
        (status = 503, description = "the hub holds as many whole files as it may (`busy`)", body = ApiError)
    )
)]
async fn message_media(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
    ApiPath(message_id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let conversation_id = state
        .store
        .message(message_id)
        .await
        .or_missing("message")?
        .conversation_id;
    conversation_for(&state, &caller, conversation_id, Access::Read)
        .await
        .map_err(|e| {
            if e.status == StatusCode::NOT_FOUND {
                AppError::new(StatusCode::NOT_FOUND, "not_found", "no such message")
            } else {
                e
            }
        })?;
    // A few downloads per token at once; each holds its place until its
    // body is sent or dropped (a client that stops reading is cut off by
    // the connection's write timeout).
    let Some(place) = state.limits.open_download(&credential.token_hash) else {
        state.metrics.rate_limited("downloads");
        return Err(AppError {
            retry_after: Some(1),
            ..AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_downloads",
                format!(
                    "at most {} downloads at once per sign-in: wait for one to finish",
                    state.limits.config.downloads_per_token
                ),
            )
        });
    };
    let clean = |mime: String| {
        if mime.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            mime
        } else {
            "application/octet-stream".into()
        }
    };
    let source = state
        .store
        .media_source(message_id)
        .await
        .or_missing("file for this message (it has none, or it is not fetched yet)")?;
    let (mime, length, held, chunks) = match source {
        // A customer's file, kept in sealed chunks.
        MediaSource::Chunked {
            mime_type,
            chunks,
            size,
        } => (
            clean(mime_type),
            size.max(0) as u64,
            None,
            sealed_chunks(&state, Sealed::Media(message_id), chunks),
        ),
        // A customer's file fetched before media was chunked is kept sealed
        // whole: what all such responses hold at once comes from the
        // download budget, held until the response is sent or dropped.
        MediaSource::Whole { mime_type, bytes } => {
            let mut held = state.limits.downloads.reservation(None);
            if held.hold(bytes.len()).is_err() {
                state.metrics.rate_limited("download_budget");
                return Err(AppError::busy(
                    "the hub is serving as many files as it may at once: try again shortly",
                    2,
                ));
            }
            (
                clean(mime_type),
                bytes.len() as u64,
                Some(held),
                futures_util::stream::once(async move {
                    Ok::<_, std::io::Error>(axum::body::Bytes::from(bytes))
                })
                .boxed(),
            )
        }
        // An agent's file, kept in sealed chunks too.
        MediaSource::Upload {
            mime_type,
            upload_id,
            chunks,
            size,
        } => (
            clean(mime_type),
            size.max(0) as u64,
            None,
            sealed_chunks(&state, Sealed::Upload(upload_id), chunks),
        ),
    };
    // The places taken live as long as the body: until it is sent, or
    // dropped with its connection.
    let body = axum::body::Body::from_stream(chunks.map(move |chunk| {
        let _held = (&place, &held);
        chunk
    }));
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_LENGTH, length.to_string()),
            (header::CONTENT_DISPOSITION, "attachment".to_owned()),
            (
                header::HeaderName::from_static("x-content-type-options"),
                "nosniff".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}

/// Whose sealed chunks a file is in.
#[derive(Clone, Copy)]
enum Sealed {
    /// A customer's media, by message id.
    Media(i64),
    /// An agent's upload, by upload id.
    Upload(i64),
}

/// A file kept in sealed chunks, read and opened a chunk at a time as the
/// client takes it (the next chunk is read only when the last was sent),
/// never whole.
fn sealed_chunks(
    state: &AppState,
    file: Sealed,
    chunks: i64,
) -> futures_util::stream::BoxStream<'static, std::io::Result<Bytes>> {
    let store = state.store.clone();
    futures_util::stream::iter(0..chunks)
        .then(move |seq| {
            let store = store.clone();
            async move {
                match file {
                    Sealed::Media(id) => store.media_chunk(id, seq).await,
                    Sealed::Upload(id) => store.upload_chunk(id, seq).await,
                }
                .map(Bytes::from)
                .map_err(|e| std::io::Error::other(e.to_string()))
            }
        })
        .boxed()
}

/// `POST /v1/conversations/{id}/uploads?filename=…` query.
#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct UploadQuery {
    /// The file's name as the customer will see it (documents).
    filename: String,
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/uploads", tag = "desktop", security(("bearer" = [])),
    summary = "Upload a file to send in this conversation (the body is the file; Content-Type its type)",
    description = "Checked against WhatsApp's types and limits (image 5 MB, audio and video 16 MB, document 100 MB) before a byte is kept; received and sealed a chunk at a time. Send it with `attachment` in a message; unsent uploads are deleted after a day.",
    params(("id" = i64, Path, description = "conversation id"), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "received", body = switchboard_protocol::Upload),
        (status = 403, description = "the caller may not reply in this conversation", body = ApiError),
        (status = 408, description = "the file arrived slower than the minimum rate (`body_timeout`)", body = ApiError),
        (status = 413, description = "over WhatsApp's limit for that kind (the limit is named), or past the agent's quota of unsent files (`upload_quota`)", body = ApiError),
        (status = 415, description = "a type WhatsApp does not take", body = ApiError),
        (status = 422, description = "a name or first bytes that do not fit the type (`invalid_file`)", body = ApiError),
        (status = 429, description = "this token is sending as many files as it may at once (`too_many_uploads`)", body = ApiError)
    )
)]
async fn upload_file(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    req: Request,
) -> Result<(StatusCode, Json<switchboard_protocol::Upload>), AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Reply).await?;
    let filename = q
        .filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if filename.is_empty()
        || filename.chars().count() > 255
        || filename.chars().any(|c| c.is_control())
    {
        return Err(AppError::bad_request(
            "filename must be 1 to 255 characters, without control characters",
        ));
    }
    let headers = req.headers();
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_large = |why: String| AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", why);
    // The type first (any size), then the name against it, then the
    // declared length: all before a byte is read.
    let kind = switchboard_protocol::check_attachment(&mime, 1).map_err(|why| {
        AppError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_type", why)
    })?;
    switchboard_protocol::check_file_name(&filename, &mime)
        .map_err(|why| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_file", why))?;
    if let Some(n) = declared {
        switchboard_protocol::check_attachment(&mime, n).map_err(|why| {
            if n == 0 {
                AppError::bad_request(why)
            } else {
                closing_error(too_large(why))
            }
        })?;
    }
    // A few uploads per token at once, and what each holds in memory (a
    // chunk being sealed and the next arriving) from the uploads' own budget.
    let Some(_mine) = state.limits.open_upload(&credential.token_hash) else {
        state.metrics.rate_limited("uploads");
        return Err(closing_error(AppError {
            retry_after: Some(1),
            ..AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_uploads",
                format!(
                    "at most {} uploads at once per sign-in: wait for one to finish",
                    state.limits.config.uploads_per_token
                ),
            )
        }));
    };
    // What the agent already holds unsent counts against its quota.
    let used = state.store.unsent_upload_bytes(caller.id()).await?.max(0) as u64;
    let room = state.limits.config.upload_quota.saturating_sub(used);
    if declared.is_some_and(|n| n > room) || room == 0 {
        return Err(closing_error(over_quota(&state)));
    }
    let mut reserved = state.limits.uploads.reservation(None);
    if let Err(refusal) = reserved.hold(2 * CHUNK_BYTES) {
        return Err(busy_receiving(&state, refusal));
    }
    let id = state
        .store
        .begin_upload(NewUpload {
            conversation_id,
            agent_id: caller.id(),
            kind: kind.kind.to_owned(),
            mime_type: mime.clone(),
            filename: filename.clone(),
        })
        .await?;
    let received = receive_chunks(&state, id, kind, room, &mime, req.into_body()).await;
    match received {
        Ok((size, sha256, chunks)) => {
            state
                .store
                .finish_upload(id, size as i64, sha256, chunks)
                .await?;
            let row = state.store.upload(id).await?;
            Ok((StatusCode::CREATED, Json(row.summary())))
        }
        Err(e) => {
            if let Err(dropped) = state.store.drop_upload(id).await {
                tracing::warn!(upload_id = id, error = %dropped, "could not drop a failed upload (the sweep will)");
            }
            Err(e)
        }
    }
}

/// Reads an upload's body into sealed chunks; returns its size, hex SHA-256
/// and chunk count. Refuses a body over the kind's limit as soon as it is,
/// and one that falls below the minimum rate (a large file on a slow link
/// takes as long as it needs; a trickle is cut off).
async fn receive_chunks(
    state: &AppState,
    id: i64,
    kind: switchboard_protocol::AttachmentKind,
    room: u64,
    mime: &str,
    body: axum::body::Body,
) -> Result<(u64, String, i64), AppError> {
    use sha2::{Digest, Sha256};
    let mut stream = body.into_data_stream();
    let (mut size, mut digest, mut seq) = (0u64, Sha256::new(), 0i64);
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK_BYTES);
    let pace = Pace::new(state, None);
    loop {
        let frame = match tokio::time::timeout_at(pace.due(size), stream.next()).await {
            Err(_) => return Err(too_slow(state)),
            Ok(None) => break,
            Ok(Some(Err(_))) => {
                return Err(AppError::bad_request("the file was cut off"));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        size += frame.len() as u64;
        if size > room {
            return Err(closing_error(over_quota(state)));
        }
        if size > kind.max_bytes {
            return Err(closing_error(AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                kind.too_large("is larger"),
            )));
        }
        digest.update(&frame);
        let before = size - frame.len() as u64;
        buffer.extend_from_slice(&frame);
        // The first bytes against the type, once there are enough of them.
        if before < HEAD_BYTES && size >= HEAD_BYTES {
            check_head(mime, &buffer)?;
        }
        while buffer.len() >= CHUNK_BYTES {
            let rest = buffer.split_off(CHUNK_BYTES);
            let chunk = std::mem::replace(&mut buffer, rest);
            state.store.put_upload_chunk(id, seq, chunk).await?;
            seq += 1;
        }
    }
    if size == 0 {
        return Err(AppError::bad_request("the file is empty"));
    }
    if size < HEAD_BYTES {
        check_head(mime, &buffer)?;
    }
    if !buffer.is_empty() {
        state.store.put_upload_chunk(id, seq, buffer).await?;
        seq += 1;
    }
    Ok((size, hex::encode(digest.finalize()), seq))
}

/// The refusal of an upload past the agent's quota of unsent files.
fn over_quota(state: &AppState) -> AppError {
    state.metrics.rate_limited("upload_quota");
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload_quota",
        format!(
            "you hold {} MB of files not yet sent: send or wait for them to expire (a day) before uploading more",
            state.limits.config.upload_quota / 1_000_000
        ),
    )
}

/// How many of a file's first bytes are checked against its type.
const HEAD_BYTES: u64 = 8;

fn check_head(mime: &str, head: &[u8]) -> Result<(), AppError> {
    switchboard_protocol::check_file_head(mime, head).map_err(|why| {
        closing_error(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_file",
            why,
        ))
    })
}

/// An error after which the connection is closed (the rest of the body is not read).
fn closing_error(e: AppError) -> AppError {
    AppError { close: true, ..e }
}

// ---- agents and tokens ----------------------------------------------------------------

#[utoipa::path(
    get, path = "/v1/agents", tag = "admin", security(("bearer" = [])),
    summary = "Every agent (admins and viewers)",
    responses((status = 200, body = Vec<AgentSummary>, example = json!([{"id": 1, "name": "Admin", "role": "admin", "disabled": false}])))
)]
async fn list_agents(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<AgentSummary>>, AppError> {
    caller.require(Permission::Manage)?;
    let agents = state.store.list_agents().await?;
    let available = state.store.available_agents().await?;
    Ok(Json(
        agents
            .into_iter()
            .map(|a| AgentSummary {
                available: available.contains(&a.id),
                id: a.id,
                name: a.name,
                role: a.role,
                disabled: a.disabled,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CreateAgent {
    name: String,
    role: Role,
}

use switchboard_protocol::IssuedToken;

#[utoipa::path(
    post, path = "/v1/agents", tag = "admin", security(("bearer" = [])),
    summary = "Add an agent; its first token is shown once",
    request_body(content = CreateAgent, example = json!({"name": "Ana Ferreira", "role": "agent"})),
    responses((status = 201, body = IssuedToken, example = json!({"agent_id": 4, "token": "sbt_3q2x…"})))
)]
async fn create_agent(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateAgent>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    caller.require(Permission::Manage)?;
    let (agent_id, token) = state
        .store
        .create_agent(req.name, req.role, state.token_days, Some(caller.id()))
        .await?;
    Ok((StatusCode::CREATED, Json(IssuedToken { agent_id, token })))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct UpdateAgent {
    disabled: Option<bool>,
    role: Option<Role>,
}

#[utoipa::path(
    patch, path = "/v1/agents/{id}", tag = "admin", security(("bearer" = [])),
    summary = "Change an agent's role, disable or enable it",
    params(("id" = i64, Path, description = "agent id")),
    request_body(content = UpdateAgent, example = json!({"role": "viewer"})),
    responses((status = 204, description = "done"),
        (status = 409, description = "conflicts with the current state", body = ApiError))
)]
async fn update_agent(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
    ApiJson(req): ApiJson<UpdateAgent>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    if agent_id == caller.id()
        && (req.disabled == Some(true) || req.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            "conflict",
            "an admin cannot disable or demote itself",
        ));
    }
    if req.disabled.is_none() && req.role.is_none() {
        return Err(AppError::bad_request("set disabled, role, or both"));
    }
    state
        .store
        .update_agent(agent_id, req.role, req.disabled, Some(caller.id()))
        .await
        .or_missing("agent")?;
    state.auth_changed();
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/v1/agents/{id}/tokens", tag = "admin", security(("bearer" = [])),
    summary = "An agent's tokens: metadata, never the secrets",
    params(("id" = i64, Path, description = "agent id")),
    responses((status = 200, body = Vec<TokenInfo>))
)]
async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
) -> Result<Json<Vec<TokenInfo>>, AppError> {
    caller.require(Permission::Manage)?;
    Ok(Json(
        state
            .store
            .list_tokens(agent_id)
            .await
            .or_missing("agent")?,
    ))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct IssueQuery {
    /// Revoke the agent's other tokens in the same step.
    #[serde(default)]
    rotate: bool,
}

#[utoipa::path(
    post, path = "/v1/agents/{id}/tokens", tag = "admin", security(("bearer" = [])),
    summary = "Issue a token (shown once); rotate=true revokes the others",
    params(("id" = i64, Path, description = "agent id"), IssueQuery),
    responses((status = 201, body = IssuedToken))
)]
async fn issue_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<IssueQuery>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    caller.require(Permission::Manage)?;
    let token = state
        .store
        .issue_token(agent_id, state.token_days, q.rotate, Some(caller.id()))
        .await
        .or_missing("agent")?;
    if q.rotate {
        state.auth_changed();
    }
    Ok((StatusCode::CREATED, Json(IssuedToken { agent_id, token })))
}

#[utoipa::path(
    delete, path = "/v1/agents/{id}/tokens", tag = "admin", security(("bearer" = [])),
    summary = "Revoke every token of an agent",
    params(("id" = i64, Path, description = "agent id")),
    responses((status = 204, description = "done"))
)]
async fn revoke_tokens(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(agent_id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .revoke_tokens(agent_id, None, Some(caller.id()))
        .await
        .or_missing("agent")?;
    state.auth_changed();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/v1/agents/{id}/tokens/{token_id}", tag = "admin", security(("bearer" = [])),
    summary = "Revoke one token",
    params(("id" = i64, Path, description = "agent id"), ("token_id" = i64, Path, description = "token id")),
    responses((status = 204, description = "done"))
)]
async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((agent_id, token_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    caller.require(Permission::Manage)?;
    state
        .store
        .revoke_tokens(agent_id, Some(token_id), Some(caller.id()))
        .await
        .or_missing("token")?;
    state.auth_changed();
    Ok(StatusCode::NO_CONTENT)
}

// ---- templates, contacts, audit, ops ----------------------------------------------------

#[utoipa::path(
    get, path = "/v1/templates", tag = "desktop", security(("bearer" = [])),
    summary = "Approved templates (for replies outside the 24-hour window)",
    responses((status = 200, body = TemplateList, example = json!({"templates": [{"name": "order_update", "language": "en", "body": "Your order {{1}} is on its way."}]})))
)]
async fn templates(State(state): State<AppState>, _caller: Caller) -> Json<TemplateList> {
    Json(TemplateList {
        templates: state.templates.as_ref().clone(),
    })
}

/// The one grammar of a customer's id, as ingest accepts it (issue 24.9):
/// a phone number's digits, or a business-scoped user id (`US.…`).
fn valid_wa_id(wa_id: &str) -> Result<(), AppError> {
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
async fn export_contact(
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
async fn erase_contact(
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
struct AuditQuery {
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
async fn audit_log(
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
async fn quarantine(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<serde_json::Value>>, AppError> {
    caller.require(Permission::Manage)?;
    Ok(Json(state.store.quarantined().await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AlertsQuery {
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
async fn alerts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> Result<Json<Vec<AlertInfo>>, AppError> {
    caller.require(Permission::Manage)?;
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(state.store.alerts(q.before, limit).await?))
}

/// Whether the store takes a write. Probed at most once per
/// `ready_interval`; callers in between (and while a probe runs) share its
/// answer, so `/readyz` cannot be used to load the store.
#[utoipa::path(
    get, path = "/readyz", tag = "operations",
    summary = "Whether the store takes a write (probed at most every few seconds)",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 503, body = ApiError))
)]
async fn ready(State(state): State<AppState>) -> Result<&'static str, AppError> {
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
async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(
    get, path = "/v1/openapi.json", tag = "operations",
    summary = "This document: the hub's API, generated from its code",
    responses((status = 200, body = Object))
)]
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document())
}

#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    summary = "Prometheus text (loopback only unless allowed)",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 403, body = ApiError))
)]
async fn metrics(State(state): State<AppState>) -> Response {
    let g = state.store.gauges().await.unwrap_or(Gauges {
        send_queue: -1,
        quarantined: -1,
        media_pending: -1,
        media_failed: -1,
    });
    let text = state.metrics.render(&[
        ("switchboard_send_queue_depth", g.send_queue),
        ("switchboard_quarantined_payloads", g.quarantined),
        ("switchboard_media_pending", g.media_pending),
        ("switchboard_media_failed", g.media_failed),
        ("switchboard_feed_seq", *state.feed.borrow()),
    ]);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}
