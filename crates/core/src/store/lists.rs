//! The lists the hub owns (labels, canned replies, the team's names), kept
//! as the hub last gave them so the desktop can show them offline; each is
//! replaced whole in one transaction.

use super::Store;
use crate::error::Result;
use rusqlite::params;

impl Store {
    /// Labels, as the hub last listed them (by name).
    pub fn labels(&self) -> Result<Vec<switchboard_protocol::Label>> {
        self.kept_list(
            "SELECT id, name, colour FROM labels ORDER BY name, id",
            |r| {
                Ok(switchboard_protocol::Label {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    colour: r.get(2)?,
                })
            },
        )
    }

    /// Replaces the labels with the hub's list. A colour that is not
    /// `#rrggbb` is kept as grey: it goes into a style in the UI.
    pub fn set_labels(&self, labels: &[switchboard_protocol::Label]) -> Result<()> {
        self.keep_list(
            "labels",
            "INSERT INTO labels (id, name, colour) VALUES (?1, ?2, ?3)",
            labels,
            |stmt, l| {
                let colour = match switchboard_protocol::validate_colour(&l.colour) {
                    Ok(()) => l.colour.as_str(),
                    Err(_) => "#888888",
                };
                stmt.execute(params![l.id, l.name, colour])
            },
        )
    }

    /// Rows of a list the hub owns, as kept.
    fn kept_list<T>(
        &self,
        sql: &str,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], map)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Replaces every row of `table`, a list the hub owns, in one transaction.
    fn keep_list<T>(
        &self,
        table: &str,
        insert: &str,
        items: &[T],
        bind: impl Fn(&mut rusqlite::CachedStatement<'_>, &T) -> rusqlite::Result<usize>,
    ) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(&format!("DELETE FROM {table}"), [])?;
        {
            let mut stmt = tx.prepare_cached(insert)?;
            for item in items {
                bind(&mut stmt, item)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Canned replies, as the hub last listed them (by shortcut).
    pub fn canned(&self) -> Result<Vec<switchboard_protocol::CannedReply>> {
        self.kept_list(
            "SELECT id, name, shortcut, body FROM canned_replies ORDER BY shortcut",
            |r| {
                Ok(switchboard_protocol::CannedReply {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    shortcut: r.get(2)?,
                    text: r.get(3)?,
                })
            },
        )
    }

    /// Replaces the canned replies with the hub's list.
    pub fn set_canned(&self, canned: &[switchboard_protocol::CannedReply]) -> Result<()> {
        self.keep_list(
            "canned_replies",
            "INSERT INTO canned_replies (id, name, shortcut, body) VALUES (?1, ?2, ?3, ?4)",
            canned,
            |stmt, c| stmt.execute(params![c.id, c.name, c.shortcut, c.text]),
        )
    }

    /// The macros, as the hub last listed them (by name).
    pub fn macros(&self) -> Result<Vec<switchboard_protocol::Macro>> {
        self.kept_list(
            "SELECT id, name, steps FROM macros ORDER BY name, id",
            |r| {
                let steps: String = r.get(2)?;
                Ok(switchboard_protocol::Macro {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    // Written by this store from typed values.
                    steps: serde_json::from_str(&steps).unwrap_or_default(),
                })
            },
        )
    }

    /// Replaces the macros with the hub's list.
    pub fn set_macros(&self, macros: &[switchboard_protocol::Macro]) -> Result<()> {
        self.keep_list(
            "macros",
            "INSERT INTO macros (id, name, steps) VALUES (?1, ?2, ?3)",
            macros,
            |stmt, m| {
                let steps = serde_json::to_string(&m.steps).unwrap_or_else(|_| "[]".into());
                stmt.execute(params![m.id, m.name, steps])
            },
        )
    }

    /// The team's names, as the hub last listed them.
    pub fn team(&self) -> Result<Vec<switchboard_protocol::TeamMember>> {
        self.kept_list("SELECT id, name FROM team ORDER BY name, id", |r| {
            Ok(switchboard_protocol::TeamMember {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
    }

    /// Replaces the team's names with the hub's list.
    pub fn set_team(&self, team: &[switchboard_protocol::TeamMember]) -> Result<()> {
        self.keep_list(
            "team",
            "INSERT INTO team (id, name) VALUES (?1, ?2)",
            team,
            |stmt, m| stmt.execute(params![m.id, m.name]),
        )
    }

    /// Teams and their members, as the hub last listed them (by name).
    pub fn teams(&self) -> Result<Vec<switchboard_protocol::Team>> {
        self.kept_list(
            "SELECT id, name, members FROM teams ORDER BY name, id",
            |r| {
                let members: String = r.get(2)?;
                Ok(switchboard_protocol::Team {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    members: serde_json::from_str(&members).unwrap_or_default(),
                })
            },
        )
    }

    /// Replaces the teams with the hub's list.
    pub fn set_teams(&self, teams: &[switchboard_protocol::Team]) -> Result<()> {
        self.keep_list(
            "teams",
            "INSERT INTO teams (id, name, members) VALUES (?1, ?2, ?3)",
            teams,
            |stmt, t| {
                let members = serde_json::to_string(&t.members).unwrap_or_else(|_| "[]".into());
                stmt.execute(params![t.id, t.name, members])
            },
        )
    }

    /// The business numbers, as the hub last listed them (by name).
    pub fn inboxes(&self) -> Result<Vec<switchboard_protocol::Inbox>> {
        self.kept_list(
            "SELECT id, name, team_id, hours, away_reply, greeting, csat_question, csat_answers FROM inboxes ORDER BY name, id",
            |r| {
                Ok(switchboard_protocol::Inbox {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    team_id: r.get(2)?,
                    // Written by this store from typed values.
                    hours: r
                        .get::<_, Option<String>>(3)?
                        .and_then(|h| serde_json::from_str(&h).ok()),
                    away_reply: r.get(4)?,
                    greeting: r.get(5)?,
                    csat_question: r.get(6)?,
                    csat_answers: r
                        .get::<_, Option<String>>(7)?
                        .and_then(|a| serde_json::from_str(&a).ok()),
                })
            },
        )
    }

    /// Replaces the inboxes with the hub's list.
    pub fn set_inboxes(&self, inboxes: &[switchboard_protocol::Inbox]) -> Result<()> {
        self.keep_list(
            "inboxes",
            "INSERT INTO inboxes (id, name, team_id, hours, away_reply, greeting, csat_question, csat_answers)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            inboxes,
            |stmt, i| {
                let hours = i.hours.as_ref().and_then(|h| serde_json::to_string(h).ok());
                let answers = i
                    .csat_answers
                    .as_ref()
                    .and_then(|a| serde_json::to_string(a).ok());
                stmt.execute(params![
                    i.id,
                    i.name,
                    i.team_id,
                    hours,
                    i.away_reply,
                    i.greeting,
                    i.csat_question,
                    answers
                ])
            },
        )
    }
}
