//! Leases with several hubs on one PostgreSQL, through the hub's own store
//! (three `PgStore`s, as three hub processes hold them): each reply is taken
//! by exactly one hub and only sends whose hub stopped (expired leases, or
//! the hub's own when it starts again) become "unknown"; each media download
//! is taken by one hub at a time and a stopped hub's come back when its
//! lease runs out.

use std::collections::HashMap;
use std::sync::Arc;
use switchboard_hub::backend::postgres::PgStore;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::db;
use switchboard_hub::repo::{HubStore, MediaOutcome, NewOutbound, SendOutcome, SendSlot};
use switchboard_protocol::{Change, DeliveryStatus, Role};
use switchboard_testpg::Postgres;
use switchboard_whatsapp::webhook;

const HUBS: [&str; 3] = ["hub-a", "hub-b", "hub-c"];

async fn three_hubs(pg: &Postgres) -> Vec<Arc<PgStore>> {
    let mut hubs = Vec::new();
    for name in HUBS {
        hubs.push(Arc::new(
            PgStore::connect(&pg.url(), Keyring::new(1, [9u8; 32]), name)
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        ));
    }
    hubs
}

/// One webhook from customer `n` with `kind` ("text" or "image").
fn inbound(n: usize, kind: &str) -> Vec<webhook::Event> {
    let message = if kind == "image" {
        serde_json::json!({"from": format!("35190{n:07}"), "id": format!("wamid.in{n}"), "timestamp": "1700000000",
                           "type": "image", "image": {"id": format!("{}", 1_000_000 + n), "mime_type": "image/jpeg"}})
    } else {
        serde_json::json!({"from": format!("35190{n:07}"), "id": format!("wamid.in{n}"), "timestamp": "1700000000",
                           "type": "text", "text": {"body": "hi"}})
    };
    let value = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "messages": [message]
        }}]}]
    });
    webhook::parse(&serde_json::to_vec(&value).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Each hub takes due sends at once, a batch at a time, as its send queue
/// does (read what is due, then mark each in flight; only a hub whose mark
/// succeeds calls WhatsApp), until none is left; what each took.
async fn drain_sends(hubs: &[Arc<PgStore>]) -> HashMap<&'static str, Vec<i64>> {
    let mut tasks = Vec::new();
    for (name, hub) in HUBS.into_iter().zip(hubs.iter().cloned()) {
        tasks.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            loop {
                let due = hub.due_sends(db::now() + 1, 7).await?;
                if due.is_empty() {
                    return Ok::<_, switchboard_hub::repo::StoreError>((name, taken));
                }
                for send in due {
                    if hub.mark_in_flight(send.message_id).await? {
                        taken.push(send.message_id);
                    }
                }
            }
        }));
    }
    let mut out = HashMap::new();
    for t in tasks {
        let (name, ids) = t
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
        out.insert(name, ids);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hubs_never_take_the_same_send_and_only_stopped_ones_become_unknown() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let hubs = three_hubs(&pg).await;
    let (a, c) = (&hubs[0], &hubs[2]);
    let (admin, _) = a
        .create_agent("Ana".into(), Role::Admin, 90, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    a.ingest(inbound(1, "text"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let conversation = a
        .changes_for(a.list_agents().await.unwrap_or_default().remove(0), 0, 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .0
        .iter()
        .find_map(|c| match c {
            Change::Conversation { conversation, .. } => Some(conversation.id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no conversation"));
    let mut queued = Vec::new();
    for i in 0..300 {
        let slot = hubs[i % 3]
            .queue_outbound(NewOutbound {
                conversation_id: conversation,
                agent_id: Some(admin),
                client_message_id: format!("reply-{i}"),
                text: format!("reply {i}"),
                payload: None,
                note: false,
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        match slot {
            SendSlot::New(m) => queued.push(m.id),
            SendSlot::Existing(_) => panic!("new"),
        }
    }

    let taken = drain_sends(&hubs).await;
    let per_hub: Vec<(&str, usize)> = taken.iter().map(|(h, t)| (*h, t.len())).collect();
    let mut all: Vec<i64> = taken.values().flatten().copied().collect();
    all.sort_unstable();
    queued.sort_unstable();
    assert_eq!(
        all, queued,
        "every send taken once, by one hub: {per_hub:?}"
    );
    let db = pg.client().await;
    let leased: i64 = db
        .query_one(
            "SELECT count(*) FROM messages WHERE send_state = 'in_flight' AND lease_owner IS NOT NULL AND lease_until > $1",
            &[&db::now()],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    assert_eq!(leased, 300, "in flight under a lease, before any call");

    let mine = |h: &str| -> Vec<i64> {
        let mut ids = taken.get(h).cloned().unwrap_or_default();
        ids.sort_unstable();
        ids
    };
    // hub-c finishes its sends; hub-a and hub-b stop mid-call.
    for id in mine("hub-c") {
        c.record_send_outcome(
            id,
            SendOutcome::Accepted {
                wamid: format!("wamid.out{id}"),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
    // hub-a starts again: its own sends are unknown at once.
    assert_eq!(
        a.reconcile_in_flight().await.ok(),
        Some(mine("hub-a").len())
    );
    // hub-b's leases have not run out: a slow call and a dead hub look
    // alike, so nothing of it is touched yet.
    assert_eq!(c.reconcile_expired().await.ok(), Some(0));
    // Its leases run out (moved back rather than waiting 120 s).
    db.execute(
        "UPDATE messages SET lease_until = lease_until - $1 WHERE lease_owner = 'hub-b'",
        &[&switchboard_hub::queries::outbound::LEASE_SECS],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        c.reconcile_expired().await.ok(),
        Some(mine("hub-b").len()),
        "once its leases run out, hub-b's sends are unknown"
    );
    let mut unknown = Vec::new();
    for id in &queued {
        let m = c.message(*id).await.unwrap_or_else(|e| panic!("{e}"));
        if m.status == DeliveryStatus::Unknown {
            unknown.push(*id);
        }
    }
    let mut stopped = [mine("hub-a"), mine("hub-b")].concat();
    stopped.sort_unstable();
    assert_eq!(unknown, stopped);
    assert!(
        c.due_sends(db::now() + 1_000, 10)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty(),
        "an unknown outcome is never taken again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_download_is_taken_once_and_a_stopped_hubs_come_back_after_its_lease() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let hubs = three_hubs(&pg).await;
    for n in 0..200 {
        hubs[n % 3]
            .ingest(inbound(n, "image"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut tasks = Vec::new();
    for (name, hub) in HUBS.into_iter().zip(hubs.iter().cloned()) {
        tasks.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            loop {
                let due = hub.due_media(db::now() + 1, 5).await?;
                if due.is_empty() {
                    return Ok::<_, switchboard_hub::repo::StoreError>((name, taken));
                }
                taken.extend(due.into_iter().map(|m| m.message_id));
            }
        }));
    }
    let mut taken: HashMap<&str, Vec<i64>> = HashMap::new();
    for t in tasks {
        let (name, ids) = t
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
        taken.insert(name, ids);
    }
    let mut all: Vec<i64> = taken.values().flatten().copied().collect();
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!((before, all.len()), (200, 200), "each download taken once");

    // hub-a and hub-c finish theirs; hub-b stops holding its own.
    for (hub, name) in [(&hubs[0], "hub-a"), (&hubs[2], "hub-c")] {
        for id in taken.get(name).cloned().unwrap_or_default() {
            hub.record_media(
                id,
                MediaOutcome::Ready {
                    mime_type: "image/jpeg".into(),
                    bytes: vec![0xff, 0xd8],
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    assert!(
        hubs[0]
            .due_media(db::now() + 10, 500)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty(),
        "a live lease is not taken over"
    );
    let db = pg.client().await;
    db.execute(
        "UPDATE media SET lease_until = lease_until - $1 WHERE lease_owner = 'hub-b'",
        &[&switchboard_hub::queries::media::LEASE_SECS],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let mut again: Vec<i64> = hubs[0]
        .due_media(db::now() + 1, 500)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|m| m.message_id)
        .collect();
    again.sort_unstable();
    let mut hub_b = taken.get("hub-b").cloned().unwrap_or_default();
    hub_b.sort_unstable();
    assert!(!hub_b.is_empty());
    assert_eq!(
        again, hub_b,
        "once hub-b's lease runs out, its downloads are due again"
    );
}
