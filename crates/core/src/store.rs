//! The desktop's local store: an SQLCipher database keyed with a raw 256-bit
//! key (no slow key derivation at open), WAL mode, versioned migrations.
//!
//! Each pulled page of changes and the new cursor commit in one transaction,
//! so a crash mid-sync never skips or half-applies a page.

use crate::error::{CoreError, Result};
use crate::terms::{self, TermCounts};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Details, Direction, Me, Message,
    Permission, may_read,
};
use zeroize::Zeroizing;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_outbox_template.sql")),
    (3, include_str!("../migrations/0003_search.sql")),
    (4, include_str!("../migrations/0004_media.sql")),
    (5, include_str!("../migrations/0005_views.sql")),
    (6, include_str!("../migrations/0006_drafts.sql")),
    (7, include_str!("../migrations/0007_outbox_sending.sql")),
    (8, include_str!("../migrations/0008_index_per_page.sql")),
    (9, include_str!("../migrations/0009_search_terms.sql")),
    (10, include_str!("../migrations/0010_message_kinds.sql")),
    (11, include_str!("../migrations/0011_purge_queue.sql")),
    (12, include_str!("../migrations/0012_notes.sql")),
    (13, include_str!("../migrations/0013_canned_replies.sql")),
    (14, include_str!("../migrations/0014_outbox_reply.sql")),
    (15, include_str!("../migrations/0015_marketing_opt_out.sql")),
    (16, include_str!("../migrations/0016_labels.sql")),
    (
        17,
        include_str!("../migrations/0017_outbox_attachments.sql"),
    ),
    (18, include_str!("../migrations/0018_settings.sql")),
];

/// What applying a page of changes brought that a person may want to hear of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Inbound messages new to this desktop.
    pub fresh: Vec<Message>,
    /// Notes new to this desktop, written by someone else.
    pub notes: Vec<Message>,
    /// Conversations this copy did not hold before.
    pub opened: Vec<i64>,
    /// Conversations that became the signed-in agent's.
    pub assigned_to_me: Vec<i64>,
}

/// The kind of a private note (kept by the hub, never sent to WhatsApp).
pub const NOTE: &str = "note";

/// Search ranks a query with up to this many matches; a broader one lists
/// its newest matches (see [`Store::search`]).
pub const RANK_WINDOW: i64 = 2_000;

/// How often [`Store::apply_with_progress`] reports.
pub const PROGRESS_EVERY: usize = 500;

/// How many messages of a revoked conversation leave per purge step (one
/// short write transaction each).
pub const PURGE_STEP: usize = 1_000;

/// A conversation row as the UI lists it.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ConversationView {
    #[serde(flatten)]
    pub conversation: Conversation,
    /// Preview of the last message.
    pub preview: Option<String>,
    /// Who wrote the last message, and (for ours) how far it got.
    pub last_direction: Option<Direction>,
    pub last_status: Option<DeliveryStatus>,
    /// What the signed-in agent may do with it (from the protocol's role table).
    #[serde(flatten)]
    pub actions: switchboard_protocol::Actions,
}

/// A list of conversations the UI shows, newest activity first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum View {
    /// Open, held by me.
    Mine,
    /// Open, in the queue.
    Unassigned,
    /// Open, whoever holds it (admins and viewers; for an agent, Mine and
    /// Unassigned together, all its copy holds).
    All,
    Resolved,
    /// Open, held by one agent (admins and viewers).
    Agent {
        agent_id: i64,
    },
    /// Open, with one label (of those this copy holds).
    Label {
        label_id: i64,
    },
}

/// Where a page of conversations ends: pass it back as `after` for the next.
pub type ListCursor = (i64, i64);

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    /// `None` when this page is the last.
    pub next: Option<ListCursor>,
}

/// The views this agent has, in the order the UI shows them, with how many
/// conversations each holds; and the unread total.
#[derive(Debug, Clone, Default, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ViewCounts {
    pub views: Vec<ViewCount>,
    /// Unread messages across every conversation in this copy.
    pub unread: i64,
    /// Replies in the outbox waiting to reach the hub.
    pub outbox: i64,
    /// Replies the hub refused for good (to retry or discard).
    pub failed: i64,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ViewCount {
    pub view: View,
    pub count: i64,
}

/// One item of a thread: a message the hub knows, or a reply still in the outbox.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ThreadItem {
    /// `m<id>` for hub messages, `q<client_message_id>` for queued replies.
    pub key: String,
    pub direction: Direction,
    pub kind: String,
    pub text: Option<String>,
    pub status: DeliveryStatus,
    pub error: Option<String>,
    pub timestamp: i64,
    /// Keyset cursor for the next (older) page.
    pub cursor: Option<(i64, i64)>,
    /// For media messages: `pending`, `ready` or `failed` at the hub.
    pub media_state: Option<String>,
    pub media_mime: Option<String>,
    /// A download's size in bytes, when the hub knows it.
    pub media_size: Option<i64>,
    /// What the message holds beyond its text (see [`Details`]).
    pub details: Option<Details>,
    /// The message this one quotes, as it reads now.
    pub quote: Option<Quote>,
    /// Reactions this message received: one per side (the customer's, the
    /// business's), the latest each side gave.
    pub reactions: Vec<Reaction>,
    /// The customer edited it; `text` is the latest version.
    pub edited: bool,
    /// Sent by the business from the WhatsApp Business app on its phone,
    /// not by an agent here.
    pub from_phone: bool,
    /// The agent who wrote it (a reply or a note), when the hub says.
    pub sent_by: Option<i64>,
    /// The quoted message's id, for [`with_quotes`] to read.
    #[serde(skip)]
    #[ts(skip)]
    reply_to: Option<i64>,
}

/// A quoted message, shown above the reply that quotes it.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct Quote {
    /// The quoted item's key in the thread (`m<id>`).
    pub key: String,
    pub direction: Direction,
    pub kind: String,
    pub text: Option<String>,
}

/// A reaction shown on the message it is about.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct Reaction {
    pub emoji: String,
    /// The customer's (inbound) or the business's (outbound).
    pub direction: Direction,
}

/// Messages around a point of a thread, oldest first, pageable both ways.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ThreadWindow {
    pub items: Vec<ThreadItem>,
    /// Pass as `before` to [`Store::thread`] for older messages.
    pub older: Option<(i64, i64)>,
    /// Pass as `after` to [`Store::thread_newer`] for newer ones.
    pub newer: Option<(i64, i64)>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ThreadPage {
    /// Oldest first.
    pub items: Vec<ThreadItem>,
    /// Pass as `before` to load older messages; `None` when this is the start.
    pub older: Option<(i64, i64)>,
}

/// One search result: a message and where it is.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct SearchHit {
    pub conversation_id: i64,
    pub contact: String,
    pub message_id: i64,
    /// A few words around the match.
    pub snippet: String,
    pub timestamp: i64,
}

/// What a person typed, as FTS5 will read it: every word but the last a
/// whole word (quoted, so punctuation and operators are just text), the last
/// one a prefix, expanded to the words of the index that start with it.
enum Typed {
    Nothing,
    /// The last word starts no word of the index: nothing can match.
    NoMatch,
    Query(String),
}

fn typed_query(conn: &Connection, input: &str) -> Result<Typed> {
    let words: Vec<String> = terms::words(input).take(12).collect();
    let Some((last, whole)) = words.split_last() else {
        return Ok(Typed::Nothing);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY docs DESC LIMIT ?3",
    )?;
    let expanded = stmt
        .query_map(
            params![last, terms::upper_bound(last), terms::PREFIX_TERMS],
            |r| r.get::<_, String>(0),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    if expanded.is_empty() {
        return Ok(Typed::NoMatch);
    }
    let mut query: Vec<String> = whole.iter().map(|w| terms::quoted(w)).collect();
    query.push(format!(
        "({})",
        expanded
            .iter()
            .map(|w| terms::quoted(w))
            .collect::<Vec<_>>()
            .join(" OR ")
    ));
    // Explicit ANDs: FTS5 takes no implicit AND before a parenthesised
    // group (`"pedido" ("entrega" OR …)` is a syntax error).
    Ok(Typed::Query(query.join(" AND ")))
}

/// A reply waiting to reach the hub.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub client_message_id: String,
    pub conversation_id: i64,
    /// The text, or for a template what the customer will read.
    pub text: String,
    pub template: Option<switchboard_protocol::TemplateSend>,
    /// A private note for the team, not a reply.
    pub note: bool,
    /// The message it quotes (the hub's id).
    pub reply_to: Option<i64>,
    /// A file it sends (`text` is then its caption).
    pub attachment: Option<QueuedFile>,
}

