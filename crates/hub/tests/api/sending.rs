//! Sending through the real send queue against the sandbox on loopback.

use crate::common::*;
use serde_json::json;
use std::time::{Duration, Instant};
use switchboard_hub::backend::sqlite::CommitMode;
use switchboard_hub::db;
use switchboard_hub::queries;
use switchboard_protocol::Role;
use switchboard_sandbox::{Sandbox, SandboxConfig};

struct Live {
    sandbox: Sandbox,
    hub: Hub,
    hub_url: String,
    sandbox_url: String,
    token: String,
    conversation: i64,
    http: reqwest::Client,
}

async fn live(status_delay_ms: u64) -> Live {
    // Pace per customer quickly so tests do not wait out the 6-second default.
    live_paced(status_delay_ms, 0.05).await
}

/// A live hub whose sender paces each customer at one message per
/// `per_customer_interval` seconds after a burst.
async fn live_paced(status_delay_ms: u64, per_customer_interval: f64) -> Live {
    let sandbox = Sandbox::new(SandboxConfig {
        app_secret: SECRET.into(),
        access_token: "test.token.not.a.secret".into(),
        phone_number_id: "1122334455667".into(),
        display_phone_number: "15550001111".into(),
        other_numbers: Vec::new(),
        waba_id: "1".into(),
        status_delay: Duration::from_millis(status_delay_ms),
    });
    let sandbox_url = sandbox
        .serve_local()
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let mut hub = hub_with_graph(&sandbox_url, CommitMode::Group);
    hub.state.send_policy.per_customer_interval = per_customer_interval;
    hub.state.templates = std::sync::Arc::new(vec![switchboard_protocol::Template {
        name: "order_update".into(),
        language: "en_US".into(),
        body: "Your order {{1}} has shipped.".into(),
        category: Some("UTILITY".into()),
        inboxes: None,
    }]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let hub_url = format!(
        "http://{}",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    let state = hub.state.clone();
    tokio::spawn(
        async move { switchboard_hub::serve(listener, state, std::future::pending()).await },
    );
    sandbox.set_webhook_url(Some(format!("{hub_url}/webhooks/whatsapp")));

    let (_, token) = add_agent(&hub, "Ada", Role::Admin);
    sandbox
        .customer_says("351900000001", Some("Ana"), "hi")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let conversation = count(&hub.db, "SELECT id FROM conversations");
    Live {
        sandbox,
        hub,
        hub_url,
        sandbox_url,
        token,
        conversation,
        http: reqwest::Client::new(),
    }
}

impl Live {
    /// Files the hub uploaded to the sandbox's media endpoint, in order.
    async fn uploads(&self) -> Vec<switchboard_sandbox::UploadedFile> {
        self.http
            .get(format!("{}/_sandbox/uploads", self.sandbox_url))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_default()
    }

    async fn sent(&self) -> Vec<serde_json::Value> {
        self.http
            .get(format!("{}/_sandbox/sent", self.sandbox_url))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_default()
    }

    /// Posts a message to `conversation`; returns the HTTP status.
    async fn post_message(&self, conversation: i64, body: serde_json::Value) -> u16 {
        self.post_to(conversation, body).await.0
    }

    /// Posts a message to `conversation`; returns the HTTP status and the body.
    async fn post_to(
        &self,
        conversation: i64,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let r = self
            .http
            .post(format!(
                "{}/v1/conversations/{conversation}/messages",
                self.hub_url
            ))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }

    async fn configure(&self, body: serde_json::Value) {
        self.http
            .post(format!("{}/_sandbox/config", self.sandbox_url))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }

    fn status_of(&self, cmid: &str) -> Option<String> {
        let conn = rusqlite::Connection::open(&self.hub.db).ok()?;
        conn.query_row(
            "SELECT status FROM messages WHERE client_message_id = ?1",
            [cmid],
            |r| r.get(0),
        )
        .ok()
    }

    async fn wait_status(&self, cmid: &str, want: &str, deadline: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.status_of(cmid);
            if s.as_deref() == Some(want) {
                return want.to_owned();
            }
            assert!(
                start.elapsed() < deadline,
                "message {cmid} stuck at {s:?}, wanted {want}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_sends_with_one_key_make_one_graph_call() {
    let l = live(20).await;
    let url = format!("{}/v1/conversations/{}/messages", l.hub_url, l.conversation);
    let body = json!({"client_message_id": "same-key-1", "text": "only once"});
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (http, url, body, token) = (l.http.clone(), url.clone(), body.clone(), l.token.clone());
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let status = r.status().as_u16();
            let message: serde_json::Value = r.json().await.unwrap_or_default();
            (status, message["id"].as_i64())
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        let (status, id) = t.await.unwrap_or_else(|e| panic!("{e}"));
        assert!(status == 200 || status == 202, "status {status}");
        ids.push(id);
    }
    ids.dedup();
    assert_eq!(
        ids.len(),
        1,
        "every request names the same message: {ids:?}"
    );
    l.wait_status("same-key-1", "read", Duration::from_secs(10))
        .await;
    assert_eq!(l.sent().await.len(), 1, "exactly one Graph API call");
    assert_eq!(
        count(
            &l.hub.db,
            "SELECT count(*) FROM messages WHERE direction = 'outbound'"
        ),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_are_retried_and_permanent_ones_fail_with_metas_reason() {
    let l = live(10).await;
    // One transient 131000, then success: the queue backs off and gets there.
    l.configure(json!({"transient": {"351900000001": 1}})).await;
    assert_eq!(
        l.post_message(
            l.conversation,
            json!({"client_message_id": "retry-1", "text": "a"})
        )
        .await,
        202
    );
    l.wait_status("retry-1", "read", Duration::from_secs(15))
        .await;
    assert_eq!(
        l.sent().await.len(),
        1,
        "the failed attempt sent nothing; the retry sent once"
    );

    l.configure(json!({"undeliverable": ["351900000001"]}))
        .await;
    assert_eq!(
        l.post_message(
            l.conversation,
            json!({"client_message_id": "perm-1", "text": "b"})
        )
        .await,
        202
    );
    l.wait_status("perm-1", "failed", Duration::from_secs(10))
        .await;
    let conn = rusqlite::Connection::open(&l.hub.db).unwrap_or_else(|e| panic!("{e}"));
    let error: String = conn
        .query_row(
            "SELECT error FROM messages WHERE client_message_id = 'perm-1'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_default();
    assert!(error.contains("131026"), "Meta's code is kept: {error}");
    let attempts: i64 = conn
        .query_row(
            "SELECT attempts FROM messages WHERE client_message_id = 'perm-1'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_default();
    assert_eq!(attempts, 1, "a permanent failure is not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicated_and_shuffled_statuses_end_at_read() {
    let l = live(5).await;
    l.configure(json!({"duplicate_statuses": true, "shuffle_statuses": true}))
        .await;
    for i in 0..5 {
        let body = json!({"client_message_id": format!("s{i}"), "text": format!("m{i}")});
        assert_eq!(l.post_message(l.conversation, body).await, 202);
    }
    for i in 0..5 {
        l.wait_status(&format!("s{i}"), "read", Duration::from_secs(20))
            .await;
    }
    // Wait for every status webhook to land (3 statuses, each twice), then
    // check none of them moved a message backwards.
    let start = Instant::now();
    while count(&l.hub.db, "SELECT count(*) FROM status_events") < 15 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "status webhooks did not all arrive"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        count(
            &l.hub.db,
            "SELECT count(*) FROM messages WHERE status = 'read' AND direction = 'outbound'"
        ),
        5
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_interrupted_by_a_crash_is_shown_as_unknown_not_resent() {
    let h = hub();
    let status = post_signed(&h.state, &text_webhook("351900000009", "wamid.c1", "hi")).await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    let conversation = count(&h.db, "SELECT id FROM conversations");
    let (code, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{conversation}/messages"),
        Some(&token),
        Some(json!({"client_message_id": "crash-1", "text": "x"})),
    )
    .await;
    assert_eq!(code, axum::http::StatusCode::ACCEPTED);
    // The queue marked it in flight, then the process died before Meta answered.
    let id = count(
        &h.db,
        "SELECT id FROM messages WHERE client_message_id = 'crash-1'",
    );
    h.sqlite
        .blocking(move |conn, _| queries::outbound::mark_in_flight(conn, id, "hub").map(|_| ()))
        .unwrap_or_else(|e| panic!("{e}"));
    let n = h
        .sqlite
        .blocking(|conn, _| queries::outbound::reconcile_in_flight(conn, "hub", true))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 1);
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM messages WHERE status = 'unknown' AND send_state = 'done'"
        ),
        1
    );
    let due = h
        .sqlite
        .blocking(|conn, keys| queries::outbound::due_sends(conn, keys, i64::MAX, 10))
        .unwrap_or_default();
    assert!(due.is_empty(), "an unknown outcome is never queued again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_the_window_only_a_known_template_goes_out() {
    let l = live(5).await;
    // Close the window: the customer last wrote two days ago.
    let two_days_ago = db::now() - 2 * 86_400;
    l.hub
        .sqlite
        .blocking(move |conn, _| {
            conn.execute(
                "UPDATE conversations SET last_inbound_at = ?1",
                [two_days_ago],
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let post = |body: serde_json::Value| l.post_to(l.conversation, body);
    let (status, body) = post(json!({"client_message_id": "t0", "text": "free text"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("window_closed"))
    );
    let (status, body) =
        post(json!({"client_message_id": "t1", "template": {"name": "nope", "language": "en_US", "parameters": []}})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("unknown_template"))
    );
    let (status, body) = post(
        json!({"client_message_id": "t2", "template": {"name": "order_update", "language": "en_US", "parameters": []}}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("template_parameters"))
    );
    let (status, body) = post(json!({"client_message_id": "t3",
        "template": {"name": "order_update", "language": "en_US", "parameters": ["#4417"]}}))
    .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(
        body["text"], "Your order #4417 has shipped.",
        "the inbox shows the rendered template"
    );
    l.wait_status("t3", "read", Duration::from_secs(10)).await;
    let sent = l.sent().await;
    assert_eq!(sent.len(), 1, "only the template went out");
    assert_eq!(sent[0]["body"]["type"], "template");
    assert_eq!(sent[0]["body"]["template"]["name"], "order_update");
    assert_eq!(
        sent[0]["body"]["template"]["components"][0]["parameters"][0]["text"],
        "#4417"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbound_media_is_fetched_encrypted_retried_and_served_to_readers_only() {
    use base64::Engine;
    let l = live(5).await;
    l.configure(json!({"failing_downloads": 2})).await;
    let picture: Vec<u8> = b"PNG-PICTURE-BYTES-"
        .iter()
        .copied()
        .cycle()
        .take(40_000)
        .collect();
    let wamid = l
        .sandbox
        .customer_sends_media(switchboard_sandbox::InboundMediaRequest {
            from: "351900000001".into(),
            name: Some("Ana".into()),
            kind: "image".into(),
            mime_type: "image/png".into(),
            caption: Some("the broken part".into()),
            filename: None,
            voice: false,
            data: base64::engine::general_purpose::STANDARD.encode(&picture),
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let id = count(
        &l.hub.db,
        &format!("SELECT id FROM messages WHERE wamid = '{wamid}'"),
    );
    let start = Instant::now();
    loop {
        let state = rusqlite::Connection::open(&l.hub.db)
            .and_then(|c| {
                c.query_row(
                    "SELECT state, attempts FROM media WHERE message_id = ?1",
                    [id],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
                )
            })
            .ok();
        if let Some((s, attempts)) = &state
            && s == "ready"
        {
            assert_eq!(*attempts, 3, "two downloads failed and were retried");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "media not fetched: {state:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        count(
            &l.hub.db,
            &format!("SELECT count(*) FROM changes WHERE message_id = {id}")
        ),
        3,
        "the feed tells desktops of the message, its first error and the file, \
         not of a retry that failed the same way"
    );
    let r = l
        .http
        .get(format!("{}/v1/messages/{id}/media", l.hub_url))
        .bearer_auth(&l.token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    assert_eq!(
        r.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        picture
    );

    // Kept encrypted at rest.
    let file = std::fs::read(&l.hub.db).unwrap_or_default();
    let wal = std::fs::read(l.hub.db.with_extension("sqlite3-wal")).unwrap_or_default();
    assert!(
        ![file, wal]
            .iter()
            .any(|b| b.windows(18).any(|w| w == b"PNG-PICTURE-BYTES-")),
        "media stored in clear"
    );

    // Another agent's conversation: the media does not exist for them.
    let (other, other_token) = add_agent(&l.hub, "Kim", Role::Agent);
    let (_, third_token) = add_agent(&l.hub, "Lee", Role::Agent);
    let conversation = l.conversation;
    l.hub
        .sqlite
        .blocking(move |conn, _| {
            queries::outbound::set_assignee(conn, conversation, Some(other), false)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    for (token, want) in [(&other_token, 200), (&third_token, 404)] {
        let r = l
            .http
            .get(format!("{}/v1/messages/{id}/media", l.hub_url))
            .bearer_auth(token)
            .send()
            .await;
        assert_eq!(r.map(|r| r.status().as_u16()).unwrap_or(0), want);
    }
}

/// A media id WhatsApp does not know (404) fails at once with the status
/// in the reason, instead of being retried for minutes as a network error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_media_fails_at_once_with_the_status() {
    let l = live(5).await;
    let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "351900000001"}],
        "messages": [{"from": "351900000001", "id": "wamid.GONE", "timestamp": db::now().to_string(),
                      "type": "image", "image": {"id": "987654321012345", "mime_type": "image/jpeg"}}]}}]}]});
    assert_eq!(post_signed(&l.hub.state, &body).await.as_u16(), 200);
    let id = count(
        &l.hub.db,
        "SELECT id FROM messages WHERE wamid = 'wamid.GONE'",
    );
    let start = Instant::now();
    let (attempts, error) = loop {
        let row = rusqlite::Connection::open(&l.hub.db)
            .and_then(|c| {
                c.query_row(
                    "SELECT state, attempts, error FROM media WHERE message_id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, Option<String>>(2)?,
                        ))
                    },
                )
            })
            .ok();
        if let Some((state, attempts, error)) = row.clone()
            && state == "failed"
        {
            break (attempts, error.unwrap_or_default());
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "media not given up: {row:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(attempts, 1, "not retried");
    assert!(error.starts_with("HTTP 404"), "{error}");
    assert_eq!(
        count(
            &l.hub.db,
            &format!("SELECT count(*) FROM changes WHERE message_id = {id}")
        ),
        2,
        "the message, then its failure"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_go_to_the_customers_message() {
    let l = live(5).await;
    let inbound = count(
        &l.hub.db,
        "SELECT id FROM messages WHERE direction = 'inbound'",
    );
    let url = format!("{}/v1/conversations/{}/messages", l.hub_url, l.conversation);
    let react = |message_id: i64, cmid: &str| {
        let body = json!({"client_message_id": cmid, "reaction": {"message_id": message_id, "emoji": "👍"}});
        let (http, url, token) = (l.http.clone(), url.clone(), l.token.clone());
        async move {
            http.post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    assert_eq!(
        react(inbound + 999, "r0").await,
        404,
        "only a message of this conversation"
    );
    assert_eq!(react(inbound, "r1").await, 202);
    l.wait_status("r1", "sent", Duration::from_secs(10)).await;
    let sent = l.sent().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["body"]["type"], "reaction");
    assert_eq!(sent[0]["body"]["reaction"]["emoji"], "👍");
    let wamid: String = rusqlite::Connection::open(&l.hub.db)
        .and_then(|c| {
            c.query_row("SELECT wamid FROM messages WHERE id = ?1", [inbound], |r| {
                r.get(0)
            })
        })
        .unwrap_or_default();
    assert_eq!(sent[0]["body"]["reaction"]["message_id"], wamid.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_tells_desktops_the_feed_grew() {
    use futures_util::StreamExt;
    let l = live(5).await;
    let response = l
        .http
        .get(format!("{}/v1/events", l.hub_url))
        .bearer_auth(&l.token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let mut stream = response.bytes_stream();
    let mut seen = String::new();
    let first_seq = count(&l.hub.db, "SELECT MAX(seq) FROM changes");
    // The first event carries the current seq.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen.contains(&format!("data: {first_seq}")) {
        assert!(Instant::now() < deadline, "no initial event: {seen:?}");
        if let Ok(Some(Ok(chunk))) =
            tokio::time::timeout(Duration::from_secs(1), stream.next()).await
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    l.sandbox
        .customer_says("351900000001", Some("Ana"), "again")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let next_seq = count(&l.hub.db, "SELECT MAX(seq) FROM changes");
    assert!(next_seq > first_seq);
    // Then the new changes themselves (a page), or the seq to pull up to.
    while !told_up_to(&seen, next_seq) {
        assert!(
            Instant::now() < deadline,
            "no wake-up after the new message: {seen:?}"
        );
        if let Ok(Some(Ok(chunk))) =
            tokio::time::timeout(Duration::from_secs(1), stream.next()).await
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    assert!(seen.contains("event: changes"));
    assert!(
        seen.contains("event: page") && seen.contains("\"text\":\"again\""),
        "the new message is pushed: {seen:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_is_answered_from_the_number_the_customer_wrote_to() {
    let mut l = live(5).await;
    // A second number of the same account: the sandbox only serves the first,
    // so a reply through the second is refused by "Meta" with code 100.
    let mut other = text_webhook("351900000077", "wamid.other-number", "hi second number");
    other["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] =
        json!("5550000000000");
    assert_eq!(
        post_signed(&l.hub.state, &other).await,
        axum::http::StatusCode::OK
    );
    let conversation = count(
        &l.hub.db,
        "SELECT id FROM conversations WHERE phone_number_id = '5550000000000'",
    );
    l.conversation = conversation;
    assert_eq!(
        l.post_message(
            l.conversation,
            json!({"client_message_id": "n2", "text": "hello"})
        )
        .await,
        202
    );
    l.wait_status("n2", "failed", Duration::from_secs(10)).await;
    let error: String = rusqlite::Connection::open(&l.hub.db)
        .and_then(|c| {
            c.query_row(
                "SELECT error FROM messages WHERE client_message_id = 'n2'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap_or_default();
    assert!(
        error.contains("100") && error.contains("Unknown phone number id"),
        "sent from the second number: {error}"
    );
    assert!(
        l.sent().await.is_empty(),
        "nothing went out from the first number"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_a_conversation_sends_a_read_receipt_when_enabled() {
    let mut l = live(5).await;
    l.hub.state.read_receipts = true;
    // The live hub holds its own clone of the state: restart-free toggle by
    // calling the router directly with the updated state.
    let (status, _) = call(
        &l.hub.state,
        "POST",
        &format!("/v1/conversations/{}/read", l.conversation),
        Some(&l.token),
        None,
    )
    .await;
    assert_eq!(status, axum::http::StatusCode::NO_CONTENT);
    let reads: Vec<String> = l
        .http
        .get(format!("{}/_sandbox/reads", l.sandbox_url))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    let wamid: String = rusqlite::Connection::open(&l.hub.db)
        .and_then(|c| {
            c.query_row(
                "SELECT wamid FROM messages WHERE direction = 'inbound'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap_or_default();
    assert_eq!(
        reads,
        vec![wamid],
        "the customer's last message is marked read"
    );
    assert_eq!(count(&l.hub.db, "SELECT unread FROM conversations"), 0);
}

/// A note is kept, in the feed for whoever reads the conversation, and
/// never reaches the Graph API; its key cannot be reused for a reply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_is_kept_for_the_team_and_never_sent() {
    let l = live(5).await;
    let post = |body: serde_json::Value| l.post_to(l.conversation, body);
    let note = json!({"client_message_id": "n1", "text": "@Sam she is a VIP, refund at once", "note": true});
    let (status, first) = post(note.clone()).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["kind"], "note");
    assert_eq!(post(note).await.0, 200, "the same key names the same note");
    let (status, body) = post(json!({"client_message_id": "n1", "text": "hello"})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
    let (status, body) = post(json!({"client_message_id": "n2", "text": " ", "note": true})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_text")));
    // The window does not apply to notes.
    l.hub
        .sqlite
        .blocking({
            let c = l.conversation;
            move |conn, _| {
                conn.execute(
                    "UPDATE conversations SET last_inbound_at = 1 WHERE id = ?1",
                    [c],
                )?;
                Ok(())
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        post(json!({"client_message_id": "n3", "text": "window closed, noted", "note": true}))
            .await
            .0,
        201
    );
    // A reply after the notes goes out; the notes never do.
    l.hub
        .sqlite
        .blocking({
            let c = l.conversation;
            move |conn, _| {
                conn.execute(
                    "UPDATE conversations SET last_inbound_at = strftime('%s','now') WHERE id = ?1",
                    [c],
                )?;
                Ok(())
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        post(json!({"client_message_id": "r1", "text": "Refunded."}))
            .await
            .0,
        202
    );
    l.wait_status("r1", "read", Duration::from_secs(10)).await;
    let sent = l.sent().await;
    assert_eq!(sent.len(), 1, "only the reply reached WhatsApp: {sent:?}");
    assert_eq!(sent[0]["body"]["text"]["body"], "Refunded.");
    let audit = count(
        &l.hub.db,
        "SELECT count(*) FROM audit WHERE action = 'note'",
    );
    assert_eq!(audit, 2, "each note is audited once");
    let r = l
        .http
        .get(format!("{}/v1/team", l.hub_url))
        .bearer_auth(&l.token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let team: serde_json::Value = r.json().await.unwrap_or_default();
    assert_eq!(team[0]["name"], "Ada", "{team}");
}

/// A reply can quote a message of its conversation: WhatsApp gets the
/// quoted message's wamid as `context.message_id`, desktops the quoted id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_quotes_a_message_of_its_conversation() {
    let l = live(5).await;
    let inbound = count(
        &l.hub.db,
        "SELECT id FROM messages WHERE direction = 'inbound'",
    );
    let post = |body: serde_json::Value| l.post_to(l.conversation, body);
    let (status, note) =
        post(json!({"client_message_id": "n1", "text": "internal", "note": true})).await;
    assert_eq!(status, 201);
    let note_id = note["id"].as_i64().unwrap_or(0);
    assert_eq!(
        post(json!({"client_message_id": "q0", "text": "see above", "reply_to": note_id}))
            .await
            .0,
        404,
        "a note cannot be quoted to the customer"
    );
    assert_eq!(
        post(json!({"client_message_id": "q1", "text": "see above", "reply_to": inbound + 999}))
            .await
            .0,
        404
    );
    let (status, body) = post(
        json!({"client_message_id": "q2", "text": "", "reply_to": inbound,
        "template": {"name": "order_update", "language": "en_US", "parameters": ["#1"]}}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_message"))
    );
    let (status, reply) =
        post(json!({"client_message_id": "q3", "text": "Yes, today.", "reply_to": inbound})).await;
    assert_eq!(status, 202, "{reply}");
    assert_eq!(reply["reply_to"], inbound, "desktops see what it quotes");
    l.wait_status("q3", "read", Duration::from_secs(10)).await;
    let sent = l.sent().await;
    let wamid: String = rusqlite::Connection::open(&l.hub.db)
        .and_then(|c| {
            c.query_row("SELECT wamid FROM messages WHERE id = ?1", [inbound], |r| {
                r.get(0)
            })
        })
        .unwrap_or_default();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["body"]["context"]["message_id"], wamid.as_str());
    assert_eq!(sent[0]["body"]["text"]["body"], "Yes, today.");
}

/// A customer known only by a business-scoped user id (no phone number in
/// the webhook) gets a conversation and a reply, addressed by that id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_known_only_by_a_user_id_is_answered() {
    let l = live(5).await;
    let user = "US.13491208655302741918";
    l.sandbox
        .customer_says(user, Some("Sam"), "hello from a user id")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let conversation = count(
        &l.hub.db,
        &format!("SELECT id FROM conversations WHERE wa_id = '{user}'"),
    );
    let r = l
        .http
        .post(format!(
            "{}/v1/conversations/{conversation}/messages",
            l.hub_url
        ))
        .bearer_auth(&l.token)
        .json(&json!({"client_message_id": "u1", "text": "Hello!"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status().as_u16(), 202);
    l.wait_status("u1", "read", Duration::from_secs(10)).await;
    let sent = l.sent().await;
    assert_eq!(sent[0]["body"]["to"], user, "{sent:?}");
}

impl Live {
    /// Uploads `bytes` as `filename` of type `mime` to `conversation`.
    async fn upload(
        &self,
        conversation: i64,
        filename: &str,
        mime: &str,
        bytes: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let r = self
            .http
            .post(format!(
                "{}/v1/conversations/{conversation}/uploads",
                self.hub_url
            ))
            .query(&[("filename", filename)])
            .bearer_auth(&self.token)
            .header("content-type", mime)
            .body(bytes)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }
}

/// A file of `n` bytes that starts like a real one of its type.
fn file_bytes(head: &[u8], n: usize) -> Vec<u8> {
    let mut bytes = head.to_vec();
    bytes.extend((0..n.saturating_sub(head.len())).map(|i| (i * 7 % 251) as u8));
    bytes
}

/// An image and a multi-chunk PDF go up to the hub, sealed a chunk at a
/// time, then to the Graph API's media endpoint and out with their
/// captions; the thread serves them back whole; an upload sends once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_are_uploaded_sealed_and_sent_with_captions() {
    let l = live(5).await;
    let picture = file_bytes(b"\x89PNG\r\n\x1a\nSECRET-PICTURE", 300_000);
    let pdf = file_bytes(b"%PDF-1.7 SECRET-INVOICE", 2_500_000);
    let (status, image) = l
        .upload(l.conversation, "part.png", "image/png", picture.clone())
        .await;
    assert_eq!(status, 201, "{image}");
    assert_eq!(
        (image["kind"].as_str(), image["size"].as_i64()),
        (Some("image"), Some(300_000))
    );
    let (status, document) = l
        .upload(
            l.conversation,
            "../../Invoice A-1009.pdf",
            "application/pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(status, 201, "{document}");
    assert_eq!(
        document["filename"], "Invoice A-1009.pdf",
        "only the name's last part is kept"
    );
    assert_eq!(
        count(
            &l.hub.db,
            &format!(
                "SELECT count(*) FROM upload_chunks WHERE upload_id = {}",
                document["id"]
            )
        ),
        3,
        "kept in 1 MiB chunks"
    );
    let plain = rusqlite::Connection::open(&l.hub.db)
        .and_then(|c| {
            c.query_row(
                "SELECT count(*) FROM upload_chunks WHERE instr(body, CAST('SECRET' AS BLOB)) > 0",
                [],
                |r| r.get::<_, i64>(0),
            )
        })
        .unwrap_or(-1);
    assert_eq!(plain, 0, "the chunks are sealed");

    for (cmid, upload, caption) in [
        ("a1", &image, "The part, as it arrived"),
        ("a2", &document, "Your invoice"),
    ] {
        let status = l
            .post_message(
                l.conversation,
                json!({"client_message_id": cmid, "text": caption, "attachment": upload["id"]}),
            )
            .await;
        assert_eq!(status, 202);
        l.wait_status(cmid, "read", Duration::from_secs(20)).await;
    }
    assert_eq!(
        l.post_message(
            l.conversation,
            json!({"client_message_id": "a3", "text": "", "attachment": image["id"]})
        )
        .await,
        422,
        "an upload is sent once"
    );
    assert_eq!(
        l.post_message(
            l.conversation,
            json!({"client_message_id": "a1", "text": "The part, as it arrived", "attachment": image["id"]})
        )
        .await,
        200,
        "the same key names the same message"
    );
    let sent = l.sent().await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0]["body"]["type"], "image");
    assert_eq!(
        sent[0]["body"]["image"]["caption"],
        "The part, as it arrived"
    );
    assert_eq!(sent[1]["body"]["type"], "document");
    assert_eq!(
        sent[1]["body"]["document"]["filename"],
        "Invoice A-1009.pdf"
    );
    assert_eq!(sent[1]["body"]["document"]["caption"], "Your invoice");
    let uploads = l.uploads().await;
    assert_eq!(
        uploads
            .iter()
            .map(|u| (u.mime_type.as_str(), u.size))
            .collect::<Vec<_>>(),
        [("image/png", 300_000), ("application/pdf", 2_500_000)],
        "each file reached Meta's media endpoint once, whole"
    );
    assert_eq!(sent[1]["body"]["document"]["id"], uploads[1].id.as_str());

    // The thread shows each file as it shows a customer's, and serves it back.
    let id = count(
        &l.hub.db,
        "SELECT id FROM messages WHERE client_message_id = 'a2'",
    );
    let r = l
        .http
        .get(format!("{}/v1/messages/{id}/media", l.hub_url))
        .bearer_auth(&l.token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status().as_u16(), 200);
    let served = r.bytes().await.unwrap_or_default();
    assert!(served.as_ref() == pdf.as_slice(), "the same bytes");
    let (_, m) = call(
        &l.hub.state,
        "GET",
        "/v1/changes?after=0&limit=200",
        Some(&l.token),
        None,
    )
    .await;
    let shown = m["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("message"))
        .rfind(|m| m["id"] == id)
        .cloned()
        .unwrap_or_default();
    assert_eq!(shown["kind"], "document");
    assert_eq!(shown["text"], "Your invoice");
    assert_eq!(shown["details"]["filename"], "Invoice A-1009.pdf");
    assert_eq!(shown["media"]["state"], "ready");
}

/// One byte over each of WhatsApp's limits is refused with the limit named,
/// whether the length is declared or not; a type WhatsApp does not take, an
/// empty file and a caller who may not reply are refused; nothing is kept
/// or sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachment_limits_refuse_one_byte_over_and_keep_nothing() {
    use axum::body::Body;
    use axum::http::Request;
    let l = live(5).await;
    let path = format!("/v1/conversations/{}/uploads?filename=f", l.conversation);
    for kind in switchboard_protocol::ATTACHMENT_KINDS {
        // A document says what it is in its name (a PDF first of them).
        let path = if kind.kind == "document" {
            format!("{path}.pdf")
        } else {
            path.clone()
        };
        let req = Request::post(&path)
            .header("authorization", format!("Bearer {}", l.token))
            .header("content-type", kind.mime_types[0])
            .header("content-length", (kind.max_bytes + 1).to_string())
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let (status, body) = send(&l.hub.state, req).await;
        assert_eq!(status.as_u16(), 413, "{}: {body}", kind.kind);
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("{} bytes)", kind.max_bytes))
                && body["request_id"].is_string(),
            "{message}"
        );
    }
    // Undeclared (chunked) and one byte over: refused as it arrives.
    let over = 5_000_001usize;
    let stream = futures_util::stream::iter((0..over).step_by(65_536).map(move |at| {
        let mut chunk = vec![1u8; 65_536.min(over - at)];
        if at == 0 {
            // A JPEG's first bytes, so only its size is wrong.
            chunk[..3].copy_from_slice(b"\xFF\xD8\xFF");
        }
        Ok::<_, std::io::Error>(chunk)
    }));
    let req = Request::post(&path)
        .header("authorization", format!("Bearer {}", l.token))
        .header("content-type", "image/jpeg")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, body) = send(&l.hub.state, req).await;
    assert_eq!(status.as_u16(), 413, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("5000000 bytes)"),
        "{body}"
    );
    let (status, body) = l
        .upload(
            l.conversation,
            "tool.exe",
            "application/x-msdownload",
            vec![1; 10],
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("unsupported_type"))
    );
    let (status, _) = l
        .upload(l.conversation, "empty.pdf", "application/pdf", Vec::new())
        .await;
    assert_eq!(status, 400);
    let (status, _) = l
        .upload(
            l.conversation,
            "bad\u{7}name.pdf",
            "application/pdf",
            vec![1; 10],
        )
        .await;
    assert_eq!(status, 400);
    let (_, viewer) = add_agent(&l.hub, "Vic", Role::Viewer);
    let req = Request::post(&path)
        .header("authorization", format!("Bearer {viewer}"))
        .header("content-type", "application/pdf")
        .body(Body::from(vec![1u8; 10]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        send(&l.hub.state, req).await.0.as_u16(),
        403,
        "a viewer cannot attach"
    );
    assert_eq!(count(&l.hub.db, "SELECT count(*) FROM uploads"), 0);
    assert_eq!(count(&l.hub.db, "SELECT count(*) FROM upload_chunks"), 0);
    // An upload of one conversation cannot be sent in another.
    let (_, upload) = l
        .upload(
            l.conversation,
            "a.pdf",
            "application/pdf",
            file_bytes(b"%PDF-1.7\n", 10),
        )
        .await;
    assert!(upload["id"].is_i64(), "{upload}");
    l.sandbox
        .customer_says("351900000002", Some("Bo"), "hello")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let other = count(&l.hub.db, "SELECT max(id) FROM conversations");
    assert_eq!(
        l.post_message(
            other,
            json!({"client_message_id": "x1", "text": "", "attachment": upload["id"]})
        )
        .await,
        422
    );
    assert!(l.sent().await.is_empty(), "nothing reached WhatsApp");
    // Abandoned uploads are swept.
    assert_eq!(
        l.hub.state.store.sweep_uploads(db::now() + 1).await.ok(),
        Some(1)
    );
    assert_eq!(count(&l.hub.db, "SELECT count(*) FROM upload_chunks"), 0);
}

/// Whether what a stream sent tells the feed grew to `seq`: a `changes`
/// event with it, or a pushed page that reaches it.
fn told_up_to(seen: &str, seq: i64) -> bool {
    seen.contains(&format!("data: {seq}\n")) || seen.contains(&format!("\"next\":{seq},"))
}

/// Reads an event stream until `want` holds for what arrived, or panics.
async fn heard_until(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    seen: &mut String,
    what: &str,
    want: impl Fn(&str) -> bool,
) {
    use futures_util::StreamExt;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !want(seen) {
        assert!(Instant::now() < deadline, "{what}: {seen:?}");
        if let Ok(Some(Ok(chunk))) =
            tokio::time::timeout(Duration::from_millis(200), stream.next()).await
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

/// Viewing and typing reach whoever may read the conversation through the
/// event stream, and nobody else; nothing of it is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_reaches_the_team_that_may_read_and_is_never_stored() {
    let l = live(5).await;
    let (sam, sam_token) = add_agent(&l.hub, "Sam", Role::Agent);
    let (_, bo_token) = add_agent(&l.hub, "Bo", Role::Agent);
    let (_, vic_token) = add_agent(&l.hub, "Vic", Role::Viewer);
    // Ada (admin) gives the conversation to Sam: Bo may no longer read it.
    let (status, _) = call(
        &l.hub.state,
        "POST",
        &format!("/v1/conversations/{}/assignment", l.conversation),
        Some(&l.token),
        Some(json!({"assignee": sam})),
    )
    .await;
    assert!(status.is_success());
    let listen = |token: String| {
        let (http, url) = (l.http.clone(), format!("{}/v1/events", l.hub_url));
        async move {
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .bytes_stream()
        }
    };
    let (mut sam_hears, mut bo_hears, mut vic_hears) = (
        Box::pin(listen(sam_token.clone()).await),
        Box::pin(listen(bo_token.clone()).await),
        Box::pin(listen(vic_token).await),
    );
    let (mut sam_seen, mut bo_seen, mut vic_seen) = (String::new(), String::new(), String::new());
    for (stream, seen) in [
        (&mut sam_hears, &mut sam_seen),
        (&mut bo_hears, &mut bo_seen),
        (&mut vic_hears, &mut vic_seen),
    ] {
        heard_until(stream, seen, "the stream's first event", |s| {
            s.contains("event: changes")
        })
        .await;
    }
    let path = format!("/v1/conversations/{}/presence", l.conversation);
    let (status, now) = call(
        &l.hub.state,
        "POST",
        &path,
        Some(&l.token),
        Some(json!({"state": "typing"})),
    )
    .await;
    assert_eq!(status.as_u16(), 200, "{now}");
    assert_eq!(now["people"][0]["name"], "Ada");
    let typing =
        |s: &str| s.contains("event: presence") && s.contains(r#""name":"Ada","state":"typing""#);
    heard_until(
        &mut sam_hears,
        &mut sam_seen,
        "Sam hears Ada typing",
        typing,
    )
    .await;
    heard_until(
        &mut vic_hears,
        &mut vic_seen,
        "the viewer hears it too",
        typing,
    )
    .await;
    // Bo may not read the conversation: his stream says nothing of it, and
    // he cannot say he is there.
    let say = |token: &str, state: &str| {
        let (state_, path, token, body) = (
            l.hub.state.clone(),
            path.clone(),
            token.to_owned(),
            json!({ "state": state }),
        );
        async move {
            call(&state_, "POST", &path, Some(&token), Some(body))
                .await
                .0
        }
    };
    assert_eq!(say(&bo_token, "viewing").await.as_u16(), 404);
    assert_eq!(say(&sam_token, "left").await.as_u16(), 200);
    heard_until(
        &mut sam_hears,
        &mut sam_seen,
        "Sam hears his own leaving",
        |s| s.matches("event: presence").count() >= 2,
    )
    .await;
    // A later wake-up reaches Bo; anything sent to him before it came first.
    l.sandbox
        .customer_says("351900000001", Some("Ana"), "still there?")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let seq = count(&l.hub.db, "SELECT MAX(seq) FROM changes");
    heard_until(&mut bo_hears, &mut bo_seen, "Bo's next wake-up", |s| {
        told_up_to(s, seq)
    })
    .await;
    assert!(!bo_seen.contains("presence"), "Bo heard: {bo_seen}");
    for bad in [
        json!({"state": "dancing"}),
        json!({"state": "typing", "x": 1}),
        json!({}),
    ] {
        let (status, body) = call(&l.hub.state, "POST", &path, Some(&sam_token), Some(bad)).await;
        assert_eq!(status.as_u16(), 400, "{body}");
        assert!(body["request_id"].is_string());
    }
    assert_eq!(
        count(
            &l.hub.db,
            "SELECT count(*) FROM audit WHERE action LIKE '%presence%'"
        ),
        0
    );
}

/// Regression (24.8, medium): the send queue took the 100 oldest due
/// messages and skipped, without moving, those whose customer was paced, so
/// 130 replies to one customer held a colleague's reply to another for
/// minutes. Due messages are now taken fairly across conversations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_queue_to_one_customer_does_not_hold_a_reply_to_another() {
    // Paced as Meta paces one customer: a burst of 3, then one each 6 s.
    let l = live_paced(0, 6.0).await;
    let busy = l.conversation;
    let mut statuses = Vec::new();
    for i in 0..130 {
        statuses.push(
            l.post_message(
                busy,
                json!({"client_message_id": format!("bulk{i}"), "text": format!("part {i}")}),
            )
            .await,
        );
    }
    assert!(statuses.iter().all(|s| *s == 202), "{statuses:?}");
    l.sandbox
        .customer_says("351900000002", Some("Bea"), "hello?")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let other = count(
        &l.hub.db,
        "SELECT id FROM conversations WHERE wa_id = '351900000002'",
    );
    assert_eq!(
        l.post_message(
            other,
            json!({"client_message_id": "colleague", "text": "Hi Bea"})
        )
        .await,
        202
    );
    l.wait_status("colleague", "read", Duration::from_secs(30))
        .await;
    let queued = count(
        &l.hub.db,
        "SELECT COUNT(*) FROM messages WHERE client_message_id LIKE 'bulk%' AND send_state = 'queued'",
    );
    assert!(
        queued > 100,
        "the busy customer is still paced: {queued} waiting"
    );
}

/// Regression (issue 25.11): an upload answered with a media id WhatsApp
/// never sends made the hub upload the file again on every retry, then fail
/// the reply as "could not be reached", counted as a retry. Now it fails at
/// once, with the cause, after one upload, counted as failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_answered_with_a_bad_media_id_fails_once_with_the_cause() {
    let l = live(0).await;
    l.configure(json!({"bad_upload_ids": true})).await;
    let (status, upload) = l
        .upload(
            l.conversation,
            "part.png",
            "image/png",
            file_bytes(b"\x89PNG\r\n\x1a\n", 10_000),
        )
        .await;
    assert_eq!(status, 201, "{upload}");
    assert_eq!(
        l.post_message(
            l.conversation,
            json!({"client_message_id": "bad-id", "text": "", "attachment": upload["id"]})
        )
        .await,
        202
    );
    l.wait_status("bad-id", "failed", Duration::from_secs(30))
        .await;
    let error = {
        let conn = rusqlite::Connection::open(&l.hub.db).unwrap_or_else(|e| panic!("{e}"));
        conn.query_row(
            "SELECT error FROM messages WHERE client_message_id = 'bad-id'",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default()
    };
    assert!(error.contains("media id"), "the real cause: {error}");
    let uploads = l.uploads().await;
    assert_eq!(uploads.len(), 1, "uploaded once, not on every retry");
    let (_, text) = metrics(&l.hub).await;
    assert!(
        text.contains("switchboard_sends_total{outcome=\"failed\"} 1"),
        "counted as failed: {text}"
    );
}

/// The messages of the feed from the start, each as it reads last, in
/// order, as `(kind, direction, text, details)`.
async fn feed_messages(l: &Live) -> Vec<(String, String, String, serde_json::Value)> {
    let (status, page) = call(
        &l.hub.state,
        "GET",
        "/v1/changes?after=0",
        Some(&l.token),
        None,
    )
    .await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let latest: std::collections::BTreeMap<i64, &serde_json::Value> = page["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["type"] == "message")
        .map(|c| {
            (
                c["message"]["id"].as_i64().unwrap_or_default(),
                &c["message"],
            )
        })
        .collect();
    latest
        .values()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
            (s("kind"), s("direction"), s("text"), m["details"].clone())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_asks_with_buttons_and_a_list_and_the_customers_tap_comes_back() {
    let l = live(0).await;
    let c = l.conversation;
    let ask = json!({"client_message_id": "ask-1", "text": "Shall we ship it today?",
                     "choices": {"options": ["Yes", " No "]}});
    assert_eq!(l.post_message(c, ask).await, 202);
    let list = json!({"client_message_id": "ask-2", "text": "Which store suits you?",
                      "choices": {"list": "Stores", "options": ["Centro", "Norte", "Sul", "Leste"]}});
    assert_eq!(l.post_message(c, list).await, 202);
    // Refused before anything is queued: four buttons, choices on a note,
    // an unknown field.
    for (body, code) in [
        (
            json!({"client_message_id": "ask-3", "text": "Pick", "choices": {"options": ["a", "b", "c", "d"]}}),
            "invalid_choices",
        ),
        (
            json!({"client_message_id": "ask-4", "text": "Pick", "note": true, "choices": {"options": ["a"]}}),
            "invalid_message",
        ),
        (
            json!({"client_message_id": "ask-5", "text": "Pick", "choices": {"options": ["a"], "footer": "x"}}),
            "bad_request",
        ),
    ] {
        let (status, refusal) = l.post_to(c, body).await;
        assert!(status == 422 || status == 400, "{status} {refusal}");
        assert_eq!(refusal["code"], code, "{refusal}");
        assert!(refusal["request_id"].is_string());
    }
    assert_eq!(
        count(
            &l.hub.db,
            "SELECT count(*) FROM messages WHERE client_message_id IN ('ask-3', 'ask-4', 'ask-5')"
        ),
        0
    );
    // What Meta was sent: buttons with their ids and trimmed titles, one
    // section of rows behind the labelled button.
    let start = Instant::now();
    let sent = loop {
        let sent = l.sent().await;
        if sent
            .iter()
            .filter(|m| m["body"]["type"] == "interactive")
            .count()
            >= 2
        {
            break sent;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not sent: {sent:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let interactive: Vec<&serde_json::Value> = sent
        .iter()
        .map(|m| &m["body"])
        .filter(|b| b["type"] == "interactive")
        .collect();
    assert_eq!(interactive.len(), 2, "{sent:?}");
    assert_eq!(
        interactive[0]["interactive"]["action"]["buttons"],
        json!([{"type": "reply", "reply": {"id": "choice-1", "title": "Yes"}},
               {"type": "reply", "reply": {"id": "choice-2", "title": "No"}}])
    );
    assert_eq!(interactive[1]["interactive"]["type"], "list");
    assert_eq!(interactive[1]["interactive"]["action"]["button"], "Stores");
    assert_eq!(
        interactive[1]["interactive"]["action"]["sections"][0]["rows"][1],
        json!({"id": "choice-2", "title": "Norte"})
    );

    // The customer picks "Norte": it comes back as their answer.
    l.sandbox
        .customer_sends(switchboard_sandbox::InboundMessageRequest {
            from: "351900000001".into(),
            name: Some("Ana".into()),
            message: json!({"type": "interactive",
                "interactive": {"type": "list_reply", "list_reply": {"id": "choice-2", "title": "Norte"}}}),
            ago_secs: 0,
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let messages = feed_messages(&l).await;
    let ours: Vec<_> = messages
        .iter()
        .filter(|(kind, dir, ..)| kind == "interactive" && dir == "outbound")
        .collect();
    assert_eq!(ours.len(), 2, "{messages:?}");
    assert_eq!(ours[0].2, "Shall we ship it today?");
    assert_eq!(
        ours[0].3,
        json!({"type": "choices", "list": null, "options": ["Yes", "No"]})
    );
    assert_eq!(ours[1].3["list"], "Stores");
    assert!(
        messages
            .iter()
            .any(|(kind, dir, text, _)| kind == "interactive"
                && dir == "inbound"
                && text == "Norte"),
        "{messages:?}"
    );
}
