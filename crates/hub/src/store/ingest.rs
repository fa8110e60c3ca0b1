//! Webhook events into rows: messages once per wamid, statuses folded forward.

use super::*;

// ---- ingest -------------------------------------------------------------------

pub(crate) fn append_change(
    tx: &Connection,
    conversation_id: i64,
    kind: &str,
    message_id: Option<i64>,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO changes (conversation_id, kind, message_id) VALUES (?1, ?2, ?3)",
        params![conversation_id, kind, message_id],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Message types whose media the hub downloads.
pub const MEDIA_KINDS: &[&str] = &["image", "video", "audio", "document", "sticker"];

/// Stores one inbound message unless its wamid is already known. Returns
/// whether it was new.
pub fn ingest_message(
    tx: &Connection,
    keys: &Keyring,
    m: &InboundMessage,
) -> Result<bool, StoreError> {
    let known: Option<i64> = tx
        .query_row(
            "SELECT id FROM messages WHERE wamid = ?1",
            [&m.wamid],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_some() {
        return Ok(false);
    }
    let ts = if m.timestamp > 0 { m.timestamp } else { now() };
    tx.execute(
        "INSERT INTO conversations (phone_number_id, wa_id, contact_name, last_inbound_at, last_message_at, unread)
         VALUES (?1, ?2, ?3, ?4, ?4, 1)
         ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
           contact_name = COALESCE(excluded.contact_name, contact_name),
           last_inbound_at = MAX(COALESCE(last_inbound_at, 0), excluded.last_inbound_at),
           last_message_at = MAX(last_message_at, excluded.last_message_at),
           unread = unread + 1,
           status = 'open'",
        params![m.phone_number_id, m.from, m.contact_name, ts],
    )?;
    let conversation_id: i64 = tx.query_row(
        "SELECT id FROM conversations WHERE phone_number_id = ?1 AND wa_id = ?2",
        params![m.phone_number_id, m.from],
        |r| r.get(0),
    )?;
    let (key_id, body) = match &m.text {
        Some(t) => {
            let (k, b) = keys.seal(t.as_bytes())?;
            (k, Some(b))
        }
        None => (0, None),
    };
    let raw = serde_json::to_vec(&m.raw).unwrap_or_default();
    let (raw_key, raw_sealed) = keys.seal(&raw)?;
    let key_id = if body.is_some() { key_id } else { raw_key };
    tx.execute(
        "INSERT INTO messages (conversation_id, direction, kind, body, raw, key_id, wamid, status, timestamp)
         VALUES (?1, 'inbound', ?2, ?3, ?4, ?5, ?6, 'read', ?7)",
        params![conversation_id, m.kind, body, raw_sealed, key_id, m.wamid, ts],
    )?;
    let message_id = tx.last_insert_rowid();
    if MEDIA_KINDS.contains(&m.kind.as_str()) {
        let part = m.raw.get(&m.kind);
        let field = |k: &str| {
            part.and_then(|p| p.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        if let Some(media_id) = field("id") {
            tx.execute(
                "INSERT INTO media (message_id, media_id, mime_type, sha256, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![message_id, media_id, field("mime_type"), field("sha256"), now()],
            )?;
        }
    }
    // The conversation first, so a desktop knows who holds it before its messages arrive.
    append_change(tx, conversation_id, "conversation", None)?;
    append_change(tx, conversation_id, "message", Some(message_id))?;
    if let Some(original) = &m.refers_to {
        apply_edit_or_deletion(tx, keys, m, original)?;
    }
    Ok(true)
}

/// A customer edited or deleted an earlier message: the original follows.
/// A deleted message keeps its place in the thread but loses its content.
pub(crate) fn apply_edit_or_deletion(
    tx: &Connection,
    keys: &Keyring,
    m: &InboundMessage,
    original: &str,
) -> Result<(), StoreError> {
    let row: Option<(i64, i64)> = tx
        .query_row(
            "SELECT id, conversation_id FROM messages WHERE wamid = ?1 AND direction = 'inbound'",
            [original],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, conversation_id)) = row else {
        return Ok(());
    };
    match (m.kind.as_str(), &m.edited_text) {
        ("revoke", _) => {
            tx.execute(
                "UPDATE messages SET kind = 'deleted', body = NULL, raw = NULL WHERE id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM media WHERE message_id = ?1", [id])?;
        }
        ("edit", Some(text)) => {
            // Body and raw message share one key id: the raw one is sealed
            // again with the key the new text gets.
            let (raw, old_key): (Option<Vec<u8>>, i64) = tx.query_row(
                "SELECT raw, key_id FROM messages WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let (key_id, sealed) = keys.seal(text.as_bytes())?;
            let raw = match raw {
                Some(r) => Some(keys.seal(&keys.open(old_key, &r)?)?.1),
                None => None,
            };
            tx.execute(
                "UPDATE messages SET body = ?1, key_id = ?2, raw = ?3, edited = 1 WHERE id = ?4",
                params![sealed, key_id, raw, id],
            )?;
        }
        _ => return Ok(()),
    }
    append_change(tx, conversation_id, "message", Some(id))?;
    Ok(())
}

/// Records a status webhook once and moves the message forward if it is known.
/// Returns whether the event was new.
pub fn ingest_status(tx: &Connection, s: &StatusUpdate) -> Result<bool, StoreError> {
    let inserted = tx.execute(
        "INSERT INTO status_events (wamid, status, timestamp, error) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![s.wamid, s.status, s.timestamp, s.error],
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    apply_status_events(tx, &s.wamid)?;
    Ok(true)
}

/// Folds every recorded status event for `wamid` into its message, if we have it.
pub fn apply_status_events(tx: &Connection, wamid: &str) -> Result<(), StoreError> {
    let row: Option<(i64, i64, String, Option<String>)> = tx
        .query_row(
            "SELECT id, conversation_id, status, error FROM messages WHERE wamid = ?1",
            [wamid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((message_id, conversation_id, current, current_error)) = row else {
        return Ok(());
    };
    let mut status = DeliveryStatus::parse(&current).unwrap_or(DeliveryStatus::Pending);
    let mut error = current_error.clone();
    let mut stmt = tx.prepare("SELECT status, error FROM status_events WHERE wamid = ?1")?;
    let events = stmt.query_map([wamid], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    for event in events {
        let (s, e) = event?;
        if let Some(incoming) = DeliveryStatus::parse(&s) {
            let next = status.advance(incoming);
            if next == DeliveryStatus::Failed && status != DeliveryStatus::Failed {
                error = e.or(Some("failed".to_owned()));
            }
            status = next;
        }
    }
    drop(stmt);
    if status.as_str() != current || error != current_error {
        tx.execute(
            "UPDATE messages SET status = ?1, error = ?2 WHERE id = ?3",
            params![status.as_str(), error, message_id],
        )?;
        append_change(tx, conversation_id, "message", Some(message_id))?;
    }
    Ok(())
}

/// Keeps an event the inbox does not act on.
pub fn keep_other_event(
    conn: &Connection,
    keys: &Keyring,
    field: &str,
    raw: &serde_json::Value,
) -> Result<(), StoreError> {
    let (key_id, sealed) = keys.seal(&serde_json::to_vec(raw).unwrap_or_default())?;
    conn.execute(
        "INSERT INTO other_events (received_at, field, body, key_id) VALUES (?1, ?2, ?3, ?4)",
        params![now(), field, sealed, key_id],
    )?;
    Ok(())
}

pub fn quarantine(
    conn: &Connection,
    keys: &Keyring,
    reason: &str,
    body: &[u8],
) -> Result<(), StoreError> {
    let (key_id, sealed) = keys.seal(body)?;
    conn.execute(
        "INSERT INTO quarantine (received_at, reason, body, key_id) VALUES (?1, ?2, ?3, ?4)",
        params![now(), reason, sealed, key_id],
    )?;
    Ok(())
}
