//! The SQLCipher store on a real file.

use switchboard_core::CoreError;
use switchboard_core::store::Store;
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Me, Message, Role,
};

const SECRET_TEXT: &str = "my card number is 4111-1111";

fn agent(id: i64) -> Me {
    Me {
        agent_id: id,
        name: "Sam".into(),
        role: Role::Agent,
        available: false,
        teams: Vec::new(),
    }
}

/// A store in a temporary folder (kept while the folder guard lives).
fn temp_store(seed: u8) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store =
        Store::open(&dir.path().join("s.db"), &[seed; 32]).unwrap_or_else(|e| panic!("{e}"));
    (dir, store)
}

fn conversation(id: i64, assignee: Option<i64>) -> Change {
    Change::Conversation {
        seq: id * 10,
        conversation: Conversation {
            id,
            wa_id: "351912345678".into(),
            contact_name: Some("Ana".into()),
            assignee,
            status: ConversationStatus::Open,
            unread: 1,
            last_inbound_at: Some(1_700_000_000),
            last_message_at: 1_700_000_000 + id,
            marketing_opt_out: None,
            labels: Vec::new(),
            inbox: String::new(),
            team_id: None,
            snoozed: false,
            snoozed_until: None,
            due_at: None,
            due_kind: None,
            csat: None,
        },
    }
}

