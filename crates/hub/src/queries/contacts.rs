//! Contact data for GDPR export and erasure; gauges and the quarantine list.

use super::*;

// ---- contact data (GDPR) ----------------------------------------------------------------

fn ids_of(conn: &dyn Db, sql: &str, key: impl Into<Val>) -> Result<Vec<i64>, StoreError> {
    conn.rows(sql, &[key.into()])?
        .iter()
        .map(|r| r.i64(0))
        .collect()
}

/// Whether `text` names the customer `wa_id`: the id itself, not as part
/// of a longer number or id.
fn names(text: &[u8], wa_id: &str) -> bool {
    let id = wa_id.as_bytes();
    if id.is_empty() || text.len() < id.len() {
        return false;
    }
    let part_of_id = |b: u8| b.is_ascii_alphanumeric() || b == b'.';
    (0..=text.len() - id.len()).any(|i| {
        text[i..i + id.len()] == *id
            && (i == 0 || !part_of_id(text[i - 1]))
            && text.get(i + id.len()).is_none_or(|b| !part_of_id(*b))
    })
}

/// Where else a customer's data may be: events that are not messages, and
/// payloads quarantined unparsed.
#[derive(Clone, Copy)]
enum Kept {
    Events,
    Quarantine,
}

/// A row of [`Kept`], decrypted.
struct KeptRow {
    id: i64,
    received_at: i64,
    /// The event's webhook field, or why the payload was quarantined.
    label: String,
    body: Vec<u8>,
}

/// Rows of `kept` that concern `wa_id`: events filed under it, and any row
/// not filed under a customer whose decrypted body names it (older events,
/// events Meta did not say the customer of, quarantined payloads).
fn rows_naming(
    conn: &dyn Db,
    keys: &Keyring,
    kept: Kept,
    wa_id: &str,
) -> Result<Vec<KeptRow>, StoreError> {
    let rows = match kept {
        // Every event, not only those filed under this customer: one filed
        // under another customer can name this one too (issue 25.13: a
        // call or a preference whose `contacts` names someone else).
        Kept::Events => conn.rows(
            "SELECT id, received_at, field, body, key_id, CASE WHEN wa_id = ?1 THEN 1 ELSE 0 END
             FROM other_events ORDER BY id",
            vals![wa_id],
        )?,
        Kept::Quarantine => conn.rows(
            "SELECT id, received_at, reason, body, key_id, NULL FROM quarantine ORDER BY id",
            &[],
        )?,
    };
    let mut found = Vec::new();
    for r in rows {
        let body = keys.open(r.i64(4)?, &r.blob(3)?)?;
        let filed_here = match kept {
            Kept::Events => r.bool(5)?,
            Kept::Quarantine => false,
        };
        if filed_here || names(&body, wa_id) {
            found.push(KeptRow {
                id: r.i64(0)?,
                received_at: r.i64(1)?,
                label: r.text(2)?,
                body,
            });
        }
    }
    Ok(found)
}

/// Everything held about one customer, decrypted, for an export: its
/// conversations with their messages, the other events that concern it
/// (calls, echoes, preferences, ...) and payloads quarantined that name it.
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
    let events = rows_naming(conn, keys, Kept::Events, wa_id)?;
    let quarantined = rows_naming(conn, keys, Kept::Quarantine, wa_id)?;
    if ids.is_empty() && events.is_empty() && quarantined.is_empty() {
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
    let events: Vec<_> = events
        .into_iter()
        .map(|r| {
            let event: serde_json::Value = serde_json::from_slice(&r.body)
                .unwrap_or_else(|_| String::from_utf8_lossy(&r.body).into());
            serde_json::json!({"id": r.id, "received_at": r.received_at, "field": r.label, "event": event})
        })
        .collect();
    let quarantined: Vec<_> = quarantined
        .into_iter()
        .map(|r| {
            serde_json::json!({"id": r.id, "received_at": r.received_at, "reason": r.label,
                               "body": String::from_utf8_lossy(&r.body)})
        })
        .collect();
    let marketing = match conn.row(
        "SELECT opted_out_at, updated_at FROM marketing_preferences WHERE wa_id = ?1",
        vals![wa_id],
    )? {
        Some(r) => serde_json::json!({"opted_out_at": r.opt_i64(0)?, "updated_at": r.i64(1)?}),
        None => serde_json::Value::Null,
    };
    Ok(serde_json::json!({
        "wa_id": wa_id,
        "exported_at": now(),
        "conversations": conversations,
        "events": events,
        "quarantined": quarantined,
        "marketing_preferences": marketing,
    }))
}

