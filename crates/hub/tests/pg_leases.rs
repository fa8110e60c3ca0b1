//! Leases with several hubs on one PostgreSQL: each reply is taken by
//! exactly one hub and only sends whose hub stopped (expired leases, or the
//! hub's own when it starts again) become "unknown"; each media download is
//! taken by one hub at a time and a stopped hub's come back when its lease
//! runs out.

use futures_util::future::BoxFuture;
use std::collections::HashMap;
use switchboard_hub::pg::{media, sends};
use switchboard_testpg::Postgres;
use tokio_postgres::Client;

const NOW: i64 = 1_700_000_000;

/// One batch of a queue, as one hub takes it.
type Take =
    for<'a> fn(&'a Client, &'static str) -> BoxFuture<'a, Result<Vec<i64>, tokio_postgres::Error>>;

fn take_sends<'a>(
    client: &'a Client,
    hub: &'static str,
) -> BoxFuture<'a, Result<Vec<i64>, tokio_postgres::Error>> {
    Box::pin(sends::take_due(client, hub, NOW, 7))
}

fn take_media<'a>(
    client: &'a Client,
    hub: &'static str,
) -> BoxFuture<'a, Result<Vec<i64>, tokio_postgres::Error>> {
    Box::pin(media::take_due(client, hub, NOW, 5))
}

/// Three hubs take from one queue at once, a batch at a time, until it is
/// empty; what each took.
async fn three_hubs_drain(pg: &Postgres, take: Take) -> HashMap<&'static str, Vec<i64>> {
    let mut hubs = Vec::new();
    for name in ["hub-a", "hub-b", "hub-c"] {
        let client = pg.client().await;
        hubs.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            loop {
                let batch = take(&client, name).await?;
                if batch.is_empty() {
                    return Ok::<_, tokio_postgres::Error>((name, taken));
                }
                taken.extend(batch);
            }
        }));
    }
    let mut taken = HashMap::new();
    for h in hubs {
        let (name, ids) = h
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("take: {e}"));
        taken.insert(name, ids);
    }
    taken
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hubs_never_take_the_same_send_and_only_stopped_ones_become_unknown() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let db = pg.client().await;
    db.batch_execute(sends::SCHEMA)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    db.execute(
        "INSERT INTO messages (send_state, next_attempt_at) SELECT 'queued', $1 FROM generate_series(1, 300)",
        &[&NOW],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));

    // Three hubs take sends at once, in small batches, until none is left.
    let taken = three_hubs_drain(&pg, take_sends).await;
    let per_hub: Vec<(&str, usize)> = taken.iter().map(|(h, t)| (*h, t.len())).collect();
    let mut all: Vec<i64> = taken.into_values().flatten().collect();
    all.sort_unstable();
    let expected: Vec<i64> = (1..=300).collect();
    assert_eq!(
        all, expected,
        "every send taken once, by one hub: {per_hub:?}"
    );
    let owners: i64 = db
        .query_one(
            "SELECT count(*) FROM messages WHERE send_state = 'in_flight' AND lease_until = $1",
            &[&(NOW + sends::LEASE_SECS)],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    assert_eq!(owners, 300, "in flight under a lease, before any call");

    let ids_of = |owner: &'static str| {
        let db = &db;
        async move {
            db.query(
                "SELECT id FROM messages WHERE lease_owner = $1 ORDER BY id",
                &[&owner],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(|r| r.get::<_, i64>(0))
            .collect::<Vec<i64>>()
        }
    };
    let (hub_a, hub_b) = (ids_of("hub-a").await, ids_of("hub-b").await);
    // hub-c finishes its sends; hub-a and hub-b stop mid-call.
    db.execute(
        "UPDATE messages SET send_state = 'done', status = 'accepted' WHERE lease_owner = 'hub-c'",
        &[],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    // hub-a starts again: its own sends are unknown at once.
    assert_eq!(
        sends::reconcile(&db, NOW + 10, Some("hub-a"))
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        hub_a
    );
    // hub-b's leases have not run out: a slow call and a dead hub look
    // alike, so nothing of it is touched yet.
    assert_eq!(
        sends::reconcile(&db, NOW + 10, None)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Vec::<i64>::new()
    );
    assert_eq!(
        sends::reconcile(&db, NOW + sends::LEASE_SECS, None)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        hub_b,
        "once its leases run out, hub-b's sends are unknown"
    );
    let count = |status: &'static str| {
        let db = &db;
        async move {
            db.query_one(
                "SELECT count(*) FROM messages WHERE status = $1",
                &[&status],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .get::<_, i64>(0)
        }
    };
    assert_eq!(count("unknown").await as usize, hub_a.len() + hub_b.len());
    assert_eq!(
        count("accepted").await as usize,
        300 - hub_a.len() - hub_b.len()
    );
    assert!(
        sends::take_due(&db, "hub-c", NOW + 1_000, 10)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty(),
        "an unknown outcome is never taken again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_download_is_taken_once_and_a_stopped_hubs_come_back_after_its_lease() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let db = pg.client().await;
    db.batch_execute(media::SCHEMA)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    db.execute(
        "INSERT INTO media (message_id, next_attempt_at) SELECT g, $1 FROM generate_series(1, 200) g",
        &[&NOW],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));

    let taken = three_hubs_drain(&pg, take_media).await;
    let mut hub_b = taken.get("hub-b").cloned().unwrap_or_default();
    let mut all: Vec<i64> = taken.into_values().flatten().collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (1..=200).collect::<Vec<i64>>(),
        "each download taken once"
    );

    // hub-a and hub-c finish theirs; hub-b stops holding its own.
    db.execute(
        "UPDATE media SET state = 'ready' WHERE lease_owner <> 'hub-b'",
        &[],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        media::take_due(&db, "hub-a", NOW + 10, 500)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty(),
        "a live lease is not taken over"
    );
    hub_b.sort_unstable();
    assert_eq!(
        media::take_due(&db, "hub-a", NOW + media::LEASE_SECS, 500)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        hub_b,
        "once hub-b's lease runs out, its downloads are due again"
    );
    let attempts: i64 = db
        .query_one(
            "SELECT max(attempts) FROM media WHERE lease_owner = 'hub-a' AND state = 'fetching'",
            &[],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get::<_, Option<i32>>(0)
        .map_or(0, i64::from);
    assert_eq!(attempts, 2, "the second attempt is counted");
}
