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
use switchboard_whatsapp::graph::{GraphClient, GraphConfig};
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_the_database_cannot_take_is_answered_503_then_stored_once() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let store = PgStore::connect(&pg.url(), test_keyring(), "hub-outage")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let graph = GraphClient::new(GraphConfig {
        base_url: "http://127.0.0.1:9".into(),
        version: "v24.0".into(),
        phone_number_id: "1122334455667".into(),
        access_token: "test.token.not.a.secret".into(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let state = AppState::with_store(
        Arc::new(store),
        0,
        graph,
        Zeroizing::new(SECRET.into()),
        Zeroizing::new(VERIFY.into()),
    );
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