/// A file waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedFile {
    pub name: String,
    pub mime_type: String,
    pub size: i64,
    /// The hub's upload once it has the file (a retry then only sends).
    pub upload_id: Option<i64>,
}

/// Reads a queued file's chunks in order.
struct OutboxFile<'a> {
    store: &'a Store,
    cmid: &'a str,
    seq: i64,
    chunk: Vec<u8>,
    at: usize,
}

impl std::io::Read for OutboxFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.chunk.len() {
            match self
                .store
                .outbox_chunk(self.cmid, self.seq)
                .map_err(|e| std::io::Error::other(e.to_string()))?
            {
                Some(chunk) => {
                    self.chunk = chunk;
                    self.at = 0;
                    self.seq += 1;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The size of one stored chunk of a queued file.
pub const OUTBOX_CHUNK_BYTES: usize = 1024 * 1024;

/// The local store: one writer connection (sync, outbox, media cache) and one
/// read-only connection for the UI. In WAL mode a read never waits for a
/// write transaction, so the window stays responsive while a large page of
/// changes is applied.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    /// To start the file afresh at sign-out (see [`Store::purge_all`]).
    path: std::path::PathBuf,
    /// `None` only for the benchmark's plain-SQLite comparison.
    key: Option<Zeroizing<[u8; 32]>>,
}

/// Opens one keyed connection; a wrong key is [`CoreError::WrongKey`].
/// SQLCipher page size of stores made now: 16 KiB pages are a quarter as
/// many pages to encrypt and authenticate as the default 4 KiB (applying a
/// catch-up: 1.07x plain SQLite instead of 1.22x; BENCHMARKS.md).
const CIPHER_PAGE: i64 = 16_384;
/// The page size of stores made before (SQLCipher's default).
const LEGACY_CIPHER_PAGE: i64 = 4_096;

/// Opens `path` with `key` (none: plain SQLite, for benchmarks). A keyed
/// store is opened with [`CIPHER_PAGE`], or [`LEGACY_CIPHER_PAGE`] when it
/// was made with that; a key that opens it with neither is the wrong key.
fn open_keyed(path: &Path, key: Option<&[u8; 32]>, flags: OpenFlags) -> Result<Connection> {
    let Some(key) = key else {
        return ready(Connection::open_with_flags(
            path,
            flags | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?);
    };
    for page in [CIPHER_PAGE, LEGACY_CIPHER_PAGE] {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        // SQLCipher's own error log would print to stderr on a wrong key.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        let pragma = Zeroizing::new(format!("x'{}'", hex::encode(key)));
        conn.pragma_update(None, "key", pragma.as_str())?;
        conn.pragma_update(None, "cipher_page_size", page)?;
        // SQLCipher checks the key (and the page size) on the first read.
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => return ready(conn),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(CoreError::WrongKey)
}

/// A connection's settings once it is open.
fn ready(conn: Connection) -> Result<Connection> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Decrypted pages are kept, so reads do not decrypt the same pages again
    // and again (the default cache is 2 MB).
    conn.pragma_update(None, "cache_size", -65_536)?;
    Ok(conn)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Opens (or creates) the store at `path` with `key`. A wrong key fails
    /// with [`CoreError::WrongKey`] before anything is written.
    pub fn open(path: &Path, key: &[u8; 32]) -> Result<Store> {
        Store::open_with(path, Some(key))
    }

    /// The same store without encryption: only for the benchmark that
    /// compares SQLCipher with plain SQLite (feature `plain-store`).
    #[cfg(feature = "plain-store")]
    pub fn open_plain(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    fn open_with(path: &Path, key: Option<&[u8; 32]>) -> Result<Store> {
        let (writer, reader) = Store::connections(path, key)?;
        Ok(Store {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            path: path.to_owned(),
            key: key.map(|k| Zeroizing::new(*k)),
        })
    }

    /// Opens the writer (migrated) and reader connections on `path`.
    fn connections(path: &Path, key: Option<&[u8; 32]>) -> Result<(Connection, Connection)> {
        crate::files::private_store_file(path)?;
        let mut writer = open_keyed(
            path,
            key,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        // Fold the log into the file every ~40 MB rather than every 4 MB:
        // fewer checkpoints in the middle of a large sync.
        writer.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        writer.pragma_update(None, "temp_store", "MEMORY")?;
        migrate(&mut writer)?;
        // A send interrupted by a stop is simply queued again (the hub's
        // idempotency key makes sending it twice harmless).
        writer.execute("UPDATE outbox SET sending = 0 WHERE sending <> 0", [])?;
        let reader = open_keyed(path, key, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        reader.pragma_update(None, "query_only", "ON")?;
        Ok((writer, reader))
    }

    /// The writer connection (one writer at a time).
    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The read-only connection: never waits for the writer.
    fn read(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn cursor(&self) -> Result<i64> {
        Ok(self
            .read()
            .query_row("SELECT cursor FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// The newest alert already told of (`None`: never looked).
    pub fn alerts_seen(&self) -> Result<Option<i64>> {
        Ok(self
            .read()
            .query_row("SELECT alerts_seen FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    pub fn set_alerts_seen(&self, id: i64) -> Result<()> {
        self.lock()
            .execute("UPDATE sync_state SET alerts_seen = ?1 WHERE id = 1", [id])?;
        Ok(())
    }

    /// Applies a page of changes and moves the cursor, all or nothing.
    /// Returns the inbound messages that were new to this desktop.
    ///
    /// The agent's role is checked again here (defence in depth): a change
    /// for a conversation `me` may not read purges it instead of storing it.
    pub fn apply(&self, changes: &[Change], next: i64, me: &Me) -> Result<Applied> {
        self.apply_with_progress(changes, next, me, &mut |_| {})
    }

    /// [`Store::apply`], telling `progress` how many changes of this page are
    /// applied every [`PROGRESS_EVERY`], while its transaction is open.
    pub fn apply_with_progress(
        &self,
        changes: &[Change],
        next: i64,
        me: &Me,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Applied> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut page = PageWrite::default();
        for (n, change) in changes.iter().enumerate() {
            if n > 0 && n % PROGRESS_EVERY == 0 {
                progress(n);
            }
            match change {
                Change::Conversation {
                    conversation: c, ..
                } => page.conversation(&tx, c, me)?,
                Change::Message { message: m, .. } => page.message(&tx, m, me)?,
                Change::Revoked {
                    conversation_id, ..
                } => page.revoke(&tx, *conversation_id)?,
            }
        }
        page.finish(&tx)?;
        tx.execute("UPDATE sync_state SET cursor = ?1 WHERE id = 1", [next])?;
        tx.commit()?;
        Ok(page.applied)
    }

    /// Removes up to [`PURGE_STEP`] messages of revoked conversations (see
    /// [`revoke`]) in one transaction. Returns whether any are left.
    pub fn purge_step(&self) -> Result<bool> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let next: Option<i64> = tx
            .prepare_cached("SELECT conversation_id FROM purge_queue LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        let Some(conversation_id) = next else {
            return Ok(false);
        };
        if purge_messages(&tx, conversation_id, PURGE_STEP)? < PURGE_STEP {
            tx.prepare_cached("DELETE FROM purge_queue WHERE conversation_id = ?1")?
                .execute([conversation_id])?;
        }
        let more: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM purge_queue)")?
            .query_row([], |r| r.get(0))?;
        tx.commit()?;
        Ok(more)
    }

    /// Runs purge steps until no revoked conversation has messages left.
    pub fn purge_pending(&self) -> Result<()> {
        while self.purge_step()? {}
        Ok(())
    }

    pub fn conversation(&self, id: i64) -> Result<Conversation> {
        self.read()
            .query_row(
                "SELECT id, wa_id, contact_name, assignee, status, unread, last_inbound_at, last_message_at,
                        marketing_opt_out, labels
                 FROM conversations WHERE id = ?1",
                [id],
                conversation_from_row,
            )
            .optional()?
            .ok_or(CoreError::NotFound)
    }

    /// A page of `view` for `me`, newest activity first, after `after`
    /// (keyset on last activity and id, on the view's index; never OFFSET).
    pub fn conversation_page(
        &self,
        me: &Me,
        view: View,
        after: Option<ListCursor>,
        limit: i64,
    ) -> Result<ConversationPage> {
        let limit = limit.clamp(1, 200);
        let (at, id) = after.unwrap_or((i64::MAX, i64::MAX));
        let (filter, holder) = match view {
            View::Mine => ("c.status = 'open' AND c.assignee = ?4", Some(me.agent_id)),
            View::Unassigned => ("c.status = 'open' AND c.assignee IS NULL", None),
            View::All => ("c.status = 'open'", None),
            View::Resolved => ("c.status = 'resolved'", None),
            View::Agent { agent_id } => ("c.status = 'open' AND c.assignee = ?4", Some(agent_id)),
            View::Label { label_id } => (
                "c.status = 'open' AND c.id IN (SELECT conversation_id FROM conversation_labels WHERE label_id = ?4)",
                Some(label_id),
            ),
        };
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM conversations c
             WHERE {filter} AND (c.last_message_at, c.id) < (?1, ?2)
             ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?3"
        ))?;
        let map = |r: &rusqlite::Row<'_>| view_from_row(r, me);
        let mut items = match holder {
            Some(h) => stmt
                .query_map(params![at, id, limit + 1, h], map)?
                .collect::<Result<Vec<_>, _>>()?,
            None => stmt
                .query_map(params![at, id, limit + 1], map)?
                .collect::<Result<Vec<_>, _>>()?,
        };
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items
                .last()
                .map(|v| (v.conversation.last_message_at, v.conversation.id))
        } else {
            None
        };
        Ok(ConversationPage { items, next })
    }

    /// Every view's count and the unread total, from the counts the store
    /// keeps up to date as changes are applied (a few rows, not a scan).
    pub fn view_counts(&self, me: &Me) -> Result<ViewCounts> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT holder, status, conversations, unread FROM view_counts WHERE conversations > 0",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let (mut mine, mut queue, mut all, mut resolved, mut unread) = (0, 0, 0, 0, 0);
        let mut agents: Vec<(i64, i64)> = Vec::new();
        for row in rows {
            let (holder, status, n, u) = row?;
            unread += u;
            if status == "resolved" {
                resolved += n;
                continue;
            }
            all += n;
            match holder {
                0 => queue += n,
                h => {
                    if h == me.agent_id {
                        mine += n;
                    }
                    agents.push((h, n));
                }
            }
        }
        agents.sort_unstable();
        // Which views a role has: those who may hold conversations have
        // Mine; those who read everything have All and one per agent.
        let mut views = Vec::new();
        if me.role.allows(Permission::Claim) {
            views.push(ViewCount {
                view: View::Mine,
                count: mine,
            });
        }
        views.push(ViewCount {
            view: View::Unassigned,
            count: queue,
        });
        let reads_all = me.role.allows(Permission::ReadAll);
        if reads_all {
            views.push(ViewCount {
                view: View::All,
                count: all,
            });
        }
        views.push(ViewCount {
            view: View::Resolved,
            count: resolved,
        });
        if reads_all {
            views.extend(agents.into_iter().map(|(agent_id, count)| ViewCount {
                view: View::Agent { agent_id },
                count,
            }));
        }
        // One view per label, with its open conversations (a few rows per
        // label in an index, not a scan of the conversations).
        let mut stmt = conn.prepare_cached(
            "SELECT l.id, (SELECT count(*) FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id
                           WHERE cl.label_id = l.id AND c.status = 'open')
             FROM labels l ORDER BY l.name, l.id",
        )?;
        let labels = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for label in labels {
            let (label_id, count) = label?;
            views.push(ViewCount {
                view: View::Label { label_id },
                count,
            });
        }
        let (outbox, failed) = conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE failed = 0), count(*) FILTER (WHERE failed <> 0) FROM outbox",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(ViewCounts {
            views,
            unread,
            outbox,
            failed,
        })
    }

    /// One conversation as the list shows it (the thread pane's header).
    pub fn conversation_view(&self, me: &Me, id: i64) -> Result<ConversationView> {
        let conn = self.read();
        conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM conversations c WHERE c.id = ?1"
        ))?
        .query_row([id], |r| view_from_row(r, me))
        .optional()?
        .ok_or(CoreError::NotFound)
    }

