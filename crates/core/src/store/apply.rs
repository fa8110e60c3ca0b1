//! Applying a page of the hub's changes: conversations, messages, revoked
//! conversations, and the cursor, in one transaction. The agent's role is
//! checked again here, and the page's writes are batched (previews, the
//! full-text index, the word list) so a large catch-up stays fast.

use super::purge::{purge_messages, revoke};
use super::search::write_terms;
use super::{NOTE, PURGE_STEP, Reaction, Store, status_from};
use crate::error::{CoreError, Result};
use crate::terms::TermCounts;
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Details, Direction, Me, Message,
    Place, may_read,
};

/// What applying a page of changes brought that a person may want to hear of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Inbound messages new to this desktop.
    pub fresh: Vec<Message>,
    /// Notes new to this desktop, written by someone else.
    pub notes: Vec<Message>,
    /// Conversations this copy did not hold before.
    pub opened: Vec<i64>,
    /// Conversations that became the signed-in agent's.
    pub assigned_to_me: Vec<i64>,
}

/// A conversation whose target falls due soon: its id, holder and team.
pub type DueWarning = (i64, Option<i64>, Option<i64>);

/// How often [`Store::apply_with_progress`] reports.
pub const PROGRESS_EVERY: usize = 500;

impl Store {
    /// Applies a page of changes and moves the cursor, all or nothing.
    /// Returns the inbound messages that were new to this desktop.
    ///
    /// The agent's role is checked again here (defence in depth): a change
    /// for a conversation `me` may not read purges it instead of storing it.
    pub fn apply(&self, changes: &[Change], next: i64, me: &Me) -> Result<Applied> {
        self.apply_with_progress(changes, next, me, &mut |_| {})
    }

    /// [`Store::apply`], telling `progress` how many changes of this page are
    /// applied every [`PROGRESS_EVERY`], while its transaction is open.
    pub fn apply_with_progress(
        &self,
        changes: &[Change],
        next: i64,
        me: &Me,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Applied> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut page = PageWrite::default();
        for (n, change) in changes.iter().enumerate() {
            if n > 0 && n % PROGRESS_EVERY == 0 {
                progress(n);
            }
            match change {
                Change::Conversation {
                    conversation: c, ..
                } => page.conversation(&tx, c, me)?,
                Change::Message { message: m, .. } => page.message(&tx, m, me)?,
                Change::Revoked {
                    conversation_id, ..
                } => page.revoke(&tx, *conversation_id)?,
            }
        }
        page.finish(&tx)?;
        tx.execute("UPDATE sync_state SET cursor = ?1 WHERE id = 1", [next])?;
        tx.commit()?;
        drop(conn);
        self.warm();
        Ok(page.applied)
    }

    /// Wakes the snoozed conversations whose time has come by `now` (unix
    /// seconds), moving them back into their views' counts, without the
    /// hub: a snooze ends on time offline too. Returns them (id and holder).
    pub fn wake_snoozed(&self, now: i64) -> Result<Vec<(i64, Option<i64>)>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let woken: Vec<(i64, Option<i64>, i64)> = tx
            .prepare_cached(
                "UPDATE conversations SET snoozed = 0, snoozed_until = NULL
                  WHERE snoozed <> 0 AND snoozed_until <= ?1 RETURNING id, assignee, unread",
            )?
            .query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut count = tx.prepare_cached(
            "INSERT INTO view_counts (holder, status, conversations, unread) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (holder, status) DO UPDATE SET conversations = conversations + excluded.conversations,
               unread = unread + excluded.unread",
        )?;
        for &(_, holder, unread) in &woken {
            let holder = holder.unwrap_or(0);
            count.execute(params![holder, "snoozed", -1, -unread])?;
            count.execute(params![holder, "open", 1, unread])?;
        }
        drop(count);
        tx.commit()?;
        drop(conn);
        if !woken.is_empty() {
            self.warm();
        }
        Ok(woken
            .into_iter()
            .map(|(id, holder, _)| (id, holder))
            .collect())
    }

    /// The open conversations whose target falls due within `ahead` seconds
    /// of `now` (or is already past) and whose holder was not warned of
    /// that due time yet: marks them warned and returns them (id, holder,
    /// team), so each due time is told once.
    pub fn due_warnings(&self, now: i64, ahead: i64) -> Result<Vec<DueWarning>> {
        let conn = self.lock();
        let warned = conn
            .prepare_cached(
                "UPDATE conversations SET due_warned = due_at
                  WHERE due_at IS NOT NULL AND due_at <= ?1 AND status = 'open' AND snoozed = 0
                    AND due_warned IS NOT due_at
                  RETURNING id, assignee, team_id",
            )?
            .query_map([now + ahead], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(warned)
    }

    /// When the next target of this copy comes within `ahead` seconds and
    /// has not been warned of.
    pub fn next_due_warning(&self, ahead: i64) -> Result<Option<i64>> {
        Ok(self.read().query_row(
            "SELECT min(due_at) - ?1 FROM conversations
              WHERE due_at IS NOT NULL AND status = 'open' AND snoozed = 0 AND due_warned IS NOT due_at",
            [ahead],
            |r| r.get(0),
        )?)
    }

    /// When the next snoozed conversation of this copy wakes by itself.
    pub fn next_wake(&self) -> Result<Option<i64>> {
        Ok(self.read().query_row(
            "SELECT min(snoozed_until) FROM conversations WHERE snoozed <> 0",
            [],
            |r| r.get(0),
        )?)
    }
}

