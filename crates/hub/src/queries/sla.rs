//! Service-level targets (issue 29): admins' policies, each conversation's
//! due times, and every target met or missed.
//!
//! A conversation's clock starts with its customer: the first message of an
//! open period sets the first-response and resolution due times; a message
//! after an agent answered sets the next-response one. Each is counted in
//! the business hours of the conversation's inbox (from the moment it
//! opens, when the customer wrote while it was closed). An agent's reply
//! meets the response targets, resolving meets the resolution one; a
//! target still pending at its due time is recorded as missed by
//! [`record_breaches`], and the reply that comes later completes that row.
//! Policies apply to due times set after they change.

use super::*;
use switchboard_protocol::{BusinessHours, Schedule, SlaKind, SlaPolicy, SlaPolicyRequest};

const POLICY_COLUMNS: &str =
    "id, name, inbox, team_id, label_id, first_response_secs, next_response_secs, resolution_secs";

fn policy_from(r: &Row) -> Result<SlaPolicy, StoreError> {
    Ok(SlaPolicy {
        id: r.i64(0)?,
        name: r.text(1)?,
        inbox: r.opt_text(2)?,
        team_id: r.opt_i64(3)?,
        label_id: r.opt_i64(4)?,
        first_response_secs: r.opt_i64(5)?,
        next_response_secs: r.opt_i64(6)?,
        resolution_secs: r.opt_i64(7)?,
    })
}

/// Every policy, in id order.
pub fn list_policies(conn: &dyn Db) -> Result<Vec<SlaPolicy>, StoreError> {
    conn.rows(
        &format!("SELECT {POLICY_COLUMNS} FROM sla_policies ORDER BY id"),
        &[],
    )?
    .iter()
    .map(policy_from)
    .collect()
}

/// Checks a rule against the lists it names.
fn checked(conn: &dyn Db, rule: &SlaPolicyRequest) -> Result<(), StoreError> {
    rule.check()
        .map_err(|why| StoreError::Invalid("invalid_policy", why))?;
    if let Some(team) = rule.team_id {
        super::teams::known_team(conn, Some(team))?;
    }
    if let Some(label) = rule.label_id
        && conn
            .row("SELECT id FROM labels WHERE id = ?1", vals![label])?
            .is_none()
    {
        return Err(StoreError::Invalid("unknown_label", "no such label"));
    }
    Ok(())
}

