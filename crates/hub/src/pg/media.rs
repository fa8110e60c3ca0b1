//! Media downloads with several hubs: each inbound file is fetched from
//! WhatsApp by one hub at a time. A hub takes due downloads with a lease
//! (`FOR UPDATE SKIP LOCKED` and the lease in one statement). Fetching is
//! only reading from Meta, so when a hub stops mid-download nothing is
//! lost or doubled: once its lease runs out the download is simply due
//! again, for whichever hub takes it next.

use tokio_postgres::GenericClient;

/// The download queue's columns on PostgreSQL (part of the backend's
/// migrations; the media table has more).
pub const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS media (
    message_id      BIGINT PRIMARY KEY,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner     TEXT,
    lease_until     BIGINT
)";

/// How long a hub holds a download it took (seconds): longer than fetching
/// the largest file WhatsApp allows takes.
pub const LEASE_SECS: i64 = 300;

/// Takes up to `limit` downloads for hub `owner` at `now`: those due, and
/// those whose hub's lease ran out. Returns their message ids.
pub async fn take_due(
    client: &impl GenericClient,
    owner: &str,
    now: i64,
    limit: i64,
) -> Result<Vec<i64>, tokio_postgres::Error> {
    let rows = client
        .query(
            "UPDATE media SET state = 'fetching', attempts = attempts + 1,
                    lease_owner = $1, lease_until = $2 + $4
             WHERE message_id IN (
               SELECT message_id FROM media
               WHERE (state = 'pending' AND next_attempt_at <= $2)
                  OR (state = 'fetching' AND lease_until <= $2)
               ORDER BY next_attempt_at, message_id
               LIMIT $3
               FOR UPDATE SKIP LOCKED)
             RETURNING message_id",
            &[&owner, &now, &limit, &LEASE_SECS],
        )
        .await?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    ids.sort_unstable();
    Ok(ids)
}
