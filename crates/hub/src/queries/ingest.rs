//! Webhook events into rows: messages once per wamid, statuses folded forward.

use super::*;

// ---- ingest -------------------------------------------------------------------

/// Appends one change (here, and in the PostgreSQL backend's `feed::append`
/// for the tests that hold transactions open at chosen points).
pub const APPEND: &str =
    "INSERT INTO changes (conversation_id, kind, message_id) VALUES (?1, ?2, ?3)";

/// Appends a change to the feed. On PostgreSQL the transaction first takes
/// the feed lock (held until it ends: see `backend/postgres/feed.rs` for why no reader can
/// then skip a change) and every hub is woken when it commits.
pub(crate) fn append_change(
    db: &dyn Db,
    conversation_id: i64,
    kind: &str,
    message_id: Option<i64>,
) -> Result<(), StoreError> {
    db.serialise(Order::Feed)?;
    db.exec_later(APPEND, vals![conversation_id, kind, message_id])?;
    db.wake_at_commit()
}

/// Message types whose media the hub downloads.
pub const MEDIA_KINDS: &[&str] = &["image", "video", "audio", "document", "sticker"];

/// Stores one message of a conversation as WhatsApp reported it (a
/// customer's message, an echo of what the business sent from its phone, a
/// call's notice) unless its wamid is already known. Only a customer's
/// message opens the 24-hour window; only what the customer did (a message,
/// a call) counts as unread and reopens the conversation. Returns its
/// conversation when it was new.
pub fn ingest_message(
    tx: &dyn Db,
    keys: &Keyring,
    m: &InboundMessage,
) -> Result<Option<i64>, StoreError> {
    if tx
        .row("SELECT id FROM messages WHERE wamid = ?1", vals![&m.wamid])?
        .is_some()
    {
        return Ok(None);
    }
    let ts = if m.timestamp > 0 { m.timestamp } else { now() };
    let (direction, status, opens_window, unread) = match m.source {
        Source::Customer => ("inbound", "read", true, 1),
        Source::Call {
            from_customer: true,
        } => ("inbound", "read", false, 1),
        Source::Phone
        | Source::Call {
            from_customer: false,
        } => ("outbound", "sent", false, 0),
    };
    // A tap on the satisfaction survey's buttons answers it: it neither
    // reopens the resolved conversation nor counts as unread.
    let unread = if super::service::csat_answer(m).is_some() {
        0
    } else {
        unread
    };
    let conversation_id = upsert_conversation(tx, m, ts, opens_window, unread)?;
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
    let message_id = tx
        .one(
            "INSERT INTO messages (conversation_id, direction, kind, body, raw, key_id, wamid, status, timestamp)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            vals![conversation_id, direction, &m.kind, body, raw_sealed, key_id, &m.wamid, status, ts],
        )?
        .i64(0)?;
    queue_media(tx, m, message_id)?;
    // The conversation first, so a desktop knows who holds it before its messages arrive.
    append_change(tx, conversation_id, "conversation", None)?;
    append_change(tx, conversation_id, "message", Some(message_id))?;
    if let Some(original) = &m.refers_to {
        apply_edit_or_deletion(tx, keys, m, original)?;
    }
    Ok(Some(conversation_id))
}

/// Creates the conversation with the message's sender (in the queue of the
/// team its inbox goes to), or brings it up to date (its name, when the customer last wrote, its last message, unread,
/// reopened when the customer did something); returns its id.
fn upsert_conversation(
    tx: &dyn Db,
    m: &InboundMessage,
    ts: i64,
    opens_window: bool,
    unread: i64,
) -> Result<i64, StoreError> {
    tx
        .one(
            "INSERT INTO conversations (phone_number_id, wa_id, contact_name, last_inbound_at, last_message_at, unread, team_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT team_id FROM inboxes WHERE phone_number_id = ?1))
             ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
               contact_name = COALESCE(excluded.contact_name, conversations.contact_name),
               last_inbound_at = CASE WHEN excluded.last_inbound_at IS NULL
                                        OR COALESCE(conversations.last_inbound_at, 0) > excluded.last_inbound_at
                                      THEN conversations.last_inbound_at ELSE excluded.last_inbound_at END,
               last_message_at = CASE WHEN conversations.last_message_at > excluded.last_message_at
                                      THEN conversations.last_message_at ELSE excluded.last_message_at END,
               unread = conversations.unread + excluded.unread,
               status = CASE WHEN excluded.unread > 0 THEN 'open' ELSE conversations.status END,
               snoozed = CASE WHEN excluded.unread > 0 THEN 0 ELSE conversations.snoozed END,
               snoozed_until = CASE WHEN excluded.unread > 0 THEN NULL ELSE conversations.snoozed_until END
             RETURNING id",
            vals![
                &m.phone_number_id,
                &m.from,
                &m.contact_name,
                opens_window.then_some(ts),
                ts,
                unread
            ],
        )?
        .i64(0)
}

