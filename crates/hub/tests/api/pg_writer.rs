//! The PostgreSQL writer sends statements nobody waits on (`Db::exec_later`)
//! with the next exchange, and closes a job's savepoint with the next one's
//! opening or with the commit. A late statement that fails must fail its
//! own job only, wherever that job stands in its batch: the jobs around it
//! commit, and nothing of the failed one stays.

use switchboard_hub::backend::postgres::PgStore;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::db::Db;
use switchboard_hub::repo::{Backend, StoreError};
use switchboard_testpg::Postgres;

/// A write job inserting `id` into the probe table, late or at once.
async fn insert(store: &PgStore, id: i64, late: bool) -> Result<(), StoreError> {
    store
        .write(move |db: &dyn Db, _| {
            let sql = "INSERT INTO probe (id) VALUES (?1)";
            if late {
                db.exec_later(sql, &[id.into()])
            } else {
                db.exec(sql, &[id.into()]).map(drop)
            }
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_late_statement_fails_its_own_job_only() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    let store = PgStore::connect(&pg.url(), Keyring::new(1, [3u8; 32]), "hub-w")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    pg.psql("CREATE TABLE probe (id BIGINT PRIMARY KEY)")
        .unwrap_or_else(|e| panic!("{e}"));
    for round in 0..20 {
        let base = round * 10;
        // Submitted together, so they usually share a batch; whichever of
        // the two duplicates comes second fails, late (its savepoint closed
        // with the next opening, or with the commit when it is last).
        let (a, b, c) = tokio::join!(
            insert(&store, base + 1, true),
            insert(&store, base + 1, true),
            insert(&store, base + 3, false),
        );
        assert!(c.is_ok(), "round {round}: the others commit: {c:?}");
        let failed: Vec<String> = [a, b]
            .into_iter()
            .filter_map(|r| r.err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            failed.len(),
            1,
            "round {round}: exactly one duplicate fails: {failed:?}"
        );
        assert!(failed[0].contains("duplicate"), "round {round}: {failed:?}");
        let (d, e) = tokio::join!(
            insert(&store, base + 4, true),
            insert(&store, base + 4, true)
        );
        assert_eq!(
            d.is_err() as u8 + e.is_err() as u8,
            1,
            "round {round}: {d:?} {e:?}"
        );
    }
    let rows = pg
        .psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM probe WHERE id < 10")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rows, "1,3,4",
        "each committed job's row, nothing of the failed ones"
    );
    let count = pg
        .psql("SELECT count(*) FROM probe")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count, "60");
}
