//! Media downloads with several hubs on one PostgreSQL: each file is taken
//! by one hub at a time, and a stopped hub's downloads become due again
//! only when its lease runs out.

use switchboard_hub::pg::media;
use switchboard_testpg::Postgres;

const NOW: i64 = 1_700_000_000;

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

    let mut hubs = Vec::new();
    for name in ["hub-a", "hub-b", "hub-c"] {
        let client = pg.client().await;
        hubs.push(tokio::spawn(async move {
            let mut taken = Vec::new();
            loop {
                let batch = media::take_due(&client, name, NOW, 5).await?;
                if batch.is_empty() {
                    return Ok::<_, tokio_postgres::Error>((name, taken));
                }
                taken.extend(batch);
            }
        }));
    }
    let mut all = Vec::new();
    let mut hub_b = Vec::new();
    for h in hubs {
        let (name, taken) = h
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("take: {e}"));
        if name == "hub-b" {
            hub_b = taken.clone();
        }
        all.extend(taken);
    }
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
