//! Availability and auto-assignment: new conversations go round-robin to
//! available agents under the per-agent limit, the rest wait in the queue,
//! an agent who becomes available takes the oldest waiting ones, and every
//! assignment is audited.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_protocol::Role;

/// Open conversations per holder (`None`: the queue).
fn held(h: &Hub, agent: Option<i64>) -> i64 {
    let filter = match agent {
        Some(a) => format!("assignee = {a}"),
        None => "assignee IS NULL".into(),
    };
    count(
        &h.db,
        &format!("SELECT count(*) FROM conversations WHERE status = 'open' AND {filter}"),
    )
}

/// `n` customers write at once, numbered from `from`.
async fn customers_write(h: &Hub, from: usize, n: usize) {
    let mut tasks = Vec::new();
    for i in from..from + n {
        let state = h.state.clone();
        tasks.push(tokio::spawn(async move {
            post_signed(
                &state,
                &text_webhook(&format!("35191{i:07}"), &format!("wamid.auto{i}"), "hello"),
            )
            .await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.ok(), Some(StatusCode::OK));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_conversations_go_round_robin_to_available_agents_under_the_limit() {
    let mut h = hub();
    h.state.auto_assign = Some(50);
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let team: Vec<(i64, String)> = ["Sam", "Kim", "Lee"]
        .iter()
        .map(|n| add_agent(&h, n, Role::Agent))
        .collect();
    let (dee, dee_token) = add_agent(&h, "Dee", Role::Agent);
    let (_, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let set = |token: String, available: bool| {
        let state = h.state.clone();
        async move {
            call(
                &state,
                "PUT",
                "/v1/me/availability",
                Some(&token),
                Some(json!({ "available": available })),
            )
            .await
        }
    };
    for (_, token) in &team {
        let (status, body) = set(token.clone(), true).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["assigned"], json!([]), "nothing waits yet");
    }
    assert_eq!(set(viewer.clone(), true).await.0, StatusCode::FORBIDDEN);
    let (status, me) = call(&h.state, "GET", "/v1/me", Some(&team[0].1), None).await;
    assert_eq!(
        (status, me["available"].as_bool()),
        (StatusCode::OK, Some(true))
    );

    // 30 new conversations at once: 10 each, none to Dee (away) or Ada
    // (admins take them only when available too).
    customers_write(&h, 0, 30).await;
    for (id, _) in &team {
        assert_eq!(held(&h, Some(*id)), 10, "round robin");
    }
    assert_eq!(held(&h, Some(dee)), 0, "away");
    assert_eq!(held(&h, None), 0);

    // 170 more at once: everyone reaches the limit of 50, 50 wait.
    customers_write(&h, 30, 170).await;
    for (id, _) in &team {
        assert_eq!(held(&h, Some(*id)), 50, "the limit");
    }
    assert_eq!(held(&h, None), 50, "the rest wait in the queue");
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM audit WHERE action = 'auto_assign'"
        ),
        150,
        "every assignment audited"
    );

    // Dee comes back: takes the 50 oldest waiting conversations.
    let (status, body) = set(dee_token.clone(), true).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["assigned"].as_array().map(Vec::len),
        Some(50),
        "{body}"
    );
    assert_eq!(held(&h, Some(dee)), 50);
    assert_eq!(held(&h, None), 0);

    // A resolved conversation frees a place: the next new customer goes there.
    let sam = team[0].0;
    let resolved = count(
        &h.db,
        &format!("SELECT min(id) FROM conversations WHERE assignee = {sam}"),
    );
    assert_eq!(
        call(
            &h.state,
            "POST",
            &format!("/v1/conversations/{resolved}/status"),
            Some(&team[0].1),
            Some(json!({"status": "resolved"})),
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    customers_write(&h, 200, 1).await;
    assert_eq!(held(&h, Some(sam)), 50, "Sam's freed place is taken");
    assert_eq!(held(&h, None), 0);

    // Away: no more new conversations.
    for (_, token) in &team {
        set(token.clone(), false).await;
    }
    set(dee_token, false).await;
    customers_write(&h, 201, 3).await;
    assert_eq!(held(&h, None), 3, "nobody available: the queue");
    let (_, agents) = call(&h.state, "GET", "/v1/agents", Some(&admin), None).await;
    assert!(
        agents
            .as_array()
            .into_iter()
            .flatten()
            .all(|a| a["available"] == false),
        "{agents}"
    );
}

#[tokio::test]
async fn without_the_setting_conversations_wait_in_the_queue() {
    let h = hub();
    let (_, sam) = add_agent(&h, "Sam", Role::Agent);
    let (status, _) = call(
        &h.state,
        "PUT",
        "/v1/me/availability",
        Some(&sam),
        Some(json!({"available": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    customers_write(&h, 0, 5).await;
    assert_eq!(held(&h, None), 5);
    let (status, body) = call(
        &h.state,
        "PUT",
        "/v1/me/availability",
        Some(&sam),
        Some(json!({"available": true, "limit": 3})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}