fn message(id: i64, conversation_id: i64, ts: i64, text: &str) -> Change {
    Change::Message {
        seq: 100 + id,
        message: Box::new(Message {
            id,
            conversation_id,
            direction: Direction::Inbound,
            kind: "text".into(),
            text: Some(text.into()),
            wamid: Some(format!("wamid.{id}")),
            client_message_id: None,
            status: DeliveryStatus::Read,
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

#[test]
fn store_file_holds_no_message_text_and_a_wrong_key_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("store.sqlite3");
    let key = [0x5a; 32];
    {
        let store = Store::open(&path, &key).unwrap_or_else(|e| panic!("open: {e}"));
        store
            .apply(
                &[conversation(1, None), message(1, 1, 10, SECRET_TEXT)],
                7,
                &agent(2),
            )
            .unwrap_or_else(|e| panic!("apply: {e}"));
        assert_eq!(store.cursor().ok(), Some(7));
    }
    // Closing checkpointed the WAL; every byte on disk must be ciphertext.
    let mut on_disk = Vec::new();
    for entry in std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
    {
        on_disk.extend(std::fs::read(entry.path()).unwrap_or_default());
    }
    assert!(!on_disk.is_empty());
    assert!(
        !on_disk
            .windows(SECRET_TEXT.len())
            .any(|w| w == SECRET_TEXT.as_bytes()),
        "message text must never appear in the store's bytes"
    );
    assert!(
        !on_disk.starts_with(b"SQLite format 3"),
        "the file must not be plain SQLite"
    );

    let before = std::fs::read(&path).unwrap_or_default();
    match Store::open(&path, &[0x11; 32]) {
        Err(CoreError::WrongKey) => {}
        Err(other) => panic!("expected WrongKey, got {other}"),
        Ok(_) => panic!("a wrong key must not open the store"),
    }
    let err = CoreError::WrongKey.to_ui();
    assert_eq!(err.code, "store_key");
    assert!(
        err.message.contains("key"),
        "the message says what is wrong: {}",
        err.message
    );
    assert_eq!(
        std::fs::read(&path).unwrap_or_default(),
        before,
        "a failed open must not change the file"
    );

    let store = Store::open(&path, &key).unwrap_or_else(|e| panic!("reopen: {e}"));
    let page = store
        .thread(1, None, 50)
        .unwrap_or_else(|e| panic!("thread: {e}"));
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        page.items[0].text.as_deref(),
        Some(SECRET_TEXT),
        "the right key reads everything back"
    );
}

#[test]
fn thread_pages_by_keyset_oldest_first() {
    let (_dir, store) = temp_store(1);
    let mut changes = vec![conversation(1, None)];
    // Two messages share a timestamp: the id breaks the tie, so none is skipped.
    for i in 1..=25 {
        changes.push(message(i, 1, 1000 + i / 2, &format!("m{i}")));
    }
    store
        .apply(&changes, 1, &agent(2))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .thread(1, before, 10)
            .unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<String> = page.items.iter().filter_map(|i| i.text.clone()).collect();
        seen.splice(0..0, texts);
        match page.older {
            Some(c) => before = Some(c),
            None => break,
        }
    }
    let expected: Vec<String> = (1..=25).map(|i| format!("m{i}")).collect();
    assert_eq!(
        seen, expected,
        "paging must return every message once, in order"
    );
}

/// An outbound message the business sent from its phone (no agent, no
/// key), an automatic reply (no agent, an `auto-` key) and an agent's reply
/// read back as such: one thread page holds all three (a NULL key once made
/// the whole page fail to read).
#[test]
fn phone_echoes_automatic_replies_and_agents_replies_are_told_apart() {
    let (_dir, store) = temp_store(9);
    let outbound =
        |id: i64, key: Option<&str>, agent: Option<i64>| match message(id, 1, 1000 + id, "out") {
            Change::Message { seq, mut message } => {
                message.direction = Direction::Outbound;
                message.client_message_id = key.map(str::to_owned);
                message.sent_by = agent;
                Change::Message { seq, message }
            }
            other => other,
        };
    let changes = vec![
        conversation(1, None),
        message(1, 1, 1000, "hi"),
        outbound(2, None, None),
        outbound(3, Some("auto-away-1-1700003600"), None),
        outbound(4, Some("c-5f1e"), Some(2)),
    ];
    store
        .apply(&changes, 1, &agent(2))
        .unwrap_or_else(|e| panic!("{e}"));
    let page = store.thread(1, None, 10).unwrap_or_else(|e| panic!("{e}"));
    let flags: Vec<(bool, bool)> = page
        .items
        .iter()
        .map(|i| (i.from_phone, i.automatic))
        .collect();
    assert_eq!(
        flags,
        vec![(false, false), (true, false), (false, true), (false, false)]
    );
}

#[test]
fn a_revocation_purges_the_conversation() {
    let (_dir, store) = temp_store(2);
    store
        .apply(
            &[conversation(1, None), message(1, 1, 10, "hello")],
            2,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .queue_reply(1, "queued reply")
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .apply(
            &[Change::Revoked {
                seq: 3,
                conversation_id: 1,
            }],
            3,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store
            .conversations(&agent(2))
            .unwrap_or_default()
            .is_empty()
    );
    assert!(
        store
            .thread(1, None, 10)
            .map(|p| p.items.is_empty())
            .unwrap_or(false)
    );
    assert!(
        store.outbox().unwrap_or_default().is_empty(),
        "queued replies go with the conversation"
    );
    // Its messages are out of every read at once, on disk until purged.
    assert!(store.search("hello", 10).unwrap_or_default().is_empty());
    assert!(matches!(store.message_brief(1), Err(CoreError::NotFound)));
    assert!(matches!(store.media_info(1), Err(CoreError::NotFound)));
    assert_eq!(
        store.suggest("hel", 10).ok(),
        Some(vec!["hello".to_string()])
    );
    assert_eq!(
        store.purge_step().ok(),
        Some(false),
        "one step for one message"
    );
    assert_eq!(
        store.suggest("hel", 10).ok(),
        Some(vec![]),
        "its words leave with its messages"
    );
    store.check_search_index().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_conversation_granted_again_before_its_purge_shows_only_what_the_hub_sends() {
    let (_dir, store) = temp_store(12);
    let me = agent(2);
    // More messages than one purge step holds.
    let mut first = vec![conversation(1, None)];
    for id in 1..=1_205 {
        first.push(message(id, 1, 1_000 + id, &format!("old{id} parcel")));
    }
    store
        .apply(&first, 2, &me)
        .unwrap_or_else(|e| panic!("{e}"));
    let revoked = Change::Revoked {
        seq: 3,
        conversation_id: 1,
    };
    store
        .apply(std::slice::from_ref(&revoked), 3, &me)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.purge_step().ok(), Some(true), "a step at a time");
    // Back before the rest has left: the hub sends the conversation and
    // the messages as they are now.
    store
        .apply(
            &[
                conversation(1, None),
                message(1_205, 1, 2_205, "kept parcel"),
            ],
            4,
            &me,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let thread = store.thread(1, None, 50).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<_> = thread.items.iter().filter_map(|i| i.text.clone()).collect();
    assert_eq!(texts, vec!["kept parcel".to_string()]);
    assert_eq!(store.search("parcel", 100).unwrap_or_default().len(), 1);
    assert_eq!(store.suggest("old1", 10).ok(), Some(vec![]));
    assert_eq!(store.purge_step().ok(), Some(false), "nothing left queued");
    assert_eq!(store.search("kept", 10).unwrap_or_default().len(), 1);
    store.check_search_index().unwrap_or_else(|e| panic!("{e}"));
    // Revoked again: everything goes, in steps.
    store
        .apply(std::slice::from_ref(&revoked), 5, &me)
        .unwrap_or_else(|e| panic!("{e}"));
    store.purge_pending().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.suggest("kept", 10).ok(), Some(vec![]));
    store.check_search_index().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn each_conversation_says_what_the_agent_may_do_with_it() {
    let (_dir, store) = temp_store(4);
    store
        .apply(
            &[conversation(1, None), conversation(2, Some(2))],
            2,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let views = store.conversations(&agent(2)).unwrap_or_default();
    let of = |id: i64| {
        views
            .iter()
            .find(|v| v.conversation.id == id)
            .map(|v| v.actions)
            .unwrap_or_else(|| panic!("conversation {id} listed"))
    };
    assert!(
        of(1).can_claim && !of(1).can_reply,
        "the queue: claim first"
    );
    assert!(
        of(2).can_reply && of(2).can_resolve && !of(2).can_claim,
        "one's own"
    );
    assert!(!of(2).can_assign, "agents do not assign");
    let json = serde_json::to_value(&views[0]).unwrap_or_default();
    assert!(
        json["can_reply"].is_boolean(),
        "the flags reach the UI as fields: {json}"
    );
}

#[test]
fn the_core_refuses_another_agents_conversation_even_if_the_hub_sent_it() {
    let (_dir, store) = temp_store(3);
    store
        .apply(
            &[conversation(1, Some(99)), message(1, 1, 10, "not yours")],
            2,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store
            .conversations(&agent(2))
            .unwrap_or_default()
            .is_empty()
    );
    assert!(
        store
            .thread(1, None, 10)
            .map(|p| p.items.is_empty())
            .unwrap_or(false),
        "no message of a conversation the agent may not read is kept"
    );
}

/// Regression (issue 25.0): any query of two or more words was an error
/// from the store (`fts5: syntax error near "OR"`), hidden by tests that
/// read an error as "no hits". Queries of one to twelve words, prefixes,
/// accents, common words and words with no match, each checked for its
/// answer.
#[test]
fn searches_of_one_to_twelve_words_find_what_they_should() {
    let (_dir, store) = temp_store(4);
    let long = "the order for the blue parcel arrived late again today because the courier";
    store
        .apply(
            &[
                conversation(1, None),
                message(1, 1, 10, long),
                message(2, 1, 11, "Meu pedido ainda não chegou, quando é a entrega?"),
                message(3, 1, 12, "Gracias por la ayuda, llega mañana"),
                conversation(2, None),
                message(4, 2, 13, "The order is here, thanks"),
                message(5, 2, 14, "pedido cancelado"),
            ],
            9,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let ids = |q: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = store
            .search(q, 10)
            .unwrap_or_else(|e| panic!("{q:?} is an error: {e}"))
            .iter()
            .map(|h| h.message_id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let words: Vec<&str> = long.split(' ').collect();
    for n in 1..=12 {
        let q = words[..n].join(" ");
        assert!(
            ids(&q).contains(&1),
            "the first {n} words find the message: {q:?}"
        );
    }
    assert_eq!(ids("the order"), vec![1, 4], "common words, both messages");
    assert_eq!(ids("order blue"), vec![1], "every word must be there");
    assert_eq!(ids("pedido entrega"), vec![2]);
    assert_eq!(ids("pedido entr"), vec![2], "the last word a prefix");
    assert_eq!(ids("pedido"), vec![2, 5]);
    assert_eq!(ids("gracias por"), vec![3]);
    assert_eq!(
        ids("manana llega"),
        vec![3],
        "accents and order do not matter"
    );
    assert_eq!(ids("nao chegou"), vec![2]);
    assert!(ids("pedido zzzz").is_empty(), "a word with no match");
    assert!(ids("zzzz pedido").is_empty());
    assert_eq!(
        ids("\"pedido\" (entrega"),
        vec![2],
        "quotes and brackets are just text"
    );
}

#[test]
fn full_text_search_finds_words_and_prefixes_and_forgets_purged_conversations() {
    let (_dir, store) = temp_store(4);
    store
        .apply(
            &[
                conversation(1, None),
                message(1, 1, 10, "Where is my parcel? Order 4417"),
                message(2, 1, 11, "Está en camino, llega mañana"),
                conversation(2, None),
                message(3, 2, 12, "I need a refund for order 5100"),
            ],
            9,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let ids = |q: &str| -> Vec<i64> {
        store
            .search(q, 10)
            .unwrap_or_default()
            .iter()
            .map(|h| h.message_id)
            .collect()
    };
    assert_eq!(ids("parcel"), vec![1]);
    assert_eq!(ids("parc"), vec![1], "the last word is a prefix");
    assert_eq!(ids("manana"), vec![2], "accents do not matter");
    let mut orders = ids("order");
    orders.sort_unstable();
    assert_eq!(orders, vec![1, 3]);
    assert!(
        ids("\"unbalanced ( OR NEAR").is_empty(),
        "operators typed by a person are just text, not errors"
    );
    assert!(ids("   ").is_empty());
    let hit = store.search("refund", 10).unwrap_or_default();
    assert_eq!(hit.first().map(|h| h.conversation_id), Some(2));
    assert!(hit.first().is_some_and(|h| h.snippet.contains("refund")));

    store
        .apply(
            &[Change::Revoked {
                seq: 10,
                conversation_id: 1,
            }],
            10,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        ids("parcel").is_empty(),
        "a revoked conversation is not found any more"
    );
    store.purge_pending().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store.suggest("parc", 10).ok(),
        Some(vec![]),
        "and its own words leave the list of indexed words"
    );
    assert_eq!(
        store.suggest("Ord", 10).ok(),
        Some(vec!["order".to_string()]),
        "words other conversations hold stay"
    );
    store.check_search_index().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn after_a_sign_out_purge_the_search_index_still_follows_the_messages() {
    let (_dir, store) = temp_store(5);
    let me = agent(2);
    store
        .apply(
            &[conversation(1, None), message(1, 1, 10, "zebra crossing")],
            2,
            &me,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    store.purge_all().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store.search("zebra", 10).unwrap_or_default().is_empty(),
        "the index is emptied"
    );
    assert_eq!(store.cursor().ok(), Some(0));
    store
        .apply(
            &[conversation(2, None), message(2, 2, 20, "zebra again")],
            3,
            &me,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.search("zebra", 10).unwrap_or_default().len(), 1);
    store
        .apply(
            &[Change::Revoked {
                seq: 4,
                conversation_id: 2,
            }],
            4,
            &me,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store.search("zebra", 10).unwrap_or_default().is_empty(),
        "the delete trigger is back after the purge"
    );
    let counts = store.view_counts(&me).unwrap_or_default();
    assert!(
        counts.views.iter().all(|v| v.count == 0) && counts.unread == 0,
        "{counts:?}"
    );
}

#[test]
fn failed_replies_can_be_retried_or_discarded_and_drafts_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("s.db");
    let me = agent(2);
    {
        let store = Store::open(&path, &[6; 32]).unwrap_or_else(|e| panic!("{e}"));
        store
            .apply(&[conversation(1, Some(2))], 2, &me)
            .unwrap_or_else(|e| panic!("{e}"));
        let failed = store
            .queue_reply(1, "refused")
            .unwrap_or_else(|e| panic!("{e}"));
        let queued = store
            .queue_reply(1, "waiting")
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .reply_refused(&failed, "undeliverable", "131026 Message undeliverable")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            store.outbox().unwrap_or_default().len(),
            1,
            "a failed reply is not sent again by itself"
        );
        let counts = store.view_counts(&me).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (counts.outbox, counts.failed),
            (1, 1),
            "the sidebar says one waits and one was refused"
        );
        store.retry_reply(&failed).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(store.outbox().unwrap_or_default().len(), 2, "until retried");
        store
            .discard_reply(&queued)
            .unwrap_or_else(|e| panic!("{e}"));
        let left: Vec<String> = store
            .outbox()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.client_message_id)
            .collect();
        assert_eq!(left, vec![failed]);
        assert!(matches!(
            store.discard_reply("no-such-reply"),
            Err(switchboard_core::CoreError::NotFound)
        ));
        store
            .save_draft(1, "half-written")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let store = Store::open(&path, &[6; 32]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store.draft(1).ok().flatten().as_deref(),
        Some("half-written"),
        "after a restart"
    );
    store.save_draft(1, "  ").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store.draft(1).ok().flatten(),
        None,
        "an empty draft is forgotten"
    );
    store
        .save_draft(1, "again")
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .apply(
            &[Change::Revoked {
                seq: 3,
                conversation_id: 1,
            }],
            3,
            &me,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store.draft(1).ok().flatten(),
        None,
        "and it goes with a revoked conversation"
    );
}

#[test]
fn a_search_hit_opens_in_place_and_search_can_stay_in_one_conversation() {
    let (_dir, store) = temp_store(8);
    let me = agent(2);
    let mut changes = vec![conversation(1, None), conversation(2, None)];
    for id in 1..=30 {
        let text = if id == 15 {
            "the parcel left the depot"
        } else {
            "small talk"
        };
        changes.push(message(id, 1, 1_000 + id, text));
    }
    changes.push(message(31, 2, 2_000, "another parcel question"));
    store
        .apply(&changes, 2, &me)
        .unwrap_or_else(|e| panic!("{e}"));

    let hits = store.search_in("parcel", Some(1), 10).unwrap_or_default();
    assert_eq!(hits.len(), 1, "only conversation 1's match");
    assert_eq!(hits[0].message_id, 15);
    assert!(
        hits[0].snippet.contains("\u{E000}parcel\u{E001}"),
        "the matched word is marked: {:?}",
        hits[0].snippet
    );
    assert_eq!(store.search("parcel", 10).unwrap_or_default().len(), 2);

    let window = store
        .thread_around(1, 15, 5)
        .unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<&str> = window.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "m10", "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19"
        ]
    );
    assert!(
        window.older.is_some() && window.newer.is_some(),
        "more both ways"
    );
    let newer = store
        .thread_newer(1, window.newer.unwrap_or_default(), 50)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(newer.items.first().map(|i| i.key.as_str()), Some("m20"));
    assert_eq!(newer.items.len(), 11);
    assert!(newer.newer.is_none(), "that was the end");
    assert!(
        matches!(
            store.thread_around(2, 15, 5),
            Err(switchboard_core::CoreError::NotFound)
        ),
        "a message of another conversation is not found there"
    );
}

#[test]
fn questions_notes_and_quotes_wait_in_the_outbox_as_what_they_are_and_survive_a_rebuild() {
    let (_dir, store) = temp_store(31);
    let me = agent(7);
    store
        .apply(&[conversation(1, Some(7))], 0, &me)
        .unwrap_or_else(|e| panic!("{e}"));
    let choices = switchboard_protocol::ChoicesSend {
        list: Some("Stores".into()),
        options: vec!["Centro".into(), "Norte".into()],
    };
    store
        .queue_choices(1, "Which store?", &choices)
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .queue_note(1, "private: VIP customer")
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .queue_reply_to(1, "Yes, that one", 5)
        .unwrap_or_else(|e| panic!("{e}"));
    let queued = store.outbox().unwrap_or_default();
    assert_eq!(queued.len(), 3);
    assert_eq!(queued[0].choices.as_ref(), Some(&choices));
    // The thread shows the question with its choices before it is sent.
    let page = store.thread(1, None, 10).unwrap_or_else(|e| panic!("{e}"));
    let question = page
        .items
        .iter()
        .find(|i| i.text.as_deref() == Some("Which store?"))
        .unwrap_or_else(|| panic!("the queued question"));
    assert_eq!(question.kind, "interactive");
    assert_eq!(
        question.details,
        Some(switchboard_protocol::Details::Choices {
            list: Some("Stores".into()),
            options: vec!["Centro".into(), "Norte".into()],
        })
    );
    // Carried over into a new store (a damaged copy rebuilt): each entry
    // is what it was. A note restored as a plain reply would go to the
    // customer.
    let (_dir2, fresh) = temp_store(32);
    for entry in &queued {
        fresh
            .restore_outbox(entry)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(fresh.outbox().unwrap_or_default(), queued);
}

#[test]
fn a_reply_on_its_way_shows_as_sending_and_goes_back_to_queued_if_it_did_not_arrive() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("s.db");
    let me = agent(2);
    let status = |store: &Store| {
        store
            .thread(1, None, 10)
            .ok()
            .and_then(|t| t.items.last().map(|i| i.status))
    };
    {
        let store = Store::open(&path, &[9; 32]).unwrap_or_else(|e| panic!("{e}"));
        store
            .apply(&[conversation(1, Some(2))], 2, &me)
            .unwrap_or_else(|e| panic!("{e}"));
        let cmid = store
            .queue_reply(1, "on its way")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status(&store), Some(DeliveryStatus::Queued));
        store.reply_sending(&cmid).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status(&store), Some(DeliveryStatus::Pending), "sending");
        store
            .reply_attempted(&cmid, "the hub could not be reached")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status(&store), Some(DeliveryStatus::Queued), "queued again");
        store.reply_sending(&cmid).unwrap_or_else(|e| panic!("{e}"));
    }
    // The app stopped in the middle of a send: queued again at the next start.
    let store = Store::open(&path, &[9; 32]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status(&store), Some(DeliveryStatus::Queued));
}

