//! The hub's embedded SQLite store. One file, WAL, `synchronous=FULL`: a
//! webhook is answered 200 only after its transaction is on disk.
//!
//! All access goes through [`Store::call`], which runs the closure on a
//! blocking thread with the connection locked, so async handlers never block
//! the runtime.

use crate::crypto::{CryptoError, Keyring};
use crate::writer::Writer;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, Mutex};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Message, Role,
};
use switchboard_whatsapp::webhook::{InboundMessage, StatusUpdate};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("the store task failed")]
    Join,
    #[error("the commit failed: {0}")]
    Commit(String),
    #[error("the writer thread has stopped")]
    WriterGone,
}

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_send_queue.sql")),
    (3, include_str!("../migrations/0003_audit.sql")),
    (4, include_str!("../migrations/0004_tokens.sql")),
    (5, include_str!("../migrations/0005_media.sql")),
    (6, include_str!("../migrations/0006_other_events.sql")),
];

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Opens (creating if needed) the store file and brings its schema up to date.
pub fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Applies each pending migration in its own transaction, recording its version.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// How writes reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitMode {
    /// Concurrent writes share one transaction and one fsync (the default).
    Group,
    /// One transaction per write: the baseline the benchmark compares against.
    PerRequest,
}

/// Runs `f` in an immediate (write-locking) transaction, committed if it succeeds.
pub fn in_tx<T>(
    conn: &mut Connection,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// A cloneable handle on the store.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    keys: Arc<Keyring>,
    writer: Option<Writer>,
}

/// An agent resolved from a bearer token.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// Why a token did not authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRejection {
    Unknown,
    Expired,
    Revoked,
    AgentDisabled,
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// What ingesting one webhook changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IngestOutcome {
    pub messages_new: usize,
    pub messages_duplicate: usize,
    pub statuses_new: usize,
    pub statuses_duplicate: usize,
    pub other: usize,
}

impl Store {
    pub fn open(path: &Path, keys: Keyring) -> Result<Store, StoreError> {
        Store::open_with(path, keys, CommitMode::Group)
    }

    pub fn open_with(path: &Path, keys: Keyring, mode: CommitMode) -> Result<Store, StoreError> {
        let conn = open_connection(path)?;
        let keys = Arc::new(keys);
        let writer = match mode {
            CommitMode::Group => Some(
                Writer::start(open_connection(path)?, keys.clone())
                    .map_err(|_| StoreError::WriterGone)?,
            ),
            CommitMode::PerRequest => None,
        };
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            keys,
            writer,
        })
    }

    /// Runs `f` in a transaction that is durable when this returns: shared
    /// with other writers under group commit, its own otherwise.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(f).await,
            None => {
                self.call(move |conn, keys| {
                    let tx =
                        conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    let out = f(&tx, keys)?;
                    tx.commit()?;
                    Ok(out)
                })
                .await
            }
        }
    }

    /// Runs `f` with the connection on a blocking thread.
    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = self.conn.clone();
        let keys = self.keys.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard, &keys)
        })
        .await
        .map_err(|_| StoreError::Join)?
    }

    pub fn blocking<T>(
        &self,
        f: impl FnOnce(&mut Connection, &Keyring) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard, &self.keys)
    }
}

// ---- agents and tokens -------------------------------------------------------

pub fn add_agent(conn: &Connection, name: &str, role: Role) -> Result<i64, StoreError> {
    let inserted = conn.execute(
        "INSERT INTO agents (name, role, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING",
        params![name, role.as_str(), now()],
    )?;
    if inserted == 0 {
        return Err(StoreError::Conflict("an agent with that name exists"));
    }
    Ok(conn.last_insert_rowid())
}

pub fn list_agents(conn: &Connection) -> Result<Vec<AgentRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, name, role, disabled FROM agents ORDER BY id")?;
    let rows = stmt.query_map([], agent_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn agent_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AgentRow> {
    let role: String = r.get(2)?;
    Ok(AgentRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        disabled: r.get::<_, i64>(3)? != 0,
    })
}

/// Issues a token for `agent_id`; returns the secret, shown once. Only its hash is stored.
pub fn issue_token(conn: &Connection, agent_id: i64, days: i64) -> Result<String, StoreError> {
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM agents WHERE id = ?1", [agent_id], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound);
    }
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let token = format!("sbt_{}", hex::encode(bytes));
    let t = now();
    conn.execute(
        "INSERT INTO tokens (agent_id, hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![agent_id, hash_token(&token), t, t + days * 86_400],
    )?;
    Ok(token)
}

