//! A local stand-in for Meta's WhatsApp Cloud API, for the demo and tests.
//!
//! It serves the Graph API paths the hub calls (`POST /{version}/{phone_number_id}/messages`)
//! with Meta's answer and error shapes, and posts signed webhooks in Meta's
//! exact envelope: customer messages, and `sent` / `delivered` / `read`
//! statuses for every message the hub sends.
//!
//! A control API under `/_sandbox/` lets tests and the demo act as customers:
//! `POST /_sandbox/inbound {"from", "name", "text"}` makes a customer write in.
//!
//! This file holds the [`Sandbox`] type, its state and its routes; each
//! concern has its own file: `graph.rs` (the Graph API the hub calls),
//! `webhooks.rs` (what the sandbox posts to the hub), `control.rs` (the
//! control API) and `simulate.rs` (the demo's simulated customers).

mod account;
mod control;
mod graph;
mod simulate;
mod webhooks;

pub use control::{
    InboundBatchRequest, InboundMediaRequest, InboundMessageRequest, InboundRequest,
};
pub use simulate::{CUSTOMER_LINES, CUSTOMERS};

/// The Meta app the sandbox's business account belongs to (Graph's
/// `debug_token` names it; its webhook subscription is read under it).
pub const APP_ID: &str = "4455667788990011";

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Settings of one sandbox instance.
#[derive(Clone)]
pub struct SandboxConfig {
    pub app_secret: String,
    pub access_token: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    /// More business numbers (phone number ids) of the same account:
    /// customers may write to them and the hub may send from them.
    pub other_numbers: Vec<String>,
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
    /// The permissions `debug_token` reports (None: both WhatsApp ones).
    token_scopes: Option<Vec<String>>,
    /// Webhook fields the app is not subscribed to.
    unsubscribed_fields: Vec<String>,
    /// The app is not subscribed to the business account at all.
    app_unsubscribed: bool,
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
                post(graph::graph_messages),
            )
            .route(
                "/{version}/{phone_number_id}/media",
                post(graph::graph_media_upload),
            )
            .route("/_sandbox/config", post(control::control_config))
            .route("/_sandbox/inbound", post(control::control_inbound))
            .route(
                "/_sandbox/inbound_batch",
                post(control::control_inbound_batch),
            )
            .route("/_sandbox/sent", get(control::control_sent))
            .route("/_sandbox/reads", get(control::control_reads))
            .route("/_sandbox/uploads", get(control::control_uploads))
            .route(
                "/_sandbox/inbound_media",
                post(control::control_inbound_media),
            )
            .route(
                "/_sandbox/inbound_message",
                post(control::control_inbound_message),
            )
            .route("/_sandbox/event", post(control::control_event))
            .route("/_media/{media_id}", get(graph::media_download))
            .route("/{version}/{media_id}", get(graph::graph_media_info))
            .route("/{version}/debug_token", get(account::debug_token))
            .route(
                "/{version}/{phone_number_id}/subscribed_apps",
                get(account::subscribed_apps),
            )
            .route(
                "/{version}/{phone_number_id}/subscriptions",
                get(account::subscriptions),
            )
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
}
