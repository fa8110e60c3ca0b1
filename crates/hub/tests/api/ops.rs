//! Operations: limits, metrics, contact export and erasure, the audit chain.

use crate::common::*;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use switchboard_hub::app;
use switchboard_hub::limits::{LimitConfig, Limits};
use switchboard_hub::queries::audit;
use switchboard_protocol::Role;
use tower::ServiceExt;

#[tokio::test]
async fn a_webhook_over_3_mib_is_413_and_stores_nothing() {
    let h = hub();
    let mut big =
        serde_json::to_vec(&text_webhook("351900000001", "wamid.big", "x")).unwrap_or_default();
    big.extend(std::iter::repeat_n(b' ', 3 * 1024 * 1024 + 1));
    let sig = switchboard_whatsapp::signature::sign(SECRET.as_bytes(), &big);
    assert_eq!(
        post_webhook(&h.state, &big, Some(sig)).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(count(&h.db, "SELECT count(*) FROM messages"), 0);
}

#[tokio::test]
async fn failed_logins_are_limited_per_address_and_requests_per_token() {
    let mut h = hub();
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        failed_auth_per_window: 3,
        token_per_sec: 0.01,
        token_burst: 5.0,
        ..LimitConfig::default()
    }));
    let (_, token) = add_agent(&h, "Ada", Role::Admin);
    let from = |ip: [u8; 4], token: &str| {
        let mut req = Request::get("/v1/me")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
        req
    };
    for _ in 0..3 {
        let r = app(h.state.clone())
            .oneshot(from([10, 0, 0, 1], "wrong"))
            .await
            .unwrap_or_else(|e| match e {});
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = app(h.state.clone())
        .oneshot(from([10, 0, 0, 1], "wrong"))
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the address is blocked for bad tokens"
    );
    assert!(r.headers().get("retry-after").is_some());
    let r = app(h.state.clone())
        .oneshot(from([10, 0, 0, 1], &token))
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "a valid token is never locked out by others' failures at its address"
    );
    let r = app(h.state.clone())
        .oneshot(from([10, 0, 0, 2], "wrong"))
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "other addresses are unaffected"
    );

    let mut limited = None;
    for _ in 0..10 {
        let r = app(h.state.clone())
            .oneshot(from([10, 0, 0, 3], &token))
            .await
            .unwrap_or_else(|e| match e {});
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            break;
        }
    }
    assert!(
        limited.is_some_and(|s| s.parse::<u64>().is_ok_and(|n| n >= 1)),
        "the token's budget runs out with Retry-After"
    );

    let (_, text) = metrics(&h).await;
    assert!(text.contains("switchboard_failed_logins_total 4"), "{text}");
    assert!(text.contains("switchboard_rate_limited_total{scope=\"auth\"} 1"));
}

