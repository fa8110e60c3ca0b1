//! A conversation's messages as the thread pane reads them: pages both ways
//! from any point (keyset on timestamp and id), replies still in the outbox
//! after the newest page, and each quoted message as it reads now.

use super::{NOTE, Store, direction_from};
use crate::error::{CoreError, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use switchboard_protocol::{DeliveryStatus, Details, Direction};

/// One item of a thread: a message the hub knows, or a reply still in the outbox.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ThreadItem {
    /// `m<id>` for hub messages, `q<client_message_id>` for queued replies.
    pub key: String,
    pub direction: Direction,
    pub kind: String,
    pub text: Option<String>,
    pub status: DeliveryStatus,
    pub error: Option<String>,
    /// For a reply the hub refused: the refusal's code, so the app can say
    /// the reason in the agent's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<String>", optional)]
    pub error_code: Option<String>,
    pub timestamp: i64,
    /// Keyset cursor for the next (older) page.
    pub cursor: Option<(i64, i64)>,
    /// For media messages: `pending`, `ready` or `failed` at the hub.
    pub media_state: Option<String>,
    pub media_mime: Option<String>,
    /// A download's size in bytes, when the hub knows it.
    pub media_size: Option<i64>,
    /// What the message holds beyond its text (see [`Details`]).
    pub details: Option<Details>,
    /// The message this one quotes, as it reads now.
    pub quote: Option<Quote>,
    /// Reactions this message received: one per side (the customer's, the
    /// business's), the latest each side gave.
    pub reactions: Vec<Reaction>,
    /// The customer edited it; `text` is the latest version.
    pub edited: bool,
    /// Sent by the business from the WhatsApp Business app on its phone,
    /// not by an agent here.
    pub from_phone: bool,
    /// The agent who wrote it (a reply or a note), when the hub says.
    pub sent_by: Option<i64>,
    /// Sent by the hub itself, not by an agent: an inbox's greeting or away
    /// reply (its idempotency key starts `auto-`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub automatic: bool,
    /// The quoted message's id, for [`with_quotes`] to read.
    #[serde(skip)]
    #[ts(skip)]
    reply_to: Option<i64>,
}

/// A quoted message, shown above the reply that quotes it.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct Quote {
    /// The quoted item's key in the thread (`m<id>`).
    pub key: String,
    pub direction: Direction,
    pub kind: String,
    pub text: Option<String>,
}

/// A reaction shown on the message it is about.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct Reaction {
    pub emoji: String,
    /// The customer's (inbound) or the business's (outbound).
    pub direction: Direction,
}

/// Messages around a point of a thread, oldest first, pageable both ways.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ThreadWindow {
    pub items: Vec<ThreadItem>,
    /// Pass as `before` to [`Store::thread`] for older messages.
    pub older: Option<(i64, i64)>,
    /// Pass as `after` to [`Store::thread_newer`] for newer ones.
    pub newer: Option<(i64, i64)>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ThreadPage {
    /// Oldest first.
    pub items: Vec<ThreadItem>,
    /// Pass as `before` to load older messages; `None` when this is the start.
    pub older: Option<(i64, i64)>,
}

