//! The UI's reads never wait for sync: a read issued while a large page of
//! changes is being applied is answered before that page commits.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;
use switchboard_core::store::{Store, View};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Me, Message, Role,
};

const DEADLINE: Duration = Duration::from_secs(30);

fn me() -> Me {
    Me {
        agent_id: 2,
        name: "Sam".into(),
        role: Role::Agent,
        available: false,
        teams: Vec::new(),
    }
}

fn message(id: i64) -> Change {
    Change::Message {
        seq: 0,
        message: Box::new(Message {
            id,
            conversation_id: 1,
            direction: Direction::Inbound,
            kind: "text".into(),
            text: Some(format!("message number {id} about an order")),
            wamid: None,
            client_message_id: None,
            status: DeliveryStatus::Read,
            error: None,
            timestamp: 1_000 + id,
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
fn a_read_is_answered_while_a_large_batch_is_being_applied() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store =
        Arc::new(Store::open(&dir.path().join("s.db"), &[9; 32]).unwrap_or_else(|e| panic!("{e}")));
    let conversation = Change::Conversation {
        seq: 1,
        conversation: Conversation {
            id: 1,
            wa_id: "351912345678".into(),
            contact_name: Some("Ana".into()),
            assignee: None,
            status: ConversationStatus::Open,
            unread: 1,
            last_inbound_at: Some(1_000),
            last_message_at: 1_000,
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
    };
    store
        .apply(&[conversation, message(1)], 1, &me())
        .unwrap_or_else(|e| panic!("{e}"));

    let batch: Vec<Change> = (2..20_000).map(message).collect();
    let (started, on_started) = mpsc::channel::<usize>();
    let (release, on_release) = mpsc::channel::<()>();
    let writer = {
        let store = store.clone();
        std::thread::spawn(move || {
            let mut first = true;
            store.apply_with_progress(&batch, 2, &me(), &mut |n| {
                if first {
                    first = false;
                    let _ = started.send(n);
                    // Keep the write transaction open, half applied, until the
                    // reader has been answered (or the test gave up).
                    let _ = on_release.recv_timeout(DEADLINE);
                }
            })
        })
    };
    let applied = on_started
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|e| panic!("the batch never started: {e}"));
    assert!(applied > 0);

    // Read from another thread; it must answer while the batch is open.
    let (answered, on_answer) = mpsc::channel();
    {
        let store = store.clone();
        std::thread::spawn(move || {
            let page = store.conversation_page(&me(), View::Unassigned, None, 50);
            let thread = store.thread(1, None, 50);
            let _ = answered.send((page, thread));
        });
    }
    let outcome = on_answer.recv_timeout(DEADLINE);
    let _ = release.send(());
    let (page, thread) =
        outcome.unwrap_or_else(|_| panic!("a read waited for the writer's open transaction"));
    let page = page.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        page.items[0].preview.as_deref(),
        Some("message number 1 about an order"),
        "the read sees the last committed state, not the half-applied batch"
    );
    assert_eq!(thread.map(|t| t.items.len()).unwrap_or(0), 1);

    writer
        .join()
        .unwrap_or_else(|_| panic!("the writer panicked"))
        .unwrap_or_else(|e| panic!("{e}"));
    let after = store.thread(1, None, 200).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        after.items.len(),
        200,
        "and the batch is there once committed"
    );
}
