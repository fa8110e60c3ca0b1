//! Webhook events that are not messages or message statuses: kept once,
//! filed under their customer, alerts listed for admins, and all of it in a
//! contact's export and gone after its erasure.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::Value;
use switchboard_protocol::Role;

const CUSTOMER: &str = "447700900123";

fn case(name: &str) -> Value {
    fixture("more_events.json")[name].clone()
}

async fn post_twice(h: &Hub, body: &Value) {
    for _ in 0..2 {
        assert_eq!(post_signed(&h.state, body).await, StatusCode::OK);
    }
}

/// Every value in every row of every table of the store, sealed ones
/// decrypted, as text.
fn every_value(h: &Hub) -> Vec<(String, String)> {
    let keys = test_keyring();
    let conn = rusqlite::Connection::open(&h.db).unwrap_or_else(|e| panic!("open: {e}"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| panic!("tables: {e}"));
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap_or_else(|e| panic!("{table}: {e}"));
        while let Ok(Some(row)) = rows.next() {
            for i in 0..n {
                let text = match row.get_ref(i) {
                    Ok(rusqlite::types::ValueRef::Text(t)) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                    Ok(rusqlite::types::ValueRef::Blob(b)) => match keys.open(1, b) {
                        Ok(plain) => String::from_utf8_lossy(&plain).into_owned(),
                        Err(_) => String::from_utf8_lossy(b).into_owned(),
                    },
                    Ok(rusqlite::types::ValueRef::Integer(v)) => v.to_string(),
                    _ => continue,
                };
                out.push((table.clone(), text));
            }
        }
    }
    out
}

fn naming(h: &Hub, who: &str) -> Vec<String> {
    every_value(h)
        .into_iter()
        .filter(|(_, v)| v.contains(who))
        .map(|(t, v)| format!("{t}: {}", v.chars().take(120).collect::<String>()))
        .collect()
}

#[tokio::test]
async fn events_are_kept_once_and_filed_under_their_customer() {
    let h = hub();
    for name in [
        "call_connect",
        "call_terminate",
        "call_status_ringing",
        "echo_text",
        "marketing_stop",
        "account_restricted",
        "template_quality",
    ] {
        post_twice(&h, &case(name)).await;
    }
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM other_events"),
        6,
        "a redelivered event is kept once (the echo is a message)"
    );
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT count(*) FROM other_events WHERE wa_id = '{CUSTOMER}'")
        ),
        4,
        "calls and the preference name their customer"
    );
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM status_events"),
        0,
        "a call's progress is not a message status"
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM other_events WHERE field = 'calls'"
        ),
        3
    );
}

