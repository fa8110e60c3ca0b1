//! Conversation state: resolved or open, unread.

use super::*;

// ---- conversation state ---------------------------------------------------------------

/// Resolves or reopens; resolving meets the conversation's resolution
/// target (by `actor`), stops its clocks and, when its inbox asks one,
/// queues the satisfaction survey.
pub fn set_status(
    conn: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    status: ConversationStatus,
    actor: Option<i64>,
) -> Result<bool, StoreError> {
    let s = match status {
        ConversationStatus::Open => "open",
        ConversationStatus::Resolved => "resolved",
    };
    let changed = conn.exec(
        "UPDATE conversations SET status = ?1, snoozed = 0, snoozed_until = NULL WHERE id = ?2 AND status <> ?1",
        vals![s, conversation_id],
    )?;
    if changed > 0 {
        if status == ConversationStatus::Resolved {
            super::sla::on_resolved(conn, conversation_id, actor)?;
            super::service::csat_survey(conn, keys, conversation_id, actor)?;
        }
        append_change(conn, conversation_id, "conversation", None)?;
    }
    Ok(changed > 0)
}

/// Clears the unread count; returns what a read receipt to the customer needs.
/// Marks a conversation unread again (an agent leaves it for later): its
/// unread count becomes at least one.
pub fn mark_unread(conn: &dyn Db, conversation_id: i64) -> Result<(), StoreError> {
    let changed = conn.exec(
        "UPDATE conversations SET unread = 1 WHERE id = ?1 AND unread = 0",
        vals![conversation_id],
    )?;
    if changed > 0 {
        append_change(conn, conversation_id, "conversation", None)?;
    }
    Ok(())
}

/// Clears the unread count; returns what a read receipt to the customer needs.
pub fn mark_read(conn: &dyn Db, conversation_id: i64) -> Result<Option<ReadReceipt>, StoreError> {
    let changed = conn.exec(
        "UPDATE conversations SET unread = 0 WHERE id = ?1 AND unread <> 0",
        vals![conversation_id],
    )?;
    if changed > 0 {
        append_change(conn, conversation_id, "conversation", None)?;
    }
    match conn.row(
        "SELECT m.wamid, c.phone_number_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.conversation_id = ?1 AND m.direction = 'inbound' AND m.wamid IS NOT NULL
         ORDER BY m.timestamp DESC, m.id DESC LIMIT 1",
        vals![conversation_id],
    )? {
        Some(r) => Ok(Some(ReadReceipt {
            wamid: r.text(0)?,
            phone_number_id: r.text(1)?,
        })),
        None => Ok(None),
    }
}
