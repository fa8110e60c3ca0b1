//! The second hardening round (issue 24): no client, role or request can
//! starve the hub. Each test plays one attack found against the release hub
//! on loopback, on real sockets against the real server loop, and checks
//! that webhooks and a colleague's requests are still served while it runs.
//! Every wait is a condition with a deadline, never a timing; each test
//! failed on the hub before its fix.

use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use switchboard_hub::app;
use switchboard_hub::db;
use switchboard_hub::limits::{LimitConfig, Limits, parse_list};
use switchboard_hub::queries;
use switchboard_hub::repo;
use switchboard_protocol::Role;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tower::ServiceExt;

const DEADLINE: Duration = Duration::from_secs(30);

fn with_limits(config: LimitConfig) -> Hub {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(config));
    h
}

/// A connection to `addr` from the loopback address `from` (127.0.0.x: the
/// whole /8 is this machine's, so each is a different client to the hub).
async fn connect_from(from: [u8; 4], addr: SocketAddr) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap_or_else(|e| panic!("socket: {e}"));
    socket
        .bind(SocketAddr::from((from, 0)))
        .unwrap_or_else(|e| panic!("bind {from:?}: {e}"));
    socket
        .connect(addr)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"))
}

/// A signed webhook from `from`; returns the status.
async fn webhook_from(from: [u8; 4], addr: SocketAddr, wamid: &str) -> u16 {
    let body =
        serde_json::to_vec(&text_webhook("351900000001", wamid, "hello")).unwrap_or_default();
    let sig = switchboard_whatsapp::signature::sign(SECRET.as_bytes(), &body);
    let mut c = connect_from(from, addr).await;
    let head = format!(
        "POST /webhooks/whatsapp HTTP/1.1\r\nHost: hub\r\ncontent-type: application/json\r\nx-hub-signature-256: {sig}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = c.write_all(head.as_bytes()).await;
    let _ = c.write_all(&body).await;
    read_response(&mut c).await.0
}

/// A request with no body from `from`; returns the status and JSON body.
async fn get_from(
    from: [u8; 4],
    addr: SocketAddr,
    path: &str,
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut c = connect_from(from, addr).await;
    let auth = token
        .map(|t| format!("authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!("GET {path} HTTP/1.1\r\nHost: hub\r\n{auth}connection: close\r\n\r\n");
    let _ = c.write_all(head.as_bytes()).await;
    read_response(&mut c).await
}

/// Sends a byte every 50 ms on `c` (the attack) until the hub closes it;
/// returns what the hub answered. Fails if it is never closed.
async fn trickle_until_closed(c: TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let (mut reader, mut writer) = c.into_split();
    let trickle = tokio::spawn(async move {
        while writer.write_all(b" ").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut data = Vec::new();
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let mut buf = [0u8; 1024];
        match tokio::time::timeout_at(deadline, reader.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => data.extend_from_slice(&buf[..n]),
            Err(_) => {
                trickle.abort();
                panic!("the trickle was never cut off");
            }
        }
    }
    trickle.abort();
    String::from_utf8_lossy(&data).into_owned()
}

/// 24.1 (high): every method string became a label of
/// `switchboard_http_requests_total`, so unique made-up methods grew the
/// hub's memory and `/metrics` without bound. Labels come from fixed sets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metric_labels_never_come_from_the_request_line() {
    let h = hub();
    let addr = serve_on_loopback(h.state.clone()).await;
    for i in 0..50 {
        let mut c = connect_from([127, 0, 0, 1], addr).await;
        let method = format!("MADEUP{i}{}", "X".repeat(2000));
        let _ = c
            .write_all(
                format!("{method} /v1/me HTTP/1.1\r\nHost: hub\r\nconnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await;
        let (status, _) = read_response(&mut c).await;
        assert!(status >= 400, "a made-up method is refused: {status}");
    }
    let (_, text) = metrics(&h).await;
    assert!(
        !text.contains("MADEUP"),
        "no label was made from a client's method"
    );
    assert!(
        text.contains("method=\"other\""),
        "made-up methods are counted together as other"
    );
    assert!(
        text.len() < 20_000,
        "/metrics stays small: {} bytes",
        text.len()
    );
}

/// 24.2 (high): the body budget was reserved on a declared length, so 22
/// connections that declared 3 MiB and sent nothing held all of it and
/// webhooks and replies got 503. Now room is reserved as bytes arrive, each
/// address has a share, a trickle is cut off, and authenticated bodies have a
/// budget unauthenticated clients cannot fill.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_lengths_hold_nothing_and_one_address_holds_only_its_share() {
    let h = with_limits(LimitConfig {
        body_budget: 8 * 1024 * 1024,
        body_budget_per_address: 4 * 1024 * 1024,
        body_timeout: Duration::from_secs(120),
        body_grace: Duration::from_secs(60),
        ..LimitConfig::default()
    });
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    let addr = serve_on_loopback(h.state.clone()).await;
    let declared = 3 * 1024 * 1024 - 16;
    let head = format!(
        "POST /webhooks/whatsapp HTTP/1.1\r\nHost: hub\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
    );

    // Twenty-two connections declare 3 MiB each and send nothing.
    let mut silent = Vec::new();
    for _ in 0..22 {
        let mut c = connect_from([127, 0, 0, 2], addr).await;
        let _ = c.write_all(head.as_bytes()).await;
        silent.push(c);
    }
    assert_eq!(
        webhook_from([127, 0, 0, 1], addr, "wamid.during-silence").await,
        200,
        "Meta's webhook is taken while declared bodies wait"
    );
    assert_eq!(
        h.state.limits.body_budget_free(),
        8 * 1024 * 1024,
        "a declared length reserves nothing"
    );

    // Two addresses send most of a body each and stop: each holds at most
    // its share, and together they fill the webhook budget.
    let mut held = Vec::new();
    for from in [[127, 0, 0, 3], [127, 0, 0, 4]] {
        let mut c = connect_from(from, addr).await;
        let _ = c.write_all(head.as_bytes()).await;
        let _ = c.write_all(&vec![b' '; 2 * 1024 * 1024]).await;
        held.push(c);
    }
    let limits = h.state.limits.clone();
    until("the two bodies never arrived", DEADLINE, || {
        limits.webhook_bodies.held_by([127, 0, 0, 3].into()) >= 2 * 1024 * 1024
            && limits.webhook_bodies.held_by([127, 0, 0, 4].into()) >= 2 * 1024 * 1024
    })
    .await;
    let mut second = connect_from([127, 0, 0, 3], addr).await;
    let _ = second.write_all(head.as_bytes()).await;
    let _ = second
        .write_all(&vec![b' '; 2 * 1024 * 1024 + 64 * 1024])
        .await;
    let (status, body) = read_response(&mut second).await;
    assert_eq!(status, 503, "past its share an address is refused: {body}");
    assert_eq!(body["code"], "busy");
    assert!(body["request_id"].is_string());
    assert!(
        limits.webhook_bodies.held_by([127, 0, 0, 3].into()) <= 4 * 1024 * 1024,
        "and never held more than its share"
    );

    // An agent's request with a body is served while webhooks' budget is full.
    let mut reply = connect_from([127, 0, 0, 5], addr).await;
    let payload = json!({"available": true}).to_string();
    let _ = reply
        .write_all(
            format!(
                "PUT /v1/me/availability HTTP/1.1\r\nHost: hub\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{payload}",
                payload.len()
            )
            .as_bytes(),
        )
        .await;
    let (status, body) = read_response(&mut reply).await;
    assert_eq!(
        status, 200,
        "authenticated bodies have their own budget: {body}"
    );
    drop(held);
    drop(silent);
}

/// 24.2: a body that arrives slower than the minimum rate is cut off (408),
/// even while each read sees a byte well within the old per-read timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_webhook_body_is_cut_off_at_the_minimum_rate() {
    let h = with_limits(LimitConfig {
        body_timeout: Duration::from_secs(600),
        body_grace: Duration::from_millis(500),
        body_min_rate: 64 * 1024,
        ..LimitConfig::default()
    });
    let addr = serve_on_loopback(h.state.clone()).await;
    let mut c = connect_from([127, 0, 0, 6], addr).await;
    let _ = c
        .write_all(
            b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: hub\r\ncontent-length: 100000\r\n\r\n",
        )
        .await;
    let text = trickle_until_closed(c).await;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("body_timeout"), "{text}");
}

/// 24.10: a chunked webhook over the limit is 413 (it was 400).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_webhook_over_the_limit_is_too_large() {
    let h = with_limits(LimitConfig {
        webhook_body_max: 64 * 1024,
        body_budget_per_address: 1024 * 1024,
        body_budget: 4 * 1024 * 1024,
        ..LimitConfig::default()
    });
    let addr = serve_on_loopback(h.state.clone()).await;
    let mut c = connect_from([127, 0, 0, 1], addr).await;
    let _ = c
        .write_all(
            b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: hub\r\ntransfer-encoding: chunked\r\n\r\n",
        )
        .await;
    let chunk = vec![b' '; 16 * 1024];
    for _ in 0..5 {
        let _ = c
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await;
        let _ = c.write_all(&chunk).await;
        let _ = c.write_all(b"\r\n").await;
    }
    let (status, body) = read_response(&mut c).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], "too_large");
}