    /// Every conversation, newest first: for tests and tools. The UI pages
    /// through views ([`Store::conversation_page`]).
    pub fn conversations(&self, me: &Me) -> Result<Vec<ConversationView>> {
        let conn = self.read();
        let mut stmt = conn.prepare(&format!(
            "SELECT {VIEW_COLUMNS} FROM conversations c ORDER BY c.last_message_at DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map([], |r| view_from_row(r, me))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Up to `limit` messages before `before` (keyset on timestamp, id), oldest
    /// first; on the first page, replies still in the outbox follow.
    pub fn thread(
        &self,
        conversation_id: i64,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<ThreadPage> {
        let conn = self.read();
        let (bt, bi) = before.unwrap_or((i64::MAX, i64::MAX));
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM messages
             WHERE conversation_id = ?1 AND (timestamp, id) < (?2, ?3) AND target IS NULL
               AND EXISTS (SELECT 1 FROM conversations WHERE id = ?1)
             ORDER BY timestamp DESC, id DESC LIMIT ?4",
        ))?;
        let mut items = stmt
            .query_map(params![conversation_id, bt, bi, limit + 1], item_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let older = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().and_then(|i| i.cursor)
        } else {
            None
        };
        items.reverse();
        with_quotes(&conn, &mut items)?;
        if before.is_none() {
            let mut stmt = conn.prepare_cached(
                "SELECT client_message_id, text, created_at, failed, last_error, sending, note, reply_to,
                        attachment_name, attachment_mime, attachment_size FROM outbox
                 WHERE conversation_id = ?1 ORDER BY created_at, rowid",
            )?;
            let queued = stmt.query_map([conversation_id], |r| {
                let failed: i64 = r.get(3)?;
                let sending: i64 = r.get(5)?;
                let note: bool = r.get(6)?;
                let text: String = r.get(1)?;
                let file: Option<String> = r.get(8)?;
                let mime: Option<String> = r.get(9)?;
                // A queued file shows as the message it will be: its kind,
                // name and size, its caption as its words.
                let kind = match (&file, &mime) {
                    (Some(_), Some(mime)) => switchboard_protocol::check_attachment(mime, 1)
                        .map_or("document", |k| k.kind)
                        .to_owned(),
                    _ if note => NOTE.into(),
                    _ => "text".into(),
                };
                let details = file.as_ref().map(|name| Details::Media {
                    caption: Some(text.clone()).filter(|t| !t.trim().is_empty()),
                    filename: Some(name.clone()),
                    voice: false,
                    animated: false,
                });
                let shown = if file.is_some() && text.trim().is_empty() {
                    format!("[{kind}]")
                } else {
                    text
                };
                Ok(ThreadItem {
                    key: format!("q{}", r.get::<_, String>(0)?),
                    direction: Direction::Outbound,
                    kind,
                    text: Some(shown),
                    status: if failed != 0 {
                        DeliveryStatus::Failed
                    } else if sending != 0 {
                        DeliveryStatus::Pending
                    } else {
                        DeliveryStatus::Queued
                    },
                    error: r.get(4)?,
                    timestamp: r.get(2)?,
                    cursor: None,
                    media_state: None,
                    media_mime: mime,
                    media_size: r.get(10)?,
                    details,
                    quote: None,
                    reactions: Vec::new(),
                    edited: false,
                    from_phone: false,
                    sent_by: None,
                    reply_to: r.get(7)?,
                })
            })?;
            let from = items.len();
            for q in queued {
                items.push(q?);
            }
            // A queued reply shows what it quotes too.
            with_quotes(&conn, &mut items[from..])?;
        }
        Ok(ThreadPage { items, older })
    }

    /// The messages around one message (a search hit opened in place): up to
    /// `limit` before it and `limit` from it on, oldest first, with cursors to
    /// page further both ways.
    pub fn thread_around(
        &self,
        conversation_id: i64,
        message_id: i64,
        limit: i64,
    ) -> Result<ThreadWindow> {
        let key: (i64, i64) = self
            .read()
            .query_row(
                "SELECT m.timestamp, m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                 WHERE m.id = ?1 AND m.conversation_id = ?2",
                params![message_id, conversation_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound)?;
        let before = self.thread(conversation_id, Some(key), limit)?;
        // `after` is exclusive: start just before the message itself.
        let after = self.thread_newer(conversation_id, (key.0, key.1 - 1), limit)?;
        let mut items = before.items;
        items.extend(after.items);
        Ok(ThreadWindow {
            items,
            older: before.older,
            newer: after.newer,
        })
    }

    /// Up to `limit` messages after `after` (keyset), oldest first.
    pub fn thread_newer(
        &self,
        conversation_id: i64,
        after: (i64, i64),
        limit: i64,
    ) -> Result<ThreadWindow> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM messages
             WHERE conversation_id = ?1 AND (timestamp, id) > (?2, ?3) AND target IS NULL
               AND EXISTS (SELECT 1 FROM conversations WHERE id = ?1)
             ORDER BY timestamp, id LIMIT ?4",
        ))?;
        let mut items = stmt
            .query_map(
                params![conversation_id, after.0, after.1, limit + 1],
                item_from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let newer = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().and_then(|i| i.cursor)
        } else {
            None
        };
        with_quotes(&conn, &mut items)?;
        Ok(ThreadWindow {
            items,
            older: None,
            newer,
        })
    }

