//! Sending: replies, notes, templates, reactions and files through the send queue (the rules in `send_policy.rs`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use switchboard_protocol::{ApiError, Message, SendRequest};
use switchboard_whatsapp::window;

use super::conversations::conversation_for;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::{Access, Caller};
use crate::db::now;
use crate::error::AppError;
use crate::repo::NewOutbound;
use crate::repo::{Payload, SendSlot, StoreError};
use crate::send_policy::{self, Outgoing};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(send_message))
}

#[utoipa::path(
    post, path = "/v1/conversations/{id}/messages", tag = "desktop", security(("bearer" = [])),
    summary = "Queue a reply (text, choices, template or reaction), or keep a private note; idempotent by client_message_id",
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
pub(super) async fn send_message(
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
    let context = send_policy::Context {
        window_open: window::is_open(conversation.last_inbound_at, now()),
        marketing_opt_out: conversation.marketing_opt_out.is_some(),
        templates: &state.templates,
        inbox: &conversation.inbox,
    };
    let outgoing = send_policy::decide(req, context).map_err(|refusal| {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            refusal.code,
            refusal.message,
        )
    })?;
    // What the rules let through names things only the store knows: the
    // upload, the quoted or reacted-to message (each of this conversation).
    let (text, payload) = match outgoing {
        Outgoing::Note { text } => {
            return queue_note(&state, &caller, conversation_id, cmid, text).await;
        }
        Outgoing::File {
            upload_id,
            caption,
            reply_to,
        } => file_payload(&state, conversation_id, upload_id, caption, reply_to).await?,
        Outgoing::Template { shown, send } => (shown, Some(Payload::Template(send))),
        Outgoing::Reaction { message_id, emoji } => {
            let wamid = state
                .store
                .reaction_target(conversation_id, message_id)
                .await?;
            let shown = if emoji.is_empty() {
                "removed a reaction".to_owned()
            } else {
                emoji.clone()
            };
            (shown, Some(Payload::Reaction { wamid, emoji }))
        }
        Outgoing::Text { text, reply_to } => {
            let payload = match reply_to {
                // Only a message of this conversation that WhatsApp knows.
                Some(id) => Some(Payload::Reply {
                    wamid: state.store.reaction_target(conversation_id, id).await?,
                }),
                None => None,
            };
            (text, payload)
        }
        Outgoing::Choices { text, choices } => (text, Some(choices_payload(choices))),
    };
    queue_send(&state, &caller, conversation_id, cmid, text, payload).await
}

/// What the Graph API is sent for a question with choices: each choice's
/// id is its place (`choice-1`, …), its title what the customer reads and
/// what their tap comes back with.
fn choices_payload(choices: switchboard_protocol::ChoicesSend) -> Payload {
    let numbered = choices
        .options
        .into_iter()
        .enumerate()
        .map(|(n, title)| (format!("choice-{}", n + 1), title))
        .collect();
    match choices.list {
        Some(button) => Payload::List {
            button,
            rows: numbered,
        },
        None => Payload::Buttons { buttons: numbered },
    }
}

/// Keeps a note (idempotent by its key, which must not name a reply).
async fn queue_note(
    state: &AppState,
    caller: &Caller,
    conversation_id: i64,
    cmid: String,
    text: String,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let slot = state
        .store
        .queue_outbound(outbound(caller, conversation_id, cmid, text, None, true))
        .await?;
    match slot {
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
    }
}

/// A file's payload: a complete upload of this conversation, the message
/// it quotes, and what the thread shows (its caption, else its kind).
async fn file_payload(
    state: &AppState,
    conversation_id: i64,
    upload_id: i64,
    caption: Option<String>,
    reply_to: Option<i64>,
) -> Result<(String, Option<Payload>), AppError> {
    let unknown = || {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_attachment",
            "no uploaded file has that id in this conversation",
        )
    };
    let upload = state.store.upload(upload_id).await.map_err(|e| match e {
        StoreError::NotFound => unknown(),
        e => e.into(),
    })?;
    if upload.conversation_id != conversation_id || !upload.complete() {
        return Err(unknown());
    }
    let reply_to = match reply_to {
        Some(id) => Some(state.store.reaction_target(conversation_id, id).await?),
        None => None,
    };
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
    Ok((shown, Some(payload)))
}

/// Records a message for the send queue (idempotent by its key) and wakes
/// the queue.
pub(super) async fn queue_send(
    state: &AppState,
    caller: &Caller,
    conversation_id: i64,
    cmid: String,
    text: String,
    payload: Option<Payload>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let slot = state
        .store
        .queue_outbound(outbound(
            caller,
            conversation_id,
            cmid,
            text,
            payload,
            false,
        ))
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

/// The caller's message for the store (`note`: kept for the team only).
fn outbound(
    caller: &Caller,
    conversation_id: i64,
    client_message_id: String,
    text: String,
    payload: Option<Payload>,
    note: bool,
) -> NewOutbound {
    NewOutbound {
        conversation_id,
        agent_id: Some(caller.id()),
        client_message_id,
        text,
        payload,
        note,
    }
}
