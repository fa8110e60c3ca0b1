//! What is being written in each conversation, kept across restarts until
//! it is sent or emptied (a revoked conversation's draft goes with it).

use super::{Store, now};
use crate::error::Result;
use rusqlite::{OptionalExtension, params};

impl Store {
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
}
