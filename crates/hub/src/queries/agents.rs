//! Agents and their tokens (only hashes are stored).

use super::*;

/// An agent's name: 1 to 80 characters, none of them control or invisible
/// formatting characters (names are printed in terminals and shown in the app).
pub fn valid_agent_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > 80 {
        return Err(StoreError::Invalid(
            "invalid_name",
            "a name is 1 to 80 characters",
        ));
    }
    if name
        .chars()
        .any(|c| c.is_control() || switchboard_protocol::is_invisible(c))
    {
        return Err(StoreError::Invalid(
            "invalid_name",
            "a name may not contain control or invisible characters",
        ));
    }
    Ok(name)
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

// ---- agents and tokens -------------------------------------------------------

pub fn add_agent(conn: &dyn Db, name: &str, role: Role) -> Result<i64, StoreError> {
    match conn.row(
        "INSERT INTO agents (name, role, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING RETURNING id",
        vals![name, role.as_str(), now()],
    )? {
        Some(r) => {
            bump_lists(conn)?;
            r.i64(0)
        }
        None => Err(StoreError::Clash("duplicate_name", "an agent with that name exists")),
    }
}

/// Every agent, with its teams.
pub fn list_agents(conn: &dyn Db) -> Result<Vec<AgentRow>, StoreError> {
    let mut agents = conn
        .rows(
            "SELECT id, name, role, disabled FROM agents ORDER BY id",
            &[],
        )?
        .iter()
        .map(agent_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    for r in conn.rows(
        "SELECT agent_id, team_id, lead FROM team_members ORDER BY agent_id, team_id",
        &[],
    )? {
        let agent_id = r.i64(0)?;
        if let Some(a) = agents.iter_mut().find(|a| a.id == agent_id) {
            a.teams.push(switchboard_protocol::Membership {
                team_id: r.i64(1)?,
                lead: r.bool(2)?,
            });
        }
    }
    Ok(agents)
}

pub(crate) fn agent_from_row(r: &Row) -> Result<AgentRow, StoreError> {
    Ok(AgentRow {
        id: r.i64(0)?,
        name: r.text(1)?,
        role: Role::parse(&r.text(2)?).unwrap_or(Role::Viewer),
        disabled: r.bool(3)?,
        teams: Vec::new(),
    })
}

/// The teams of agent `a` (in the query's FROM) as one column,
/// `team:lead` pairs in team order, for [`memberships_from`].
fn memberships_column(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "(SELECT group_concat(team_id || ':' || lead, ',') FROM
                (SELECT team_id, lead FROM team_members m WHERE m.agent_id = a.id ORDER BY team_id))"
        }
        Dialect::Postgres => {
            "(SELECT string_agg(team_id::text || ':' || lead::text, ',' ORDER BY team_id)
              FROM team_members m WHERE m.agent_id = a.id)"
        }
    }
}

/// The teams [`memberships_column`] lists.
fn memberships_from(column: Option<String>) -> Vec<switchboard_protocol::Membership> {
    column
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| {
            let (team, lead) = pair.split_once(':')?;
            Some(switchboard_protocol::Membership {
                team_id: team.trim().parse().ok()?,
                lead: lead.trim() != "0",
            })
        })
        .collect()
}

/// Issues a token for `agent_id`; returns the secret, shown once. Only its hash is stored.
pub fn issue_token(conn: &dyn Db, agent_id: i64, days: i64) -> Result<String, StoreError> {
    conn.one("SELECT id FROM agents WHERE id = ?1", vals![agent_id])?;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let token = format!("sbt_{}", hex::encode(bytes));
    let t = now();
    conn.exec(
        "INSERT INTO tokens (agent_id, hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        vals![agent_id, hash_token(&token), t, t + days * 86_400],
    )?;
    Ok(token)
}