/// Erases a customer: messages, status events, media, conversations, the
/// other events that concern it and quarantined payloads that name it (the
/// same rows an export lists). Desktops purge it through the feed's
/// revocation. Returns the number of messages erased.
pub fn erase_contact(conn: &dyn Db, keys: &Keyring, wa_id: &str) -> Result<usize, StoreError> {
    let ids = ids_of(
        conn,
        "SELECT id FROM conversations WHERE wa_id = ?1 ORDER BY id",
        wa_id,
    )?;
    let events = rows_naming(conn, keys, Kept::Events, wa_id)?;
    let quarantined = rows_naming(conn, keys, Kept::Quarantine, wa_id)?;
    if ids.is_empty() && events.is_empty() && quarantined.is_empty() {
        return Err(StoreError::NotFound);
    }
    for r in events {
        conn.exec("DELETE FROM other_events WHERE id = ?1", vals![r.id])?;
    }
    for r in quarantined {
        conn.exec("DELETE FROM quarantine WHERE id = ?1", vals![r.id])?;
    }
    conn.exec(
        "DELETE FROM marketing_preferences WHERE wa_id = ?1",
        vals![wa_id],
    )?;
    let mut erased = 0;
    for id in ids {
        conn.exec(
            "DELETE FROM status_events WHERE wamid IN (SELECT wamid FROM messages WHERE conversation_id = ?1)",
            vals![id],
        )?;
        conn.exec(
            "DELETE FROM media_chunks WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)",
            vals![id],
        )?;
        conn.exec(
            "DELETE FROM media WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)",
            vals![id],
        )?;
        conn.exec(
            "DELETE FROM upload_chunks WHERE upload_id IN (SELECT id FROM uploads WHERE conversation_id = ?1)",
            vals![id],
        )?;
        conn.exec("DELETE FROM uploads WHERE conversation_id = ?1", vals![id])?;
        erased += conn.exec("DELETE FROM messages WHERE conversation_id = ?1", vals![id])?;
        conn.exec(
            "DELETE FROM conversation_labels WHERE conversation_id = ?1",
            vals![id],
        )?;
        conn.exec("DELETE FROM conversations WHERE id = ?1", vals![id])?;
        // Older feed entries would point at nothing; keep only the revocation.
        conn.exec("DELETE FROM changes WHERE conversation_id = ?1", vals![id])?;
        append_change(conn, id, "revoked", None)?;
    }
    Ok(erased)
}

/// WhatsApp's alerts for admins (see [`crate::alerts`]), newest first.
pub fn list_alerts(
    conn: &dyn Db,
    keys: &Keyring,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AlertInfo>, StoreError> {
    // The list is the hub's own constants (plain words), written into the
    // statement so both backends read it the same way.
    let fields = crate::alerts::FIELDS
        .iter()
        .map(|f| format!("'{f}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT id, received_at, field, body, key_id FROM other_events
         WHERE field IN ({fields}) AND id < ?1 ORDER BY id DESC LIMIT ?2"
    );
    conn.rows(&sql, vals![before.unwrap_or(i64::MAX), limit])?
        .iter()
        .map(|r| {
            let field = r.text(2)?;
            let detail: serde_json::Value =
                serde_json::from_slice(&keys.open(r.i64(4)?, &r.blob(3)?)?).unwrap_or_default();
            Ok(AlertInfo {
                id: r.i64(0)?,
                received_at: r.i64(1)?,
                summary: crate::alerts::summary(&field, &detail),
                field,
                detail,
            })
        })
        .collect()
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
