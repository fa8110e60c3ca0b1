//! The hub's webhook endpoint, driven through the router with no socket.

use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use switchboard_hub::app;
use switchboard_hub::queries;
use switchboard_protocol::{ChangePage, Role};
use switchboard_whatsapp::signature;
use tower::ServiceExt;

fn rows(h: &Hub, table: &str) -> i64 {
    count(&h.db, &format!("SELECT count(*) FROM {table}"))
}

#[tokio::test]
async fn signed_text_message_is_stored_once_and_encrypted() {
    let h = hub();
    let body = serde_json::to_vec(&fixture("message.json")["text"]).unwrap_or_default();
    let sig = signature::sign(SECRET.as_bytes(), &body);
    assert_eq!(
        post_webhook(&h.state, &body, Some(sig.clone())).await,
        StatusCode::OK
    );
    assert_eq!(
        post_webhook(&h.state, &body, Some(sig)).await,
        StatusCode::OK,
        "a redelivery is acknowledged"
    );
    assert_eq!(
        rows(&h, "messages"),
        1,
        "the same wamid delivered twice is stored once"
    );
    assert_eq!(rows(&h, "conversations"), 1);

    let file = std::fs::read(&h.db).unwrap_or_default();
    let wal = std::fs::read(h.db.with_extension("sqlite3-wal")).unwrap_or_default();
    for bytes in [&file, &wal] {
        assert!(
            !bytes.windows(9).any(|w| w == b"Body Text"),
            "the message body must be stored encrypted, never in clear"
        );
    }
}

#[tokio::test]
async fn bad_or_missing_signature_is_401_and_stores_nothing() {
    let h = hub();
    let body = serde_json::to_vec(&fixture("message.json")["text"]).unwrap_or_default();
    let wrong = signature::sign(b"another-secret", &body);
    assert_eq!(
        post_webhook(&h.state, &body, Some(wrong)).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_webhook(&h.state, &body, None).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_webhook(&h.state, &body, Some("sha256=zz".into())).await,
        StatusCode::UNAUTHORIZED
    );
    // Signed over other bytes: a body changed in transit.
    let sig = signature::sign(SECRET.as_bytes(), &body);
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert_eq!(
        post_webhook(&h.state, &tampered, Some(sig)).await,
        StatusCode::UNAUTHORIZED
    );
    for table in [
        "messages",
        "conversations",
        "changes",
        "quarantine",
        "status_events",
    ] {
        assert_eq!(
            rows(&h, table),
            0,
            "{table} must stay empty after refused webhooks"
        );
    }
}

/// Gives every message and status in a fixture case its own wamid (the
/// samples reuse one), so each case is stored on its own.
fn with_unique_ids(mut envelope: Value, tag: &str) -> Value {
    for entry in envelope["entry"].as_array_mut().into_iter().flatten() {
        for change in entry["changes"].as_array_mut().into_iter().flatten() {
            if let Some(v) = change.pointer_mut("/value/metadata/phone_number_id")
                && v.as_str().is_some_and(|v| v.starts_with('<'))
            {
                *v = Value::String("1122334455667".into());
            }
            for key in ["messages", "statuses"] {
                for (n, item) in change["value"][key]
                    .as_array_mut()
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    if item.get("id").is_some() {
                        item["id"] = Value::String(format!("wamid.{tag}.{n}"));
                    }
                    // Some samples are documentation with `<PLACEHOLDERS>`
                    // where Meta puts ids; real-shaped ids stand in for them.
                    for (path, stand_in) in [
                        ("/from", "972987654321"),
                        ("/recipient_id", "972987654321"),
                        ("/revoke/original_message_id", "wamid.original"),
                        ("/edit/original_message_id", "wamid.original"),
                    ] {
                        if let Some(v) = item.pointer_mut(path)
                            && v.as_str().is_some_and(|v| v.starts_with('<'))
                        {
                            *v = Value::String(stand_in.into());
                        }
                    }
                }
            }
        }
    }
    envelope
}

