//! Send pacing shared by every hub: WhatsApp limits how fast one business
//! number may send and how often one customer may be written to, whichever
//! hub sends. Each bucket (`number:<id>`, `customer:<wa_id>`) is one row;
//! taking a token locks that row for the length of a short transaction and
//! applies the same rule as the single hub's pacer
//! ([`crate::bucket::take_token`]). Hubs' clocks are NTP-close, not equal:
//! a bucket's time never goes backwards, so a hub a little behind sees no
//! refill rather than a negative one.

use crate::bucket::take_token;
use std::time::Duration;
use tokio_postgres::Client;

/// Takes a token from bucket `key` at `now` (Unix seconds), creating it full
/// (`capacity`) the first time; refilled at `per_sec`. `Err` says how long
/// until a token is there.
pub async fn take(
    client: &mut Client,
    key: &str,
    now: f64,
    capacity: f64,
    per_sec: f64,
) -> Result<Result<(), Duration>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO pacing (key, tokens, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
        &[&key, &capacity, &now],
    )
    .await?;
    let row = tx
        .query_one(
            "SELECT tokens, at FROM pacing WHERE key = $1 FOR UPDATE",
            &[&key],
        )
        .await?;
    let (tokens, at): (f64, f64) = (row.get(0), row.get(1));
    let (left, taken) = take_token(tokens, now - at, capacity, per_sec);
    tx.execute(
        "UPDATE pacing SET tokens = $2, at = $3 WHERE key = $1",
        &[&key, &left, &now.max(at)],
    )
    .await?;
    tx.commit().await?;
    Ok(taken)
}
