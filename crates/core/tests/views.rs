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
        available: false,
        teams: Vec::new(),
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
            marketing_opt_out: None,
            // Labels follow the id and the time, so upserts add and drop them.
            labels: [1, 2]
                .into_iter()
                .filter(|l| (id + at) % (l + 1) == 0)
                .collect(),
            inbox: String::new(),
            team_id: None,
            snoozed: false,
            snoozed_until: None,
            // Due times follow the id: none, past, within the hour, later.
            due_at: [None, Some(-100), Some(600), Some(7_200)][id.rem_euclid(4) as usize]
                .map(|d| switchboard_core::store::unix_now() + d),
            due_kind: Some(switchboard_protocol::SlaKind::FirstResponse),
            csat: None,
        },
    }
}

/// How an upsert leaves a conversation's snooze.
#[derive(Debug, Clone, Copy)]
enum Snooze {
    No,
    /// Until a time this test's wake-up passes.
    Soon,
    /// Until a time already past when it is applied.
    Past,
    /// Until the customer writes.
    Reply,
}

fn snoozed(change: Change, snooze: Snooze) -> Change {
    let now = switchboard_core::store::unix_now();
    match change {
        Change::Conversation {
            seq,
            mut conversation,
        } => {
            (conversation.snoozed, conversation.snoozed_until) = match snooze {
                Snooze::No => (false, None),
                Snooze::Soon => (true, Some(now + 1_000)),
                Snooze::Past => (true, Some(now - 10)),
                Snooze::Reply => (true, None),
            };
            Change::Conversation { seq, conversation }
        }
        other => other,
    }
}

