//! Availability and auto-assignment: with a per-agent limit set
//! (`SWITCHBOARD_AUTO_ASSIGN_LIMIT`), a conversation waiting in the queue
//! when its customer writes goes to the available agent (or admin) of its
//! team assigned to longest ago who holds fewer open conversations than the
//! limit; when
//! none has room it waits in the queue. An agent who becomes available
//! takes the oldest waiting conversations up to the limit. Each assignment
//! is audited by the caller. Every write runs in the store's one writer (or,
//! on PostgreSQL, behind the feed lock), so two webhooks never pick the same
//! agent's last free place.

use super::*;

/// Sets whether `agent_id` takes new conversations.
/// Sets whether an agent takes new conversations; true if that changed.
pub fn set_available(conn: &dyn Db, agent_id: i64, available: bool) -> Result<bool, StoreError> {
    Ok(conn.exec(
        "UPDATE agents SET available = ?1 WHERE id = ?2 AND available <> ?1",
        vals![available, agent_id],
    )? == 1)
}

/// Ids of the agents available for new conversations.
pub fn available_agents(conn: &dyn Db) -> Result<Vec<i64>, StoreError> {
    conn.rows(
        "SELECT id FROM agents WHERE available <> 0 AND disabled = 0 ORDER BY id",
        &[],
    )?
    .iter()
    .map(|r| r.i64(0))
    .collect()
}

/// Gives `conversation_id`, if it is open and waiting in the queue, to the
/// next available agent with room under `limit`. Returns who took it.
pub fn auto_assign(
    tx: &dyn Db,
    conversation_id: i64,
    limit: i64,
) -> Result<Option<i64>, StoreError> {
    let Some(waiting) = tx.row(
        "SELECT team_id FROM conversations WHERE id = ?1 AND assignee IS NULL AND status = 'open'",
        vals![conversation_id],
    )?
    else {
        return Ok(None);
    };
    // Round robin among the conversation's team (everyone, for a
    // conversation in no team).
    let team = waiting.opt_i64(0)?;
    let Some(agent) = tx.row(
        "SELECT a.id FROM agents a
         WHERE a.available <> 0 AND a.disabled = 0 AND a.role IN ('agent', 'admin')
           AND (CAST(?2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = ?2 AND m.agent_id = a.id))
           AND (SELECT count(*) FROM conversations c WHERE c.assignee = a.id AND c.status = 'open') < ?1
         ORDER BY a.last_assigned, a.id LIMIT 1",
        vals![limit, team],
    )?
    else {
        return Ok(None);
    };
    let agent = agent.i64(0)?;
    give(tx, conversation_id, agent)?;
    Ok(Some(agent))
}

/// Hands the oldest waiting conversations of its teams' queues (and those in
/// no team) to `agent_id` until it holds
/// `limit` open ones. Returns the conversations it took.
pub fn fill_from_queue(tx: &dyn Db, agent_id: i64, limit: i64) -> Result<Vec<i64>, StoreError> {
    let held = tx
        .one(
            "SELECT count(*) FROM conversations WHERE assignee = ?1 AND status = 'open'",
            vals![agent_id],
        )?
        .i64(0)?;
    let room = (limit - held).max(0);
    if room == 0 {
        return Ok(Vec::new());
    }
    let waiting: Vec<i64> = tx
        .rows(
            "SELECT id FROM conversations WHERE assignee IS NULL AND status = 'open'
               AND (team_id IS NULL OR team_id IN (SELECT team_id FROM team_members WHERE agent_id = ?2))
             ORDER BY last_inbound_at, id LIMIT ?1",
            vals![room, agent_id],
        )?
        .iter()
        .map(|r| r.i64(0))
        .collect::<Result<_, _>>()?;
    for &id in &waiting {
        give(tx, id, agent_id)?;
    }
    Ok(waiting)
}

fn give(tx: &dyn Db, conversation_id: i64, agent_id: i64) -> Result<(), StoreError> {
    set_assignee(tx, conversation_id, Some(agent_id), true)?;
    tx.exec(
        "UPDATE agents SET last_assigned = (SELECT COALESCE(MAX(last_assigned), 0) + 1 FROM agents) WHERE id = ?1",
        vals![agent_id],
    )?;
    Ok(())
}