impl Store {
    /// Up to `limit` messages before `before` (keyset on timestamp, id), oldest
    /// first; on the first page, replies still in the outbox follow.
    pub fn thread(
        &self,
        conversation_id: i64,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<ThreadPage> {
        if before.is_none() {
            self.remember(|r| r.thread = Some((conversation_id, limit)));
        }
        let conn = self.read();
        let (bt, bi) = before.unwrap_or((i64::MAX, i64::MAX));
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM messages
             WHERE conversation_id = ?1 AND (timestamp, id) < (?2, ?3) AND target IS NULL
               AND EXISTS (SELECT 1 FROM conversations WHERE id = ?1)
             ORDER BY timestamp DESC, id DESC LIMIT ?4",
        ))?;
        let mut items = stmt
            .query_map(params![conversation_id, bt, bi, limit + 1], item_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let older = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().and_then(|i| i.cursor)
        } else {
            None
        };
        items.reverse();
        with_quotes(&conn, &mut items)?;
        if before.is_none() {
            let queued = queued_items(&conn, conversation_id)?;
            let from = items.len();
            items.extend(queued);
            // A queued reply shows what it quotes too.
            with_quotes(&conn, &mut items[from..])?;
        }
        Ok(ThreadPage { items, older })
    }

    /// The messages around one message (a search hit opened in place): up to
    /// `limit` before it and `limit` from it on, oldest first, with cursors to
    /// page further both ways.
    pub fn thread_around(
        &self,
        conversation_id: i64,
        message_id: i64,
        limit: i64,
    ) -> Result<ThreadWindow> {
        let key: (i64, i64) = self
            .read()
            .query_row(
                "SELECT m.timestamp, m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                 WHERE m.id = ?1 AND m.conversation_id = ?2",
                params![message_id, conversation_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound)?;
        let before = self.thread(conversation_id, Some(key), limit)?;
        // `after` is exclusive: start just before the message itself.
        let after = self.thread_newer(conversation_id, (key.0, key.1 - 1), limit)?;
        let mut items = before.items;
        items.extend(after.items);
        Ok(ThreadWindow {
            items,
            older: before.older,
            newer: after.newer,
        })
    }

    /// Up to `limit` messages after `after` (keyset), oldest first.
    pub fn thread_newer(
        &self,
        conversation_id: i64,
        after: (i64, i64),
        limit: i64,
    ) -> Result<ThreadWindow> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM messages
             WHERE conversation_id = ?1 AND (timestamp, id) > (?2, ?3) AND target IS NULL
               AND EXISTS (SELECT 1 FROM conversations WHERE id = ?1)
             ORDER BY timestamp, id LIMIT ?4",
        ))?;
        let mut items = stmt
            .query_map(
                params![conversation_id, after.0, after.1, limit + 1],
                item_from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let newer = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().and_then(|i| i.cursor)
        } else {
            None
        };
        with_quotes(&conn, &mut items)?;
        Ok(ThreadWindow {
            items,
            older: None,
            newer,
        })
    }
}

/// The columns [`item_from_row`] reads.
const ITEM_COLUMNS: &str =
    "id, direction, kind, text, status, error, timestamp, media_state, media_mime,
     media_size, details, reply_to, reactions, edited,
     direction = 'outbound' AND sent_by IS NULL AND client_message_id IS NULL, sent_by,
     direction = 'outbound' AND sent_by IS NULL AND COALESCE(client_message_id, '') LIKE 'auto-%'";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ThreadItem> {
    let id: i64 = r.get(0)?;
    let ts: i64 = r.get(6)?;
    let direction: String = r.get(1)?;
    let status: String = r.get(4)?;
    // Written by this store from typed values; unreadable JSON is shown as
    // a message without its details rather than failing the whole page.
    let details = r
        .get::<_, Option<String>>(10)?
        .and_then(|d| serde_json::from_str(&d).ok());
    let reactions = r
        .get::<_, Option<String>>(12)?
        .and_then(|d| serde_json::from_str(&d).ok())
        .unwrap_or_default();
    let reply_to: Option<i64> = r.get(11)?;
    Ok(ThreadItem {
        media_size: r.get(9)?,
        details,
        // Filled in by `with_quotes`.
        quote: None,
        reply_to,
        reactions,
        edited: r.get(13)?,
        from_phone: r.get(14)?,
        sent_by: r.get(15)?,
        automatic: r.get(16)?,
        error_code: None,
        key: format!("m{id}"),
        direction: direction_from(&direction),
        kind: r.get(2)?,
        text: r.get(3)?,
        status: DeliveryStatus::parse(&status).unwrap_or(DeliveryStatus::Pending),
        error: r.get(5)?,
        timestamp: ts,
        cursor: Some((ts, id)),
        media_state: r.get(7)?,
        media_mime: r.get(8)?,
    })
}