/// `message` with its kind, details and pointers changed by `edit`.
fn shaped(id: i64, ts: i64, text: &str, edit: impl FnOnce(&mut Message)) -> Change {
    let mut change = message(id, 1, ts, text);
    if let Change::Message { message, .. } = &mut change {
        edit(message);
    }
    change
}

#[test]
fn reactions_quotes_and_edits_show_on_the_message_they_are_about() {
    use switchboard_protocol::Details;
    let (_dir, store) = temp_store(0x31);
    let react = |id: i64, ts: i64, direction: Direction, emoji: Option<&str>| {
        shaped(id, ts, "reacted", move |m| {
            m.kind = "reaction".into();
            m.direction = direction;
            m.target = Some(1);
            m.details = Some(Details::Reaction {
                emoji: emoji.map(str::to_owned),
            });
        })
    };
    store
        .apply(
            &[
                conversation(1, Some(2)),
                message(1, 1, 10, "the box was open"),
                shaped(2, 11, "my neighbour took it in", |m| m.reply_to = Some(1)),
                react(3, 12, Direction::Inbound, Some("👍")),
                react(4, 13, Direction::Outbound, Some("🙏")),
                // The customer changes their reaction, then a status update
                // of the business's reaction arrives again: nothing repeats.
                react(5, 14, Direction::Inbound, Some("❤️")),
                react(4, 13, Direction::Outbound, Some("🙏")),
                shaped(6, 15, "My order number is 4711", |m| m.edited = true),
                shaped(7, 16, "edited a message", |m| {
                    m.kind = "edit".into();
                    m.target = Some(6);
                }),
                shaped(8, 17, "", |m| {
                    m.kind = "location".into();
                    m.details = Some(Details::Location {
                        latitude: 38.71,
                        longitude: -9.14,
                        name: Some("Pick-up point".into()),
                        address: None,
                    });
                }),
            ],
            20,
            &agent(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let page = store.thread(1, None, 50).unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<&str> = page.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        ["m1", "m2", "m6", "m8"],
        "reactions and the edit notice show on their messages, not as rows"
    );
    let first = &page.items[0];
    let mut reactions: Vec<(String, Direction)> = first
        .reactions
        .iter()
        .map(|r| (r.emoji.clone(), r.direction))
        .collect();
    reactions.sort_by_key(|r| r.1 == Direction::Outbound);
    assert_eq!(
        reactions,
        [
            ("❤️".to_owned(), Direction::Inbound),
            ("🙏".to_owned(), Direction::Outbound)
        ]
    );
    let quote = page.items[1]
        .quote
        .as_ref()
        .unwrap_or_else(|| panic!("the reply shows what it quotes"));
    assert_eq!(quote.key, "m1");
    assert_eq!(quote.text.as_deref(), Some("the box was open"));
    assert!(page.items[2].edited);
    assert!(matches!(
        page.items[3].details,
        Some(Details::Location { .. })
    ));

    // Taking a reaction back removes that side's.
    store
        .apply(&[react(9, 18, Direction::Inbound, None)], 21, &agent(2))
        .unwrap_or_else(|e| panic!("{e}"));
    let page = store.thread(1, None, 50).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.items[0].reactions.len(), 1);
    assert_eq!(page.items[0].reactions[0].direction, Direction::Outbound);
}