#[tokio::test]
async fn every_fixture_case_is_accepted_and_kept() {
    let h = hub();
    let files = [
        "message.json",
        "message_status.json",
        "callback_button.json",
        "callback_selection.json",
        "system.json",
        "deleted_message.json",
        "edited_message.json",
        "template_status_update.json",
    ];
    let mut cases = 0;
    let mut messages = 0;
    for file in files {
        let Value::Object(map) = fixture(file) else {
            panic!("{file} is not an object of cases")
        };
        for (name, envelope) in map {
            let envelope = with_unique_ids(envelope, &format!("{file}.{name}"));
            messages += envelope["entry"][0]["changes"][0]["value"]["messages"]
                .as_array()
                .map_or(0, |m| m.len());
            assert_eq!(
                post_signed(&h.state, &envelope).await,
                StatusCode::OK,
                "{file}/{name}"
            );
            cases += 1;
        }
    }
    assert!(
        cases >= 40,
        "expected the whole fixture set, got {cases} cases"
    );
    assert_eq!(
        rows(&h, "messages"),
        messages as i64,
        "every message of every case is kept"
    );
    let kind_of = |wamid: &str| -> String {
        let conn = rusqlite::Connection::open(&h.db).unwrap_or_else(|e| panic!("{e}"));
        conn.query_row("SELECT kind FROM messages WHERE wamid = ?1", [wamid], |r| {
            r.get(0)
        })
        .unwrap_or_default()
    };
    assert_eq!(kind_of("wamid.message.json.text.0"), "text");
    assert_eq!(kind_of("wamid.message.json.reaction.0"), "reaction");
    assert_eq!(kind_of("wamid.message.json.unsupported.0"), "unsupported");
    assert_eq!(kind_of("wamid.message.json.order.0"), "order");
    assert_eq!(kind_of("wamid.system.json.phone_number_change.0"), "system");
    assert_eq!(kind_of("wamid.deleted_message.json.revoke.0"), "revoke");
    assert_eq!(kind_of("wamid.edited_message.json.image.0"), "edit");
    let quarantined: Vec<String> = {
        let conn = rusqlite::Connection::open(&h.db).unwrap_or_else(|e| panic!("{e}"));
        let mut stmt = conn
            .prepare("SELECT reason FROM quarantine")
            .unwrap_or_else(|e| panic!("{e}"));
        stmt.query_map([], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .collect()
    };
    assert!(
        rows(&h, "status_events") >= 7,
        "every status case is recorded (quarantined: {quarantined:?})"
    );
    assert_eq!(
        rows(&h, "other_events"),
        2,
        "template status updates are kept"
    );
    assert_eq!(
        rows(&h, "quarantine"),
        0,
        "nothing well-formed is quarantined"
    );
    assert!(
        rows(&h, "media") >= 5,
        "image, video, document, audio and stickers are queued for download"
    );
}

/// The last state of the message with `wamid` in a feed page.
fn latest_message(page: &Value, wamid: &str) -> Option<Value> {
    page["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .rfind(|c| c["message"]["wamid"] == wamid)
        .map(|c| c["message"].clone())
}

#[tokio::test]
async fn a_deletion_blanks_the_original_and_an_edit_replaces_its_text() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    for (w, t) in [
        ("wamid.orig1", "my card is 4111"),
        ("wamid.orig2", "teh typo"),
    ] {
        assert_eq!(
            post_signed(&h.state, &text_webhook("351900000001", w, t)).await,
            StatusCode::OK
        );
    }
    let event = |id: &str, kind: &str, part: Value| {
        let mut e = text_webhook("351900000001", id, "x");
        let m = &mut e["entry"][0]["changes"][0]["value"]["messages"][0];
        m["type"] = Value::String(kind.into());
        m[kind] = part;
        e
    };
    let revoke = event(
        "wamid.del",
        "revoke",
        serde_json::json!({"original_message_id": "wamid.orig1"}),
    );
    let edit = event(
        "wamid.ed",
        "edit",
        serde_json::json!({"original_message_id": "wamid.orig2", "message": {"type": "text", "text": {"body": "the typo"}}}),
    );
    assert_eq!(post_signed(&h.state, &revoke).await, StatusCode::OK);
    assert_eq!(post_signed(&h.state, &edit).await, StatusCode::OK);
    let (_, page) = call(&h.state, "GET", "/v1/changes?after=0", Some(&admin), None).await;
    let latest = |wamid: &str| latest_message(&page, wamid).unwrap_or_default();
    assert_eq!(latest("wamid.orig1")["kind"], "deleted");
    assert!(
        latest("wamid.orig1")["text"].is_null(),
        "a deleted message's content is gone"
    );
    assert_eq!(latest("wamid.orig2")["text"], "the typo");
    assert_eq!(latest("wamid.orig2")["edited"], true, "an edit is marked");
    assert!(latest("wamid.orig1")["edited"].is_null());
    // The edit and the deletion point at the message they change.
    assert_eq!(latest("wamid.ed")["target"], latest("wamid.orig2")["id"]);
    assert_eq!(latest("wamid.del")["target"], latest("wamid.orig1")["id"]);
    assert!(
        !page.to_string().contains("4111"),
        "nothing of the deleted text is served"
    );
}

#[tokio::test]
async fn every_kind_reaches_the_feed_with_what_it_needs_to_be_shown() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let from = "972987654321";
    assert_eq!(
        post_signed(&h.state, &text_webhook(from, "wamid.first", "hello")).await,
        StatusCode::OK
    );
    // Another customer's message: a wamid the sender names there must not
    // be linked across conversations.
    assert_eq!(
        post_signed(
            &h.state,
            &text_webhook("351900000009", "wamid.elsewhere", "hi")
        )
        .await,
        StatusCode::OK
    );
    let cases = fixture("message.json");
    let case = |name: &str, wamid: &str, edit: &dyn Fn(&mut Value)| {
        let mut e = cases[name].clone();
        let m = &mut e["entry"][0]["changes"][0]["value"]["messages"][0];
        m["id"] = Value::String(wamid.into());
        m["from"] = Value::String(from.into());
        edit(m);
        e
    };
    let keep = |_: &mut Value| {};
    for e in [
        case("document", "wamid.doc", &keep),
        case("voice", "wamid.voice", &keep),
        case("chosen_location", "wamid.loc", &keep),
        case("contacts", "wamid.cards", &keep),
        case("unsupported", "wamid.unsup", &keep),
        case("reply", "wamid.quote", &|m| {
            m["context"]["id"] = "wamid.first".into()
        }),
        case("reaction", "wamid.react", &|m| {
            m["reaction"]["message_id"] = "wamid.first".into()
        }),
        case("reaction", "wamid.react.far", &|m| {
            m["reaction"]["message_id"] = "wamid.elsewhere".into()
        }),
    ] {
        assert_eq!(post_signed(&h.state, &e).await, StatusCode::OK);
    }
    let (_, page) = call(&h.state, "GET", "/v1/changes?after=0", Some(&admin), None).await;
    let message = |wamid: &str| {
        latest_message(&page, wamid).unwrap_or_else(|| panic!("{wamid} is not in the feed"))
    };
    let first = message("wamid.first")["id"].clone();
    assert!(
        message("wamid.first")["details"].is_null(),
        "plain text has none"
    );
    let doc = message("wamid.doc");
    assert_eq!(doc["details"]["type"], "media");
    assert_eq!(doc["details"]["filename"], "filename.pdf");
    assert_eq!(doc["details"]["caption"], "caption");
    assert_eq!(message("wamid.voice")["details"]["voice"], true);
    let loc = message("wamid.loc")["details"].clone();
    assert_eq!(loc["type"], "location");
    assert_eq!(loc["name"], "Facebook HQ");
    assert!(
        loc["latitude"]
            .as_f64()
            .is_some_and(|l| (l - 37.4611978).abs() < 1e-6)
    );
    let cards = message("wamid.cards")["details"]["cards"].clone();
    assert_eq!(cards[0]["name"], "Chandler Bing");
    assert_eq!(cards[0]["phones"][0], "+1 555-555-5555");
    assert_eq!(
        message("wamid.unsup")["details"]["reason"],
        "Message type is currently not supported."
    );
    assert_eq!(message("wamid.quote")["reply_to"], first);
    let react = message("wamid.react");
    assert_eq!(react["target"], first);
    assert_eq!(react["details"]["type"], "reaction");
    assert!(react["reply_to"].is_null(), "a reaction quotes nothing");
    assert!(
        message("wamid.react.far")["target"].is_null(),
        "a message in another conversation is never pointed at"
    );
}

