//! Contact data for GDPR export and erasure; gauges and the quarantine list.

use super::*;

// ---- contact data (GDPR) ----------------------------------------------------------------

fn ids_of(conn: &dyn Db, sql: &str, key: impl Into<Val>) -> Result<Vec<i64>, StoreError> {
    conn.rows(sql, &[key.into()])?
        .iter()
        .map(|r| r.i64(0))
        .collect()
}

/// Everything held about one customer, decrypted, for an export.
pub fn export_contact(
    conn: &dyn Db,
    keys: &Keyring,
    wa_id: &str,
) -> Result<serde_json::Value, StoreError> {
    let ids = ids_of(
        conn,
        "SELECT id FROM conversations WHERE wa_id = ?1 ORDER BY id",
        wa_id,
    )?;
    if ids.is_empty() {
        return Err(StoreError::NotFound);
    }
    let mut conversations = Vec::new();
    for id in ids {
        let c = conversation(conn, id)?;
        let mids = ids_of(
            conn,
            "SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY timestamp, id",
            id,
        )?;
        let messages = mids
            .into_iter()
            .map(|m| message(conn, keys, m))
            .collect::<Result<Vec<_>, _>>()?;
        conversations.push(serde_json::json!({"conversation": c, "messages": messages}));
    }
    Ok(serde_json::json!({"wa_id": wa_id, "exported_at": now(), "conversations": conversations}))
}

/// Erases a customer: messages, status events, conversations. Desktops purge
/// it through the feed's revocation. Returns the number of messages erased.
pub fn erase_contact(conn: &dyn Db, wa_id: &str) -> Result<usize, StoreError> {
    let ids = ids_of(
        conn,
        "SELECT id FROM conversations WHERE wa_id = ?1 ORDER BY id",
        wa_id,
    )?;
    if ids.is_empty() {
        return Err(StoreError::NotFound);
    }
    let mut erased = 0;
    for id in ids {
        conn.exec(
            "DELETE FROM status_events WHERE wamid IN (SELECT wamid FROM messages WHERE conversation_id = ?1)",
            vals![id],
        )?;
        conn.exec(
            "DELETE FROM media WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)",
            vals![id],
        )?;
        erased += conn.exec("DELETE FROM messages WHERE conversation_id = ?1", vals![id])?;
        conn.exec("DELETE FROM conversations WHERE id = ?1", vals![id])?;
        // Older feed entries would point at nothing; keep only the revocation.
        conn.exec("DELETE FROM changes WHERE conversation_id = ?1", vals![id])?;
        append_change(conn, id, "revoked", None)?;
    }
    Ok(erased)
}

/// Rows in the send queue, and quarantined payloads, for metrics.
pub fn gauges(conn: &dyn Db) -> Result<(i64, i64), StoreError> {
    let queued = conn
        .one(
            "SELECT count(*) FROM messages WHERE send_state IN ('queued', 'in_flight')",
            &[],
        )?
        .i64(0)?;
    let quarantined = conn.one("SELECT count(*) FROM quarantine", &[])?.i64(0)?;
    Ok((queued, quarantined))
}

/// Media downloads waiting or retrying, and those that failed for good.
pub fn media_gauges(conn: &dyn Db) -> Result<(i64, i64), StoreError> {
    let r = conn.one(
        "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'failed') FROM media",
        &[],
    )?;
    Ok((r.i64(0)?, r.i64(1)?))
}

/// Quarantined payloads, for admins (reason and size; the body stays sealed).
pub fn list_quarantine(conn: &dyn Db) -> Result<Vec<serde_json::Value>, StoreError> {
    conn.rows(
        "SELECT id, received_at, reason, octet_length(body) FROM quarantine ORDER BY id DESC LIMIT 100",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(serde_json::json!({
            "id": r.i64(0)?,
            "received_at": r.i64(1)?,
            "reason": r.text(2)?,
            "bytes": r.i64(3)?,
        }))
    })
    .collect()
}
