//! Outbound messages: recorded before the Graph API call, then the send queue, then assignment.
//!
//! The send queue with several hubs: each reply goes to WhatsApp from
//! exactly one hub, and a hub that dies mid-send is noticed.
//!
//! The queue's statements are these, the same on both backends: a hub reads what is due, then marks each send in
//! flight with `UPDATE … WHERE send_state = 'queued'`, durably, under its
//! name and with a lease until now + [`LEASE_SECS`], before any Graph API
//! call. Only the hub whose update changed the row sends it: on PostgreSQL
//! writes are one at a time (`backend/postgres/store.rs`), so a second hub's update finds
//! the send no longer queued.
//!
//! A send still in flight when its lease runs out belongs to a hub that
//! stopped mid-call: WhatsApp may or may not have the message, so it is
//! marked "unknown" (shown to the agent, never sent again blindly) by
//! whichever hub's send queue looks next. Only expired leases are
//! reconciled, so a live hub's sends are never touched; a hub coming back
//! under the same name reconciles its own at once (it knows it stopped).
//! `crates/hub/tests/api/pg_leases.rs` shows both with three hubs.

use super::*;

/// How long a hub holds a send it took (seconds): longer than the Graph
/// API call's timeout with its retries inside one attempt.
pub const LEASE_SECS: i64 = 120;

// ---- sending and assignment -------------------------------------------------------

/// Records an outbound message before any Graph API call, keyed by the
/// client's idempotency key, so a retried request never sends twice.
/// `payload` carries what the Graph API needs for templates and reactions
/// (sealed with the body); `text` is what the inbox shows.
pub fn record_outbound(
    conn: &dyn Db,
    keys: &Keyring,
    m: &crate::db::types::NewOutbound,
) -> Result<SendSlot, StoreError> {
    let tx = conn;
    let existing = tx.row(
        "SELECT id, conversation_id FROM messages WHERE client_message_id = ?1",
        vals![&m.client_message_id],
    )?;
    if let Some(row) = existing {
        let (id, conv) = (row.i64(0)?, row.i64(1)?);
        if conv != m.conversation_id {
            return Err(StoreError::Conflict(
                "that client_message_id belongs to another conversation",
            ));
        }
        return Ok(SendSlot::Existing(message(conn, keys, id)?));
    }
    let (key_id, body) = keys.seal(m.text.as_bytes())?;
    let ts = now();
    let id = if m.note {
        // Kept and shown, never queued: the sender only takes rows whose
        // send_state is 'queued'. A note is not activity with the customer:
        // the list's order stays.
        tx.one(
            "INSERT INTO messages (conversation_id, direction, kind, body, key_id, client_message_id, status, timestamp, sent_by)
             VALUES (?1, 'outbound', 'note', ?2, ?3, ?4, 'sent', ?5, ?6) RETURNING id",
            vals![m.conversation_id, body, key_id, &m.client_message_id, ts, m.agent_id],
        )?
        .i64(0)?
    } else {
        let (kind, raw) = match &m.payload {
            Some(p) => {
                let json = serde_json::to_vec(p).map_err(|_| StoreError::Conflict("payload"))?;
                (p.kind(), Some(keys.seal(&json)?.1))
            }
            None => ("text", None),
        };
        let id = tx
            .one(
                "INSERT INTO messages (conversation_id, direction, kind, body, raw, key_id, client_message_id, status, timestamp, sent_by,
                                       send_state, next_attempt_at)
                 VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, 'queued', ?7) RETURNING id",
                vals![m.conversation_id, kind, body, raw, key_id, &m.client_message_id, ts, m.agent_id],
            )?
            .i64(0)?;
        if let Some(Payload::Media { upload_id, .. }) = &m.payload {
            attach_upload(tx, keys, *upload_id, id, m.conversation_id)?;
        }
        tx.exec(
            "UPDATE conversations SET last_message_at = ?1 WHERE id = ?2 AND last_message_at < ?1",
            vals![ts, m.conversation_id],
        )?;
        append_change(tx, m.conversation_id, "conversation", None)?;
        id
    };
    append_change(tx, m.conversation_id, "message", Some(id))?;
    Ok(SendSlot::New(message(conn, keys, id)?))
}

/// Sends whose time has come, oldest first.
/// The most due messages of one conversation a round of the send queue
/// takes (a customer is paced at a few a burst anyway).
const PER_CONVERSATION: i64 = 3;

