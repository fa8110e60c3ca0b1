//! Meta re-delivers and reorders webhooks. The same stream delivered once in
//! order, or with duplicates in a shuffled order, must give the same state.

use crate::common::*;
use axum::http::StatusCode;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde_json::Value;
use switchboard_hub::queries;
use switchboard_hub::repo;
use switchboard_hub::repo::SendOutcome;

/// Outbound messages with known wamids in each customer's conversation.
fn seed_outbound(h: &Hub, customers: &[&str]) {
    for (i, wa) in customers.iter().enumerate() {
        let conversation = count(
            &h.db,
            &format!("SELECT id FROM conversations WHERE wa_id = '{wa}'"),
        );
        let cmid = format!("out-{i}");
        h.sqlite
            .blocking(move |conn, keys| {
                let reply = switchboard_hub::repo::NewOutbound {
                    conversation_id: conversation,
                    agent_id: Some(1),
                    client_message_id: cmid,
                    text: "reply".into(),
                    payload: None,
                    note: false,
                };
                let slot = queries::outbound::record_outbound(conn, keys, &reply)?;
                let id = match slot {
                    repo::SendSlot::New(m) | repo::SendSlot::Existing(m) => m.id,
                };
                queries::outbound::mark_in_flight(conn, id, "hub")?;
                queries::outbound::record_send_outcome(
                    conn,
                    id,
                    &SendOutcome::Accepted {
                        wamid: format!("wamid.out{i}"),
                    },
                )
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

fn stream(customers: &[&str]) -> Vec<Value> {
    let mut events = Vec::new();
    for (i, wa) in customers.iter().enumerate() {
        for n in 0..3 {
            events.push(text_webhook_at(
                wa,
                &format!("wamid.in{i}-{n}"),
                &format!("message {n}"),
                1_700_000_100 + n,
            ));
        }
        let w = format!("wamid.out{i}");
        if i == 0 {
            let mut failed = status_webhook(&w, "failed", 1_700_000_010);
            failed["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"] =
                serde_json::json!([{"code": 131026, "title": "Message undeliverable"}]);
            events.push(status_webhook(&w, "sent", 1_700_000_001));
            events.push(failed);
        } else {
            events.push(status_webhook(&w, "sent", 1_700_000_001));
            events.push(status_webhook(&w, "delivered", 1_700_000_002));
            events.push(status_webhook(&w, "read", 1_700_000_003));
        }
    }
    events
}

async fn setup(customers: &[&str]) -> Hub {
    let h = hub();
    add_agent(&h, "Ada", switchboard_protocol::Role::Admin);
    for wa in customers {
        assert_eq!(
            post_signed(
                &h.state,
                &text_webhook_at(wa, &format!("wamid.first{wa}"), "first", 1_700_000_000)
            )
            .await,
            StatusCode::OK
        );
    }
    seed_outbound(&h, customers);
    h
}

#[tokio::test]
async fn duplicates_and_shuffling_give_the_identical_final_state() {
    let customers = [
        "351900000001",
        "351900000002",
        "351900000003",
        "351900000004",
    ];
    let events = stream(&customers);

    let ordered = setup(&customers).await;
    for e in &events {
        assert_eq!(post_signed(&ordered.state, e).await, StatusCode::OK);
    }

    for seed in [1u64, 2, 3] {
        let shuffled = setup(&customers).await;
        let mut noisy: Vec<&Value> = events
            .iter()
            .chain(events.iter())
            .chain(events.iter().take(5))
            .collect();
        noisy.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
        for e in noisy {
            assert_eq!(post_signed(&shuffled.state, e).await, StatusCode::OK);
        }
        assert_eq!(
            snapshot(&shuffled.db),
            snapshot(&ordered.db),
            "seed {seed}: state differs"
        );
    }
    let state = snapshot(&ordered.db);
    assert!(
        state
            .iter()
            .any(|l| l.contains("wamid.out0") && l.contains("failed") && l.contains("131026"))
    );
    assert!(
        state
            .iter()
            .any(|l| l.contains("wamid.out1") && l.contains(" read "))
    );
    assert_eq!(
        count(
            &ordered.db,
            "SELECT count(*) FROM messages WHERE direction = 'inbound'"
        ),
        4 * 4
    );
    assert_eq!(
        count(
            &ordered.db,
            "SELECT unread FROM conversations WHERE wa_id = '351900000001'"
        ),
        4
    );
}
