//! The same store behaviour on both backends: each scenario below runs
//! through the `HubStore` trait on the embedded SQLite store and on
//! PostgreSQL (a throwaway server, one fresh database per scenario), and a
//! few run with two hubs on one PostgreSQL database.

use std::sync::Arc;
use switchboard_hub::backend::postgres::PgStore;
use switchboard_hub::backend::sqlite::{CommitMode, Store};
use switchboard_hub::crypto::Keyring;
use switchboard_hub::db;
use switchboard_hub::queries::agents::hash_token;
use switchboard_hub::repo;
use switchboard_hub::repo::{
    HubStore, MediaOutcome, NewOutbound, SendOutcome, SendSlot, ServiceChange, StoreError,
    TeamChange, TokenRejection,
};
use switchboard_protocol::{Change, ConversationStatus, DeliveryStatus, Role};
use switchboard_testpg::Postgres;
use switchboard_whatsapp::webhook;

fn keys() -> Keyring {
    Keyring::new(1, [7u8; 32])
}

fn sqlite(dir: &tempfile::TempDir) -> Arc<dyn HubStore> {
    let store = Store::open_with(&dir.path().join("hub.sqlite3"), keys(), CommitMode::Group)
        .unwrap_or_else(|e| panic!("sqlite: {e}"));
    Arc::new(store)
}

/// A fresh database on the test server; `hubs` stores on it (hub-a, hub-b, …).
async fn postgres(pg: &Postgres, name: &str, hubs: usize) -> Vec<Arc<PgStore>> {
    pg.psql(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("createdb: {e}"));
    let url = format!("postgres://switchboard@127.0.0.1:{}/{name}", pg.port());
    let mut out = Vec::new();
    for i in 0..hubs {
        let owner = format!("hub-{}", (b'a' + i as u8) as char);
        out.push(Arc::new(
            PgStore::connect(&url, keys(), &owner)
                .await
                .unwrap_or_else(|e| panic!("postgres: {e}")),
        ));
    }
    out
}

/// Runs `scenario` on SQLite and, where a server can run, on PostgreSQL.
macro_rules! on_both {
    ($name:ident, $scenario:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            $scenario(sqlite(&dir)).await;
            if let Some(pg) = Postgres::start_or_skip() {
                let store = postgres(&pg, stringify!($name), 1).await.remove(0);
                $scenario(store).await;
            }
        }
    };
}

fn text(from: &str, wamid: &str, body: &str, ts: i64) -> Vec<webhook::Event> {
    text_to("1122334455667", from, wamid, body, ts)
}