/// 24.3 (high): one address could hold every connection slot. Now each
/// address (IPv6: each /64) has a share, some slots are kept for the
/// allowlists and signed-in clients, and under pressure new idle
/// connections are let go sooner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_hold_every_connection() {
    let h = with_limits(LimitConfig {
        max_connections: 12,
        connections_per_address: 4,
        reserved_connections: 2,
        webhook_allow: parse_list("127.0.0.1/32").unwrap_or_default(),
        header_timeout: Duration::from_secs(600),
        pressure_header_timeout: Duration::from_millis(500),
        ..LimitConfig::default()
    });
    let (_, token) = add_agent(&h, "Ada", Role::Agent);
    let addr = serve_on_loopback(h.state.clone()).await;
    let mut hog = Vec::new();
    for _ in 0..4 {
        hog.push(connect_from([127, 0, 0, 2], addr).await);
    }
    let mut over = connect_from([127, 0, 0, 2], addr).await;
    let (status, body) = read_response(&mut over).await;
    assert_eq!(status, 503, "past its share an address is refused: {body}");
    assert_eq!(body["code"], "busy");
    assert_eq!(
        get_from([127, 0, 0, 3], addr, "/healthz", None).await.0,
        200,
        "another address is served"
    );

    // Fill the general slots (10) from many addresses: the kept slots
    // serve Meta's allowlisted address and signed-in agents, and refuse a
    // stranger's request at once.
    for i in 0..6 {
        hog.push(connect_from([127, 0, 1, i], addr).await);
    }
    let (status, body) = get_from([127, 0, 2, 1], addr, "/healthz", None).await;
    assert_eq!(status, 503, "a stranger on a kept slot: {body}");
    assert_eq!(body["code"], "busy");
    let (status, body) = get_from([127, 0, 2, 2], addr, "/v1/me", Some(&token)).await;
    assert_eq!(status, 200, "a signed-in agent gets a kept slot: {body}");
    assert_eq!(
        webhook_from([127, 0, 0, 1], addr, "wamid.kept-slot").await,
        200,
        "Meta's address has slots kept for it"
    );
    // Under pressure, the idle connections opened last are let go at the
    // short header timeout (the first ones keep their 600 s).
    let last = hog.len() - 1;
    assert!(
        closed_within(&mut hog[last], DEADLINE).await,
        "an idle connection opened under pressure is closed early"
    );
}

