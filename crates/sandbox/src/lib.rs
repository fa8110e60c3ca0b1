//! A local stand-in for Meta's WhatsApp Cloud API, for the demo and tests.
//!
//! It serves the Graph API paths the hub calls (`POST /{version}/{phone_number_id}/messages`)
//! with Meta's answer and error shapes, and posts signed webhooks in Meta's
//! exact envelope: customer messages, and `sent` / `delivered` / `read`
//! statuses for every message the hub sends.
//!
//! A control API under `/_sandbox/` lets tests and the demo act as customers:
//! `POST /_sandbox/inbound {"from", "name", "text"}` makes a customer write in.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_whatsapp::{signature, window};

/// Settings of one sandbox instance.
#[derive(Clone)]
pub struct SandboxConfig {
    pub app_secret: String,
    pub access_token: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub waba_id: String,
    /// Delay before each of `sent`, `delivered`, `read`.
    pub status_delay: Duration,
}

/// One message the hub sent through the Graph API.
#[derive(Debug, Clone, Serialize)]
pub struct SentMessage {
    pub wamid: String,
    pub to: String,
    pub body: Value,
}

#[derive(Default)]
struct Inner {
    webhook_url: Option<String>,
    sent: Vec<SentMessage>,
    /// Customer -> unix seconds of their last message (the 24-hour window).
    last_inbound: HashMap<String, i64>,
    /// Customers whose messages fail with 131026 (undeliverable).
    undeliverable: Vec<String>,
    /// Customer -> how many of the next sends fail with a transient 131000.
    transient: HashMap<String, u32>,
    /// Post every status twice, as Meta sometimes does.
    duplicate_statuses: bool,
    /// Post a message's statuses in random order.
    shuffle_statuses: bool,
    /// Media customers sent: id -> (mime type, bytes).
    media: HashMap<String, (String, Vec<u8>)>,
    /// How many of the next media downloads fail with HTTP 500.
    failing_downloads: u32,
    /// Uploads are answered with an id Meta never sends.
    bad_upload_ids: bool,
    /// Wamids the business marked read (blue ticks for the customer).
    read_receipts: Vec<String>,
    /// Files the business uploaded, in order.
    uploads: Vec<UploadedFile>,
    counter: u64,
}

/// A file the business uploaded through the media endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UploadedFile {
    pub id: String,
    pub mime_type: String,
    pub filename: Option<String>,
    pub size: u64,
}

#[derive(Clone)]
pub struct Sandbox {
    config: Arc<SandboxConfig>,
    inner: Arc<Mutex<Inner>>,
    http: reqwest::Client,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn graph_error(status: StatusCode, code: i64, message: &str, details: &str) -> Response {
    let body = json!({"error": {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details},
        "fbtrace_id": "AsandboxTraceId"
    }});
    (status, Json(body)).into_response()
}

