//! Agents and their tokens (only hashes are stored).

use super::*;

// ---- agents and tokens -------------------------------------------------------

pub fn add_agent(conn: &Connection, name: &str, role: Role) -> Result<i64, StoreError> {
    let inserted = conn.execute(
        "INSERT INTO agents (name, role, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING",
        params![name, role.as_str(), now()],
    )?;
    if inserted == 0 {
        return Err(StoreError::Conflict("an agent with that name exists"));
    }
    Ok(conn.last_insert_rowid())
}

pub fn list_agents(conn: &Connection) -> Result<Vec<AgentRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, name, role, disabled FROM agents ORDER BY id")?;
    let rows = stmt.query_map([], agent_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub(crate) fn agent_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AgentRow> {
    let role: String = r.get(2)?;
    Ok(AgentRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        disabled: r.get::<_, i64>(3)? != 0,
    })
}

/// Issues a token for `agent_id`; returns the secret, shown once. Only its hash is stored.
pub fn issue_token(conn: &Connection, agent_id: i64, days: i64) -> Result<String, StoreError> {
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM agents WHERE id = ?1", [agent_id], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound);
    }
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let token = format!("sbt_{}", hex::encode(bytes));
    let t = now();
    conn.execute(
        "INSERT INTO tokens (agent_id, hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![agent_id, hash_token(&token), t, t + days * 86_400],
    )?;
    Ok(token)
}

/// The agent a token (by its hash) stands for, or why it does not.
pub fn authenticate(
    conn: &Connection,
    token_hash: &[u8],
) -> Result<Result<AgentRow, TokenRejection>, StoreError> {
    let row = conn
        .query_row(
            "SELECT a.id, a.name, a.role, a.disabled, t.expires_at, t.revoked_at
             FROM tokens t JOIN agents a ON a.id = t.agent_id WHERE t.hash = ?1",
            [token_hash],
            |r| {
                Ok((
                    agent_from_row(r)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(match row {
        None => Err(TokenRejection::Unknown),
        Some((_, _, Some(_))) => Err(TokenRejection::Revoked),
        Some((_, expires, _)) if expires <= now() => Err(TokenRejection::Expired),
        Some((agent, _, _)) if agent.disabled => Err(TokenRejection::AgentDisabled),
        Some((agent, _, _)) => Ok(agent),
    })
}

// ---- agent and token management ----------------------------------------------------

pub fn agent(conn: &Connection, id: i64) -> Result<AgentRow, StoreError> {
    conn.query_row(
        "SELECT id, name, role, disabled FROM agents WHERE id = ?1",
        [id],
        agent_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

pub fn list_tokens(conn: &Connection, agent_id: i64) -> Result<Vec<TokenInfo>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, agent_id, label, created_at, expires_at, revoked_at, first_used_at FROM tokens WHERE agent_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([agent_id], |r| {
        Ok(TokenInfo {
            id: r.get(0)?,
            agent_id: r.get(1)?,
            label: r.get(2)?,
            created_at: r.get(3)?,
            expires_at: r.get(4)?,
            revoked_at: r.get(5)?,
            first_used_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Revokes one token of an agent, at once. Returns whether it was live.
pub fn revoke_token(conn: &Connection, agent_id: i64, token_id: i64) -> Result<bool, StoreError> {
    let exists: Option<i64> = conn
        .query_row(
            "SELECT id FROM tokens WHERE id = ?1 AND agent_id = ?2",
            params![token_id, agent_id],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound);
    }
    Ok(conn.execute(
        "UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
        params![now(), token_id],
    )? == 1)
}

/// Revokes every live token of an agent. Returns how many.
pub fn revoke_all_tokens(conn: &Connection, agent_id: i64) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE tokens SET revoked_at = ?1 WHERE agent_id = ?2 AND revoked_at IS NULL",
        params![now(), agent_id],
    )?)
}

/// Disables (or re-enables) an agent. Disabling revokes every token of the
/// agent (so enabling it again revives none: it needs a new one) and returns
/// its conversations to the unassigned queue. Returns how many tokens were
/// revoked.
pub fn set_agent_disabled(
    conn: &Connection,
    agent_id: i64,
    disabled: bool,
) -> Result<usize, StoreError> {
    let changed = conn.execute(
        "UPDATE agents SET disabled = ?1 WHERE id = ?2",
        params![disabled as i64, agent_id],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    let mut revoked = 0;
    if disabled {
        revoked = revoke_all_tokens(conn, agent_id)?;
        let held: Vec<i64> = {
            let mut stmt = conn.prepare("SELECT id FROM conversations WHERE assignee = ?1")?;
            stmt.query_map([agent_id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for id in held {
            conn.execute(
                "UPDATE conversations SET assignee = NULL WHERE id = ?1",
                [id],
            )?;
            append_change(conn, id, "conversation", None)?;
            replay_history(conn, id)?;
        }
    }
    Ok(revoked)
}

/// Changes an agent's role. What the agent may read changes with it, so
/// every conversation gets a revocation (for what it can no longer read) and
/// its history again (for what it now can). Rare and admin-only, so the
/// extra feed rows are acceptable.
pub fn set_agent_role(conn: &Connection, agent_id: i64, role: Role) -> Result<bool, StoreError> {
    let changed = conn.execute(
        "UPDATE agents SET role = ?1 WHERE id = ?2 AND role <> ?1",
        params![role.as_str(), agent_id],
    )?;
    if changed == 0 {
        agent(conn, agent_id)?;
        return Ok(false);
    }
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM conversations ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for id in ids {
        append_change(conn, id, "revoked", None)?;
        append_change(conn, id, "conversation", None)?;
        replay_history(conn, id)?;
    }
    Ok(true)
}