    /// Messages matching `input`, best matches first (see below), in every
    /// conversation or in one. The snippet marks each matched word between
    /// [`MATCH_START`] and [`MATCH_END`] (private-use characters the UI turns
    /// into highlights; message text never contains them as markup).
    pub fn search(&self, input: &str, limit: i64) -> Result<Vec<SearchHit>> {
        self.search_in(input, None, limit)
    }

    pub fn search_in(
        &self,
        input: &str,
        conversation: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let conn = self.read();
        let query = match typed_query(&conn, input)? {
            Typed::Query(q) => q,
            Typed::Nothing | Typed::NoMatch => return Ok(Vec::new()),
        };
        // Ranking every match of a common word costs a second on a large
        // store. So a query with up to RANK_WINDOW matches is ranked (best
        // first); a broader one (a common word, a short prefix as the person
        // starts typing) lists its newest matches, which FTS5 finds without
        // reading the whole index. Typing another word narrows it to ranked.
        if let Some(conversation_id) = conversation {
            // One conversation: its matches are few enough to rank whole.
            let mut stmt = conn.prepare_cached(
                "SELECT m.conversation_id, COALESCE(c.contact_name, '+' || c.wa_id), m.id,
                        snippet(messages_fts, 0, char(57344), char(57345), '…', 10), m.timestamp
                 FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
                 JOIN conversations c ON c.id = m.conversation_id
                 WHERE messages_fts MATCH ?1 AND m.conversation_id = ?3 ORDER BY rank LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![query, limit, conversation_id], hit_from_row)?;
            return Ok(rows.collect::<Result<Vec<_>, _>>()?);
        }
        let matches: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 LIMIT ?2)",
            )?
            .query_row(params![query, RANK_WINDOW + 1], |r| r.get(0))?;
        let (order, outer) = if matches > RANK_WINDOW {
            ("rowid DESC", "h.id DESC")
        } else {
            ("rank", "h.score")
        };
        // The full-text index is read first, with the limit inside, so the
        // planner cannot start from the messages table and test each row.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT m.conversation_id, COALESCE(c.contact_name, '+' || c.wa_id), m.id, h.snip, m.timestamp
             FROM (SELECT rowid AS id, rank AS score, snippet(messages_fts, 0, char(57344), char(57345), '…', 10) AS snip
                   FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY {order} LIMIT ?2) h
             JOIN messages m ON m.id = h.id
             JOIN conversations c ON c.id = m.conversation_id
             ORDER BY {outer}"
        ))?;
        let rows = stmt.query_map(params![query, limit], hit_from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Words of the local copy that start with what was typed, most frequent
    /// first (a revoked conversation's own words are gone from it).
    pub fn suggest(&self, prefix: &str, limit: i64) -> Result<Vec<String>> {
        let prefix = terms::fold(prefix.trim());
        if prefix.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY docs DESC, term LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![prefix, terms::upper_bound(&prefix), limit.clamp(1, 100)],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Checks that the full-text index holds exactly the messages' texts
    /// (FTS5's own integrity check against its content table).
    pub fn check_search_index(&self) -> Result<()> {
        self.lock().execute(
            "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
        Ok(())
    }

    /// Erases everything this desktop holds from the hub (messages, search
    /// index, outbox, drafts, cursor): the connections are closed, the file
    /// and its log are deleted, and an empty store is created in their place
    /// (instant at any size, and nothing of the old copy stays on disk to be
    /// read with the key).
    pub fn purge_all(&self) -> Result<()> {
        let mut writer = self.lock();
        let mut reader = self.read();
        // Close both connections before the files go.
        *reader = Connection::open_in_memory()?;
        *writer = Connection::open_in_memory()?;
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", self.path.display()));
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        let (fresh_writer, fresh_reader) = Store::connections(&self.path, self.key.as_deref())?;
        *writer = fresh_writer;
        *reader = fresh_reader;
        Ok(())
    }

    /// A message's conversation, direction, state, kind and text.
    pub fn message_brief(
        &self,
        message_id: i64,
    ) -> Result<(i64, Direction, DeliveryStatus, String, Option<String>)> {
        self.read()
            .query_row(
                "SELECT m.conversation_id, m.direction, m.status, m.kind, m.text
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1",
                [message_id],
                |r| {
                    let direction: String = r.get(1)?;
                    let status: String = r.get(2)?;
                    Ok((
                        r.get(0)?,
                        direction_from(&direction),
                        DeliveryStatus::parse(&status).unwrap_or(DeliveryStatus::Pending),
                        r.get(3)?,
                        r.get(4)?,
                    ))
                },
            )
            .optional()?
            .ok_or(CoreError::NotFound)
    }

    /// The message's media kind and state, if it is a media message here.
    pub fn media_info(&self, message_id: i64) -> Result<(i64, Option<String>, Option<String>)> {
        let (conversation, state, mime, _, _) = self.media_facts(message_id)?;
        Ok((conversation, state, mime))
    }

    /// A message's conversation, media state, type, size and kind.
    #[allow(clippy::type_complexity)]
    pub fn media_facts(
        &self,
        message_id: i64,
    ) -> Result<(i64, Option<String>, Option<String>, Option<i64>, String)> {
        self.read()
            .query_row(
                "SELECT m.conversation_id, m.media_state, m.media_mime, m.media_size, m.kind
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1",
                [message_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound)
    }

    /// A setting's value, if the user set it.
    pub fn setting(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .read()
            .query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, name: &str, value: i64) -> Result<()> {
        self.lock().execute(
            "INSERT INTO settings (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        Ok(())
    }

    /// The file name a document's sender gave, if any.
    pub fn file_name(&self, message_id: i64) -> Result<Option<String>> {
        let details: Option<String> = self
            .read()
            .query_row(
                "SELECT m.details FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound)?;
        Ok(
            match details.and_then(|d| serde_json::from_str::<Details>(&d).ok()) {
                Some(Details::Media { filename, .. }) => filename,
                _ => None,
            },
        )
    }

    pub fn cached_media(&self, message_id: i64) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .read()
            .query_row(
                "SELECT x.mime_type, x.bytes FROM media_cache x JOIN messages m ON m.id = x.message_id
                 JOIN conversations c ON c.id = m.conversation_id WHERE x.message_id = ?1",
                [message_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn cache_media(&self, message_id: i64, mime_type: &str, bytes: &[u8]) -> Result<()> {
        self.lock().execute(
            "INSERT INTO media_cache (message_id, mime_type, bytes) VALUES (?1, ?2, ?3)
             ON CONFLICT (message_id) DO UPDATE SET mime_type = excluded.mime_type, bytes = excluded.bytes",
            params![message_id, mime_type, bytes],
        )?;
        Ok(())
    }

    /// Queues a reply; returns its idempotency key.
    pub fn queue_reply(&self, conversation_id: i64, text: &str) -> Result<String> {
        self.queue(conversation_id, text, None)
    }

    /// Queues a reply of either kind; returns its idempotency key.
    pub fn queue(
        &self,
        conversation_id: i64,
        text: &str,
        template: Option<&switchboard_protocol::TemplateSend>,
    ) -> Result<String> {
        self.queue_entry(conversation_id, text, template, false, None)
    }

    /// Queues a text reply that quotes message `reply_to`; returns its key.
    pub fn queue_reply_to(
        &self,
        conversation_id: i64,
        text: &str,
        reply_to: i64,
    ) -> Result<String> {
        self.queue_entry(conversation_id, text, None, false, Some(reply_to))
    }

    /// Queues a private note for the team; returns its idempotency key.
    pub fn queue_note(&self, conversation_id: i64, text: &str) -> Result<String> {
        self.queue_entry(conversation_id, text, None, true, None)
    }

    fn queue_entry(
        &self,
        conversation_id: i64,
        text: &str,
        template: Option<&switchboard_protocol::TemplateSend>,
        note: bool,
        reply_to: Option<i64>,
    ) -> Result<String> {
        let cmid = uuid::Uuid::new_v4().to_string();
        let template = match template {
            Some(t) => Some(serde_json::to_string(t).map_err(|_| CoreError::Invalid("template"))?),
            None => None,
        };
        self.lock().execute(
            "INSERT INTO outbox (client_message_id, conversation_id, text, created_at, template, note, reply_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![cmid, conversation_id, text, now(), template, note, reply_to],
        )?;
        Ok(cmid)
    }

    /// Queues a reply that sends a file read from `file` (`size` bytes as
    /// the caller measured them), with `caption` (may be empty): the bytes
    /// go into the encrypted store a chunk at a time, in the same
    /// transaction as the entry, so a file is queued whole or not at all.
    /// Refuses a file whose bytes come to more than `max_bytes`.
    pub fn queue_attachment(
        &self,
        conversation_id: i64,
        caption: &str,
        reply_to: Option<i64>,
        file: &QueuedFile,
        max_bytes: u64,
        read: &mut dyn std::io::Read,
    ) -> Result<String> {
        let cmid = uuid::Uuid::new_v4().to_string();
        self.queue_attachment_as(
            &cmid,
            conversation_id,
            caption,
            reply_to,
            file,
            max_bytes,
            read,
        )?;
        Ok(cmid)
    }

    /// [`Store::queue_attachment`] under a given key (a reply carried over
    /// from a damaged copy keeps its own: the hub never sends it twice).
    #[allow(clippy::too_many_arguments)]
    pub fn queue_attachment_as(
        &self,
        cmid: &str,
        conversation_id: i64,
        caption: &str,
        reply_to: Option<i64>,
        file: &QueuedFile,
        max_bytes: u64,
        read: &mut dyn std::io::Read,
    ) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut total: u64 = 0;
        let mut seq: i64 = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO outbox_chunks (client_message_id, seq, bytes) VALUES (?1, ?2, ?3)",
            )?;
            let mut buffer = vec![0u8; OUTBOX_CHUNK_BYTES];
            loop {
                let mut filled = 0;
                while filled < buffer.len() {
                    match read.read(&mut buffer[filled..]) {
                        Ok(0) => break,
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => return Err(CoreError::Invalid("the file could not be read")),
                    }
                }
                if filled == 0 {
                    break;
                }
                total += filled as u64;
                if total > max_bytes {
                    return Err(CoreError::Invalid(
                        "the file grew past WhatsApp's limit while it was read",
                    ));
                }
                insert.execute(params![cmid, seq, &buffer[..filled]])?;
                seq += 1;
            }
        }
        if total == 0 {
            return Err(CoreError::Invalid("the file is empty"));
        }
        tx.execute(
            "INSERT INTO outbox (client_message_id, conversation_id, text, created_at, reply_to,
                                 attachment_name, attachment_mime, attachment_size)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                cmid,
                conversation_id,
                caption,
                now(),
                reply_to,
                file.name,
                file.mime_type,
                total as i64
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A queued file's bytes, read a chunk at a time.
    pub fn outbox_file<'a>(&'a self, client_message_id: &'a str) -> impl std::io::Read + 'a {
        OutboxFile {
            store: self,
            cmid: client_message_id,
            seq: 0,
            chunk: Vec::new(),
            at: 0,
        }
    }

    /// Chunk `seq` of a queued file, if there is one.
    pub fn outbox_chunk(&self, client_message_id: &str, seq: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .read()
            .query_row(
                "SELECT bytes FROM outbox_chunks WHERE client_message_id = ?1 AND seq = ?2",
                params![client_message_id, seq],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keeps (or forgets) the hub's upload of a queued file.
    pub fn set_upload(&self, client_message_id: &str, upload_id: Option<i64>) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET upload_id = ?2 WHERE client_message_id = ?1",
            params![client_message_id, upload_id],
        )?;
        Ok(())
    }

    /// Labels, as the hub last listed them (by name).
    pub fn labels(&self) -> Result<Vec<switchboard_protocol::Label>> {
        self.kept_list(
            "SELECT id, name, colour FROM labels ORDER BY name, id",
            |r| {
                Ok(switchboard_protocol::Label {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    colour: r.get(2)?,
                })
            },
        )
    }

    /// Replaces the labels with the hub's list. A colour that is not
    /// `#rrggbb` is kept as grey: it goes into a style in the UI.
    pub fn set_labels(&self, labels: &[switchboard_protocol::Label]) -> Result<()> {
        self.keep_list(
            "labels",
            "INSERT INTO labels (id, name, colour) VALUES (?1, ?2, ?3)",
            labels,
            |stmt, l| {
                let colour = match switchboard_protocol::validate_colour(&l.colour) {
                    Ok(()) => l.colour.as_str(),
                    Err(_) => "#888888",
                };
                stmt.execute(params![l.id, l.name, colour])
            },
        )
    }

    /// Rows of a list the hub owns, as kept.
    fn kept_list<T>(
        &self,
        sql: &str,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], map)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Replaces every row of `table`, a list the hub owns, in one transaction.
    fn keep_list<T>(
        &self,
        table: &str,
        insert: &str,
        items: &[T],
        bind: impl Fn(&mut rusqlite::CachedStatement<'_>, &T) -> rusqlite::Result<usize>,
    ) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(&format!("DELETE FROM {table}"), [])?;
        {
            let mut stmt = tx.prepare_cached(insert)?;
            for item in items {
                bind(&mut stmt, item)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Canned replies, as the hub last listed them (by shortcut).
    pub fn canned(&self) -> Result<Vec<switchboard_protocol::CannedReply>> {
        self.kept_list(
            "SELECT id, name, shortcut, body FROM canned_replies ORDER BY shortcut",
            |r| {
                Ok(switchboard_protocol::CannedReply {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    shortcut: r.get(2)?,
                    text: r.get(3)?,
                })
            },
        )
    }

    /// Replaces the canned replies with the hub's list.
    pub fn set_canned(&self, canned: &[switchboard_protocol::CannedReply]) -> Result<()> {
        self.keep_list(
            "canned_replies",
            "INSERT INTO canned_replies (id, name, shortcut, body) VALUES (?1, ?2, ?3, ?4)",
            canned,
            |stmt, c| stmt.execute(params![c.id, c.name, c.shortcut, c.text]),
        )
    }

    /// The team's names, as the hub last listed them.
    pub fn team(&self) -> Result<Vec<switchboard_protocol::TeamMember>> {
        self.kept_list("SELECT id, name FROM team ORDER BY name, id", |r| {
            Ok(switchboard_protocol::TeamMember {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
    }

    /// Replaces the team's names with the hub's list.
    pub fn set_team(&self, team: &[switchboard_protocol::TeamMember]) -> Result<()> {
        self.keep_list(
            "team",
            "INSERT INTO team (id, name) VALUES (?1, ?2)",
            team,
            |stmt, m| stmt.execute(params![m.id, m.name]),
        )
    }

    /// Replies still to be sent, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT client_message_id, conversation_id, text, template, note, reply_to,
                    attachment_name, attachment_mime, attachment_size, upload_id
             FROM outbox WHERE failed = 0 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            let template: Option<String> = r.get(3)?;
            let name: Option<String> = r.get(6)?;
            Ok(OutboxEntry {
                client_message_id: r.get(0)?,
                conversation_id: r.get(1)?,
                text: r.get(2)?,
                template: template.and_then(|t| serde_json::from_str(&t).ok()),
                note: r.get(4)?,
                reply_to: r.get(5)?,
                attachment: match name {
                    Some(name) => Some(QueuedFile {
                        name,
                        mime_type: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        size: r.get::<_, Option<i64>>(8)?.unwrap_or_default(),
                        upload_id: r.get(9)?,
                    }),
                    None => None,
                },
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The hub accepted a reply: keep its message, drop the outbox entry, in one step.
    pub fn reply_accepted(&self, message: &Message, me: &Me) -> Result<()> {
        let change = Change::Message {
            seq: 0,
            message: Box::new(message.clone()),
        };
        let cursor = self.cursor()?;
        self.apply(std::slice::from_ref(&change), cursor, me)?;
        Ok(())
    }

    /// The hub refused a reply for good: keep it, marked failed, with the reason.
    pub fn reply_refused(&self, client_message_id: &str, reason: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET failed = 1, sending = 0, last_error = ?2, attempts = attempts + 1 WHERE client_message_id = ?1",
            params![client_message_id, reason],
        )?;
        Ok(())
    }

    /// Puts back a reply carried over from a damaged copy, with its own
    /// idempotency key (the hub never sends it twice).
    pub fn restore_outbox(&self, entry: &OutboxEntry) -> Result<()> {
        let template = match &entry.template {
            Some(t) => Some(serde_json::to_string(t).map_err(|_| CoreError::Invalid("template"))?),
            None => None,
        };
        self.lock().execute(
            "INSERT INTO outbox (client_message_id, conversation_id, text, created_at, template) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (client_message_id) DO NOTHING",
            params![entry.client_message_id, entry.conversation_id, entry.text, now(), template],
        )?;
        Ok(())
    }

    /// Sends a failed reply again (same idempotency key: the hub never sends
    /// it twice).
    pub fn retry_reply(&self, client_message_id: &str) -> Result<()> {
        found(self.lock().execute(
            "UPDATE outbox SET failed = 0, last_error = NULL WHERE client_message_id = ?1",
            [client_message_id],
        )?)
    }

    /// Drops a queued or failed reply from the outbox. One already on its way
    /// to the hub may still arrive; it then shows in the thread as sent.
    pub fn discard_reply(&self, client_message_id: &str) -> Result<()> {
        found(self.lock().execute(
            "DELETE FROM outbox WHERE client_message_id = ?1",
            [client_message_id],
        )?)
    }

    /// Keeps what is being written in a conversation; empty text forgets it.
    pub fn save_draft(&self, conversation_id: i64, text: &str) -> Result<()> {
        let conn = self.lock();
        if text.trim().is_empty() {
            conn.execute(
                "DELETE FROM drafts WHERE conversation_id = ?1",
                [conversation_id],
            )?;
        } else {
            conn.execute(
                "INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                params![conversation_id, text, now()],
            )?;
        }
        Ok(())
    }

    pub fn draft(&self, conversation_id: i64) -> Result<Option<String>> {
        Ok(self
            .read()
            .query_row(
                "SELECT text FROM drafts WHERE conversation_id = ?1",
                [conversation_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The reply is on its way to the hub now ("sending" in the thread).
    pub fn reply_sending(&self, client_message_id: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET sending = 1 WHERE client_message_id = ?1",
            [client_message_id],
        )?;
        Ok(())
    }

    pub fn reply_attempted(&self, client_message_id: &str, reason: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET attempts = attempts + 1, sending = 0, last_error = ?2 WHERE client_message_id = ?1",
            params![client_message_id, reason],
        )?;
        Ok(())
    }
}

/// The work of applying one page of changes, inside its transaction.
///
/// It keeps what the page has already looked up (who holds each
/// conversation), writes each conversation's preview once per page (its
/// newest message), and feeds the full-text index in one statement per page:
/// FTS5 writes its pending index to disk at every statement that changes it
/// inside a transaction, so one insert per message would flush once per
/// message.
#[derive(Default)]
struct PageWrite {
    applied: Applied,
    /// Conversation id → its holder, or `None` when this copy does not hold
    /// it (unknown, not readable, or revoked in this page).
    holders: HashMap<i64, Option<Option<i64>>>,
    /// Conversation id → its newest message in this page.
    newest: HashMap<i64, Preview>,
    /// Messages whose text is not in the full-text index yet.
    unindexed: HashSet<i64>,
    /// Their words, for the list of indexed words.
    terms: TermCounts,
}

struct Preview {
    at: (i64, i64),
    text: Option<String>,
    direction: Direction,
    status: DeliveryStatus,
}

impl PageWrite {
    fn holder(&mut self, tx: &rusqlite::Transaction<'_>, id: i64) -> Result<Option<Option<i64>>> {
        if let Some(h) = self.holders.get(&id) {
            return Ok(*h);
        }
        let h: Option<Option<i64>> = tx
            .prepare_cached("SELECT assignee FROM conversations WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        self.holders.insert(id, h);
        Ok(h)
    }

    fn conversation(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        c: &Conversation,
        me: &Me,
    ) -> Result<()> {
        if !may_read(me.role, me.agent_id, c.assignee) {
            return self.revoke(tx, c.id);
        }
        let before = self.holder(tx, c.id)?;
        if before.is_none() {
            self.applied.opened.push(c.id);
            // Readable again before its old messages have left: they go now,
            // and the hub's feed brings them back as they are today.
            let queued = tx
                .prepare_cached("DELETE FROM purge_queue WHERE conversation_id = ?1")?
                .execute([c.id])?;
            if queued > 0 {
                self.index(tx)?;
                while purge_messages(tx, c.id, PURGE_STEP)? == PURGE_STEP {}
            }
        }
        if c.assignee == Some(me.agent_id) && before.flatten() != Some(me.agent_id) {
            self.applied.assigned_to_me.push(c.id);
        }
        tx.prepare_cached(
            "INSERT INTO conversations (id, wa_id, contact_name, assignee, status, unread, last_inbound_at, last_message_at,
                                        marketing_opt_out, labels)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET wa_id = excluded.wa_id, contact_name = excluded.contact_name,
               assignee = excluded.assignee, status = excluded.status, unread = excluded.unread,
               last_inbound_at = excluded.last_inbound_at, last_message_at = excluded.last_message_at,
               marketing_opt_out = excluded.marketing_opt_out, labels = excluded.labels",
        )?
        .execute(params![
            c.id,
            c.wa_id,
            c.contact_name,
            c.assignee,
            status_str(c.status),
            c.unread,
            c.last_inbound_at,
            c.last_message_at,
            c.marketing_opt_out,
            (!c.labels.is_empty())
                .then(|| serde_json::to_string(&c.labels).unwrap_or_default())
        ])?;
        set_conversation_labels(tx, c.id, &c.labels)?;
        self.holders.insert(c.id, Some(c.assignee));
        Ok(())
    }

    fn message(&mut self, tx: &rusqlite::Transaction<'_>, m: &Message, me: &Me) -> Result<()> {
        // The hub sends a conversation before its messages, so an unknown
        // conversation here is one this agent may not read.
        match self.holder(tx, m.conversation_id)? {
            Some(a) if may_read(me.role, me.agent_id, a) => {}
            _ => return Ok(()),
        }
        // Most messages are new: insert first, and read the old text only
        // when the message is already here (one lookup either way).
        let inserted = tx
            .prepare_cached(
                "INSERT INTO messages (id, conversation_id, direction, kind, text, wamid, client_message_id, status, error, timestamp, sent_by,
                                       media_state, media_mime, media_size, details, reply_to, target, edited)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                 ON CONFLICT (id) DO NOTHING",
            )?
            .execute(params![
                m.id,
                m.conversation_id,
                direction_str(m.direction),
                m.kind,
                m.text,
                m.wamid,
                m.client_message_id,
                m.status.as_str(),
                m.error,
                m.timestamp,
                m.sent_by,
                m.media.as_ref().map(|x| x.state.clone()),
                m.media.as_ref().and_then(|x| x.mime_type.clone()),
                m.media.as_ref().and_then(|x| x.size),
                details_json(m)?,
                m.reply_to,
                m.target,
                m.edited,
            ])?
            == 1;
        let old_text: Option<Option<String>> = if inserted {
            None
        } else {
            tx.prepare_cached("SELECT text FROM messages WHERE id = ?1")?
                .query_row([m.id], |r| r.get(0))
                .optional()?
        };
        match &old_text {
            None => {
                if let (Some(Details::Reaction { emoji }), Some(target)) = (&m.details, m.target) {
                    react(tx, target, m.direction, emoji.as_deref())?;
                }
                self.unindexed.insert(m.id);
                if let Some(text) = &m.text {
                    self.terms.add(text);
                }
                if m.direction == Direction::Inbound {
                    self.applied.fresh.push(m.clone());
                } else if m.kind == NOTE && m.sent_by != Some(me.agent_id) {
                    self.applied.notes.push(m.clone());
                }
            }
            Some(old) => {
                // An edited text leaves the index under its old words first
                // (an external-content index is told what it held).
                if *old != m.text && !self.unindexed.contains(&m.id) {
                    tx.prepare_cached(
                        "INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?1, ?2)",
                    )?
                    .execute(params![m.id, old])?;
                    self.unindexed.insert(m.id);
                }
                if *old != m.text {
                    if let Some(text) = old {
                        self.terms.remove(text);
                    }
                    if let Some(text) = &m.text {
                        self.terms.add(text);
                    }
                }
                tx.prepare_cached(
                    "UPDATE messages SET kind = ?2, text = ?3, wamid = ?4, status = ?5, error = ?6, media_state = ?7, media_mime = ?8,
                       media_size = ?9, details = ?10, reply_to = ?11, target = ?12, edited = ?13
                     WHERE id = ?1",
                )?
                .execute(params![
                    m.id,
                    m.kind,
                    m.text,
                    m.wamid,
                    m.status.as_str(),
                    m.error,
                    m.media.as_ref().map(|x| x.state.clone()),
                    m.media.as_ref().and_then(|x| x.mime_type.clone()),
                    m.media.as_ref().and_then(|x| x.size),
                    details_json(m)?,
                    m.reply_to,
                    m.target,
                    m.edited,
                ])?;
            }
        }
        if let Some(cmid) = &m.client_message_id {
            tx.prepare_cached("DELETE FROM outbox WHERE client_message_id = ?1")?
                .execute([cmid])?;
        }
        // The list's preview follows the newest message (or its new state);
        // a note is the team's, not the conversation with the customer.
        let at = (m.timestamp, m.id);
        if m.kind != NOTE
            && self
                .newest
                .get(&m.conversation_id)
                .is_none_or(|p| at >= p.at)
        {
            self.newest.insert(
                m.conversation_id,
                Preview {
                    at,
                    text: m.text.clone(),
                    direction: m.direction,
                    status: m.status,
                },
            );
        }
        Ok(())
    }

    fn revoke(&mut self, tx: &rusqlite::Transaction<'_>, conversation_id: i64) -> Result<()> {
        // Its messages' index entries are removed below, so any of them still
        // waiting for the index go in first.
        self.index(tx)?;
        self.newest.remove(&conversation_id);
        self.holders.insert(conversation_id, None);
        revoke(tx, conversation_id)
    }

    /// Adds the page's new and edited texts to the full-text index at once.
    fn index(&mut self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        write_terms(tx, &mut self.terms)?;
        if self.unindexed.is_empty() {
            return Ok(());
        }
        let mut ids: Vec<i64> = self.unindexed.drain().collect();
        ids.sort_unstable();
        let ids = serde_json::to_string(&ids).map_err(|_| CoreError::Invalid("message ids"))?;
        tx.prepare_cached(
            "INSERT INTO messages_fts (rowid, text)
             SELECT m.id, m.text FROM json_each(?1) j JOIN messages m ON m.id = j.value",
        )?
        .execute([ids])?;
        Ok(())
    }

    fn finish(&mut self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        self.index(tx)?;
        // Never an older message over a newer one applied before.
        let mut stmt = tx.prepare_cached(
            "UPDATE conversations SET preview = ?1, last_direction = ?2, last_status = ?3,
               preview_at = ?4, preview_id = ?5
             WHERE id = ?6 AND (preview_at IS NULL OR (?4, ?5) >= (preview_at, preview_id))",
        )?;
        for (conversation_id, p) in &self.newest {
            stmt.execute(params![
                p.text,
                direction_str(p.direction),
                p.status.as_str(),
                p.at.0,
                p.at.1,
                conversation_id
            ])?;
        }
        Ok(())
    }
}

/// Revokes a conversation: it, its outbox and its draft go at once; its
/// messages are queued to leave in steps ([`Store::purge_step`]).
/// Keeps a conversation's rows of `conversation_labels` as `labels`.
fn set_conversation_labels(
    tx: &rusqlite::Transaction<'_>,
    conversation_id: i64,
    labels: &[i64],
) -> Result<()> {
    tx.prepare_cached("DELETE FROM conversation_labels WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    for label in labels {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id) VALUES (?1, ?2)",
        )?
        .execute([conversation_id, *label])?;
    }
    Ok(())
}

fn revoke(tx: &rusqlite::Transaction<'_>, conversation_id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM conversation_labels WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    tx.prepare_cached("DELETE FROM outbox WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    tx.prepare_cached("DELETE FROM drafts WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    let held = tx
        .prepare_cached("DELETE FROM conversations WHERE id = ?1")?
        .execute([conversation_id])?;
    if held > 0 {
        tx.prepare_cached("INSERT OR IGNORE INTO purge_queue (conversation_id) VALUES (?1)")?
            .execute([conversation_id])?;
    }
    Ok(())
}

/// Removes up to `limit` messages of a conversation with everything kept
/// about them: cached media, index entries, their share of the indexed
/// words. Returns how many went.
fn purge_messages(
    tx: &rusqlite::Transaction<'_>,
    conversation_id: i64,
    limit: usize,
) -> Result<usize> {
    let mut ids = Vec::with_capacity(limit);
    let mut words = TermCounts::default();
    {
        let mut stmt =
            tx.prepare_cached("SELECT id, text FROM messages WHERE conversation_id = ?1 LIMIT ?2")?;
        let mut rows = stmt.query(params![conversation_id, limit as i64])?;
        while let Some(row) = rows.next()? {
            ids.push(row.get::<_, i64>(0)?);
            if let Some(text) = row.get::<_, Option<String>>(1)? {
                words.remove(&text);
            }
        }
    }
    if ids.is_empty() {
        return Ok(0);
    }
    // Its words count for fewer messages; those only it held leave the list.
    write_terms(tx, &mut words)?;
    let ids_json = serde_json::to_string(&ids).map_err(|_| CoreError::Invalid("message ids"))?;
    tx.prepare_cached(
        "DELETE FROM media_cache WHERE message_id IN (SELECT value FROM json_each(?1))",
    )?
    .execute([&ids_json])?;
    // The index is told which texts leave it (one statement for them all).
    tx.prepare_cached(
        "INSERT INTO messages_fts (messages_fts, rowid, text)
         SELECT 'delete', m.id, m.text FROM json_each(?1) j JOIN messages m ON m.id = j.value",
    )?
    .execute([&ids_json])?;
    tx.prepare_cached("DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?1))")?
        .execute([&ids_json])?;
    Ok(ids.len())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if *version == 9 {
            backfill_terms(&tx)?;
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Writes the changes to how many messages hold each word; a word no message
/// holds any more leaves the list.
fn write_terms(tx: &rusqlite::Transaction<'_>, counts: &mut TermCounts) -> Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    // Two statements for the whole page, not two per word.
    let changes: Vec<(String, i64)> = counts.drain().collect();
    let changes = serde_json::to_string(&changes).map_err(|_| CoreError::Invalid("word counts"))?;
    tx.prepare_cached(
        "INSERT INTO search_terms (term, docs)
         SELECT value ->> 0, value ->> 1 FROM json_each(?1) WHERE true
         ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
    )?
    .execute([&changes])?;
    tx.prepare_cached(
        "DELETE FROM search_terms
         WHERE term IN (SELECT value ->> 0 FROM json_each(?1)) AND docs <= 0",
    )?
    .execute([&changes])?;
    Ok(())
}

/// Lists the words of the messages a store held before it kept that list.
fn backfill_terms(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut counts = TermCounts::default();
    {
        let mut stmt = tx.prepare("SELECT text FROM messages WHERE text IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            counts.add(&row.get::<_, String>(0)?);
        }
    }
    write_terms(tx, &mut counts)
}

fn status_str(s: ConversationStatus) -> &'static str {
    match s {
        ConversationStatus::Open => "open",
        ConversationStatus::Resolved => "resolved",
    }
}

fn direction_from(s: &str) -> Direction {
    if s == "inbound" {
        Direction::Inbound
    } else {
        Direction::Outbound
    }
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// Where a matched word starts and ends in a search snippet.
pub const MATCH_START: char = '\u{E000}';
pub const MATCH_END: char = '\u{E001}';

/// A change that touched no row was aimed at nothing.
fn found(changed: usize) -> Result<()> {
    if changed == 0 {
        Err(CoreError::NotFound)
    } else {
        Ok(())
    }
}

/// The columns [`item_from_row`] reads.
const ITEM_COLUMNS: &str =
    "id, direction, kind, text, status, error, timestamp, media_state, media_mime,
     media_size, details, reply_to, reactions, edited,
     direction = 'outbound' AND sent_by IS NULL AND client_message_id IS NULL, sent_by";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ThreadItem> {
    let id: i64 = r.get(0)?;
    let ts: i64 = r.get(6)?;
    let direction: String = r.get(1)?;
    let status: String = r.get(4)?;
    // Written by this store from typed values; unreadable JSON is shown as
    // a message without its details rather than failing the whole page.
    let details = r
        .get::<_, Option<String>>(10)?
        .and_then(|d| serde_json::from_str(&d).ok());
    let reactions = r
        .get::<_, Option<String>>(12)?
        .and_then(|d| serde_json::from_str(&d).ok())
        .unwrap_or_default();
    let reply_to: Option<i64> = r.get(11)?;
    Ok(ThreadItem {
        media_size: r.get(9)?,
        details,
        // Filled in by `with_quotes`.
        quote: None,
        reply_to,
        reactions,
        edited: r.get(13)?,
        from_phone: r.get(14)?,
        sent_by: r.get(15)?,
        key: format!("m{id}"),
        direction: direction_from(&direction),
        kind: r.get(2)?,
        text: r.get(3)?,
        status: DeliveryStatus::parse(&status).unwrap_or(DeliveryStatus::Pending),
        error: r.get(5)?,
        timestamp: ts,
        cursor: Some((ts, id)),
        media_state: r.get(7)?,
        media_mime: r.get(8)?,
    })
}

fn details_json(m: &Message) -> Result<Option<String>> {
    Ok(match &m.details {
        Some(d) => Some(
            serde_json::to_string(d)
                .map_err(|_| CoreError::Invalid("a message's details could not be stored"))?,
        ),
        None => None,
    })
}

/// A new reaction replaces its side's earlier one on `target`; a reaction
/// without an emoji takes that side's back. Applied once, when the reaction
/// first arrives (a later status change of it repeats nothing).
fn react(
    tx: &rusqlite::Transaction<'_>,
    target: i64,
    direction: Direction,
    emoji: Option<&str>,
) -> Result<()> {
    let current: Option<Option<String>> = tx
        .prepare_cached("SELECT reactions FROM messages WHERE id = ?1")?
        .query_row([target], |r| r.get(0))
        .optional()?;
    let Some(current) = current else {
        return Ok(());
    };
    let mut reactions: Vec<Reaction> = current
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    reactions.retain(|r| r.direction != direction);
    if let Some(emoji) = emoji {
        reactions.push(Reaction {
            emoji: emoji.to_owned(),
            direction,
        });
    }
    let json = if reactions.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&reactions)
                .map_err(|_| CoreError::Invalid("a reaction could not be stored"))?,
        )
    };
    tx.prepare_cached("UPDATE messages SET reactions = ?2 WHERE id = ?1")?
        .execute(params![target, json])?;
    Ok(())
}

/// Reads each quoted message of `items` as it is now; a quote of a message
/// this copy does not hold is dropped.
fn with_quotes(conn: &Connection, items: &mut [ThreadItem]) -> Result<()> {
    for item in items.iter_mut() {
        let Some(id) = item.reply_to else {
            continue;
        };
        item.quote = conn
            .prepare_cached("SELECT direction, kind, text FROM messages WHERE id = ?1")?
            .query_row([id], |r| {
                let direction: String = r.get(0)?;
                Ok(Quote {
                    key: format!("m{id}"),
                    direction: direction_from(&direction),
                    kind: r.get(1)?,
                    text: r.get(2)?,
                })
            })
            .optional()?;
    }
    Ok(())
}

fn hit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SearchHit> {
    Ok(SearchHit {
        conversation_id: r.get(0)?,
        contact: r.get(1)?,
        message_id: r.get(2)?,
        snippet: r.get(3)?,
        timestamp: r.get(4)?,
    })
}

const VIEW_COLUMNS: &str = "c.id, c.wa_id, c.contact_name, c.assignee, c.status, c.unread, c.last_inbound_at, c.last_message_at,
     c.preview, c.last_direction, c.last_status, c.marketing_opt_out, c.labels";

fn view_from_row(r: &rusqlite::Row<'_>, me: &Me) -> rusqlite::Result<ConversationView> {
    let conversation = conversation_from_row(r)?;
    let direction: Option<String> = r.get(9)?;
    let status: Option<String> = r.get(10)?;
    Ok(ConversationView {
        actions: switchboard_protocol::Actions::of(me.role, me.agent_id, conversation.assignee),
        conversation,
        preview: r.get(8)?,
        last_direction: direction.map(|d| {
            if d == "inbound" {
                Direction::Inbound
            } else {
                Direction::Outbound
            }
        }),
        last_status: status.as_deref().and_then(DeliveryStatus::parse),
    })
}

fn conversation_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(4)?;
    Ok(Conversation {
        id: r.get(0)?,
        wa_id: r.get(1)?,
        contact_name: r.get(2)?,
        assignee: r.get(3)?,
        status: if status == "resolved" {
            ConversationStatus::Resolved
        } else {
            ConversationStatus::Open
        },
        unread: r.get(5)?,
        last_inbound_at: r.get(6)?,
        last_message_at: r.get(7)?,
        marketing_opt_out: r.get("marketing_opt_out")?,
        // Written by this store from typed values.
        labels: r
            .get::<_, Option<String>>("labels")?
            .and_then(|l| serde_json::from_str(&l).ok())
            .unwrap_or_default(),
    })
}
