//! The HTTP surface: Meta's webhook and the desktops' API (ARCHITECTURE.md).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::convert::Infallible;
use std::time::Duration;
use switchboard_protocol::{ChangePage, Me, Message, Permission, SendRequest, may_read, may_reply};
use switchboard_whatsapp::graph::Disposition;
use switchboard_whatsapp::{signature, webhook, window};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::WatchStream;

use crate::AppState;
use crate::auth::Caller;
use crate::error::AppError;
use crate::store::{self, IngestOutcome, SendSlot};

/// Meta caps webhook bodies well below this; anything larger is refused.
pub const MAX_WEBHOOK_BYTES: usize = 3 * 1024 * 1024;

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/webhooks/whatsapp", get(verify_subscription).post(receive_webhook))
        .route("/v1/me", get(me))
        .route("/v1/changes", get(changes))
        .route("/v1/events", get(events))
        .route("/v1/conversations/{id}/messages", post(send_message))
        .route("/v1/conversations/{id}/assignment", post(assign))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .layer(DefaultBodyLimit::max(MAX_WEBHOOK_BYTES))
        .with_state(state)
}

/// A JSON body whose rejection speaks the app's error format.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(AppError::bad_request(format!("invalid JSON body: {}", rejection.body_text()))),
        }
    }
}

// ---- webhook ---------------------------------------------------------------------

#[derive(Deserialize)]
struct Subscription {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

async fn verify_subscription(State(state): State<AppState>, Query(q): Query<Subscription>) -> Response {
    let token_ok = q.verify_token.as_deref().is_some_and(|t| {
        use subtle_eq::ct_eq;
        ct_eq(t.as_bytes(), state.verify_token.as_bytes())
    });
    match (q.mode.as_deref(), token_ok, q.challenge) {
        (Some("subscribe"), true, Some(challenge)) => (StatusCode::OK, challenge).into_response(),
        _ => AppError::forbidden("the verify token does not match").into_response(),
    }
}

mod subtle_eq {
    /// Constant-time equality for secrets of possibly different lengths.
    pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
        use sha2::{Digest, Sha256};
        let (x, y) = (Sha256::digest(a), Sha256::digest(b));
        x.iter().zip(y.iter()).fold(0u8, |acc, (p, q)| acc | (p ^ q)) == 0
    }
}

async fn receive_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let header = headers.get(signature::HEADER).and_then(|v| v.to_str().ok());
    if let Err(why) = signature::verify(state.app_secret.as_bytes(), &body, header) {
        tracing::warn!(%why, "webhook signature refused");
        return Err(AppError::new(StatusCode::UNAUTHORIZED, "bad_signature", why.to_string()));
    }
    let events = match webhook::parse(&body) {
        Ok(events) => events,
        Err(why) => {
            // Signed by Meta but not understood: keep it for an admin and answer
            // 200, or Meta would retry it for a week.
            tracing::warn!(%why, "webhook quarantined");
            let reason = why.to_string();
            state.store.call(move |conn, keys| store::quarantine(conn, keys, &reason, &body)).await?;
            return Ok(StatusCode::OK);
        }
    };
    let outcome = state
        .store
        .call(move |conn, keys| {
            let tx = conn.transaction()?;
            let mut outcome = IngestOutcome::default();
            for event in &events {
                match event {
                    webhook::Event::Message(m) => {
                        if store::ingest_message(&tx, keys, m)? {
                            outcome.messages_new += 1;
                        } else {
                            outcome.messages_duplicate += 1;
                        }
                    }
                    webhook::Event::Status(s) => {
                        if store::ingest_status(&tx, s)? {
                            outcome.statuses_new += 1;
                        } else {
                            outcome.statuses_duplicate += 1;
                        }
                    }
                    webhook::Event::Other { .. } => outcome.other += 1,
                }
            }
            tx.commit()?;
            Ok(outcome)
        })
        .await?;
    tracing::debug!(?outcome, "webhook stored");
    if outcome.messages_new + outcome.statuses_new > 0 {
        state.publish().await;
    }
    Ok(StatusCode::OK)
}

// ---- desktop API -------------------------------------------------------------------

async fn me(Caller(agent): Caller) -> Json<Me> {
    Json(Me { agent_id: agent.id, name: agent.name, role: agent.role })
}

