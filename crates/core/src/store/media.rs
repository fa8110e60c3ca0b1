//! One message's facts and its file: what the desktop needs to act on a
//! single message (resend it, quote it, fetch or save its file), and the
//! cache of files fetched from the hub, encrypted with the rest of the copy
//! and readable offline.

use super::{Store, direction_from};
use crate::error::{CoreError, Result};
use rusqlite::{OptionalExtension, params};
use switchboard_protocol::{DeliveryStatus, Details, Direction};

impl Store {
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
}