/// 24.3: over TLS a refused connection was a bare close; now it is told 503.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_tls_a_refused_connection_is_told_why() {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        max_connections: 3,
        reserved_connections: 0,
        connections_per_address: 2,
        ..LimitConfig::default()
    }));
    let (addr, cert, _) = serve_tls_on_loopback(h.state.clone(), h.dir.path()).await;
    let _a = connect_from([127, 0, 0, 1], addr).await;
    let _b = connect_from([127, 0, 0, 1], addr).await;
    let pem = std::fs::read(&cert).unwrap_or_default();
    let root = reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("{e}"));
    let client = reqwest::Client::builder()
        .add_root_certificate(root)
        .local_address(IpAddr::from([127, 0, 0, 1]))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let r = client
        .get(format!("https://{addr}/healthz"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("the refusal was a bare close: {e:?}"));
    assert_eq!(r.status().as_u16(), 503);
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    assert_eq!(body["code"], "busy");
}

/// An upload of `declared` bytes whose body is sent by the caller; the
/// request head is written.
async fn start_upload(
    addr: SocketAddr,
    token: &str,
    conversation: i64,
    declared: u64,
) -> TcpStream {
    let mut c = connect_from([127, 0, 0, 7], addr).await;
    let head = format!(
        "POST /v1/conversations/{conversation}/uploads?filename=a.pdf HTTP/1.1\r\nHost: hub\r\nauthorization: Bearer {token}\r\ncontent-type: application/pdf\r\ncontent-length: {declared}\r\n\r\n"
    );
    let _ = c.write_all(head.as_bytes()).await;
    c
}

