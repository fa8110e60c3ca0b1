//! Reading conversations and messages, and the change feed as one agent may see it.

use super::*;
use switchboard_protocol::{Place, may_read};

// ---- reading --------------------------------------------------------------------

pub(crate) fn conversation_from_row(r: &Row) -> Result<Conversation, StoreError> {
    let status = r.text(5)?;
    let due = super::sla::nearest(r.opt_i64(14)?, r.opt_i64(15)?, r.opt_i64(16)?);
    Ok(Conversation {
        id: r.i64(0)?,
        wa_id: r.text(1)?,
        contact_name: r.opt_text(2)?,
        assignee: r.opt_i64(3)?,
        unread: r.i64(4)?,
        status: if status == "resolved" {
            ConversationStatus::Resolved
        } else {
            ConversationStatus::Open
        },
        last_inbound_at: r.opt_i64(6)?,
        last_message_at: r.i64(7)?,
        marketing_opt_out: r.opt_i64(8)?,
        labels: r
            .opt_text(9)?
            .unwrap_or_default()
            .split(',')
            .filter_map(|l| l.trim().parse().ok())
            .collect(),
        inbox: r.text(10)?,
        team_id: r.opt_i64(11)?,
        snoozed: r.i64(12)? != 0,
        snoozed_until: r.opt_i64(13)?,
        due_at: due.map(|(at, _)| at),
        due_kind: due.map(|(_, kind)| kind),
        csat: r.opt_i64(17)?,
    })
}

/// The columns [`conversation_from_row`] reads, for `dialect`.
pub(crate) fn conversation_columns(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "id, wa_id, contact_name, assignee, unread, status, last_inbound_at, last_message_at,
             (SELECT opted_out_at FROM marketing_preferences mp WHERE mp.wa_id = conversations.wa_id),
             (SELECT group_concat(label_id) FROM
                (SELECT label_id FROM conversation_labels cl WHERE cl.conversation_id = conversations.id ORDER BY label_id)),
             phone_number_id, team_id, snoozed, snoozed_until, first_response_due, next_response_due, resolution_due, csat"
        }
        Dialect::Postgres => {
            "id, wa_id, contact_name, assignee, unread, status, last_inbound_at, last_message_at,
             (SELECT opted_out_at FROM marketing_preferences mp WHERE mp.wa_id = conversations.wa_id),
             (SELECT string_agg(label_id::text, ',' ORDER BY label_id) FROM conversation_labels cl
                WHERE cl.conversation_id = conversations.id),
             phone_number_id, team_id, snoozed, snoozed_until, first_response_due, next_response_due, resolution_due, csat"
        }
    }
}

pub fn conversation(conn: &dyn Db, id: i64) -> Result<Conversation, StoreError> {
    let columns = conversation_columns(conn.dialect());
    conversation_from_row(&conn.one(
        &format!("SELECT {columns} FROM conversations WHERE id = ?1"),
        vals![id],
    )?)
}

