//! The database down under a running hub (found by the chaos soak, issue
//! 32): a webhook the hub cannot store is answered 503 with Retry-After,
//! as it promises Meta (which retries), never 500, and so is a desktop's
//! request; once the database is back the same webhook is stored once.

use crate::common::*;
use axum::http::StatusCode;
use std::sync::Arc;
use switchboard_hub::AppState;
use switchboard_hub::backend::postgres::PgStore;
use switchboard_testpg::Postgres;
use zeroize::Zeroizing;

/// A hub on `store` whose Graph API calls go nowhere.
fn on_postgres(store: PgStore) -> AppState {
    AppState::with_store(
        Arc::new(store),
        0,
        graph_at("http://127.0.0.1:9"),
        Zeroizing::new(SECRET.into()),
        Zeroizing::new(VERIFY.into()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_the_database_cannot_take_is_answered_503_then_stored_once() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let store = PgStore::connect(&pg.url(), test_keyring(), "hub-outage")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let state = on_postgres(store);
    let first = text_webhook("351911000001", "wamid.outage.1", "before");
    assert_eq!(post_signed(&state, &first).await, StatusCode::OK);

    pg.kill_hard().unwrap_or_else(|e| panic!("{e}"));
    let during = text_webhook("351911000001", "wamid.outage.2", "during");
    let refused = post_signed(&state, &during).await;
    assert_eq!(
        refused,
        StatusCode::SERVICE_UNAVAILABLE,
        "not 500: Meta is told to retry"
    );

    pg.start_again().unwrap_or_else(|e| panic!("{e}"));
    // Meta's retries: the hub's connections find the restarted server.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut last = refused;
    while last != StatusCode::OK && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        last = post_signed(&state, &during).await;
        assert!(
            matches!(last, StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE),
            "{last}"
        );
    }
    assert_eq!(
        last,
        StatusCode::OK,
        "the hub stores it once the database is back"
    );
    assert_eq!(
        post_signed(&state, &during).await,
        StatusCode::OK,
        "a retry after success is a duplicate, answered 200"
    );
}

/// The database's disk full under a running hub (issue 32): PostgreSQL
/// refuses to grow its files (SQLSTATE 53100), and the hub answers a
/// desktop's write and a webhook 503 `unavailable` (it was 500 for the
/// desktop), stores nothing half-way, and writes again once space returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_database_disk_is_answered_503_then_written_once_space_returns() {
    let disk = switchboard_testpg::SmallDisk::mount(1 << 30).unwrap_or_else(|e| panic!("{e}"));
    let Some(pg) = Postgres::start_in(disk.path())
        .map_err(|missing| eprintln!("skipped: {missing}"))
        .ok()
    else {
        return;
    };
    use switchboard_hub::repo::HubStore;
    let store = PgStore::connect(&pg.url(), test_keyring(), "hub-disk")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let admin = store
        .create_agent("Ada".into(), switchboard_protocol::Role::Admin, 90, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .1;
    let state = on_postgres(store);
    let long = "Olá, preciso de ajuda com o pedido. ".repeat(100);
    let webhook = |n: usize| text_webhook("351911000001", &format!("wamid.disk.{n}"), &long);
    assert_eq!(post_signed(&state, &webhook(0)).await, StatusCode::OK);

    disk.fill().unwrap_or_else(|e| panic!("{e}"));
    // Labels until one needs a new block of its table (each is a row).
    let mut refused = None;
    for n in 0..5_000 {
        let (status, body) = call(
            &state,
            "POST",
            "/v1/labels",
            Some(&admin),
            Some(serde_json::json!({"name": format!("Label {n} {}", "x".repeat(60)), "colour": "#ff8800"})),
        )
        .await;
        match status {
            StatusCode::CREATED => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(body["code"], "unavailable", "{body}");
                refused = Some(n);
                break;
            }
            other => panic!("a desktop's write on a full database disk: {other} {body}"),
        }
    }
    assert!(refused.is_some(), "no write was refused on a full disk");
    let mut webhook_refused = false;
    for n in 1..2_000 {
        match post_signed(&state, &webhook(n)).await {
            StatusCode::OK => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                webhook_refused = true;
                disk.free().unwrap_or_else(|e| panic!("{e}"));
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
                let mut last = StatusCode::SERVICE_UNAVAILABLE;
                while last != StatusCode::OK && std::time::Instant::now() < deadline {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    last = post_signed(&state, &webhook(n)).await;
                }
                assert_eq!(last, StatusCode::OK, "stored once space returned");
                let stored = pg
                    .psql_in(
                        "switchboard",
                        &format!("SELECT count(*) FROM messages WHERE wamid = 'wamid.disk.{n}'"),
                    )
                    .unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(stored.trim(), "1", "the refused webhook stored once");
                break;
            }
            other => panic!("a webhook on a full database disk: {other}"),
        }
    }
    assert!(webhook_refused, "no webhook was refused on a full disk");
}
