//! Files: a message's media out, an upload in, both a sealed chunk at a time.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use switchboard_protocol::ApiError;

use super::conversations::conversation_for;
use super::extract::{ApiPath, ApiQuery};
use super::guard::{Pace, busy_receiving, closing_error, too_slow};
use crate::AppState;
use crate::auth::{Access, Caller, Credential};
use crate::error::{AppError, OrMissing};
use crate::limits::{Reservation, Share};
use crate::queries::uploads::CHUNK_BYTES;
use crate::repo::{MediaSource, NewUpload};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(message_media))
}

/// Uploads (streamed: no body-reading layer).
pub(super) fn upload_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_file))
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
pub(super) async fn message_media(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
    ApiPath(message_id): ApiPath<i64>,
) -> Result<Response, AppError> {
    check_may_read(&state, &caller, message_id).await?;
    let place = download_place(&state, &credential.token_hash)?;
    let source = state
        .store
        .media_source(message_id)
        .await
        .or_missing("file for this message (it has none, or it is not fetched yet)")?;
    let (mime, length, held, chunks) = media_chunks(&state, message_id, source)?;
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

/// Refuses a message that is not there, or whose conversation the caller
/// may not read (both "no such message").
async fn check_may_read(
    state: &AppState,
    caller: &Caller,
    message_id: i64,
) -> Result<(), AppError> {
    let conversation_id = state
        .store
        .message(message_id)
        .await
        .or_missing("message")?
        .conversation_id;
    conversation_for(state, caller, conversation_id, Access::Read)
        .await
        .map_err(|e| {
            if e.status == StatusCode::NOT_FOUND {
                AppError::new(StatusCode::NOT_FOUND, "not_found", "no such message")
            } else {
                e
            }
        })?;
    Ok(())
}

/// Takes one of the token's download places, or refuses (429) when it
/// has as many downloads open as it may.
fn download_place(state: &AppState, token_hash: &[u8]) -> Result<Share<Vec<u8>>, AppError> {
    // A few downloads per token at once; each holds its place until its
    // body is sent or dropped (a client that stops reading is cut off by
    // the connection's write timeout).
    let Some(place) = state.limits.open_download(token_hash) else {
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
    Ok(place)
}

/// A file's bytes as sent, and what sending them holds.
type MediaChunks = (
    String,
    u64,
    Option<Reservation>,
    futures_util::stream::BoxStream<'static, std::io::Result<Bytes>>,
);

/// The file's type (a safe one), length, the download budget it holds
/// (a file kept whole) and its bytes, a chunk at a time; refuses (503)
/// when the budget cannot hold a whole file.
fn media_chunks(
    state: &AppState,
    message_id: i64,
    source: MediaSource,
) -> Result<MediaChunks, AppError> {
    Ok(match source {
        // A customer's file, kept in sealed chunks.
        MediaSource::Chunked {
            mime_type,
            chunks,
            size,
        } => (
            clean_mime(mime_type),
            size.max(0) as u64,
            None,
            sealed_chunks(state, Sealed::Media(message_id), chunks),
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
                clean_mime(mime_type),
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
            clean_mime(mime_type),
            size.max(0) as u64,
            None,
            sealed_chunks(state, Sealed::Upload(upload_id), chunks),
        ),
    })
}

/// The stored type as the Content-Type, unless it holds what a header may
/// not (then `application/octet-stream`).
fn clean_mime(mime: String) -> String {
    if mime.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        mime
    } else {
        "application/octet-stream".into()
    }
}

/// Whose sealed chunks a file is in.
#[derive(Clone, Copy)]
pub(super) enum Sealed {
    /// A customer's media, by message id.
    Media(i64),
    /// An agent's upload, by upload id.
    Upload(i64),
}

/// A file kept in sealed chunks, read and opened a chunk at a time as the
/// client takes it (the next chunk is read only when the last was sent),
/// never whole.
pub(super) fn sealed_chunks(
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
pub(super) struct UploadQuery {
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
pub(super) async fn upload_file(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
    ApiPath(conversation_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    req: Request,
) -> Result<(StatusCode, Json<switchboard_protocol::Upload>), AppError> {
    conversation_for(&state, &caller, conversation_id, Access::Reply).await?;
    let filename = upload_name(&q.filename)?;
    let (mime, declared) = declared_type_and_length(req.headers());
    let kind = check_declared(&filename, &mime, declared)?;
    let _mine = upload_place(&state, &credential.token_hash)?;
    let room = quota_room(&state, &caller, declared).await?;
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

/// The file's name without any folder, trimmed; refuses an empty one, one
/// over 255 characters, or one with control characters.
fn upload_name(given: &str) -> Result<String, AppError> {
    let filename = given
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
    Ok(filename)
}

/// The upload's type (Content-Type without parameters, lower case) and
/// its length when the client declared one.
fn declared_type_and_length(headers: &header::HeaderMap) -> (String, Option<u64>) {
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
    (mime, declared)
}

/// The kind of file the type is, once the type, the name and the declared
/// length are found fit for WhatsApp.
fn check_declared(
    filename: &str,
    mime: &str,
    declared: Option<u64>,
) -> Result<switchboard_protocol::AttachmentKind, AppError> {
    let too_large = |why: switchboard_protocol::FileRefusal| {
        AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", why)
    };
    // The type first (any size), then the name against it, then the
    // declared length: all before a byte is read.
    let kind = switchboard_protocol::check_attachment(mime, 1).map_err(|why| {
        AppError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_type", why)
    })?;
    switchboard_protocol::check_file_name(filename, mime)
        .map_err(|why| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_file", why))?;
    if let Some(n) = declared {
        switchboard_protocol::check_attachment(mime, n).map_err(|why| {
            if n == 0 {
                AppError::bad_request(why)
            } else {
                closing_error(too_large(why))
            }
        })?;
    }
    Ok(kind)
}

/// Takes one of the token's upload places, or refuses (429) when it is
/// sending as many files as it may.
fn upload_place(state: &AppState, token_hash: &[u8]) -> Result<Share<Vec<u8>>, AppError> {
    // A few uploads per token at once, and what each holds in memory (a
    // chunk being sealed and the next arriving) from the uploads' own budget.
    let Some(mine) = state.limits.open_upload(token_hash) else {
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
    Ok(mine)
}

/// The bytes left of the agent's quota of unsent files; refuses when none
/// are, or fewer than the length declared.
async fn quota_room(
    state: &AppState,
    caller: &Caller,
    declared: Option<u64>,
) -> Result<u64, AppError> {
    // What the agent already holds unsent counts against its quota.
    let used = state.store.unsent_upload_bytes(caller.id()).await?.max(0) as u64;
    let room = state.limits.config.upload_quota.saturating_sub(used);
    if declared.is_some_and(|n| n > room) || room == 0 {
        return Err(closing_error(over_quota(state)));
    }
    Ok(room)
}

/// Reads an upload's body into sealed chunks; returns its size, hex SHA-256
/// and chunk count. Refuses a body over the kind's limit as soon as it is,
/// and one that falls below the minimum rate (a large file on a slow link
/// takes as long as it needs; a trickle is cut off).
pub(super) async fn receive_chunks(
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
                kind.too_large(None),
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
pub(super) fn over_quota(state: &AppState) -> AppError {
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
pub(super) const HEAD_BYTES: u64 = 8;

pub(super) fn check_head(mime: &str, head: &[u8]) -> Result<(), AppError> {
    switchboard_protocol::check_file_head(mime, head).map_err(|why| {
        closing_error(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_file",
            why,
        ))
    })
}
