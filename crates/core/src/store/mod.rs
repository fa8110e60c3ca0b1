//! The desktop's local store: an SQLCipher database keyed with a raw 256-bit
//! key (no slow key derivation at open), WAL mode, versioned migrations.
//!
//! Each pulled page of changes and the new cursor commit in one transaction,
//! so a crash mid-sync never skips or half-applies a page.
//!
//! This file holds the [`Store`] type, opening and migrating it, and what
//! every area shares. Each area has its own file with its own `impl Store`:
//! `cursor.rs` (where sync stands), `apply.rs` (pages of changes),
//! `purge.rs` (what leaves the copy), `views.rs` (the conversation lists),
//! `thread.rs` (a conversation's messages), `search.rs` (full-text search),
//! `media.rs` (one message and its file), `outbox.rs` (replies waiting for
//! the hub), `drafts.rs`, `settings.rs` and `lists.rs` (the lists the hub
//! owns, kept for offline use).

mod apply;
mod cursor;
mod drafts;
mod lists;
mod media;
mod outbox;
mod purge;
mod search;
mod settings;
mod thread;
mod views;

pub use apply::{Applied, PROGRESS_EVERY};
pub use outbox::{OUTBOX_CHUNK_BYTES, OutboxEntry, QueuedAction, QueuedFile};
pub use purge::PURGE_STEP;
pub use search::{MATCH_END, MATCH_START, RANK_WINDOW, SearchHit};
pub use thread::{Quote, Reaction, ThreadItem, ThreadPage, ThreadWindow};
pub use views::{ConversationPage, ConversationView, ListCursor, View, ViewCount, ViewCounts};

use crate::error::{CoreError, Result};
use rusqlite::{Connection, OpenFlags};
use search::backfill_terms;
use std::path::Path;
use std::sync::Mutex;
use switchboard_protocol::{ConversationStatus, Direction};
use zeroize::Zeroizing;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (2, include_str!("../../migrations/0002_outbox_template.sql")),
    (3, include_str!("../../migrations/0003_search.sql")),
    (4, include_str!("../../migrations/0004_media.sql")),
    (5, include_str!("../../migrations/0005_views.sql")),
    (6, include_str!("../../migrations/0006_drafts.sql")),
    (7, include_str!("../../migrations/0007_outbox_sending.sql")),
    (8, include_str!("../../migrations/0008_index_per_page.sql")),
    (9, include_str!("../../migrations/0009_search_terms.sql")),
    (10, include_str!("../../migrations/0010_message_kinds.sql")),
    (11, include_str!("../../migrations/0011_purge_queue.sql")),
    (12, include_str!("../../migrations/0012_notes.sql")),
    (13, include_str!("../../migrations/0013_canned_replies.sql")),
    (14, include_str!("../../migrations/0014_outbox_reply.sql")),
    (
        15,
        include_str!("../../migrations/0015_marketing_opt_out.sql"),
    ),
    (16, include_str!("../../migrations/0016_labels.sql")),
    (
        17,
        include_str!("../../migrations/0017_outbox_attachments.sql"),
    ),
    (18, include_str!("../../migrations/0018_settings.sql")),
    (
        19,
        include_str!("../../migrations/0019_view_counts_per_page.sql"),
    ),
    (20, include_str!("../../migrations/0020_teams.sql")),
    (
        21,
        include_str!("../../migrations/0021_hours_and_snooze.sql"),
    ),
    (22, include_str!("../../migrations/0022_sla.sql")),
    (
        23,
        include_str!("../../migrations/0023_macros_and_due_index.sql"),
    ),
    (24, include_str!("../../migrations/0024_csat.sql")),
    (25, include_str!("../../migrations/0025_outbox_choices.sql")),
    (26, include_str!("../../migrations/0026_action_queue.sql")),
    (27, include_str!("../../migrations/0027_text_settings.sql")),
    (
        28,
        include_str!("../../migrations/0028_outbox_error_code.sql"),
    ),
    (29, include_str!("../../migrations/0029_csat_answers.sql")),
];

/// The kind of a private note (kept by the hub, never sent to WhatsApp).
pub const NOTE: &str = "note";

/// The local store: one writer connection (sync, outbox, media cache) and one
/// read-only connection for the UI. In WAL mode a read never waits for a
/// write transaction, so the window stays responsive while a large page of
/// changes is applied.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    /// The first pages the UI read last, read again after each commit
    /// (see [`Store::warm`]).
    last_reads: Mutex<LastReads>,
    /// To start the file afresh at sign-out (see [`Store::purge_all`]).
    path: std::path::PathBuf,
    /// `None` only for the benchmark's plain-SQLite comparison.
    key: Option<Zeroizing<[u8; 32]>>,
}

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

/// Unix seconds now, as the store counts time.
pub fn unix_now() -> i64 {
    now()
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
            last_reads: Mutex::default(),
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

    /// Folds the write-ahead log into the file and truncates it to nothing,
    /// after a catch-up: the log grows to what the catch-up wrote (hundreds
    /// of megabytes for a large history) and SQLite keeps its file at that
    /// size while the store is open, so a desk's disk use would be twice
    /// its store. Waits for a read in progress (they are short). Returns the
    /// log's size before, in bytes.
    pub fn truncate_log(&self) -> Result<u64> {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        let writer = self.lock();
        writer.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(before)
    }

    /// Reads again the first pages the UI read last (its list, its open
    /// thread), after a commit and before the sync engine tells the UI.
    ///
    /// A commit empties the read connection's page cache (SQLite drops it
    /// when another connection has changed the file), so the UI's first
    /// read after every sync event would read and decrypt again each page
    /// it needs: 1.4–2 ms for the first page of a large desk's list,
    /// against 0.08 ms warm (BENCHMARKS.md). Read here, on the sync's time,
    /// those pages are in the cache again when the UI asks. A failure costs
    /// only that.
    fn warm(&self) {
        let reads = self
            .last_reads
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default();
        if let Some((me, view, limit)) = reads.list {
            let _ = self.conversation_page(&me, view, None, limit);
        }
        if let Some((conversation_id, limit)) = reads.thread {
            let _ = self.thread(conversation_id, None, limit);
        }
    }

    /// Remembers a first page read, for [`Store::warm`].
    fn remember(&self, read: impl FnOnce(&mut LastReads)) {
        if let Ok(mut reads) = self.last_reads.lock() {
            read(&mut reads);
        }
    }

    /// The writer connection (one writer at a time).
    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The read-only connection: never waits for the writer.
    fn read(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The first pages last read: a list (who, which view, how many rows) and a
/// thread (which conversation, how many messages).
#[derive(Clone, Default)]
struct LastReads {
    list: Option<(switchboard_protocol::Me, View, i64)>,
    thread: Option<(i64, i64)>,
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

fn status_from(s: &str) -> ConversationStatus {
    if s == "resolved" {
        ConversationStatus::Resolved
    } else {
        ConversationStatus::Open
    }
}

fn direction_from(s: &str) -> Direction {
    if s == "inbound" {
        Direction::Inbound
    } else {
        Direction::Outbound
    }
}
