//! The change feed on PostgreSQL: a feed no reader can skip, with any
//! number of hubs writing at once.
//!
//! Desktops read the feed with `seq > cursor` and move their cursor to the
//! last seq they saw. That is only safe if no change can become visible
//! with a seq below one already read. On SQLite a single writer commits in
//! seq order, so it holds. On PostgreSQL it does not by itself: sequence
//! numbers are handed out when a row is inserted, not when its transaction
//! commits, so transaction A can take seq 10, B seq 11, B commit, a reader
//! see 11 and move past 10, and A commit 10 behind it: that change is never
//! read.
//!
//! The mechanism: appending to the feed takes one transaction-scoped
//! advisory lock first ([`FEED_LOCK`]) and keeps it until the transaction
//! ends, and the seq is drawn after the lock is held. So feed appends, and
//! the commits of the transactions that made them, happen one at a time in
//! seq order; PostgreSQL releases a transaction's locks only after its
//! commit is visible, so the next appender's row cannot become visible
//! before the previous one's. A reader that sees seq n therefore sees every
//! committed seq below n; an aborted transaction leaves only a gap, which
//! readers never wait for.
//!
//! The hub's writer takes the lock as the first statement of every write
//! transaction rather than at the first append (`store.rs` says why: no
//! deadlocks, and audit appends in the same order), so writes are one batch
//! at a time across hubs; each hub's group commit puts many webhooks in one
//! batch. BENCHMARKS.md ("Hub on PostgreSQL") has what it costs with 1, 2
//! and 3 hubs.

use super::db::{LOCK, numbered};
use tokio_postgres::{GenericClient, Transaction};

/// The advisory lock key that orders feed appends ("feed" in ASCII).
pub const FEED_LOCK: i64 = 0x6665_6564;

use crate::queries::ingest::APPEND;

/// Wakes every hub listening on [`super::wake::CHANNEL`] when the
/// transaction commits.
pub const NOTIFY: &str = "SELECT pg_notify(?1, '')";

/// One entry of the feed as stored (the hub filters and fills it per reader).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub seq: i64,
    pub conversation_id: i64,
    pub kind: String,
    pub message_id: Option<i64>,
}

/// Appends a change in `tx` and returns its seq, with the statements the
/// store uses: takes the feed lock (held until `tx` ends), appends, and
/// notifies every hub (delivered at commit, once per transaction). For the
/// tests that hold transactions open at chosen points; the hub itself
/// appends through the store's `append_change`.
pub async fn append(
    tx: &Transaction<'_>,
    conversation_id: i64,
    kind: &str,
    message_id: Option<i64>,
) -> Result<i64, tokio_postgres::Error> {
    tx.execute(&numbered(LOCK), &[&FEED_LOCK]).await?;
    let row = tx
        .query_one(
            &numbered(&format!("{APPEND} RETURNING seq")),
            &[&conversation_id, &kind, &message_id],
        )
        .await?;
    tx.execute(&numbered(NOTIFY), &[&super::wake::CHANNEL])
        .await?;
    Ok(row.get(0))
}

/// Up to `limit` committed changes after `after`, in seq order.
pub async fn after(
    client: &impl GenericClient,
    after: i64,
    limit: i64,
) -> Result<Vec<ChangeRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT seq, conversation_id, kind, message_id FROM changes
             WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&after, &limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| ChangeRow {
            seq: r.get(0),
            conversation_id: r.get(1),
            kind: r.get(2),
            message_id: r.get(3),
        })
        .collect())
}
