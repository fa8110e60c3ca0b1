//! The send queue with several hubs: each reply goes to WhatsApp from
//! exactly one hub, and a hub that dies mid-send is noticed.
//!
//! A hub takes due sends with a lease: `FOR UPDATE SKIP LOCKED` picks rows
//! no other hub is taking at that moment, and the same statement marks them
//! in flight under this hub's name until `lease_until`, durably, before any
//! Graph API call. Two hubs never hold the same send.
//!
//! A send still in flight when its lease runs out belongs to a hub that
//! stopped mid-call: WhatsApp may or may not have the message, so it is
//! marked "unknown" (shown to the agent, never sent again blindly). Only
//! expired leases are reconciled, so a live hub's sends are never touched;
//! a hub coming back under the same name reconciles its own at once (it
//! knows it stopped). The lease outlasts the Graph API call's timeout.

use tokio_postgres::GenericClient;

/// The send queue's columns on PostgreSQL (part of the backend's
/// migrations; the messages table has more).
pub const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS messages (
    id              BIGSERIAL PRIMARY KEY,
    status          TEXT NOT NULL DEFAULT 'pending',
    error           TEXT,
    send_state      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT
);
CREATE INDEX IF NOT EXISTS messages_send_queue ON messages (send_state, next_attempt_at)
    WHERE send_state IS NOT NULL";

/// How long a hub holds a send it took (seconds): longer than the Graph
/// API call's timeout with its retries inside one attempt.
pub const LEASE_SECS: i64 = 120;

/// Takes up to `limit` sends due at `now` for hub `owner`: each is marked in
/// flight under `owner` until `now + LEASE_SECS`. Returns their ids.
pub async fn take_due(
    client: &impl GenericClient,
    owner: &str,
    now: i64,
    limit: i64,
) -> Result<Vec<i64>, tokio_postgres::Error> {
    let rows = client
        .query(
            "UPDATE messages SET send_state = 'in_flight', attempts = attempts + 1,
                    lease_owner = $1, lease_until = $2 + $4
             WHERE id IN (
               SELECT id FROM messages
               WHERE send_state = 'queued' AND next_attempt_at <= $2
               ORDER BY next_attempt_at, id
               LIMIT $3
               FOR UPDATE SKIP LOCKED)
             RETURNING id",
            &[&owner, &now, &limit, &LEASE_SECS],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Marks sends whose hub stopped mid-call as outcome unknown: every expired
/// lease, and `restarting`'s own (a hub starting again under its name).
/// Returns their ids.
pub async fn reconcile(
    client: &impl GenericClient,
    now: i64,
    restarting: Option<&str>,
) -> Result<Vec<i64>, tokio_postgres::Error> {
    let rows = client
        .query(
            "UPDATE messages SET send_state = 'done', status = 'unknown',
                    error = 'the hub stopped while sending: this message may or may not have reached the customer'
             WHERE send_state = 'in_flight' AND (lease_until <= $1 OR lease_owner = $2)
             RETURNING id",
            &[&now, &restarting],
        )
        .await?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    ids.sort_unstable();
    Ok(ids)
}
