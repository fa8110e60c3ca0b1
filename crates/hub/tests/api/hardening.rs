//! Hostile and unlucky users of the API (issue 11): racing agents and
//! admins, concurrent writers of the audit log, lock-outs, erasure that
//! leaves nothing behind, hostile identifiers, and the smaller gaps. Each
//! test failed on the hub before its fix.

use crate::common::*;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use switchboard_hub::app;
use switchboard_hub::backend::sqlite;
use switchboard_hub::db;
use switchboard_hub::limits::{LimitConfig, Limits, parse_list};
use switchboard_hub::queries;
use switchboard_hub::queries::audit;
use switchboard_protocol::Role;
use tokio::sync::Barrier;
use tower::ServiceExt;

fn audit_count(h: &Hub, action: &str) -> i64 {
    count(
        &h.db,
        &format!("SELECT count(*) FROM audit WHERE action = '{action}'"),
    )
}

fn chain_intact(h: &Hub) -> bool {
    let conn = rusqlite::Connection::open(&h.db).unwrap_or_else(|e| panic!("{e}"));
    matches!(audit::verify(&conn), Ok(Ok(_)))
}

/// Regression (11.3): the audit id was read, then inserted, from two
/// connections outside the action's transaction: under 50 concurrent
/// clients sends answered 500 after they were queued, with no audit entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_actions_and_their_audit_entries_commit_together() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (agent_id, _) = add_agent(&h, "Bo", Role::Agent);
    let mut conversations = Vec::new();
    for i in 0..10 {
        conversations.push(conversation_from(&h, &format!("35190000{i:04}")).await);
    }
    let (mut sends, mut sign_ins, mut statuses, mut assigns) = (0, 0, 0, 0);
    for round in 0..5 {
        // Fresh tokens: each one's first use is a sign-in, audited.
        let fresh: Vec<String> = (0..13)
            .map(|_| {
                h.sqlite
                    .blocking(move |conn, _| queries::agents::issue_token(conn, agent_id, 1))
                    .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        let barrier = Arc::new(Barrier::new(50));
        let mut tasks = Vec::new();
        for i in 0..50usize {
            let (state, barrier, admin) = (h.state.clone(), barrier.clone(), admin.clone());
            let c = conversations[i % conversations.len()];
            let token = fresh.get(i / 4).cloned().unwrap_or_default();
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                let kind = i % 4;
                let (status, body) = match kind {
                    0 => {
                        let body =
                            json!({"client_message_id": format!("r{round}-{i}"), "text": "on it"});
                        call(
                            &state,
                            "POST",
                            &format!("/v1/conversations/{c}/messages"),
                            Some(&admin),
                            Some(body),
                        )
                        .await
                    }
                    1 => call(&state, "GET", "/v1/me", Some(&token), None).await,
                    2 => {
                        let status = if (i / 4 + round) % 2 == 0 {
                            "resolved"
                        } else {
                            "open"
                        };
                        call(
                            &state,
                            "POST",
                            &format!("/v1/conversations/{c}/status"),
                            Some(&admin),
                            Some(json!({"status": status})),
                        )
                        .await
                    }
                    _ => {
                        let to = if (i / 4 + round) % 2 == 0 {
                            json!(agent_id)
                        } else {
                            Value::Null
                        };
                        call(
                            &state,
                            "POST",
                            &format!("/v1/conversations/{c}/assignment"),
                            Some(&admin),
                            Some(json!({"assignee": to})),
                        )
                        .await
                    }
                };
                (kind, status, body)
            }));
        }
        for t in tasks {
            let (kind, status, body) = t.await.unwrap_or_else(|e| panic!("{e}"));
            assert!(!status.is_server_error(), "kind {kind}: {status} {body}");
            match kind {
                0 => {
                    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
                    sends += 1;
                }
                1 => sign_ins += usize::from(status == StatusCode::OK),
                2 => statuses += usize::from(status == StatusCode::NO_CONTENT),
                _ => assigns += usize::from(status == StatusCode::NO_CONTENT),
            }
        }
    }
    assert_eq!(sends, 5 * 13);
    assert_eq!(
        audit_count(&h, "send") as usize,
        sends,
        "one audit entry per queued send"
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM messages WHERE direction = 'outbound'"
        ) as usize,
        sends
    );
    assert_eq!(
        audit_count(&h, "sign_in"),
        5 * 13,
        "one sign-in per token, at its first use"
    );
    assert_eq!(sign_ins, 5 * 13);
    assert!(
        statuses > 0 && assigns > 0,
        "status changes and assignments ran"
    );
    assert!(chain_intact(&h), "the audit chain verifies");
}

