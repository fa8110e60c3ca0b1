//! Shared set-up for the hub's router tests.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::PathBuf;
use switchboard_hub::backend::sqlite;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::db;
use switchboard_hub::queries;
use switchboard_hub::{AppState, app};
use switchboard_protocol::Role;
use switchboard_whatsapp::graph::{GraphClient, GraphConfig};
use switchboard_whatsapp::signature;
use tower::ServiceExt;
use zeroize::Zeroizing;

pub const SECRET: &str = "test-app-secret-0123456789";
pub const VERIFY: &str = "test-verify-token-0123456789";

pub struct Hub {
    pub state: AppState,
    /// The same store, concretely, for tests that set up or inspect rows directly.
    pub sqlite: sqlite::Store,
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

/// The content keys of [`hub`]'s store, to decrypt its rows in a test.
pub fn test_keyring() -> Keyring {
    let key: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(29).wrapping_add(3));
    Keyring::new(1, key)
}

/// A Graph API client for the test number at `base_url`
/// (`http://127.0.0.1:9`: nothing listens, every call fails).
pub fn graph_at(base_url: &str) -> GraphClient {
    GraphClient::new(GraphConfig {
        base_url: base_url.into(),
        version: "v24.0".into(),
        phone_number_id: "1122334455667".into(),
        access_token: "test.token.not.a.secret".into(),
    })
    .unwrap_or_else(|e| panic!("graph: {e}"))
}

pub fn hub_with_graph(base_url: &str, mode: sqlite::CommitMode) -> Hub {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = dir.path().join("hub.sqlite3");
    let store = sqlite::Store::open_with(&db, test_keyring(), mode)
        .unwrap_or_else(|e| panic!("store: {e}"));
    let graph = graph_at(base_url);
    let sqlite = store.clone();
    let state = AppState::new(
        store,
        graph,
        Zeroizing::new(SECRET.into()),
        Zeroizing::new(VERIFY.into()),
    )
    .unwrap_or_else(|e| panic!("state: {e}"));
    Hub {
        state,
        sqlite,
        dir,
        db,
    }
}

/// A hub whose Graph API calls go nowhere (nothing listens on port 9).
pub fn hub() -> Hub {
    hub_with_graph("http://127.0.0.1:9", sqlite::CommitMode::Group)
}

pub fn fixture(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/whatsapp-webhooks")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub async fn post_webhook(state: &AppState, body: &[u8], sig: Option<String>) -> StatusCode {
    let mut req = Request::post("/webhooks/whatsapp").header("content-type", "application/json");
    if let Some(sig) = sig {
        req = req.header(signature::HEADER, sig);
    }
    let req = req
        .body(Body::from(body.to_vec()))
        .unwrap_or_else(|e| panic!("request: {e}"));
    app(state.clone())
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {})
        .status()
}

pub async fn post_signed(state: &AppState, body: &Value) -> StatusCode {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let sig = signature::sign(SECRET.as_bytes(), &bytes);
    post_webhook(state, &bytes, Some(sig)).await
}

/// A text message webhook from `from` with id `wamid`, sent now.
pub fn text_webhook(from: &str, wamid: &str, text: &str) -> Value {
    text_webhook_at(from, wamid, text, db::now())
}

pub fn text_webhook_at(from: &str, wamid: &str, text: &str, ts: i64) -> Value {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": format!("Customer {from}")}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": ts.to_string(), "type": "text", "text": {"body": text}}]
        }}]}]
    })
}

pub fn status_webhook(wamid: &str, status: &str, ts: i64) -> Value {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "statuses": [{"id": wamid, "status": status, "timestamp": ts.to_string(), "recipient_id": "351900000001"}]
        }}]}]
    })
}

pub fn count(db: &PathBuf, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("open: {e}"));
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub fn add_agent(hub: &Hub, name: &str, role: Role) -> (i64, String) {
    hub.sqlite
        .blocking(|conn, _| {
            let id = queries::agents::add_agent(conn, name, role)?;
            Ok((id, queries::agents::issue_token(conn, id, 90)?))
        })
        .unwrap_or_else(|e| panic!("agent: {e}"))
}

/// Sends an API request; returns the status and the JSON body (Null if none).
pub async fn call(
    state: &AppState,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap_or_else(|e| panic!("request: {e}"));
    send(state, req).await
}