/// A conversation's replies still in the outbox, in the columns
/// [`queued_from_row`] reads.
const QUEUED_ITEMS: &str =
    "SELECT client_message_id, text, created_at, failed, last_error, sending, note, reply_to,
                        attachment_name, attachment_mime, attachment_size, choices, last_error_code FROM outbox
                 WHERE conversation_id = ?1 ORDER BY created_at, rowid";

/// A conversation's replies still in the outbox, oldest first.
fn queued_items(conn: &Connection, conversation_id: i64) -> Result<Vec<ThreadItem>> {
    let mut stmt = conn.prepare_cached(QUEUED_ITEMS)?;
    let rows = stmt.query_map([conversation_id], queued_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A reply still in the outbox, as the thread shows it.
fn queued_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ThreadItem> {
    let failed: i64 = r.get(3)?;
    let sending: i64 = r.get(5)?;
    let note: bool = r.get(6)?;
    let text: String = r.get(1)?;
    let file: Option<String> = r.get(8)?;
    let mime: Option<String> = r.get(9)?;
    // A queued file shows as the message it will be: its kind,
    // name and size, its caption as its words.
    // A question with choices shows them, as the hub's message will.
    let choices: Option<switchboard_protocol::ChoicesSend> = r
        .get::<_, Option<String>>(11)?
        .and_then(|c| serde_json::from_str(&c).ok());
    let kind = match (&file, &mime) {
        (Some(_), Some(mime)) => switchboard_protocol::check_attachment(mime, 1)
            .map_or("document", |k| k.kind)
            .to_owned(),
        _ if note => NOTE.into(),
        _ if choices.is_some() => "interactive".into(),
        _ => "text".into(),
    };
    let details = match (&file, choices) {
        (Some(name), _) => Some(Details::Media {
            caption: Some(text.clone()).filter(|t| !t.trim().is_empty()),
            filename: Some(name.clone()),
            voice: false,
            animated: false,
        }),
        (None, Some(c)) => Some(Details::Choices {
            list: c.list,
            options: c.options,
        }),
        (None, None) => None,
    };
    let shown = if file.is_some() && text.trim().is_empty() {
        format!("[{kind}]")
    } else {
        text
    };
    Ok(ThreadItem {
        key: format!("q{}", r.get::<_, String>(0)?),
        direction: Direction::Outbound,
        kind,
        text: Some(shown),
        status: if failed != 0 {
            DeliveryStatus::Failed
        } else if sending != 0 {
            DeliveryStatus::Pending
        } else {
            DeliveryStatus::Queued
        },
        error: r.get(4)?,
        error_code: r.get(12)?,
        timestamp: r.get(2)?,
        cursor: None,
        media_state: None,
        media_mime: mime,
        media_size: r.get(10)?,
        details,
        quote: None,
        reactions: Vec::new(),
        edited: false,
        from_phone: false,
        automatic: false,
        sent_by: None,
        reply_to: r.get(7)?,
    })
}

/// Reads each quoted message of `items` as it is now; a quote of a message
/// this copy does not hold is dropped.
fn with_quotes(conn: &Connection, items: &mut [ThreadItem]) -> Result<()> {
    for item in items.iter_mut() {
        let Some(id) = item.reply_to else {
            continue;
        };
        item.quote = conn
            .prepare_cached("SELECT direction, kind, text FROM messages WHERE id = ?1")?
            .query_row([id], |r| {
                let direction: String = r.get(0)?;
                Ok(Quote {
                    key: format!("m{id}"),
                    direction: direction_from(&direction),
                    kind: r.get(1)?,
                    text: r.get(2)?,
                })
            })
            .optional()?;
    }
    Ok(())
}