#[tokio::test]
async fn unparseable_signed_body_is_quarantined_with_200() {
    let h = hub();
    let body = b"{\"object\":\"page\",\"entry\":[]}";
    let sig = signature::sign(SECRET.as_bytes(), body);
    assert_eq!(
        post_webhook(&h.state, body, Some(sig)).await,
        StatusCode::OK
    );
    assert_eq!(rows(&h, "quarantine"), 1);
    assert_eq!(rows(&h, "messages"), 0);
}

#[tokio::test]
async fn subscription_check_echoes_challenge_only_for_the_right_token() {
    let h = hub();
    let get = |token: &str| {
        Request::get(format!("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={token}"))
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("request: {e}"))
    };
    let ok = app(h.state.clone())
        .oneshot(get(VERIFY))
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(ok.status(), StatusCode::OK);
    let body = ok
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    assert_eq!(&body[..], b"1158201444");
    let bad = app(h.state.clone())
        .oneshot(get("wrong"))
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(bad.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn feed_needs_a_token_and_shows_agents_the_unassigned_queue() {
    let h = hub();
    let body = serde_json::to_vec(&fixture("message.json")["text"]).unwrap_or_default();
    let sig = signature::sign(SECRET.as_bytes(), &body);
    assert_eq!(
        post_webhook(&h.state, &body, Some(sig)).await,
        StatusCode::OK
    );
    let token = h
        .sqlite
        .blocking(|conn, _| {
            let id = queries::agents::add_agent(conn, "Sam", Role::Agent)?;
            queries::agents::issue_token(conn, id, 90)
        })
        .unwrap_or_else(|e| panic!("agent: {e}"));

    let anon = Request::get("/v1/changes?after=0")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = app(h.state.clone())
        .oneshot(anon)
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let err: Value = serde_json::from_slice(
        &r.into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(err["code"], "unauthorized");
    assert!(err["request_id"].is_string(), "errors carry a request id");

    let authed = Request::get("/v1/changes?after=0")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = app(h.state.clone())
        .oneshot(authed)
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(r.status(), StatusCode::OK);
    let page: ChangePage = serde_json::from_slice(
        &r.into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("page: {e}"));
    let text = page.changes.iter().find_map(|c| match c {
        switchboard_protocol::Change::Message { message, .. } => message.text.clone(),
        _ => None,
    });
    assert_eq!(
        text.as_deref(),
        Some("Body Text"),
        "the agent reads the decrypted body through the feed"
    );
}

#[tokio::test]
async fn a_new_message_reopens_a_resolved_conversation_and_counts_unread() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    assert_eq!(
        post_signed(&h.state, &text_webhook("351900000001", "wamid.r1", "one")).await,
        StatusCode::OK
    );
    let id = count(&h.db, "SELECT id FROM conversations");
    let path = format!("/v1/conversations/{id}/status");
    let (status, _) = call(
        &h.state,
        "POST",
        &path,
        Some(&admin),
        Some(serde_json::json!({"status": "resolved"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{id}/read"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(count(&h.db, "SELECT unread FROM conversations"), 0);
    // Left for later: unread again, and desktops are told.
    let changes = count(&h.db, "SELECT count(*) FROM changes");
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{id}/unread"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(count(&h.db, "SELECT unread FROM conversations"), 1);
    assert_eq!(count(&h.db, "SELECT count(*) FROM changes"), changes + 1);
    let (status, _) = call(
        &h.state,
        "POST",
        &format!("/v1/conversations/{id}/read"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM conversations WHERE status = 'resolved'"
        ),
        1
    );
    assert_eq!(
        post_signed(&h.state, &text_webhook("351900000001", "wamid.r2", "two")).await,
        StatusCode::OK
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM conversations WHERE status = 'open'"
        ),
        1,
        "reopened"
    );
    assert_eq!(count(&h.db, "SELECT unread FROM conversations"), 1);
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM conversations"),
        1,
        "one conversation per customer and number"
    );
}

/// Regression (issue 25.9): an edit or deletion made on the business's phone
/// (a coexistence echo) updated the original but was also served as a row
/// of its own with no `target`, so the desktop showed an extra bubble. Now
/// echoed edits, deletions and reactions point at their message, as a
/// customer's do.
#[tokio::test]
async fn edits_and_deletions_from_the_business_phone_point_at_their_message() {
    let h = hub();
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    let echo = |id: &str, kind: &str, part: Value| {
        let mut e = fixture("more_events.json")["echo_text"].clone();
        let m = &mut e["entry"][0]["changes"][0]["value"]["message_echoes"][0];
        m["id"] = Value::String(id.into());
        if kind != "text" {
            m["type"] = Value::String(kind.into());
            m[kind] = part;
        }
        e
    };
    for (id, kind, part) in [
        ("wamid.phone1", "text", Value::Null),
        ("wamid.phone2", "text", Value::Null),
        (
            "wamid.phone-edit",
            "edit",
            serde_json::json!({"original_message_id": "wamid.phone1", "message": {"type": "text", "text": {"body": "corrected on the phone"}}}),
        ),
        (
            "wamid.phone-del",
            "revoke",
            serde_json::json!({"original_message_id": "wamid.phone2"}),
        ),
        (
            "wamid.phone-react",
            "reaction",
            serde_json::json!({"message_id": "wamid.phone1", "emoji": "👍"}),
        ),
    ] {
        assert_eq!(
            post_signed(&h.state, &echo(id, kind, part)).await,
            StatusCode::OK
        );
    }
    let (_, page) = call(&h.state, "GET", "/v1/changes?after=0", Some(&admin), None).await;
    let latest = |wamid: &str| latest_message(&page, wamid).unwrap_or_default();
    assert_eq!(latest("wamid.phone1")["text"], "corrected on the phone");
    assert_eq!(latest("wamid.phone2")["kind"], "deleted");
    for id in ["wamid.phone-edit", "wamid.phone-del", "wamid.phone-react"] {
        let row = latest(id);
        assert!(
            row["target"].is_i64(),
            "{id} points at its message, so it is no bubble of its own: {row}"
        );
    }
    assert_eq!(
        latest("wamid.phone-edit")["target"],
        latest("wamid.phone1")["id"]
    );
    assert_eq!(latest("wamid.phone-react")["details"]["emoji"], "👍");
}
