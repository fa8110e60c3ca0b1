//! Bulk actions (issue 29): 500 conversations in one request, some not the
//! caller's: the others change, the refused ones are listed with the code a
//! request for each alone would have had, the audit has one entry per
//! change, and every role meets the role table.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};
use switchboard_protocol::Role;

/// `n` customers write in; returns their conversations' ids.
async fn customers(h: &Hub, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let wa = format!("35192{i:07}");
        let status = post_signed(
            &h.state,
            &text_webhook(&wa, &format!("wamid.bulk{i}"), "hi"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        ids.push(count(
            &h.db,
            &format!("SELECT id FROM conversations WHERE wa_id = '{wa}'"),
        ));
    }
    ids
}

async fn assign(h: &Hub, admin: &str, ids: &[i64], to: i64) {
    let body = json!({"conversations": ids, "action": {"type": "assign", "assignee": to}});
    let (status, out) = call(
        &h.state,
        "POST",
        "/v1/conversations/bulk",
        Some(admin),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(out["refused"], json!([]), "{out}");
}

fn ids_of(v: &Value) -> Vec<i64> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect()
}

#[tokio::test]
async fn five_hundred_at_once_change_what_is_the_agents_and_list_the_rest() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (sam_id, sam) = add_agent(&h, "Sam", Role::Agent);
    let (kim_id, _) = add_agent(&h, "Kim", Role::Agent);
    let ids = customers(&h, 500).await;
    let (sams, kims) = ids.split_at(250);
    assign(&h, &admin, sams, sam_id).await;
    assign(&h, &admin, kims, kim_id).await;
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM audit WHERE action = 'assign'"),
        500
    );

    // Sam resolves all 500 (and one the hub never had): his change.
    let mut asked = ids.clone();
    asked.push(999_999);
    let body = json!({"conversations": asked, "action": {"type": "resolve"}});
    let (status, out) = call(
        &h.state,
        "POST",
        "/v1/conversations/bulk",
        Some(&sam),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(ids_of(&out["done"]), sams.to_vec());
    let refused: Vec<(i64, String)> = out["refused"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["conversation_id"].as_i64().unwrap_or(0),
                r["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut expected: Vec<(i64, String)> = kims
        .iter()
        .map(|id| (*id, "not_found".to_owned()))
        .collect();
    expected.push((999_999, "not_found".to_owned()));
    assert_eq!(
        refused, expected,
        "Kim's and the unknown one, in the order asked"
    );
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM audit WHERE action = 'resolve'"),
        250,
        "one entry per change"
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM conversations WHERE status = 'resolved'"
        ),
        250
    );
    assert_eq!(
        count(
            &h.db,
            &format!(
                "SELECT count(*) FROM conversations WHERE status = 'resolved' AND assignee = {kim_id}"
            )
        ),
        0
    );

    // Again: already resolved counts as done, with no new audit entry.
    let body = json!({"conversations": sams, "action": {"type": "resolve"}});
    let (_, out) = call(
        &h.state,
        "POST",
        "/v1/conversations/bulk",
        Some(&sam),
        Some(body),
    )
    .await;
    assert_eq!(ids_of(&out["done"]).len(), 250);
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM audit WHERE action = 'resolve'"),
        250
    );

    // Snoozing resolved ones is refused by their state, each with its reason.
    let body = json!({"conversations": &sams[..3], "action": {"type": "snooze", "until": null}});
    let (_, out) = call(
        &h.state,
        "POST",
        "/v1/conversations/bulk",
        Some(&sam),
        Some(body),
    )
    .await;
    assert_eq!(out["done"], json!([]), "{out}");
    assert!(
        out["refused"]
            .as_array()
            .is_some_and(|r| r.len() == 3 && r.iter().all(|x| x["code"] == "not_open")),
        "{out}"
    );
}

