//! The PostgreSQL feed cannot be skipped by a reader, whatever order
//! concurrent transactions commit in (see `switchboard_hub::backend::postgres::feed`).
//! Against a real, throwaway PostgreSQL.

use std::time::{Duration, Instant};
use switchboard_hub::backend::postgres::feed;
use switchboard_testpg::Postgres;
use tokio_postgres::Client;

/// A client on a server with the hub's schema.
async fn feed_reader(pg: &Postgres) -> Client {
    switchboard_hub::backend::postgres::store::prepare(&pg.url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    pg.client().await
}

/// Waits until a session waits for the feed lock.
async fn someone_waits_for_the_feed(reader: &Client) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let waiting: i64 = reader
            .query_one(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                &[],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .get(0);
        if waiting > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no transaction waited for the feed lock"
        );
        tokio::task::yield_now().await;
    }
}

async fn seqs_after(reader: &Client, after: i64) -> Vec<i64> {
    feed::after(reader, after, 100)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|c| c.seq)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_slow_transactions_and_a_reader_never_skip_a_change() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let mut a = pg.client().await;
    let mut b = pg.client().await;
    let reader = feed_reader(&pg).await;

    // A appends first and stays open (slow): it holds the feed.
    let ta = a.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    let seq_a = feed::append(&ta, 1, "message", Some(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // B appends while A is open (it waits for A), then stays open too.
    let (seq_sent, seq_b) = tokio::sync::oneshot::channel::<i64>();
    let (go, commit_b) = tokio::sync::oneshot::channel::<()>();
    let b_side = tokio::spawn(async move {
        let tb = b.transaction().await?;
        let seq = feed::append(&tb, 2, "message", Some(2)).await?;
        let _ = seq_sent.send(seq);
        let _ = commit_b.await;
        tb.commit().await
    });
    someone_waits_for_the_feed(&reader).await;
    assert_eq!(
        seqs_after(&reader, 0).await,
        Vec::<i64>::new(),
        "nothing committed yet"
    );

    ta.commit().await.unwrap_or_else(|e| panic!("{e}"));
    let seq_b = seq_b.await.unwrap_or_else(|e| panic!("{e}"));
    assert!(seq_b > seq_a, "B's change comes after A's");
    // A reader between the two commits sees A's change only.
    assert_eq!(seqs_after(&reader, 0).await, vec![seq_a]);
    go.send(()).unwrap_or_else(|_| panic!("B is gone"));
    b_side
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        seqs_after(&reader, seq_a).await,
        vec![seq_b],
        "B's change, after A's, with nothing skipped"
    );
}