/// Labels come from the hub; a colour that is not `#rrggbb` (it goes into a
/// style in the UI) is kept as grey.
#[test]
fn a_label_colour_is_kept_only_as_rrggbb() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(&dir.path().join("s.db"), &[7; 32]).unwrap_or_else(|e| panic!("{e}"));
    store
        .set_labels(&[
            switchboard_protocol::Label {
                id: 1,
                name: "VIP".into(),
                colour: "#c62828".into(),
            },
            switchboard_protocol::Label {
                id: 2,
                name: "Odd".into(),
                colour: "red; background: url(x)".into(),
            },
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    let kept: Vec<String> = store
        .labels()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|l| l.colour)
        .collect();
    assert_eq!(kept, vec!["#888888", "#c62828"], "by name: Odd, VIP");
}

/// An inbox's settings come back from the store as the hub listed them,
/// the survey's own button titles with them (the admin's form starts
/// from what the store kept).
#[test]
fn an_inbox_keeps_its_survey_question_and_buttons() {
    let (_dir, store) = temp_store(8);
    let inbox = switchboard_protocol::Inbox {
        id: "1000000000001".into(),
        name: "Vendas".into(),
        team_id: None,
        hours: None,
        away_reply: None,
        greeting: Some("Olá!".into()),
        csat_question: Some("Como foi o nosso atendimento?".into()),
        csat_answers: Some(vec!["😀 Bom".into(), "😐 Regular".into(), "🙁 Ruim".into()]),
    };
    let plain = switchboard_protocol::Inbox {
        id: "1000000000002".into(),
        name: "Suporte".into(),
        csat_answers: None,
        csat_question: None,
        greeting: None,
        ..inbox.clone()
    };
    store
        .set_inboxes(&[inbox.clone(), plain.clone()])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store.inboxes().unwrap_or_else(|e| panic!("{e}")),
        vec![plain, inbox],
        "by name: Suporte, Vendas"
    );
}