/// 24.4 (high): the upload timeout applied to each read, so uploads sending
/// a byte every few seconds were never closed. Now an upload must keep to
/// the minimum rate, a token has a few at once, and uploads have a budget
/// of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickled_uploads_are_cut_off_and_a_token_has_a_few_at_once() {
    let h = with_limits(LimitConfig {
        body_timeout: Duration::from_secs(600),
        body_grace: Duration::from_millis(500),
        body_min_rate: 64 * 1024,
        uploads_per_token: 2,
        ..LimitConfig::default()
    });
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    let addr = serve_on_loopback(h.state.clone()).await;
    assert_eq!(webhook_from([127, 0, 0, 1], addr, "wamid.first").await, 200);
    let conversation = count(&h.db, "SELECT id FROM conversations");

    // Two uploads that send their first bytes and then a byte every 50 ms.
    let mut trickles = Vec::new();
    for _ in 0..2 {
        let mut c = start_upload(addr, &token, conversation, 1_000_000).await;
        let _ = c.write_all(b"%PDF-1.7\n").await;
        trickles.push(c);
    }
    let db = h.db.clone();
    until("the uploads never began", DEADLINE, || {
        count(&db, "SELECT COUNT(*) FROM uploads") == 2
    })
    .await;
    let mut third = start_upload(addr, &token, conversation, 1000).await;
    let (status, body) = read_response(&mut third).await;
    assert_eq!(status, 429, "a third upload at once is refused: {body}");
    assert_eq!(body["code"], "too_many_uploads");
    assert_eq!(
        webhook_from([127, 0, 0, 1], addr, "wamid.during-uploads").await,
        200,
        "webhooks are taken meanwhile"
    );
    let mut closed = Vec::new();
    for c in trickles {
        closed.push(trickle_until_closed(c).await);
    }
    for text in &closed {
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    }
    let db = h.db.clone();
    until("the cut-off uploads were kept", DEADLINE, || {
        count(&db, "SELECT COUNT(*) FROM uploads") == 0
    })
    .await;
}

/// 24.5 (high): four viewer tokens opened 1,020 streams and every other
/// client was refused while they stayed. Now a token has a few streams and
/// all streams together have a pool of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_streams_are_few_per_token_and_bounded_in_all() {
    let h = with_limits(LimitConfig {
        streams_per_token: 2,
        max_streams: 3,
        ..LimitConfig::default()
    });
    let (_, v1) = add_agent(&h, "Vee", Role::Viewer);
    let (_, v2) = add_agent(&h, "Wes", Role::Viewer);
    let (_, v3) = add_agent(&h, "Xan", Role::Viewer);
    let mut open = Vec::new();
    for _ in 0..2 {
        let (status, body) = request_events(&h, &v1).await;
        assert_eq!(status, StatusCode::OK);
        open.push(body);
    }
    let (status, body) = request_events(&h, &v1).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a third stream for one token"
    );
    let refused: serde_json::Value = {
        use http_body_util::BodyExt;
        let bytes = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or_default()
    };
    assert_eq!(refused["code"], "too_many_streams");
    let (status, body) = request_events(&h, &v2).await;
    assert_eq!(status, StatusCode::OK, "another token has its own");
    open.push(body);
    let (status, _) = request_events(&h, &v3).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the pool is full");
    let addr = serve_on_loopback(h.state.clone()).await;
    assert_eq!(
        webhook_from([127, 0, 0, 1], addr, "wamid.during-streams").await,
        200,
        "webhooks are served while streams are open"
    );
    open.pop();
    let (status, _) = request_events(&h, &v3).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a closed stream gives its place back"
    );
}