/// The agent a token (by its hash) stands for, or why it does not.
pub fn authenticate(
    conn: &dyn Db,
    token_hash: &[u8],
) -> Result<Result<AgentRow, TokenRejection>, StoreError> {
    Ok(authenticate_until(conn, token_hash)?.map(|(agent, _)| agent))
}

/// As [`authenticate`], with the time (unix seconds) the token expires.
pub fn authenticate_until(
    conn: &dyn Db,
    token_hash: &[u8],
) -> Result<Result<(AgentRow, i64), TokenRejection>, StoreError> {
    // Every request authenticates: the agent, its token and its teams in
    // one statement.
    let row = match conn.row(
        &format!(
            "SELECT a.id, a.name, a.role, a.disabled, t.expires_at, t.revoked_at, {}
             FROM tokens t JOIN agents a ON a.id = t.agent_id WHERE t.hash = ?1",
            memberships_column(conn.dialect())
        ),
        vals![token_hash],
    )? {
        Some(r) => {
            let mut agent = agent_from_row(&r)?;
            agent.teams = memberships_from(r.opt_text(6)?);
            Some((agent, r.i64(4)?, r.opt_i64(5)?))
        }
        None => None,
    };
    Ok(match row {
        None => Err(TokenRejection::Unknown),
        Some((_, _, Some(_))) => Err(TokenRejection::Revoked),
        Some((_, expires, _)) if expires <= now() => Err(TokenRejection::Expired),
        Some((agent, _, _)) if agent.disabled => Err(TokenRejection::AgentDisabled),
        Some((agent, expires, _)) => Ok((agent, expires)),
    })
}

// ---- agent and token management ----------------------------------------------------

/// An agent, with its teams.
pub fn agent(conn: &dyn Db, id: i64) -> Result<AgentRow, StoreError> {
    let r = conn.one(
        &format!(
            "SELECT a.id, a.name, a.role, a.disabled, {} FROM agents a WHERE a.id = ?1",
            memberships_column(conn.dialect())
        ),
        vals![id],
    )?;
    let mut agent = agent_from_row(&r)?;
    agent.teams = memberships_from(r.opt_text(4)?);
    Ok(agent)
}

pub fn list_tokens(conn: &dyn Db, agent_id: i64) -> Result<Vec<TokenInfo>, StoreError> {
    conn.rows(
        "SELECT id, agent_id, label, created_at, expires_at, revoked_at, first_used_at FROM tokens WHERE agent_id = ?1 ORDER BY id",
        vals![agent_id],
    )?
    .iter()
    .map(|r| {
        Ok(TokenInfo {
            id: r.i64(0)?,
            agent_id: r.i64(1)?,
            label: r.text(2)?,
            created_at: r.i64(3)?,
            expires_at: r.i64(4)?,
            revoked_at: r.opt_i64(5)?,
            first_used_at: r.opt_i64(6)?,
        })
    })
    .collect()
}

/// Revokes one token of an agent, at once. Returns whether it was live.
pub fn revoke_token(conn: &dyn Db, agent_id: i64, token_id: i64) -> Result<bool, StoreError> {
    conn.one(
        "SELECT id FROM tokens WHERE id = ?1 AND agent_id = ?2",
        vals![token_id, agent_id],
    )?;
    let live = conn.exec(
        "UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
        vals![now(), token_id],
    )? == 1;
    if live {
        bump_auth_generation(conn)?;
    }
    Ok(live)
}

/// Revokes every live token of an agent. Returns how many.
pub fn revoke_all_tokens(conn: &dyn Db, agent_id: i64) -> Result<usize, StoreError> {
    let n = conn.exec(
        "UPDATE tokens SET revoked_at = ?1 WHERE agent_id = ?2 AND revoked_at IS NULL",
        vals![now(), agent_id],
    )?;
    if n > 0 {
        bump_auth_generation(conn)?;
    }
    Ok(n)
}

/// Marks that a token may have stopped working or an agent's reach
/// changed (migration 0018): event streams read their caller again.
pub(crate) fn bump_auth_generation(conn: &dyn Db) -> Result<(), StoreError> {
    conn.exec(
        "UPDATE generations SET tokens = tokens + 1 WHERE id = 1",
        &[],
    )?;
    Ok(())
}