#[derive(Deserialize)]
pub struct InboundRequest {
    pub from: String,
    pub name: Option<String>,
    pub text: String,
    /// Sent this many seconds ago (history for the demo: older days, a
    /// closed 24-hour window). Default: now.
    #[serde(default)]
    pub ago_secs: u64,
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
struct ConfigRequest {
    failing_downloads: Option<u32>,
    /// Answer uploads with an id Meta would never send (a test of the hub).
    bad_upload_ids: Option<bool>,
    webhook_url: Option<String>,
    undeliverable: Option<Vec<String>>,
    transient: Option<HashMap<String, u32>>,
    duplicate_statuses: Option<bool>,
    shuffle_statuses: Option<bool>,
}

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Sandbox {
        Sandbox {
            config: Arc::new(config),
            inner: Arc::default(),
            http: reqwest::Client::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_webhook_url(&self, url: Option<String>) {
        self.lock().webhook_url = url;
    }

    fn next_wamid(&self) -> String {
        let mut inner = self.lock();
        inner.counter += 1;
        let n: u64 = rand::random();
        format!("wamid.SBX{:016X}{:06}", n, inner.counter)
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route(
                "/{version}/{phone_number_id}/messages",
                post(graph_messages),
            )
            .route(
                "/{version}/{phone_number_id}/media",
                post(graph_media_upload),
            )
            .route("/_sandbox/config", post(control_config))
            .route("/_sandbox/inbound", post(control_inbound))
            .route("/_sandbox/inbound_batch", post(control_inbound_batch))
            .route("/_sandbox/sent", get(control_sent))
            .route("/_sandbox/reads", get(control_reads))
            .route("/_sandbox/uploads", get(control_uploads))
            .route("/_sandbox/inbound_media", post(control_inbound_media))
            .route("/_sandbox/inbound_message", post(control_inbound_message))
            .route("/_sandbox/event", post(control_event))
            .route("/_media/{media_id}", get(media_download))
            .route("/{version}/{media_id}", get(graph_media_info))
            // Meta takes documents of up to 100 MB.
            .layer(axum::extract::DefaultBodyLimit::max(110 * 1024 * 1024))
            .with_state(self.clone())
    }

    /// Serves the sandbox on a free loopback port in the background (for
    /// tests); returns its base URL.
    pub async fn serve_local(&self) -> std::io::Result<String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let router = self.router();
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(url)
    }

    fn envelope(&self, value: Value) -> Value {
        json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": self.config.waba_id, "changes": [{"value": value, "field": "messages"}]}]
        })
    }

    /// Sends the hub a webhook of another field than `messages` (a call, an
    /// echo from the business's phone, an account or template update); the
    /// business number's metadata is added where the value has none.
    pub async fn event(&self, field: &str, mut value: Value) -> Result<(), String> {
        if let Value::Object(map) = &mut value {
            map.entry("messaging_product").or_insert(json!("whatsapp"));
            if matches!(field, "calls" | "smb_message_echoes" | "user_preferences") {
                map.entry("metadata").or_insert(json!({
                    "display_phone_number": self.config.display_phone_number,
                    "phone_number_id": self.config.phone_number_id
                }));
            }
        }
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": self.config.waba_id, "time": now(), "changes": [{"value": value, "field": field}]}]
        });
        self.deliver(envelope).await
    }

    /// A customer wrote at `ts`: their 24-hour window runs from their latest message.
    fn heard_from(&self, from: &str, ts: i64) {
        let mut inner = self.lock();
        let last = inner.last_inbound.entry(from.to_owned()).or_insert(ts);
        *last = (*last).max(ts);
    }

    /// Makes a customer write in: posts a signed text webhook. Returns the wamid.
    pub async fn customer_says(
        &self,
        from: &str,
        name: Option<&str>,
        text: &str,
    ) -> Result<String, String> {
        self.customer_said(from, name, text, now()).await
    }

    /// [`Sandbox::customer_says`] with the message's time (Unix seconds).
    pub async fn customer_said(
        &self,
        from: &str,
        name: Option<&str>,
        text: &str,
        ts: i64,
    ) -> Result<String, String> {
        let wamid = self.next_wamid();
        self.heard_from(from, ts);
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": self.config.display_phone_number,
                "phone_number_id": self.config.phone_number_id
            },
            "contacts": [{"profile": {"name": name.unwrap_or(from)}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": ts.to_string(), "text": {"body": text}, "type": "text"}]
        });
        self.deliver(self.envelope(value)).await?;
        Ok(wamid)
    }

    /// Delivers every message of `batch` in one signed webhook (one change
    /// per message, as Meta batches them); returns their wamids.
    pub async fn customers_say(&self, batch: &[InboundRequest]) -> Result<Vec<String>, String> {
        let now = now();
        let mut wamids = Vec::with_capacity(batch.len());
        let mut changes = Vec::with_capacity(batch.len());
        for m in batch {
            let wamid = self.next_wamid();
            let ts = now.saturating_sub(i64::try_from(m.ago_secs).unwrap_or(i64::MAX));
            self.heard_from(&m.from, ts);
            changes.push(json!({"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {
                    "display_phone_number": self.config.display_phone_number,
                    "phone_number_id": self.config.phone_number_id
                },
                "contacts": [{"profile": {"name": m.name.as_deref().unwrap_or(&m.from)}, "wa_id": m.from}],
                "messages": [{"from": m.from, "id": wamid, "timestamp": ts.to_string(), "text": {"body": m.text}, "type": "text"}]
            }}));
            wamids.push(wamid);
        }
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": self.config.waba_id, "changes": changes}]
        });
        self.deliver(envelope).await?;
        Ok(wamids)
    }

    /// A customer sends a file: kept under a new media id, announced by a signed webhook.
    pub async fn customer_sends_media(&self, req: InboundMediaRequest) -> Result<String, String> {
        use base64::Engine;
        use sha2::Digest;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(req.data.as_bytes())
            .map_err(|e| e.to_string())?;
        let media_id = format!("{}", 1_000_000_000u64 + rand::random::<u32>() as u64);
        let digest = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bytes));
        self.lock()
            .media
            .insert(media_id.clone(), (req.mime_type.clone(), bytes));
        let wamid = self.next_wamid();
        let ts = now();
        self.heard_from(&req.from, ts);
        let mut part = json!({"id": media_id, "mime_type": req.mime_type, "sha256": digest});
        if let Some(c) = req.caption {
            part["caption"] = json!(c);
        }
        if let Some(f) = req.filename {
            part["filename"] = json!(f);
        }
        if req.voice {
            part["voice"] = json!(true);
        }
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": self.config.display_phone_number, "phone_number_id": self.config.phone_number_id},
            "contacts": [{"profile": {"name": req.name.unwrap_or_else(|| req.from.clone())}, "wa_id": req.from}],
            "messages": [{"from": req.from, "id": wamid, "timestamp": ts.to_string(), "type": req.kind, req.kind.clone(): part}]
        });
        self.deliver(self.envelope(value)).await?;
        Ok(wamid)
    }

    /// Makes a customer send any message (see [`InboundMessageRequest`]).
    /// Returns its wamid.
    pub async fn customer_sends(&self, req: InboundMessageRequest) -> Result<String, String> {
        let Value::Object(mut message) = req.message else {
            return Err("message must be a JSON object".into());
        };
        if !message.get("type").is_some_and(Value::is_string) {
            return Err("message needs a \"type\"".into());
        }
        let wamid = self.next_wamid();
        let ts = now().saturating_sub(i64::try_from(req.ago_secs).unwrap_or(i64::MAX));
        self.heard_from(&req.from, ts);
        message.insert("from".into(), json!(req.from));
        message.insert("id".into(), json!(wamid));
        message.insert("timestamp".into(), json!(ts.to_string()));
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": self.config.display_phone_number, "phone_number_id": self.config.phone_number_id},
            "contacts": [{"profile": {"name": req.name.unwrap_or_else(|| req.from.clone())}, "wa_id": req.from}],
            "messages": [Value::Object(message)]
        });
        self.deliver(self.envelope(value)).await?;
        Ok(wamid)
    }

    fn status_value(&self, wamid: &str, to: &str, status: &str) -> Value {
        let mut s = json!({
            "id": wamid,
            "status": status,
            "timestamp": now().to_string(),
            "recipient_id": to,
        });
        if status != "read" {
            s["conversation"] = json!({"id": "sandboxconversation", "origin": {"type": "service"}});
            s["pricing"] = json!({"billable": true, "pricing_model": "CBP", "category": "service"});
        }
        json!({
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": self.config.display_phone_number,
                "phone_number_id": self.config.phone_number_id
            },
            "statuses": [s]
        })
    }

    /// Posts a signed webhook to the hub, retrying a few times with backoff as Meta does.
    pub async fn deliver(&self, envelope: Value) -> Result<(), String> {
        let url = self
            .lock()
            .webhook_url
            .clone()
            .ok_or("no webhook URL is configured")?;
        let body = serde_json::to_vec(&envelope).map_err(|e| e.to_string())?;
        let sig = signature::sign(self.config.app_secret.as_bytes(), &body);
        let mut delay = Duration::from_millis(100);
        let mut last = String::new();
        for _ in 0..5 {
            let sent = self
                .http
                .post(&url)
                .header("content-type", "application/json")
                .header(signature::HEADER, &sig)
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => return Ok(()),
                Ok(r) => last = format!("hub answered {}", r.status()),
                Err(e) => last = e.to_string(),
            }
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
        tracing::warn!(%last, "webhook delivery failed");
        Err(last)
    }

    /// Meta's answer to a request without the right token, or for another
    /// business number; `None` when it may go on.
    fn refuse(&self, headers: &HeaderMap, phone_number_id: Option<&str>) -> Option<Response> {
        if !self.authorized(headers) {
            return Some(graph_error(
                StatusCode::UNAUTHORIZED,
                190,
                "Invalid OAuth access token.",
                "The access token is invalid",
            ));
        }
        if phone_number_id.is_some_and(|id| id != self.config.phone_number_id) {
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

async fn graph_messages(
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
        let Some(wamid) = body.get("message_id").and_then(Value::as_str) else {
            return graph_error(
                StatusCode::BAD_REQUEST,
                100,
                "Invalid parameter",
                "message_id is required",
            );
        };
        sb.lock().read_receipts.push(wamid.to_owned());
        return Json(json!({"success": true})).into_response();
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
    if kind == "text" {
        let len = body
            .pointer("/text/body")
            .and_then(Value::as_str)
            .map(|b| b.chars().count());
        if !matches!(len, Some(1..=4096)) {
            return graph_error(
                StatusCode::BAD_REQUEST,
                100,
                "Invalid parameter",
                "text.body must be 1 to 4096 characters",
            );
        }
        let last = sb.lock().last_inbound.get(&to).copied();
        if !window::is_open(last, now()) {
            return graph_error(
                StatusCode::BAD_REQUEST,
                131047,
                "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            );
        }
    }
    if matches!(kind, "image" | "audio" | "video" | "document" | "sticker") {
        let id = body
            .pointer(&format!("/{kind}/id"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !sb.lock().media.contains_key(id) {
            return graph_error(
                StatusCode::BAD_REQUEST,
                131053,
                "Media upload error",
                "The media id is not one this number uploaded.",
            );
        }
    }
    if sb.lock().undeliverable.contains(&to) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            131026,
            "Message undeliverable",
            "The recipient cannot receive this message.",
        );
    }
    let transient = {
        let mut inner = sb.lock();
        match inner.transient.get_mut(&to) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    };
    if transient {
        return graph_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            131000,
            "Something went wrong",
            "Temporary failure; retry.",
        );
    }
    let wamid = sb.next_wamid();
    sb.lock().sent.push(SentMessage {
        wamid: wamid.clone(),
        to: to.clone(),
        body: body.clone(),
    });
    // Statuses follow the answer, one after another, as Meta's do.
    let mut statuses = if kind == "reaction" {
        vec!["sent"]
    } else {
        vec!["sent", "delivered", "read"]
    };
    let (dup, shuffle) = {
        let inner = sb.lock();
        (inner.duplicate_statuses, inner.shuffle_statuses)
    };
    if shuffle {
        use rand::seq::SliceRandom;
        statuses.shuffle(&mut rand::thread_rng());
    }
    if dup {
        statuses = statuses.into_iter().flat_map(|s| [s, s]).collect();
    }
    let sb2 = sb.clone();
    let (w, t) = (wamid.clone(), to.clone());
    tokio::spawn(async move {
        for status in statuses {
            tokio::time::sleep(sb2.config.status_delay).await;
            let env = sb2.envelope(sb2.status_value(&w, &t, status));
            if sb2.deliver(env).await.is_err() {
                break;
            }
        }
    });
    Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": wamid}]
    }))
    .into_response()
}