/// A customer writing to business number `number`.
fn text_to(number: &str, from: &str, wamid: &str, body: &str, ts: i64) -> Vec<webhook::Event> {
    let value = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": number},
            "contacts": [{"profile": {"name": format!("Customer {from}")}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}}]
        }}]}]
    });
    webhook::parse(&serde_json::to_vec(&value).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn status(wamid: &str, status: &str, ts: i64) -> Vec<webhook::Event> {
    let value = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "statuses": [{"id": wamid, "status": status, "timestamp": ts.to_string(), "recipient_id": "351900000001"}]
        }}]}]
    });
    webhook::parse(&serde_json::to_vec(&value).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn ok<T>(r: Result<T, StoreError>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn agent(store: &dyn HubStore, name: &str, role: Role) -> (i64, String) {
    ok(store.create_agent(name.into(), role, 90, None).await)
}

/// Admin 1 first (it acts for the others).
async fn team(store: &dyn HubStore) -> (i64, i64, i64) {
    let (admin, _) = agent(store, "Ana", Role::Admin).await;
    let (sam, _) = agent(store, "Sam", Role::Agent).await;
    let (vera, _) = agent(store, "Vera", Role::Viewer).await;
    (admin, sam, vera)
}

async fn feed_for(store: &dyn HubStore, agent_id: i64) -> Vec<Change> {
    let me = ok(store.list_agents().await)
        .into_iter()
        .find(|a| a.id == agent_id)
        .unwrap_or_else(|| panic!("agent {agent_id}"));
    ok(store.changes_for(me, 0, 1_000).await).0
}

/// The first conversation in `agent_id`'s feed.
async fn first_conversation(store: &dyn HubStore, agent_id: i64) -> i64 {
    feed_for(store, agent_id)
        .await
        .iter()
        .find_map(|c| match c {
            Change::Conversation { conversation, .. } => Some(conversation.id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no conversation in agent {agent_id}'s feed"))
}

/// Queues a reply that must be new.
async fn queued(store: &dyn HubStore, reply: NewOutbound) -> switchboard_protocol::Message {
    match ok(store.queue_outbound(reply).await) {
        SendSlot::New(m) => m,
        SendSlot::Existing(m) => panic!("already queued: {}", m.id),
    }
}

async fn webhooks_become_conversations_once(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, sam, _) = team(store).await;
    let first = ok(store
        .ingest(text("351900000001", "wamid.A1", "hello", 1_700_000_000))
        .await);
    assert_eq!(first.messages_new, 1);
    let again = ok(store
        .ingest(text("351900000001", "wamid.A1", "hello", 1_700_000_000))
        .await);
    assert_eq!(again.messages_duplicate, 1, "Meta's retry is one message");
    ok(store
        .ingest(text("351900000001", "wamid.A2", "second", 1_700_000_010))
        .await);
    let feed = feed_for(store, admin).await;
    let messages: Vec<_> = feed
        .iter()
        .filter_map(|c| match c {
            Change::Message { message, .. } => Some(message.text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        messages,
        vec![Some("hello".to_string()), Some("second".to_string())]
    );
    let Some(Change::Conversation { conversation, .. }) = feed
        .iter()
        .rev()
        .find(|c| matches!(c, Change::Conversation { .. }))
    else {
        panic!("no conversation in {feed:?}")
    };
    assert_eq!(conversation.unread, 2);
    assert_eq!(
        conversation.contact_name.as_deref(),
        Some("Customer 351900000001")
    );
    // An unassigned conversation is in the queue: agents see it too.
    assert!(!feed_for(store, sam).await.is_empty());
    // Seqs only grow.
    let seqs: Vec<i64> = feed
        .iter()
        .map(|c| match c {
            Change::Conversation { seq, .. }
            | Change::Message { seq, .. }
            | Change::Revoked { seq, .. } => *seq,
        })
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(ok(store.latest_seq().await), *seqs.last().unwrap_or(&0));
}
on_both!(
    webhooks_become_conversations_once_on_both,
    webhooks_become_conversations_once
);

async fn assignment_claims_and_revocations(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, sam, vera) = team(store).await;
    let (kim, _) = agent(store, "Kim", Role::Agent).await;
    ok(store
        .ingest(text("351900000002", "wamid.B1", "need help", 1_700_000_000))
        .await);
    let id = ok(store.latest_seq().await);
    let conversation = match feed_for(store, admin)
        .await
        .into_iter()
        .find_map(|c| match c {
            Change::Conversation { conversation, .. } => Some(conversation.id),
            _ => None,
        }) {
        Some(c) => c,
        None => panic!("no conversation (seq {id})"),
    };
    ok(store.assign(conversation, Some(sam), sam, true).await);
    // A second claim loses, naming who holds it.
    match store.assign(conversation, Some(kim), kim, true).await {
        Err(StoreError::Held(name)) => assert_eq!(name, "Sam"),
        other => panic!("expected Held, got {:?}", other.map(|_| ())),
    }
    // Kim can no longer read it: the feed ends with its revocation.
    let kims = feed_for(store, kim).await;
    assert!(
        matches!(kims.last(), Some(Change::Revoked { conversation_id, .. }) if *conversation_id == conversation),
        "{kims:?}"
    );
    // A viewer cannot hold conversations.
    assert!(matches!(
        store.assign(conversation, Some(vera), admin, false).await,
        Err(StoreError::Invalid("invalid_assignee", _))
    ));
    ok(store
        .set_status(conversation, ConversationStatus::Resolved, sam)
        .await);
    ok(store
        .set_status(conversation, ConversationStatus::Resolved, sam)
        .await);
    assert_eq!(
        ok(store.conversation(conversation).await).status,
        ConversationStatus::Resolved
    );
    let receipt = ok(store.mark_read(conversation).await);
    assert_eq!(receipt.map(|r| r.wamid), Some("wamid.B1".to_string()));
    assert_eq!(ok(store.conversation(conversation).await).unread, 0);
    ok(store.mark_unread(conversation).await);
    assert_eq!(ok(store.conversation(conversation).await).unread, 1);
    // Back to the queue: everyone reads it again, with its history.
    ok(store.assign(conversation, None, admin, false).await);
    assert!(feed_for(store, kim).await.iter().any(
        |c| matches!(c, Change::Message { message, .. } if message.wamid.as_deref() == Some("wamid.B1"))
    ));
    // Every change above has its audit entry, in one intact chain.
    let log = ok(store.audit_log(0, 100).await);
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "agent_add",
            "agent_add",
            "agent_add",
            "agent_add",
            "claim",
            "resolve",
            "assign"
        ]
    );
}
on_both!(
    assignment_claims_and_revocations_on_both,
    assignment_claims_and_revocations
);

async fn agents_tokens_and_the_last_admin(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, token) = agent(store, "Ana", Role::Admin).await;
    let (sam, sams) = agent(store, "Sam", Role::Agent).await;
    let me = ok(store.authenticate(hash_token(&token)).await);
    assert_eq!(me.map(|a| a.id).ok(), Some(admin));
    assert!(ok(store.record_sign_in(hash_token(&token), admin).await));
    assert!(
        !ok(store.record_sign_in(hash_token(&token), admin).await),
        "audited once"
    );
    assert_eq!(
        ok(store.authenticate(hash_token("sbt_nothing")).await).err(),
        Some(TokenRejection::Unknown)
    );
    // The hub keeps an active admin.
    assert!(matches!(
        store
            .update_agent(admin, Some(Role::Agent), None, Some(admin))
            .await,
        Err(StoreError::Clash("last_admin", _))
    ));
    assert_eq!(
        ok(store.list_agents().await)
            .iter()
            .find(|a| a.id == admin)
            .map(|a| a.role),
        Some(Role::Admin),
        "nothing of the refused change stays"
    );
    // Rotating revokes the others; disabling revokes all.
    let fresh = ok(store.issue_token(sam, 30, true, Some(admin)).await);
    assert_eq!(
        ok(store.authenticate(hash_token(&sams)).await).err(),
        Some(TokenRejection::Revoked)
    );
    assert!(ok(store.authenticate(hash_token(&fresh)).await).is_ok());
    ok(store.update_agent(sam, None, Some(true), Some(admin)).await);
    assert_eq!(
        ok(store.authenticate(hash_token(&fresh)).await).err(),
        Some(TokenRejection::Revoked)
    );
    assert_eq!(ok(store.list_tokens(sam).await).len(), 2);
    assert!(matches!(
        store.list_tokens(999).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .create_agent("Sam".into(), Role::Agent, 90, Some(admin))
            .await,
        Err(StoreError::Clash("duplicate_name", _))
    ));
}
/// An agent's file: kept in sealed chunks, attached to one message (which
/// then shows it ready), read back a chunk at a time; unsent ones swept.
async fn uploads_are_chunked_attached_once_and_swept(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (_, sam, _) = team(store).await;
    ok(store
        .ingest(text("351900000004", "wamid.U1", "hi", 1_700_000_000))
        .await);
    let admin = ok(store.list_agents().await).remove(0).id;
    let conversation = first_conversation(store, admin).await;
    let begin = || repo::NewUpload {
        conversation_id: conversation,
        agent_id: sam,
        kind: "document".into(),
        mime_type: "application/pdf".into(),
        filename: "Invoice.pdf".into(),
    };
    let id = ok(store.begin_upload(begin()).await);
    ok(store.put_upload_chunk(id, 0, b"first ".to_vec()).await);
    ok(store.put_upload_chunk(id, 1, b"second".to_vec()).await);
    assert!(
        store.finish_upload(id, 12, "ab".into(), 3).await.is_err(),
        "a missing chunk is noticed"
    );
    ok(store.finish_upload(id, 12, "ab".into(), 2).await);
    let row = ok(store.upload(id).await);
    assert_eq!(
        (row.filename.as_str(), row.size, row.chunks),
        ("Invoice.pdf", 12, 2)
    );
    let send = |cmid: &str| NewOutbound {
        conversation_id: conversation,
        agent_id: Some(sam),
        client_message_id: cmid.into(),
        text: "Your invoice".into(),
        payload: Some(repo::Payload::Media {
            upload_id: id,
            kind: "document".into(),
            mime_type: "application/pdf".into(),
            filename: "Invoice.pdf".into(),
            caption: Some("Your invoice".into()),
            reply_to: None,
        }),
        note: false,
    };
    let SendSlot::New(message) = ok(store.queue_outbound(send("f-1")).await) else {
        panic!("a new message")
    };
    assert_eq!(message.kind, "document");
    assert_eq!(message.media.map(|m| m.state), Some("ready".to_owned()));
    assert!(matches!(
        store.queue_outbound(send("f-2")).await,
        Err(StoreError::Invalid("attachment_used", _))
    ));
    assert_eq!(
        ok(store.media_bytes(message.id).await),
        ("application/pdf".to_owned(), b"first second".to_vec())
    );
    let unsent = ok(store.begin_upload(begin()).await);
    ok(store.put_upload_chunk(unsent, 0, b"x".to_vec()).await);
    assert_eq!(
        ok(store.sweep_uploads(i64::MAX / 2).await),
        1,
        "only the unsent one"
    );
    assert!(matches!(
        store.upload(unsent).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.upload_chunk(unsent, 0).await.is_err());
    assert_eq!(ok(store.upload_chunk(id, 1).await), b"second".to_vec());
}
on_both!(
    uploads_are_chunked_attached_once_and_swept_on_both,
    uploads_are_chunked_attached_once_and_swept
);

on_both!(
    agents_tokens_and_the_last_admin_on_both,
    agents_tokens_and_the_last_admin
);

async fn replies_are_idempotent_and_sent_once(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (_, sam, _) = team(store).await;
    ok(store
        .ingest(text("351900000003", "wamid.C1", "hi", 1_700_000_000))
        .await);
    let admin = ok(store.list_agents().await).remove(0).id;
    let conversation = first_conversation(store, admin).await;
    let reply = |cmid: &str, conversation_id: i64| NewOutbound {
        conversation_id,
        agent_id: Some(sam),
        client_message_id: cmid.into(),
        text: "on its way".into(),
        payload: None,
        note: false,
    };
    let first = queued(store, reply("c-1", conversation)).await;
    assert!(matches!(
        ok(store.queue_outbound(reply("c-1", conversation)).await),
        SendSlot::Existing(m) if m.id == first.id
    ));
    assert!(matches!(
        store.queue_outbound(reply("c-1", conversation + 1)).await,
        Err(StoreError::Conflict(_))
    ));
    let due = ok(store.due_sends(i64::MAX / 2, 10).await);
    assert_eq!(
        due.iter().map(|d| d.message_id).collect::<Vec<_>>(),
        vec![first.id]
    );
    assert_eq!(due[0].text, "on its way");
    assert!(ok(store.mark_in_flight(first.id).await));
    assert!(!ok(store.mark_in_flight(first.id).await), "taken once");
    ok(store
        .record_send_outcome(
            first.id,
            SendOutcome::Accepted {
                wamid: "wamid.OUT1".into(),
            },
        )
        .await);
    ok(store
        .ingest(status("wamid.OUT1", "delivered", 1_700_000_100))
        .await);
    ok(store
        .ingest(status("wamid.OUT1", "sent", 1_700_000_090))
        .await);
    assert_eq!(
        ok(store.message(first.id).await).status,
        DeliveryStatus::Delivered
    );
    // A send left in flight by this hub is "unknown" when it starts again.
    let second = queued(store, reply("c-2", conversation)).await;
    assert!(ok(store.mark_in_flight(second.id).await));
    assert_eq!(ok(store.reconcile_in_flight().await), 1);
    assert_eq!(
        ok(store.message(second.id).await).status,
        DeliveryStatus::Unknown
    );
    assert_eq!(ok(store.gauges().await).send_queue, 0);
}
on_both!(
    replies_are_idempotent_and_sent_once_on_both,
    replies_are_idempotent_and_sent_once
);

/// A customer's message of any kind, from its JSON as Meta sends it.
fn inbound(from: &str, message: serde_json::Value) -> Vec<webhook::Event> {
    let value = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": format!("Customer {from}")}, "wa_id": from}],
            "messages": [message]
        }}]}]
    });
    webhook::parse(&serde_json::to_vec(&value).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Statuses that arrive before the send knows its wamid, and in the wrong
/// order; media fetched, retried and given up; a customer's edit and
/// deletion; a payload kept aside.
async fn reorders_media_edits_and_quarantine(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, sam, _) = team(store).await;
    ok(store
        .ingest(text(
            "351900000005",
            "wamid.E1",
            "first words",
            1_700_000_000,
        ))
        .await);
    let conversation = first_conversation(store, admin).await;
    let reply = queued(
        store,
        NewOutbound {
            conversation_id: conversation,
            agent_id: Some(sam),
            client_message_id: "r-early".into(),
            text: "noted".into(),
            payload: None,
            note: false,
        },
    )
    .await;
    assert!(ok(store.mark_in_flight(reply.id).await));
    // Meta's "read" and "delivered" come before the send's answer is stored.
    ok(store
        .ingest(status("wamid.OUT5", "read", 1_700_000_120))
        .await);
    ok(store
        .ingest(status("wamid.OUT5", "delivered", 1_700_000_110))
        .await);
    ok(store
        .record_send_outcome(
            reply.id,
            SendOutcome::Accepted {
                wamid: "wamid.OUT5".into(),
            },
        )
        .await);
    assert_eq!(
        ok(store.message(reply.id).await).status,
        DeliveryStatus::Read,
        "statuses recorded early are folded in when the wamid is known"
    );
    ok(store
        .ingest(status("wamid.OUT5", "sent", 1_700_000_100))
        .await);
    assert_eq!(
        ok(store.message(reply.id).await).status,
        DeliveryStatus::Read,
        "never backwards"
    );

    // Media: due once, fetched; another retried, then given up.
    for (wamid, media) in [("wamid.M1", "5001"), ("wamid.M2", "5002")] {
        ok(store
            .ingest(inbound(
                "351900000005",
                serde_json::json!({"from": "351900000005", "id": wamid, "timestamp": "1700000200",
                                   "type": "image", "image": {"id": media, "mime_type": "image/jpeg"}}),
            ))
            .await);
    }
    let mut due = ok(store.due_media(i64::MAX / 2, 10).await);
    due.sort_by(|a, b| a.media_id.cmp(&b.media_id));
    assert_eq!(
        due.iter().map(|d| d.media_id.as_str()).collect::<Vec<_>>(),
        vec!["5001", "5002"]
    );
    // Over two chunks of 1 MiB: kept sealed a chunk at a time, read back whole.
    let picture: Vec<u8> = [0xff, 0xd8, 0xff]
        .into_iter()
        .chain((0..2_621_444u32).map(|i| (i % 251) as u8))
        .collect();
    ok(store
        .record_media(
            due[0].message_id,
            MediaOutcome::Ready {
                mime_type: "image/jpeg".into(),
                bytes: picture.clone(),
            },
        )
        .await);
    assert!(matches!(
        ok(store.media_source(due[0].message_id).await),
        repo::MediaSource::Chunked {
            chunks: 3,
            size: 2_621_447,
            ..
        }
    ));
    assert_eq!(
        ok(store.media_bytes(due[0].message_id).await),
        ("image/jpeg".to_string(), picture)
    );
    ok(store
        .record_media(
            due[1].message_id,
            MediaOutcome::Retry {
                at: 1_700_000_300,
                error: "timeout".into(),
            },
        )
        .await);
    let again = ok(store.due_media(i64::MAX / 2, 10).await);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1, "one attempt counted");
    ok(store
        .record_media(
            due[1].message_id,
            MediaOutcome::Failed {
                error: "gone".into(),
            },
        )
        .await);
    assert!(ok(store.due_media(i64::MAX / 2, 10).await).is_empty());
    assert!(
        store.media_bytes(due[1].message_id).await.is_err(),
        "no bytes for a failed fetch"
    );

    // The customer edits the first message, then deletes it.
    let first = |changes: &[Change]| {
        changes
            .iter()
            .rev()
            .find_map(|c| match c {
                Change::Message { message, .. } if message.wamid.as_deref() == Some("wamid.E1") => {
                    Some(message.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("wamid.E1 not in the feed"))
    };
    ok(store
        .ingest(inbound(
            "351900000005",
            serde_json::json!({"from": "351900000005", "id": "wamid.E2", "timestamp": "1700000400", "type": "edit",
                               "edit": {"original_message_id": "wamid.E1",
                                        "message": {"type": "text", "text": {"body": "better words"}}}}),
        ))
        .await);
    let edited = first(&feed_for(store, admin).await);
    assert_eq!(edited.text.as_deref(), Some("better words"));
    ok(store
        .ingest(inbound(
            "351900000005",
            serde_json::json!({"from": "351900000005", "id": "wamid.E3", "timestamp": "1700000500", "type": "revoke",
                               "revoke": {"original_message_id": "wamid.E1"}}),
        ))
        .await);
    let deleted = first(&feed_for(store, admin).await);
    assert_eq!(deleted.kind, "deleted");
    assert_eq!(
        deleted.text, None,
        "a deleted message keeps its place, not its words"
    );

    // A payload the hub could not read is kept aside, sealed, for an admin.
    // Delivered again (Meta retries), it is kept once (issue 25.14).
    for _ in 0..3 {
        ok(store
            .quarantine("not JSON".into(), b"{broken".to_vec())
            .await);
    }
    let kept = ok(store.quarantined().await);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["reason"], "not JSON");
}
on_both!(
    reorders_media_edits_and_quarantine_on_both,
    reorders_media_edits_and_quarantine
);

async fn contacts_are_exported_and_erased(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, _, _) = team(store).await;
    ok(store
        .ingest(text(
            "351900000004",
            "wamid.D1",
            "my address is",
            1_700_000_000,
        ))
        .await);
    ok(store
        .ingest(text(
            "351900000005",
            "wamid.E1",
            "someone else",
            1_700_000_000,
        ))
        .await);
    // A call, a marketing opt-out (each delivered twice) and an account
    // alert, the fixtures' own customer swapped for this one.
    let more = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/whatsapp-webhooks/more_events.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .replace("447700900123", "351900000004");
    let more: serde_json::Value = serde_json::from_str(&more).unwrap_or_else(|e| panic!("{e}"));
    for case in [
        "call_connect",
        "marketing_stop",
        "account_restricted",
        "call_connect",
        "marketing_stop",
    ] {
        let events = webhook::parse(&serde_json::to_vec(&more[case]).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        ok(store.ingest(events).await);
    }
    let alerts = ok(store.alerts(None, 10).await);
    assert_eq!(
        alerts
            .iter()
            .map(|a| a.summary.as_str())
            .collect::<Vec<_>>(),
        vec!["ACCOUNT_RESTRICTION: RESTRICTED_CUSTOMER_INITIATED_MESSAGING"]
    );
    assert!(ok(store.alerts(Some(alerts[0].id), 10).await).is_empty());
    let export = ok(store.export_contact("351900000004".into(), admin).await);
    assert_eq!(
        export["conversations"][0]["messages"][0]["text"],
        "my address is"
    );
    let fields: Vec<&str> = export["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        vec!["calls", "user_preferences"],
        "each once: {export}"
    );
    assert_eq!(
        ok(store.erase_contact("351900000004".into(), admin).await),
        1
    );
    assert!(matches!(
        store.export_contact("351900000004".into(), admin).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        ok(store.alerts(None, 10).await).len(),
        1,
        "the alert names no customer and stays"
    );
    let feed = feed_for(store, admin).await;
    assert!(feed.iter().all(|c| !matches!(c, Change::Message { message, .. } if message.wamid.as_deref() == Some("wamid.D1"))));
    assert!(feed.iter().any(|c| matches!(c, Change::Revoked { .. })));
    assert!(ok(store.quarantined().await).is_empty());
    ok(store.quarantine("unparsable".into(), b"{".to_vec()).await);
    assert_eq!(ok(store.gauges().await).quarantined, 1);
    ok(store.check_writable().await);
    let log = ok(store.audit_log(0, 100).await);
    assert_eq!(
        log.iter()
            .rev()
            .take(2)
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        vec!["contact_erase", "contact_export"]
    );
}
on_both!(
    contacts_are_exported_and_erased_on_both,
    contacts_are_exported_and_erased
);

async fn auto_assignment_fills_available_agents_up_to_the_limit(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, sam, _) = team(store).await;
    let (kim, _) = agent(store, "Kim", Role::Agent).await;
    assert!(ok(store.set_available(sam, true, Some(2)).await).is_empty());
    assert!(ok(store.set_available(kim, true, Some(2)).await).is_empty());
    assert_eq!(ok(store.available_agents().await), vec![sam, kim]);
    for i in 0..5 {
        let events = text(
            &format!("35193000000{i}"),
            &format!("wamid.AA{i}"),
            "hi",
            1_700_000_000 + i,
        );
        ok(store.ingest_with(events, Some(2)).await);
    }
    let mut holders = std::collections::HashMap::new();
    for c in feed_for(store, admin).await {
        if let Change::Conversation { conversation, .. } = c {
            holders.insert(conversation.id, conversation.assignee);
        }
    }
    let held = |who: Option<i64>| holders.values().filter(|a| **a == who).count();
    assert_eq!(held(Some(sam)), 2);
    assert_eq!(held(Some(kim)), 2);
    assert_eq!(held(None), 1, "the fifth waits");
    // Kim goes away and back with room for none: nothing moves.
    ok(store.set_available(kim, false, Some(2)).await);
    assert_eq!(ok(store.available_agents().await), vec![sam]);
    let log = ok(store.audit_log(0, 100).await);
    assert_eq!(
        log.iter().filter(|e| e.action == "auto_assign").count(),
        4,
        "each assignment audited"
    );
    // The report reads the same rows on both backends.
    let report = ok(store
        .report(1_700_000_000 - 100, 1_700_000_000 + 100, Default::default())
        .await);
    assert_eq!(report.days.iter().map(|d| d.inbound).sum::<i64>(), 5);
    assert_eq!(
        report.days.iter().map(|d| d.new_conversations).sum::<i64>(),
        5
    );
}
on_both!(
    auto_assignment_fills_available_agents_up_to_the_limit_on_both,
    auto_assignment_fills_available_agents_up_to_the_limit
);

/// Two hubs on one database: a change written through one is in the
/// other's feed; a send is taken by one hub only; a download is leased to
/// one hub; each hub reconciles only its own sends on restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hubs_share_one_database() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let hubs = postgres(&pg, "two_hubs", 2).await;
    let (a, b) = (hubs[0].clone(), hubs[1].clone());
    let (admin, sam, _) = team(&*a).await;
    let image = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": "Pat"}, "wa_id": "351900000009"}],
            "messages": [{"from": "351900000009", "id": "wamid.IMG", "timestamp": "1700000000", "type": "image",
                          "image": {"id": "1234567890", "mime_type": "image/jpeg", "sha256": "x"}}]
        }}]}]
    });
    let events = webhook::parse(&serde_json::to_vec(&image).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    ok(b.ingest(events).await);
    let feed = feed_for(&*a, admin).await;
    let conversation = feed
        .iter()
        .find_map(|c| match c {
            Change::Conversation { conversation, .. } => Some(conversation.id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("hub a sees what hub b stored: {feed:?}"));
    // The download goes to one hub.
    let now = db::now() + 1;
    let (for_a, for_b) = tokio::join!(a.due_media(now, 10), b.due_media(now, 10));
    let (for_a, for_b) = (ok(for_a), ok(for_b));
    assert_eq!(for_a.len() + for_b.len(), 1, "{for_a:?} {for_b:?}");
    let holder = if for_a.is_empty() { &b } else { &a };
    ok(holder
        .record_media(
            for_a
                .iter()
                .chain(&for_b)
                .map(|m| m.message_id)
                .next()
                .unwrap_or(0),
            MediaOutcome::Ready {
                mime_type: "image/jpeg".into(),
                bytes: vec![1, 2, 3],
            },
        )
        .await);
    // A reply queued on one hub is taken by exactly one.
    let slot = ok(a
        .queue_outbound(NewOutbound {
            conversation_id: conversation,
            agent_id: Some(sam),
            client_message_id: "two-hubs-1".into(),
            text: "hello from a".into(),
            payload: None,
            note: false,
        })
        .await);
    let id = match slot {
        SendSlot::New(m) => m.id,
        SendSlot::Existing(_) => panic!("new"),
    };
    let (took_a, took_b) = tokio::join!(a.mark_in_flight(id), b.mark_in_flight(id));
    let (took_a, took_b) = (ok(took_a), ok(took_b));
    assert!(took_a ^ took_b, "exactly one hub sends it");
    let (taker, other) = if took_a { (&a, &b) } else { (&b, &a) };
    assert_eq!(
        ok(other.reconcile_in_flight().await),
        0,
        "another hub starting leaves a live hub's send alone"
    );
    assert_eq!(
        ok(taker.reconcile_in_flight().await),
        1,
        "its own hub, restarting, does not"
    );
    assert_eq!(ok(a.message(id).await).status, DeliveryStatus::Unknown);
    // Audit entries from both hubs form one chain.
    ok(b.assign(conversation, Some(sam), admin, false).await);
    ok(
        a.set_status(conversation, ConversationStatus::Resolved, admin)
            .await,
    );
    let url = format!("postgres://switchboard@127.0.0.1:{}/two_hubs", pg.port());
    let (check, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(connection);
    let verified = switchboard_hub::backend::postgres::audit::verify(&check)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verified.ok(), Some(ok(a.audit_log(0, 1_000).await).len()));
}

/// Issue 25.9 and 25.13 on both backends: an edit, a deletion and a
/// reaction made on the business's phone point at their message; erasing a
/// customer also erases an event filed under another customer that names it.
async fn phone_echoes_and_erasure_of_events_filed_elsewhere(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, _, _) = team(store).await;
    let echo = |id: &str, kind: &str, part: serde_json::Value| {
        let mut message = serde_json::json!({"from": "15550001111", "to": "351900000081", "id": id,
            "timestamp": "1700000300", "type": "text", "text": {"body": "from the phone"}});
        if kind != "text" {
            message["type"] = serde_json::Value::String(kind.into());
            message[kind] = part;
        }
        let value = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
            "field": "smb_message_echoes", "value": {"messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
                "message_echoes": [message]}}]}]});
        webhook::parse(&serde_json::to_vec(&value).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    ok(store
        .ingest(echo("wamid.P1", "text", serde_json::Value::Null))
        .await);
    ok(store
        .ingest(echo(
            "wamid.P1e",
            "edit",
            serde_json::json!({"original_message_id": "wamid.P1", "message": {"type": "text", "text": {"body": "fixed on the phone"}}}),
        ))
        .await);
    ok(store
        .ingest(echo(
            "wamid.P1r",
            "reaction",
            serde_json::json!({"message_id": "wamid.P1", "emoji": "👍"}),
        ))
        .await);
    let feed = feed_for(store, admin).await;
    let latest = |wamid: &str| {
        feed.iter()
            .rev()
            .find_map(|c| match c {
                Change::Message { message, .. } if message.wamid.as_deref() == Some(wamid) => {
                    Some(message.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{wamid} in the feed"))
    };
    let original = latest("wamid.P1");
    assert_eq!(original.text.as_deref(), Some("fixed on the phone"));
    assert_eq!(latest("wamid.P1e").target, Some(original.id));
    assert_eq!(latest("wamid.P1r").target, Some(original.id));

    // An event kept under one customer that names another.
    ok(store
        .ingest(vec![webhook::Event::Other {
            field: "calls".into(),
            contact: Some("351900000081".into()),
            raw: serde_json::json!({"from": "351900000081", "contacts": [{"wa_id": "351900000082"}]}),
        }])
        .await);
    ok(store
        .ingest(text("351900000082", "wamid.Q1", "hello", 1_700_000_400))
        .await);
    ok(store.erase_contact("351900000082".into(), admin).await);
    let export = ok(store.export_contact("351900000081".into(), admin).await);
    assert!(
        !export.to_string().contains("351900000082"),
        "the event that named the erased customer is gone: {export}"
    );
}

on_both!(
    phone_echoes_and_erasure_of_events_filed_elsewhere_on_both,
    phone_echoes_and_erasure_of_events_filed_elsewhere
);

/// The conversations `agent_id`'s feed leaves it holding (a revocation
/// takes one away).
async fn held_by(store: &dyn HubStore, agent_id: i64) -> std::collections::BTreeSet<i64> {
    let mut held = std::collections::BTreeSet::new();
    for change in feed_for(store, agent_id).await {
        match change {
            Change::Conversation { conversation, .. } => {
                held.insert(conversation.id);
            }
            Change::Revoked {
                conversation_id, ..
            } => {
                held.remove(&conversation_id);
            }
            Change::Message { .. } => {}
        }
    }
    held
}

async fn teams_inboxes_and_transfers(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, sam, vera) = team(store).await;
    let (kim, _) = agent(store, "Kim", Role::Agent).await;
    let sales = ok(store
        .change_teams(
            TeamChange::AddTeam {
                name: "Sales".into(),
            },
            admin,
        )
        .await);
    let support = ok(store
        .change_teams(
            TeamChange::AddTeam {
                name: "Support".into(),
            },
            admin,
        )
        .await);
    for (team, who, lead) in [
        (sales, sam, false),
        (sales, vera, false),
        (support, kim, true),
    ] {
        ok(store
            .change_teams(
                TeamChange::SetMember {
                    team,
                    agent: who,
                    lead,
                },
                admin,
            )
            .await);
    }
    for (number, name, team) in [("2001", "Vendas", sales), ("2002", "Suporte", support)] {
        ok(store
            .change_teams(
                TeamChange::SetInbox {
                    id: number.into(),
                    name: name.into(),
                    team: Some(team),
                },
                admin,
            )
            .await);
    }
    ok(store
        .ingest(text_to(
            "2001",
            "351900000001",
            "wamid.T1",
            "quero comprar",
            1_700_000_000,
        ))
        .await);
    ok(store
        .ingest(text_to(
            "2002",
            "351900000002",
            "wamid.T2",
            "no funciona",
            1_700_000_001,
        ))
        .await);
    let inboxes = ok(store.inboxes().await);
    assert_eq!(
        inboxes
            .iter()
            .map(|i| (i.id.as_str(), i.team_id))
            .collect::<Vec<_>>(),
        vec![("2002", Some(support)), ("2001", Some(sales))],
        "by name"
    );
    // The satisfaction survey in the customers' words, kept trimmed.
    ok(store
        .change_service(
            ServiceChange::SetInboxHours {
                id: "2001".into(),
                settings: switchboard_protocol::InboxHoursRequest {
                    hours: None,
                    away_reply: None,
                    greeting: None,
                    csat_question: Some("Como foi?".into()),
                    csat_answers: Some(vec![
                        "😀 Bom ".into(),
                        "😐 Regular".into(),
                        "🙁 Ruim".into(),
                    ]),
                },
            },
            admin,
        )
        .await);
    let vendas = ok(store.inboxes().await)
        .into_iter()
        .find(|i| i.id == "2001")
        .and_then(|i| i.csat_answers);
    assert_eq!(
        vendas,
        Some(vec!["😀 Bom".into(), "😐 Regular".into(), "🙁 Ruim".into()])
    );
    let all = held_by(store, admin).await;
    assert_eq!(all.len(), 2);
    let (sales_conv, support_conv) = (
        first_conversation(store, sam).await,
        first_conversation(store, kim).await,
    );
    assert_ne!(sales_conv, support_conv);
    assert_eq!(
        held_by(store, sam).await,
        [sales_conv].into(),
        "Sales sees Sales only"
    );
    assert_eq!(held_by(store, vera).await, [sales_conv].into());
    assert_eq!(held_by(store, kim).await, [support_conv].into());
    // Sam claims it, then it moves to Support: Sam is not in Support, so it
    // waits in Support's queue, gone from Sam's and Vera's copies.
    ok(store.assign(sales_conv, Some(sam), sam, true).await);
    ok(store
        .change_teams(
            TeamChange::Transfer {
                conversation: sales_conv,
                team: support,
                note: Some("Asks about an invoice".into()),
            },
            admin,
        )
        .await);
    let moved = ok(store.conversation(sales_conv).await);
    assert_eq!((moved.team_id, moved.assignee), (Some(support), None));
    assert!(held_by(store, sam).await.is_empty());
    assert!(held_by(store, vera).await.is_empty());
    assert_eq!(held_by(store, kim).await, [sales_conv, support_conv].into());
    // Sam joins Support: its queue comes back with the history; leaving takes it away.
    ok(store
        .change_teams(
            TeamChange::SetMember {
                team: support,
                agent: sam,
                lead: false,
            },
            admin,
        )
        .await);
    assert_eq!(held_by(store, sam).await, [sales_conv, support_conv].into());
    ok(store
        .change_teams(
            TeamChange::RemoveMember {
                team: support,
                agent: sam,
            },
            admin,
        )
        .await);
    assert!(held_by(store, sam).await.is_empty());
    // Auto-assignment stays inside the conversation's team.
    ok(store.set_available(sam, true, None).await);
    let outcome = ok(store
        .ingest_with(
            text_to("2002", "351900000003", "wamid.T3", "ayuda", 1_700_000_002),
            Some(5),
        )
        .await);
    assert_eq!(outcome.assigned, 0, "Sam is not in Support");
    // Each change is audited; a team with conversations is not deleted.
    assert!(matches!(
        store
            .change_teams(TeamChange::DeleteTeam { id: support }, admin)
            .await,
        Err(StoreError::Clash("team_not_empty", _))
    ));
}

on_both!(teams_bound_the_feed_on_both, teams_inboxes_and_transfers);

/// Service levels (issue 29) on each backend: a policy sets a due time from
/// the customer's message, a missed target is recorded once, a snooze ends
/// when the customer writes or on request, a bulk resolve changes each
/// conversation, and macros are kept.
async fn service_levels_snoozes_bulk_and_macros(store: Arc<dyn HubStore>) {
    let store = &*store;
    let (admin, _, _) = team(store).await;
    let now = db::now();
    let rule = serde_json::from_value(serde_json::json!(
        {"name": "Everyone", "first_response_secs": 3600, "resolution_secs": 86_400}
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    ok(store
        .change_service(ServiceChange::SavePolicy { id: None, rule }, admin)
        .await);
    assert_eq!(ok(store.sla_policies().await).len(), 1);
    ok(store
        .ingest(text("351900000201", "wamid.sla1", "Hello?", now - 7_200))
        .await);
    ok(store
        .ingest(text("351900000202", "wamid.sla2", "Anyone?", now - 60))
        .await);
    let c1 = first_conversation(store, admin).await;
    let read = |id: i64| async move {
        ok(store.conversations_by_id(vec![id]).await)
            .pop()
            .flatten()
            .unwrap_or_else(|| panic!("conversation {id}"))
    };
    let first = read(c1).await;
    assert_eq!(
        (first.due_at, first.due_kind.map(|k| format!("{k:?}"))),
        (Some(now - 3_600), Some("FirstResponse".to_owned())),
        "due an hour after the customer wrote (no hours set: always open)"
    );
    assert_eq!(ok(store.record_sla_breaches(now).await), 1, "one missed");
    assert_eq!(ok(store.record_sla_breaches(now).await), 0, "recorded once");

    // Snoozed until the customer writes: their message wakes it.
    ok(store.snooze(c1, None, admin).await);
    assert!(read(c1).await.snoozed);
    ok(store
        .ingest(text("351900000201", "wamid.sla3", "Hello again", now - 30))
        .await);
    assert!(!read(c1).await.snoozed, "woken by the customer");
    ok(store.snooze(c1, Some(now + 3_600), admin).await);
    assert_eq!(read(c1).await.snoozed_until, Some(now + 3_600));
    ok(store.wake(c1, admin).await);
    assert!(!read(c1).await.snoozed);

    // One bulk resolve of both (the HTTP layer has checked each one).
    let ids: Vec<i64> = feed_for(store, admin)
        .await
        .iter()
        .filter_map(|c| match c {
            Change::Conversation { conversation, .. } => Some(conversation.id),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(ids.len(), 2);
    let refused = ok(store
        .bulk(
            ids.clone(),
            switchboard_protocol::BulkAction::Resolve,
            admin,
        )
        .await);
    assert!(refused.is_empty());
    for id in ids {
        assert_eq!(read(id).await.status, ConversationStatus::Resolved);
    }

    let rule = serde_json::from_value(serde_json::json!(
        {"name": "Close", "steps": [{"type": "note", "text": "Closed"}, {"type": "resolve"}]}
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    ok(store
        .change_service(ServiceChange::SaveMacro { id: None, rule }, admin)
        .await);
    assert_eq!(
        ok(store.macros().await)
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Close"]
    );
}

on_both!(
    service_levels_hold_on_both,
    service_levels_snoozes_bulk_and_macros
);
