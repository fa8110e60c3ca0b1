//! The audit log: append-only (triggers refuse UPDATE and DELETE) and
//! hash-chained, so tampering with the file directly is detected by
//! [`verify`], which names the first entry that no longer fits.

use crate::db::{Db, Order, Row, StoreError, now};
use crate::vals;
use sha2::{Digest, Sha256};

/// An audit entry, as the API serves it (the protocol's type).
pub use switchboard_protocol::AuditEntry as Entry;

fn digest(prev: &[u8], e: &Entry) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(e.id.to_be_bytes());
    h.update(e.at.to_be_bytes());
    h.update(e.actor.unwrap_or(-1).to_be_bytes());
    for field in [&e.action, &e.subject, &e.detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().to_vec()
}

/// The entry that follows `last` (its id and hash; `None` for the first),
/// with its `prev_hash` and `hash`: how every backend chains an entry.
pub fn next(
    last: Option<(i64, Vec<u8>)>,
    at: i64,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> (Entry, Vec<u8>, Vec<u8>) {
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, vec![0u8; 32]),
    };
    let entry = Entry {
        id,
        at,
        actor,
        action: action.to_owned(),
        subject: subject.to_owned(),
        detail: detail.to_owned(),
    };
    let hash = digest(&prev, &entry);
    (entry, prev, hash)
}

/// Walks a chain in id order (each entry with its stored `prev_hash` and
/// `hash`): the number of entries, or the first that does not fit.
pub fn check<E>(
    entries: impl Iterator<Item = Result<(Entry, Vec<u8>, Vec<u8>), E>>,
) -> Result<Result<usize, Tampered>, E> {
    let mut prev = vec![0u8; 32];
    let mut n = 0;
    for (expected_id, row) in (1..).zip(entries) {
        let (e, stored_prev, stored_hash) = row?;
        if e.id != expected_id {
            return Ok(Err(Tampered {
                id: e.id,
                why: "an entry before it is missing",
            }));
        }
        if stored_prev != prev {
            return Ok(Err(Tampered {
                id: e.id,
                why: "it does not follow the entry before it",
            }));
        }
        if digest(&prev, &e) != stored_hash {
            return Ok(Err(Tampered {
                id: e.id,
                why: "its content was changed",
            }));
        }
        prev = stored_hash;
        n += 1;
    }
    Ok(Ok(n))
}

/// The last entry's id and hash.
pub const LAST: &str = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";

/// Appends a chained entry.
pub const INSERT: &str = "INSERT INTO audit (id, at, actor, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/// Appends an entry, chained to the last one, inside the caller's
/// transaction. Appends are one at a time: SQLite has one writer, and on
/// PostgreSQL the transaction first takes the audit lock, held until it ends.
pub fn append(
    db: &dyn Db,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), StoreError> {
    db.serialise(Order::Audit)?;
    let last = match db.row(LAST, &[])? {
        Some(r) => Some((r.i64(0)?, r.blob(1)?)),
        None => None,
    };
    let (entry, prev, hash) = next(last, now(), actor, action, subject, detail);
    db.exec(
        INSERT,
        vals![
            entry.id,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.detail,
            prev,
            hash
        ],
    )?;
    Ok(())
}

/// An entry from the columns `id, at, actor, action, subject, detail`.
fn entry_from_row(r: &Row) -> Result<Entry, StoreError> {
    Ok(Entry {
        id: r.i64(0)?,
        at: r.i64(1)?,
        actor: r.opt_i64(2)?,
        action: r.text(3)?,
        subject: r.text(4)?,
        detail: r.text(5)?,
    })
}

pub fn list(db: &dyn Db, after: i64, limit: i64) -> Result<Vec<Entry>, StoreError> {
    db.rows(
        "SELECT id, at, actor, action, subject, detail FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2",
        vals![after, limit],
    )?
    .iter()
    .map(entry_from_row)
    .collect()
}

/// The first entry that breaks the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampered {
    pub id: i64,
    pub why: &'static str,
}

/// Walks the whole chain; returns the number of entries, or the first bad one.
pub fn verify(db: &dyn Db) -> Result<Result<usize, Tampered>, StoreError> {
    let rows = db.rows(
        "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY id",
        &[],
    )?;
    check(
        rows.iter()
            .map(|r| Ok((entry_from_row(r)?, r.blob(6)?, r.blob(7)?))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(include_str!("../backend/sqlite/migrations/0003_audit.sql"))
            .unwrap_or_else(|e| panic!("{e}"));
        conn
    }

    #[test]
    fn chain_verifies_and_names_the_first_tampered_entry() {
        let conn = db();
        for i in 0..5 {
            append(
                &conn,
                Some(1),
                "assign",
                &format!("conversation:{i}"),
                "to 2",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(verify(&conn).ok(), Some(Ok(5)));
        assert!(
            conn.execute("UPDATE audit SET detail = 'x' WHERE id = 3", [])
                .is_err(),
            "updates are refused"
        );
        assert!(
            conn.execute("DELETE FROM audit WHERE id = 3", []).is_err(),
            "deletes are refused"
        );
        // Someone with the file drops the triggers and edits entry 3.
        conn.execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'to 9' WHERE id = 3;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            verify(&conn).ok(),
            Some(Err(Tampered {
                id: 3,
                why: "its content was changed"
            }))
        );
    }
}
