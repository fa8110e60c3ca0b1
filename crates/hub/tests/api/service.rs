//! Service levels (issue 29): business hours and automatic replies per
//! inbox (admins only, checked), the greeting and the away reply queued
//! once however many messages the customer sends (and, on PostgreSQL,
//! however many hubs receive them), and snoozing (who may, what is
//! refused, and a customer's message waking it), each change audited.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use switchboard_hub::backend::postgres::PgStore;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::db;
use switchboard_hub::repo::{HubStore, ServiceChange};
use switchboard_protocol::{BusinessHours, InboxHoursRequest, Role, Shift, Weekday};
use switchboard_testpg::Postgres;
use switchboard_whatsapp::webhook;

/// The test hub's business number (`text_webhook`'s).
const NUMBER: &str = "1122334455667";

/// Hours under which the inbox is never open (no shifts) or always open.
fn hours(open: bool) -> Value {
    let shifts: Vec<Value> = if open {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| json!({"day": d, "open": "00:00", "close": "00:00"}))
            .collect()
    } else {
        vec![]
    };
    json!({"time_zone": "America/Sao_Paulo", "shifts": shifts, "holidays": ["2026-12-25"]})
}

/// Automatic replies (no agent) queued in `conversation`.
fn automatic(h: &Hub, conversation: i64) -> i64 {
    count(
        &h.db,
        &format!(
            "SELECT count(*) FROM messages WHERE conversation_id = {conversation}
               AND direction = 'outbound' AND sent_by IS NULL AND client_message_id LIKE 'auto-%'"
        ),
    )
}

async fn customer_writes(h: &Hub, from: &str, wamid: &str) {
    let status = post_signed(&h.state, &text_webhook(from, wamid, "hello?")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn only_admins_set_hours_and_bad_hours_are_refused_changing_nothing() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (_, agent) = add_agent(&h, "Sam", Role::Agent);
    let (_, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let path = format!("/v1/inboxes/{NUMBER}/hours");
    let body =
        json!({"hours": hours(false), "away_reply": "We are closed; back at 9.", "greeting": null});
    for token in [&agent, &viewer] {
        let (status, refusal) = call(&h.state, "PUT", &path, Some(token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
        assert!(refusal["request_id"].is_string(), "{refusal}");
    }
    let bad = [
        (
            json!({"hours": {"time_zone": "Mars/Olympus", "shifts": []}}),
            "invalid_hours",
        ),
        (
            json!({"hours": {"time_zone": "UTC", "shifts": [{"day": "mon", "open": "9", "close": "17:00"}]}}),
            "invalid_hours",
        ),
        (
            json!({"hours": {"time_zone": "UTC", "shifts": [], "holidays": ["2026-02-30"]}}),
            "invalid_hours",
        ),
        (json!({"away_reply": "closed"}), "invalid_hours"),
        (
            json!({"hours": hours(false), "away_reply": "   "}),
            "invalid_text",
        ),
        (
            json!({"hours": hours(false), "colour": "red"}),
            "bad_request",
        ),
    ];
    for (body, code) in bad {
        let (status, refusal) =
            call(&h.state, "PUT", &path, Some(&admin), Some(body.clone())).await;
        let expected = if code == "bad_request" {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(status, expected, "{body}: {refusal}");
        assert_eq!(refusal["code"], code, "{body}: {refusal}");
    }
    let (_, inboxes) = call(&h.state, "GET", "/v1/inboxes", Some(&agent), None).await;
    assert!(
        inboxes
            .as_array()
            .is_some_and(|a| a.iter().all(|i| i.get("hours").is_none())),
        "{inboxes}"
    );

    let (status, _) = call(&h.state, "PUT", &path, Some(&admin), Some(body)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, inboxes) = call(&h.state, "GET", "/v1/inboxes", Some(&agent), None).await;
    let inbox = inboxes
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == NUMBER))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        inbox["hours"]["time_zone"], "America/Sao_Paulo",
        "{inboxes}"
    );
    assert_eq!(inbox["away_reply"], "We are closed; back at 9.");
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM audit WHERE action = 'inbox_hours'"
        ),
        1
    );
}

