//! Macros (issue 29): every role reads them, only admins keep them, a bad
//! macro is refused with its reason and changes nothing, each change audited.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_protocol::Role;

#[tokio::test]
async fn only_admins_keep_macros_and_bad_ones_change_nothing() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (_, agent) = add_agent(&h, "Sam", Role::Agent);
    let (_, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let refund = json!({"name": "Refund done", "steps": [
        {"type": "reply", "text": "Your refund is on its way, {{contact.name}}."},
        {"type": "snooze", "hours": 48},
        {"type": "resolve"}
    ]});
    for token in [&agent, &viewer] {
        let (status, refusal) = call(
            &h.state,
            "POST",
            "/v1/macros",
            Some(token),
            Some(refund.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
        assert!(refusal["request_id"].is_string());
    }
    let (status, created) = call(
        &h.state,
        "POST",
        "/v1/macros",
        Some(&admin),
        Some(refund.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_i64().unwrap_or(0);
    let before = snapshot(&h.db);
    for (bad, status_code, code) in [
        (
            refund.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "duplicate_name",
        ),
        (
            json!({"name": "Empty", "steps": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_macro",
        ),
        (
            json!({"name": "Blank", "steps": [{"type": "note", "text": "  "}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_macro",
        ),
        (
            json!({"name": "Never", "steps": [{"type": "snooze", "hours": 0}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_macro",
        ),
        (
            json!({"name": "Odd", "steps": [{"type": "explode"}]}),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            json!({"name": "Odd", "steps": [{"type": "resolve"}], "colour": 1}),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ] {
        let (status, refusal) = call(
            &h.state,
            "POST",
            "/v1/macros",
            Some(&admin),
            Some(bad.clone()),
        )
        .await;
        assert_eq!(
            (status, refusal["code"].clone()),
            (status_code, json!(code)),
            "{bad}: {refusal}"
        );
    }
    let (status, _) = call(
        &h.state,
        "PUT",
        "/v1/macros/999",
        Some(&admin),
        Some(refund.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(snapshot(&h.db), before, "refusals change nothing");

    let (_, listed) = call(&h.state, "GET", "/v1/macros", Some(&viewer), None).await;
    assert_eq!(
        listed[0]["steps"][1],
        json!({"type": "snooze", "hours": 48}),
        "{listed}"
    );
    let renamed = json!({"name": "Refunded", "steps": [{"type": "resolve"}]});
    let (status, _) = call(
        &h.state,
        "PUT",
        &format!("/v1/macros/{id}"),
        Some(&admin),
        Some(renamed),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &h.state,
        "DELETE",
        &format!("/v1/macros/{id}"),
        Some(&agent),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &h.state,
        "DELETE",
        &format!("/v1/macros/{id}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, listed) = call(&h.state, "GET", "/v1/macros", Some(&agent), None).await;
    assert_eq!(listed, json!([]));
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM audit WHERE action LIKE 'macro_%'"
        ),
        3
    );
}
