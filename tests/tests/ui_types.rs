//! The UI's TypeScript types (ui/src/lib/types.ts) mirror the Rust types the
//! shell sends. This test catches drift: every field the Rust side
//! serializes must be declared in the matching interface, and nothing more;
//! every enum value must be in the matching union.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
use switchboard_core::UiError;
use switchboard_core::desktop::SessionInfo;
use switchboard_core::store::{
    ConversationPage, ConversationView, SearchHit, ThreadItem, ThreadPage, ThreadWindow, View,
    ViewCount, ViewCounts,
};
use switchboard_protocol::{
    AgentSummary, Conversation, ConversationStatus, DeliveryStatus, Direction, Role, Template,
};

fn types_ts() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/types.ts");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Field names declared in `export interface NAME { ... }`.
fn interface_fields(ts: &str, name: &str) -> BTreeSet<String> {
    let start = ts
        .find(&format!("export interface {name} {{"))
        .unwrap_or_else(|| panic!("types.ts has no interface {name}"));
    let body = &ts[start..];
    let end = body.find("\n}").unwrap_or(body.len());
    body[..end]
        .lines()
        .skip(1)
        .filter_map(|l| {
            let l = l.trim();
            let name = l.split(':').next()?.trim().trim_end_matches('?');
            (!l.starts_with("//") && !l.starts_with('*') && !l.starts_with("/*") && l.contains(':'))
                .then(|| name.to_owned())
        })
        .collect()
}

fn json_fields<T: Serialize>(value: &T) -> BTreeSet<String> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        other => panic!("not an object: {other:?}"),
    }
}

fn union_values(ts: &str, name: &str) -> BTreeSet<String> {
    let start = ts
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no type {name}"));
    let body = &ts[start..];
    let end = body.find(';').unwrap_or(body.len());
    body[..end]
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn json_string<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn interfaces_match_the_rust_types() {
    let ts = types_ts();
    let conversation = Conversation {
        id: 1,
        wa_id: "1".into(),
        contact_name: None,
        assignee: None,
        status: ConversationStatus::Open,
        unread: 0,
        last_inbound_at: None,
        last_message_at: 0,
    };
    let item = ThreadItem {
        key: "m1".into(),
        direction: Direction::Inbound,
        kind: "text".into(),
        text: None,
        status: DeliveryStatus::Read,
        error: None,
        timestamp: 0,
        cursor: None,
        media_state: None,
        media_mime: None,
    };
    let cases: Vec<(&str, BTreeSet<String>)> = vec![
        (
            "SessionInfo",
            json_fields(&SessionInfo {
                hub_url: String::new(),
                agent_id: 1,
                name: String::new(),
                role: Role::Agent,
            }),
        ),
        (
            "ConversationView",
            json_fields(&ConversationView {
                conversation,
                preview: None,
                last_direction: None,
                last_status: None,
                actions: switchboard_protocol::Actions::default(),
            }),
        ),
        (
            "ConversationPage",
            json_fields(&ConversationPage {
                items: vec![],
                next: None,
            }),
        ),
        (
            "SyncProgress",
            json_fields(&switchboard_core::desktop::SyncProgress::default()),
        ),
        (
            "ViewCount",
            json_fields(&ViewCount {
                view: View::Mine,
                count: 0,
            }),
        ),
        (
            "ViewCounts",
            json_fields(&ViewCounts {
                views: vec![],
                unread: 0,
            }),
        ),
        ("ThreadItem", json_fields(&item)),
        (
            "ThreadPage",
            json_fields(&ThreadPage {
                items: vec![],
                older: None,
            }),
        ),
        (
            "ThreadWindow",
            json_fields(&ThreadWindow {
                items: vec![],
                older: None,
                newer: None,
            }),
        ),
        (
            "UiError",
            json_fields(&UiError {
                code: String::new(),
                message: String::new(),
            }),
        ),
        (
            "SearchHit",
            json_fields(&SearchHit {
                conversation_id: 1,
                contact: String::new(),
                message_id: 1,
                snippet: String::new(),
                timestamp: 0,
            }),
        ),
        (
            "Template",
            json_fields(&Template {
                name: String::new(),
                language: String::new(),
                body: String::new(),
            }),
        ),
        (
            "AgentSummary",
            json_fields(&AgentSummary {
                id: 1,
                name: String::new(),
                role: Role::Admin,
                disabled: false,
            }),
        ),
    ];
    for (name, rust) in cases {
        assert_eq!(
            interface_fields(&ts, name),
            rust,
            "ui/src/lib/types.ts `{name}` differs from the Rust type"
        );
    }
}

/// The `kind` of each variant of the TS `View` union, and its other fields.
#[test]
fn the_view_union_matches_the_rust_enum() {
    let ts = types_ts();
    let start = ts
        .find("export type View =")
        .unwrap_or_else(|| panic!("types.ts has no View"));
    let block = &ts[start..];
    let block = &block[..block.find("\n\n").unwrap_or(block.len())];
    for view in [
        View::Mine,
        View::Unassigned,
        View::All,
        View::Resolved,
        View::Agent { agent_id: 3 },
    ] {
        let json = serde_json::to_value(view).unwrap_or_default();
        let kind = json["kind"].as_str().unwrap_or_default();
        let variant = block
            .lines()
            .find(|l| l.contains(&format!("kind: '{kind}'")))
            .unwrap_or_else(|| panic!("View has no kind '{kind}'"));
        for field in json.as_object().into_iter().flatten().map(|(k, _)| k) {
            assert!(
                variant.contains(&format!("{field}:")),
                "View '{kind}' lacks {field}: {variant}"
            );
        }
    }
}

#[test]
fn unions_match_the_rust_enums() {
    let ts = types_ts();
    use DeliveryStatus::*;
    let statuses: BTreeSet<String> = [
        Queued, Pending, Unknown, Accepted, Sent, Delivered, Read, Failed,
    ]
    .iter()
    .map(json_string)
    .collect();
    assert_eq!(union_values(&ts, "DeliveryStatus"), statuses);
    let roles: BTreeSet<String> = [Role::Admin, Role::Agent, Role::Viewer]
        .iter()
        .map(json_string)
        .collect();
    assert_eq!(union_values(&ts, "Role"), roles);
    let directions: BTreeSet<String> = [Direction::Inbound, Direction::Outbound]
        .iter()
        .map(json_string)
        .collect();
    assert_eq!(union_values(&ts, "Direction"), directions);
}
