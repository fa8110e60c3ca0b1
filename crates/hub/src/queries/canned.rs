//! Canned replies: written by admins, read by everyone, each change audited
//! by the caller (`repo/rules.rs`).

use super::*;
use switchboard_protocol::{CannedReply, CannedReplyRequest};

/// Every canned reply, by shortcut.
pub fn list_canned(conn: &dyn Db) -> Result<Vec<CannedReply>, StoreError> {
    conn.rows(
        "SELECT id, name, shortcut, body FROM canned_replies ORDER BY shortcut",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(CannedReply {
            id: r.i64(0)?,
            name: r.text(1)?,
            shortcut: r.text(2)?,
            text: r.text(3)?,
        })
    })
    .collect()
}

fn checked(req: &CannedReplyRequest) -> Result<(String, String), StoreError> {
    let name = valid_agent_name(&req.name)?.to_owned();
    switchboard_protocol::validate_shortcut(&req.shortcut)
        .map_err(|why| StoreError::Invalid("invalid_shortcut", why))?;
    switchboard_protocol::validate_text(&req.text)
        .map_err(|why| StoreError::Invalid("invalid_text", why))?;
    Ok((name, req.shortcut.clone()))
}

const TAKEN: StoreError =
    StoreError::Clash("duplicate_name", "another canned reply has that shortcut");

/// Adds one; returns its id. A shortcut in use is a conflict.
pub fn add_canned(conn: &dyn Db, req: &CannedReplyRequest) -> Result<i64, StoreError> {
    let (name, shortcut) = checked(req)?;
    conn.row(
        "INSERT INTO canned_replies (name, shortcut, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (shortcut) DO NOTHING RETURNING id",
        vals![name, shortcut, &req.text, now()],
    )?
    .ok_or(TAKEN)?
    .i64(0)
}

/// Rewrites one.
pub fn update_canned(conn: &dyn Db, id: i64, req: &CannedReplyRequest) -> Result<(), StoreError> {
    let (name, shortcut) = checked(req)?;
    if conn
        .row(
            "SELECT id FROM canned_replies WHERE shortcut = ?1 AND id <> ?2",
            vals![&shortcut, id],
        )?
        .is_some()
    {
        return Err(TAKEN);
    }
    let changed = conn.exec(
        "UPDATE canned_replies SET name = ?1, shortcut = ?2, body = ?3, updated_at = ?4 WHERE id = ?5",
        vals![name, shortcut, &req.text, now(), id],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub fn delete_canned(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    if conn.exec("DELETE FROM canned_replies WHERE id = ?1", vals![id])? == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