/// Marks that a list desktops keep changed (the team's names, canned
/// replies, labels; migration 0018): event streams tell their desktops,
/// which fetch the lists again.
pub fn bump_lists(conn: &dyn Db) -> Result<(), StoreError> {
    conn.exec("UPDATE generations SET lists = lists + 1 WHERE id = 1", &[])?;
    Ok(())
}

/// Returns the conversations `select` names to their queue (what a
/// disabled agent, or one taken out of a team, held), each with its
/// history for whoever now sees the queue; `revoke` first tells its
/// desktops that may no longer read it.
pub(crate) fn return_to_queue(
    conn: &dyn Db,
    select: &str,
    params: &[Val],
    revoke: bool,
) -> Result<(), StoreError> {
    for row in conn.rows(select, params)? {
        let id = row.i64(0)?;
        conn.exec(
            "UPDATE conversations SET assignee = NULL WHERE id = ?1",
            vals![id],
        )?;
        if revoke {
            append_change(conn, id, "revoked", None)?;
        }
        append_change(conn, id, "conversation", None)?;
        replay_history(conn, id)?;
    }
    Ok(())
}

/// The tokens' and the lists' generations.
pub fn generations(conn: &dyn Db) -> Result<(i64, i64), StoreError> {
    let row = conn.one("SELECT tokens, lists FROM generations WHERE id = 1", &[])?;
    Ok((row.i64(0)?, row.i64(1)?))
}

/// Disables (or re-enables) an agent. Disabling revokes every token of the
/// agent (so enabling it again revives none: it needs a new one) and returns
/// its conversations to the unassigned queue. Returns how many tokens were
/// revoked.
pub fn set_agent_disabled(
    conn: &dyn Db,
    agent_id: i64,
    disabled: bool,
) -> Result<usize, StoreError> {
    let changed = conn.exec(
        "UPDATE agents SET disabled = ?1 WHERE id = ?2",
        vals![disabled, agent_id],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    bump_auth_generation(conn)?;
    bump_lists(conn)?;
    let mut revoked = 0;
    if disabled {
        revoked = revoke_all_tokens(conn, agent_id)?;
        // Its tokens are revoked: nobody needs telling that it lost them.
        return_to_queue(
            conn,
            "SELECT id FROM conversations WHERE assignee = ?1 ORDER BY id",
            vals![agent_id],
            false,
        )?;
    }
    Ok(revoked)
}

/// Changes an agent's role; a role that cannot answer (viewer) returns the
/// agent's conversations to the queue. What the agent may read changes with it, so
/// every conversation gets a revocation (for what it can no longer read) and
/// its history again (for what it now can). Rare and admin-only, so the
/// extra feed rows are acceptable.
pub fn set_agent_role(conn: &dyn Db, agent_id: i64, role: Role) -> Result<bool, StoreError> {
    let changed = conn.exec(
        "UPDATE agents SET role = ?1 WHERE id = ?2 AND role <> ?1",
        vals![role.as_str(), agent_id],
    )?;
    if changed == 0 {
        agent(conn, agent_id)?;
        return Ok(false);
    }
    bump_auth_generation(conn)?;
    // Someone who can no longer answer holds nothing (issue 24.10): what it
    // held goes back to the queue, as on disable.
    if !role.allows(switchboard_protocol::Permission::Reply) {
        conn.exec(
            "UPDATE conversations SET assignee = NULL WHERE assignee = ?1",
            vals![agent_id],
        )?;
    }
    for row in conn.rows("SELECT id FROM conversations ORDER BY id", &[])? {
        let id = row.i64(0)?;
        append_change(conn, id, "revoked", None)?;
        append_change(conn, id, "conversation", None)?;
        replay_history(conn, id)?;
    }
    Ok(true)
}