#[tokio::test]
async fn labels_snoozes_transfers_and_assignment_follow_the_role_table() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (sam_id, sam) = add_agent(&h, "Sam", Role::Agent);
    let (vic_id, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let ids = customers(&h, 6).await;
    assign(&h, &admin, &ids[..4], sam_id).await;
    let label = |name: &str| {
        let name = name.to_owned();
        let admin = admin.clone();
        let state = h.state.clone();
        async move {
            let (_, l) = call(
                &state,
                "POST",
                "/v1/labels",
                Some(&admin),
                Some(json!({"name": name, "colour": "#1e88e5"})),
            )
            .await;
            l["id"].as_i64().unwrap_or(0)
        }
    };
    let (vip, refund) = (label("VIP").await, label("Refund").await);
    let bulk = |token: String, body: Value| {
        let state = h.state.clone();
        async move {
            call(
                &state,
                "POST",
                "/v1/conversations/bulk",
                Some(&token),
                Some(body),
            )
            .await
        }
    };

    // Labels are added and taken off, the others kept.
    let (_, out) = bulk(
        sam.clone(),
        json!({"conversations": &ids[..4], "action": {"type": "label", "add": [vip, refund]}}),
    )
    .await;
    assert_eq!(ids_of(&out["done"]), ids[..4].to_vec(), "{out}");
    let (_, out) = bulk(
        sam.clone(),
        json!({"conversations": &ids[..2], "action": {"type": "label", "remove": [refund]}}),
    )
    .await;
    assert_eq!(ids_of(&out["done"]).len(), 2, "{out}");
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT count(*) FROM conversation_labels WHERE label_id = {refund}")
        ),
        2
    );
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT count(*) FROM conversation_labels WHERE label_id = {vip}")
        ),
        4
    );

    // An unknown label is refused for each, changing nothing.
    let before = snapshot(&h.db);
    let (status, out) = bulk(
        sam.clone(),
        json!({"conversations": &ids[..4], "action": {"type": "label", "add": [424242]}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        out["refused"]
            .as_array()
            .is_some_and(|r| r.len() == 4 && r.iter().all(|x| x["code"] == "unknown_label")),
        "{out}"
    );
    assert_eq!(snapshot(&h.db), before);

    // An agent may not assign; a viewer may do nothing; an admin may not
    // give a conversation to a viewer.
    let (_, out) = bulk(
        sam.clone(),
        json!({"conversations": &ids[..4], "action": {"type": "assign", "assignee": null}}),
    )
    .await;
    assert!(
        out["refused"]
            .as_array()
            .is_some_and(|r| r.len() == 4 && r.iter().all(|x| x["code"] == "forbidden")),
        "{out}"
    );
    for action in [
        json!({"type": "resolve"}),
        json!({"type": "snooze", "until": null}),
        json!({"type": "label", "add": [vip]}),
    ] {
        let (_, out) = bulk(
            viewer.clone(),
            json!({"conversations": &ids, "action": action}),
        )
        .await;
        assert_eq!(out["done"], json!([]), "{out}");
        assert_eq!(out["refused"].as_array().map(Vec::len), Some(6), "{out}");
    }
    let (_, out) = bulk(
        admin.clone(),
        json!({"conversations": &ids[4..], "action": {"type": "assign", "assignee": vic_id}}),
    )
    .await;
    assert_eq!(out["done"], json!([]), "{out}");
    assert_eq!(snapshot(&h.db), before, "every refusal changed nothing");

    // Sam snoozes his four; the queue's two are not his.
    let (_, out) = bulk(
        sam.clone(),
        json!({"conversations": &ids, "action": {"type": "snooze", "until": null}}),
    )
    .await;
    assert_eq!(ids_of(&out["done"]), ids[..4].to_vec(), "{out}");
    assert!(
        out["refused"]
            .as_array()
            .is_some_and(|r| r.iter().all(|x| x["code"] == "forbidden")),
        "{out}"
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM conversations WHERE snoozed = 1"
        ),
        4
    );

    // Transfers need a team that exists.
    let (_, t) = call(
        &h.state,
        "POST",
        "/v1/teams",
        Some(&admin),
        Some(json!({"name": "Sales"})),
    )
    .await;
    let sales = t["id"].as_i64().unwrap_or(0);
    let (_, out) = bulk(
        admin.clone(),
        json!({"conversations": &ids[4..], "action": {"type": "transfer", "team_id": sales}}),
    )
    .await;
    assert_eq!(ids_of(&out["done"]), ids[4..].to_vec(), "{out}");
    let (_, out) = bulk(
        admin.clone(),
        json!({"conversations": &ids[4..], "action": {"type": "transfer", "team_id": 777}}),
    )
    .await;
    assert_eq!(out["done"], json!([]), "{out}");

    // Malformed requests are refused whole.
    for body in [
        json!({"conversations": [], "action": {"type": "resolve"}}),
        json!({"conversations": (0..1001).collect::<Vec<i64>>(), "action": {"type": "resolve"}}),
        json!({"conversations": [1], "action": {"type": "explode"}}),
        json!({"conversations": [1], "action": {"type": "resolve"}, "also": 1}),
    ] {
        let (status, refusal) = bulk(admin.clone(), body.clone()).await;
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{body}: {status}"
        );
        assert!(
            refusal["code"].is_string() && refusal["request_id"].is_string(),
            "{refusal}"
        );
    }
}
