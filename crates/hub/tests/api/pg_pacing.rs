//! Pacing shared by several hubs through PostgreSQL: a customer's burst is
//! the burst, however many hubs send at once, and the next token comes when
//! the rate says.

use switchboard_hub::backend::postgres::pacing;
use switchboard_testpg::Postgres;

const NOW: f64 = 1_700_000_000.0;
/// WhatsApp's pair rate: a burst of 3, then one every 6 s.
const BURST: f64 = 3.0;
const PER_SEC: f64 = 1.0 / 6.0;

/// `hubs` sessions each try `each` sends to one customer at `now`; returns
/// how many were let through and the waits the others were told.
async fn round(pg: &Postgres, hubs: usize, each: usize, now: f64) -> (usize, Vec<f64>) {
    let mut tasks = Vec::new();
    for _ in 0..hubs {
        let mut client = pg.client().await;
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for _ in 0..each {
                outcomes.push(
                    pacing::take(&mut client, "customer:351912345678", now, BURST, PER_SEC).await?,
                );
            }
            Ok::<_, tokio_postgres::Error>(outcomes)
        }));
    }
    let mut granted = 0;
    let mut waits = Vec::new();
    for t in tasks {
        for outcome in t
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("take: {e}"))
        {
            match outcome {
                Ok(()) => granted += 1,
                Err(wait) => waits.push(wait.as_secs_f64()),
            }
        }
    }
    (granted, waits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hubs_share_one_customers_burst_and_rate() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    switchboard_hub::backend::postgres::store::prepare(&pg.url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let (granted, waits) = round(&pg, 3, 4, NOW).await;
    assert_eq!(granted, 3, "the burst, across all hubs");
    assert_eq!(waits.len(), 9);
    assert!(
        waits.iter().all(|w| (w - 6.0).abs() < 1e-6),
        "the others are told when the next token comes: {waits:?}"
    );

    // Three seconds later: still nothing; six: exactly one more.
    assert_eq!(round(&pg, 3, 2, NOW + 3.0).await.0, 0);
    assert_eq!(round(&pg, 3, 2, NOW + 6.0).await.0, 1);
    // A hub whose clock is a little behind sees no refill, not a negative one.
    let (granted, waits) = round(&pg, 1, 1, NOW + 5.0).await;
    assert_eq!(granted, 0);
    assert!(waits.iter().all(|w| *w > 0.0 && *w <= 6.0), "{waits:?}");
    // A minute later the burst is back, and no more.
    assert_eq!(round(&pg, 3, 3, NOW + 66.0).await.0, 3);
}