/// Regression (11.4): two agents claiming one conversation at once both got
/// 204 in 20 of 40 trials, the second silently taking it from the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_simultaneous_claims_one_wins_and_the_other_is_told_who() {
    let h = hub();
    let (ana_id, ana) = add_agent(&h, "Ana", Role::Agent);
    let (ben_id, ben) = add_agent(&h, "Ben", Role::Agent);
    for round in 0..40 {
        let c = conversation_from(&h, &format!("35191000{round:04}")).await;
        let barrier = Arc::new(Barrier::new(2));
        let claim = |token: String, me: i64| {
            let (state, barrier) = (h.state.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let path = format!("/v1/conversations/{c}/assignment");
                call(
                    &state,
                    "POST",
                    &path,
                    Some(&token),
                    Some(json!({"assignee": me})),
                )
                .await
            })
        };
        let (a, b) = (claim(ana.clone(), ana_id), claim(ben.clone(), ben_id));
        let a = a.await.unwrap_or_else(|e| panic!("{e}"));
        let b = b.await.unwrap_or_else(|e| panic!("{e}"));
        let (winner, loser) = match (a.0, b.0) {
            (StatusCode::NO_CONTENT, StatusCode::CONFLICT) => ((ana_id, "Ana"), &b.1),
            (StatusCode::CONFLICT, StatusCode::NO_CONTENT) => ((ben_id, "Ben"), &a.1),
            other => panic!(
                "round {round}: exactly one claim wins, got {other:?} {} {}",
                a.1, b.1
            ),
        };
        assert_eq!(loser["code"], "already_assigned");
        assert!(
            loser["message"]
                .as_str()
                .is_some_and(|m| m.contains(winner.1)),
            "the loser is told who holds it: {loser}"
        );
        assert_eq!(
            count(
                &h.db,
                &format!("SELECT assignee FROM conversations WHERE id = {c}")
            ),
            winner.0
        );
        assert_eq!(
            count(
                &h.db,
                &format!(
                    "SELECT count(*) FROM audit WHERE action = 'claim' AND subject = 'conversation:{c}'"
                )
            ),
            1
        );
    }
}