async fn control_config(State(sb): State<Sandbox>, Json(req): Json<ConfigRequest>) -> StatusCode {
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
    StatusCode::NO_CONTENT
}

async fn control_inbound(State(sb): State<Sandbox>, Json(req): Json<InboundRequest>) -> Response {
    match sb
        .customer_said(
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

async fn control_inbound_batch(
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

async fn control_inbound_media(
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

async fn control_inbound_message(
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
struct EventRequest {
    field: String,
    value: Value,
}

/// `POST /_sandbox/event {field, value}`: see [`Sandbox::event`].
async fn control_event(State(sb): State<Sandbox>, Json(req): Json<EventRequest>) -> Response {
    match sb.event(&req.field, req.value).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"code": "delivery_failed", "message": e})),
        )
            .into_response(),
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
async fn graph_media_upload(
    State(sb): State<Sandbox>,
    Path((_version, phone_number_id)): Path<(String, String)>,
    headers: HeaderMap,
    mut form: axum::extract::Multipart,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, Some(&phone_number_id)) {
        return refused;
    }
    let (mut file, mut kind, mut product, mut filename) = (None, None, None, None);
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let content_type = field.content_type().map(str::to_owned);
                if name == "file" {
                    filename = field.file_name().map(str::to_owned);
                }
                let Ok(bytes) = field.bytes().await else {
                    return graph_error(
                        StatusCode::BAD_REQUEST,
                        100,
                        "Invalid parameter",
                        "unreadable form field",
                    );
                };
                match name.as_str() {
                    "file" => file = Some((content_type, bytes.to_vec())),
                    "type" => kind = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "messaging_product" => {
                        product = Some(String::from_utf8_lossy(&bytes).into_owned())
                    }
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                return graph_error(
                    StatusCode::BAD_REQUEST,
                    100,
                    "Invalid parameter",
                    "not a multipart form",
                );
            }
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Invalid parameter",
            "messaging_product must be whatsapp",
        );
    }
    let (Some((content_type, bytes)), Some(kind)) = (file, kind) else {
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
        filename,
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

/// `GET /{version}/{media_id}`: where to download a file, as Meta answers.
async fn graph_media_info(
    State(sb): State<Sandbox>,
    Path((_version, media_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = sb.refuse(&headers, None) {
        return refused;
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

async fn media_download(
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

async fn control_uploads(State(sb): State<Sandbox>) -> Json<Vec<UploadedFile>> {
    Json(sb.lock().uploads.clone())
}

async fn control_reads(State(sb): State<Sandbox>) -> Json<Vec<String>> {
    Json(sb.lock().read_receipts.clone())
}

async fn control_sent(State(sb): State<Sandbox>) -> Json<Vec<SentMessage>> {
    Json(sb.lock().sent.clone())
}

/// Lines simulated customers write, for the demo.
pub const CUSTOMER_LINES: &[&str] = &[
    "Hi! Is my order #4417 on its way?",
    "Can I change the delivery address?",
    "Do you ship to Lisbon?",
    "The parcel arrived damaged, what can I do?",
    "Thanks, that solved it 🙏",
    "What are your opening hours on Saturday?",
    "I was charged twice for the same order.",
    "Is the blue one back in stock?",
];

/// Simulated customers for the demo.
pub const CUSTOMERS: &[(&str, &str)] = &[
    ("351912345678", "Ana Ferreira"),
    ("447700900123", "Oliver Hughes"),
    ("4915112345678", "Lena Vogel"),
    ("5511987654321", "Rafael Souza"),
];
