//! Service-level targets (issue 29): policies (admins only, checked), due
//! times set by the customer's messages in business hours, met by an
//! agent's reply and by resolving, missed ones recorded once, and the
//! report's figures per agent.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};
use switchboard_hub::db;
use switchboard_protocol::{BusinessHours, Role, Schedule, Shift, Weekday};

async fn reply(h: &Hub, token: &str, c: i64, key: &str) {
    let (status, body) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/messages"),
        Some(token),
        Some(json!({"client_message_id": key, "text": "On it."})),
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
}

fn events(h: &Hub) -> Vec<(String, i64, Option<i64>)> {
    let conn = rusqlite::Connection::open(&h.db).unwrap_or_else(|e| panic!("{e}"));
    let mut stmt = conn
        .prepare("SELECT kind, met, agent_id FROM sla_events ORDER BY due_at, kind")
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn only_admins_keep_policies_and_bad_rules_change_nothing() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (_, agent) = add_agent(&h, "Sam", Role::Agent);
    let (_, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let rule = json!({"name": "Everyone", "first_response_secs": 3600});
    for token in [&agent, &viewer] {
        let (status, refusal) = call(
            &h.state,
            "POST",
            "/v1/sla-policies",
            Some(token),
            Some(rule.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
        let (status, _) = call(&h.state, "DELETE", "/v1/sla-policies/1", Some(token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, created) = call(
        &h.state,
        "POST",
        "/v1/sla-policies",
        Some(&admin),
        Some(rule.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_i64().unwrap_or(0);
    let before = snapshot(&h.db);
    for (bad, code) in [
        (
            json!({"name": "Everyone", "first_response_secs": 3600}),
            "duplicate_name",
        ),
        (
            json!({"name": "Fast", "first_response_secs": 30}),
            "invalid_policy",
        ),
        (json!({"name": "None"}), "invalid_policy"),
        (
            json!({"name": "Two", "inbox": "1", "team_id": 1, "first_response_secs": 600}),
            "invalid_policy",
        ),
        (
            json!({"name": "Gone", "label_id": 99, "first_response_secs": 600}),
            "unknown_label",
        ),
        (
            json!({"name": "Gone", "team_id": 99, "first_response_secs": 600}),
            "invalid_team",
        ),
    ] {
        let (status, refusal) = call(
            &h.state,
            "POST",
            "/v1/sla-policies",
            Some(&admin),
            Some(bad.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {refusal}");
        assert_eq!(refusal["code"], code, "{bad}: {refusal}");
    }
    let (status, _) = call(
        &h.state,
        "PUT",
        "/v1/sla-policies/777",
        Some(&admin),
        Some(rule.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(snapshot(&h.db), before, "refusals change nothing");
    let (_, listed) = call(&h.state, "GET", "/v1/sla-policies", Some(&viewer), None).await;
    assert_eq!(listed[0]["first_response_secs"], 3600, "{listed}");
    let (status, _) = call(
        &h.state,
        "DELETE",
        &format!("/v1/sla-policies/{id}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM audit WHERE action LIKE 'sla_policy%'"
        ),
        2
    );
}

#[tokio::test]
async fn targets_fall_due_from_the_customer_and_are_met_or_missed_by_the_team() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (sam_id, sam) = add_agent(&h, "Sam", Role::Agent);
    let rule = json!({"name": "Everyone", "first_response_secs": 3600, "next_response_secs": 1800, "resolution_secs": 86400});
    let (status, _) = call(
        &h.state,
        "POST",
        "/v1/sla-policies",
        Some(&admin),
        Some(rule),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let t0 = db::now();
    let c = conversation_from(&h, "351913000001").await;
    let conv = latest_conversation(&h.state, &admin).await;
    let due = conv["due_at"].as_i64().unwrap_or(0);
    assert!(
        (t0 + 3600..=t0 + 3605).contains(&due),
        "first response an hour on: {conv}"
    );
    assert_eq!(conv["due_kind"], "first_response");

    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/assignment"),
        Some(&admin),
        Some(json!({"assignee": sam_id})),
    )
    .await;
    assert!(status.is_success());
    // A note is not an answer.
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/messages"),
        Some(&sam),
        Some(json!({"client_message_id": "n1", "text": "checking", "note": true})),
    )
    .await;
    assert!(status.is_success());
    assert_eq!(
        latest_conversation(&h.state, &sam).await["due_kind"],
        "first_response"
    );
    reply(&h, &sam, c, "r1").await;
    let conv = latest_conversation(&h.state, &sam).await;
    assert_eq!(
        conv["due_kind"], "resolution",
        "answered: the resolution target is next: {conv}"
    );
    assert_eq!(
        events(&h),
        vec![("first_response".to_owned(), 1, Some(sam_id))]
    );

    // The customer writes again: the next response is due in 30 minutes.
    post_signed(
        &h.state,
        &text_webhook("351913000001", "wamid.again", "and?"),
    )
    .await;
    let conv = latest_conversation(&h.state, &sam).await;
    assert_eq!(conv["due_kind"], "next_response", "{conv}");

    // Nobody answers in time: the sweep records it once, however often it runs.
    let later = db::now() + 7200;
    assert_eq!(
        h.state.store.record_sla_breaches(later).await.unwrap_or(0),
        1
    );
    assert_eq!(
        h.state.store.record_sla_breaches(later).await.unwrap_or(0),
        0
    );
    reply(&h, &sam, c, "r2").await;
    let recorded = events(&h);
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert!(
        recorded.contains(&("next_response".to_owned(), 0, Some(sam_id))),
        "missed, then answered late: {recorded:?}"
    );

    // Resolving meets the resolution target and stops every clock.
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/status"),
        Some(&sam),
        Some(json!({"status": "resolved"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let conv = latest_conversation(&h.state, &sam).await;
    assert!(conv.get("due_at").is_none(), "{conv}");
    assert_eq!(events(&h).len(), 3);

    // The report counts them per agent and in all.
    let (status, report) = call(
        &h.state,
        "GET",
        &format!("/v1/reports?from={}&to={}", t0 - 10, t0 + 200_000),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["sla_met"].clone(), report["sla_missed"].clone()),
        (json!(2), json!(1)),
        "{report}"
    );
    let sam_row = report["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["agent_id"] == sam_id))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(
        (sam_row["sla_met"].clone(), sam_row["sla_missed"].clone()),
        (json!(2), json!(1)),
        "{report}"
    );
}

#[tokio::test]
async fn a_target_counts_business_hours_from_the_inbox_opening() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    // Open every day two to ten hours from now (UTC): closed now.
    let hour = db::now() / 3600;
    let at = |h: i64| format!("{:02}:00", h.rem_euclid(24));
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let hours = BusinessHours {
        time_zone: "UTC".into(),
        shifts: days
            .iter()
            .map(|&day| Shift {
                day,
                open: at(hour + 2),
                close: at(hour + 10),
            })
            .collect(),
        holidays: vec![],
    };
    let (status, _) = call(
        &h.state,
        "PUT",
        "/v1/inboxes/1122334455667/hours",
        Some(&admin),
        Some(json!({"hours": hours})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &h.state,
        "POST",
        "/v1/sla-policies",
        Some(&admin),
        Some(
            json!({"name": "Support line", "inbox": "1122334455667", "first_response_secs": 1800}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    conversation_from(&h, "351913000002").await;
    let schedule = Schedule::new(&hours).unwrap_or_else(|e| panic!("{e}"));
    let opens = schedule.state(db::now()).until.unwrap_or(0);
    let conv = latest_conversation(&h.state, &admin).await;
    assert_eq!(
        conv["due_at"],
        json!(opens + 1800),
        "half an hour after opening: {conv}"
    );
}