#[tokio::test]
async fn metrics_count_webhooks_signature_failures_and_requests() {
    let h = hub();
    assert_eq!(
        post_signed(&h.state, &text_webhook("351900000001", "wamid.m1", "hi")).await,
        StatusCode::OK
    );
    assert_eq!(
        post_signed(&h.state, &text_webhook("351900000001", "wamid.m1", "hi")).await,
        StatusCode::OK
    );
    assert_eq!(
        post_webhook(&h.state, b"{}", Some("sha256=00".into())).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, text) = metrics(&h).await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        "switchboard_webhook_events_total{kind=\"message\"} 1",
        "switchboard_webhook_events_total{kind=\"duplicate\"} 1",
        "switchboard_webhook_signature_failures_total 1",
        "switchboard_http_requests_total{method=\"POST\",route=\"/webhooks/whatsapp\",status=\"200\"} 2",
        "switchboard_send_queue_depth 0",
        "switchboard_quarantined_payloads 0",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let ready = app(h.state.clone())
        .oneshot(
            Request::get("/readyz")
                .body(Body::empty())
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(ready.status(), StatusCode::OK);
}

#[tokio::test]
async fn contact_export_and_erasure() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (_, agent) = add_agent(&h, "Sam", Role::Agent);
    for (w, wa) in [
        ("wamid.e1", "351900000001"),
        ("wamid.e2", "351900000001"),
        ("wamid.e3", "351900000002"),
    ] {
        assert_eq!(
            post_signed(&h.state, &text_webhook(wa, w, &format!("text of {w}"))).await,
            StatusCode::OK
        );
    }
    let (status, export) = call(
        &h.state,
        "GET",
        "/v1/contacts/351900000001/data",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let texts: Vec<&str> = export["conversations"][0]["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        vec!["text of wamid.e1", "text of wamid.e2"],
        "the export holds the decrypted history"
    );
    assert_eq!(
        call(&h.state, "GET", "/v1/contacts/999/data", Some(&admin), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &h.state,
            "GET",
            "/v1/contacts/12ab/data",
            Some(&admin),
            None
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );

    let (_, feed_before) = call(&h.state, "GET", "/v1/changes?after=0", Some(&agent), None).await;
    let cursor = feed_before["next"].as_i64().unwrap_or(0);
    let (status, erased) = call(
        &h.state,
        "DELETE",
        "/v1/contacts/351900000001/data",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(erased["erased_messages"], 2);
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM messages WHERE wamid IN ('wamid.e1', 'wamid.e2')"
        ),
        0
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM conversations WHERE wa_id = '351900000001'"
        ),
        0
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM messages WHERE wamid = 'wamid.e3'"
        ),
        1,
        "other contacts stay"
    );

    let (_, feed) = call(
        &h.state,
        "GET",
        &format!("/v1/changes?after={cursor}"),
        Some(&agent),
        None,
    )
    .await;
    let revoked = feed["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "revoked");
    assert!(
        revoked,
        "desktops are told to purge the erased contact: {feed}"
    );
    let (_, from_zero) = call(&h.state, "GET", "/v1/changes?after=0", Some(&agent), None).await;
    let leaked = from_zero.to_string().contains("text of wamid.e1");
    assert!(!leaked, "nothing of the erased contact is served any more");
}

#[tokio::test]
async fn the_audit_log_records_actions_in_an_intact_chain() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    assert_eq!(
        post_signed(&h.state, &text_webhook("351900000001", "wamid.a1", "hi")).await,
        StatusCode::OK
    );
    let conversation = count(&h.db, "SELECT id FROM conversations");
    let (status, created) = call(
        &h.state,
        "POST",
        "/v1/agents",
        Some(&admin),
        Some(json!({"name": "Sam", "role": "agent"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let sam = created["agent_id"].as_i64().unwrap_or(0);
    assert!(
        created["token"].as_str().is_some_and(|t| t.len() >= 64),
        "a token with at least 256 bits"
    );
    call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{conversation}/assignment"),
        Some(&admin),
        Some(json!({"assignee": sam})),
    )
    .await;
    call(
        &h.state,
        "POST",
        &format!("/v1/agents/{sam}/tokens?rotate=true"),
        Some(&admin),
        None,
    )
    .await;
    let (_, log) = call(&h.state, "GET", "/v1/audit", Some(&admin), None).await;
    let actions: Vec<&str> = log
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, vec!["agent_add", "assign", "token_rotate"]);
    let conn = rusqlite::Connection::open(&h.db).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audit::verify(&conn).ok(), Some(Ok(3)));
    let tokens: Value = call(
        &h.state,
        "GET",
        &format!("/v1/agents/{sam}/tokens"),
        Some(&admin),
        None,
    )
    .await
    .1;
    let live = tokens
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["revoked_at"].is_null())
        .count();
    assert_eq!(live, 1, "rotation leaves exactly one live token: {tokens}");
    assert!(
        !tokens.to_string().contains("sbt_"),
        "token secrets are never listed"
    );
}
