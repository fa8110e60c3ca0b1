//! The hub's data disk full (issue 32): on a small filesystem left without
//! a free block, the embedded store refuses what it cannot write durably:
//! a webhook is answered 503 with Retry-After (Meta retries) and a
//! desktop's request 503 `unavailable`, never 500, never 200 for what was
//! not kept. Once space returns, the refused webhook is stored once and
//! every acknowledged one is there, once.

use crate::common::*;
use axum::http::StatusCode;
use switchboard_hub::backend::sqlite;
use switchboard_hub::{AppState, queries};
use switchboard_protocol::Role;
use switchboard_testpg::SmallDisk;
use zeroize::Zeroizing;

fn hub_on(db: &std::path::Path) -> (AppState, sqlite::Store) {
    let store = sqlite::Store::open_with(db, test_keyring(), sqlite::CommitMode::Group)
        .unwrap_or_else(|e| panic!("store: {e}"));
    let state = AppState::new(
        store.clone(),
        graph_at("http://127.0.0.1:9"),
        Zeroizing::new(SECRET.into()),
        Zeroizing::new(VERIFY.into()),
    )
    .unwrap_or_else(|e| panic!("state: {e}"));
    (state, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_data_disk_refuses_with_503_and_loses_nothing_acknowledged() {
    let disk = SmallDisk::mount(64 << 20).unwrap_or_else(|e| panic!("{e}"));
    let db = disk.path().join("hub.sqlite3");
    let (state, store) = hub_on(&db);
    let admin = store
        .blocking(|conn, _| {
            let id = queries::agents::add_agent(conn, "Ada", Role::Admin)?;
            queries::agents::issue_token(conn, id, 90)
        })
        .unwrap_or_else(|e| panic!("agent: {e}"));
    // A customer's long message, so the store needs new blocks soon.
    let long = "Olá, preciso de ajuda com o pedido. ".repeat(100);
    let webhook = |n: usize| text_webhook("351911000001", &format!("wamid.full.{n}"), &long);
    let mut acked = Vec::new();
    for n in 0..20 {
        assert_eq!(post_signed(&state, &webhook(n)).await, StatusCode::OK);
        acked.push(n);
    }

    disk.fill().unwrap_or_else(|e| panic!("{e}"));
    let mut refused = None;
    for n in 20..5_000 {
        match post_signed(&state, &webhook(n)).await {
            StatusCode::OK => acked.push(n),
            StatusCode::SERVICE_UNAVAILABLE => {
                refused = Some(n);
                break;
            }
            other => panic!("webhook {n} on a full disk: {other}, not 200 or 503"),
        }
    }
    let refused = refused.unwrap_or_else(|| panic!("no webhook was refused on a full disk"));
    let add_label = || {
        call(
            &state,
            "POST",
            "/v1/labels",
            Some(&admin),
            Some(serde_json::json!({"name": "Urgent", "colour": "#ff8800"})),
        )
    };
    let (status, body) = add_label().await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("unavailable")),
        "a desktop's write on a full disk: {body}"
    );

    disk.free().unwrap_or_else(|e| panic!("{e}"));
    // Meta's retries: the same webhook, until the hub takes it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut last = StatusCode::SERVICE_UNAVAILABLE;
    while last != StatusCode::OK && std::time::Instant::now() < deadline {
        last = post_signed(&state, &webhook(refused)).await;
        if last != StatusCode::OK {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    assert_eq!(last, StatusCode::OK, "stored once space returned");
    for n in acked.iter().chain([&refused]) {
        assert_eq!(
            post_signed(&state, &webhook(*n)).await,
            StatusCode::OK,
            "a retry of {n} is a duplicate"
        );
        let wamid = format!("wamid.full.{n}");
        let kept = store
            .blocking(move |conn, _| {
                Ok(conn.query_row(
                    "SELECT count(*) FROM messages WHERE wamid = ?1",
                    [wamid],
                    |r| r.get::<_, i64>(0),
                )?)
            })
            .unwrap_or_else(|e| panic!("count: {e}"));
        assert_eq!(kept, 1, "webhook {n} stored exactly once");
    }
    let (status, _) = add_label().await;
    assert_eq!(status, StatusCode::CREATED, "the hub writes again");
}