/// 24.6 (high): customer media was decrypted whole for each response and
/// held while the client read nothing. Now a token has a few downloads at
/// once, and a response its client stops reading is dropped at the write
/// timeout, which gives the place back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_downloads_are_dropped_and_a_token_has_a_few_at_once() {
    let h = with_limits(LimitConfig {
        downloads_per_token: 2,
        write_timeout: Duration::from_secs(1),
        ..LimitConfig::default()
    });
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    let addr = serve_on_loopback(h.state.clone()).await;
    assert_eq!(webhook_from([127, 0, 0, 1], addr, "wamid.media").await, 200);
    let conversation = count(&h.db, "SELECT id FROM conversations");
    // A 12 MB document, as an agent's upload sent in the conversation.
    let mut file = b"%PDF-1.7\n".to_vec();
    file.resize(12 * 1024 * 1024, b'x');
    let http = reqwest::Client::new();
    let upload: serde_json::Value = http
        .post(format!(
            "http://{addr}/v1/conversations/{conversation}/uploads"
        ))
        .query(&[("filename", "big.pdf")])
        .bearer_auth(&token)
        .header("content-type", "application/pdf")
        .body(file)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert!(upload["id"].is_i64(), "{upload}");
    let (status, message) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{conversation}/messages"),
        Some(&token),
        Some(json!({"client_message_id": "f1", "text": "", "attachment": upload["id"]})),
    )
    .await;
    assert!(status.is_success(), "{message}");
    let path = format!("/v1/messages/{}/media", message["id"]);

    // Two downloads whose clients read nothing after the headers, on
    // sockets with a small receive window.
    let mut stalled = Vec::new();
    for _ in 0..2 {
        let socket = tokio::net::TcpSocket::new_v4().unwrap_or_else(|e| panic!("{e}"));
        let _ = socket.set_recv_buffer_size(4096);
        let mut c = socket.connect(addr).await.unwrap_or_else(|e| panic!("{e}"));
        let _ = c
            .write_all(
                format!(
                    "GET {path} HTTP/1.1\r\nHost: hub\r\nauthorization: Bearer {token}\r\n\r\n"
                )
                .as_bytes(),
            )
            .await;
        stalled.push(c);
    }
    let limits = h.state.limits.clone();
    let hash = queries::agents::hash_token(&token);
    until("the two downloads never began", DEADLINE, || {
        limits.downloads_open(&hash) == 2
    })
    .await;
    let (status, refused) = get_from([127, 0, 0, 8], addr, &path, Some(&token)).await;
    assert_eq!(status, 429, "{refused}");
    assert_eq!(
        refused["code"], "too_many_downloads",
        "a third at once is refused"
    );
    for c in &mut stalled {
        assert!(
            closed_within(c, DEADLINE).await,
            "a download nobody reads is dropped"
        );
    }
    let whole = http
        .get(format!("http://{addr}{path}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(whole.status().as_u16(), 200, "the places were given back");
    assert_eq!(
        whole.bytes().await.map(|b| b.len()).unwrap_or(0),
        12 * 1024 * 1024,
        "and a reader gets the whole file"
    );
}

/// 24.7 (medium): a report period near the top of the integer range made the
/// day loop wrap and allocate until the kernel killed the hub.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_periods_are_bounded_and_their_arithmetic_checked() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    for query in [
        "from=9223372036854775000&to=9223372036854775807",
        "from=-9223372036854775808&to=0",
        "from=253402300800&to=253402300900",
        "from=0&to=31708800",
    ] {
        let (status, body) = call(
            &h.state,
            "GET",
            &format!("/v1/reports?{query}"),
            Some(&admin),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert!(body["request_id"].is_string());
    }
    let (status, body) = call(
        &h.state,
        "GET",
        "/v1/reports?from=0&to=31622400",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "366 days is a report: {body}");
    // The store itself never loops past its cap, whatever it is asked.
    let report = h
        .sqlite
        .blocking(|conn, _| {
            queries::reports::report(conn, i64::MAX - 1000, i64::MAX, &Default::default())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.days.len() <= queries::reports::MAX_REPORT_DAYS);
}

/// 24.9 (medium, privacy): customers known by a business-scoped id were
/// taken in but could not be exported or erased.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_known_by_a_business_scoped_id_can_be_exported_and_erased() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let user = "US.13491208655302741918";
    assert_eq!(
        post_signed(&h.state, &text_webhook(user, "wamid.bsuid", "my order?")).await,
        StatusCode::OK
    );
    let path = format!("/v1/contacts/{user}/data");
    let (status, export) = call(&h.state, "GET", &path, Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK, "{export}");
    assert!(export.to_string().contains("my order?"), "{export}");
    let (status, body) = call(&h.state, "DELETE", &path, Some(&admin), None).await;
    assert!(status.is_success(), "{body}");
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT COUNT(*) FROM conversations WHERE wa_id = '{user}'")
        ),
        0
    );
    let (status, body) = call(
        &h.state,
        "GET",
        "/v1/contacts/US..1/data",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

/// 24.10: demoting an agent to viewer left its conversations held by
/// someone who cannot answer them; now they return to the queue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demoted_agent_holds_nothing() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (bo, _) = add_agent(&h, "Bo", Role::Agent);
    let c = conversation_from(&h, "351900000011").await;
    let (status, body) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/assignment"),
        Some(&admin),
        Some(json!({"assignee": bo})),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = call(
        &h.state,
        "PATCH",
        &format!("/v1/agents/{bo}"),
        Some(&admin),
        Some(json!({"role": "viewer"})),
    )
    .await;
    assert!(status.is_success(), "{body}");
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT COUNT(*) FROM conversations WHERE id = {c} AND assignee IS NULL")
        ),
        1,
        "the conversation is back in the queue"
    );
    assert!(latest_conversation(&h.state, &admin).await["assignee"].is_null());
}

