//! Inbound media downloads.

use super::*;

// ---- media ----------------------------------------------------------------------------

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
