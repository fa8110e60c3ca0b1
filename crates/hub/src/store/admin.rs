//! Agent and token management as admins do it, from the API or the CLI:
//! each change and its audit entry commit together. `actor` is the admin
//! agent, or `None` for the command line on the hub's own machine.

use super::*;
use crate::audit;

/// Adds an agent and its first token (returned once).
pub fn create_agent(
    conn: &mut Connection,
    name: &str,
    role: Role,
    token_days: i64,
    actor: Option<i64>,
) -> Result<(i64, String), StoreError> {
    in_tx(conn, |tx| {
        let id = add_agent(tx, name, role)?;
        let token = issue_token(tx, id, token_days)?;
        audit::append(
            tx,
            actor,
            "agent_add",
            &format!("agent:{id}"),
            role.as_str(),
        )?;
        Ok((id, token))
    })
}

pub fn set_disabled(
    conn: &mut Connection,
    agent_id: i64,
    disabled: bool,
    actor: Option<i64>,
) -> Result<(), StoreError> {
    in_tx(conn, |tx| {
        set_agent_disabled(tx, agent_id, disabled)?;
        let what = if disabled {
            "agent_disable"
        } else {
            "agent_enable"
        };
        audit::append(tx, actor, what, &format!("agent:{agent_id}"), "")
    })
}

pub fn set_role(
    conn: &mut Connection,
    agent_id: i64,
    role: Role,
    actor: Option<i64>,
) -> Result<(), StoreError> {
    in_tx(conn, |tx| {
        if set_agent_role(tx, agent_id, role)? {
            audit::append(
                tx,
                actor,
                "agent_role",
                &format!("agent:{agent_id}"),
                role.as_str(),
            )?;
        }
        Ok(())
    })
}

/// Issues a token (returned once); `rotate` revokes the agent's others in the same step.
pub fn new_token(
    conn: &mut Connection,
    agent_id: i64,
    days: i64,
    rotate: bool,
    actor: Option<i64>,
) -> Result<String, StoreError> {
    in_tx(conn, |tx| {
        agent(tx, agent_id)?;
        if rotate {
            revoke_all_tokens(tx, agent_id)?;
        }
        let token = issue_token(tx, agent_id, days)?;
        let what = if rotate {
            "token_rotate"
        } else {
            "token_issue"
        };
        audit::append(tx, actor, what, &format!("agent:{agent_id}"), "")?;
        Ok(token)
    })
}

/// Revokes one token, or all of the agent's when `token_id` is `None`.
/// Returns how many were live.
pub fn revoke(
    conn: &mut Connection,
    agent_id: i64,
    token_id: Option<i64>,
    actor: Option<i64>,
) -> Result<usize, StoreError> {
    in_tx(conn, |tx| {
        agent(tx, agent_id)?;
        let subject = format!("agent:{agent_id}");
        match token_id {
            Some(id) => {
                let live = usize::from(revoke_token(tx, agent_id, id)?);
                audit::append(tx, actor, "token_revoke", &subject, &format!("token:{id}"))?;
                Ok(live)
            }
            None => {
                let n = revoke_all_tokens(tx, agent_id)?;
                audit::append(tx, actor, "token_revoke_all", &subject, &n.to_string())?;
                Ok(n)
            }
        }
    })
}
