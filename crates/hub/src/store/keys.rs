//! Content-key rotation.

use super::*;

// ---- key rotation -------------------------------------------------------------------------

/// Key ids that rows are sealed under but the keyring lacks.
pub fn missing_keys(conn: &Connection, keys: &Keyring) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT key_id FROM messages WHERE body IS NOT NULL OR raw IS NOT NULL
         UNION SELECT key_id FROM quarantine
         UNION SELECT key_id FROM media WHERE body IS NOT NULL
         UNION SELECT key_id FROM other_events",
    )?;
    let ids = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids.into_iter().filter(|id| !keys.has(*id)).collect())
}

/// Re-encrypts every row not under the current key, in one transaction.
/// Returns how many rows were re-encrypted.
pub fn rotate_content_key(conn: &mut Connection, keys: &Keyring) -> Result<usize, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current = keys.current_id();
    type Sealed = (i64, i64, Option<Vec<u8>>, Option<Vec<u8>>);
    let rows: Vec<Sealed> = {
        let mut stmt =
            tx.prepare("SELECT id, key_id, body, raw FROM messages WHERE key_id <> ?1")?;
        stmt.query_map([current], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?
    };
    let reseal = |key_id: i64, sealed: Option<Vec<u8>>| -> Result<Option<Vec<u8>>, StoreError> {
        match sealed {
            Some(b) => Ok(Some(keys.seal(&keys.open(key_id, &b)?)?.1)),
            None => Ok(None),
        }
    };
    let mut n = 0;
    for (id, key_id, body, raw) in rows {
        tx.execute(
            "UPDATE messages SET body = ?1, raw = ?2, key_id = ?3 WHERE id = ?4",
            params![reseal(key_id, body)?, reseal(key_id, raw)?, current, id],
        )?;
        n += 1;
    }
    // Tables with one sealed column, named here (never from input).
    for (table, id_column) in [
        ("media", "message_id"),
        ("other_events", "id"),
        ("quarantine", "id"),
    ] {
        let rows: Vec<(i64, i64, Vec<u8>)> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {id_column}, key_id, body FROM {table} WHERE key_id <> ?1 AND body IS NOT NULL"
            ))?;
            stmt.query_map([current], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        for (id, key_id, body) in rows {
            let sealed = reseal(key_id, Some(body))?;
            tx.execute(
                &format!("UPDATE {table} SET body = ?1, key_id = ?2 WHERE {id_column} = ?3"),
                params![sealed, current, id],
            )?;
            n += 1;
        }
    }
    tx.commit()?;
    Ok(n)
}
