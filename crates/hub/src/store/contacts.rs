//! Contact data for GDPR export and erasure; gauges and the quarantine list.

use super::*;

// ---- contact data (GDPR) ----------------------------------------------------------------

/// Everything held about one customer, decrypted, for an export.
pub fn export_contact(
    conn: &Connection,
    keys: &Keyring,
    wa_id: &str,
) -> Result<serde_json::Value, StoreError> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM conversations WHERE wa_id = ?1 ORDER BY id")?;
        stmt.query_map([wa_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    if ids.is_empty() {
        return Err(StoreError::NotFound);
    }
    let mut conversations = Vec::new();
    for id in ids {
        let c = conversation(conn, id)?;
        let mids: Vec<i64> = {
            let mut stmt = conn.prepare(
                "SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY timestamp, id",
            )?;
            stmt.query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
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
pub fn erase_contact(conn: &Connection, wa_id: &str) -> Result<usize, StoreError> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM conversations WHERE wa_id = ?1")?;
        stmt.query_map([wa_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    if ids.is_empty() {
        return Err(StoreError::NotFound);
    }
    let mut erased = 0;
    for id in ids {
        conn.execute(
            "DELETE FROM status_events WHERE wamid IN (SELECT wamid FROM messages WHERE conversation_id = ?1)",
            [id],
        )?;
        conn.execute("DELETE FROM media WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)", [id])?;
        erased += conn.execute("DELETE FROM messages WHERE conversation_id = ?1", [id])?;
        conn.execute("DELETE FROM conversations WHERE id = ?1", [id])?;
        // Older feed entries would point at nothing; keep only the revocation.
        conn.execute("DELETE FROM changes WHERE conversation_id = ?1", [id])?;
        append_change(conn, id, "revoked", None)?;
    }
    Ok(erased)
}

/// Rows in the send queue, and quarantined payloads, for metrics.
pub fn gauges(conn: &Connection) -> Result<(i64, i64), StoreError> {
    let queued: i64 = conn.query_row(
        "SELECT count(*) FROM messages WHERE send_state IN ('queued', 'in_flight')",
        [],
        |r| r.get(0),
    )?;
    let quarantined: i64 = conn.query_row("SELECT count(*) FROM quarantine", [], |r| r.get(0))?;
    Ok((queued, quarantined))
}

/// Media downloads waiting or retrying, and those that failed for good.
pub fn media_gauges(conn: &Connection) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'failed'), 0) FROM media",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Quarantined payloads, for admins (reason and size; the body stays sealed).
pub fn list_quarantine(conn: &Connection) -> Result<Vec<serde_json::Value>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, received_at, reason, length(body) FROM quarantine ORDER BY id DESC LIMIT 100",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(serde_json::json!({
            "id": r.get::<_, i64>(0)?,
            "received_at": r.get::<_, i64>(1)?,
            "reason": r.get::<_, String>(2)?,
            "bytes": r.get::<_, i64>(3)?,
        }))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