#[derive(Deserialize)]
struct ChangesQuery {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

async fn changes(
    State(state): State<AppState>,
    Caller(agent): Caller,
    Query(q): Query<ChangesQuery>,
) -> Result<Json<ChangePage>, AppError> {
    if q.after < 0 {
        return Err(AppError::bad_request("after must be a seq of 0 or more"));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, 1000);
    let (changes, next, more) = state
        .store
        .call(move |conn, keys| store::changes_for(conn, keys, &agent, q.after, limit))
        .await?;
    Ok(Json(ChangePage { changes, next, more }))
}

/// A wake-up stream: each event carries the latest seq; the feed is the truth.
async fn events(
    State(state): State<AppState>,
    Caller(_agent): Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(state.feed.subscribe())
        .map(|seq| Ok(Event::default().event("changes").data(seq.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)).text("heartbeat"))
}

async fn send_message(
    State(state): State<AppState>,
    Caller(agent): Caller,
    Path(conversation_id): Path<i64>,
    ApiJson(req): ApiJson<SendRequest>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let (conversation, to) =
        state.store.call(move |conn, _| store::send_target(conn, conversation_id)).await?;
    if !may_read(agent.role, agent.id, conversation.assignee) {
        return Err(AppError::not_found());
    }
    if !may_reply(agent.role, agent.id, conversation.assignee) {
        return Err(AppError::forbidden(if agent.role.allows(Permission::Reply) {
            "claim the conversation before replying"
        } else {
            "this role cannot reply"
        }));
    }
    let cmid = req.client_message_id.trim().to_owned();
    if cmid.is_empty() || cmid.len() > 64 {
        return Err(AppError::bad_request("client_message_id must be 1 to 64 characters"));
    }
    switchboard_protocol::validate_text(&req.text)
        .map_err(|why| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_text", why))?;
    if !window::is_open(conversation.last_inbound_at, store::now()) {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "window_closed",
            "the customer's 24-hour window has closed: only an approved template can be sent",
        ));
    }
    let agent_id = agent.id;
    let text = req.text.clone();
    let slot = state
        .store
        .call(move |conn, keys| store::record_send(conn, keys, conversation_id, agent_id, &cmid, &text))
        .await?;
    let message = match slot {
        SendSlot::Existing(m) => return Ok((StatusCode::OK, Json(m))),
        SendSlot::New(m) => m,
    };
    state.publish().await;
    tracing::info!(message_id = message.id, to = %switchboard_whatsapp::mask_phone(&to), "sending");
    let outcome = state.graph.send_text(&to, &req.text).await;
    let message_id = message.id;
    match outcome {
        Ok(wamid) => {
            state
                .store
                .call(move |conn, _| store::record_send_outcome(conn, message_id, Ok(&wamid)))
                .await?;
        }
        Err(e) if e.disposition() == Disposition::Retry => {
            // Outcome unknown or transient: leave it pending rather than risk a
            // second send. The send queue (issue 3) reconciles these.
            tracing::warn!(message_id, error = %e, "send outcome unknown; left pending");
        }
        Err(e) => {
            let reason = e.reason();
            tracing::warn!(message_id, error = %e, "send refused by WhatsApp");
            state
                .store
                .call(move |conn, _| store::record_send_outcome(conn, message_id, Err(&reason)))
                .await?;
        }
    }
    state.publish().await;
    let message = state.store.call(move |conn, keys| store::message(conn, keys, message_id)).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

#[derive(Deserialize)]
struct AssignRequest {
    assignee: Option<i64>,
}

async fn assign(
    State(state): State<AppState>,
    Caller(agent): Caller,
    Path(conversation_id): Path<i64>,
    ApiJson(req): ApiJson<AssignRequest>,
) -> Result<StatusCode, AppError> {
    let conversation = state.store.call(move |conn, _| store::conversation(conn, conversation_id)).await?;
    if !may_read(agent.role, agent.id, conversation.assignee) {
        return Err(AppError::not_found());
    }
    let allowed = agent.role.allows(Permission::Assign)
        || (agent.role.allows(Permission::Claim)
            && conversation.assignee.is_none()
            && req.assignee == Some(agent.id));
    if !allowed {
        return Err(AppError::forbidden("only an admin can assign; an agent may claim an unassigned conversation for itself"));
    }
    state.store.call(move |conn, _| store::set_assignee(conn, conversation_id, req.assignee)).await?;
    state.publish().await;
    Ok(StatusCode::NO_CONTENT)
}

async fn ready(State(state): State<AppState>) -> Result<&'static str, AppError> {
    state
        .store
        .call(|conn, _| {
            conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")?;
            Ok(())
        })
        .await?;
    Ok("ready")
}