/// The work of applying one page of changes, inside its transaction.
///
/// It keeps what the page has already looked up (who holds each
/// conversation), writes each conversation once per page (its latest state,
/// its view counts, and its preview from its newest message), and feeds the
/// full-text index in one statement per page:
/// FTS5 writes its pending index to disk at every statement that changes it
/// inside a transaction, so one insert per message would flush once per
/// message.
#[derive(Default)]
struct PageWrite {
    applied: Applied,
    /// Conversation id → where it is (its holder and team), or `None` when
    /// this copy does not hold it (unknown, not readable, or revoked in this
    /// page).
    holders: HashMap<i64, Option<Place>>,
    /// Conversation id → what the view counts hold of its stored row, or
    /// `None` when the store has no row for it (as of now in this page).
    counted: HashMap<i64, Option<Counted>>,
    /// Conversation id → its latest state in this page, to be written.
    conversations: HashMap<i64, Conversation>,
    /// Conversation id → its newest message in this page.
    newest: HashMap<i64, Preview>,
    /// Messages whose text is not in the full-text index yet.
    unindexed: HashSet<i64>,
    /// Their words, for the list of indexed words.
    terms: TermCounts,
}

/// What `view_counts` counts of a conversation: its (holder, status) cell,
/// and its unread messages.
#[derive(Clone, PartialEq)]
struct Counted {
    holder: i64,
    status: ConversationStatus,
    /// Snoozed now (counted in its holder's 'snoozed' cell).
    snoozed: bool,
    unread: i64,
}

impl Counted {
    fn of(c: &Conversation, now: i64) -> Counted {
        Counted {
            holder: c.assignee.unwrap_or(0),
            status: c.status,
            snoozed: snoozed_now(c, now),
            unread: c.unread,
        }
    }

    /// Its cell of `view_counts`.
    fn cell(&self) -> (i64, &'static str) {
        let status = if self.snoozed {
            "snoozed"
        } else {
            status_str(self.status)
        };
        (self.holder, status)
    }
}

struct Preview {
    at: (i64, i64),
    text: Option<String>,
    direction: Direction,
    status: DeliveryStatus,
}