/// 24.10: an open event stream kept the role it was opened with, so an
/// admin demoted to agent still heard presence in colleagues' conversations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_stream_follows_a_role_change() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (dee, dee_token) = add_agent(&h, "Dee", Role::Admin);
    let (cy, cy_token) = add_agent(&h, "Cy", Role::Agent);
    let held = conversation_from(&h, "351900000021").await;
    let queued = conversation_from(&h, "351900000022").await;
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{held}/assignment"),
        Some(&admin),
        Some(json!({"assignee": cy})),
    )
    .await;
    assert!(status.is_success());
    let (status, mut stream) = request_events(&h, &dee_token).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &h.state,
        "PATCH",
        &format!("/v1/agents/{dee}"),
        Some(&admin),
        Some(json!({"role": "agent"})),
    )
    .await;
    assert!(status.is_success());
    for (conversation, token) in [(held, &cy_token), (queued, &admin)] {
        let (status, body) = call(
            &h.state,
            "POST",
            &format!("/v1/conversations/{conversation}/presence"),
            Some(token),
            Some(json!({"state": "viewing"})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let first_presence = loop {
        use http_body_util::BodyExt;
        let frame = tokio::time::timeout(DEADLINE, stream.frame())
            .await
            .unwrap_or_else(|_| panic!("no presence reached the stream"))
            .and_then(|f| f.ok())
            .unwrap_or_else(|| panic!("the stream ended"));
        let text =
            String::from_utf8_lossy(frame.data_ref().map(|b| b.as_ref()).unwrap_or_default())
                .into_owned();
        if text.contains("event: presence") {
            break text;
        }
    };
    assert!(
        first_presence.contains(&format!("\"conversation_id\":{queued}")),
        "as an agent, Dee hears of the queue's conversation, not Cy's: {first_presence}"
    );
}

/// 24.10: the smaller refusals: a trusted proxy's unreadable
/// `X-Forwarded-For`, a note with a file, a viewer typing, and 404s that
/// name what is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smaller_refusals_say_what_is_wrong() {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        trusted_proxies: parse_list("127.0.0.1").unwrap_or_default(),
        api_allow: parse_list("203.0.113.0/24").unwrap_or_default(),
        ..LimitConfig::default()
    }));
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (_, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let c = conversation_from(&h, "351900000031").await;

    let mut req = Request::get("/v1/me")
        .header("authorization", format!("Bearer {admin}"))
        .header(
            "x-forwarded-for",
            axum::http::HeaderValue::from_bytes(b"203.0.113.\xc3\xa9")
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(SocketAddr::from((
            [127, 0, 0, 1],
            40000,
        ))));
    let (status, body) = send(&h.state, req).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "not judged as the proxy: {body}"
    );
    assert!(body["request_id"].is_string());

    let from_client = |path: &str, method: &str, token: &str, body: Option<serde_json::Value>| {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .header("x-forwarded-for", "203.0.113.9");
        let req = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                req.body(Body::from(b.to_string()))
            }
            None => req.body(Body::empty()),
        };
        let mut req = req.unwrap_or_else(|e| panic!("{e}"));
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
        req
    };
    let (status, body) = send(
        &h.state,
        from_client(
            &format!("/v1/conversations/{c}/messages"),
            "POST",
            &admin,
            Some(json!({"client_message_id": "n1", "text": "see file", "note": true, "attachment": 1})),
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a note's file is refused, not dropped: {body}"
    );
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM messages WHERE kind = 'note'"),
        0
    );

    let (status, body) = send(
        &h.state,
        from_client(
            &format!("/v1/conversations/{c}/presence"),
            "POST",
            &viewer,
            Some(json!({"state": "typing"})),
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a viewer does not type: {body}"
    );
    let (status, _) = send(
        &h.state,
        from_client(
            &format!("/v1/conversations/{c}/presence"),
            "POST",
            &viewer,
            Some(json!({"state": "viewing"})),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "but may say it is viewing");

    for (method, path, what) in [
        ("PATCH", "/v1/agents/9999", "agent"),
        ("GET", "/v1/agents/9999/tokens", "agent"),
        ("DELETE", "/v1/agents/1/tokens/9999", "token"),
        ("PUT", "/v1/labels/9999", "label"),
        ("DELETE", "/v1/labels/9999", "label"),
        ("DELETE", "/v1/canned/9999", "canned reply"),
        ("GET", "/v1/messages/9999/media", "message"),
    ] {
        let body = match method {
            "PATCH" => Some(json!({"disabled": true})),
            "PUT" => Some(json!({"name": "vip", "colour": "#ff0000"})),
            _ => None,
        };
        let (status, answer) = send(&h.state, from_client(path, method, &admin, body)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {answer}");
        assert_eq!(
            answer["message"],
            format!("no such {what}"),
            "{method} {path}"
        );
    }
    // Issue 25.14: the media of a message that has none.
    let text = count(&h.db, "SELECT MAX(id) FROM messages");
    let (status, answer) = send(
        &h.state,
        from_client(&format!("/v1/messages/{text}/media"), "GET", &admin, None),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("no such file for this message")),
        "{answer}"
    );
}

/// 24.10: each availability toggle was an audit entry at the request rate.
/// Saying the same again is not audited, and a change is paced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn availability_is_audited_when_it_changes_and_changes_are_paced() {
    let h = hub();
    let (_, sam) = add_agent(&h, "Sam", Role::Agent);
    let set = |available: bool| {
        let state = h.state.clone();
        let sam = sam.clone();
        async move {
            call(
                &state,
                "PUT",
                "/v1/me/availability",
                Some(&sam),
                Some(json!({ "available": available })),
            )
            .await
            .0
        }
    };
    assert_eq!(set(true).await, StatusCode::OK);
    for _ in 0..20 {
        assert_eq!(set(true).await, StatusCode::OK, "the same again is fine");
    }
    let mut refused = 0;
    for i in 0..20 {
        if set(i % 2 == 0).await == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert!(refused > 0, "twenty changes at once are paced");
    let entries = count(
        &h.db,
        "SELECT COUNT(*) FROM audit WHERE action = 'availability'",
    );
    assert!(
        entries <= 21 - refused,
        "one entry per change that happened, not per request: {entries}"
    );
    assert!(entries >= 1);
}

/// Uploads `bytes` as `name` of type `mime` to `conversation` through the
/// router; the status and body.
async fn upload(
    h: &Hub,
    token: &str,
    conversation: i64,
    name: &str,
    mime: &str,
    bytes: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let name: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    let req = Request::post(format!(
        "/v1/conversations/{conversation}/uploads?filename={name}"
    ))
    .header("authorization", format!("Bearer {token}"))
    .header("content-type", mime)
    .header("content-length", bytes.len().to_string())
    .body(Body::from(bytes))
    .unwrap_or_else(|e| panic!("{e}"));
    send(&h.state, req).await
}

/// 24.10: upload names and types were not checked against each other
/// (`evil.exe` and `invoice<U+202E>fdp.exe` as PDF, a program's bytes as
/// a document), and one agent could store a gigabyte of unsent files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_what_they_say_and_unsent_files_have_a_quota() {
    let h = with_limits(LimitConfig {
        upload_quota: 2_000_000,
        ..LimitConfig::default()
    });
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    let c = conversation_from(&h, "351900000041").await;
    let pdf = |n: usize| {
        let mut b = b"%PDF-1.7\n".to_vec();
        b.resize(n, b'x');
        b
    };
    for (name, mime, bytes, why) in [
        ("evil.exe", "application/pdf", pdf(100), "a program's name"),
        (
            "invoice\u{202E}fdp.exe",
            "application/pdf",
            pdf(100),
            "a name turned around",
        ),
        (
            "report",
            "application/pdf",
            pdf(100),
            "a document without an ending",
        ),
        (
            "doc.pdf",
            "application/pdf",
            b"MZ\x90\x00\x03\x00\x00\x00".repeat(20),
            "a program's bytes",
        ),
        (
            "notes.txt",
            "text/plain",
            b"MZ\x90\x00\x03\x00\x00\x00".repeat(20),
            "a program's bytes as text",
        ),
        ("photo.png", "image/png", pdf(100), "a PDF called a PNG"),
    ] {
        let (status, body) = upload(&h, &token, c, name, mime, bytes).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {body}");
        assert_eq!(body["code"], "invalid_file", "{why}");
    }
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM uploads"),
        0,
        "nothing kept"
    );

    let (status, body) = upload(&h, &token, c, "a.pdf", "application/pdf", pdf(1_500_000)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = upload(&h, &token, c, "b.pdf", "application/pdf", pdf(600_000)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "past the quota: {body}"
    );
    assert_eq!(body["code"], "upload_quota");
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM uploads"),
        1,
        "only the first is kept"
    );
    let (status, body) = upload(&h, &token, c, "c.pdf", "application/pdf", pdf(400_000)).await;
    assert_eq!(status, StatusCode::CREATED, "within what is left: {body}");
}

