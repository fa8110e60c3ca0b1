//! With several hubs on one PostgreSQL, each reply is taken by exactly one
//! hub, and only sends whose hub stopped (expired leases, or the hub's own
//! when it starts again) become "unknown".

use switchboard_hub::pg::sends;
use switchboard_testpg::Postgres;

const NOW: i64 = 1_700_000_000;

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
    let mut hubs = Vec::new();
    for name in ["hub-a", "hub-b", "hub-c"] {
        let client = pg.client().await;
        hubs.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            loop {
                let batch = sends::take_due(&client, name, NOW, 7).await?;
                if batch.is_empty() {
                    return Ok::<_, tokio_postgres::Error>((name, taken));
                }
                taken.extend(batch);
            }
        }));
    }
    let mut all = Vec::new();
    let mut per_hub = Vec::new();
    for h in hubs {
        let (name, taken) = h
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("take: {e}"));
        per_hub.push((name, taken.len()));
        all.extend(taken);
    }
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
