//! Reports for admins, checked against a history whose every time is known.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_hub::db;
use switchboard_hub::queries;
use switchboard_protocol::Role;

const DAY: i64 = 86_400;

#[tokio::test]
async fn first_responses_resolutions_and_volume_per_agent_and_day() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (sam, sam_token) = add_agent(&h, "Sam", Role::Agent);
    let (kim, kim_token) = add_agent(&h, "Kim", Role::Agent);
    // Day A and day B: the two whole UTC days before today.
    let a = (db::now().div_euclid(DAY) - 2) * DAY;
    let b = a + DAY;
    for (from, wamid, at) in [
        ("351900000001", "wamid.R1", a + 100),
        ("351900000002", "wamid.R2", a + 200),
        ("351900000001", "wamid.R3", a + 1_000),
        ("351900000003", "wamid.R4", b + 50),
        ("351900000004", "wamid.R5", b + 60),
    ] {
        assert_eq!(
            post_signed(&h.state, &text_webhook_at(from, wamid, "hello", at)).await,
            StatusCode::OK
        );
    }
    let id = |wa: &str| {
        count(
            &h.db,
            &format!("SELECT id FROM conversations WHERE wa_id = '{wa}'"),
        )
    };
    let (c1, c2, c3) = (id("351900000001"), id("351900000002"), id("351900000003"));
    // Replies (and a note, which does not count) at known times.
    let replies = [
        (c1, sam, "s1", a + 160, false),
        (c2, kim, "k1", a + 500, false),
        (c3, sam, "s2", b + 80, false),
        (c3, sam, "s3", b + 90, false),
        (c3, sam, "n1", b + 95, true),
    ];
    h.sqlite
        .blocking(move |conn, keys| {
            for (conversation_id, agent_id, cmid, at, note) in replies {
                queries::outbound::record_outbound(
                    conn,
                    keys,
                    &switchboard_hub::repo::NewOutbound {
                        conversation_id,
                        agent_id: Some(agent_id),
                        client_message_id: cmid.into(),
                        text: "reply".into(),
                        payload: None,
                        note,
                    },
                )?;
                conn.execute(
                    "UPDATE messages SET timestamp = ?1, send_state = NULL WHERE client_message_id = ?2",
                    rusqlite::params![at, cmid],
                )?;
            }
            queries::outbound::set_assignee(conn, c2, Some(kim), false)?;
            queries::outbound::set_assignee(conn, c3, Some(sam), false)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    for (c, token) in [(c2, &kim_token), (c3, &sam_token)] {
        let (status, _) = call(
            &h.state,
            "POST",
            &format!("/v1/conversations/{c}/status"),
            Some(token),
            Some(json!({"status": "resolved"})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
    let resolved_at = |c: i64| {
        count(
            &h.db,
            &format!(
                "SELECT at FROM audit WHERE action = 'resolve' AND subject = 'conversation:{c}'"
            ),
        )
    };

    let to = db::now() + 1;
    let (status, report) = call(
        &h.state,
        "GET",
        &format!("/v1/reports?from={a}&to={to}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let agent = |who: i64| {
        report["agents"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["agent_id"] == who)
            .cloned()
            .unwrap_or_default()
    };
    let s = agent(sam);
    assert_eq!(s["replies"], 3, "{s}");
    assert_eq!(s["first_responses"], 2);
    assert_eq!(s["first_response_median_secs"], (60 + 30) / 2);
    assert_eq!(s["resolved"], 1);
    assert_eq!(s["resolution_median_secs"], resolved_at(c3) - (b + 50));
    let k = agent(kim);
    assert_eq!(k["replies"], 1, "{k}");
    assert_eq!(k["first_response_median_secs"], 300);
    assert_eq!(k["resolution_median_secs"], resolved_at(c2) - (a + 200));
    let days = report["days"].as_array().cloned().unwrap_or_default();
    assert_eq!(days.len(), 3, "day A, day B and today");
    let day = |at: i64| {
        days.iter()
            .find(|d| d["day"] == at)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        (
            day(a)["new_conversations"].as_i64(),
            day(a)["inbound"].as_i64(),
            day(a)["replies"].as_i64()
        ),
        (Some(2), Some(3), Some(2))
    );
    assert_eq!(
        (
            day(b)["new_conversations"].as_i64(),
            day(b)["inbound"].as_i64(),
            day(b)["replies"].as_i64()
        ),
        (Some(2), Some(2), Some(2))
    );
    assert_eq!(day(b + DAY)["resolved"], 2, "both resolved today");

    let req = axum::http::Request::get(format!("/v1/reports/csv?from={a}&to={to}"))
        .header("authorization", format!("Bearer {admin}"))
        .body(axum::body::Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, csv) = send_text(&h.state, req).await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "agent,replies,first_responses,first_response_median_secs,resolved,resolution_median_secs,sla_met,sla_missed,csat_good,csat_ok,csat_poor"
    );
    assert!(
        lines.contains(&format!("Sam,3,2,45,1,{},0,0,0,0,0", resolved_at(c3) - (b + 50)).as_str()),
        "{csv}"
    );
    assert!(
        lines.contains(&"day,new_conversations,inbound,replies,resolved"),
        "{csv}"
    );
    for (path, who, want) in [
        (
            format!("/v1/reports?from={a}&to={to}"),
            &sam_token,
            StatusCode::FORBIDDEN,
        ),
        (
            format!("/v1/reports?from={to}&to={a}"),
            &admin,
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/v1/reports?from={a}&to={}", a + 400 * DAY),
            &admin,
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/v1/reports?from={a}"),
            &admin,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        assert_eq!(
            call(&h.state, "GET", &path, Some(who), None).await.0,
            want,
            "{path}"
        );
    }
}
