//! The conversation lists the window shows: a view's pages (keyset on last
//! activity, never OFFSET) and every view's count, read from the counts the
//! store keeps up to date rather than by scanning conversations.

use super::{Store, status_from};
use crate::error::{CoreError, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use switchboard_protocol::{Conversation, DeliveryStatus, Direction, Me, Permission};

/// A conversation row as the UI lists it.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ConversationView {
    #[serde(flatten)]
    pub conversation: Conversation,
    /// Preview of the last message.
    pub preview: Option<String>,
    /// Who wrote the last message, and (for ours) how far it got.
    pub last_direction: Option<Direction>,
    pub last_status: Option<DeliveryStatus>,
    /// What the signed-in agent may do with it (from the protocol's role table).
    #[serde(flatten)]
    pub actions: switchboard_protocol::Actions,
}

/// A list of conversations the UI shows, newest activity first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum View {
    /// Open, held by me.
    Mine,
    /// Open, in the queue.
    Unassigned,
    /// Open, whoever holds it (admins and viewers; for an agent, Mine and
    /// Unassigned together, all its copy holds).
    All,
    Resolved,
    /// Snoozed until a time or until the customer writes (of those this copy holds).
    Snoozed,
    /// Open, a service-level target due within the hour (by this computer's clock).
    DueSoon,
    /// Open, a service-level target past due.
    Overdue,
    /// Open, held by one agent (admins and viewers).
    Agent {
        agent_id: i64,
    },
    /// Open, with one label (of those this copy holds).
    Label {
        label_id: i64,
    },
    /// Open, in one team's queue (unassigned).
    TeamQueue {
        team_id: i64,
    },
    /// Open, in one team, whoever holds it (of those this copy holds).
    Team {
        team_id: i64,
    },
}

/// Where a page of conversations ends: pass it back as `after` for the next.
pub type ListCursor = (i64, i64);

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    /// `None` when this page is the last.
    pub next: Option<ListCursor>,
}

/// The views this agent has, in the order the UI shows them, with how many
/// conversations each holds; and the unread total.
#[derive(Debug, Clone, Default, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ViewCounts {
    pub views: Vec<ViewCount>,
    /// Unread messages across every conversation in this copy.
    pub unread: i64,
    /// Replies in the outbox waiting to reach the hub.
    pub outbox: i64,
    /// Replies the hub refused for good (to retry or discard).
    pub failed: i64,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct ViewCount {
    pub view: View,
    pub count: i64,
}

impl Store {
    pub fn conversation(&self, id: i64) -> Result<Conversation> {
        self.read()
            .query_row(
                "SELECT id, wa_id, contact_name, assignee, status, unread, last_inbound_at, last_message_at,
                        marketing_opt_out, labels, inbox, team_id, snoozed, snoozed_until, due_at, due_kind, csat
                 FROM conversations WHERE id = ?1",
                [id],
                conversation_from_row,
            )
            .optional()?
            .ok_or(CoreError::NotFound)
    }

