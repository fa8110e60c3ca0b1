//! Files agents attach: kept in sealed chunks until the message that names
//! them is sent (and after, for the thread), read back one chunk at a time.

use super::*;

/// The size of one stored chunk: what the hub holds of a file at once.
pub const CHUNK_BYTES: usize = 1024 * 1024;

impl UploadRow {
    pub fn complete(&self) -> bool {
        !self.sha256.is_empty()
    }

    pub fn summary(&self) -> switchboard_protocol::Upload {
        switchboard_protocol::Upload {
            id: self.id,
            kind: self.kind.clone(),
            mime_type: self.mime_type.clone(),
            size: self.size,
            filename: self.filename.clone(),
        }
    }
}

/// Starts an upload (not usable until [`finish_upload`]).
pub fn begin_upload(conn: &dyn Db, keys: &Keyring, u: &NewUpload) -> Result<i64, StoreError> {
    let (key_id, name) = keys.seal(u.filename.as_bytes())?;
    conn.one(
        "INSERT INTO uploads (conversation_id, agent_id, kind, mime_type, size, sha256, chunks, created_at, body, key_id)
         VALUES (?1, ?2, ?3, ?4, 0, '', 0, ?5, ?6, ?7) RETURNING id",
        vals![u.conversation_id, u.agent_id, &u.kind, &u.mime_type, now(), name, key_id],
    )?
    .i64(0)
}

/// Stores chunk `seq` of upload `id`, sealed.
pub fn put_chunk(
    conn: &dyn Db,
    keys: &Keyring,
    id: i64,
    seq: i64,
    bytes: &[u8],
) -> Result<(), StoreError> {
    let (key_id, sealed) = keys.seal(bytes)?;
    conn.exec(
        "INSERT INTO upload_chunks (upload_id, seq, body, key_id) VALUES (?1, ?2, ?3, ?4)",
        vals![id, seq, sealed, key_id],
    )?;
    Ok(())
}

/// Marks an upload whole: its size, digest and chunk count, checked
/// against the chunks stored.
pub fn finish_upload(
    conn: &dyn Db,
    id: i64,
    size: i64,
    sha256: &str,
    chunks: i64,
) -> Result<(), StoreError> {
    let stored = conn
        .one(
            "SELECT count(*) FROM upload_chunks WHERE upload_id = ?1",
            vals![id],
        )?
        .i64(0)?;
    if stored != chunks {
        return Err(StoreError::Conflict("the upload's chunks are incomplete"));
    }
    conn.exec(
        "UPDATE uploads SET size = ?1, sha256 = ?2, chunks = ?3 WHERE id = ?4 AND message_id IS NULL",
        vals![size, sha256, chunks, id],
    )?;
    Ok(())
}

/// Removes an upload and its chunks (a failed or abandoned one).
pub fn drop_upload(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    conn.exec("DELETE FROM upload_chunks WHERE upload_id = ?1", vals![id])?;
    conn.exec("DELETE FROM uploads WHERE id = ?1", vals![id])?;
    Ok(())
}

pub fn upload(conn: &dyn Db, keys: &Keyring, id: i64) -> Result<UploadRow, StoreError> {
    let r = conn.one(
        "SELECT id, conversation_id, agent_id, kind, mime_type, size, sha256, chunks, message_id,
                graph_media_id, body, key_id
         FROM uploads WHERE id = ?1",
        vals![id],
    )?;
    let filename = String::from_utf8_lossy(&keys.open(r.i64(11)?, &r.blob(10)?)?).into_owned();
    Ok(UploadRow {
        id: r.i64(0)?,
        conversation_id: r.i64(1)?,
        agent_id: r.i64(2)?,
        kind: r.text(3)?,
        mime_type: r.text(4)?,
        size: r.i64(5)?,
        sha256: r.text(6)?,
        chunks: r.i64(7)?,
        message_id: r.opt_i64(8)?,
        graph_media_id: r.opt_text(9)?,
        filename,
    })
}

/// Chunk `seq` of an upload, opened.
pub fn upload_chunk(
    conn: &dyn Db,
    keys: &Keyring,
    id: i64,
    seq: i64,
) -> Result<Vec<u8>, StoreError> {
    let r = conn.one(
        "SELECT body, key_id FROM upload_chunks WHERE upload_id = ?1 AND seq = ?2",
        vals![id, seq],
    )?;
    Ok(keys.open(r.i64(1)?, &r.blob(0)?)?)
}

/// Keeps Meta's id for an uploaded file, so a retried send reuses it.
pub fn set_graph_media_id(conn: &dyn Db, id: i64, media_id: &str) -> Result<(), StoreError> {
    conn.exec(
        "UPDATE uploads SET graph_media_id = ?1 WHERE id = ?2",
        vals![media_id, id],
    )?;
    Ok(())
}

/// The upload a message sends, if it sends one.
pub fn upload_of_message(conn: &dyn Db, message_id: i64) -> Result<Option<i64>, StoreError> {
    conn.row(
        "SELECT id FROM uploads WHERE message_id = ?1",
        vals![message_id],
    )?
    .map(|r| r.i64(0))
    .transpose()
}

/// Bytes of files `agent_id` uploaded that no message has taken yet (the
/// per-agent quota counts them).
pub fn unsent_upload_bytes(conn: &dyn Db, agent_id: i64) -> Result<i64, StoreError> {
    conn.one(
        "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE agent_id = ?1 AND message_id IS NULL",
        vals![agent_id],
    )?
    .i64(0)
}

/// Deletes uploads no message took before `before` (unix seconds): files
/// attached and then abandoned, or left half-received. Returns how many.
pub fn sweep_uploads(conn: &dyn Db, before: i64) -> Result<usize, StoreError> {
    conn.exec(
        "DELETE FROM upload_chunks WHERE upload_id IN
           (SELECT id FROM uploads WHERE message_id IS NULL AND created_at < ?1)",
        vals![before],
    )?;
    conn.exec(
        "DELETE FROM uploads WHERE message_id IS NULL AND created_at < ?1",
        vals![before],
    )
}

/// Makes upload `upload_id` the file message `message_id` sends: it must be
/// whole, of the message's conversation, sent by no other message.
pub(crate) fn attach_upload(
    conn: &dyn Db,
    keys: &Keyring,
    upload_id: i64,
    message_id: i64,
    conversation_id: i64,
) -> Result<UploadRow, StoreError> {
    let row = upload(conn, keys, upload_id)?;
    if row.conversation_id != conversation_id || !row.complete() {
        return Err(StoreError::NotFound);
    }
    let taken = conn.exec(
        "UPDATE uploads SET message_id = ?1 WHERE id = ?2 AND message_id IS NULL",
        vals![message_id, upload_id],
    )?;
    if taken == 0 {
        return Err(StoreError::Invalid(
            "attachment_used",
            "that attachment was already sent: upload the file again",
        ));
    }
    // The thread shows the file as it shows a customer's: ready at once.
    conn.exec(
        "INSERT INTO media (message_id, media_id, mime_type, sha256, state, next_attempt_at, size)
         VALUES (?1, ?2, ?3, ?4, 'ready', ?5, ?6)",
        vals![
            message_id,
            format!("upload:{upload_id}"),
            &row.mime_type,
            &row.sha256,
            now(),
            row.size
        ],
    )?;
    Ok(row)
}
