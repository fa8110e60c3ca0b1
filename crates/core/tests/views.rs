//! The conversation list by view: keyset pages, stored previews, and counts
//! that always match a full recount (property test over random changes).

use proptest::prelude::*;
use switchboard_core::store::{Store, View};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Me, Message, Role,
};

fn me(role: Role) -> Me {
    Me {
        agent_id: 2,
        name: "Sam".into(),
        role,
    }
}

fn conversation(id: i64, assignee: Option<i64>, resolved: bool, unread: i64, at: i64) -> Change {
    Change::Conversation {
        seq: 0,
        conversation: Conversation {
            id,
            wa_id: format!("35191{id:07}"),
            contact_name: Some(format!("Customer {id}")),
            assignee,
            status: if resolved {
                ConversationStatus::Resolved
            } else {
                ConversationStatus::Open
            },
            unread,
            last_inbound_at: Some(at),
            last_message_at: at,
        },
    }
}

fn message(id: i64, conversation_id: i64, ts: i64, text: &str, direction: Direction) -> Change {
    Change::Message {
        seq: 0,
        message: Message {
            id,
            conversation_id,
            direction,
            kind: "text".into(),
            text: Some(text.into()),
            wamid: None,
            client_message_id: None,
            status: DeliveryStatus::Delivered,
            error: None,
            timestamp: ts,
            sent_by: None,
            media: None,
        },
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(&dir.path().join("s.db"), &[7; 32]).unwrap_or_else(|e| panic!("{e}"));
    (dir, store)
}

/// Every conversation of `view`, page by page of `size`.
fn walk(store: &Store, me: &Me, view: View, size: i64) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .conversation_page(me, view, after, size)
            .unwrap_or_else(|e| panic!("{e}"));
        seen.extend(page.items.iter().map(|v| v.conversation.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return seen,
        }
    }
}

#[test]
fn each_view_pages_by_keyset_newest_first() {
    let (_dir, store) = store();
    let admin = me(Role::Admin);
    let mut changes = Vec::new();
    for id in 1..=120 {
        let assignee = match id % 3 {
            0 => None,
            1 => Some(2),
            _ => Some(5),
        };
        // Ties on last activity, to check the id breaks them.
        changes.push(conversation(id, assignee, id % 10 == 0, 0, 1_000 + id / 2));
    }
    store
        .apply(&changes, 1, &admin)
        .unwrap_or_else(|e| panic!("{e}"));
    type Case = (View, fn(i64) -> bool);
    let cases: [Case; 5] = [
        (View::Mine, |id: i64| id % 3 == 1 && id % 10 != 0),
        (View::Unassigned, |id: i64| id % 3 == 0 && id % 10 != 0),
        (View::All, |id: i64| id % 10 != 0),
        (View::Resolved, |id: i64| id % 10 == 0),
        (View::Agent { agent_id: 5 }, |id: i64| {
            id % 3 == 2 && id % 10 != 0
        }),
    ];
    for (view, want) in cases {
        let mut expected: Vec<i64> = (1..=120).filter(|id| want(*id)).collect();
        expected.sort_by_key(|id| std::cmp::Reverse((1_000 + id / 2, *id)));
        assert_eq!(walk(&store, &admin, view, 7), expected, "{view:?}");
    }
}

#[test]
fn the_preview_follows_the_newest_message_even_when_an_older_one_arrives_late() {
    let (_dir, store) = store();
    let agent = me(Role::Agent);
    store
        .apply(
            &[
                conversation(1, None, false, 1, 100),
                message(11, 1, 200, "newest", Direction::Inbound),
                message(10, 1, 150, "older, applied late", Direction::Outbound),
            ],
            1,
            &agent,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let page = store
        .conversation_page(&agent, View::Unassigned, None, 10)
        .unwrap_or_else(|e| panic!("{e}"));
    let v = &page.items[0];
    assert_eq!(v.preview.as_deref(), Some("newest"));
    assert_eq!(v.last_direction, Some(Direction::Inbound));
    assert_eq!(v.last_status, Some(DeliveryStatus::Delivered));
}

#[derive(Debug, Clone)]
enum Op {
    Upsert {
        id: i64,
        holder: Option<i64>,
        resolved: bool,
        unread: i64,
    },
    Revoke(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..15, prop::option::of(1i64..4), any::<bool>(), 0i64..5)
            .prop_map(|(id, holder, resolved, unread)| Op::Upsert { id, holder, resolved, unread }),
        1 => (1i64..15).prop_map(Op::Revoke),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The counts the store keeps by trigger equal a recount after any
    /// sequence of claims, reassignments, resolutions, unread changes and
    /// revocations, for every role's set of views.
    #[test]
    fn view_counts_match_a_full_recount(ops in prop::collection::vec(op(), 1..60), role in prop_oneof![Just(Role::Admin), Just(Role::Viewer)]) {
        let (_dir, store) = store();
        let who = me(role);
        for (n, op) in ops.iter().enumerate() {
            let change = match op {
                Op::Upsert { id, holder, resolved, unread } => conversation(*id, *holder, *resolved, *unread, 1_000 + n as i64),
                Op::Revoke(id) => Change::Revoked { seq: 0, conversation_id: *id },
            };
            store.apply(&[change], n as i64, &who).unwrap_or_else(|e| panic!("{e}"));
        }
        let all = store.conversations(&who).unwrap_or_else(|e| panic!("{e}"));
        let counts = store.view_counts(&who).unwrap_or_else(|e| panic!("{e}"));
        let open = |f: &dyn Fn(Option<i64>) -> bool| {
            all.iter().filter(|c| c.conversation.status == ConversationStatus::Open && f(c.conversation.assignee)).count() as i64
        };
        for vc in &counts.views {
            let expected = match vc.view {
                View::Mine => open(&|a| a == Some(2)),
                View::Unassigned => open(&|a| a.is_none()),
                View::All => open(&|_| true),
                View::Resolved => all.iter().filter(|c| c.conversation.status == ConversationStatus::Resolved).count() as i64,
                View::Agent { agent_id } => open(&|a| a == Some(agent_id)),
            };
            prop_assert_eq!(vc.count, expected, "{:?}", vc.view);
            prop_assert_eq!(walk(&store, &who, vc.view, 4).len() as i64, expected, "paging {:?}", vc.view);
        }
        prop_assert_eq!(counts.unread, all.iter().map(|c| c.conversation.unread).sum::<i64>());
        let held: std::collections::BTreeSet<i64> = all.iter()
            .filter(|c| c.conversation.status == ConversationStatus::Open)
            .filter_map(|c| c.conversation.assignee).collect();
        let listed: std::collections::BTreeSet<i64> = counts.views.iter().filter_map(|v| match v.view {
            View::Agent { agent_id } => Some(agent_id),
            _ => None,
        }).collect();
        prop_assert_eq!(held, listed, "one view per agent holding open conversations");
    }
}
