//! The feed pushed on event streams (`page` events): each caller is sent
//! exactly what `/v1/changes` would serve it, and nothing is pushed that
//! the feed would judge afresh (a revocation, a token changed elsewhere).

use crate::common::*;
use axum::body::Body;
use axum::http::StatusCode;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use switchboard_hub::backend::sqlite;
use switchboard_hub::limits::{LimitConfig, Limits};
use switchboard_hub::queries;
use switchboard_protocol::Role;

/// An open `/v1/events` stream, read event by event.
struct Stream {
    body: Body,
    buffer: String,
}

impl Stream {
    async fn open(h: &Hub, token: &str) -> Stream {
        Stream {
            body: open_events(h, token).await,
            buffer: String::new(),
        }
    }

    /// The next event other than a heartbeat, as (name, data), or `None`
    /// once the stream ended.
    async fn next(&mut self) -> Option<(String, String)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let (mut name, mut data) = (String::new(), String::new());
                for line in event.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = v.trim().to_owned();
                    }
                }
                if name.is_empty() {
                    continue;
                }
                return Some((name, data));
            }
            let frame = tokio::time::timeout(Duration::from_secs(30), self.body.frame())
                .await
                .unwrap_or_else(|_| panic!("the stream neither sent nor ended within 30 s"))?
                .ok()?;
            if let Some(bytes) = frame.data_ref() {
                self.buffer.push_str(&String::from_utf8_lossy(bytes));
            }
        }
    }

    /// The next event, which must be there.
    async fn expect(&mut self) -> (String, String) {
        self.next()
            .await
            .unwrap_or_else(|| panic!("the stream ended"))
    }
}

