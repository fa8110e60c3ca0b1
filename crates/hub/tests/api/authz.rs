//! The role table, walked in full: every endpoint x every role x own / other's
//! / unassigned conversation, plus bad tokens. Each case runs on a fresh hub;
//! a refused request must leave the store exactly as it was.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};
use switchboard_hub::queries;
use switchboard_protocol::Role;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Admin,
    Agent,
    Viewer,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Conv {
    Own,
    Others,
    Unassigned,
}

struct World {
    hub: Hub,
    admin: String,
    agent: String,
    viewer: String,
    agent_id: i64,
    other_agent_id: i64,
    /// conversation ids: own (held by `agent`), other's, unassigned
    own: i64,
    others: i64,
    unassigned: i64,
}

async fn world() -> World {
    let hub = hub();
    let (_, admin) = add_agent(&hub, "Ada", Role::Admin);
    let (agent_id, agent) = add_agent(&hub, "Sam", Role::Agent);
    let (other_agent_id, _) = add_agent(&hub, "Kim", Role::Agent);
    let (_, viewer) = add_agent(&hub, "Vic", Role::Viewer);
    for (n, from) in ["351900000001", "351900000002", "351900000003"]
        .iter()
        .enumerate()
    {
        let status = post_signed(
            &hub.state,
            &text_webhook(from, &format!("wamid.in{n}"), "hello"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let id_of = |wa: &str| {
        count(
            &hub.db,
            &format!("SELECT id FROM conversations WHERE wa_id = '{wa}'"),
        )
    };
    let (own, others, unassigned) = (
        id_of("351900000001"),
        id_of("351900000002"),
        id_of("351900000003"),
    );
    hub.sqlite
        .blocking(|conn, _| {
            queries::outbound::set_assignee(conn, own, Some(agent_id), false)?;
            queries::outbound::set_assignee(conn, others, Some(other_agent_id), false)?;
            queries::labels::add_label(
                conn,
                &switchboard_protocol::LabelRequest {
                    name: "VIP".into(),
                    colour: "#c62828".into(),
                },
            )?;
            queries::canned::add_canned(
                conn,
                &switchboard_protocol::CannedReplyRequest {
                    name: "Order shipped".into(),
                    shortcut: "shipped".into(),
                    text: "Hi {{contact.name}}, it left today.".into(),
                },
            )
            .map(|_| ())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    World {
        hub,
        admin,
        agent,
        viewer,
        agent_id,
        other_agent_id,
        own,
        others,
        unassigned,
    }
}

/// Everything a request could change.
fn state_of(h: &Hub) -> Vec<String> {
    let mut s = snapshot(&h.db);
    for table in [
        "changes",
        "audit",
        "agents",
        "messages",
        "canned_replies",
        "labels",
        "conversation_labels",
        "uploads",
        "upload_chunks",
    ] {
        s.push(format!(
            "{table}={}",
            count(&h.db, &format!("SELECT count(*) FROM {table}"))
        ));
    }
    s.push(format!(
        "revoked={}",
        count(
            &h.db,
            "SELECT count(*) FROM tokens WHERE revoked_at IS NOT NULL"
        )
    ));
    s.push(format!(
        "tokens={}",
        count(&h.db, "SELECT count(*) FROM tokens")
    ));
    s
}

/// The role table of docs/architecture.md, as status codes.
fn expected(endpoint: &str, who: Who, conv: Conv) -> StatusCode {
    use StatusCode as S;
    let agent_sees = conv != Conv::Others;
    match (endpoint, who) {
        ("labels", Who::Admin) => S::NO_CONTENT,
        ("labels", Who::Agent) => match conv {
            Conv::Own => S::NO_CONTENT,
            Conv::Unassigned => S::FORBIDDEN,
            Conv::Others => S::NOT_FOUND,
        },
        ("labels", Who::Viewer) => S::FORBIDDEN,
        // Presence: whoever may read the conversation; typing (what this
        // table asks) only whoever may write in it, never a viewer.
        ("presence", Who::Admin) => S::OK,
        ("presence", Who::Viewer) => S::FORBIDDEN,
        ("presence", Who::Agent) => {
            if agent_sees {
                S::OK
            } else {
                S::NOT_FOUND
            }
        }
        // An upload: whoever may reply.
        ("upload", Who::Admin) => S::CREATED,
        ("upload", Who::Agent) => match conv {
            Conv::Own => S::CREATED,
            Conv::Unassigned => S::FORBIDDEN,
            Conv::Others => S::NOT_FOUND,
        },
        ("upload", Who::Viewer) => S::FORBIDDEN,
        ("reply" | "resolve" | "read" | "unread", Who::Admin) => {
            if endpoint == "reply" {
                S::ACCEPTED
            } else {
                S::NO_CONTENT
            }
        }
        ("reply" | "resolve" | "read" | "unread", Who::Agent) => match conv {
            Conv::Own => {
                if endpoint == "reply" {
                    S::ACCEPTED
                } else {
                    S::NO_CONTENT
                }
            }
            Conv::Unassigned => S::FORBIDDEN,
            Conv::Others => S::NOT_FOUND,
        },
        ("reply" | "resolve" | "read" | "unread", Who::Viewer) => S::FORBIDDEN,
        ("claim", Who::Admin) => S::NO_CONTENT,
        ("claim", Who::Agent) => match conv {
            Conv::Unassigned => S::NO_CONTENT,
            Conv::Own => S::FORBIDDEN,
            // A claim that lost to a colleague (now or earlier) is told who
            // holds the conversation, and nothing else about it.
            Conv::Others => S::CONFLICT,
        },
        ("claim", Who::Viewer) => S::FORBIDDEN,
        ("assign_other", Who::Admin) => S::NO_CONTENT,
        ("assign_other", Who::Agent) => {
            if agent_sees {
                S::FORBIDDEN
            } else {
                S::NOT_FOUND
            }
        }
        ("assign_other", Who::Viewer) => S::FORBIDDEN,
        // A note: agents and admins, on whatever they may read.
        ("note", Who::Admin) => S::CREATED,
        ("note", Who::Agent) => {
            if agent_sees {
                S::CREATED
            } else {
                S::NOT_FOUND
            }
        }
        ("note", Who::Viewer) => S::FORBIDDEN,
        (_, _) => unreachable!("{endpoint}"),
    }
}

async fn conversation_request(
    w: &World,
    endpoint: &str,
    who: Who,
    conv: Conv,
) -> (StatusCode, Value) {
    let token = match who {
        Who::Admin => &w.admin,
        Who::Agent => &w.agent,
        Who::Viewer => &w.viewer,
    };
    let id = match conv {
        Conv::Own => w.own,
        Conv::Others => w.others,
        Conv::Unassigned => w.unassigned,
    };
    let me = match who {
        Who::Agent => w.agent_id,
        _ => count(
            &w.hub.db,
            &format!(
                "SELECT id FROM agents WHERE name = '{}'",
                if who == Who::Admin { "Ada" } else { "Vic" }
            ),
        ),
    };
    if endpoint == "upload" {
        let req = axum::http::Request::post(format!(
            "/v1/conversations/{id}/uploads?filename=invoice.pdf"
        ))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/pdf")
        .body(axum::body::Body::from(b"%PDF-1.7 invoice".to_vec()))
        .unwrap_or_else(|e| panic!("{e}"));
        return send(&w.hub.state, req).await;
    }
    let (method, path, body) = match endpoint {
        "presence" => ("POST", "presence", Some(json!({"state": "typing"}))),
        "reply" => (
            "POST",
            "messages",
            Some(json!({"client_message_id": "c1", "text": "hi"})),
        ),
        "resolve" => ("POST", "status", Some(json!({"status": "resolved"}))),
        "read" => ("POST", "read", None),
        "unread" => ("POST", "unread", None),
        "claim" => ("POST", "assignment", Some(json!({"assignee": me}))),
        "assign_other" => (
            "POST",
            "assignment",
            Some(json!({"assignee": w.other_agent_id})),
        ),
        "labels" => ("PUT", "labels", Some(json!({"labels": [1]}))),
        "note" => (
            "POST",
            "messages",
            Some(json!({"client_message_id": "n1", "text": "VIP, be careful", "note": true})),
        ),
        _ => unreachable!(),
    };
    call(
        &w.hub.state,
        method,
        &format!("/v1/conversations/{id}/{path}"),
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn conversation_endpoints_follow_the_role_table() {
    let mut checked = 0;
    for endpoint in [
        "reply",
        "resolve",
        "read",
        "unread",
        "claim",
        "assign_other",
        "note",
        "labels",
        "presence",
        "upload",
    ] {
        for who in [Who::Admin, Who::Agent, Who::Viewer] {
            for conv in [Conv::Own, Conv::Others, Conv::Unassigned] {
                let w = world().await;
                let before = state_of(&w.hub);
                let (status, body) = conversation_request(&w, endpoint, who, conv).await;
                let want = expected(endpoint, who, conv);
                assert_eq!(status, want, "{endpoint} by {who:?} on {conv:?}: {body}");
                if !status.is_success() {
                    assert_eq!(
                        state_of(&w.hub),
                        before,
                        "refused {endpoint} by {who:?} on {conv:?} changed the store"
                    );
                    assert!(
                        body["code"].is_string() && body["request_id"].is_string(),
                        "error shape: {body}"
                    );
                } else if endpoint != "unread"
                    && endpoint != "presence"
                    && (endpoint != "read" || conv != Conv::Own)
                {
                    // Every allowed action left a trace (read of an already-read
                    // one may not; these conversations are all unread already).
                    assert_ne!(
                        state_of(&w.hub),
                        before,
                        "{endpoint} by {who:?} on {conv:?} did nothing"
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 90);
}

/// Every role reads the canned replies and the team's names; what admins
/// write is checked, and a refusal changes nothing.
#[tokio::test]
async fn canned_replies_are_read_by_everyone_and_checked() {
    let w = world().await;
    for token in [&w.admin, &w.agent, &w.viewer] {
        let (status, list) = call(&w.hub.state, "GET", "/v1/canned", Some(token), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list[0]["shortcut"], "shipped", "{list}");
        let (status, team) = call(&w.hub.state, "GET", "/v1/team", Some(token), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(team.as_array().map(Vec::len), Some(4), "{team}");
    }
    let before = state_of(&w.hub);
    for (body, want, code) in [
        (
            json!({"name": "Again", "shortcut": "shipped", "text": "x"}),
            StatusCode::CONFLICT,
            "duplicate_name",
        ),
        (
            json!({"name": "Bad", "shortcut": "Has Space", "text": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_shortcut",
        ),
        (
            json!({"name": "Empty", "shortcut": "empty", "text": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_text",
        ),
        (
            json!({"name": "", "shortcut": "noname", "text": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ),
        (
            json!({"name": "X", "shortcut": "x", "text": "x", "scope": "all"}),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ] {
        let (status, reply) = call(
            &w.hub.state,
            "POST",
            "/v1/canned",
            Some(&w.admin),
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (want, Some(code)),
            "{body}: {reply}"
        );
        assert!(reply["request_id"].is_string(), "{reply}");
    }
    assert_eq!(state_of(&w.hub), before, "refusals changed nothing");
    assert_eq!(
        call(
            &w.hub.state,
            "DELETE",
            "/v1/canned/99",
            Some(&w.admin),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn admin_only_endpoints() {
    let cases: Vec<(&str, String, Option<Value>, StatusCode)> = vec![
        ("GET", "/v1/agents".into(), None, StatusCode::OK),
        (
            "POST",
            "/v1/agents".into(),
            Some(json!({"name": "New", "role": "agent"})),
            StatusCode::CREATED,
        ),
        (
            "PATCH",
            "/v1/agents/{other}".into(),
            Some(json!({"disabled": true})),
            StatusCode::NO_CONTENT,
        ),
        (
            "GET",
            "/v1/agents/{other}/tokens".into(),
            None,
            StatusCode::OK,
        ),
        (
            "POST",
            "/v1/agents/{other}/tokens".into(),
            None,
            StatusCode::CREATED,
        ),
        (
            "DELETE",
            "/v1/agents/{other}/tokens".into(),
            None,
            StatusCode::NO_CONTENT,
        ),
        (
            "GET",
            "/v1/contacts/351900000001/data".into(),
            None,
            StatusCode::OK,
        ),
        (
            "DELETE",
            "/v1/contacts/351900000001/data".into(),
            None,
            StatusCode::OK,
        ),
        ("GET", "/v1/audit".into(), None, StatusCode::OK),
        ("GET", "/v1/quarantine".into(), None, StatusCode::OK),
        ("GET", "/v1/alerts".into(), None, StatusCode::OK),
        (
            "POST",
            "/v1/canned".into(),
            Some(
                json!({"name": "Refund", "shortcut": "refund", "text": "Your refund is on its way."}),
            ),
            StatusCode::CREATED,
        ),
        (
            "PUT",
            "/v1/canned/1".into(),
            Some(json!({"name": "Shipped", "shortcut": "shipped", "text": "It left today."})),
            StatusCode::NO_CONTENT,
        ),
        (
            "DELETE",
            "/v1/canned/1".into(),
            None,
            StatusCode::NO_CONTENT,
        ),
        (
            "GET",
            "/v1/reports?from=0&to=86400".into(),
            None,
            StatusCode::OK,
        ),
        (
            "GET",
            "/v1/reports/csv?from=0&to=86400".into(),
            None,
            StatusCode::OK,
        ),
        (
            "POST",
            "/v1/labels".into(),
            Some(json!({"name": "Urgent", "colour": "#ff8800"})),
            StatusCode::CREATED,
        ),
        (
            "PUT",
            "/v1/labels/1".into(),
            Some(json!({"name": "Very important", "colour": "#c62828"})),
            StatusCode::NO_CONTENT,
        ),
        (
            "DELETE",
            "/v1/labels/1".into(),
            None,
            StatusCode::NO_CONTENT,
        ),
    ];
    for (method, path, body, admin_status) in cases {
        for who in [Who::Admin, Who::Agent, Who::Viewer] {
            let w = world().await;
            let path = path.replace("{other}", &w.other_agent_id.to_string());
            let token = match who {
                Who::Admin => &w.admin,
                Who::Agent => &w.agent,
                Who::Viewer => &w.viewer,
            };
            let before = state_of(&w.hub);
            let (status, reply) =
                call(&w.hub.state, method, &path, Some(token), body.clone()).await;
            if who == Who::Admin {
                assert_eq!(status, admin_status, "{method} {path} by admin: {reply}");
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{method} {path} by {who:?}: {reply}"
                );
                assert_eq!(
                    state_of(&w.hub),
                    before,
                    "refused {method} {path} by {who:?} changed the store"
                );
            }
        }
    }
}

#[tokio::test]
async fn everyone_reads_me_templates_and_a_filtered_feed() {
    let w = world().await;
    for (token, sees_others) in [(&w.admin, true), (&w.agent, false), (&w.viewer, true)] {
        for path in ["/v1/me", "/v1/templates"] {
            assert_eq!(
                call(&w.hub.state, "GET", path, Some(token), None).await.0,
                StatusCode::OK,
                "{path}"
            );
        }
        let (status, page) = call(
            &w.hub.state,
            "GET",
            "/v1/changes?after=0",
            Some(token),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let ids: Vec<i64> = page["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["type"] == "conversation")
            .filter_map(|c| c["conversation"]["id"].as_i64())
            .collect();
        assert!(ids.contains(&w.own) && ids.contains(&w.unassigned));
        assert_eq!(
            ids.contains(&w.others),
            sees_others,
            "who sees another agent's conversation"
        );
        let revoked: Vec<i64> = page["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["type"] == "revoked")
            .filter_map(|c| c["conversation_id"].as_i64())
            .collect();
        assert_eq!(
            revoked.contains(&w.others),
            !sees_others,
            "the agent is told to purge what it cannot read"
        );
    }
}

#[tokio::test]
async fn missing_malformed_expired_revoked_and_disabled_tokens_are_refused() {
    let w = world().await;
    let (expired_id, expired) = add_agent(&w.hub, "Old", Role::Admin);
    let (revoked_id, revoked) = add_agent(&w.hub, "Gone", Role::Admin);
    let (disabled_id, disabled) = add_agent(&w.hub, "Off", Role::Admin);
    w.hub
        .sqlite
        .blocking(|conn, _| {
            conn.execute(
                "UPDATE tokens SET expires_at = 1 WHERE agent_id = ?1",
                [expired_id],
            )?;
            queries::agents::revoke_all_tokens(conn, revoked_id)?;
            queries::agents::set_agent_disabled(conn, disabled_id, true)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let before = state_of(&w.hub);
    // The hub names its reason with a code; desktops erase their copy only
    // on those (a bare 401 may come from a proxy).
    let bad: Vec<(&str, Option<String>, &str)> = vec![
        ("missing", None, "unauthorized"),
        ("malformed", Some("not-a-token".into()), "token_unknown"),
        ("empty", Some(String::new()), "unauthorized"),
        ("expired", Some(expired), "token_expired"),
        ("revoked", Some(revoked), "token_revoked"),
        // Disabling revokes the agent's tokens.
        ("disabled", Some(disabled), "token_revoked"),
        ("oversized", Some("x".repeat(5000)), "unauthorized"),
    ];
    for (what, token, code) in bad {
        for (method, path, body) in [
            ("GET", "/v1/me".to_owned(), None),
            ("GET", "/v1/changes".to_owned(), None),
            ("GET", "/v1/events".to_owned(), None),
            (
                "POST",
                format!("/v1/conversations/{}/messages", w.own),
                Some(json!({"client_message_id": "x", "text": "hi"})),
            ),
            (
                "POST",
                "/v1/agents".to_owned(),
                Some(json!({"name": "Evil", "role": "admin"})),
            ),
        ] {
            let (status, reply) = call(&w.hub.state, method, &path, token.as_deref(), body).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{what} token on {method} {path}: {reply}"
            );
            assert_eq!(reply["code"], code, "{what}");
        }
    }
    assert_eq!(
        state_of(&w.hub),
        before,
        "refused requests changed the store"
    );
}

#[tokio::test]
async fn browsers_are_refused() {
    let w = world().await;
    let req = axum::http::Request::get("/v1/me")
        .header("authorization", format!("Bearer {}", w.admin))
        .header("origin", "https://evil.example")
        .body(axum::body::Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = tower::ServiceExt::oneshot(switchboard_hub::app(w.hub.state.clone()), req)
        .await
        .unwrap_or_else(|e| match e {});
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        r.headers().get("access-control-allow-origin").is_none(),
        "no permissive CORS"
    );
}

#[tokio::test]
async fn a_role_change_revokes_what_the_agent_can_no_longer_read_and_replays_what_it_now_can() {
    let w = world().await;
    let admin_id = count(&w.hub.db, "SELECT id FROM agents WHERE name = 'Ada'");
    let v_token = w.viewer.clone();
    let vic = count(&w.hub.db, "SELECT id FROM agents WHERE name = 'Vic'");
    let (_, before) = call(
        &w.hub.state,
        "GET",
        "/v1/changes?after=0",
        Some(&v_token),
        None,
    )
    .await;
    let cursor = before["next"].as_i64().unwrap_or(0);
    // The viewer becomes an agent: it may no longer read another agent's conversation.
    let (status, _) = call(
        &w.hub.state,
        "PATCH",
        &format!("/v1/agents/{vic}"),
        Some(&w.admin),
        Some(json!({"role": "agent"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, after) = call(
        &w.hub.state,
        "GET",
        &format!("/v1/changes?after={cursor}"),
        Some(&v_token),
        None,
    )
    .await;
    let revoked: Vec<i64> = after["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["type"] == "revoked")
        .filter_map(|c| c["conversation_id"].as_i64())
        .collect();
    assert_eq!(
        revoked,
        vec![w.own, w.others],
        "held conversations are revoked for the new agent"
    );
    let (status, _) = call(
        &w.hub.state,
        "PATCH",
        &format!("/v1/agents/{admin_id}"),
        Some(&w.admin),
        Some(json!({"role": "viewer"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an admin cannot demote itself"
    );

    // Back to viewer: everything is readable again, history included.
    let cursor = after["next"].as_i64().unwrap_or(0);
    call(
        &w.hub.state,
        "PATCH",
        &format!("/v1/agents/{vic}"),
        Some(&w.admin),
        Some(json!({"role": "viewer"})),
    )
    .await;
    let (_, again) = call(
        &w.hub.state,
        "GET",
        &format!("/v1/changes?after={cursor}"),
        Some(&v_token),
        None,
    )
    .await;
    let replayed = again["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "message" && c["message"]["conversation_id"] == w.others);
    assert!(
        replayed,
        "the other agent's history is replayed to the viewer: {again}"
    );
}