#[tokio::test]
async fn alerts_reach_admins_only() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let (_, agent) = add_agent(&h, "Sam", Role::Agent);
    post_twice(&h, &case("account_restricted")).await;
    post_twice(&h, &case("template_quality")).await;
    post_twice(&h, &case("call_connect")).await;
    let (status, alerts) = call(&h.state, "GET", "/v1/alerts", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK);
    let summaries: Vec<&str> = alerts
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["summary"].as_str())
        .collect();
    assert_eq!(
        summaries,
        vec![
            "template “order_confirmation” (en_US): quality GREEN → YELLOW",
            "ACCOUNT_RESTRICTION: RESTRICTED_CUSTOMER_INITIATED_MESSAGING",
        ],
        "newest first, each once, calls are not alerts: {alerts}"
    );
    let newest = alerts[0]["id"].as_i64().unwrap_or(0);
    let (_, older) = call(
        &h.state,
        "GET",
        &format!("/v1/alerts?before={newest}&limit=5"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(older.as_array().map(Vec::len), Some(1), "paged: {older}");
    assert_eq!(
        call(&h.state, "GET", "/v1/alerts", Some(&agent), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, refusal) = call(&h.state, "GET", "/v1/alerts?since=1", Some(&admin), None).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "unknown query fields are refused"
    );
    assert!(refusal["request_id"].is_string(), "{refusal}");
    let (_, metrics) = metrics(&h).await;
    assert!(
        metrics.contains("switchboard_whatsapp_alerts_total{field=\"account_update\"} 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn export_and_erasure_cover_every_event_of_the_contact() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let other = "351900000002";
    assert_eq!(
        post_signed(
            &h.state,
            &text_webhook(CUSTOMER, "wamid.X1", "my parcel is late")
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        post_signed(&h.state, &text_webhook(other, "wamid.Y1", "someone else")).await,
        StatusCode::OK
    );
    for name in [
        "flow_reply",
        "call_connect",
        "call_terminate",
        "call_status_ringing",
        "echo_text",
        "marketing_stop",
        "account_restricted",
    ] {
        post_twice(&h, &case(name)).await;
    }
    // An event filed before events named their customer, and a signed
    // payload the hub could not read: both name the number in their body.
    let old_event = serde_json::json!({"wa_id": CUSTOMER, "note": "kept before events were filed"});
    h.sqlite
        .blocking(move |conn, keys| {
            let (key_id, sealed) = keys.seal(&serde_json::to_vec(&old_event).unwrap_or_default())?;
            conn.execute(
                "INSERT INTO other_events (received_at, field, body, key_id) VALUES (1, 'legacy', ?1, ?2)",
                rusqlite::params![sealed, key_id],
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("legacy row: {e}"));
    let unreadable = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"changes":[{{"field":"messages","value":{{"metadata":{{"phone_number_id":"1"}},"messages":[{{"from":"{CUSTOMER}","id":"wamid.Q","timestamp":"1","type":"image","image":{{"id":"../x"}}}}]}}}}]}}]}}"#
    );
    let sig = switchboard_whatsapp::signature::sign(SECRET.as_bytes(), unreadable.as_bytes());
    assert_eq!(
        post_webhook(&h.state, unreadable.as_bytes(), Some(sig)).await,
        StatusCode::OK
    );
    assert_eq!(count(&h.db, "SELECT count(*) FROM quarantine"), 1);

    let (status, export) = call(
        &h.state,
        "GET",
        &format!("/v1/contacts/{CUSTOMER}/data"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let fields: Vec<&str> = export["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        vec!["calls", "calls", "calls", "user_preferences", "legacy"],
        "{export}"
    );
    assert_eq!(export["quarantined"].as_array().map(Vec::len), Some(1));
    // Two conversations: the fixtures' business number and the tests' own.
    let texts: Vec<&str> = export["conversations"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["messages"].as_array().into_iter().flatten())
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(
        texts.contains(&"Sent from the phone: your parcel left today"),
        "the echo is one of the contact's messages: {texts:?}"
    );
    assert!(
        texts.contains(
            &"[form] contact_times: morning, evening; issue: Damaged item; order_number: A-1009"
        ),
        "a Flow reply shows the customer's answers: {texts:?}"
    );
    assert!(
        !naming(&h, CUSTOMER).is_empty(),
        "the check below can see the number"
    );

    let (status, _) = call(
        &h.state,
        "DELETE",
        &format!("/v1/contacts/{CUSTOMER}/data"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let left = naming(&h, CUSTOMER);
    assert!(
        left.is_empty(),
        "rows still name the erased number: {left:#?}"
    );
    assert!(
        !naming(&h, other).is_empty(),
        "another customer's data stays"
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM other_events WHERE field = 'account_update'"
        ),
        1,
        "an event about no customer stays"
    );
    assert_eq!(
        call(
            &h.state,
            "GET",
            &format!("/v1/contacts/{CUSTOMER}/data"),
            Some(&admin),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

/// What the business sends from its phone shows as outbound (with its
/// ticks and edits), an ended call as a notice; neither opens the 24-hour
/// window, and only the customer's call counts as unread.
#[tokio::test]
async fn echoes_and_calls_are_in_the_thread() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    post_twice(&h, &case("echo_text")).await;
    post_twice(&h, &case("call_terminate")).await;
    let echo_id = "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAERgSRUNITzEA";
    let edit = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "smb_message_echoes", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "message_echoes": [{"from": "15550783881", "to": CUSTOMER, "id": "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAERgSRUNITzIA",
            "timestamp": "1751248160", "type": "edit",
            "edit": {"original_message_id": echo_id, "message": {"type": "text", "text": {"body": "your parcel leaves tomorrow"}}}}]}}]}]});
    post_twice(&h, &edit).await;
    let delivered = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "statuses": [{"id": echo_id, "status": "delivered", "timestamp": "1751248200", "recipient_id": CUSTOMER}]}}]}]});
    post_twice(&h, &delivered).await;

    let (_, feed) = call(&h.state, "GET", "/v1/changes?after=0", Some(&admin), None).await;
    let changes = feed["changes"].as_array().cloned().unwrap_or_default();
    let latest = |wamid: &str| {
        changes
            .iter()
            .rev()
            .find(|c| c["message"]["wamid"] == wamid)
            .map(|c| c["message"].clone())
            .unwrap_or_default()
    };
    let echo = latest(echo_id);
    assert_eq!(echo["direction"], "outbound", "{echo}");
    assert_eq!(
        echo["text"], "your parcel leaves tomorrow",
        "the edit applies"
    );
    assert_eq!(echo["edited"], true);
    assert_eq!(echo["status"], "delivered", "ticks follow its statuses");
    assert!(echo["sent_by"].is_null(), "no agent sent it");
    let notice = latest("wacid.HBgLMTU1NTA3ODM4ODEVAgASGCA3");
    assert_eq!(notice["kind"], "call");
    assert_eq!(notice["direction"], "inbound");
    assert_eq!(notice["text"], "Voice call from the customer, 4 min 50 s");
    let conversation = latest_conversation(&h.state, &admin).await;
    assert_eq!(
        conversation["unread"], 1,
        "the call, not the echo: {conversation}"
    );
    assert!(
        conversation["last_inbound_at"].is_null(),
        "no customer message, no window: {conversation}"
    );
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM messages WHERE kind = 'call'"),
        1,
        "a redelivered call ends once"
    );
}

