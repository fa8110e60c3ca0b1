//! The hub's embedded SQLite store, the default backend. One file, WAL,
//! `synchronous=FULL`: a webhook is answered 200 only after its transaction
//! is on disk. Writes are jobs of the group-commit writer
//! (`backend/writer.rs`); reads run on a second connection through
//! [`Store::call`], on a blocking thread with the connection locked, so
//! async handlers never block the runtime. What only this backend does sits
//! beside it: its driver (`db.rs`), its migrations (`migrations/`) and
//! backups (`backup.rs`).

use crate::backend::writer::Writer;
use crate::crypto::Keyring;
use crate::db::{Db, StoreError};
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};

pub mod backup;
mod db;

/// The store's file name in the hub's data folder.
pub const FILE: &str = "hub.sqlite3";

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_send_queue.sql")),
    (3, include_str!("migrations/0003_audit.sql")),
    (4, include_str!("migrations/0004_tokens.sql")),
    (5, include_str!("migrations/0005_media.sql")),
    (6, include_str!("migrations/0006_other_events.sql")),
    (7, include_str!("migrations/0007_hardening.sql")),
    (8, include_str!("migrations/0008_edited.sql")),
    (9, include_str!("migrations/0009_leases.sql")),
    (10, include_str!("migrations/0010_other_events_contact.sql")),
    (11, include_str!("migrations/0011_canned_replies.sql")),
    (12, include_str!("migrations/0012_availability.sql")),
    (
        13,
        include_str!("migrations/0013_marketing_preferences.sql"),
    ),
    (14, include_str!("migrations/0014_labels.sql")),
    (15, include_str!("migrations/0015_uploads.sql")),
    (16, include_str!("migrations/0016_media_chunks.sql")),
    (17, include_str!("migrations/0017_quarantine_once.sql")),
    (18, include_str!("migrations/0018_generations.sql")),
    (19, include_str!("migrations/0019_teams.sql")),
    (20, include_str!("migrations/0020_hours_and_snooze.sql")),
    (21, include_str!("migrations/0021_sla.sql")),
    (22, include_str!("migrations/0022_macros.sql")),
    (23, include_str!("migrations/0023_csat.sql")),
    (24, include_str!("migrations/0024_csat_answers.sql")),
];

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

/// The schema version of the store file at `path`, read without writing
/// (no migration runs), and the version this build writes.
pub fn schema_version(path: &Path) -> Result<(i64, i64), StoreError> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((found, latest_version()))
}

fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |(v, _)| *v)
}

/// Applies each pending migration in its own transaction, recording its version.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    super::refuse_newer(current, latest_version())?;
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