pub fn authenticate(
    conn: &Connection,
    token: &str,
) -> Result<Result<AgentRow, TokenRejection>, StoreError> {
    let row = conn
        .query_row(
            "SELECT a.id, a.name, a.role, a.disabled, t.expires_at, t.revoked_at
             FROM tokens t JOIN agents a ON a.id = t.agent_id WHERE t.hash = ?1",
            [hash_token(token)],
            |r| {
                Ok((
                    agent_from_row(r)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(match row {
        None => Err(TokenRejection::Unknown),
        Some((_, _, Some(_))) => Err(TokenRejection::Revoked),
        Some((_, expires, _)) if expires <= now() => Err(TokenRejection::Expired),
        Some((agent, _, _)) if agent.disabled => Err(TokenRejection::AgentDisabled),
        Some((agent, _, _)) => Ok(agent),
    })
}

// ---- ingest -------------------------------------------------------------------

fn append_change(
    tx: &Connection,
    conversation_id: i64,
    kind: &str,
    message_id: Option<i64>,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO changes (conversation_id, kind, message_id) VALUES (?1, ?2, ?3)",
        params![conversation_id, kind, message_id],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Message types whose media the hub downloads.
pub const MEDIA_KINDS: &[&str] = &["image", "video", "audio", "document", "sticker"];

/// Stores one inbound message unless its wamid is already known. Returns
/// whether it was new.
pub fn ingest_message(
    tx: &Connection,
    keys: &Keyring,
    m: &InboundMessage,
) -> Result<bool, StoreError> {
    let known: Option<i64> = tx
        .query_row(
            "SELECT id FROM messages WHERE wamid = ?1",
            [&m.wamid],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_some() {
        return Ok(false);
    }
    let ts = if m.timestamp > 0 { m.timestamp } else { now() };
    tx.execute(
        "INSERT INTO conversations (phone_number_id, wa_id, contact_name, last_inbound_at, last_message_at, unread)
         VALUES (?1, ?2, ?3, ?4, ?4, 1)
         ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
           contact_name = COALESCE(excluded.contact_name, contact_name),
           last_inbound_at = MAX(COALESCE(last_inbound_at, 0), excluded.last_inbound_at),
           last_message_at = MAX(last_message_at, excluded.last_message_at),
           unread = unread + 1,
           status = 'open'",
        params![m.phone_number_id, m.from, m.contact_name, ts],
    )?;
    let conversation_id: i64 = tx.query_row(
        "SELECT id FROM conversations WHERE phone_number_id = ?1 AND wa_id = ?2",
        params![m.phone_number_id, m.from],
        |r| r.get(0),
    )?;
    let (key_id, body) = match &m.text {
        Some(t) => {
            let (k, b) = keys.seal(t.as_bytes())?;
            (k, Some(b))
        }
        None => (0, None),
    };
    let raw = serde_json::to_vec(&m.raw).unwrap_or_default();
    let (raw_key, raw_sealed) = keys.seal(&raw)?;
    let key_id = if body.is_some() { key_id } else { raw_key };
    tx.execute(
        "INSERT INTO messages (conversation_id, direction, kind, body, raw, key_id, wamid, status, timestamp)
         VALUES (?1, 'inbound', ?2, ?3, ?4, ?5, ?6, 'read', ?7)",
        params![conversation_id, m.kind, body, raw_sealed, key_id, m.wamid, ts],
    )?;
    let message_id = tx.last_insert_rowid();
    if MEDIA_KINDS.contains(&m.kind.as_str()) {
        let part = m.raw.get(&m.kind);
        let field = |k: &str| {
            part.and_then(|p| p.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        if let Some(media_id) = field("id") {
            tx.execute(
                "INSERT INTO media (message_id, media_id, mime_type, sha256, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![message_id, media_id, field("mime_type"), field("sha256"), now()],
            )?;
        }
    }
    // The conversation first, so a desktop knows who holds it before its messages arrive.
    append_change(tx, conversation_id, "conversation", None)?;
    append_change(tx, conversation_id, "message", Some(message_id))?;
    if let Some(original) = &m.refers_to {
        apply_edit_or_deletion(tx, keys, m, original)?;
    }
    Ok(true)
}

/// A customer edited or deleted an earlier message: the original follows.
/// A deleted message keeps its place in the thread but loses its content.
fn apply_edit_or_deletion(
    tx: &Connection,
    keys: &Keyring,
    m: &InboundMessage,
    original: &str,
) -> Result<(), StoreError> {
    let row: Option<(i64, i64)> = tx
        .query_row(
            "SELECT id, conversation_id FROM messages WHERE wamid = ?1 AND direction = 'inbound'",
            [original],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, conversation_id)) = row else {
        return Ok(());
    };
    match (m.kind.as_str(), &m.edited_text) {
        ("revoke", _) => {
            tx.execute(
                "UPDATE messages SET kind = 'deleted', body = NULL, raw = NULL WHERE id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM media WHERE message_id = ?1", [id])?;
        }
        ("edit", Some(text)) => {
            let (key_id, sealed) = keys.seal(text.as_bytes())?;
            tx.execute(
                "UPDATE messages SET body = ?1, key_id = ?2 WHERE id = ?3",
                params![sealed, key_id, id],
            )?;
        }
        _ => return Ok(()),
    }
    append_change(tx, conversation_id, "message", Some(id))?;
    Ok(())
}

/// Records a status webhook once and moves the message forward if it is known.
/// Returns whether the event was new.
pub fn ingest_status(tx: &Connection, s: &StatusUpdate) -> Result<bool, StoreError> {
    let inserted = tx.execute(
        "INSERT INTO status_events (wamid, status, timestamp, error) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![s.wamid, s.status, s.timestamp, s.error],
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    apply_status_events(tx, &s.wamid)?;
    Ok(true)
}

/// Folds every recorded status event for `wamid` into its message, if we have it.
pub fn apply_status_events(tx: &Connection, wamid: &str) -> Result<(), StoreError> {
    let row: Option<(i64, i64, String, Option<String>)> = tx
        .query_row(
            "SELECT id, conversation_id, status, error FROM messages WHERE wamid = ?1",
            [wamid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((message_id, conversation_id, current, current_error)) = row else {
        return Ok(());
    };
    let mut status = DeliveryStatus::parse(&current).unwrap_or(DeliveryStatus::Pending);
    let mut error = current_error.clone();
    let mut stmt = tx.prepare("SELECT status, error FROM status_events WHERE wamid = ?1")?;
    let events = stmt.query_map([wamid], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    for event in events {
        let (s, e) = event?;
        if let Some(incoming) = DeliveryStatus::parse(&s) {
            let next = status.advance(incoming);
            if next == DeliveryStatus::Failed && status != DeliveryStatus::Failed {
                error = e.or(Some("failed".to_owned()));
            }
            status = next;
        }
    }
    drop(stmt);
    if status.as_str() != current || error != current_error {
        tx.execute(
            "UPDATE messages SET status = ?1, error = ?2 WHERE id = ?3",
            params![status.as_str(), error, message_id],
        )?;
        append_change(tx, conversation_id, "message", Some(message_id))?;
    }
    Ok(())
}

/// Keeps an event the inbox does not act on.
pub fn keep_other_event(
    conn: &Connection,
    keys: &Keyring,
    field: &str,
    raw: &serde_json::Value,
) -> Result<(), StoreError> {
    let (key_id, sealed) = keys.seal(&serde_json::to_vec(raw).unwrap_or_default())?;
    conn.execute(
        "INSERT INTO other_events (received_at, field, body, key_id) VALUES (?1, ?2, ?3, ?4)",
        params![now(), field, sealed, key_id],
    )?;
    Ok(())
}

pub fn quarantine(
    conn: &Connection,
    keys: &Keyring,
    reason: &str,
    body: &[u8],
) -> Result<(), StoreError> {
    let (key_id, sealed) = keys.seal(body)?;
    conn.execute(
        "INSERT INTO quarantine (received_at, reason, body, key_id) VALUES (?1, ?2, ?3, ?4)",
        params![now(), reason, sealed, key_id],
    )?;
    Ok(())
}

// ---- reading --------------------------------------------------------------------

fn conversation_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(5)?;
    Ok(Conversation {
        id: r.get(0)?,
        wa_id: r.get(1)?,
        contact_name: r.get(2)?,
        assignee: r.get(3)?,
        unread: r.get(4)?,
        status: if status == "resolved" {
            ConversationStatus::Resolved
        } else {
            ConversationStatus::Open
        },
        last_inbound_at: r.get(6)?,
        last_message_at: r.get(7)?,
    })
}

const CONVERSATION_COLUMNS: &str =
    "id, wa_id, contact_name, assignee, unread, status, last_inbound_at, last_message_at";

pub fn conversation(conn: &Connection, id: i64) -> Result<Conversation, StoreError> {
    conn.query_row(
        &format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?1"),
        [id],
        conversation_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

pub fn message(conn: &Connection, keys: &Keyring, id: i64) -> Result<Message, StoreError> {
    let row = conn
        .query_row(
            "SELECT id, conversation_id, direction, kind, body, key_id, wamid, client_message_id,
                    status, error, timestamp, sent_by
             FROM messages WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<Vec<u8>>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, i64>(10)?,
                    r.get::<_, Option<i64>>(11)?,
                ))
            },
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let (
        id,
        conversation_id,
        direction,
        kind,
        body,
        key_id,
        wamid,
        cmid,
        status,
        error,
        ts,
        sent_by,
    ) = row;
    let text = match body {
        Some(b) => Some(String::from_utf8_lossy(&keys.open(key_id, &b)?).into_owned()),
        None => None,
    };
    let media = conn
        .query_row(
            "SELECT state, mime_type, size, error FROM media WHERE message_id = ?1",
            [id],
            |r| {
                Ok(switchboard_protocol::MediaState {
                    state: r.get(0)?,
                    mime_type: r.get(1)?,
                    size: r.get(2)?,
                    error: r.get(3)?,
                })
            },
        )
        .optional()?;
    Ok(Message {
        media,
        id,
        conversation_id,
        direction: if direction == "inbound" {
            Direction::Inbound
        } else {
            Direction::Outbound
        },
        kind,
        text,
        wamid,
        client_message_id: cmid,
        status: DeliveryStatus::parse(&status).unwrap_or(DeliveryStatus::Pending),
        error,
        timestamp: ts,
        sent_by,
    })
}

pub fn latest_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// The feed after `after` as `agent` may see it: changes to conversations the
/// agent can read now, and revocations for the ones it cannot. Returns the
/// changes and the last seq scanned.
pub fn changes_for(
    conn: &Connection,
    keys: &Keyring,
    agent: &AgentRow,
    after: i64,
    limit: i64,
) -> Result<(Vec<Change>, i64, bool), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT ch.seq, ch.kind, ch.conversation_id, ch.message_id, c.assignee
         FROM changes ch LEFT JOIN conversations c ON c.id = ch.conversation_id
         WHERE ch.seq > ?1 ORDER BY ch.seq LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after, limit + 1], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() as i64 > limit;
    let mut last = after;
    let mut out = Vec::new();
    for (seq, kind, conversation_id, message_id, assignee) in rows.into_iter().take(limit as usize)
    {
        last = seq;
        let exists = conn
            .query_row(
                "SELECT 1 FROM conversations WHERE id = ?1",
                [conversation_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        let readable = exists && switchboard_protocol::may_read(agent.role, agent.id, assignee);
        match (kind.as_str(), readable) {
            ("revoked", false) => out.push(Change::Revoked {
                seq,
                conversation_id,
            }),
            ("conversation", true) => out.push(Change::Conversation {
                seq,
                conversation: conversation(conn, conversation_id)?,
            }),
            ("message", true) => {
                if let Some(mid) = message_id {
                    match message(conn, keys, mid) {
                        Ok(m) => out.push(Change::Message { seq, message: m }),
                        Err(StoreError::NotFound) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            _ => {}
        }
    }
    Ok((out, last, more))
}

// ---- sending and assignment -------------------------------------------------------

/// Result of recording a send attempt.
pub enum SendSlot {
    /// A new message row; the caller must call the Graph API for it.
    New(Message),
    /// The idempotency key was seen before: this is the message it names.
    Existing(Message),
}

/// Records an outbound text before any Graph API call, keyed by the client's
/// idempotency key, so a retried request never sends twice.
pub fn record_send(
    conn: &mut Connection,
    keys: &Keyring,
    conversation_id: i64,
    agent_id: i64,
    client_message_id: &str,
    text: &str,
) -> Result<SendSlot, StoreError> {
    record_outbound(
        conn,
        keys,
        conversation_id,
        agent_id,
        client_message_id,
        text,
        None,
    )
}

/// What the Graph API is sent for an outbound message that is not plain text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    Template(switchboard_protocol::TemplateSend),
    Reaction { wamid: String, emoji: String },
}

impl Payload {
    fn kind(&self) -> &'static str {
        match self {
            Payload::Template(_) => "template",
            Payload::Reaction { .. } => "reaction",
        }
    }
}

/// Records an outbound message of any kind: `payload` carries what the
/// Graph API needs (sealed with the body), `text` is what the inbox shows.
pub fn record_outbound(
    conn: &mut Connection,
    keys: &Keyring,
    conversation_id: i64,
    agent_id: i64,
    client_message_id: &str,
    text: &str,
    payload: Option<&Payload>,
) -> Result<SendSlot, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let existing: Option<(i64, i64)> = tx
        .query_row(
            "SELECT id, conversation_id FROM messages WHERE client_message_id = ?1",
            [client_message_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, conv)) = existing {
        drop(tx);
        if conv != conversation_id {
            return Err(StoreError::Conflict(
                "that client_message_id belongs to another conversation",
            ));
        }
        return Ok(SendSlot::Existing(message(conn, keys, id)?));
    }
    let (key_id, body) = keys.seal(text.as_bytes())?;
    let (kind, raw) = match payload {
        Some(p) => {
            let json = serde_json::to_vec(p).map_err(|_| StoreError::Conflict("payload"))?;
            (p.kind(), Some(keys.seal(&json)?.1))
        }
        None => ("text", None),
    };
    let ts = now();
    tx.execute(
        "INSERT INTO messages (conversation_id, direction, kind, body, raw, key_id, client_message_id, status, timestamp, sent_by,
                               send_state, next_attempt_at)
         VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, 'queued', ?7)",
        params![conversation_id, kind, body, raw, key_id, client_message_id, ts, agent_id],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE conversations SET last_message_at = MAX(last_message_at, ?1) WHERE id = ?2",
        params![ts, conversation_id],
    )?;
    append_change(&tx, conversation_id, "conversation", None)?;
    append_change(&tx, conversation_id, "message", Some(id))?;
    tx.commit()?;
    Ok(SendSlot::New(message(conn, keys, id)?))
}

/// A queued send that is due.
#[derive(Debug, Clone)]
pub struct DueSend {
    pub message_id: i64,
    pub to: String,
    pub text: String,
    /// Set for templates and reactions: what the Graph API is sent.
    pub payload: Option<Payload>,
    /// The business number the customer wrote to, which answers.
    pub phone_number_id: String,
    pub attempts: i64,
}

/// Sends whose time has come, oldest first.
pub fn due_sends(
    conn: &Connection,
    keys: &Keyring,
    now: i64,
    limit: i64,
) -> Result<Vec<DueSend>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT m.id, c.wa_id, m.body, m.key_id, m.attempts, m.raw, c.phone_number_id FROM messages m
         JOIN conversations c ON c.id = m.conversation_id
         WHERE m.send_state = 'queued' AND m.next_attempt_at <= ?1
         ORDER BY m.next_attempt_at, m.id LIMIT ?2",
    )?;
    type Row = (i64, String, Vec<u8>, i64, i64, Option<Vec<u8>>, String);
    let rows = stmt
        .query_map(params![now, limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<Result<Vec<Row>, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (message_id, to, body, key_id, attempts, raw, phone_number_id) in rows {
        let text = String::from_utf8_lossy(&keys.open(key_id, &body)?).into_owned();
        let payload = match raw {
            Some(sealed) => serde_json::from_slice(&keys.open(key_id, &sealed)?).ok(),
            None => None,
        };
        out.push(DueSend {
            message_id,
            to,
            text,
            payload,
            attempts,
            phone_number_id,
        });
    }
    Ok(out)
}

/// Seconds until the next queued send is due, if any.
pub fn next_due(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row(
        "SELECT MIN(next_attempt_at) FROM messages WHERE send_state = 'queued'",
        [],
        |r| r.get(0),
    )?)
}

/// Marks a send as under way, durably, before the Graph API is called.
pub fn mark_in_flight(conn: &Connection, message_id: i64) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "UPDATE messages SET send_state = 'in_flight', attempts = attempts + 1
         WHERE id = ?1 AND send_state = 'queued'",
        [message_id],
    )? == 1)
}

/// What became of one Graph API call.
#[derive(Debug, Clone, PartialEq)]
pub enum SendOutcome {
    Accepted {
        wamid: String,
    },
    /// Try again at `at` (unix seconds).
    Retry {
        at: i64,
        reason: String,
    },
    Failed {
        reason: String,
    },
    /// The call may or may not have reached the customer.
    Unknown {
        reason: String,
    },
}

/// Records what the Graph API said about a send.
pub fn record_send_outcome(
    conn: &Connection,
    message_id: i64,
    outcome: &SendOutcome,
) -> Result<(), StoreError> {
    let conversation_id: i64 = conn.query_row(
        "SELECT conversation_id FROM messages WHERE id = ?1",
        [message_id],
        |r| r.get(0),
    )?;
    match outcome {
        SendOutcome::Accepted { wamid } => {
            conn.execute(
                "UPDATE messages SET wamid = ?1, status = 'accepted', error = NULL, send_state = 'done' WHERE id = ?2",
                params![wamid, message_id],
            )?;
            append_change(conn, conversation_id, "message", Some(message_id))?;
            apply_status_events(conn, wamid)?;
        }
        SendOutcome::Retry { at, reason } => {
            conn.execute(
                "UPDATE messages SET send_state = 'queued', next_attempt_at = ?1, error = ?2 WHERE id = ?3",
                params![at, reason, message_id],
            )?;
        }
        SendOutcome::Failed { reason } => {
            conn.execute(
                "UPDATE messages SET status = 'failed', error = ?1, send_state = 'done' WHERE id = ?2",
                params![reason, message_id],
            )?;
            append_change(conn, conversation_id, "message", Some(message_id))?;
        }
        SendOutcome::Unknown { reason } => {
            conn.execute(
                "UPDATE messages SET status = 'unknown', error = ?1, send_state = 'done' WHERE id = ?2",
                params![reason, message_id],
            )?;
            append_change(conn, conversation_id, "message", Some(message_id))?;
        }
    }
    Ok(())
}

/// After a crash: sends that were under way have an unknown outcome. They
/// are shown as such, never re-sent blindly. Returns how many.
pub fn reconcile_in_flight(conn: &mut Connection) -> Result<usize, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ids: Vec<(i64, i64)> = {
        let mut stmt =
            tx.prepare("SELECT id, conversation_id FROM messages WHERE send_state = 'in_flight'")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (id, conversation_id) in &ids {
        tx.execute(
            "UPDATE messages SET status = 'unknown', send_state = 'done',
               error = 'the hub stopped while sending: this message may or may not have reached the customer'
             WHERE id = ?1",
            [id],
        )?;
        append_change(&tx, *conversation_id, "message", Some(*id))?;
    }
    tx.commit()?;
    Ok(ids.len())
}

/// Appends every message of a conversation to the feed again, for desktops
/// that can read it now but could not before (they skipped those entries).
fn replay_history(conn: &Connection, conversation_id: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO changes (conversation_id, kind, message_id)
         SELECT conversation_id, 'message', id FROM messages WHERE conversation_id = ?1 ORDER BY timestamp, id",
        [conversation_id],
    )?;
    Ok(())
}

/// Sets the assignee. Everyone who could read the conversation before and
/// cannot now gets a revocation through the feed.
pub fn set_assignee(
    conn: &mut Connection,
    conversation_id: i64,
    assignee: Option<i64>,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if let Some(a) = assignee {
        let ok: Option<i64> = tx
            .query_row(
                "SELECT id FROM agents WHERE id = ?1 AND disabled = 0",
                [a],
                |r| r.get(0),
            )
            .optional()?;
        if ok.is_none() {
            return Err(StoreError::Conflict("no such active agent"));
        }
    }
    let changed = tx.execute(
        "UPDATE conversations SET assignee = ?1 WHERE id = ?2 AND assignee IS NOT ?1",
        params![assignee, conversation_id],
    )?;
    if changed > 0 {
        append_change(&tx, conversation_id, "revoked", None)?;
        append_change(&tx, conversation_id, "conversation", None)?;
        replay_history(&tx, conversation_id)?;
    }
    tx.commit()?;
    Ok(())
}

/// The wamid of a message of `conversation_id`, to react to.
pub fn reaction_target(
    conn: &Connection,
    conversation_id: i64,
    message_id: i64,
) -> Result<String, StoreError> {
    conn.query_row(
        "SELECT wamid FROM messages WHERE id = ?1 AND conversation_id = ?2 AND wamid IS NOT NULL",
        params![message_id, conversation_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

// ---- agent and token management ----------------------------------------------------

/// A token as admins see it: never the secret, only its metadata.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct TokenInfo {
    pub id: i64,
    pub agent_id: i64,
    pub label: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

pub fn agent(conn: &Connection, id: i64) -> Result<AgentRow, StoreError> {
    conn.query_row(
        "SELECT id, name, role, disabled FROM agents WHERE id = ?1",
        [id],
        agent_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

pub fn list_tokens(conn: &Connection, agent_id: i64) -> Result<Vec<TokenInfo>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, agent_id, label, created_at, expires_at, revoked_at FROM tokens WHERE agent_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([agent_id], |r| {
        Ok(TokenInfo {
            id: r.get(0)?,
            agent_id: r.get(1)?,
            label: r.get(2)?,
            created_at: r.get(3)?,
            expires_at: r.get(4)?,
            revoked_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Revokes one token of an agent, at once. Returns whether it was live.
pub fn revoke_token(conn: &Connection, agent_id: i64, token_id: i64) -> Result<bool, StoreError> {
    let exists: Option<i64> = conn
        .query_row(
            "SELECT id FROM tokens WHERE id = ?1 AND agent_id = ?2",
            params![token_id, agent_id],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound);
    }
    Ok(conn.execute(
        "UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
        params![now(), token_id],
    )? == 1)
}

/// Revokes every live token of an agent. Returns how many.
pub fn revoke_all_tokens(conn: &Connection, agent_id: i64) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE tokens SET revoked_at = ?1 WHERE agent_id = ?2 AND revoked_at IS NULL",
        params![now(), agent_id],
    )?)
}

/// Disables (or re-enables) an agent. A disabled agent's tokens stop working
/// at once and its conversations return to the unassigned queue.
pub fn set_agent_disabled(
    conn: &Connection,
    agent_id: i64,
    disabled: bool,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE agents SET disabled = ?1 WHERE id = ?2",
        params![disabled as i64, agent_id],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    if disabled {
        let held: Vec<i64> = {
            let mut stmt = conn.prepare("SELECT id FROM conversations WHERE assignee = ?1")?;
            stmt.query_map([agent_id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for id in held {
            conn.execute(
                "UPDATE conversations SET assignee = NULL WHERE id = ?1",
                [id],
            )?;
            append_change(conn, id, "conversation", None)?;
            replay_history(conn, id)?;
        }
    }
    Ok(())
}

/// Changes an agent's role. What the agent may read changes with it, so
/// every conversation gets a revocation (for what it can no longer read) and
/// its history again (for what it now can). Rare and admin-only, so the
/// extra feed rows are acceptable.
pub fn set_agent_role(conn: &Connection, agent_id: i64, role: Role) -> Result<bool, StoreError> {
    let changed = conn.execute(
        "UPDATE agents SET role = ?1 WHERE id = ?2 AND role <> ?1",
        params![role.as_str(), agent_id],
    )?;
    if changed == 0 {
        agent(conn, agent_id)?;
        return Ok(false);
    }
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM conversations ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for id in ids {
        append_change(conn, id, "revoked", None)?;
        append_change(conn, id, "conversation", None)?;
        replay_history(conn, id)?;
    }
    Ok(true)
}

// ---- conversation state ---------------------------------------------------------------

pub fn set_status(
    conn: &Connection,
    conversation_id: i64,
    status: ConversationStatus,
) -> Result<bool, StoreError> {
    let s = match status {
        ConversationStatus::Open => "open",
        ConversationStatus::Resolved => "resolved",
    };
    let changed = conn.execute(
        "UPDATE conversations SET status = ?1 WHERE id = ?2 AND status <> ?1",
        params![s, conversation_id],
    )?;
    if changed > 0 {
        append_change(conn, conversation_id, "conversation", None)?;
    }
    Ok(changed > 0)
}

/// Clears the unread count; returns the last inbound wamid (for a read receipt).
/// What a read receipt needs: the last inbound wamid and the number it came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadReceipt {
    pub wamid: String,
    pub phone_number_id: String,
}

/// Clears the unread count; returns what a read receipt to the customer needs.
pub fn mark_read(
    conn: &Connection,
    conversation_id: i64,
) -> Result<Option<ReadReceipt>, StoreError> {
    let changed = conn.execute(
        "UPDATE conversations SET unread = 0 WHERE id = ?1 AND unread <> 0",
        [conversation_id],
    )?;
    if changed > 0 {
        append_change(conn, conversation_id, "conversation", None)?;
    }
    Ok(conn
        .query_row(
            "SELECT m.wamid, c.phone_number_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE m.conversation_id = ?1 AND m.direction = 'inbound' AND m.wamid IS NOT NULL
             ORDER BY m.timestamp DESC, m.id DESC LIMIT 1",
            [conversation_id],
            |r| Ok(ReadReceipt { wamid: r.get(0)?, phone_number_id: r.get(1)? }),
        )
        .optional()?)
}

// ---- contact data (GDPR) ----------------------------------------------------------------

/// Everything held about one customer, decrypted, for an export.
pub fn export_contact(
    conn: &Connection,
    keys: &Keyring,
    wa_id: &str,
) -> Result<serde_json::Value, StoreError> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM conversations WHERE wa_id = ?1 ORDER BY id")?;
        stmt.query_map([wa_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    if ids.is_empty() {
        return Err(StoreError::NotFound);
    }
    let mut conversations = Vec::new();
    for id in ids {
        let c = conversation(conn, id)?;
        let mids: Vec<i64> = {
            let mut stmt = conn.prepare(
                "SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY timestamp, id",
            )?;
            stmt.query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let messages = mids
            .into_iter()
            .map(|m| message(conn, keys, m))
            .collect::<Result<Vec<_>, _>>()?;
        conversations.push(serde_json::json!({"conversation": c, "messages": messages}));
    }
    Ok(serde_json::json!({"wa_id": wa_id, "exported_at": now(), "conversations": conversations}))
}

/// Erases a customer: messages, status events, conversations. Desktops purge
/// it through the feed's revocation. Returns the number of messages erased.
pub fn erase_contact(conn: &Connection, wa_id: &str) -> Result<usize, StoreError> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM conversations WHERE wa_id = ?1")?;
        stmt.query_map([wa_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    if ids.is_empty() {
        return Err(StoreError::NotFound);
    }
    let mut erased = 0;
    for id in ids {
        conn.execute(
            "DELETE FROM status_events WHERE wamid IN (SELECT wamid FROM messages WHERE conversation_id = ?1)",
            [id],
        )?;
        conn.execute("DELETE FROM media WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)", [id])?;
        erased += conn.execute("DELETE FROM messages WHERE conversation_id = ?1", [id])?;
        conn.execute("DELETE FROM conversations WHERE id = ?1", [id])?;
        // Older feed entries would point at nothing; keep only the revocation.
        conn.execute("DELETE FROM changes WHERE conversation_id = ?1", [id])?;
        append_change(conn, id, "revoked", None)?;
    }
    Ok(erased)
}

/// Rows in the send queue, and quarantined payloads, for metrics.
pub fn gauges(conn: &Connection) -> Result<(i64, i64), StoreError> {
    let queued: i64 = conn.query_row(
        "SELECT count(*) FROM messages WHERE send_state IN ('queued', 'in_flight')",
        [],
        |r| r.get(0),
    )?;
    let quarantined: i64 = conn.query_row("SELECT count(*) FROM quarantine", [], |r| r.get(0))?;
    Ok((queued, quarantined))
}

/// Media downloads waiting or retrying, and those that failed for good.
pub fn media_gauges(conn: &Connection) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'failed'), 0) FROM media",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Quarantined payloads, for admins (reason and size; the body stays sealed).
pub fn list_quarantine(conn: &Connection) -> Result<Vec<serde_json::Value>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, received_at, reason, length(body) FROM quarantine ORDER BY id DESC LIMIT 100",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(serde_json::json!({
            "id": r.get::<_, i64>(0)?,
            "received_at": r.get::<_, i64>(1)?,
            "reason": r.get::<_, String>(2)?,
            "bytes": r.get::<_, i64>(3)?,
        }))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

// ---- key rotation -------------------------------------------------------------------------

/// Key ids that rows are sealed under but the keyring lacks.
pub fn missing_keys(conn: &Connection, keys: &Keyring) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT key_id FROM messages WHERE body IS NOT NULL OR raw IS NOT NULL
         UNION SELECT key_id FROM quarantine
         UNION SELECT key_id FROM media WHERE body IS NOT NULL
         UNION SELECT key_id FROM other_events",
    )?;
    let ids = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids.into_iter().filter(|id| !keys.has(*id)).collect())
}

/// Re-encrypts every row not under the current key, in one transaction.
/// Returns how many rows were re-encrypted.
pub fn rotate_content_key(conn: &mut Connection, keys: &Keyring) -> Result<usize, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current = keys.current_id();
    type Sealed = (i64, i64, Option<Vec<u8>>, Option<Vec<u8>>);
    let rows: Vec<Sealed> = {
        let mut stmt =
            tx.prepare("SELECT id, key_id, body, raw FROM messages WHERE key_id <> ?1")?;
        stmt.query_map([current], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?
    };
    let reseal = |key_id: i64, sealed: Option<Vec<u8>>| -> Result<Option<Vec<u8>>, StoreError> {
        match sealed {
            Some(b) => Ok(Some(keys.seal(&keys.open(key_id, &b)?)?.1)),
            None => Ok(None),
        }
    };
    let mut n = 0;
    for (id, key_id, body, raw) in rows {
        tx.execute(
            "UPDATE messages SET body = ?1, raw = ?2, key_id = ?3 WHERE id = ?4",
            params![reseal(key_id, body)?, reseal(key_id, raw)?, current, id],
        )?;
        n += 1;
    }
    // Tables with one sealed column, named here (never from input).
    for (table, id_column) in [
        ("media", "message_id"),
        ("other_events", "id"),
        ("quarantine", "id"),
    ] {
        let rows: Vec<(i64, i64, Vec<u8>)> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {id_column}, key_id, body FROM {table} WHERE key_id <> ?1 AND body IS NOT NULL"
            ))?;
            stmt.query_map([current], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        for (id, key_id, body) in rows {
            let sealed = reseal(key_id, Some(body))?;
            tx.execute(
                &format!("UPDATE {table} SET body = ?1, key_id = ?2 WHERE {id_column} = ?3"),
                params![sealed, current, id],
            )?;
            n += 1;
        }
    }
    tx.commit()?;
    Ok(n)
}

// ---- media ----------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct DueMedia {
    pub message_id: i64,
    pub media_id: String,
    pub sha256: Option<String>,
    pub attempts: i64,
}

pub fn due_media(conn: &Connection, now: i64, limit: i64) -> Result<Vec<DueMedia>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT message_id, media_id, sha256, attempts FROM media
         WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| {
        Ok(DueMedia {
            message_id: r.get(0)?,
            media_id: r.get(1)?,
            sha256: r.get(2)?,
            attempts: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn next_media_due(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row(
        "SELECT MIN(next_attempt_at) FROM media WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// What a download attempt came to.
pub enum MediaOutcome {
    Ready { mime_type: String, bytes: Vec<u8> },
    Retry { at: i64, error: String },
    Failed { error: String },
}

pub fn record_media(
    conn: &Connection,
    keys: &Keyring,
    message_id: i64,
    outcome: MediaOutcome,
) -> Result<(), StoreError> {
    let conversation_id: i64 = conn.query_row(
        "SELECT conversation_id FROM messages WHERE id = ?1",
        [message_id],
        |r| r.get(0),
    )?;
    match outcome {
        MediaOutcome::Ready { mime_type, bytes } => {
            let (key_id, sealed) = keys.seal(&bytes)?;
            conn.execute(
                "UPDATE media SET state = 'ready', mime_type = COALESCE(NULLIF(?1, ''), mime_type), size = ?2,
                   body = ?3, key_id = ?4, error = NULL, attempts = attempts + 1 WHERE message_id = ?5",
                params![mime_type, bytes.len() as i64, sealed, key_id, message_id],
            )?;
        }
        MediaOutcome::Retry { at, error } => {
            conn.execute(
                "UPDATE media SET attempts = attempts + 1, next_attempt_at = ?1, error = ?2 WHERE message_id = ?3",
                params![at, error, message_id],
            )?;
        }
        MediaOutcome::Failed { error } => {
            conn.execute(
                "UPDATE media SET state = 'failed', attempts = attempts + 1, error = ?1 WHERE message_id = ?2",
                params![error, message_id],
            )?;
        }
    }
    append_change(conn, conversation_id, "message", Some(message_id))?;
    Ok(())
}

/// The decrypted bytes and type of a message's media, when ready.
pub fn media_bytes(
    conn: &Connection,
    keys: &Keyring,
    message_id: i64,
) -> Result<(String, Vec<u8>), StoreError> {
    let (mime, body, key_id): (Option<String>, Option<Vec<u8>>, Option<i64>) = conn
        .query_row(
            "SELECT mime_type, body, key_id FROM media WHERE message_id = ?1 AND state = 'ready'",
            [message_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let (Some(body), Some(key_id)) = (body, key_id) else {
        return Err(StoreError::NotFound);
    };
    Ok((
        mime.unwrap_or_else(|| "application/octet-stream".into()),
        keys.open(key_id, &body)?,
    ))
}