/// What `/v1/changes` serves `token` in `(after, upto]`.
async fn pulled(h: &Hub, token: &str, after: i64, upto: i64) -> Vec<Value> {
    let (status, page) = call(
        &h.state,
        "GET",
        &format!("/v1/changes?after={after}&limit=1000"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["seq"].as_i64().is_some_and(|s| s <= upto))
        .cloned()
        .collect()
}

#[tokio::test]
async fn each_stream_is_pushed_what_the_feed_would_serve_its_caller() {
    let h = hub();
    let (_, ada) = add_agent(&h, "Ada", Role::Admin);
    let (bo_id, bo) = add_agent(&h, "Bo", Role::Agent);
    let (_, cy) = add_agent(&h, "Cy", Role::Agent);
    let (_, vi) = add_agent(&h, "Vi", Role::Viewer);
    let bos = conversation_from(&h, "351910000001").await;
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{bos}/assignment"),
        Some(&ada),
        Some(json!({"assignee": bo_id})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let callers = [("Ada", &ada), ("Bo", &bo), ("Cy", &cy), ("Vi", &vi)];
    let mut streams = Vec::new();
    for (who, token) in callers {
        let mut s = Stream::open(&h, token).await;
        let (name, data) = s.expect().await;
        assert_eq!(
            name, "changes",
            "{who}: the stream opens with the feed's seq"
        );
        streams.push((who, token, s, data.parse::<i64>().unwrap_or(-1)));
    }

    // Bo's customer writes, and a new customer, in one webhook each.
    for (from, wamid) in [("351910000001", "wamid.p1"), ("351910000002", "wamid.p2")] {
        let status = post_signed(&h.state, &text_webhook(from, wamid, "Olá, onde está?")).await;
        assert_eq!(status, StatusCode::OK);
    }
    let latest = *h.state.feed.borrow();
    for (who, token, stream, told) in &mut streams {
        let start = *told;
        let mut pushed = Vec::new();
        while *told < latest {
            let (name, data) = stream.expect().await;
            assert_eq!(
                name, "page",
                "{who}: a message is pushed, not announced: {data}"
            );
            let page: Value = serde_json::from_str(&data).unwrap_or_else(|e| panic!("{data}: {e}"));
            assert_eq!(
                page["after"].as_i64(),
                Some(*told),
                "{who}: pages follow on"
            );
            pushed.extend(page["changes"].as_array().into_iter().flatten().cloned());
            *told = page["next"].as_i64().unwrap_or(i64::MAX);
        }
        assert_eq!(*told, latest, "{who}");
        assert_eq!(
            pushed,
            pulled(&h, token, start, latest).await,
            "{who}: pushed exactly what a pull serves"
        );
        let messages: Vec<&str> = pushed
            .iter()
            .filter_map(|c| c["message"]["wamid"].as_str())
            .collect();
        let expected: &[&str] = if *who == "Cy" {
            &["wamid.p2"]
        } else {
            &["wamid.p1", "wamid.p2"]
        };
        assert_eq!(messages, expected, "{who} reads what it may, and only that");
    }
}

#[tokio::test]
async fn a_conversation_assigned_away_is_pushed_as_revoked() {
    let h = hub();
    let (_, ada) = add_agent(&h, "Ada", Role::Admin);
    let (bo_id, bo) = add_agent(&h, "Bo", Role::Agent);
    let (cy_id, _) = add_agent(&h, "Cy", Role::Agent);
    let id = conversation_from(&h, "351910000003").await;
    let path = format!("/v1/conversations/{id}/assignment");
    let assign = |to: i64| {
        call(
            &h.state,
            "POST",
            &path,
            Some(&ada),
            Some(json!({"assignee": to})),
        )
    };
    assert_eq!(assign(bo_id).await.0, StatusCode::NO_CONTENT);
    let mut s = Stream::open(&h, &bo).await;
    assert_eq!(s.expect().await.0, "changes");
    assert_eq!(assign(cy_id).await.0, StatusCode::NO_CONTENT);
    let (name, data) = s.expect().await;
    assert_eq!(name, "page", "{data}");
    let page: Value = serde_json::from_str(&data).unwrap_or_else(|e| panic!("{data}: {e}"));
    let after = page["after"].as_i64().unwrap_or(-1);
    let changes = page["changes"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        changes,
        pulled(&h, &bo, after, *h.state.feed.borrow()).await,
        "what a pull serves"
    );
    assert!(
        changes
            .iter()
            .any(|c| c["type"] == "revoked" && c["conversation_id"] == id),
        "Bo is told to let it go: {changes:?}"
    );
    assert!(
        !changes.iter().any(|c| c["type"] == "message"),
        "and nothing of its history is replayed to Bo: {changes:?}"
    );
}

#[tokio::test]
async fn more_changes_than_a_page_pushes_are_announced_and_pulled() {
    let h = hub();
    let (_, ada) = add_agent(&h, "Ada", Role::Admin);
    let mut s = Stream::open(&h, &ada).await;
    assert_eq!(s.expect().await.0, "changes");
    // One webhook of 150 messages: 300 changes.
    let mut body = text_webhook("351910000005", "wamid.b0", "burst 0");
    let messages: Vec<Value> = (0..150)
        .map(|i| {
            let one = text_webhook(
                "351910000005",
                &format!("wamid.b{i}"),
                &format!("burst {i}"),
            );
            one["entry"][0]["changes"][0]["value"]["messages"][0].clone()
        })
        .collect();
    body["entry"][0]["changes"][0]["value"]["messages"] = Value::Array(messages);
    assert_eq!(post_signed(&h.state, &body).await, StatusCode::OK);
    let latest = *h.state.feed.borrow();
    assert!(latest > 200, "the burst wrote {latest} changes");
    let (name, data) = s.expect().await;
    assert_eq!(
        (name.as_str(), data.parse::<i64>().ok()),
        ("changes", Some(latest))
    );
}

#[tokio::test]
async fn a_token_revoked_elsewhere_is_pushed_nothing_more() {
    let mut h = hub();
    // The periodic re-check is far off: only the tokens' generation can
    // stop the push.
    h.state.limits = Arc::new(Limits::new(LimitConfig {
        stream_recheck: Duration::from_secs(3_600),
        ..LimitConfig::default()
    }));
    let (bo_id, bo) = add_agent(&h, "Bo", Role::Admin);
    let mut s = Stream::open(&h, &bo).await;
    assert_eq!(s.expect().await.0, "changes");
    let status = post_signed(&h.state, &text_webhook("351910000004", "wamid.r1", "one")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s.expect().await.0, "page", "pushed while the token works");

    // Revoked from the command line (another process): this hub is not told.
    h.sqlite
        .blocking(move |conn, _| {
            sqlite::in_tx(conn, |tx| queries::admin::revoke(tx, bo_id, None, None))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let status = post_signed(&h.state, &text_webhook("351910000004", "wamid.r2", "two")).await;
    assert_eq!(status, StatusCode::OK);
    while let Some((name, data)) = s.next().await {
        assert_ne!(name, "page", "a revoked token was pushed {data}");
    }
}