    /// A page of `view` for `me`, newest activity first, after `after`
    /// (keyset on last activity and id, on the view's index; never OFFSET).
    pub fn conversation_page(
        &self,
        me: &Me,
        view: View,
        after: Option<ListCursor>,
        limit: i64,
    ) -> Result<ConversationPage> {
        let limit = limit.clamp(1, 200);
        if after.is_none() {
            self.remember(|r| r.list = Some((me.clone(), view, limit)));
        }
        let (at, id) = after.unwrap_or((i64::MAX, i64::MAX));
        let (filter, holder) = match view {
            View::Mine => (
                "c.status = 'open' AND c.snoozed = 0 AND c.assignee = ?4",
                Some(me.agent_id),
            ),
            View::Unassigned => (
                "c.status = 'open' AND c.snoozed = 0 AND c.assignee IS NULL",
                None,
            ),
            View::All => ("c.status = 'open' AND c.snoozed = 0", None),
            View::Resolved => ("c.status = 'resolved'", None),
            View::Snoozed => ("c.snoozed <> 0", None),
            // `?4`: now; the index on due_at finds them.
            View::DueSoon => (
                "c.due_at > ?4 AND c.due_at <= ?4 + 3600 AND c.status = 'open' AND c.snoozed = 0",
                Some(super::now()),
            ),
            View::Overdue => (
                "c.due_at <= ?4 AND c.status = 'open' AND c.snoozed = 0",
                Some(super::now()),
            ),
            View::Agent { agent_id } => (
                "c.status = 'open' AND c.snoozed = 0 AND c.assignee = ?4",
                Some(agent_id),
            ),
            View::Label { label_id } => (
                "c.status = 'open' AND c.snoozed = 0 AND c.id IN (SELECT conversation_id FROM conversation_labels WHERE label_id = ?4)",
                Some(label_id),
            ),
            View::TeamQueue { team_id } => (
                "c.team_id = ?4 AND c.status = 'open' AND c.snoozed = 0 AND c.assignee IS NULL",
                Some(team_id),
            ),
            View::Team { team_id } => (
                "c.team_id = ?4 AND c.status = 'open' AND c.snoozed = 0",
                Some(team_id),
            ),
        };
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM conversations c
             WHERE {filter} AND (c.last_message_at, c.id) < (?1, ?2)
             ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?3"
        ))?;
        let map = |r: &rusqlite::Row<'_>| view_from_row(r, me);
        let mut items = match holder {
            Some(h) => stmt
                .query_map(params![at, id, limit + 1, h], map)?
                .collect::<Result<Vec<_>, _>>()?,
            None => stmt
                .query_map(params![at, id, limit + 1], map)?
                .collect::<Result<Vec<_>, _>>()?,
        };
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items
                .last()
                .map(|v| (v.conversation.last_message_at, v.conversation.id))
        } else {
            None
        };
        Ok(ConversationPage { items, next })
    }

    /// Every view's count and the unread total, from the counts the store
    /// keeps up to date as changes are applied (a few rows, not a scan).
    pub fn view_counts(&self, me: &Me) -> Result<ViewCounts> {
        let conn = self.read();
        let held = Held::read(&conn, me.agent_id)?;
        let unread = held.unread;
        let mut views = held.views(me);
        views.extend(due_views(&conn, super::now())?);
        views.extend(team_views(&conn, me)?);
        views.extend(label_views(&conn)?);
        let (outbox, failed) = conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE failed = 0), count(*) FILTER (WHERE failed <> 0) FROM outbox",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(ViewCounts {
            views,
            unread,
            outbox,
            failed,
        })
    }

    /// One conversation as the list shows it (the thread pane's header).
    pub fn conversation_view(&self, me: &Me, id: i64) -> Result<ConversationView> {
        let conn = self.read();
        conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM conversations c WHERE c.id = ?1"
        ))?
        .query_row([id], |r| view_from_row(r, me))
        .optional()?
        .ok_or(CoreError::NotFound)
    }

    /// Every conversation, newest first: for tests and tools. The UI pages
    /// through views ([`Store::conversation_page`]).
    pub fn conversations(&self, me: &Me) -> Result<Vec<ConversationView>> {
        let conn = self.read();
        let mut stmt = conn.prepare(&format!(
            "SELECT {VIEW_COLUMNS} FROM conversations c ORDER BY c.last_message_at DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map([], |r| view_from_row(r, me))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// How many conversations of the copy are where, from the counts the store
/// keeps (`view_counts`, a row per holder and status).
#[derive(Default)]
struct Held {
    /// Open, held by the signed-in agent.
    mine: i64,
    /// Open, in the queue.
    queue: i64,
    /// Open, whoever holds them.
    all: i64,
    resolved: i64,
    /// Snoozed, whoever holds them.
    snoozed: i64,
    /// Unread messages across every conversation.
    unread: i64,
    /// Each agent holding open conversations, with how many, by agent id.
    agents: Vec<(i64, i64)>,
}

impl Held {
    /// The counts as `me` (an agent id) sees them.
    fn read(conn: &Connection, me: i64) -> Result<Held> {
        let mut stmt = conn.prepare_cached(
            "SELECT holder, status, conversations, unread FROM view_counts WHERE conversations > 0",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut held = Held::default();
        for row in rows {
            let (holder, status, n, u) = row?;
            held.unread += u;
            if status == "resolved" {
                held.resolved += n;
                continue;
            }
            if status == "snoozed" {
                held.snoozed += n;
                continue;
            }
            held.all += n;
            match holder {
                0 => held.queue += n,
                h => {
                    if h == me {
                        held.mine += n;
                    }
                    held.agents.push((h, n));
                }
            }
        }
        held.agents.sort_unstable();
        Ok(held)
    }

    /// The views `me`'s role has, in the order the UI shows them, with
    /// their counts. Which views a role has: those who may hold
    /// conversations have Mine; those who read everything have All and one
    /// per agent.
    fn views(self, me: &Me) -> Vec<ViewCount> {
        let mut views = Vec::new();
        if me.role.allows(Permission::Claim) {
            views.push(ViewCount {
                view: View::Mine,
                count: self.mine,
            });
        }
        views.push(ViewCount {
            view: View::Unassigned,
            count: self.queue,
        });
        let reads_all = switchboard_protocol::sees_colleagues(me.who());
        if reads_all {
            views.push(ViewCount {
                view: View::All,
                count: self.all,
            });
        }
        views.push(ViewCount {
            view: View::Snoozed,
            count: self.snoozed,
        });
        views.push(ViewCount {
            view: View::Resolved,
            count: self.resolved,
        });
        if reads_all {
            views.extend(self.agents.into_iter().map(|(agent_id, count)| ViewCount {
                view: View::Agent { agent_id },
                count,
            }));
        }
        views
    }
}

/// "Due soon" and "Overdue" at `now`, each a range of the index of open,
/// awake conversations with a pending target (no table row read). Named:
/// the planner prefers the status index's equality, which reads every
/// open conversation (BENCHMARKS.md).
fn due_views(conn: &Connection, now: i64) -> Result<Vec<ViewCount>> {
    let count = |sql: &str| -> Result<i64> {
        Ok(conn.prepare_cached(sql)?.query_row([now], |r| r.get(0))?)
    };
    let soon = count(
        "SELECT count(*) FROM conversations INDEXED BY conversations_due_open
          WHERE due_at > ?1 AND due_at <= ?1 + 3600 AND status = 'open' AND snoozed = 0",
    )?;
    let overdue = count(
        "SELECT count(*) FROM conversations INDEXED BY conversations_due_open
          WHERE due_at <= ?1 AND status = 'open' AND snoozed = 0",
    )?;
    Ok(vec![
        ViewCount {
            view: View::DueSoon,
            count: soon,
        },
        ViewCount {
            view: View::Overdue,
            count: overdue,
        },
    ])
}

/// Two views per team the person is in (every team for an admin): its
/// queue, and all of it this copy holds, each with its open conversations
/// (counted on the team index, a few rows per team's open conversations).
fn team_views(conn: &Connection, me: &Me) -> Result<Vec<ViewCount>> {
    let admin = me.role.allows(switchboard_protocol::Permission::ReadAll);
    let mut stmt = conn.prepare_cached(
        "SELECT t.id,
                (SELECT count(*) FROM conversations c WHERE c.team_id = t.id AND c.status = 'open' AND c.snoozed = 0 AND c.assignee IS NULL),
                (SELECT count(*) FROM conversations c WHERE c.team_id = t.id AND c.status = 'open' AND c.snoozed = 0)
         FROM teams t ORDER BY t.name, t.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))?;
    let mut views = Vec::new();
    for row in rows {
        let (team_id, queue, all) = row?;
        if !(admin || me.teams.iter().any(|m| m.team_id == team_id)) {
            continue;
        }
        views.push(ViewCount {
            view: View::TeamQueue { team_id },
            count: queue,
        });
        views.push(ViewCount {
            view: View::Team { team_id },
            count: all,
        });
    }
    Ok(views)
}

/// One view per label, with its open conversations (a few rows per label in
/// an index, not a scan of the conversations).
fn label_views(conn: &Connection) -> Result<Vec<ViewCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, (SELECT count(*) FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id
                       WHERE cl.label_id = l.id AND c.status = 'open' AND c.snoozed = 0)
         FROM labels l ORDER BY l.name, l.id",
    )?;
    let labels = stmt.query_map([], |r| {
        Ok(ViewCount {
            view: View::Label {
                label_id: r.get(0)?,
            },
            count: r.get(1)?,
        })
    })?;
    Ok(labels.collect::<Result<Vec<_>, _>>()?)
}

const VIEW_COLUMNS: &str = "c.id, c.wa_id, c.contact_name, c.assignee, c.status, c.unread, c.last_inbound_at, c.last_message_at,
     c.preview, c.last_direction, c.last_status, c.marketing_opt_out, c.labels, c.inbox, c.team_id, c.snoozed, c.snoozed_until, c.due_at, c.due_kind, c.csat";

fn view_from_row(r: &rusqlite::Row<'_>, me: &Me) -> rusqlite::Result<ConversationView> {
    let conversation = conversation_from_row(r)?;
    let direction: Option<String> = r.get(9)?;
    let status: Option<String> = r.get(10)?;
    Ok(ConversationView {
        actions: switchboard_protocol::Actions::of(me.who(), conversation.place()),
        conversation,
        preview: r.get(8)?,
        last_direction: direction.map(|d| {
            if d == "inbound" {
                Direction::Inbound
            } else {
                Direction::Outbound
            }
        }),
        last_status: status.as_deref().and_then(DeliveryStatus::parse),
    })
}

fn conversation_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(4)?;
    Ok(Conversation {
        id: r.get(0)?,
        wa_id: r.get(1)?,
        contact_name: r.get(2)?,
        assignee: r.get(3)?,
        status: status_from(&status),
        unread: r.get(5)?,
        last_inbound_at: r.get(6)?,
        last_message_at: r.get(7)?,
        marketing_opt_out: r.get("marketing_opt_out")?,
        // Written by this store from typed values.
        labels: r
            .get::<_, Option<String>>("labels")?
            .and_then(|l| serde_json::from_str(&l).ok())
            .unwrap_or_default(),
        inbox: r.get("inbox")?,
        team_id: r.get("team_id")?,
        snoozed: r.get::<_, i64>("snoozed")? != 0,
        snoozed_until: r.get("snoozed_until")?,
        due_at: r.get("due_at")?,
        due_kind: r
            .get::<_, Option<String>>("due_kind")?
            .as_deref()
            .and_then(switchboard_protocol::SlaKind::parse),
        csat: r.get("csat")?,
    })
}