pub fn message(conn: &dyn Db, keys: &Keyring, id: i64) -> Result<Message, StoreError> {
    let r = conn.one(
        "SELECT id, conversation_id, direction, kind, body, key_id, wamid, client_message_id,
                status, error, timestamp, sent_by, raw, edited
         FROM messages WHERE id = ?1",
        vals![id],
    )?;
    let (id, conversation_id, direction, kind, body, key_id, wamid, cmid) = (
        r.i64(0)?,
        r.i64(1)?,
        r.text(2)?,
        r.text(3)?,
        r.opt_blob(4)?,
        r.i64(5)?,
        r.opt_text(6)?,
        r.opt_text(7)?,
    );
    let (status, error, ts, sent_by, raw, edited) = (
        r.text(8)?,
        r.opt_text(9)?,
        r.i64(10)?,
        r.opt_i64(11)?,
        r.opt_blob(12)?,
        r.bool(13)?,
    );
    let text = match body {
        Some(b) => Some(String::from_utf8_lossy(&keys.open(key_id, &b)?).into_owned()),
        None => None,
    };
    let media = media_state(conn, id)?;
    // What WhatsApp delivered (a customer's message, or the business's own
    // from its phone: no agent sent it, it has no client id) keeps Meta's
    // shape; what the hub sent keeps the hub's payload (issue 25.9: echoed
    // edits, deletions and reactions lost their target).
    let from_whatsapp = direction == "inbound" || (sent_by.is_none() && cmid.is_none());
    let parts = message_parts(keys, key_id, raw, from_whatsapp, &kind)?;
    let reply_to = in_conversation(conn, conversation_id, parts.reply_to)?;
    let target = in_conversation(conn, conversation_id, parts.target)?;
    Ok(Message {
        details: parts.details,
        reply_to,
        target,
        edited,
        media,
        id,
        conversation_id,
        direction: if direction == "inbound" {
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

/// Where message `id`'s file is (fetched, failed, its type and size), when
/// it has one.
fn media_state(
    conn: &dyn Db,
    id: i64,
) -> Result<Option<switchboard_protocol::MediaState>, StoreError> {
    Ok(
        match conn.row(
            "SELECT state, mime_type, size, error FROM media WHERE message_id = ?1",
            vals![id],
        )? {
            Some(r) => Some(switchboard_protocol::MediaState {
                state: r.text(0)?,
                mime_type: r.opt_text(1)?,
                size: r.opt_i64(2)?,
                error: r.opt_text(3)?,
            }),
            None => None,
        },
    )
}

/// A message's details and the wamids it points to, from its sealed
/// payload (`raw`): Meta's shape when it came from WhatsApp, the hub's
/// when the hub sent it.
fn message_parts(
    keys: &Keyring,
    key_id: i64,
    raw: Option<Vec<u8>>,
    from_whatsapp: bool,
    kind: &str,
) -> Result<crate::details::Parts, StoreError> {
    Ok(match raw {
        Some(sealed) => {
            let value: serde_json::Value =
                serde_json::from_slice(&keys.open(key_id, &sealed)?).unwrap_or_default();
            if from_whatsapp {
                crate::details::inbound(kind, &value)
            } else {
                crate::details::outbound(&value)
            }
        }
        None => crate::details::Parts::default(),
    })
}

/// The id of the message `wamid` names, when it is in the conversation.
fn in_conversation(
    conn: &dyn Db,
    conversation_id: i64,
    wamid: Option<String>,
) -> Result<Option<i64>, StoreError> {
    // Pointers to other messages are served as ids, and only within the
    // conversation (a wamid is the sender's to choose).
    let Some(wamid) = wamid else { return Ok(None) };
    match conn.row(
        "SELECT id FROM messages WHERE wamid = ?1 AND conversation_id = ?2",
        vals![wamid, conversation_id],
    )? {
        Some(r) => Ok(Some(r.i64(0)?)),
        None => Ok(None),
    }
}

pub fn latest_seq(conn: &dyn Db) -> Result<i64, StoreError> {
    conn.one("SELECT COALESCE(MAX(seq), 0) FROM changes", &[])?
        .i64(0)
}

/// One row of the feed, with where its conversation is now.
struct FeedRow {
    seq: i64,
    kind: String,
    conversation_id: i64,
    message_id: Option<i64>,
    /// Its holder and team now.
    place: Place,
    /// Whether it still exists (an erased one is only revoked).
    exists: bool,
}

/// The feed's first `limit` rows after `after`.
fn feed_rows(conn: &dyn Db, after: i64, limit: i64) -> Result<Vec<FeedRow>, StoreError> {
    conn.rows(
        "SELECT ch.seq, ch.kind, ch.conversation_id, ch.message_id, c.assignee, c.id IS NOT NULL, c.team_id
         FROM changes ch LEFT JOIN conversations c ON c.id = ch.conversation_id
         WHERE ch.seq > ?1 ORDER BY ch.seq LIMIT ?2",
        vals![after, limit],
    )?
    .iter()
    .map(|r| {
        Ok(FeedRow {
            seq: r.i64(0)?,
            kind: r.text(1)?,
            conversation_id: r.i64(2)?,
            message_id: r.opt_i64(3)?,
            place: Place {
                assignee: r.opt_i64(4)?,
                team: r.opt_i64(6)?,
            },
            exists: r.bool(5)?,
        })
    })
    .collect()
}

/// The feed's rule of who is served a change: a conversation or message
/// change goes to whoever may read the conversation now (`readable`: it
/// exists and the role table lets them), a revocation to whoever may not.
fn served(revocation: bool, readable: bool) -> bool {
    readable != revocation
}

/// A feed row as the feed serves it, or `None` for one it serves to nobody
/// (a message gone, a change of an unknown kind).
fn render(conn: &dyn Db, keys: &Keyring, row: &FeedRow) -> Result<Option<Change>, StoreError> {
    let &FeedRow {
        seq,
        ref kind,
        conversation_id,
        message_id,
        ..
    } = row;
    Ok(match (kind.as_str(), message_id) {
        ("revoked", _) => Some(Change::Revoked {
            seq,
            conversation_id,
        }),
        ("conversation", _) => Some(Change::Conversation {
            seq,
            conversation: conversation(conn, conversation_id)?,
        }),
        ("message", Some(mid)) => match message(conn, keys, mid) {
            Ok(m) => Some(Change::Message {
                seq,
                message: Box::new(m),
            }),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e),
        },
        _ => None,
    })
}

/// The feed after `after` as `agent` may see it: changes to conversations the
/// agent can read now, and revocations for the ones it cannot. Returns the
/// changes and the last seq scanned.
pub fn changes_for(
    conn: &dyn Db,
    keys: &Keyring,
    agent: &AgentRow,
    after: i64,
    limit: i64,
) -> Result<(Vec<Change>, i64, bool), StoreError> {
    let rows = feed_rows(conn, after, limit + 1)?;
    let more = rows.len() as i64 > limit;
    let mut last = after;
    let mut out = Vec::new();
    for row in rows.iter().take(limit as usize) {
        last = row.seq;
        // An erased conversation no longer exists: only its revocation is served.
        let readable = row.exists && may_read(agent.who(), row.place);
        if served(row.kind == "revoked", readable)
            && let Some(change) = render(conn, keys, row)?
        {
            out.push(change);
        }
    }
    Ok((out, last, more))
}

/// One change of the feed's newest batch, read once for every event stream
/// the hub serves: who may read it is decided per stream
/// ([`TailEntry::visible_to`]), from the same state the feed would serve.
#[derive(Debug, Clone)]
pub struct TailEntry {
    pub seq: i64,
    /// Its conversation's holder and team, as the batch was read.
    pub place: Place,
    /// Whether its conversation still exists (an erased one is only revoked).
    pub exists: bool,
    /// A revocation: served to whoever may *not* read the conversation.
    pub revocation: bool,
    /// The change as the feed serves it, as JSON.
    pub json: Box<str>,
}

impl TailEntry {
    /// Whether the feed serves this change to `agent` ([`changes_for`]'s
    /// rule: a conversation or message change to whoever may read the
    /// conversation now, a revocation to whoever may not).
    pub fn visible_to(&self, agent: &AgentRow) -> bool {
        let readable = self.exists && may_read(agent.who(), self.place);
        served(self.revocation, readable)
    }
}

/// The feed after `after`, read once for all streams.
#[derive(Debug)]
pub enum Tail {
    /// Every change up to `next` that someone may be served: a stream can
    /// push them.
    Changes { next: i64, entries: Vec<TailEntry> },
    /// More than `limit` changes (a role change, a long history replayed
    /// on assignment, a burst): the streams send the seq and desktops
    /// pull. `next` is the feed's latest seq.
    Pull { next: i64 },
}

/// The feed's changes after `after`, when there are at most `limit` of them
/// (see [`Tail`]); a change to a conversation erased meanwhile, or to a
/// message gone, is left out as [`changes_for`] leaves it out.
pub fn tail(conn: &dyn Db, keys: &Keyring, after: i64, limit: i64) -> Result<Tail, StoreError> {
    let rows = feed_rows(conn, after, limit + 1)?;
    if rows.len() as i64 > limit {
        return Ok(Tail::Pull {
            next: latest_seq(conn)?,
        });
    }
    let next = rows.last().map_or(after, |r| r.seq);
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let revocation = row.kind == "revoked";
        // Served to nobody: any change but a revocation of an erased
        // conversation.
        if !row.exists && !revocation {
            continue;
        }
        let Some(change) = render(conn, keys, row)? else {
            continue;
        };
        let json = serde_json::to_string(&change)
            .map_err(|_| StoreError::Invalid("feed", "a change could not be written"))?;
        entries.push(TailEntry {
            seq: row.seq,
            place: row.place,
            exists: row.exists,
            revocation,
            json: json.into_boxed_str(),
        });
    }
    Ok(Tail::Changes { next, entries })
}