/// A store made before stores had 16 KiB pages (SQLCipher's default 4 KiB)
/// still opens with its key, keeps what it held and takes new writes; a
/// wrong key still opens neither kind.
#[test]
fn a_store_made_with_four_kibibyte_pages_still_opens() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("old.sqlite3");
    let key = [0x42u8; 32];
    let legacy = || {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.pragma_update(None, "key", format!("x'{}'", hex::encode(key)))
            .unwrap_or_else(|e| panic!("{e}"));
        conn.pragma_update(None, "cipher_page_size", 4096)
            .unwrap_or_else(|e| panic!("{e}"));
        conn
    };
    legacy()
        .execute_batch("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('from before');")
        .unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(&path, &key).unwrap_or_else(|e| panic!("the 4 KiB store: {e}"));
    store
        .set_setting("download_cap", 7_000_000)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let store = Store::open(&path, &key).unwrap_or_else(|e| panic!("reopened: {e}"));
    assert_eq!(
        store.setting("download_cap").ok().flatten(),
        Some(7_000_000)
    );
    drop(store);
    let kept: String = legacy()
        .query_row("SELECT v FROM kept", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("still a 4 KiB store: {e}"));
    assert_eq!(kept, "from before");
    assert!(matches!(
        Store::open(&path, &[0x43; 32]),
        Err(CoreError::WrongKey)
    ));
}

#[test]
fn after_a_catch_up_the_write_ahead_log_is_truncated_and_nothing_is_lost() {
    let (dir, store) = temp_store(31);
    let me = agent(7);
    let mut changes = vec![conversation(1, Some(7))];
    changes.extend(
        (1..=5_000).map(|id| message(id, 1, 1_700_000_000 + id, "the parcel is on its way")),
    );
    store
        .apply(&changes, 5_000, &me)
        .unwrap_or_else(|e| panic!("{e}"));
    let wal = dir.path().join("s.db-wal");
    let grown = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(
        grown > 1_000_000,
        "the catch-up wrote its log ({grown} bytes)"
    );
    let before = store.truncate_log().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before, grown);
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    // Everything is in the file: the thread reads back, and so after a reopen.
    let page = store.thread(1, None, 50).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.items.len(), 50);
    drop(store);
    let again = Store::open(&dir.path().join("s.db"), &[31; 32]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        again
            .search("parcel", 50)
            .unwrap_or_else(|e| panic!("{e}"))
            .len(),
        50
    );
}
