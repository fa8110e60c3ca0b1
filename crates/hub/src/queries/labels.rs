//! Labels: admins define them, agents put them on conversations they may
//! act on. A conversation's labels travel with it in the feed, so every
//! change appends a `conversation` change.

use super::*;
use switchboard_protocol::{Label, LabelRequest};

pub fn list_labels(conn: &dyn Db) -> Result<Vec<Label>, StoreError> {
    conn.rows("SELECT id, name, colour FROM labels ORDER BY name, id", &[])?
        .iter()
        .map(|r| {
            Ok(Label {
                id: r.i64(0)?,
                name: r.text(1)?,
                colour: r.text(2)?,
            })
        })
        .collect()
}

fn checked(req: &LabelRequest) -> Result<String, StoreError> {
    let name = valid_agent_name(&req.name)?.to_owned();
    switchboard_protocol::validate_colour(&req.colour)
        .map_err(|why| StoreError::Invalid("invalid_colour", why))?;
    Ok(name)
}

const TAKEN: StoreError = StoreError::Clash("duplicate_name", "another label has that name");

pub fn add_label(conn: &dyn Db, req: &LabelRequest) -> Result<i64, StoreError> {
    let name = checked(req)?;
    conn.row(
        "INSERT INTO labels (name, colour) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING RETURNING id",
        vals![name, req.colour.to_ascii_lowercase()],
    )?
    .ok_or(TAKEN)?
    .i64(0)
}

pub fn update_label(conn: &dyn Db, id: i64, req: &LabelRequest) -> Result<(), StoreError> {
    let name = checked(req)?;
    if conn
        .row(
            "SELECT id FROM labels WHERE name = ?1 AND id <> ?2",
            vals![&name, id],
        )?
        .is_some()
    {
        return Err(TAKEN);
    }
    if conn.exec(
        "UPDATE labels SET name = ?1, colour = ?2 WHERE id = ?3",
        vals![name, req.colour.to_ascii_lowercase(), id],
    )? == 0
    {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Removes a label, from every conversation too.
pub fn delete_label(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    let tagged: Vec<i64> = conn
        .rows(
            "SELECT conversation_id FROM conversation_labels WHERE label_id = ?1",
            vals![id],
        )?
        .iter()
        .map(|r| r.i64(0))
        .collect::<Result<_, _>>()?;
    if conn.exec("DELETE FROM labels WHERE id = ?1", vals![id])? == 0 {
        return Err(StoreError::NotFound);
    }
    conn.exec(
        "DELETE FROM conversation_labels WHERE label_id = ?1",
        vals![id],
    )?;
    for c in tagged {
        append_change(conn, c, "conversation", None)?;
    }
    Ok(())
}

/// Sets a conversation's labels (all of them). Unknown label ids are
/// refused. Returns whether anything changed.
/// A conversation's labels, in id order.
pub fn labels_of(conn: &dyn Db, conversation_id: i64) -> Result<Vec<i64>, StoreError> {
    conn.rows(
        "SELECT label_id FROM conversation_labels WHERE conversation_id = ?1 ORDER BY label_id",
        vals![conversation_id],
    )?
    .iter()
    .map(|r| r.i64(0))
    .collect()
}

pub fn set_labels(conn: &dyn Db, conversation_id: i64, labels: &[i64]) -> Result<bool, StoreError> {
    let mut wanted: Vec<i64> = labels.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.len() > 50 {
        return Err(StoreError::Invalid(
            "invalid_labels",
            "a conversation has at most 50 labels",
        ));
    }
    for id in &wanted {
        if conn
            .row("SELECT id FROM labels WHERE id = ?1", vals![*id])?
            .is_none()
        {
            return Err(StoreError::Invalid("unknown_label", "no such label"));
        }
    }
    let now_on = labels_of(conn, conversation_id)?;
    if now_on == wanted {
        return Ok(false);
    }
    conn.exec(
        "DELETE FROM conversation_labels WHERE conversation_id = ?1",
        vals![conversation_id],
    )?;
    for id in &wanted {
        conn.exec(
            "INSERT INTO conversation_labels (conversation_id, label_id) VALUES (?1, ?2)",
            vals![conversation_id, *id],
        )?;
    }
    append_change(conn, conversation_id, "conversation", None)?;
    Ok(true)
}
