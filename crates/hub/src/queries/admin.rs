//! Agent and token management as admins do it, from the API or the CLI.
//! Each function runs inside the caller's transaction (the API's group
//! commit, or the CLI's `in_tx`), so a change and its audit entry commit
//! together or not at all. `actor` is the admin agent, or `None` for the
//! command line on the hub's own machine.

use super::*;

/// Adds an agent and its first token (returned once).
pub fn create_agent(
    conn: &dyn Db,
    name: &str,
    role: Role,
    token_days: i64,
    actor: Option<i64>,
) -> Result<(i64, String), StoreError> {
    let name = valid_agent_name(name)?;
    let id = add_agent(conn, name, role)?;
    let token = issue_token(conn, id, token_days)?;
    audit::append(
        conn,
        actor,
        "agent_add",
        &format!("agent:{id}"),
        role.as_str(),
    )?;
    Ok((id, token))
}

/// Changes an agent's role and/or disables or enables it, in one step.
/// Refused if it would leave the hub without an active admin.
pub fn update_agent(
    conn: &dyn Db,
    agent_id: i64,
    role: Option<Role>,
    disabled: Option<bool>,
    actor: Option<i64>,
) -> Result<(), StoreError> {
    agent(conn, agent_id)?;
    let subject = format!("agent:{agent_id}");
    if let Some(role) = role
        && set_agent_role(conn, agent_id, role)?
    {
        audit::append(conn, actor, "agent_role", &subject, role.as_str())?;
    }
    if let Some(disabled) = disabled {
        let revoked = set_agent_disabled(conn, agent_id, disabled)?;
        let (what, detail) = if disabled {
            ("agent_disable", format!("{revoked} tokens revoked"))
        } else {
            ("agent_enable", String::new())
        };
        audit::append(conn, actor, what, &subject, &detail)?;
    }
    keep_an_admin(conn)
}

/// The hub always keeps one active admin: two admins demoting each other at
/// once must not lock everyone out of management. Checked inside the
/// transaction that made the change, after it, so concurrent changes are
/// judged one after the other.
fn keep_an_admin(conn: &dyn Db) -> Result<(), StoreError> {
    let admins = conn
        .one(
            "SELECT count(*) FROM agents WHERE role = 'admin' AND disabled = 0",
            &[],
        )?
        .i64(0)?;
    if admins == 0 {
        return Err(StoreError::Clash(
            "last_admin",
            "the hub must keep at least one active admin",
        ));
    }
    Ok(())
}

/// Issues a token (returned once); `rotate` revokes the agent's others in the same step.
pub fn new_token(
    conn: &dyn Db,
    agent_id: i64,
    days: i64,
    rotate: bool,
    actor: Option<i64>,
) -> Result<String, StoreError> {
    agent(conn, agent_id)?;
    if rotate {
        revoke_all_tokens(conn, agent_id)?;
    }
    let token = issue_token(conn, agent_id, days)?;
    let what = if rotate {
        "token_rotate"
    } else {
        "token_issue"
    };
    audit::append(conn, actor, what, &format!("agent:{agent_id}"), "")?;
    Ok(token)
}

/// Revokes one token, or all of the agent's when `token_id` is `None`.
/// Returns how many were live.
pub fn revoke(
    conn: &dyn Db,
    agent_id: i64,
    token_id: Option<i64>,
    actor: Option<i64>,
) -> Result<usize, StoreError> {
    agent(conn, agent_id)?;
    let subject = format!("agent:{agent_id}");
    match token_id {
        Some(id) => {
            let live = usize::from(revoke_token(conn, agent_id, id)?);
            audit::append(
                conn,
                actor,
                "token_revoke",
                &subject,
                &format!("token:{id}"),
            )?;
            Ok(live)
        }
        None => {
            let n = revoke_all_tokens(conn, agent_id)?;
            audit::append(conn, actor, "token_revoke_all", &subject, &n.to_string())?;
            Ok(n)
        }
    }
}

/// Records a sign-in: the first use of a token. Later uses are not audited
/// (every request would be). Returns whether this was the first use.
pub fn record_sign_in(conn: &dyn Db, token_hash: &[u8], agent_id: i64) -> Result<bool, StoreError> {
    let first = conn.exec(
        "UPDATE tokens SET first_used_at = ?1 WHERE hash = ?2 AND agent_id = ?3 AND first_used_at IS NULL",
        vals![now(), token_hash, agent_id],
    )? == 1;
    if first {
        audit::append(
            conn,
            Some(agent_id),
            "sign_in",
            &format!("agent:{agent_id}"),
            "",
        )?;
    }
    Ok(first)
}