pub fn due_sends(
    conn: &dyn Db,
    keys: &Keyring,
    now: i64,
    limit: i64,
) -> Result<Vec<DueSend>, StoreError> {
    // Fair across customers (issue 24.8): every conversation's oldest due
    // message comes before any conversation's second, and so on up to
    // `PER_CONVERSATION`, so one customer's long queue (paced, and skipped
    // by the sender) never hides a colleague's reply to another customer.
    let rows = conn.rows(
        "SELECT d.id, c.wa_id, m.body, m.key_id, m.attempts, m.raw, c.phone_number_id FROM (
           SELECT id, conversation_id, next_attempt_at,
                  ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY next_attempt_at, id) AS turn
           FROM messages WHERE send_state = 'queued' AND next_attempt_at <= ?1
         ) d
         JOIN messages m ON m.id = d.id
         JOIN conversations c ON c.id = d.conversation_id
         WHERE d.turn <= ?3
         ORDER BY d.turn, d.next_attempt_at, d.id LIMIT ?2",
        vals![now, limit, PER_CONVERSATION],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (message_id, to, body, key_id, attempts, raw, phone_number_id) = (
            r.i64(0)?,
            r.text(1)?,
            r.blob(2)?,
            r.i64(3)?,
            r.i64(4)?,
            r.opt_blob(5)?,
            r.text(6)?,
        );
        let text = String::from_utf8_lossy(&keys.open(key_id, &body)?).into_owned();
        let payload = match raw {
            Some(sealed) => serde_json::from_slice(&keys.open(key_id, &sealed)?).ok(),
            None => None,
        };
        out.push(DueSend {
            message_id,
            to,
            text,
            payload,
            attempts,
            phone_number_id,
        });
    }
    Ok(out)
}

/// Seconds until the next queued send is due, if any.
pub fn next_due(conn: &dyn Db) -> Result<Option<i64>, StoreError> {
    conn.one(
        "SELECT MIN(next_attempt_at) FROM messages WHERE send_state = 'queued'",
        &[],
    )?
    .opt_i64(0)
}

/// Marks a send as under way, durably, before the Graph API is called;
/// false if it is no longer queued (another hub took it first: the update
/// re-reads the row once that hub's transaction has ended). On PostgreSQL
/// the send is leased to hub `owner` for [`LEASE_SECS`]:
/// if that hub stops mid-call, the send's outcome becomes unknown once the
/// lease has run out ([`reconcile_in_flight`]).
pub fn mark_in_flight(conn: &dyn Db, message_id: i64, owner: &str) -> Result<bool, StoreError> {
    Ok(conn.exec(
        "UPDATE messages SET send_state = 'in_flight', attempts = attempts + 1,
                lease_owner = ?2, lease_until = ?3
         WHERE id = ?1 AND send_state = 'queued'",
        vals![message_id, owner, now() + LEASE_SECS],
    )? == 1)
}

/// Records what the Graph API said about a send.
pub fn record_send_outcome(
    conn: &dyn Db,
    message_id: i64,
    outcome: &SendOutcome,
) -> Result<(), StoreError> {
    let conversation_id = conn
        .one(
            "SELECT conversation_id FROM messages WHERE id = ?1",
            vals![message_id],
        )?
        .i64(0)?;
    match outcome {
        SendOutcome::Accepted { wamid } => {
            conn.exec(
                "UPDATE messages SET wamid = ?1, status = 'accepted', error = NULL, send_state = 'done' WHERE id = ?2",
                vals![wamid, message_id],
            )?;
            append_change(conn, conversation_id, "message", Some(message_id))?;
            apply_status_events(conn, wamid)?;
        }
        SendOutcome::Retry { at, reason } => {
            conn.exec(
                "UPDATE messages SET send_state = 'queued', next_attempt_at = ?1, error = ?2 WHERE id = ?3",
                vals![*at, reason, message_id],
            )?;
        }
        SendOutcome::Failed { reason } => {
            conn.exec(
                "UPDATE messages SET status = 'failed', error = ?1, send_state = 'done' WHERE id = ?2",
                vals![reason, message_id],
            )?;
            append_change(conn, conversation_id, "message", Some(message_id))?;
        }
        SendOutcome::Unknown { reason } => {
            conn.exec(
                "UPDATE messages SET status = 'unknown', error = ?1, send_state = 'done' WHERE id = ?2",
                vals![reason, message_id],
            )?;
            append_change(conn, conversation_id, "message", Some(message_id))?;
        }
    }
    Ok(())
}

