//! The token bucket's arithmetic, with no clock and no state of its own:
//! the send pacer in this process (`sender.rs`) and the buckets several
//! hubs share through PostgreSQL (`backend/postgres/pacing.rs`) both use it.

use std::time::Duration;

/// A token bucket's rule, written once for the pacer in this process and
/// the one several hubs share through PostgreSQL: `tokens` were left
/// `elapsed` seconds ago, refilled at `per_sec` up to `capacity`. Takes one
/// if there is one; returns the tokens left and the outcome (how long until
/// a token is there when none was).
pub fn take_token(
    tokens: f64,
    elapsed: f64,
    capacity: f64,
    per_sec: f64,
) -> (f64, Result<(), Duration>) {
    let level = refilled(tokens, elapsed, capacity, per_sec);
    if level >= 1.0 {
        (level - 1.0, Ok(()))
    } else {
        (level, Err(Duration::from_secs_f64((1.0 - level) / per_sec)))
    }
}

/// The tokens of a bucket that had `tokens` `elapsed` seconds ago.
pub fn refilled(tokens: f64, elapsed: f64, capacity: f64, per_sec: f64) -> f64 {
    (tokens + elapsed.max(0.0) * per_sec).min(capacity)
}
