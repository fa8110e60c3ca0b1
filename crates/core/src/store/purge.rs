//! What leaves the local copy: a revoked conversation at once, its messages
//! (with their media, index entries and words) in short steps so the window
//! never waits on one long write; and everything at sign-out.

use super::Store;
use super::search::write_terms;
use crate::error::{CoreError, Result};
use crate::terms::TermCounts;
use rusqlite::{Connection, OptionalExtension, params};

/// How many messages of a revoked conversation leave per purge step (one
/// short write transaction each).
pub const PURGE_STEP: usize = 1_000;

impl Store {
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
        drop(conn);
        self.warm();
        Ok(more)
    }

    /// Runs purge steps until no revoked conversation has messages left.
    pub fn purge_pending(&self) -> Result<()> {
        while self.purge_step()? {}
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
}

/// Revokes a conversation: it, its outbox and its draft go at once; its
/// messages are queued to leave in steps ([`Store::purge_step`]) when this
/// copy held it (`held`: stored, or readable earlier in the page applied).
pub(super) fn revoke(
    tx: &rusqlite::Transaction<'_>,
    conversation_id: i64,
    held: bool,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM conversation_labels WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    tx.prepare_cached("DELETE FROM outbox WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    tx.prepare_cached("DELETE FROM drafts WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    tx.prepare_cached("DELETE FROM conversations WHERE id = ?1")?
        .execute([conversation_id])?;
    if held {
        tx.prepare_cached("INSERT OR IGNORE INTO purge_queue (conversation_id) VALUES (?1)")?
            .execute([conversation_id])?;
    }
    Ok(())
}

/// Removes up to `limit` messages of a conversation with everything kept
/// about them: cached media, index entries, their share of the indexed
/// words. Returns how many went.
pub(super) fn purge_messages(
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
