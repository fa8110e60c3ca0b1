//! The Graph API paths the hub calls, answered as Meta answers them:
//! sending a message (with Meta's refusals: a closed 24-hour window, an
//! unknown media id, an undeliverable number, a transient failure),
//! uploading and downloading media, and the access token checked on each.

use crate::{Sandbox, SentMessage, UploadedFile, graph_error, now};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use switchboard_whatsapp::window;

impl Sandbox {
    /// Meta's answer to a request without the right token, or for another
    /// business number; `None` when it may go on.
    pub(crate) fn refuse(
        &self,
        headers: &HeaderMap,
        phone_number_id: Option<&str>,
    ) -> Option<Response> {
        if !self.authorized(headers) {
            return Some(graph_error(
                StatusCode::UNAUTHORIZED,
                190,
                "Invalid OAuth access token.",
                "The access token is invalid",
            ));
        }
        if phone_number_id.is_some_and(|id| {
            id != self.config.phone_number_id && !self.config.other_numbers.iter().any(|n| n == id)
        }) {
            return Some(graph_error(
                StatusCode::BAD_REQUEST,
                100,
                "Invalid parameter",
                "Unknown phone number id",
            ));
        }
        None
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| t == self.config.access_token)
    }
}

/// `POST /{version}/{phone_number_id}/messages`: a message to a customer
/// (or a read receipt), answered and refused as Meta does; the message's
/// statuses follow by webhook.
pub(crate) async fn graph_messages(
    State(sb): State<Sandbox>,
    Path((_version, phone_number_id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, Some(&phone_number_id)) {
        return refused;
    }
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Invalid parameter",
            "messaging_product must be whatsapp",
        );
    }
    if body.get("status").and_then(Value::as_str) == Some("read") {
        return sb.mark_read(&body);
    }
    let Some(to) = body.get("to").and_then(Value::as_str).map(str::to_owned) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Invalid parameter",
            "to is required",
        );
    };
    let kind = body.get("type").and_then(Value::as_str).unwrap_or("text");
    if let Some(refused) = sb.refuse_send(&body, &to, kind) {
        return refused;
    }
    let wamid = sb.next_wamid();
    sb.lock().sent.push(SentMessage {
        wamid: wamid.clone(),
        to: to.clone(),
        body: body.clone(),
    });
    sb.post_statuses(&wamid, &to, kind);
    Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": wamid}]
    }))
    .into_response()
}

impl Sandbox {
    /// The business marked a customer's message read (blue ticks for the
    /// customer).
    fn mark_read(&self, body: &Value) -> Response {
        let Some(wamid) = body.get("message_id").and_then(Value::as_str) else {
            return graph_error(
                StatusCode::BAD_REQUEST,
                100,
                "Invalid parameter",
                "message_id is required",
            );
        };
        self.lock().read_receipts.push(wamid.to_owned());
        Json(json!({"success": true})).into_response()
    }

