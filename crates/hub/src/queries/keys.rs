//! Content-key rotation.

use super::*;

// ---- key rotation -------------------------------------------------------------------------

/// Key ids that rows are sealed under but the keyring lacks.
pub fn missing_keys(conn: &dyn Db, keys: &Keyring) -> Result<Vec<i64>, StoreError> {
    let rows = conn.rows(
        "SELECT key_id FROM messages WHERE body IS NOT NULL OR raw IS NOT NULL
         UNION SELECT key_id FROM quarantine
         UNION SELECT key_id FROM media WHERE body IS NOT NULL
         UNION SELECT key_id FROM other_events
         UNION SELECT key_id FROM uploads
         UNION SELECT key_id FROM upload_chunks
         UNION SELECT key_id FROM media_chunks",
        &[],
    )?;
    let mut ids = Vec::new();
    for r in rows {
        let id = r.i64(0)?;
        if !keys.has(id) {
            ids.push(id);
        }
    }
    ids.sort_unstable();
    Ok(ids)
}

/// Loaded key ids that do not open a row sealed under them: one message
/// body per key id is tried (a wrong key under the right id, say a key
/// copied wrong to a second hub, is found here and nowhere else).
pub fn wrong_keys(conn: &dyn Db, keys: &Keyring) -> Result<Vec<i64>, StoreError> {
    let mut wrong = Vec::new();
    for r in conn.rows(
        "SELECT DISTINCT key_id FROM messages WHERE body IS NOT NULL",
        &[],
    )? {
        let id = r.i64(0)?;
        if !keys.has(id) {
            continue;
        }
        let sample = conn.rows(
            "SELECT body FROM messages WHERE body IS NOT NULL AND key_id = ?1 LIMIT 1",
            vals![id],
        )?;
        if let Some(body) = sample.first().map(|r| r.opt_blob(0)).transpose()?.flatten()
            && keys.open(id, &body).is_err()
        {
            wrong.push(id);
        }
    }
    wrong.sort_unstable();
    Ok(wrong)
}

/// Re-encrypts every row not under the current key, inside the caller's
/// transaction. Returns how many rows were re-encrypted.
pub fn rotate_content_key(tx: &dyn Db, keys: &Keyring) -> Result<usize, StoreError> {
    let current = keys.current_id();
    let reseal = |key_id: i64, sealed: Option<Vec<u8>>| -> Result<Option<Vec<u8>>, StoreError> {
        match sealed {
            Some(b) => Ok(Some(keys.seal(&keys.open(key_id, &b)?)?.1)),
            None => Ok(None),
        }
    };
    let mut n = 0;
    for r in tx.rows(
        "SELECT id, key_id, body, raw FROM messages WHERE key_id <> ?1 ORDER BY id",
        vals![current],
    )? {
        let (id, key_id) = (r.i64(0)?, r.i64(1)?);
        tx.exec(
            "UPDATE messages SET body = ?1, raw = ?2, key_id = ?3 WHERE id = ?4",
            vals![
                reseal(key_id, r.opt_blob(2)?)?,
                reseal(key_id, r.opt_blob(3)?)?,
                current,
                id
            ],
        )?;
        n += 1;
    }
    // Tables with one sealed column, named here (never from input).
    for (table, id_column) in [
        ("media", "message_id"),
        ("other_events", "id"),
        ("quarantine", "id"),
        ("uploads", "id"),
        ("upload_chunks", "id"),
        ("media_chunks", "id"),
    ] {
        for r in tx.rows(
            &format!(
                "SELECT {id_column}, key_id, body FROM {table} WHERE key_id <> ?1 AND body IS NOT NULL ORDER BY {id_column}"
            ),
            vals![current],
        )? {
            let sealed = reseal(r.i64(1)?, Some(r.blob(2)?))?;
            tx.exec(
                &format!("UPDATE {table} SET body = ?1, key_id = ?2 WHERE {id_column} = ?3"),
                vals![sealed, current, r.i64(0)?],
            )?;
            n += 1;
        }
    }
    Ok(n)
}
