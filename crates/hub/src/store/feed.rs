//! Reading conversations and messages, and the change feed as one agent may see it.

use super::*;

// ---- reading --------------------------------------------------------------------

pub(crate) fn conversation_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(5)?;
    Ok(Conversation {
        id: r.get(0)?,
        wa_id: r.get(1)?,
        contact_name: r.get(2)?,
        assignee: r.get(3)?,
        unread: r.get(4)?,
        status: if status == "resolved" {
            ConversationStatus::Resolved
        } else {
            ConversationStatus::Open
        },
        last_inbound_at: r.get(6)?,
        last_message_at: r.get(7)?,
    })
}

pub(crate) const CONVERSATION_COLUMNS: &str =
    "id, wa_id, contact_name, assignee, unread, status, last_inbound_at, last_message_at";

pub fn conversation(conn: &Connection, id: i64) -> Result<Conversation, StoreError> {
    conn.query_row(
        &format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?1"),
        [id],
        conversation_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

pub fn message(conn: &Connection, keys: &Keyring, id: i64) -> Result<Message, StoreError> {
    let row = conn
        .query_row(
            "SELECT id, conversation_id, direction, kind, body, key_id, wamid, client_message_id,
                    status, error, timestamp, sent_by, raw, edited
             FROM messages WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<Vec<u8>>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, i64>(10)?,
                    r.get::<_, Option<i64>>(11)?,
                    r.get::<_, Option<Vec<u8>>>(12)?,
                    r.get::<_, bool>(13)?,
                ))
            },
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let (
        id,
        conversation_id,
        direction,
        kind,
        body,
        key_id,
        wamid,
        cmid,
        status,
        error,
        ts,
        sent_by,
        raw,
        edited,
    ) = row;
    let text = match body {
        Some(b) => Some(String::from_utf8_lossy(&keys.open(key_id, &b)?).into_owned()),
        None => None,
    };
    let media = conn
        .query_row(
            "SELECT state, mime_type, size, error FROM media WHERE message_id = ?1",
            [id],
            |r| {
                Ok(switchboard_protocol::MediaState {
                    state: r.get(0)?,
                    mime_type: r.get(1)?,
                    size: r.get(2)?,
                    error: r.get(3)?,
                })
            },
        )
        .optional()?;
    let inbound = direction == "inbound";
    let parts = match raw {
        Some(sealed) => {
            let value: serde_json::Value =
                serde_json::from_slice(&keys.open(key_id, &sealed)?).unwrap_or_default();
            if inbound {
                crate::details::inbound(&kind, &value)
            } else {
                crate::details::outbound(&value)
            }
        }
        None => crate::details::Parts::default(),
    };
    // Pointers to other messages are served as ids, and only within the
    // conversation (a wamid is the sender's to choose).
    let in_conversation = |wamid: Option<String>| -> Result<Option<i64>, StoreError> {
        let Some(wamid) = wamid else { return Ok(None) };
        Ok(conn
            .prepare_cached("SELECT id FROM messages WHERE wamid = ?1 AND conversation_id = ?2")?
            .query_row(params![wamid, conversation_id], |r| r.get(0))
            .optional()?)
    };
    let reply_to = in_conversation(parts.reply_to)?;
    let target = in_conversation(parts.target)?;
    Ok(Message {
        details: parts.details,
        reply_to,
        target,
        edited,
        media,
        id,
        conversation_id,
        direction: if inbound {
            Direction::Inbound
        } else {
            Direction::Outbound
        },
        kind,
        text,
        wamid,
        client_message_id: cmid,
        status: DeliveryStatus::parse(&status).unwrap_or(DeliveryStatus::Pending),
        error,
        timestamp: ts,
        sent_by,
    })
}

pub fn latest_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// The feed after `after` as `agent` may see it: changes to conversations the
/// agent can read now, and revocations for the ones it cannot. Returns the
/// changes and the last seq scanned.
pub fn changes_for(
    conn: &Connection,
    keys: &Keyring,
    agent: &AgentRow,
    after: i64,
    limit: i64,
) -> Result<(Vec<Change>, i64, bool), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT ch.seq, ch.kind, ch.conversation_id, ch.message_id, c.assignee, c.id IS NOT NULL
         FROM changes ch LEFT JOIN conversations c ON c.id = ch.conversation_id
         WHERE ch.seq > ?1 ORDER BY ch.seq LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after, limit + 1], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() as i64 > limit;
    let mut last = after;
    let mut out = Vec::new();
    for (seq, kind, conversation_id, message_id, assignee, exists) in
        rows.into_iter().take(limit as usize)
    {
        last = seq;
        // An erased conversation no longer exists: only its revocation is served.
        let readable = exists && switchboard_protocol::may_read(agent.role, agent.id, assignee);
        match (kind.as_str(), readable) {
            ("revoked", false) => out.push(Change::Revoked {
                seq,
                conversation_id,
            }),
            ("conversation", true) => out.push(Change::Conversation {
                seq,
                conversation: conversation(conn, conversation_id)?,
            }),
            ("message", true) => {
                if let Some(mid) = message_id {
                    match message(conn, keys, mid) {
                        Ok(m) => out.push(Change::Message {
                            seq,
                            message: Box::new(m),
                        }),
                        Err(StoreError::NotFound) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            _ => {}
        }
    }
    Ok((out, last, more))
}