/// 24.6: a customer's media is kept in sealed chunks and served a chunk at a
/// time (never opened whole for a response); erasing the customer erases
/// the chunks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_media_is_kept_and_served_in_sealed_chunks() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let customer = "351900000051";
    let mut webhook = text_webhook(customer, "wamid.doc", "");
    webhook["entry"][0]["changes"][0]["value"]["messages"][0] = json!({
        "from": customer, "id": "wamid.doc", "timestamp": db::now().to_string(),
        "type": "document", "document": {"id": "7001", "mime_type": "application/pdf", "filename": "a.pdf"}
    });
    assert_eq!(post_signed(&h.state, &webhook).await, StatusCode::OK);
    let due = h
        .state
        .store
        .due_media(i64::MAX / 2, 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(due.len(), 1);
    let marker = b"SECRET-MEDIA-MARKER";
    let mut document = b"%PDF-1.7\n".to_vec();
    document.extend((0..3_500_000u32).map(|i| marker[i as usize % marker.len()]));
    h.state
        .store
        .record_media(
            due[0].message_id,
            repo::MediaOutcome::Ready {
                mime_type: "application/pdf".into(),
                bytes: document.clone(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM media_chunks"),
        4,
        "3.5 MB in 1 MiB chunks"
    );
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM media WHERE body IS NOT NULL"),
        0,
        "nothing kept whole"
    );

    let req = Request::get(format!("/v1/messages/{}/media", due[0].message_id))
        .header("authorization", format!("Bearer {admin}"))
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let response = app(h.state.clone())
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(response.status(), StatusCode::OK);
    use http_body_util::BodyExt;
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    assert!(bytes == document, "served whole, in order");

    let (status, body) = call(
        &h.state,
        "DELETE",
        &format!("/v1/contacts/{customer}/data"),
        Some(&admin),
        None,
    )
    .await;
    assert!(status.is_success(), "{body}");
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM media_chunks"),
        0,
        "erased with the customer"
    );
}

/// An office of agents behind one address, or Meta's senders, are not held
/// to one address's share when their address is on an allowlist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allowlisted_address_is_not_held_to_one_share() {
    let h = with_limits(LimitConfig {
        max_connections: 64,
        reserved_connections: 0,
        connections_per_address: 4,
        api_allow: parse_list("127.0.0.0/8").unwrap_or_default(),
        webhook_allow: parse_list("127.0.0.1/32").unwrap_or_default(),
        header_timeout: Duration::from_secs(600),
        ..LimitConfig::default()
    });
    let addr = serve_on_loopback(h.state.clone()).await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(connect_from([127, 0, 0, 1], addr).await);
    }
    assert_eq!(
        get_from([127, 0, 0, 1], addr, "/healthz", None).await.0,
        200,
        "the ninth connection from the allowlisted office is served"
    );
}