#[tokio::test]
async fn a_closed_inbox_answers_once_per_closed_period_and_greets_new_conversations_once() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let path = format!("/v1/inboxes/{NUMBER}/hours");
    let settings = json!({"hours": hours(false), "away_reply": "We are closed; back at 9.",
                          "greeting": "Hello! An agent will be with you shortly."});
    let (status, _) = call(&h.state, "PUT", &path, Some(&admin), Some(settings)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    for n in 0..4 {
        customer_writes(&h, "351911000001", &format!("wamid.closed{n}")).await;
    }
    // A redelivery of the first changes nothing either.
    customer_writes(&h, "351911000001", "wamid.closed0").await;
    let c = count(
        &h.db,
        "SELECT id FROM conversations WHERE wa_id = '351911000001'",
    );
    assert_eq!(automatic(&h, c), 2, "one greeting and one away reply");
    let queued = count(
        &h.db,
        &format!(
            "SELECT count(*) FROM messages WHERE conversation_id = {c} AND send_state = 'queued' AND sent_by IS NULL"
        ),
    );
    assert_eq!(queued, 2, "both through the send queue");

    // Open all week: a new customer is greeted, and no away reply goes.
    let settings = json!({"hours": hours(true), "away_reply": "We are closed; back at 9.",
                          "greeting": "Hello! An agent will be with you shortly."});
    let (status, _) = call(&h.state, "PUT", &path, Some(&admin), Some(settings)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    customer_writes(&h, "351911000002", "wamid.open0").await;
    customer_writes(&h, "351911000002", "wamid.open1").await;
    let d = count(
        &h.db,
        "SELECT id FROM conversations WHERE wa_id = '351911000002'",
    );
    assert_eq!(automatic(&h, d), 1, "the greeting only");

    // Without settings, nothing automatic.
    let (status, _) = call(&h.state, "PUT", &path, Some(&admin), Some(json!({}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    customer_writes(&h, "351911000003", "wamid.plain0").await;
    let e = count(
        &h.db,
        "SELECT id FROM conversations WHERE wa_id = '351911000003'",
    );
    assert_eq!(automatic(&h, e), 0);

    // The away reply shows in the feed as the hub's own (no agent).
    let feed = call(&h.state, "GET", "/v1/changes?after=0", Some(&admin), None)
        .await
        .1;
    let auto: Vec<&Value> = feed["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|ch| {
            ch["type"] == "message"
                && ch["message"]["client_message_id"]
                    .as_str()
                    .is_some_and(|k| k.starts_with("auto-"))
        })
        .collect();
    assert_eq!(auto.len(), 3, "{feed}");
    assert!(
        auto.iter()
            .all(|m| m["message"]["sent_by"].is_null() && m["message"]["direction"] == "outbound")
    );
}

#[tokio::test]
async fn snoozing_follows_the_role_table_and_a_customer_wakes_it() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (sam_id, sam) = add_agent(&h, "Sam", Role::Agent);
    let (_, kim) = add_agent(&h, "Kim", Role::Agent);
    let (_, viewer) = add_agent(&h, "Vic", Role::Viewer);
    let c = conversation_from(&h, "351911000010").await;
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/assignment"),
        Some(&admin),
        Some(json!({"assignee": sam_id})),
    )
    .await;
    assert!(status.is_success(), "{status}");
    let path = format!("/v1/conversations/{c}/snooze");
    let until = db::now() + 3_600;
    let before = snapshot(&h.db);
    for (token, expected) in [
        (&kim, StatusCode::NOT_FOUND),
        (&viewer, StatusCode::FORBIDDEN),
    ] {
        let (status, refusal) = call(
            &h.state,
            "POST",
            &path,
            Some(token),
            Some(json!({"until": until})),
        )
        .await;
        assert!(
            status == expected || status == StatusCode::FORBIDDEN,
            "{status} {refusal}"
        );
        assert!(
            refusal["code"].is_string() && refusal["request_id"].is_string(),
            "{refusal}"
        );
    }
    for body in [
        json!({"until": db::now() - 5}),
        json!({"until": db::now() + 400 * 86_400}),
        json!({"until": "soon"}),
        json!({"for": 5}),
    ] {
        let (status, refusal) = call(&h.state, "POST", &path, Some(&sam), Some(body.clone())).await;
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{body}: {refusal}"
        );
        assert!(refusal["request_id"].is_string(), "{refusal}");
    }
    assert_eq!(snapshot(&h.db), before, "refusals change nothing");

    let (status, _) = call(
        &h.state,
        "POST",
        &path,
        Some(&sam),
        Some(json!({"until": until})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let now = latest_conversation(&h.state, &sam).await;
    assert_eq!(
        (now["snoozed"].clone(), now["snoozed_until"].clone()),
        (json!(true), json!(until))
    );

    // Until the customer writes; the customer writes: back, for everyone.
    let (status, _) = call(&h.state, "POST", &path, Some(&sam), Some(json!({}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        latest_conversation(&h.state, &admin).await["snoozed_until"],
        Value::Null
    );
    assert_eq!(latest_conversation(&h.state, &admin).await["snoozed"], true);
    customer_writes(&h, "351911000010", "wamid.wakes").await;
    assert_eq!(
        latest_conversation(&h.state, &sam).await.get("snoozed"),
        None,
        "absent: not snoozed"
    );

    // Snoozed again, then woken by hand; a resolved conversation cannot be.
    let (status, _) = call(
        &h.state,
        "POST",
        &path,
        Some(&sam),
        Some(json!({"until": until})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/wake"),
        Some(&sam),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        latest_conversation(&h.state, &sam).await.get("snoozed"),
        None,
        "absent: not snoozed"
    );
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/status"),
        Some(&sam),
        Some(json!({"status": "resolved"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, refusal) = call(
        &h.state,
        "POST",
        &path,
        Some(&sam),
        Some(json!({"until": until})),
    )
    .await;
    assert_eq!(
        (status, refusal["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("not_open"))
    );
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM audit WHERE action = 'snooze'"),
        3
    );
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM audit WHERE action = 'wake'"),
        1
    );
}

/// A customer's message to the business, written now.
fn inbound(wamid: &str) -> Vec<webhook::Event> {
    let value = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": NUMBER},
            "messages": [{"from": "351911000099", "id": wamid, "timestamp": db::now().to_string(),
                          "type": "text", "text": {"body": "anyone there?"}}]
        }}]}]
    });
    webhook::parse(&serde_json::to_vec(&value).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hubs_receiving_at_once_queue_one_away_reply() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let mut hubs = Vec::new();
    for name in ["hub-a", "hub-b"] {
        hubs.push(Arc::new(
            PgStore::connect(&pg.url(), Keyring::new(1, [9u8; 32]), name)
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        ));
    }
    let (admin, _) = hubs[0]
        .create_agent("Ana".into(), Role::Admin, 90, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = InboxHoursRequest {
        hours: Some(BusinessHours {
            time_zone: "Asia/Kolkata".into(),
            shifts: vec![Shift {
                day: Weekday::Mon,
                open: "09:00".into(),
                close: "09:00".into(),
            }]
            .into_iter()
            .filter(|_| false)
            .collect(),
            holidays: vec![],
        }),
        away_reply: Some("Closed now; we answer from 9:00.".into()),
        greeting: None,
        csat_question: None,
        csat_answers: None,
    };
    hubs[0]
        .change_service(
            ServiceChange::SetInboxHours {
                id: NUMBER.into(),
                settings,
            },
            admin,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Twenty messages, each hub receiving ten, all at once.
    let mut tasks = Vec::new();
    for n in 0..20 {
        let hub = hubs[n % 2].clone();
        tasks.push(tokio::spawn(async move {
            hub.ingest(inbound(&format!("wamid.rush{n}"))).await
        }));
    }
    for t in tasks {
        t.await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let db = pg.client().await;
    let rows = db
        .query(
            "SELECT id FROM messages WHERE direction = 'outbound' AND client_message_id LIKE 'auto-away-%'",
            &[],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 1, "one away reply for one closed period");
    // And one hub takes it from the send queue: one Graph API call.
    let mut taken = 0;
    for hub in &hubs {
        for send in hub.due_sends(db::now() + 1, 10).await.unwrap_or_default() {
            if hub.mark_in_flight(send.message_id).await.unwrap_or(false) {
                taken += 1;
            }
        }
    }
    assert_eq!(taken, 1);
}

/// A customer's tap on reply button `id` of the survey.
fn tap(from: &str, wamid: &str, id: &str, title: &str) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": NUMBER},
            "contacts": [{"profile": {"name": "Rita"}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": db::now().to_string(), "type": "interactive",
                          "interactive": {"type": "button_reply", "button_reply": {"id": id, "title": title}}}]
        }}]}]
    })
}