/// After a crash: sends that were under way have an unknown outcome. They
/// are shown as such, never re-sent blindly. Returns how many.
///
/// With one hub (SQLite) every send in flight when it starts was its own,
/// and none while it runs is anyone else's. With several on PostgreSQL only
/// sends whose lease has run out (their hub stopped mid-call) are
/// reconciled, and, when hub `owner` is `starting` again under its name, its
/// own (it knows it stopped): other live hubs' sends are left alone.
pub fn reconcile_in_flight(tx: &dyn Db, owner: &str, starting: bool) -> Result<usize, StoreError> {
    let shared = tx.dialect() == Dialect::Postgres;
    if !shared && !starting {
        return Ok(0);
    }
    let ids = tx.rows(
        "SELECT id, conversation_id FROM messages
         WHERE send_state = 'in_flight'
           AND (?1 = 0 OR lease_until <= ?2 OR (?4 = 1 AND lease_owner = ?3))
         ORDER BY id",
        vals![shared, now(), owner, starting],
    )?;
    for r in &ids {
        let (id, conversation_id) = (r.i64(0)?, r.i64(1)?);
        tx.exec(
            "UPDATE messages SET status = 'unknown', send_state = 'done',
               error = 'the hub stopped while sending: this message may or may not have reached the customer'
             WHERE id = ?1",
            vals![id],
        )?;
        append_change(tx, conversation_id, "message", Some(id))?;
    }
    Ok(ids.len())
}

/// Appends every message of a conversation to the feed again, for desktops
/// that can read it now but could not before (they skipped those entries).
pub(crate) fn replay_history(conn: &dyn Db, conversation_id: i64) -> Result<(), StoreError> {
    conn.serialise(Order::Feed)?;
    conn.wake_at_commit()?;
    conn.exec(
        "INSERT INTO changes (conversation_id, kind, message_id)
         SELECT conversation_id, 'message', id FROM messages WHERE conversation_id = ?1 ORDER BY timestamp, id",
        vals![conversation_id],
    )?;
    Ok(())
}

/// Sets the assignee. Everyone who could read the conversation before and
/// cannot now gets a revocation through the feed.
///
/// A `claim` succeeds only if the conversation is still unassigned when the
/// transaction runs: the loser of two simultaneous claims gets
/// [`StoreError::Held`] naming the winner, never a silent takeover. Only an
/// active admin or agent can hold a conversation (a viewer could never
/// answer it), and only in a team it is in (an admin in any).
pub fn set_assignee(
    tx: &dyn Db,
    conversation_id: i64,
    assignee: Option<i64>,
    claim: bool,
) -> Result<(), StoreError> {
    if let Some(a) = assignee {
        let team = match tx.row(
            "SELECT team_id FROM conversations WHERE id = ?1",
            vals![conversation_id],
        )? {
            Some(r) => r.opt_i64(0)?,
            None => return Err(StoreError::NotFound),
        };
        let holder = match agent(tx, a) {
            Ok(holder) if !holder.disabled => holder,
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(StoreError::Conflict("no such active agent"));
            }
            Err(e) => return Err(e),
        };
        if !holder.role.allows(switchboard_protocol::Permission::Reply) {
            return Err(StoreError::Invalid(
                "invalid_assignee",
                "a viewer cannot hold conversations: assign an agent or an admin",
            ));
        }
        if !switchboard_protocol::may_hold(holder.who(), team) {
            return Err(StoreError::Invalid(
                "invalid_assignee",
                "that agent is not in the conversation's team: add them to it, or transfer the conversation first",
            ));
        }
    }
    let guard = if claim { " AND assignee IS NULL" } else { "" };
    let changed = tx.exec(
        &format!(
            "UPDATE conversations SET assignee = ?1 WHERE id = ?2 AND assignee IS DISTINCT FROM ?1{guard}"
        ),
        vals![assignee, conversation_id],
    )?;
    if changed == 0 {
        let holder = match tx.row(
            "SELECT c.assignee, a.name FROM conversations c LEFT JOIN agents a ON a.id = c.assignee WHERE c.id = ?1",
            vals![conversation_id],
        )? {
            Some(r) => Some((r.opt_i64(0)?, r.opt_text(1)?)),
            None => None,
        };
        return match holder {
            None => Err(StoreError::NotFound),
            // Someone else got there first.
            Some((Some(held_by), name)) if claim && Some(held_by) != assignee => Err(
                StoreError::Held(name.unwrap_or_else(|| format!("agent {held_by}"))),
            ),
            // Already as asked: nothing to change.
            Some(_) => Ok(()),
        };
    }
    append_change(tx, conversation_id, "revoked", None)?;
    append_change(tx, conversation_id, "conversation", None)?;
    replay_history(tx, conversation_id)?;
    Ok(())
}

/// The wamid of a message of `conversation_id`, to react to.
pub fn reaction_target(
    conn: &dyn Db,
    conversation_id: i64,
    message_id: i64,
) -> Result<String, StoreError> {
    conn.one(
        "SELECT wamid FROM messages WHERE id = ?1 AND conversation_id = ?2 AND wamid IS NOT NULL
           AND kind NOT IN ('note', 'call', 'deleted', 'reaction')",
        vals![message_id, conversation_id],
    )?
    .text(0)
}