/// Adds a policy (or, with `id`, replaces one); returns its id.
pub fn save_policy(
    conn: &dyn Db,
    id: Option<i64>,
    rule: &SlaPolicyRequest,
) -> Result<i64, StoreError> {
    if let Some(id) = id
        && conn
            .row("SELECT id FROM sla_policies WHERE id = ?1", vals![id])?
            .is_none()
    {
        return Err(StoreError::NotFound);
    }
    checked(conn, rule)?;
    let name = rule.name.trim();
    if conn
        .row(
            "SELECT id FROM sla_policies WHERE name = ?1 AND id IS DISTINCT FROM ?2",
            vals![name, id],
        )?
        .is_some()
    {
        return Err(StoreError::Invalid(
            "duplicate_name",
            "another policy has that name",
        ));
    }
    let r = rule;
    match id {
        Some(id) => {
            let changed = conn.exec(
                "UPDATE sla_policies SET name = ?1, inbox = ?2, team_id = ?3, label_id = ?4,
                   first_response_secs = ?5, next_response_secs = ?6, resolution_secs = ?7 WHERE id = ?8",
                vals![name, &r.inbox, r.team_id, r.label_id, r.first_response_secs, r.next_response_secs, r.resolution_secs, id],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(id)
        }
        None => conn
            .one(
                "INSERT INTO sla_policies (name, inbox, team_id, label_id, first_response_secs, next_response_secs,
                                           resolution_secs, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 RETURNING id",
                vals![name, &r.inbox, r.team_id, r.label_id, r.first_response_secs, r.next_response_secs, r.resolution_secs, now()],
            )?
            .i64(0),
    }
}

/// Deletes a policy (due times it set stay until met).
pub fn delete_policy(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    if conn.exec("DELETE FROM sla_policies WHERE id = ?1", vals![id])? == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// What a conversation's clock needs: its inbox's schedule, its policy,
/// and its state.
struct Clock {
    policy: SlaPolicy,
    schedule: Option<Schedule>,
    responded: bool,
    first: Option<i64>,
    next: Option<i64>,
    resolution: Option<i64>,
}

/// None when no policy applies (with no policy at all, nothing else is
/// read: this runs for every customer message).
fn clock(conn: &dyn Db, conversation_id: i64) -> Result<Option<Clock>, StoreError> {
    let policies = list_policies(conn)?;
    if policies.is_empty() {
        return Ok(None);
    }
    let c = conn.one(
        "SELECT c.phone_number_id, c.team_id, c.responded, c.first_response_due, c.next_response_due,
                c.resolution_due, i.hours
           FROM conversations c LEFT JOIN inboxes i ON i.phone_number_id = c.phone_number_id
          WHERE c.id = ?1",
        vals![conversation_id],
    )?;
    let inbox = c.text(0)?;
    let labels = super::labels::labels_of(conn, conversation_id)?;
    let Some(policy) =
        switchboard_protocol::policy_for(&policies, &inbox, c.opt_i64(1)?, &labels).cloned()
    else {
        return Ok(None);
    };
    let schedule = c
        .opt_text(6)?
        .and_then(|h| serde_json::from_str::<BusinessHours>(&h).ok())
        .and_then(|h| Schedule::new(&h).ok());
    Ok(Some(Clock {
        policy,
        schedule,
        responded: c.i64(2)? != 0,
        first: c.opt_i64(3)?,
        next: c.opt_i64(4)?,
        resolution: c.opt_i64(5)?,
    }))
}

impl Clock {
    /// When `secs` of business time after `from` runs out (none: the inbox
    /// does not open within a year).
    fn due(&self, from: i64, secs: Option<i64>) -> Option<i64> {
        let secs = secs?;
        match &self.schedule {
            Some(s) => s.add(from, secs),
            None => Some(from + secs),
        }
    }
}

/// A customer's message at `at` in `conversation_id`: starts the clocks
/// that are not running.
pub fn on_customer_message(conn: &dyn Db, conversation_id: i64, at: i64) -> Result<(), StoreError> {
    let Some(c) = clock(conn, conversation_id)? else {
        return Ok(());
    };
    let p = &c.policy;
    let first = match (c.responded, c.first) {
        (false, None) => c.due(at, p.first_response_secs),
        _ => c.first,
    };
    let next = match (c.responded, c.next) {
        (true, None) => c.due(at, p.next_response_secs),
        _ => c.next,
    };
    let resolution = c.resolution.or_else(|| c.due(at, p.resolution_secs));
    if (first, next, resolution) != (c.first, c.next, c.resolution) {
        conn.exec(
            "UPDATE conversations SET first_response_due = ?1, next_response_due = ?2, resolution_due = ?3 WHERE id = ?4",
            vals![first, next, resolution, conversation_id],
        )?;
    }
    Ok(())
}

/// Records a target done at `at` by `agent` (met when not after its due
/// time), completing the breach row the sweep may have written.
fn complete(
    conn: &dyn Db,
    conversation_id: i64,
    kind: SlaKind,
    due: i64,
    at: i64,
    agent: Option<i64>,
) -> Result<(), StoreError> {
    conn.exec(
        "INSERT INTO sla_events (conversation_id, kind, due_at, done_at, met, agent_id, team_id, inbox)
         SELECT id, ?2, ?3, ?4, ?5, ?6, team_id, phone_number_id FROM conversations WHERE id = ?1
         ON CONFLICT (conversation_id, kind, due_at) DO UPDATE SET done_at = excluded.done_at,
           agent_id = COALESCE(excluded.agent_id, sla_events.agent_id)",
        vals![conversation_id, kind.as_str(), due, at, at <= due, agent],
    )?;
    Ok(())
}

/// An agent's reply in `conversation_id`: meets the response targets.
pub fn on_agent_reply(conn: &dyn Db, conversation_id: i64, agent: i64) -> Result<(), StoreError> {
    let c = conn.one(
        "SELECT first_response_due, next_response_due, responded FROM conversations WHERE id = ?1",
        vals![conversation_id],
    )?;
    let at = now();
    if let Some(due) = c.opt_i64(0)? {
        complete(
            conn,
            conversation_id,
            SlaKind::FirstResponse,
            due,
            at,
            Some(agent),
        )?;
    }
    if let Some(due) = c.opt_i64(1)? {
        complete(
            conn,
            conversation_id,
            SlaKind::NextResponse,
            due,
            at,
            Some(agent),
        )?;
    }
    if c.opt_i64(0)?.is_some() || c.opt_i64(1)?.is_some() || c.i64(2)? == 0 {
        conn.exec(
            "UPDATE conversations SET responded = 1, first_response_due = NULL, next_response_due = NULL WHERE id = ?1",
            vals![conversation_id],
        )?;
    }
    Ok(())
}

/// A conversation resolved by `agent`: meets the resolution target and
/// stops every clock (the customer's next message starts a new period).
pub fn on_resolved(
    conn: &dyn Db,
    conversation_id: i64,
    agent: Option<i64>,
) -> Result<(), StoreError> {
    let due = conn
        .one(
            "SELECT resolution_due FROM conversations WHERE id = ?1",
            vals![conversation_id],
        )?
        .opt_i64(0)?;
    if let Some(due) = due {
        complete(
            conn,
            conversation_id,
            SlaKind::Resolution,
            due,
            now(),
            agent,
        )?;
    }
    conn.exec(
        "UPDATE conversations SET responded = 0, first_response_due = NULL, next_response_due = NULL,
           resolution_due = NULL WHERE id = ?1",
        vals![conversation_id],
    )?;
    Ok(())
}

/// Records every target whose due time has passed by `at` and is still
/// pending as missed (once: a later sweep or the reply that ends it finds
/// the row). Returns how many it recorded.
pub fn record_breaches(conn: &dyn Db, at: i64) -> Result<usize, StoreError> {
    let mut recorded = 0;
    for kind in [
        SlaKind::FirstResponse,
        SlaKind::NextResponse,
        SlaKind::Resolution,
    ] {
        let column = format!("{}_due", kind.as_str());
        recorded += conn.exec(
            &format!(
                "INSERT INTO sla_events (conversation_id, kind, due_at, done_at, met, agent_id, team_id, inbox)
                 SELECT id, ?1, {column}, NULL, 0, assignee, team_id, phone_number_id FROM conversations
                  WHERE {column} IS NOT NULL AND {column} < ?2
                 ON CONFLICT (conversation_id, kind, due_at) DO NOTHING"
            ),
            vals![kind.as_str(), at],
        )?;
    }
    Ok(recorded)
}

/// The nearest pending due time of a conversation's three, and which.
pub(crate) fn nearest(
    first: Option<i64>,
    next: Option<i64>,
    resolution: Option<i64>,
) -> Option<(i64, SlaKind)> {
    [
        (first, SlaKind::FirstResponse),
        (next, SlaKind::NextResponse),
        (resolution, SlaKind::Resolution),
    ]
    .into_iter()
    .filter_map(|(due, kind)| due.map(|d| (d, kind)))
    .min_by_key(|(d, _)| *d)
}
