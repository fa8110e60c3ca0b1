//! Macros (issue 29): admins' named sequences of steps, kept as JSON the
//! hub writes from typed values.

use super::*;
use switchboard_protocol::{Macro, MacroRequest};

/// Every macro, by name.
pub fn list_macros(conn: &dyn Db) -> Result<Vec<Macro>, StoreError> {
    conn.rows("SELECT id, name, steps FROM macros ORDER BY name, id", &[])?
        .iter()
        .map(|r| {
            Ok(Macro {
                id: r.i64(0)?,
                name: r.text(1)?,
                steps: serde_json::from_str(&r.text(2)?)
                    .map_err(|_| StoreError::Backend("a macro's steps do not read".into()))?,
            })
        })
        .collect()
}

/// Adds a macro (or, with `id`, replaces one); returns its id.
pub fn save_macro(conn: &dyn Db, id: Option<i64>, rule: &MacroRequest) -> Result<i64, StoreError> {
    if let Some(id) = id
        && conn
            .row("SELECT id FROM macros WHERE id = ?1", vals![id])?
            .is_none()
    {
        return Err(StoreError::NotFound);
    }
    rule.check()
        .map_err(|why| StoreError::Invalid("invalid_macro", why))?;
    let name = rule.name.trim();
    if conn
        .row(
            "SELECT id FROM macros WHERE name = ?1 AND id IS DISTINCT FROM ?2",
            vals![name, id],
        )?
        .is_some()
    {
        return Err(StoreError::Invalid(
            "duplicate_name",
            "another macro has that name",
        ));
    }
    let steps = serde_json::to_string(&rule.steps).map_err(|_| StoreError::Conflict("steps"))?;
    match id {
        Some(id) => {
            conn.exec(
                "UPDATE macros SET name = ?1, steps = ?2 WHERE id = ?3",
                vals![name, steps, id],
            )?;
            bump_lists(conn)?;
            Ok(id)
        }
        None => {
            let id = conn
                .one(
                    "INSERT INTO macros (name, steps, created_at) VALUES (?1, ?2, ?3) RETURNING id",
                    vals![name, steps, now()],
                )?
                .i64(0)?;
            bump_lists(conn)?;
            Ok(id)
        }
    }
}

/// Deletes a macro.
pub fn delete_macro(conn: &dyn Db, id: i64) -> Result<(), StoreError> {
    if conn.exec("DELETE FROM macros WHERE id = ?1", vals![id])? == 0 {
        return Err(StoreError::NotFound);
    }
    bump_lists(conn)
}
