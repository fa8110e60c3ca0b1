//! The hub's embedded SQLite store. One file, WAL, `synchronous=FULL`: a
//! webhook is answered 200 only after its transaction is on disk.
//!
//! All access goes through [`Store::call`], which runs the closure on a
//! blocking thread with the connection locked, so async handlers never block
//! the runtime.

use crate::crypto::Keyring;
use crate::sql::{Db, Dialect, Order, Row, Val};
use crate::vals;
use crate::writer::Writer;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, Mutex};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Message, Role,
};
use switchboard_whatsapp::webhook::{InboundMessage, Source, StatusUpdate};

pub mod admin;
mod agents;
mod assign;
mod canned;
mod contacts;
mod conversations;
mod feed;
mod ingest;
mod keys;
mod labels;
mod media;
mod outbound;
mod reports;
mod uploads;

pub use agents::*;
pub use assign::*;
pub use canned::*;
pub use contacts::*;
pub use conversations::*;
pub use feed::*;
pub use ingest::*;
pub use keys::*;
pub use labels::*;
pub use media::*;
pub use outbound::*;
pub use reports::*;
pub use uploads::*;

pub use crate::repo::StoreError;
pub use crate::repo::types::*;

/// SQLite's errors cross the seam as text (for the log; clients get a
/// generic answer).
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (2, include_str!("../../migrations/0002_send_queue.sql")),
    (3, include_str!("../../migrations/0003_audit.sql")),
    (4, include_str!("../../migrations/0004_tokens.sql")),
    (5, include_str!("../../migrations/0005_media.sql")),
    (6, include_str!("../../migrations/0006_other_events.sql")),
    (7, include_str!("../../migrations/0007_hardening.sql")),
    (8, include_str!("../../migrations/0008_edited.sql")),
    (9, include_str!("../../migrations/0009_leases.sql")),
    (
        10,
        include_str!("../../migrations/0010_other_events_contact.sql"),
    ),
    (11, include_str!("../../migrations/0011_canned_replies.sql")),
    (12, include_str!("../../migrations/0012_availability.sql")),
    (
        13,
        include_str!("../../migrations/0013_marketing_preferences.sql"),
    ),
    (14, include_str!("../../migrations/0014_labels.sql")),
    (15, include_str!("../../migrations/0015_uploads.sql")),
    (16, include_str!("../../migrations/0016_media_chunks.sql")),
    (
        17,
        include_str!("../../migrations/0017_quarantine_once.sql"),
    ),
];

/// The latest time a request may carry: the last second of the year 9999.
/// Every time from outside is checked against it before any arithmetic.
pub const MAX_TIMESTAMP: i64 = 253_402_300_799;

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
    // Deleted rows are overwritten, not left readable in free pages: erasing
    // a contact must leave nothing of it in the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
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

/// Folds the write-ahead log into the store file and empties it, so pages
/// that held erased data are gone from both. Retried while readers hold old
/// snapshots; returns whether it completed.
pub fn checkpoint_truncate(conn: &Connection) -> Result<bool, StoreError> {
    for _ in 0..50 {
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy == 0 {
            return Ok(true);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Ok(false)
}

/// A cloneable handle on the store.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    keys: Arc<Keyring>,
    writer: Option<Writer>,
}

/// An agent's name: 1 to 80 characters, none of them control or invisible
/// formatting characters (names are printed in terminals and shown in the app).
pub fn valid_agent_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > 80 {
        return Err(StoreError::Invalid(
            "invalid_name",
            "a name is 1 to 80 characters",
        ));
    }
    if name
        .chars()
        .any(|c| c.is_control() || switchboard_protocol::is_invisible(c))
    {
        return Err(StoreError::Invalid(
            "invalid_name",
            "a name may not contain control or invisible characters",
        ));
    }
    Ok(name)
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
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
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
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

/// The embedded store as a [`crate::repo::Backend`]: writes are jobs of the
/// group-commit writer, reads run on the reading connection.
#[async_trait::async_trait]
impl crate::repo::Backend for Store {
    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        Store::write(self, f).await
    }

    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        self.call(move |conn, keys| f(&*conn, keys)).await
    }

    fn owner(&self) -> String {
        // One hub per embedded store: every lease is its own.
        "hub".into()
    }

    fn shared(&self) -> bool {
        false
    }

    async fn after_erase(&self) -> Result<(), StoreError> {
        // secure_delete zeroed the freed pages; the log still holds the old
        // ones until it is checkpointed and emptied.
        if !self.call(|conn, _| checkpoint_truncate(conn)).await? {
            tracing::warn!("erased data may stay in the write-ahead log until the next checkpoint");
        }
        Ok(())
    }

    async fn writable(&self) -> Result<(), StoreError> {
        Store::write(self, |db, _| {
            db.exec("CREATE TEMP TABLE IF NOT EXISTS readyz (x)", &[])?;
            db.exec("DELETE FROM readyz", &[])?;
            Ok(())
        })
        .await
    }
}