    /// Meta's refusal of a message of `kind` to `to`, in the order Meta
    /// checks: the text, the media id, a number that cannot receive it, a
    /// transient failure the tests asked for; `None` when it goes.
    fn refuse_send(&self, body: &Value, to: &str, kind: &str) -> Option<Response> {
        if kind == "text"
            && let Some(refused) = self.refuse_text(body, to)
        {
            return Some(refused);
        }
        if kind == "interactive"
            && let Some(refused) = self.refuse_interactive(body, to)
        {
            return Some(refused);
        }
        if matches!(kind, "image" | "audio" | "video" | "document" | "sticker") {
            let id = body
                .pointer(&format!("/{kind}/id"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !self.lock().media.contains_key(id) {
                return Some(graph_error(
                    StatusCode::BAD_REQUEST,
                    131053,
                    "Media upload error",
                    "The media id is not one this number uploaded.",
                ));
            }
        }
        if self.lock().undeliverable.iter().any(|u| u == to) {
            return Some(graph_error(
                StatusCode::BAD_REQUEST,
                131026,
                "Message undeliverable",
                "The recipient cannot receive this message.",
            ));
        }
        if self.transient_failure(to) {
            return Some(graph_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                131000,
                "Something went wrong",
                "Temporary failure; retry.",
            ));
        }
        None
    }

    /// A text's refusal: a body of 1 to 4,096 characters, and only inside
    /// the customer's 24-hour window.
    fn refuse_text(&self, body: &Value, to: &str) -> Option<Response> {
        let len = body
            .pointer("/text/body")
            .and_then(Value::as_str)
            .map(|b| b.chars().count());
        if !matches!(len, Some(1..=4096)) {
            return Some(graph_error(
                StatusCode::BAD_REQUEST,
                100,
                "Invalid parameter",
                "text.body must be 1 to 4096 characters",
            ));
        }
        let last = self.lock().last_inbound.get(to).copied();
        if !window::is_open(last, now()) {
            return Some(graph_error(
                StatusCode::BAD_REQUEST,
                131047,
                "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            ));
        }
        None
    }

    /// An interactive message's refusal, as Meta's rules go for reply
    /// buttons ([`buttons_problem`]) and lists ([`list_problem`]), and only
    /// inside the customer's 24-hour window.
    fn refuse_interactive(&self, body: &Value, to: &str) -> Option<Response> {
        let problem = match body.pointer("/interactive/type").and_then(Value::as_str) {
            Some("button") => buttons_problem(body),
            Some("list") => list_problem(body),
            _ => Some("interactive.type must be button or list"),
        };
        if let Some(why) = problem {
            return Some(graph_error(
                StatusCode::BAD_REQUEST,
                131009,
                "Parameter value is not valid",
                why,
            ));
        }
        let last = self.lock().last_inbound.get(to).copied();
        if !window::is_open(last, now()) {
            return Some(graph_error(
                StatusCode::BAD_REQUEST,
                131047,
                "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            ));
        }
        None
    }

    /// Whether this send to `to` is one of the transient failures the tests
    /// asked for (each counts down once).
    fn transient_failure(&self, to: &str) -> bool {
        let mut inner = self.lock();
        match inner.transient.get_mut(to) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Posts the statuses of a message the hub sent: `sent`, `delivered`
    /// and `read` (only `sent` for a reaction), one after another after the
    /// answer, as Meta's follow; twice each or shuffled when the tests ask.
    fn post_statuses(&self, wamid: &str, to: &str, kind: &str) {
        let mut statuses = if kind == "reaction" {
            vec!["sent"]
        } else {
            vec!["sent", "delivered", "read"]
        };
        let (dup, shuffle) = {
            let inner = self.lock();
            (inner.duplicate_statuses, inner.shuffle_statuses)
        };
        if shuffle {
            use rand::seq::SliceRandom;
            statuses.shuffle(&mut rand::thread_rng());
        }
        if dup {
            statuses = statuses.into_iter().flat_map(|s| [s, s]).collect();
        }
        let sb2 = self.clone();
        let (w, t) = (wamid.to_owned(), to.to_owned());
        tokio::spawn(async move {
            for status in statuses {
                tokio::time::sleep(sb2.config.status_delay).await;
                let env = sb2.envelope(sb2.status_value(&w, &t, status));
                if sb2.deliver(env).await.is_err() {
                    break;
                }
            }
        });
    }
}

/// Meta's size limits per media type, in bytes.
fn media_limit(kind: &str) -> u64 {
    match kind.split('/').next().unwrap_or_default() {
        "image" => 5 * 1024 * 1024,
        "audio" | "video" => 16 * 1024 * 1024,
        _ => 100 * 1024 * 1024,
    }
}

/// `POST /{version}/{phone_number_id}/media` (multipart: `file`, `type`,
/// `messaging_product=whatsapp`): keeps the file, answers its id.
pub(crate) async fn graph_media_upload(
    State(sb): State<Sandbox>,
    Path((_version, phone_number_id)): Path<(String, String)>,
    headers: HeaderMap,
    form: axum::extract::Multipart,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, Some(&phone_number_id)) {
        return refused;
    }
    let form = match UploadForm::read(form).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    if form.product.as_deref() != Some("whatsapp") {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Invalid parameter",
            "messaging_product must be whatsapp",
        );
    }
    let (Some((content_type, bytes)), Some(kind)) = (form.file, form.kind) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Invalid parameter",
            "file and type are required",
        );
    };
    if bytes.len() as u64 > media_limit(&kind) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            131053,
            "Media upload error",
            "The file is larger than allowed for its type.",
        );
    }
    let media_id = format!("{}", 2_000_000_000u64 + rand::random::<u32>() as u64);
    let mut inner = sb.lock();
    inner.uploads.push(UploadedFile {
        id: media_id.clone(),
        mime_type: kind.clone(),
        filename: form.filename,
        size: bytes.len() as u64,
    });
    inner
        .media
        .insert(media_id.clone(), (content_type.unwrap_or(kind), bytes));
    let answered = if inner.bad_upload_ids {
        "../not-a-media-id".to_owned()
    } else {
        media_id
    };
    drop(inner);
    Json(json!({"id": answered})).into_response()
}

/// The fields of an upload's multipart form, as they came.
#[derive(Default)]
struct UploadForm {
    /// The file's declared content type and its bytes.
    file: Option<(Option<String>, Vec<u8>)>,
    /// The `type` field: the file's MIME type as the hub names it.
    kind: Option<String>,
    /// The `messaging_product` field.
    product: Option<String>,
    /// The file's name, when the form gave one.
    filename: Option<String>,
}