fn from(ip: [u8; 4], path: &str, token: Option<&str>, forwarded: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req.body(Body::empty()).unwrap_or_else(|e| panic!("{e}"));
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

/// Regression (11.5): unknown paths without a token counted as failed
/// sign-ins (and were 401), and behind a proxy every client shared one
/// address. Unknown paths are 404 and never counted; `X-Forwarded-For` is
/// believed from configured proxies only.
#[tokio::test]
async fn unknown_paths_do_not_count_and_proxies_name_the_client() {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        failed_auth_per_window: 2,
        trusted_proxies: parse_list("127.0.0.1").unwrap_or_default(),
        ..LimitConfig::default()
    }));
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    for _ in 0..10 {
        let (status, body) = send(&h.state, from([10, 0, 0, 9], "/favicon.ico", None, None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
        assert!(body["request_id"].is_string());
    }
    assert_eq!(
        send(&h.state, from([10, 0, 0, 9], "/v1/me", Some("wrong"), None))
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "404s were not counted as failed sign-ins"
    );

    // Behind the proxy: the client it names is the one counted.
    for _ in 0..2 {
        let r = send(
            &h.state,
            from([127, 0, 0, 1], "/v1/me", Some("wrong"), Some("203.0.113.5")),
        )
        .await;
        assert_eq!(r.0, StatusCode::UNAUTHORIZED);
    }
    let r = send(
        &h.state,
        from([127, 0, 0, 1], "/v1/me", Some("wrong"), Some("203.0.113.5")),
    )
    .await;
    assert_eq!(r.0, StatusCode::TOO_MANY_REQUESTS, "203.0.113.5 is blocked");
    let r = send(
        &h.state,
        from([127, 0, 0, 1], "/v1/me", Some("wrong"), Some("203.0.113.6")),
    )
    .await;
    assert_eq!(
        r.0,
        StatusCode::UNAUTHORIZED,
        "its neighbour behind the same proxy is not"
    );
    let r = send(
        &h.state,
        from([127, 0, 0, 1], "/v1/me", Some(&token), Some("203.0.113.5")),
    )
    .await;
    assert_eq!(
        r.0,
        StatusCode::OK,
        "a valid token from the blocked client still works"
    );
    let r = send(
        &h.state,
        from([10, 0, 0, 7], "/v1/me", Some("wrong"), Some("203.0.113.5")),
    )
    .await;
    assert_eq!(
        r.0,
        StatusCode::UNAUTHORIZED,
        "an untrusted peer's X-Forwarded-For is ignored: it is judged as itself"
    );
}

/// Every byte of the store's files, as `strings` would read them.
fn store_bytes(h: &Hub) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = format!("{}{suffix}", h.db.display());
        all.extend(std::fs::read(path).unwrap_or_default());
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Regression (11.6): after erasing a contact and a checkpoint, `strings` on
/// the store still showed the number and name in freed pages.
#[tokio::test]
async fn erasing_a_contact_leaves_nothing_readable_in_the_files() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let number = "15557770123";
    let mut hook = text_webhook(number, "wamid.erase1", "my address is 1 Main St");
    hook["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"]["name"] =
        json!("Quentin Erasure-Probe");
    assert_eq!(post_signed(&h.state, &hook).await, StatusCode::OK);
    // Some unrelated traffic after it, so the pages are shared with others.
    conversation_from(&h, "351900000777").await;
    assert!(
        contains(&store_bytes(&h), number),
        "the number is stored (in clear) before"
    );
    assert!(contains(&store_bytes(&h), "Quentin"));

    let (status, body) = call(
        &h.state,
        "DELETE",
        &format!("/v1/contacts/{number}/data"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let bytes = store_bytes(&h);
    assert!(
        !contains(&bytes, number),
        "the number is nowhere in the store's files"
    );
    assert!(!contains(&bytes, "Quentin"), "nor the name");
    assert!(!contains(&bytes, "Erasure-Probe"));
    assert!(contains(&bytes, "351900000777"), "other customers are kept");
}

/// A stand-in for the Graph API that records every path and query the hub
/// asks for, and answers media lookups with a download URL.
async fn recording_graph() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let seen: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let router = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let record = record.clone();
        async move {
            if let Ok(mut seen) = record.lock() {
                seen.push(uri.to_string());
            }
            axum::Json(
                json!({"error": {"message": "recorded", "type": "OAuthException", "code": 100}}),
            )
        }
    });
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}"), seen)
}

