//! Inbound media downloads.
//!
//! Media downloads with several hubs: each inbound file is fetched from
//! WhatsApp by one hub at a time. A hub takes due downloads with a lease
//! (`FOR UPDATE SKIP LOCKED` and the lease in one statement:
//! [`due_media`]). Fetching is only reading from Meta, so
//! when a hub stops mid-download nothing is lost or doubled: once its lease
//! runs out the download is simply due again, for whichever hub takes it
//! next.

use super::*;

/// How long a hub holds a download it took (seconds): longer than fetching
/// the largest file WhatsApp allows takes.
pub const LEASE_SECS: i64 = 300;

// ---- media ----------------------------------------------------------------------------

/// Downloads whose time has come, oldest first. On PostgreSQL they are
/// leased to hub `owner` in the same statement (`FOR UPDATE SKIP LOCKED`),
/// so two hubs never fetch the same file at once; a lease that ran out (its
/// hub stopped mid-download) makes the download due again, for any hub.
pub fn due_media(
    conn: &dyn Db,
    now: i64,
    limit: i64,
    owner: &str,
) -> Result<Vec<DueMedia>, StoreError> {
    let rows = match conn.dialect() {
        Dialect::Sqlite => conn.rows(
            "SELECT message_id, media_id, sha256, attempts FROM media
             WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2",
            vals![now, limit],
        )?,
        Dialect::Postgres => conn.rows(
            "UPDATE media SET lease_owner = ?3, lease_until = ?1 + ?4
             WHERE message_id IN (
               SELECT message_id FROM media
               WHERE state = 'pending' AND next_attempt_at <= ?1
                 AND (lease_until IS NULL OR lease_until <= ?1)
               ORDER BY next_attempt_at, message_id LIMIT ?2
               FOR UPDATE SKIP LOCKED)
             RETURNING message_id, media_id, sha256, attempts",
            vals![now, limit, owner, LEASE_SECS],
        )?,
    };
    rows.iter()
        .map(|r| {
            Ok(DueMedia {
                message_id: r.i64(0)?,
                media_id: r.text(1)?,
                sha256: r.opt_text(2)?,
                attempts: r.i64(3)?,
            })
        })
        .collect()
}

pub fn next_media_due(conn: &dyn Db) -> Result<Option<i64>, StoreError> {
    conn.one(
        "SELECT MIN(next_attempt_at) FROM media WHERE state = 'pending'",
        &[],
    )?
    .opt_i64(0)
}

/// Records a download's outcome. Returns whether an agent sees a change
/// (a feed entry is added only then: a retry that fails the same way again
/// changes nothing on screen).
pub fn record_media(
    conn: &dyn Db,
    keys: &Keyring,
    message_id: i64,
    outcome: MediaOutcome,
) -> Result<bool, StoreError> {
    let r = conn.one(
        "SELECT m.conversation_id, media.error FROM messages m JOIN media ON media.message_id = m.id WHERE m.id = ?1",
        vals![message_id],
    )?;
    let (conversation_id, error_before) = (r.i64(0)?, r.opt_text(1)?);
    let seen = match outcome {
        MediaOutcome::Ready { mime_type, bytes } => {
            // Sealed a chunk at a time, so it is served a chunk at a time.
            conn.exec(
                "DELETE FROM media_chunks WHERE message_id = ?1",
                vals![message_id],
            )?;
            let mut chunks = 0i64;
            for chunk in bytes.chunks(CHUNK_BYTES) {
                let (key_id, sealed) = keys.seal(chunk)?;
                conn.exec(
                    "INSERT INTO media_chunks (message_id, seq, body, key_id) VALUES (?1, ?2, ?3, ?4)",
                    vals![message_id, chunks, sealed, key_id],
                )?;
                chunks += 1;
            }
            conn.exec(
                "UPDATE media SET state = 'ready', mime_type = COALESCE(NULLIF(?1, ''), mime_type), size = ?2,
                   body = NULL, key_id = NULL, chunks = ?3, error = NULL, attempts = attempts + 1 WHERE message_id = ?4",
                vals![mime_type, bytes.len() as i64, chunks, message_id],
            )?;
            true
        }
        MediaOutcome::Retry { at, error } => {
            let seen = error_before.as_deref() != Some(error.as_str());
            conn.exec(
                "UPDATE media SET attempts = attempts + 1, next_attempt_at = ?1, error = ?2, lease_until = NULL
                 WHERE message_id = ?3",
                vals![at, error, message_id],
            )?;
            seen
        }
        MediaOutcome::Failed { error } => {
            conn.exec(
                "UPDATE media SET state = 'failed', attempts = attempts + 1, error = ?1 WHERE message_id = ?2",
                vals![error, message_id],
            )?;
            true
        }
    };
    if seen {
        append_change(conn, conversation_id, "message", Some(message_id))?;
    }
    Ok(seen)
}

/// A message's ready media: the bytes of a download, or where an upload's
/// chunks are (read one at a time with [`upload_chunk`]).
pub fn media_source(
    conn: &dyn Db,
    keys: &Keyring,
    message_id: i64,
) -> Result<MediaSource, StoreError> {
    let r = conn.one(
        "SELECT media.mime_type, media.body, media.key_id, u.id, u.chunks, u.size, media.chunks, media.size
         FROM media LEFT JOIN uploads u ON u.message_id = media.message_id
         WHERE media.message_id = ?1 AND media.state = 'ready'",
        vals![message_id],
    )?;
    let mime_type = r
        .opt_text(0)?
        .unwrap_or_else(|| "application/octet-stream".into());
    if let Some(upload_id) = r.opt_i64(3)? {
        return Ok(MediaSource::Upload {
            mime_type,
            upload_id,
            chunks: r.i64(4)?,
            size: r.i64(5)?,
        });
    }
    if let Some(chunks) = r.opt_i64(6)? {
        return Ok(MediaSource::Chunked {
            mime_type,
            chunks,
            size: r.opt_i64(7)?.unwrap_or(0),
        });
    }
    let (Some(body), Some(key_id)) = (r.opt_blob(1)?, r.opt_i64(2)?) else {
        return Err(StoreError::NotFound);
    };
    Ok(MediaSource::Whole {
        mime_type,
        bytes: keys.open(key_id, &body)?,
    })
}

/// Chunk `seq` of a customer's media, opened.
pub fn media_chunk(
    conn: &dyn Db,
    keys: &Keyring,
    message_id: i64,
    seq: i64,
) -> Result<Vec<u8>, StoreError> {
    let r = conn.one(
        "SELECT body, key_id FROM media_chunks WHERE message_id = ?1 AND seq = ?2",
        vals![message_id, seq],
    )?;
    Ok(keys.open(r.i64(1)?, &r.blob(0)?)?)
}