/// Sends a built request through the router; returns the status and the
/// JSON body (Null if none).
pub async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, Value) {
    let (status, bytes) = send_raw(state, req).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Sends a built request through the router; returns the status and the body.
async fn send_raw(state: &AppState, req: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = app(state.clone())
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    (status, bytes)
}

/// A snapshot of everything the hub keeps about conversations, to compare states.
pub fn snapshot(db: &PathBuf) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("open: {e}"));
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare("SELECT wa_id, contact_name, assignee, status, unread, last_inbound_at FROM conversations ORDER BY wa_id")
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "c {} {:?} {:?} {} {} {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<i64>>(5)?
            ))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    out.extend(rows.flatten());
    let mut stmt = conn
        .prepare("SELECT wamid, direction, kind, status, error FROM messages ORDER BY wamid")
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "m {:?} {} {} {} {:?}",
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?
            ))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    out.extend(rows.flatten());
    out
}

/// Reads from `stream` until the hub closes it; false if it is still open
/// at the deadline (a generous bound for a condition, not a timing).
pub async fn closed_within(
    stream: &mut tokio::net::TcpStream,
    deadline: std::time::Duration,
) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + deadline;
    loop {
        match tokio::time::timeout_at(until, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// Reads one HTTP response head and body (by Content-Length) from a raw stream.
pub async fn read_response(stream: &mut tokio::net::TcpStream) -> (u16, Value) {
    use tokio::io::AsyncReadExt;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + len {
                let status = head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let body =
                    serde_json::from_slice(&data[end + 4..end + 4 + len]).unwrap_or(Value::Null);
                return (status, body);
            }
        }
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => data.extend_from_slice(&buf[..n]),
            _ => return (0, Value::Null),
        }
    }
}

/// Starts `state` on a loopback port; returns its address.
pub async fn serve_on_loopback(state: AppState) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(switchboard_hub::serve(
        listener,
        state,
        std::future::pending(),
    ));
    addr
}

/// A certificate for 127.0.0.1 and its key, PEM files in `dir`, made with
/// openssl: a leaf (rustls refuses a CA certificate as a server's own).
pub fn loopback_certificate(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "1", "-subj", "/CN=switchboard-test"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap_or_else(|e| panic!("openssl: {e}"));
    assert!(
        made.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    (cert, key)
}

/// Sends `req` to the router as from the hub's own machine; returns the
/// status and the body as text (CSV, metrics).
pub async fn send_text(state: &AppState, mut req: Request<Body>) -> (StatusCode, String) {
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [127, 0, 0, 1],
            40000,
        ))));
    let (status, bytes) = send_raw(state, req).await;
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// `/metrics` as a scraper on the hub's own machine reads it.
pub async fn metrics(h: &Hub) -> (StatusCode, String) {
    let req = Request::get("/metrics")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    send_text(&h.state, req).await
}

/// The newest state of a conversation in the feed as `token` reads it
/// (the last `conversation` change).
pub async fn latest_conversation(state: &AppState, token: &str) -> Value {
    let (_, feed) = call(state, "GET", "/v1/changes?after=0", Some(token), None).await;
    feed["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .rev()
        .find(|c| c["type"] == "conversation")
        .map(|c| c["conversation"].clone())
        .unwrap_or_default()
}

/// A customer writes in from `wa_id`; returns the conversation's id.
pub async fn conversation_from(h: &Hub, wa_id: &str) -> i64 {
    let status = post_signed(
        &h.state,
        &text_webhook(wa_id, &format!("wamid.in{wa_id}"), "hello"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    count(
        &h.db,
        &format!("SELECT id FROM conversations WHERE wa_id = '{wa_id}'"),
    )
}

/// Starts `state` over HTTPS on a loopback port, with a certificate made
/// in `dir`; returns its address and the certificate and key files.
pub async fn serve_tls_on_loopback(
    state: AppState,
    dir: &std::path::Path,
) -> (std::net::SocketAddr, PathBuf, PathBuf) {
    let (cert, key) = loopback_certificate(dir);
    let tls = switchboard_hub::tls::load(&cert, &key).unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        switchboard_hub::serve_with(listener, state, Some(tls), std::future::pending()).await
    });
    (addr, cert, key)
}

/// Opens `/v1/events` for `token` through the router; the status and, when
/// it is a stream, its body (held open while kept).
pub async fn request_events(h: &Hub, token: &str) -> (StatusCode, Body) {
    let req = Request::get("/v1/events")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = app(h.state.clone())
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    (r.status(), r.into_body())
}

/// Opens `/v1/events` as `token`, which must be answered with a stream.
pub async fn open_events(h: &Hub, token: &str) -> Body {
    let (status, body) = request_events(h, token).await;
    assert_eq!(status, StatusCode::OK);
    body
}

/// Waits until `check` holds, or fails with `what` after `within`.
pub async fn until(what: &str, within: std::time::Duration, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + within;
    while !check() {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
