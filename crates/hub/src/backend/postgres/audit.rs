//! The audit chain on PostgreSQL. Each entry's hash covers the one before,
//! so entries must be appended one at a time even when several hubs write:
//! an append takes a transaction-scoped advisory lock ([`AUDIT_LOCK`]), held
//! until its transaction commits or rolls back, then reads the last entry
//! and chains the new one to it ([`crate::queries::audit::next`], the same rule as
//! on SQLite). A rolled-back append leaves no trace and no gap.

use super::db::{LOCK, numbered};
use crate::queries::audit::{self, Entry, Tampered};
use tokio_postgres::{GenericClient, Transaction};

/// The advisory lock key that orders audit appends ("audt" in ASCII).
pub const AUDIT_LOCK: i64 = 0x6175_6474;

/// Appends an entry in `tx`, chained to the last committed one, with the
/// statements the store's `audit::append` uses on PostgreSQL (for the tests
/// that hold transactions open at chosen points).
pub async fn append(
    tx: &Transaction<'_>,
    at: i64,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<i64, tokio_postgres::Error> {
    tx.execute(&numbered(LOCK), &[&AUDIT_LOCK]).await?;
    let last = tx
        .query_opt(&numbered(audit::LAST), &[])
        .await?
        .map(|r| (r.get::<_, i64>(0), r.get::<_, Vec<u8>>(1)));
    let (entry, prev, hash) = audit::next(last, at, actor, action, subject, detail);
    tx.execute(
        &numbered(audit::INSERT),
        &[
            &entry.id,
            &entry.at,
            &entry.actor,
            &entry.action,
            &entry.subject,
            &entry.detail,
            &prev,
            &hash,
        ],
    )
    .await?;
    Ok(entry.id)
}

/// Walks the whole chain ([`crate::queries::audit::check`]).
pub async fn verify(
    client: &impl GenericClient,
) -> Result<Result<usize, Tampered>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY id",
            &[],
        )
        .await?;
    audit::check(rows.iter().map(|r| {
        Ok((
            Entry {
                id: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                action: r.get(3),
                subject: r.get(4),
                detail: r.get(5),
            },
            r.get(6),
            r.get(7),
        ))
    }))
}