/// Regression (11.7): a signed webhook with media id `../../evil/path?x=`
/// made the hub call that path with its access token; the same for
/// `phone_number_id`; a `from` of `../../etc/passwd` became a conversation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_identifiers_never_reach_a_graph_api_url() {
    let (graph, seen) = recording_graph().await;
    let h = hub_with_graph(&graph, sqlite::CommitMode::Group);
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let _addr = serve_on_loopback(h.state.clone()).await;
    let image = |number: &str, from: &str, media_id: &str, wamid: &str| {
        json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": number},
            "contacts": [{"profile": {"name": "Eve"}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": db::now().to_string(), "type": "image",
                          "image": {"id": media_id, "mime_type": "image/jpeg", "sha256": "x"}}]}}]}]})
    };
    for hostile in [
        image(
            "1122334455667",
            "351900000001",
            "../../evil/path?x=",
            "wamid.h1",
        ),
        image("../../evil", "351900000001", "4242", "wamid.h2"),
        image("1122334455667", "../../etc/passwd", "4243", "wamid.h3"),
    ] {
        assert_eq!(
            post_signed(&h.state, &hostile).await,
            StatusCode::OK,
            "Meta is not asked to retry"
        );
    }
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM quarantine"),
        3,
        "each is kept aside for an admin"
    );
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM conversations"),
        0,
        "and none became a conversation"
    );

    // A well-formed image is fetched: the fetcher runs, and it is the only
    // path the Graph API sees.
    post_signed(
        &h.state,
        &image("1122334455667", "351900000001", "4244", "wamid.ok"),
    )
    .await;
    // A conversation stored before identifiers were checked, answered now.
    h.sqlite
        .blocking(|conn, _| {
            conn.execute(
                "INSERT INTO conversations (phone_number_id, wa_id, last_inbound_at, last_message_at) VALUES ('../../evil', '351900000002', ?1, ?1)",
                [db::now()],
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let old = count(
        &h.db,
        "SELECT id FROM conversations WHERE wa_id = '351900000002'",
    );
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{old}/messages"),
        Some(&admin),
        Some(json!({"client_message_id": "c1", "text": "hello"})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    h.state.send_wake.notify_one();
    h.state.media_wake.notify_one();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let fetched = seen
            .lock()
            .map(|s| s.iter().any(|p| p.contains("/4244")))
            .unwrap_or(false);
        let failed = count(
            &h.db,
            "SELECT count(*) FROM messages WHERE client_message_id = 'c1' AND status = 'failed'",
        ) == 1;
        if fetched && failed {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the workers never ran: {:?}",
            seen.lock().map(|s| s.clone())
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(
        seen.iter()
            .all(|p| !p.contains("evil") && !p.contains("..") && !p.contains('?')),
        "no hostile id reached a URL: {seen:?}"
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM messages WHERE client_message_id = 'c1' AND error LIKE '%phone_number_id%'"
        ),
        1,
        "the reply failed with the reason, and was never sent"
    );
}

/// Regression (11.8): replies of only zero-width characters, or with NUL or
/// ESC, and reactions of `<script>` were accepted.
#[tokio::test]
async fn invisible_or_control_text_and_non_emoji_reactions_are_refused() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let c = conversation_from(&h, "351900000001").await;
    let inbound = count(&h.db, "SELECT id FROM messages WHERE direction = 'inbound'");
    let path = format!("/v1/conversations/{c}/messages");
    for (i, text) in [
        "\u{200B}\u{200B}",
        "\u{FEFF} \u{2060}",
        "hi\0there",
        "\u{1b}[2Jcleared",
    ]
    .iter()
    .enumerate()
    {
        let body = json!({"client_message_id": format!("t{i}"), "text": text});
        let (status, body) = call(&h.state, "POST", &path, Some(&admin), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text:?}: {body}");
        assert_eq!(body["code"], "invalid_text");
    }
    for (i, emoji) in ["<script>", "ok", "👍<b>"].iter().enumerate() {
        let body = json!({"client_message_id": format!("r{i}"), "reaction": {"message_id": inbound, "emoji": emoji}});
        let (status, body) = call(&h.state, "POST", &path, Some(&admin), Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{emoji:?}: {body}"
        );
        assert_eq!(body["code"], "invalid_reaction");
    }
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM messages WHERE direction = 'outbound'"
        ),
        0,
        "nothing was queued"
    );
    let body =
        json!({"client_message_id": "ok", "reaction": {"message_id": inbound, "emoji": "👍🏽"}});
    assert_eq!(
        call(&h.state, "POST", &path, Some(&admin), Some(body))
            .await
            .0,
        StatusCode::ACCEPTED
    );
}