/// A customer's marketing opt-out shows on its conversations and stops
/// marketing templates (not utility ones); a resume lifts it; a late older
/// event changes nothing; erasure takes it away.
#[tokio::test]
async fn a_marketing_opt_out_shows_and_blocks_marketing_templates() {
    let mut h = hub();
    h.state.templates = std::sync::Arc::new(vec![
        switchboard_protocol::Template {
            name: "spring_sale".into(),
            language: "en".into(),
            body: "20 % off everything this week".into(),
            category: Some("MARKETING".into()),
            inboxes: None,
        },
        switchboard_protocol::Template {
            name: "order_update".into(),
            language: "en".into(),
            body: "Your order {{1}} has shipped.".into(),
            category: Some("UTILITY".into()),
            inboxes: None,
        },
    ]);
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    assert_eq!(
        post_signed(&h.state, &text_webhook(CUSTOMER, "wamid.M1", "hello")).await,
        StatusCode::OK
    );
    let conversation = count(
        &h.db,
        &format!("SELECT id FROM conversations WHERE wa_id = '{CUSTOMER}'"),
    );
    let preference = |value: &str, ts: i64| {
        serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "user_preferences", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "user_preferences": [{"wa_id": CUSTOMER, "detail": "", "category": "marketing_messages", "value": value, "timestamp": ts}]}}]}]})
    };
    let state_of = |h: &Hub| {
        let (state, admin) = (h.state.clone(), admin.clone());
        async move { latest_conversation(&state, &admin).await["marketing_opt_out"].clone() }
    };
    let send = |name: &str, cmid: &str, params: Vec<&str>| {
        let state = h.state.clone();
        let admin = admin.clone();
        let body = serde_json::json!({"client_message_id": cmid,
            "template": {"name": name, "language": "en", "parameters": params}});
        async move {
            call(
                &state,
                "POST",
                &format!("/v1/conversations/{conversation}/messages"),
                Some(&admin),
                Some(body),
            )
            .await
        }
    };
    assert!(state_of(&h).await.is_null());
    post_twice(&h, &preference("stop", 1_751_248_200)).await;
    assert_eq!(state_of(&h).await, 1_751_248_200);
    let (status, body) = send("spring_sale", "t1", vec![]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("marketing_opt_out"))
    );
    assert_eq!(
        send("order_update", "t2", vec!["#4417"]).await.0,
        StatusCode::ACCEPTED
    );
    // A resume delivered late, older than the stop, changes nothing.
    post_twice(&h, &preference("resume", 1_751_248_100)).await;
    assert_eq!(state_of(&h).await, 1_751_248_200);
    post_twice(&h, &preference("resume", 1_751_248_300)).await;
    assert!(state_of(&h).await.is_null());
    assert_eq!(
        send("spring_sale", "t3", vec![]).await.0,
        StatusCode::ACCEPTED
    );
    post_twice(&h, &preference("stop", 1_751_248_400)).await;
    let (_, export) = call(
        &h.state,
        "GET",
        &format!("/v1/contacts/{CUSTOMER}/data"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(
        export["marketing_preferences"]["opted_out_at"],
        1_751_248_400
    );
    call(
        &h.state,
        "DELETE",
        &format!("/v1/contacts/{CUSTOMER}/data"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM marketing_preferences"),
        0
    );
}

/// Labels travel with their conversation in the feed; removing a label
/// takes it off every conversation; unknown labels and bad colours are
/// refused and change nothing.
#[tokio::test]
async fn labels_travel_with_their_conversation() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    assert_eq!(
        post_signed(&h.state, &text_webhook(CUSTOMER, "wamid.L1", "hello")).await,
        StatusCode::OK
    );
    let conversation = count(&h.db, "SELECT id FROM conversations");
    let mut ids = Vec::new();
    for (name, colour) in [("VIP", "#c62828"), ("Refund", "#1e88e5")] {
        let (status, body) = call(
            &h.state,
            "POST",
            "/v1/labels",
            Some(&admin),
            Some(serde_json::json!({"name": name, "colour": colour})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push(body["id"].as_i64().unwrap_or(0));
    }
    for (body, want) in [
        (
            serde_json::json!({"name": "VIP", "colour": "#000000"}),
            StatusCode::CONFLICT,
        ),
        (
            serde_json::json!({"name": "Red", "colour": "red"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        assert_eq!(
            call(&h.state, "POST", "/v1/labels", Some(&admin), Some(body))
                .await
                .0,
            want
        );
    }
    let path = format!("/v1/conversations/{conversation}/labels");
    let set = |labels: serde_json::Value| {
        let (state, admin, path) = (h.state.clone(), admin.clone(), path.clone());
        async move {
            call(
                &state,
                "PUT",
                &path,
                Some(&admin),
                Some(serde_json::json!({ "labels": labels })),
            )
            .await
        }
    };
    let latest = || {
        let (state, admin) = (h.state.clone(), admin.clone());
        async move { latest_conversation(&state, &admin).await["labels"].clone() }
    };
    assert_eq!(
        set(serde_json::json!([ids[1], ids[0], ids[0]])).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(latest().await, serde_json::json!([ids[0], ids[1]]));
    let (status, body) = set(serde_json::json!([999])).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_label"))
    );
    assert_eq!(
        latest().await,
        serde_json::json!([ids[0], ids[1]]),
        "a refusal changes nothing"
    );
    assert_eq!(
        call(
            &h.state,
            "DELETE",
            &format!("/v1/labels/{}", ids[0]),
            Some(&admin),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        latest().await,
        serde_json::json!([ids[1]]),
        "gone from the conversation too"
    );
    let (_, labels) = call(&h.state, "GET", "/v1/labels", Some(&admin), None).await;
    assert_eq!(labels.as_array().map(Vec::len), Some(1));
}