/// Queues the file of a media message (image, video, audio, document,
/// sticker) to be fetched from WhatsApp, when it names one.
fn queue_media(tx: &dyn Db, m: &InboundMessage, message_id: i64) -> Result<(), StoreError> {
    if !MEDIA_KINDS.contains(&m.kind.as_str()) {
        return Ok(());
    }
    let part = m.raw.get(&m.kind);
    let field = |k: &str| {
        part.and_then(|p| p.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    if let Some(media_id) = field("id") {
        tx.exec_later(
            "INSERT INTO media (message_id, media_id, mime_type, sha256, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            vals![message_id, media_id, field("mime_type"), field("sha256"), now()],
        )?;
    }
    Ok(())
}

/// A customer edited or deleted an earlier message (or the business did,
/// from its phone): the original follows. A deleted message keeps its place
/// in the thread but loses its content. Only the same side's messages.
pub(crate) fn apply_edit_or_deletion(
    tx: &dyn Db,
    keys: &Keyring,
    m: &InboundMessage,
    original: &str,
) -> Result<(), StoreError> {
    let side = match m.source {
        Source::Phone => "outbound",
        _ => "inbound",
    };
    let Some(row) = tx.row(
        "SELECT id, conversation_id FROM messages WHERE wamid = ?1 AND direction = ?2 AND sent_by IS NULL",
        vals![original, side],
    )?
    else {
        return Ok(());
    };
    let (id, conversation_id) = (row.i64(0)?, row.i64(1)?);
    match (m.kind.as_str(), &m.edited_text) {
        ("revoke", _) => {
            tx.exec(
                "UPDATE messages SET kind = 'deleted', body = NULL, raw = NULL WHERE id = ?1",
                vals![id],
            )?;
            tx.exec("DELETE FROM media WHERE message_id = ?1", vals![id])?;
        }
        ("edit", Some(text)) => {
            // Body and raw message share one key id: the raw one is sealed
            // again with the key the new text gets.
            let row = tx.one("SELECT raw, key_id FROM messages WHERE id = ?1", vals![id])?;
            let (raw, old_key) = (row.opt_blob(0)?, row.i64(1)?);
            let (key_id, sealed) = keys.seal(text.as_bytes())?;
            let raw = match raw {
                Some(r) => Some(keys.seal(&keys.open(old_key, &r)?)?.1),
                None => None,
            };
            tx.exec(
                "UPDATE messages SET body = ?1, key_id = ?2, raw = ?3, edited = 1 WHERE id = ?4",
                vals![sealed, key_id, raw, id],
            )?;
        }
        _ => return Ok(()),
    }
    append_change(tx, conversation_id, "message", Some(id))?;
    Ok(())
}

/// Records a status webhook once and moves the message forward if it is known.
/// Returns whether the event was new.
pub fn ingest_status(tx: &dyn Db, s: &StatusUpdate) -> Result<bool, StoreError> {
    let (inserted, rows) = tx.exec_then_rows(
        (
            "INSERT INTO status_events (wamid, status, timestamp, error) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
            vals![&s.wamid, &s.status, s.timestamp, &s.error],
        ),
        (EVENTS_OF, vals![&s.wamid]),
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    fold_status_events(tx, &rows)?;
    Ok(true)
}

/// A message and every status event recorded for it.
const EVENTS_OF: &str = "SELECT m.id, m.conversation_id, m.status, m.error, e.status, e.error
     FROM messages m JOIN status_events e ON e.wamid = m.wamid WHERE m.wamid = ?1";

/// Folds every recorded status event for `wamid` into its message, if we have it.
pub fn apply_status_events(tx: &dyn Db, wamid: &str) -> Result<(), StoreError> {
    fold_status_events(tx, &tx.rows(EVENTS_OF, vals![wamid])?)
}

/// Moves a message forward by its status events ([`EVENTS_OF`]'s rows).
fn fold_status_events(tx: &dyn Db, rows: &[Row]) -> Result<(), StoreError> {
    let Some(row) = rows.first() else {
        return Ok(());
    };
    let (message_id, conversation_id, current, current_error) =
        (row.i64(0)?, row.i64(1)?, row.text(2)?, row.opt_text(3)?);
    let mut status = DeliveryStatus::parse(&current).unwrap_or(DeliveryStatus::Pending);
    let mut error = current_error.clone();
    for event in rows {
        let (s, e) = (event.text(4)?, event.opt_text(5)?);
        if let Some(incoming) = DeliveryStatus::parse(&s) {
            let next = status.advance(incoming);
            if next == DeliveryStatus::Failed && status != DeliveryStatus::Failed {
                error = e.or(Some("failed".to_owned()));
            }
            status = next;
        }
    }
    if status.as_str() != current || error != current_error {
        tx.exec_later(
            "UPDATE messages SET status = ?1, error = ?2 WHERE id = ?3",
            vals![status.as_str(), error, message_id],
        )?;
        append_change(tx, conversation_id, "message", Some(message_id))?;
    }
    Ok(())
}

/// A customer's marketing choice (WhatsApp's `user_preferences`, category
/// `marketing_messages`, value `stop` or `resume`), unless a newer one is
/// already known. Desktops are told through each of its conversations.
pub fn record_marketing_preferences(
    tx: &dyn Db,
    value: &serde_json::Value,
) -> Result<(), StoreError> {
    let prefs = value
        .get("user_preferences")
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default();
    for p in prefs {
        let text = |k: &str| p.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
        let (wa_id, category, choice) = (text("wa_id"), text("category"), text("value"));
        if category != "marketing_messages" || !switchboard_whatsapp::ids::is_customer_id(wa_id) {
            continue;
        }
        let stop = match choice {
            "stop" => true,
            "resume" => false,
            _ => continue,
        };
        let at = match p.get("timestamp") {
            Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(0),
            Some(serde_json::Value::String(s)) => s.parse().unwrap_or(0),
            _ => 0,
        };
        let at = if at > 0 { at } else { now() };
        let changed = tx.exec(
            "INSERT INTO marketing_preferences (wa_id, opted_out_at, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (wa_id) DO UPDATE SET opted_out_at = excluded.opted_out_at, updated_at = excluded.updated_at
             WHERE marketing_preferences.updated_at <= excluded.updated_at",
            vals![wa_id, stop.then_some(at), at],
        )?;
        if changed == 0 {
            continue;
        }
        for r in tx.rows(
            "SELECT id FROM conversations WHERE wa_id = ?1",
            vals![wa_id],
        )? {
            append_change(tx, r.i64(0)?, "conversation", None)?;
        }
    }
    Ok(())
}

/// Keeps an event that is not a message or a message status, sealed, with
/// the customer it concerns. A redelivery of the same event (Meta delivers
/// at least once) is kept once. Returns whether it was new.
pub fn keep_other_event(
    conn: &dyn Db,
    keys: &Keyring,
    field: &str,
    contact: Option<&str>,
    raw: &serde_json::Value,
) -> Result<bool, StoreError> {
    let body = serde_json::to_vec(raw).map_err(|e| StoreError::Backend(e.to_string()))?;
    let mut hasher = Sha256::new();
    hasher.update(field.as_bytes());
    hasher.update([0]);
    hasher.update(&body);
    let digest = hasher.finalize().to_vec();
    let (key_id, sealed) = keys.seal(&body)?;
    let added = conn.exec(
        "INSERT INTO other_events (received_at, field, body, key_id, digest, wa_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (digest) DO NOTHING",
        vals![now(), field, sealed, key_id, digest, contact],
    )?;
    Ok(added == 1)
}

/// Keeps a body the hub could not act on, sealed, for an admin; the same
/// body delivered again is kept once (issue 25.14).
pub fn quarantine(
    conn: &dyn Db,
    keys: &Keyring,
    reason: &str,
    body: &[u8],
) -> Result<(), StoreError> {
    let digest = Sha256::digest(body).to_vec();
    let (key_id, sealed) = keys.seal(body)?;
    conn.exec(
        "INSERT INTO quarantine (received_at, reason, body, key_id, digest) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (digest) DO NOTHING",
        vals![now(), reason, sealed, key_id, digest],
    )?;
    Ok(())
}