fn message(id: i64, conversation_id: i64, ts: i64, text: &str, direction: Direction) -> Change {
    Change::Message {
        seq: 0,
        message: Box::new(Message {
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
            details: None,
            reply_to: None,
            target: None,
            edited: false,
        }),
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
        snooze: Snooze,
    },
    Revoke(i64),
    /// The time of the timed snoozes comes.
    Wake,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..15, prop::option::of(1i64..4), any::<bool>(), 0i64..5,
              prop_oneof![Just(Snooze::No), Just(Snooze::Soon), Just(Snooze::Past), Just(Snooze::Reply)])
            .prop_map(|(id, holder, resolved, unread, snooze)| Op::Upsert { id, holder, resolved, unread, snooze }),
        1 => (1i64..15).prop_map(Op::Revoke),
        1 => Just(Op::Wake),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The counts the store keeps (per page of changes, and by trigger for
    /// a revoked conversation) equal a recount after any sequence of claims,
    /// reassignments, resolutions, unread changes and revocations, applied
    /// in pages of any size (one conversation changed several times in one
    /// page, revoked and readable again in one page), for every role's set
    /// of views.
    #[test]
    fn view_counts_match_a_full_recount(ops in prop::collection::vec(op(), 1..60), page in 1usize..8, role in prop_oneof![Just(Role::Admin), Just(Role::Viewer), Just(Role::Agent)]) {
        let (_dir, store) = store();
        let who = me(role);
        store.set_labels(&[
            switchboard_protocol::Label { id: 1, name: "VIP".into(), colour: "#c62828".into() },
            switchboard_protocol::Label { id: 2, name: "Refund".into(), colour: "#1e88e5".into() },
        ]).unwrap_or_else(|e| panic!("{e}"));
        // Pages of changes, with the wake-ups between them.
        let mut pages: Vec<Vec<Change>> = vec![Vec::new()];
        for (n, op) in ops.iter().enumerate() {
            let change = match op {
                Op::Upsert { id, holder, resolved, unread, snooze } =>
                    snoozed(conversation(*id, *holder, *resolved, *unread, 1_000 + n as i64), *snooze),
                Op::Revoke(id) => Change::Revoked { seq: 0, conversation_id: *id },
                Op::Wake => {
                    pages.push(Vec::new());
                    continue;
                }
            };
            match pages.last_mut() {
                Some(p) if p.len() < page => p.push(change),
                _ => pages.push(vec![change]),
            }
        }
        for (n, group) in pages.iter().enumerate() {
            if group.is_empty() {
                store.wake_snoozed(switchboard_core::store::unix_now() + 2_000).unwrap_or_else(|e| panic!("{e}"));
                continue;
            }
            store.apply(group, n as i64, &who).unwrap_or_else(|e| panic!("{e}"));
        }
        let all = store.conversations(&who).unwrap_or_else(|e| panic!("{e}"));
        let counts = store.view_counts(&who).unwrap_or_else(|e| panic!("{e}"));
        let clock = switchboard_core::store::unix_now();
        let awake = |c: &&switchboard_core::store::ConversationView| c.conversation.status == ConversationStatus::Open && !c.conversation.snoozed;
        let open = |f: &dyn Fn(Option<i64>) -> bool| {
            all.iter().filter(awake).filter(|c| f(c.conversation.assignee)).count() as i64
        };
        for vc in &counts.views {
            let expected = match vc.view {
                View::Mine => open(&|a| a == Some(2)),
                View::Unassigned => open(&|a| a.is_none()),
                View::All => open(&|_| true),
                View::Resolved => all.iter().filter(|c| c.conversation.status == ConversationStatus::Resolved).count() as i64,
                View::Agent { agent_id } => open(&|a| a == Some(agent_id)),
                View::Snoozed => all.iter().filter(|c| c.conversation.snoozed).count() as i64,
                View::DueSoon => all.iter().filter(awake)
                    .filter(|c| c.conversation.due_at.is_some_and(|d| d > clock && d <= clock + 3600))
                    .count() as i64,
                View::Overdue => all.iter().filter(awake)
                    .filter(|c| c.conversation.due_at.is_some_and(|d| d <= clock))
                    .count() as i64,
                View::Label { label_id } => all.iter().filter(awake)
                    .filter(|c| c.conversation.labels.contains(&label_id))
                    .count() as i64,
                View::TeamQueue { team_id } => all.iter().filter(awake)
                    .filter(|c| c.conversation.team_id == Some(team_id) && c.conversation.assignee.is_none())
                    .count() as i64,
                View::Team { team_id } => all.iter().filter(awake)
                    .filter(|c| c.conversation.team_id == Some(team_id))
                    .count() as i64,
            };
            prop_assert_eq!(vc.count, expected, "{:?}", vc.view);
            prop_assert_eq!(walk(&store, &who, vc.view, 4).len() as i64, expected, "paging {:?}", vc.view);
        }
        prop_assert_eq!(counts.unread, all.iter().map(|c| c.conversation.unread).sum::<i64>());
        prop_assert!(all.iter().all(|c| !c.conversation.snoozed || c.conversation.status == ConversationStatus::Open),
            "a resolved conversation is never kept snoozed");
        prop_assert!(all.iter().all(|c| !c.conversation.snoozed || c.conversation.snoozed_until.is_none_or(|u| u > switchboard_core::store::unix_now())),
            "a snooze past its time is over");
        let held: std::collections::BTreeSet<i64> = all.iter().filter(awake)
            .filter_map(|c| c.conversation.assignee).collect();
        let listed: std::collections::BTreeSet<i64> = counts.views.iter().filter_map(|v| match v.view {
            View::Agent { agent_id } => Some(agent_id),
            _ => None,
        }).collect();
        if role != Role::Agent {
            prop_assert_eq!(held, listed, "one view per agent holding open conversations");
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Open(i64),
    /// A message (id, conversation, version of its text).
    Say(i64, i64, u8),
    Revoke(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (1i64..6).prop_map(Step::Open),
        6 => (1i64..25, 1i64..6, 0u8..3).prop_map(|(id, c, v)| Step::Say(id, c, v)),
        1 => (1i64..6).prop_map(Step::Revoke),
    ]
}

fn word(id: i64, version: u8) -> String {
    format!("x{id}y{version}z")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// However changes fall into pages (new messages, edits and state
    /// changes of one message in the same page, revocations between them),
    /// the full-text index holds exactly the stored texts and each preview
    /// is its conversation's newest message.
    #[test]
    fn search_index_and_previews_follow_any_pages(steps in prop::collection::vec(step(), 1..80), cuts in prop::collection::vec(1usize..12, 1..20)) {
        let (_dir, store) = store();
        let who = me(Role::Admin);
        // The model: conversation → its messages (id → (timestamp, version)).
        let mut model: std::collections::BTreeMap<i64, std::collections::BTreeMap<i64, (i64, u8)>> = Default::default();
        let mut home: std::collections::BTreeMap<i64, (i64, i64)> = Default::default();
        let changes: Vec<Change> = steps.iter().enumerate().map(|(n, s)| match *s {
            Step::Open(c) => conversation(c, None, false, 0, n as i64),
            Step::Say(id, c, v) => {
                // A message keeps its conversation and time once it has them.
                let (c, ts) = *home.entry(id).or_insert((c, 1_000 + n as i64));
                message(id, c, ts, &format!("{} common", word(id, v)), Direction::Inbound)
            }
            Step::Revoke(c) => Change::Revoked { seq: 0, conversation_id: c },
        }).collect();
        for change in &changes {
            match change {
                Change::Conversation { conversation: c, .. } => { model.entry(c.id).or_default(); }
                Change::Message { message: m, .. } => {
                    let v = steps.iter().zip(&changes).filter_map(|(s, ch)| match (s, ch) {
                        (Step::Say(_, _, v), Change::Message { message: x, .. }) if std::ptr::eq(x, m) => Some(*v),
                        _ => None,
                    }).next().unwrap_or(0);
                    if let Some(msgs) = model.get_mut(&m.conversation_id) {
                        msgs.insert(m.id, (m.timestamp, v));
                    }
                }
                Change::Revoked { conversation_id, .. } => { model.remove(conversation_id); }
            }
        }
        let mut rest: &[Change] = &changes;
        let mut cut = cuts.iter().cycle();
        let mut cursor = 0;
        while !rest.is_empty() {
            let n = (*cut.next().unwrap_or(&1)).min(rest.len());
            cursor += 1;
            store.apply(&rest[..n], cursor, &who).unwrap_or_else(|e| panic!("{e}"));
            rest = &rest[n..];
        }
        store.check_search_index().unwrap_or_else(|e| panic!("index: {e}"));
        store.purge_pending().unwrap_or_else(|e| panic!("purge: {e}"));
        store.check_search_index().unwrap_or_else(|e| panic!("index after purge: {e}"));
        let stored: usize = model.values().map(|m| m.len()).sum();
        // Words of messages no longer held (edited away or revoked) are gone.
        for (id, _) in home.iter().filter(|(id, _)| !model.values().any(|m| m.contains_key(id))) {
            for version in 0..3u8 {
                prop_assert!(store.suggest(&word(*id, version), 5).unwrap_or_default().is_empty(), "gone: message {}", id);
            }
        }
        prop_assert_eq!(store.search("common", 100).unwrap_or_default().len(), stored);
        for msgs in model.values() {
            for (id, (_, v)) in msgs {
                for version in 0..3u8 {
                    let hits = store.search(&word(*id, version), 10).unwrap_or_default();
                    let expected = usize::from(version == *v);
                    prop_assert_eq!(hits.len(), expected, "message {} version {}", id, version);
                    let listed = store.suggest(&word(*id, version), 5).unwrap_or_default();
                    prop_assert_eq!(listed.len(), expected, "indexed words: message {} version {}", id, version);
                }
            }
        }
        let all = store.conversations(&who).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(all.len(), model.len());
        for view in &all {
            let newest = model.get(&view.conversation.id)
                .and_then(|m| m.iter().max_by_key(|(id, (ts, _))| (*ts, **id)))
                .map(|(id, (_, v))| format!("{} common", word(*id, *v)));
            prop_assert_eq!(view.preview.clone(), newest, "conversation {}", view.conversation.id);
        }
    }
}