impl PageWrite {
    fn holder(&mut self, tx: &rusqlite::Transaction<'_>, id: i64) -> Result<Option<Place>> {
        if let Some(h) = self.holders.get(&id) {
            return Ok(*h);
        }
        type Counts = (Option<i64>, String, i64, Option<i64>, i64);
        let row: Option<Counts> = tx
            .prepare_cached(
                "SELECT assignee, status, unread, team_id, snoozed FROM conversations WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let h = row
            .as_ref()
            .map(|&(assignee, _, _, team, _)| Place { assignee, team });
        self.holders.insert(id, h);
        self.counted.insert(
            id,
            row.map(|(assignee, status, unread, _, snoozed)| Counted {
                holder: assignee.unwrap_or(0),
                status: status_from(&status),
                snoozed: snoozed != 0,
                unread,
            }),
        );
        Ok(h)
    }

    /// A conversation's new state. Who holds it is known at once (the
    /// page's messages are checked against it); its row is written once per
    /// page, in its latest state, by [`PageWrite::finish`], with the view
    /// counts: the hub sends a conversation change before every message, and
    /// each write of the row costs whole 16 KiB pages of journal.
    fn conversation(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        c: &Conversation,
        me: &Me,
    ) -> Result<()> {
        if !may_read(me.who(), c.place()) {
            return self.revoke(tx, c.id);
        }
        let before = self.holder(tx, c.id)?;
        if before.is_none() {
            self.applied.opened.push(c.id);
            // Readable again before its old messages have left: they go now,
            // and the hub's feed brings them back as they are today.
            let queued = tx
                .prepare_cached("DELETE FROM purge_queue WHERE conversation_id = ?1")?
                .execute([c.id])?;
            if queued > 0 {
                self.index(tx)?;
                while purge_messages(tx, c.id, PURGE_STEP)? == PURGE_STEP {}
            }
        }
        if c.assignee == Some(me.agent_id) && before.and_then(|p| p.assignee) != Some(me.agent_id) {
            self.applied.assigned_to_me.push(c.id);
        }
        self.holders.insert(c.id, Some(c.place()));
        self.conversations.insert(c.id, c.clone());
        Ok(())
    }

    fn message(&mut self, tx: &rusqlite::Transaction<'_>, m: &Message, me: &Me) -> Result<()> {
        // The hub sends a conversation before its messages, so an unknown
        // conversation here is one this agent may not read.
        match self.holder(tx, m.conversation_id)? {
            Some(place) if may_read(me.who(), place) => {}
            _ => return Ok(()),
        }
        // Most messages are new: insert first, and read the old text only
        // when the message is already here (one lookup either way).
        let old_text: Option<Option<String>> = if insert_message(tx, m)? {
            None
        } else {
            tx.prepare_cached("SELECT text FROM messages WHERE id = ?1")?
                .query_row([m.id], |r| r.get(0))
                .optional()?
        };
        match &old_text {
            None => self.new_message(tx, m, me)?,
            Some(old) => self.changed_message(tx, m, old)?,
        }
        if let Some(cmid) = &m.client_message_id {
            tx.prepare_cached("DELETE FROM outbox WHERE client_message_id = ?1")?
                .execute([cmid])?;
        }
        self.preview(m);
        Ok(())
    }

    /// A message new to this copy: its reaction goes onto the message it is
    /// about, its text waits for the page's index write, and an inbound
    /// message or a colleague's note is kept to be told of.
    fn new_message(&mut self, tx: &rusqlite::Transaction<'_>, m: &Message, me: &Me) -> Result<()> {
        if let (Some(Details::Reaction { emoji }), Some(target)) = (&m.details, m.target) {
            react(tx, target, m.direction, emoji.as_deref())?;
        }
        self.unindexed.insert(m.id);
        if let Some(text) = &m.text {
            self.terms.add(text);
        }
        if m.direction == Direction::Inbound {
            self.applied.fresh.push(m.clone());
        } else if m.kind == NOTE && m.sent_by != Some(me.agent_id) {
            self.applied.notes.push(m.clone());
        }
        Ok(())
    }

    /// A message this copy already holds (a new state, an edit), whose text
    /// was `old`: its row is rewritten, and a changed text leaves the index
    /// and the word list under its old words.
    fn changed_message(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        m: &Message,
        old: &Option<String>,
    ) -> Result<()> {
        // An edited text leaves the index under its old words first
        // (an external-content index is told what it held).
        if *old != m.text && !self.unindexed.contains(&m.id) {
            tx.prepare_cached(
                "INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?1, ?2)",
            )?
            .execute(params![m.id, old])?;
            self.unindexed.insert(m.id);
        }
        if *old != m.text {
            if let Some(text) = old {
                self.terms.remove(text);
            }
            if let Some(text) = &m.text {
                self.terms.add(text);
            }
        }
        update_message(tx, m)
    }

    /// The list's preview follows the newest message (or its new state);
    /// a note is the team's, not the conversation with the customer.
    fn preview(&mut self, m: &Message) {
        let at = (m.timestamp, m.id);
        if m.kind != NOTE
            && self
                .newest
                .get(&m.conversation_id)
                .is_none_or(|p| at >= p.at)
        {
            self.newest.insert(
                m.conversation_id,
                Preview {
                    at,
                    text: m.text.clone(),
                    direction: m.direction,
                    status: m.status,
                },
            );
        }
    }

    fn revoke(&mut self, tx: &rusqlite::Transaction<'_>, conversation_id: i64) -> Result<()> {
        // Its messages' index entries are removed below, so any of them still
        // waiting for the index go in first.
        self.index(tx)?;
        // Held (stored, or readable earlier in this page, its row not
        // written yet): its messages are queued to leave.
        let held = self.holder(tx, conversation_id)?.is_some();
        self.newest.remove(&conversation_id);
        self.conversations.remove(&conversation_id);
        self.holders.insert(conversation_id, None);
        // Its row goes (the delete trigger takes it out of the counts).
        self.counted.insert(conversation_id, None);
        revoke(tx, conversation_id, held)
    }

    /// Adds the page's new and edited texts to the full-text index at once.
    fn index(&mut self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        write_terms(tx, &mut self.terms)?;
        if self.unindexed.is_empty() {
            return Ok(());
        }
        let mut ids: Vec<i64> = self.unindexed.drain().collect();
        ids.sort_unstable();
        let ids = serde_json::to_string(&ids).map_err(|_| CoreError::Invalid("message ids"))?;
        tx.prepare_cached(
            "INSERT INTO messages_fts (rowid, text)
             SELECT m.id, m.text FROM json_each(?1) j JOIN messages m ON m.id = j.value",
        )?
        .execute([ids])?;
        Ok(())
    }

    fn finish(&mut self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        let mut conversations: Vec<Conversation> =
            self.conversations.drain().map(|(_, c)| c).collect();
        conversations.sort_unstable_by_key(|c| c.id);
        // Each (holder, status) cell's change, written once per page.
        let mut cells: HashMap<(i64, &'static str), (i64, i64)> = HashMap::new();
        let at = super::now();
        for c in &conversations {
            let now = Counted::of(c, at);
            let before = self.counted.get(&c.id).cloned().flatten();
            if before.as_ref() != Some(&now) {
                if let Some(b) = before {
                    let cell = cells.entry(b.cell()).or_default();
                    cell.0 -= 1;
                    cell.1 -= b.unread;
                }
                let cell = cells.entry(now.cell()).or_default();
                cell.0 += 1;
                cell.1 += now.unread;
            }
            write_conversation(tx, c, at)?;
        }
        let mut count = tx.prepare_cached(
            "INSERT INTO view_counts (holder, status, conversations, unread) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (holder, status) DO UPDATE SET conversations = conversations + excluded.conversations,
               unread = unread + excluded.unread",
        )?;
        for ((holder, status), (conversations, unread)) in cells {
            if (conversations, unread) != (0, 0) {
                count.execute(params![holder, status, conversations, unread])?;
            }
        }
        self.index(tx)?;
        // Never an older message over a newer one applied before.
        let mut stmt = tx.prepare_cached(
            "UPDATE conversations SET preview = ?1, last_direction = ?2, last_status = ?3,
               preview_at = ?4, preview_id = ?5
             WHERE id = ?6 AND (preview_at IS NULL OR (?4, ?5) >= (preview_at, preview_id))",
        )?;
        for (conversation_id, p) in &self.newest {
            stmt.execute(params![
                p.text,
                direction_str(p.direction),
                p.status.as_str(),
                p.at.0,
                p.at.1,
                conversation_id
            ])?;
        }
        Ok(())
    }
}

/// Writes a conversation's state (not its preview, which follows its
/// messages) and its labels.
/// Whether this copy counts `c` as snoozed at `now`: open, and its snooze
/// not over (a resolved conversation is never snoozed).
fn snoozed_now(c: &Conversation, now: i64) -> bool {
    c.status == ConversationStatus::Open && c.is_snoozed(now)
}

/// A snooze whose time has passed is written as over (`now`: unix seconds).
fn write_conversation(tx: &rusqlite::Transaction<'_>, c: &Conversation, now: i64) -> Result<()> {
    let snoozed = snoozed_now(c, now);
    tx.prepare_cached(
        "INSERT INTO conversations (id, wa_id, contact_name, assignee, status, unread, last_inbound_at, last_message_at,
                                    marketing_opt_out, labels, inbox, team_id, snoozed, snoozed_until, due_at, due_kind, csat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT (id) DO UPDATE SET wa_id = excluded.wa_id, contact_name = excluded.contact_name,
           assignee = excluded.assignee, status = excluded.status, unread = excluded.unread,
           last_inbound_at = excluded.last_inbound_at, last_message_at = excluded.last_message_at,
           marketing_opt_out = excluded.marketing_opt_out, labels = excluded.labels,
           inbox = excluded.inbox, team_id = excluded.team_id,
           snoozed = excluded.snoozed, snoozed_until = excluded.snoozed_until,
           due_at = excluded.due_at, due_kind = excluded.due_kind, csat = excluded.csat",
    )?
    .execute(params![
        c.id,
        c.wa_id,
        c.contact_name,
        c.assignee,
        status_str(c.status),
        c.unread,
        c.last_inbound_at,
        c.last_message_at,
        c.marketing_opt_out,
        (!c.labels.is_empty()).then(|| serde_json::to_string(&c.labels).unwrap_or_default()),
        c.inbox,
        c.team_id,
        snoozed,
        snoozed.then_some(c.snoozed_until).flatten(),
        c.due_at,
        c.due_kind.map(switchboard_protocol::SlaKind::as_str),
        c.csat
    ])?;
    set_conversation_labels(tx, c.id, &c.labels)
}

/// Adds a message to the copy unless it is there already.
const INSERT_MESSAGE: &str = "INSERT INTO messages (id, conversation_id, direction, kind, text, wamid, client_message_id, status, error, timestamp, sent_by,
                                       media_state, media_mime, media_size, details, reply_to, target, edited)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                 ON CONFLICT (id) DO NOTHING";

/// Rewrites a message this copy holds with the hub's version of it.
const UPDATE_MESSAGE: &str = "UPDATE messages SET kind = ?2, text = ?3, wamid = ?4, status = ?5, error = ?6, media_state = ?7, media_mime = ?8,
                       media_size = ?9, details = ?10, reply_to = ?11, target = ?12, edited = ?13
                     WHERE id = ?1";

/// Inserts `m` if this copy does not hold it yet; whether it was new.
fn insert_message(tx: &rusqlite::Transaction<'_>, m: &Message) -> Result<bool> {
    let inserted = tx.prepare_cached(INSERT_MESSAGE)?.execute(params![
        m.id,
        m.conversation_id,
        direction_str(m.direction),
        m.kind,
        m.text,
        m.wamid,
        m.client_message_id,
        m.status.as_str(),
        m.error,
        m.timestamp,
        m.sent_by,
        m.media.as_ref().map(|x| x.state.clone()),
        m.media.as_ref().and_then(|x| x.mime_type.clone()),
        m.media.as_ref().and_then(|x| x.size),
        details_json(m)?,
        m.reply_to,
        m.target,
        m.edited,
    ])?;
    Ok(inserted == 1)
}

/// Writes the hub's version of a message this copy holds.
fn update_message(tx: &rusqlite::Transaction<'_>, m: &Message) -> Result<()> {
    tx.prepare_cached(UPDATE_MESSAGE)?.execute(params![
        m.id,
        m.kind,
        m.text,
        m.wamid,
        m.status.as_str(),
        m.error,
        m.media.as_ref().map(|x| x.state.clone()),
        m.media.as_ref().and_then(|x| x.mime_type.clone()),
        m.media.as_ref().and_then(|x| x.size),
        details_json(m)?,
        m.reply_to,
        m.target,
        m.edited,
    ])?;
    Ok(())
}

/// Keeps a conversation's rows of `conversation_labels` as `labels`.
fn set_conversation_labels(
    tx: &rusqlite::Transaction<'_>,
    conversation_id: i64,
    labels: &[i64],
) -> Result<()> {
    tx.prepare_cached("DELETE FROM conversation_labels WHERE conversation_id = ?1")?
        .execute([conversation_id])?;
    for label in labels {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id) VALUES (?1, ?2)",
        )?
        .execute([conversation_id, *label])?;
    }
    Ok(())
}