impl UploadForm {
    /// Reads every field of `form`; Meta's refusal when the form cannot be
    /// read.
    async fn read(mut form: axum::extract::Multipart) -> Result<UploadForm, Response> {
        let mut read = UploadForm::default();
        loop {
            match form.next_field().await {
                Ok(Some(field)) => {
                    let name = field.name().unwrap_or_default().to_owned();
                    let content_type = field.content_type().map(str::to_owned);
                    if name == "file" {
                        read.filename = field.file_name().map(str::to_owned);
                    }
                    let Ok(bytes) = field.bytes().await else {
                        return Err(graph_error(
                            StatusCode::BAD_REQUEST,
                            100,
                            "Invalid parameter",
                            "unreadable form field",
                        ));
                    };
                    match name.as_str() {
                        "file" => read.file = Some((content_type, bytes.to_vec())),
                        "type" => read.kind = Some(String::from_utf8_lossy(&bytes).into_owned()),
                        "messaging_product" => {
                            read.product = Some(String::from_utf8_lossy(&bytes).into_owned())
                        }
                        _ => {}
                    }
                }
                Ok(None) => return Ok(read),
                Err(_) => {
                    return Err(graph_error(
                        StatusCode::BAD_REQUEST,
                        100,
                        "Invalid parameter",
                        "not a multipart form",
                    ));
                }
            }
        }
    }
}

/// `GET /{version}/{media_id}`: where to download a file, as Meta answers.
pub(crate) async fn graph_media_info(
    State(sb): State<Sandbox>,
    Path((_version, media_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, None) {
        return refused;
    }
    if let Some(number) = crate::account::number(&sb, &media_id) {
        return number;
    }
    let found = sb
        .lock()
        .media
        .get(&media_id)
        .map(|(mime, bytes)| (mime.clone(), bytes.clone()));
    let Some((mime, bytes)) = found else {
        return graph_error(
            StatusCode::NOT_FOUND,
            100,
            "Invalid parameter",
            "Unknown media id",
        );
    };
    use base64::Engine;
    use sha2::Digest;
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    Json(json!({
        "messaging_product": "whatsapp",
        "url": format!("http://{host}/_media/{media_id}"),
        "mime_type": mime,
        "sha256": base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bytes)),
        "file_size": bytes.len(),
        "id": media_id,
    }))
    .into_response()
}

pub(crate) async fn media_download(
    State(sb): State<Sandbox>,
    Path(media_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !sb.authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let fail = {
        let mut inner = sb.lock();
        if inner.failing_downloads > 0 {
            inner.failing_downloads -= 1;
            true
        } else {
            false
        }
    };
    if fail {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match sb.lock().media.get(&media_id) {
        Some((mime, bytes)) => ([("content-type", mime.clone())], bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The array at `pointer` in `value` (empty when there is none).
fn array_at(value: &Value, pointer: &str) -> Vec<Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A string's length in characters at `pointer` in `value` (0 when none).
fn chars_at(value: &Value, pointer: &str) -> usize {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(|s| s.chars().count())
        .unwrap_or_default()
}

/// What Meta would refuse in a reply-buttons message: a body of 1 to
/// 1,024 characters, 1 to 3 buttons with unique ids (1 to 256) and titles
/// of 1 to 20 characters.
fn buttons_problem(body: &Value) -> Option<&'static str> {
    if !(1..=1024).contains(&chars_at(body, "/interactive/body/text")) {
        return Some("interactive.body.text must be 1 to 1024 characters");
    }
    let buttons = array_at(body, "/interactive/action/buttons");
    if !(1..=3).contains(&buttons.len()) {
        return Some("a message has 1 to 3 reply buttons");
    }
    let mut ids = std::collections::HashSet::new();
    for b in &buttons {
        let id = b
            .pointer("/reply/id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !(1..=256).contains(&id.chars().count())
            || !(1..=20).contains(&chars_at(b, "/reply/title"))
            || !ids.insert(id.to_owned())
        {
            return Some(
                "each button has a unique id (1 to 256) and a title of 1 to 20 characters",
            );
        }
    }
    None
}

/// What Meta would refuse in a list message: a body of 1 to 4,096
/// characters, a button label of 1 to 20, 1 to 10 rows in all with unique
/// ids (1 to 200) and titles of 1 to 24 characters.
fn list_problem(body: &Value) -> Option<&'static str> {
    if !(1..=4096).contains(&chars_at(body, "/interactive/body/text")) {
        return Some("interactive.body.text must be 1 to 4096 characters");
    }
    if !(1..=20).contains(&chars_at(body, "/interactive/action/button")) {
        return Some("interactive.action.button must be 1 to 20 characters");
    }
    let rows: Vec<Value> = array_at(body, "/interactive/action/sections")
        .iter()
        .flat_map(|section| array_at(section, "/rows"))
        .collect();
    if !(1..=10).contains(&rows.len()) {
        return Some("a list has 1 to 10 rows");
    }
    let mut ids = std::collections::HashSet::new();
    for r in &rows {
        let id = r.pointer("/id").and_then(Value::as_str).unwrap_or_default();
        if !(1..=200).contains(&id.chars().count())
            || !(1..=24).contains(&chars_at(r, "/title"))
            || !ids.insert(id.to_owned())
        {
            return Some("each row has a unique id (1 to 200) and a title of 1 to 24 characters");
        }
    }
    None
}