#[tokio::test]
async fn resolving_asks_for_a_rating_once_and_the_answer_rates_without_reopening() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (sam_id, sam) = add_agent(&h, "Sam", Role::Agent);
    let path = format!("/v1/inboxes/{NUMBER}/hours");
    let (status, _) = call(
        &h.state,
        "PUT",
        &path,
        Some(&admin),
        Some(json!({"csat_question": "How did we do today?"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let c = conversation_from(&h, "351911000050").await;
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/assignment"),
        Some(&admin),
        Some(json!({"assignee": sam_id})),
    )
    .await;
    assert!(status.is_success());
    let set = |resolved: bool| {
        let state = h.state.clone();
        let sam = sam.clone();
        async move {
            let body = json!({"status": if resolved { "resolved" } else { "open" }});
            call(
                &state,
                "POST",
                &format!("/v1/conversations/{c}/status"),
                Some(&sam),
                Some(body),
            )
            .await
            .0
        }
    };
    assert_eq!(set(true).await, StatusCode::NO_CONTENT);
    let surveys = || {
        count(
            &h.db,
            &format!(
                "SELECT count(*) FROM messages WHERE conversation_id = {c} AND kind = 'interactive' AND client_message_id LIKE 'auto-csat-%'"
            ),
        )
    };
    assert_eq!(surveys(), 1, "asked on resolve, as an interactive message");
    // Reopened and resolved again with no new word from the customer: not asked twice.
    assert_eq!(set(false).await, StatusCode::NO_CONTENT);
    assert_eq!(set(true).await, StatusCode::NO_CONTENT);
    assert_eq!(surveys(), 1);

    // The customer taps "Good": rated, still resolved, not counted unread
    // (the one unread is the first message).
    assert_eq!(
        post_signed(
            &h.state,
            &tap("351911000050", "wamid.tap1", "csat:3", "😀 Good")
        )
        .await,
        StatusCode::OK
    );
    let conv = latest_conversation(&h.state, &sam).await;
    assert_eq!(
        (
            conv["csat"].clone(),
            conv["status"].clone(),
            conv["unread"].clone()
        ),
        (json!(3), json!("resolved"), json!(1)),
        "{conv}"
    );
    let (_, report) = call(
        &h.state,
        "GET",
        &format!(
            "/v1/reports?from={}&to={}",
            db::now() - 100,
            db::now() + 100
        ),
        Some(&admin),
        None,
    )
    .await;
    let row = report["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["agent_id"] == sam_id))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(
        (row["csat_good"].clone(), report["csat_good"].clone()),
        (json!(1), json!(1)),
        "{report}"
    );
    let req = axum::http::Request::get(format!(
        "/v1/reports/csv?from={}&to={}",
        db::now() - 100,
        db::now() + 100
    ))
    .header("authorization", format!("Bearer {admin}"))
    .body(axum::body::Body::empty())
    .unwrap_or_else(|e| panic!("{e}"));
    let (_, csv) = send_text(&h.state, req).await;
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Sam,") && l.ends_with(",1,0,0")),
        "the CSV counts the rating: {csv}"
    );

    // Another button is an ordinary message: it reopens.
    assert_eq!(
        post_signed(
            &h.state,
            &tap("351911000050", "wamid.tap2", "order:yes", "Yes")
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(latest_conversation(&h.state, &sam).await["status"], "open");

    // A question that is no text is refused.
    let (status, refusal) = call(
        &h.state,
        "PUT",
        &path,
        Some(&admin),
        Some(json!({"csat_question": "  "})),
    )
    .await;
    assert_eq!(
        (status, refusal["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_text"))
    );
}

#[tokio::test]
async fn the_survey_asks_in_the_inboxs_own_words_and_bad_answers_change_nothing() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let path = format!("/v1/inboxes/{NUMBER}/hours");
    let put = |body: Value| {
        let state = h.state.clone();
        let (admin, path) = (admin.clone(), path.clone());
        async move { call(&state, "PUT", &path, Some(&admin), Some(body)).await }
    };
    let question = "Como foi o nosso atendimento?";
    let answers = json!(["😀 Bom", " 😐 Regular ", "🙁 Ruim"]);
    let (status, _) = put(json!({"csat_question": question, "csat_answers": answers})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Refused, each with the rule it breaks, and the inbox keeps its words:
    // two answers, a title over WhatsApp's 20 characters, the same title
    // twice, a title on two lines.
    for bad in [
        json!(["Bom", "Ruim"]),
        json!(["😀 Bom", "😐 Regular demais para caber", "🙁 Ruim"]),
        json!(["Bom", "bom", "Ruim"]),
        json!(["Bom", "Re\ngular", "Ruim"]),
    ] {
        let (status, refusal) = put(json!({"csat_question": question, "csat_answers": bad})).await;
        assert_eq!(
            (status, refusal["code"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_text")),
            "{bad}: {refusal}"
        );
        assert!(refusal["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (_, inboxes) = call(&h.state, "GET", "/v1/inboxes", Some(&admin), None).await;
    let inbox = inboxes
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == NUMBER))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(
        inbox["csat_answers"],
        json!(["😀 Bom", "😐 Regular", "🙁 Ruim"]),
        "kept trimmed, unchanged by the refusals: {inbox}"
    );

    // Resolving asks with the inbox's titles.
    let c = conversation_from(&h, "351911000051").await;
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{c}/status"),
        Some(&admin),
        Some(json!({"status": "resolved"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, feed) = call(&h.state, "GET", "/v1/changes?after=0", Some(&admin), None).await;
    let survey = feed["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("message"))
        .find(|m| {
            m["client_message_id"]
                .as_str()
                .is_some_and(|k| k.starts_with("auto-csat-"))
        })
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(
        (survey["text"].clone(), survey["details"]["options"].clone()),
        (json!(question), json!(["😀 Bom", "😐 Regular", "🙁 Ruim"])),
        "{survey}"
    );

    // A tap on the translated "good" still rates 3 (the button's id).
    assert_eq!(
        post_signed(
            &h.state,
            &tap("351911000051", "wamid.tap-pt", "csat:3", "😀 Bom")
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(latest_conversation(&h.state, &admin).await["csat"], 3);

    // Without a question the answers are not kept.
    let (status, _) = put(json!({"csat_answers": answers})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, inboxes) = call(&h.state, "GET", "/v1/inboxes", Some(&admin), None).await;
    assert!(
        inboxes
            .as_array()
            .and_then(|a| a.iter().find(|i| i["id"] == NUMBER))
            .is_some_and(|i| i.get("csat_answers").is_none()),
        "{inboxes}"
    );
}