fn status_str(s: ConversationStatus) -> &'static str {
    match s {
        ConversationStatus::Open => "open",
        ConversationStatus::Resolved => "resolved",
    }
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

fn details_json(m: &Message) -> Result<Option<String>> {
    Ok(match &m.details {
        Some(d) => Some(
            serde_json::to_string(d)
                .map_err(|_| CoreError::Invalid("a message's details could not be stored"))?,
        ),
        None => None,
    })
}

/// A new reaction replaces its side's earlier one on `target`; a reaction
/// without an emoji takes that side's back. Applied once, when the reaction
/// first arrives (a later status change of it repeats nothing).
fn react(
    tx: &rusqlite::Transaction<'_>,
    target: i64,
    direction: Direction,
    emoji: Option<&str>,
) -> Result<()> {
    let current: Option<Option<String>> = tx
        .prepare_cached("SELECT reactions FROM messages WHERE id = ?1")?
        .query_row([target], |r| r.get(0))
        .optional()?;
    let Some(current) = current else {
        return Ok(());
    };
    let mut reactions: Vec<Reaction> = current
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    reactions.retain(|r| r.direction != direction);
    if let Some(emoji) = emoji {
        reactions.push(Reaction {
            emoji: emoji.to_owned(),
            direction,
        });
    }
    let json = if reactions.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&reactions)
                .map_err(|_| CoreError::Invalid("a reaction could not be stored"))?,
        )
    };
    tx.prepare_cached("UPDATE messages SET reactions = ?2 WHERE id = ?1")?
        .execute(params![target, json])?;
    Ok(())
}