/// Regression (11.8): an admin could assign a conversation to a viewer (who
/// can never answer it), `{}` unassigned, and unknown fields were ignored.
#[tokio::test]
async fn assignment_needs_an_explicit_assignee_who_can_answer() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (agent_id, _) = add_agent(&h, "Bo", Role::Agent);
    let (viewer_id, _) = add_agent(&h, "Vi", Role::Viewer);
    let c = conversation_from(&h, "351900000001").await;
    let path = format!("/v1/conversations/{c}/assignment");
    let assignee = || {
        count(
            &h.db,
            &format!("SELECT COALESCE(assignee, 0) FROM conversations WHERE id = {c}"),
        )
    };

    assert_eq!(
        call(
            &h.state,
            "POST",
            &path,
            Some(&admin),
            Some(json!({"assignee": agent_id}))
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = call(
        &h.state,
        "POST",
        &path,
        Some(&admin),
        Some(json!({"assignee": viewer_id})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "invalid_assignee");
    for wrong in [
        json!({}),
        json!({"agent_id": 2}),
        json!({"assignee": agent_id, "note": "x"}),
    ] {
        let (status, body) = call(&h.state, "POST", &path, Some(&admin), Some(wrong.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{wrong}: {body}");
        assert!(body["request_id"].is_string());
    }
    assert_eq!(assignee(), agent_id, "none of those changed the assignment");
    assert_eq!(
        call(
            &h.state,
            "POST",
            &path,
            Some(&admin),
            Some(json!({"assignee": null}))
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(assignee(), 0, "null is the explicit return to the queue");
}

/// Regression (11.8): agent names took control characters, and `agent list`
/// printed them raw to the terminal.
#[tokio::test]
async fn agent_names_refuse_control_characters_and_are_listed_escaped() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    for name in ["evil\u{1b}[2J", "tab\there", "\u{200B}", ""] {
        let (status, body) = call(
            &h.state,
            "POST",
            "/v1/agents",
            Some(&admin),
            Some(json!({"name": name, "role": "agent"})),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {body}");
        assert_eq!(body["code"], "invalid_name");
    }
    // A name stored before the rule, listed by the command line.
    h.sqlite
        .blocking(|conn, _| {
            conn.execute("INSERT INTO agents (name, role, created_at) VALUES ('old\u{1b}]0;pwned\u{7}', 'agent', 0)", [])?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let hub_bin = env!("CARGO_BIN_EXE_switchboard-hub");
    let out = std::process::Command::new(hub_bin)
        .arg("--data-dir")
        .arg(h.dir.path())
        .args(["agent", "list"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
        "no raw control bytes reach the terminal"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("old\\u{1b}]0;pwned\\u{7}"));
    let add = std::process::Command::new(hub_bin)
        .arg("--data-dir")
        .arg(h.dir.path())
        .args(["agent", "add", "--role", "agent", "--name", "bell\u{7}"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !add.status.success(),
        "the command line refuses such a name too"
    );
}

/// Reads the next SSE frame, or `None` when the stream has ended.
async fn next_frame(body: &mut Body) -> Option<String> {
    let frame = tokio::time::timeout(Duration::from_secs(30), body.frame())
        .await
        .unwrap_or_else(|_| panic!("the stream neither sent nor ended within the deadline"))?
        .ok()?;
    Some(
        String::from_utf8_lossy(frame.data_ref().map(|b| b.as_ref()).unwrap_or_default())
            .into_owned(),
    )
}

/// Regression (11.8): an open event stream kept delivering after its token
/// was revoked.
#[tokio::test]
async fn an_event_stream_ends_when_its_token_stops_working() {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        stream_recheck: Duration::from_millis(200),
        ..LimitConfig::default()
    }));
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (bo_id, bo) = add_agent(&h, "Bo", Role::Agent);
    let mut stream = open_events(&h, &bo).await;
    assert!(
        next_frame(&mut stream)
            .await
            .is_some_and(|f| f.contains("changes"))
    );
    // Revoked through the API: this hub tells its streams at once.
    let (status, _) = call(
        &h.state,
        "DELETE",
        &format!("/v1/agents/{bo_id}/tokens"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    while let Some(frame) = next_frame(&mut stream).await {
        assert!(
            !frame.contains("changes") || frame.contains("heartbeat") || frame.starts_with("event"),
            "{frame}"
        );
    }

    // Revoked from the command line (another process): the periodic re-check.
    let token = h
        .sqlite
        .blocking(move |conn, _| queries::agents::issue_token(conn, bo_id, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stream = open_events(&h, &token).await;
    assert!(next_frame(&mut stream).await.is_some());
    h.sqlite
        .blocking(move |conn, _| {
            sqlite::in_tx(conn, |tx| queries::admin::revoke(tx, bo_id, None, None))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    while next_frame(&mut stream).await.is_some() {}
}

/// Regression (11.8): re-enabling an agent revived its old tokens.
#[tokio::test]
async fn re_enabling_an_agent_revives_none_of_its_tokens() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (bo_id, bo) = add_agent(&h, "Bo", Role::Agent);
    let path = format!("/v1/agents/{bo_id}");
    for disabled in [true, false] {
        let body = Some(json!({ "disabled": disabled }));
        let (status, _) = call(&h.state, "PATCH", &path, Some(&admin), body).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "disabled: {disabled}");
    }
    assert_eq!(
        call(&h.state, "GET", "/v1/me", Some(&bo), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = call(
        &h.state,
        "POST",
        &format!("/v1/agents/{bo_id}/tokens"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let fresh = body["token"].as_str().unwrap_or_default();
    assert_eq!(
        call(&h.state, "GET", "/v1/me", Some(fresh), None).await.0,
        StatusCode::OK,
        "a new token works"
    );
}

/// Regression (11.8): two admins demoting each other at once could leave
/// the hub with no admin.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_demoting_each_other_leave_one_admin() {
    for round in 0..20 {
        let h = hub();
        let (a_id, a) = add_agent(&h, "Ada", Role::Admin);
        let (b_id, b) = add_agent(&h, "Bea", Role::Admin);
        let barrier = Arc::new(Barrier::new(2));
        let demote = |token: String, other: i64| {
            let (state, barrier) = (h.state.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                call(
                    &state,
                    "PATCH",
                    &format!("/v1/agents/{other}"),
                    Some(&token),
                    Some(json!({"role": "agent"})),
                )
                .await
            })
        };
        let (x, y) = (demote(a, b_id), demote(b, a_id));
        let x = x.await.unwrap_or_else(|e| panic!("{e}"));
        let y = y.await.unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !x.0.is_server_error() && !y.0.is_server_error(),
            "{x:?} {y:?}"
        );
        assert_eq!(
            count(
                &h.db,
                "SELECT count(*) FROM agents WHERE role = 'admin' AND disabled = 0"
            ),
            1,
            "round {round}: exactly one demotion took effect ({:?}, {:?})",
            x.0,
            y.0
        );
    }
}

/// Regression (11.8): every `/v1/me` wrote a `sign_in` audit entry (3,324 in
/// one run). A sign-in is a token's first use.
#[tokio::test]
async fn a_sign_in_is_audited_once_per_token() {
    let h = hub();
    let (bo_id, bo) = add_agent(&h, "Bo", Role::Agent);
    for _ in 0..10 {
        assert_eq!(
            call(&h.state, "GET", "/v1/me", Some(&bo), None).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(audit_count(&h, "sign_in"), 1);
    let second = h
        .sqlite
        .blocking(move |conn, _| queries::agents::issue_token(conn, bo_id, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    call(&h.state, "GET", "/v1/me", Some(&second), None).await;
    call(&h.state, "GET", "/v1/me", Some(&second), None).await;
    assert_eq!(
        audit_count(&h, "sign_in"),
        2,
        "a new token signs in once too"
    );
}

/// Regression (11.8): `/metrics` answered everyone, even with the API
/// behind an allowlist; `/readyz` wrote to the store on every call.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn metrics_have_their_own_allowlist_and_readiness_probes_are_paced() {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        ready_interval: Duration::from_secs(3600),
        ..LimitConfig::default()
    }));
    let (status, body) = send(&h.state, from([10, 0, 0, 5], "/metrics", None, None)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "not loopback: refused by default"
    );
    assert_eq!(body["code"], "forbidden");
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let state = h.state.clone();
        tasks.push(tokio::spawn(async move {
            call(&state, "GET", "/readyz", None, None).await.0
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap_or_else(|e| panic!("{e}")), StatusCode::OK);
    }
    let r = app(h.state.clone())
        .oneshot(from([127, 0, 0, 1], "/metrics", None, None))
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(r.status(), StatusCode::OK, "loopback may scrape");
    let text = String::from_utf8_lossy(
        &r.into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(
        text.contains("switchboard_readiness_probes_total 1\n"),
        "50 calls, one write probe:\n{text}"
    );

    h.state.limits = Arc::new(Limits::new(LimitConfig {
        metrics_allow: parse_list("10.0.0.0/8").unwrap_or_default(),
        ..LimitConfig::default()
    }));
    assert_eq!(
        send(&h.state, from([10, 0, 0, 5], "/metrics", None, None))
            .await
            .0,
        StatusCode::OK,
        "an allowed scraper"
    );
}

/// Regression (issue 25.13): erasure missed an event filed under one customer
/// that names another (a call or a preference whose `contacts` names
/// someone else): the erased customer's number and name stayed.
#[tokio::test]
async fn erasure_finds_events_filed_under_another_customer() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    conversation_from(&h, "351900000071").await;
    conversation_from(&h, "351900000072").await;
    h.sqlite
        .blocking(|conn, keys| {
            queries::ingest::keep_other_event(
                conn,
                keys,
                "calls",
                Some("351900000071"),
                &json!({"from": "351900000071", "contacts": [{"wa_id": "351900000072", "profile": {"name": "Bea Erased"}}]}),
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, body) = call(
        &h.state,
        "DELETE",
        "/v1/contacts/351900000072/data",
        Some(&admin),
        None,
    )
    .await;
    assert!(status.is_success(), "{body}");
    assert_eq!(
        count(&h.db, "SELECT COUNT(*) FROM other_events"),
        0,
        "the event that names the erased customer is gone too"
    );
    assert!(
        !contains(&store_bytes(&h), "Bea Erased"),
        "nothing of the name is left in the files"
    );
}

/// Issue 31.3: a command run on a folder that holds no store (not the
/// service's) is refused with the folder's name; no empty store is made
/// there to take the new agent and its token.
#[test]
fn the_command_line_never_makes_a_store_in_the_wrong_folder() {
    let hub_bin = env!("CARGO_BIN_EXE_switchboard-hub");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let elsewhere = dir.path().join("not-the-service");
    let out = std::process::Command::new(hub_bin)
        .arg("--data-dir")
        .arg(&elsewhere)
        .args(["agent", "add", "--role", "admin", "--name", "Ana"])
        .env_remove("SWITCHBOARD_DATABASE_URL")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "refused");
    assert!(
        said.contains("no hub store in") && said.contains("not-the-service"),
        "names the folder: {said}"
    );
    assert!(
        !out.stdout.windows(6).any(|w| w == b"token="),
        "no token printed"
    );
    assert!(
        !elsewhere.join("hub.sqlite3").exists(),
        "no store made there"
    );
}