/// What the lock prevents: with plain inserts, the later seq commits first,
/// a reader moves past it, and the earlier one is never read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_lock_a_reader_skips_a_change() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let mut a = pg.client().await;
    let mut b = pg.client().await;
    let reader = feed_reader(&pg).await;
    let insert = "INSERT INTO changes (conversation_id, kind) VALUES (1, 'message') RETURNING seq";
    let ta = a.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    let seq_a: i64 = ta
        .query_one(insert, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    let tb = b.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    let seq_b: i64 = tb
        .query_one(insert, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    tb.commit().await.unwrap_or_else(|e| panic!("{e}"));
    let cursor = *seqs_after(&reader, 0).await.last().unwrap_or(&0);
    assert_eq!(cursor, seq_b);
    ta.commit().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(seq_a < cursor);
    assert!(
        seqs_after(&reader, cursor).await.is_empty(),
        "the earlier change is behind the cursor for good"
    );
}

/// Many writers committing in random order while a reader follows the feed:
/// the reader sees every committed change once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_following_many_writers_sees_every_change_once() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let reader = feed_reader(&pg).await;
    const WRITERS: i64 = 6;
    const EACH: i64 = 40;
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let mut client = pg.client().await;
        writers.push(tokio::spawn(async move {
            let mut committed = Vec::new();
            for n in 0..EACH {
                let tx = client.transaction().await?;
                let seq = feed::append(&tx, w, "message", Some(n)).await?;
                // Some transactions stay open a little after appending, some
                // are rolled back: commits land in every order the lock allows.
                if (w + n) % 3 == 0 {
                    tokio::time::sleep(Duration::from_millis(((w * 7 + n) % 5) as u64)).await;
                }
                if (w * 13 + n) % 11 == 0 {
                    tx.rollback().await?;
                } else {
                    tx.commit().await?;
                    committed.push(seq);
                }
            }
            Ok::<Vec<i64>, tokio_postgres::Error>(committed)
        }));
    }
    let mut seen = Vec::new();
    let mut cursor = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut done = false;
    loop {
        let batch = seqs_after(&reader, cursor).await;
        if let Some(last) = batch.last() {
            cursor = *last;
        }
        seen.extend(batch);
        if done {
            break;
        }
        done = writers.iter().all(|w| w.is_finished());
        assert!(Instant::now() < deadline, "the writers did not finish");
        tokio::task::yield_now().await;
    }
    let mut committed = Vec::new();
    for w in writers {
        committed.extend(
            w.await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    committed.sort_unstable();
    assert!(seen.windows(2).all(|p| p[0] < p[1]), "in order, once each");
    assert_eq!(seen, committed, "every committed change, and nothing else");
    assert!(committed.len() as i64 > WRITERS * EACH / 2);
}

/// A hub listening on the database is woken once per committed transaction
/// that appended to the feed (however many changes it held), and never by
/// one that rolled back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_hub_is_woken_by_each_committed_append_and_never_by_a_rollback() {
    use switchboard_hub::backend::postgres::wake::Listener;
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let mut writer = feed_reader(&pg).await;
    let (wake, mut woken) = tokio::sync::watch::channel(0u64);
    let listener = Listener::start(&pg.url(), wake, Default::default(), "hub-x".into())
        .await
        .unwrap_or_else(|e| panic!("listen: {e}"));

    // Rolled back: nobody hears of it. Then one commit of three changes.
    let tx = writer.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    feed::append(&tx, 1, "message", Some(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.rollback().await.unwrap_or_else(|e| panic!("{e}"));
    let tx = writer.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    for n in 0..3 {
        feed::append(&tx, 1, "message", Some(n))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wakes_reach(&mut woken, 1).await, 1);

    // A second commit is the second wake-up: the rollback gave none.
    let tx = writer.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    feed::append(&tx, 2, "message", Some(9))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wakes_reach(&mut woken, 2).await,
        2,
        "one per committed transaction"
    );
    assert!(listener.is_listening());
}

/// A hub keeps listening across a restart of the database (found by the
/// chaos soak, issue 32): once its listening connection is lost it opens
/// a new one, counts one wake-up for what it may have missed, and hears
/// the next commit of another hub. Before, it stayed deaf for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_listens_again_after_the_database_restarts() {
    use switchboard_hub::backend::postgres::wake::Listening;
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    drop(feed_reader(&pg).await);
    let (wake, mut woken) = tokio::sync::watch::channel(0u64);
    let listening = Listening::start(&pg.url(), wake, Default::default(), "hub-x".into())
        .await
        .unwrap_or_else(|e| panic!("listen: {e}"));
    assert!(listening.is_listening());

    pg.kill_hard().unwrap_or_else(|e| panic!("{e}"));
    crate::common::until(
        "the lost connection noticed",
        Duration::from_secs(60),
        || !listening.is_listening(),
    )
    .await;
    pg.start_again().unwrap_or_else(|e| panic!("{e}"));
    crate::common::until("listening again", Duration::from_secs(60), || {
        listening.is_listening()
    })
    .await;
    let before = *woken.borrow();
    assert!(
        before >= 1,
        "a new connection counts one wake-up for what it missed"
    );

    let mut writer = pg.client().await;
    let tx = writer.transaction().await.unwrap_or_else(|e| panic!("{e}"));
    feed::append(&tx, 1, "message", Some(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        wakes_reach(&mut woken, before + 1).await > before,
        "another hub's commit after the restart is heard"
    );
}

/// Waits (with a deadline) until `n` wake-ups have been counted.
async fn wakes_reach(woken: &mut tokio::sync::watch::Receiver<u64>, n: u64) -> u64 {
    tokio::time::timeout(Duration::from_secs(10), woken.wait_for(|c| *c >= n))
        .await
        .unwrap_or_else(|_| panic!("no wake-up {n}"))
        .map(|c| *c)
        .unwrap_or_else(|e| panic!("{e}"))
}
