//! Teams and inboxes (issue 28): admins create teams, put people in them,
//! route each inbox (a business number) to one, and move conversations
//! between them. What each person may read follows from the role table
//! (`switchboard_protocol::may_read`), so every change here does what a role
//! change does, for the conversations it touches: it tells the event
//! streams to read their callers again (the `tokens` generation), revokes
//! what someone may no longer read and replays what it now may.

use super::*;
use switchboard_protocol::{Inbox, Membership, Place, Team, TeamMembership, may_read};

const TAKEN: StoreError = StoreError::Clash("duplicate_name", "another team has that name");

pub fn list_teams(conn: &dyn Db) -> Result<Vec<Team>, StoreError> {
    let mut teams: Vec<Team> = conn
        .rows("SELECT id, name FROM teams ORDER BY name, id", &[])?
        .iter()
        .map(|r| {
            Ok(Team {
                id: r.i64(0)?,
                name: r.text(1)?,
                members: Vec::new(),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    for r in conn.rows(
        "SELECT team_id, agent_id, lead FROM team_members ORDER BY team_id, agent_id",
        &[],
    )? {
        let team_id = r.i64(0)?;
        if let Some(team) = teams.iter_mut().find(|t| t.id == team_id) {
            team.members.push(TeamMembership {
                agent_id: r.i64(1)?,
                lead: r.bool(2)?,
            });
        }
    }
    Ok(teams)
}

fn team_exists(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    match conn.row("SELECT 1 FROM teams WHERE id = ?1", vals![id])? {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound),
    }
}

/// Refuses a team a request names that does not exist (none: no team).
pub(crate) fn known_team(conn: &dyn Db, team: Option<i64>) -> Result<(), StoreError> {
    match team {
        Some(t) => {
            team_exists(conn, t).map_err(|_| StoreError::Invalid("invalid_team", "no such team"))
        }
        None => Ok(()),
    }
}

/// A new team; returns its id.
pub fn add_team(conn: &dyn Db, name: &str) -> Result<i64, StoreError> {
    let name = valid_agent_name(name)?;
    let id = conn
        .row(
            "INSERT INTO teams (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING RETURNING id",
            vals![name, now()],
        )?
        .ok_or(TAKEN)?
        .i64(0)?;
    bump_lists(conn)?;
    Ok(id)
}

pub fn rename_team(conn: &dyn Db, id: i64, name: &str) -> Result<(), StoreError> {
    let name = valid_agent_name(name)?;
    team_exists(conn, id)?;
    if conn
        .row(
            "SELECT id FROM teams WHERE name = ?1 AND id <> ?2",
            vals![name, id],
        )?
        .is_some()
    {
        return Err(TAKEN);
    }
    conn.exec("UPDATE teams SET name = ?1 WHERE id = ?2", vals![name, id])?;
    bump_lists(conn)
}

/// Deletes a team that holds nothing: no conversation is in its queue and
/// no inbox goes to it (move them first). Its members lose nothing.
pub fn delete_team(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    team_exists(conn, id)?;
    let in_use = conn
        .row(
            "SELECT 1 FROM conversations WHERE team_id = ?1
             UNION ALL SELECT 1 FROM inboxes WHERE team_id = ?1 LIMIT 1",
            vals![id],
        )?
        .is_some();
    if in_use {
        return Err(StoreError::Clash(
            "team_not_empty",
            "the team still has conversations or inboxes: move them to another team first",
        ));
    }
    conn.exec("DELETE FROM team_members WHERE team_id = ?1", vals![id])?;
    conn.exec("DELETE FROM teams WHERE id = ?1", vals![id])?;
    bump_auth_generation(conn)?;
    bump_lists(conn)
}

/// The conversations of `team`, with where each is.
fn team_conversations(conn: &dyn Db, team: i64) -> Result<Vec<(i64, Place)>, StoreError> {
    conn.rows(
        "SELECT id, assignee FROM conversations WHERE team_id = ?1 ORDER BY id",
        vals![team],
    )?
    .iter()
    .map(|r| {
        Ok((
            r.i64(0)?,
            Place {
                assignee: r.opt_i64(1)?,
                team: Some(team),
            },
        ))
    })
    .collect()
}

/// After `agent`'s teams changed from `before`: revokes the conversations
/// of `team` it could read and no longer may, and replays those it now may.
fn reconcile(
    conn: &dyn Db,
    agent: &AgentRow,
    before: &[Membership],
    team: i64,
) -> Result<(), StoreError> {
    let was = switchboard_protocol::Who::new(agent.role, agent.id, before);
    let now = agent.who();
    for (id, place) in team_conversations(conn, team)? {
        match (may_read(was, place), may_read(now, place)) {
            (true, false) => append_change(conn, id, "revoked", None)?,
            (false, true) => {
                append_change(conn, id, "conversation", None)?;
                replay_history(conn, id)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Puts `agent_id` in `team` (or changes whether it leads it); true if that
/// changed anything.
pub fn set_member(conn: &dyn Db, team: i64, agent_id: i64, lead: bool) -> Result<bool, StoreError> {
    team_exists(conn, team)?;
    let before = agent(conn, agent_id)?;
    let changed = conn.exec(
        "INSERT INTO team_members (team_id, agent_id, lead) VALUES (?1, ?2, ?3)
         ON CONFLICT (team_id, agent_id) DO UPDATE SET lead = excluded.lead
           WHERE team_members.lead <> excluded.lead",
        vals![team, agent_id, lead],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    bump_auth_generation(conn)?;
    bump_lists(conn)?;
    let after = agent(conn, agent_id)?;
    reconcile(conn, &after, &before.teams, team)?;
    Ok(true)
}

/// Takes `agent_id` out of `team`: what it held there goes back to the
/// team's queue (with its history, for the colleagues who see the queue),
/// and what it may no longer read is revoked. True if it was a member.
pub fn remove_member(conn: &dyn Db, team: i64, agent_id: i64) -> Result<bool, StoreError> {
    team_exists(conn, team)?;
    let before = agent(conn, agent_id)?;
    if conn.exec(
        "DELETE FROM team_members WHERE team_id = ?1 AND agent_id = ?2",
        vals![team, agent_id],
    )? == 0
    {
        return Ok(false);
    }
    bump_auth_generation(conn)?;
    bump_lists(conn)?;
    let after = agent(conn, agent_id)?;
    if !after.role.allows(switchboard_protocol::Permission::ReadAll) {
        return_to_queue(
            conn,
            "SELECT id FROM conversations WHERE team_id = ?1 AND assignee = ?2 ORDER BY id",
            vals![team, agent_id],
            true,
        )?;
    }
    reconcile(conn, &after, &before.teams, team)?;
    Ok(true)
}

/// Every business number the hub answers: the ones named, and the ones a
/// customer wrote to that nobody has named yet (named by their id).
pub fn list_inboxes(conn: &dyn Db) -> Result<Vec<Inbox>, StoreError> {
    conn.rows(
        "SELECT phone_number_id, name, team_id, hours, away_reply, greeting, csat_question, csat_answers FROM inboxes
         UNION ALL
         SELECT DISTINCT c.phone_number_id, c.phone_number_id, CAST(NULL AS BIGINT),
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
                CAST(NULL AS TEXT) FROM conversations c
          WHERE NOT EXISTS (SELECT 1 FROM inboxes i WHERE i.phone_number_id = c.phone_number_id)
         ORDER BY 2, 1",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(Inbox {
            id: r.text(0)?,
            name: r.text(1)?,
            team_id: r.opt_i64(2)?,
            hours: r.opt_text(3)?.and_then(|h| serde_json::from_str(&h).ok()),
            away_reply: r.opt_text(4)?,
            greeting: r.opt_text(5)?,
            csat_question: r.opt_text(6)?,
            csat_answers: r.opt_text(7)?.and_then(|a| serde_json::from_str(&a).ok()),
        })
    })
    .collect()
}

/// Checks an inbox's id: a business number's phone number id (digits).
pub(crate) fn valid_inbox_id(id: &str) -> Result<(), StoreError> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::Invalid(
            "invalid_inbox",
            "an inbox is a business number's phone number id (digits)",
        ));
    }
    Ok(())
}

/// Names inbox `id` and routes it to `team`. Its new conversations go to
/// that team; so do its conversations still in the team it went to before
/// (the ones moved by hand stay where they were moved). Returns the
/// conversations moved.
pub fn set_inbox(
    conn: &dyn Db,
    keys: &Keyring,
    id: &str,
    name: &str,
    team: Option<i64>,
    actor: i64,
) -> Result<Vec<i64>, StoreError> {
    let name = valid_agent_name(name)?;
    valid_inbox_id(id)?;
    known_team(conn, team)?;
    let previous = conn
        .row(
            "SELECT team_id FROM inboxes WHERE phone_number_id = ?1",
            vals![id],
        )?
        .map(|r| r.opt_i64(0))
        .transpose()?
        .flatten();
    conn.exec(
        "INSERT INTO inboxes (phone_number_id, name, team_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (phone_number_id) DO UPDATE SET name = excluded.name, team_id = excluded.team_id",
        vals![id, name, team],
    )?;
    bump_lists(conn)?;
    let mut moved = Vec::new();
    if previous != team {
        let rows = conn.rows(
            "SELECT id FROM conversations WHERE phone_number_id = ?1 AND team_id IS NOT DISTINCT FROM ?2 ORDER BY id",
            vals![id, previous],
        )?;
        for r in rows {
            let conversation_id = r.i64(0)?;
            move_to_team(conn, keys, conversation_id, team, None, actor)?;
            moved.push(conversation_id);
        }
    }
    Ok(moved)
}

/// Moves a conversation to `team`'s queue, with an optional note that
/// travels with it. Its holder keeps it only if it may hold it there (an
/// admin, or a member of that team); otherwise it waits in the new team's
/// queue. Whoever may no longer read it gets a revocation, whoever now may
/// its history. False if it was already there.
pub fn move_to_team(
    conn: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    team: Option<i64>,
    note: Option<&str>,
    actor: i64,
) -> Result<bool, StoreError> {
    let row = conn
        .row(
            "SELECT team_id, assignee FROM conversations WHERE id = ?1",
            vals![conversation_id],
        )?
        .ok_or(StoreError::NotFound)?;
    let (from, holder) = (row.opt_i64(0)?, row.opt_i64(1)?);
    if from == team {
        return Ok(false);
    }
    known_team(conn, team)?;
    let note = note.map(str::trim).filter(|t| !t.is_empty());
    if let Some(text) = note {
        switchboard_protocol::validate_text(text)
            .map_err(|why| StoreError::Invalid("invalid_note", why))?;
    }
    let keeps = match holder {
        Some(h) => switchboard_protocol::may_hold(agent(conn, h)?.who(), team),
        None => true,
    };
    conn.exec(
        "UPDATE conversations SET team_id = ?1, assignee = CASE WHEN ?2 <> 0 THEN assignee END WHERE id = ?3",
        vals![team, keeps, conversation_id],
    )?;
    append_change(conn, conversation_id, "revoked", None)?;
    append_change(conn, conversation_id, "conversation", None)?;
    replay_history(conn, conversation_id)?;
    // After the history: the note's own change brings it (a replay would
    // bring it twice).
    if let Some(text) = note {
        let mut id = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut id);
        record_outbound(
            conn,
            keys,
            &NewOutbound {
                conversation_id,
                agent_id: Some(actor),
                client_message_id: format!("transfer-{}", hex::encode(id)),
                text: text.to_owned(),
                payload: None,
                note: true,
            },
        )?;
    }
    Ok(true)
}
