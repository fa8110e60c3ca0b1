//! The audit chain on PostgreSQL stays one unbroken chain while several
//! sessions (hubs) append at once, and tampering is named as on SQLite.

use switchboard_hub::backend::postgres::audit;
use switchboard_hub::queries::audit::Tampered;
use switchboard_testpg::Postgres;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appends_make_one_chain_and_tampering_is_named() {
    let Some(pg) = Postgres::start_or_skip() else {
        return;
    };
    switchboard_hub::backend::postgres::store::prepare(&pg.url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let admin = pg.client().await;
    const SESSIONS: i64 = 6;
    const EACH: i64 = 15;
    let mut sessions = Vec::new();
    for hub in 0..SESSIONS {
        let mut client = pg.client().await;
        sessions.push(tokio::spawn(async move {
            let mut committed = 0;
            for n in 0..EACH {
                let tx = client.transaction().await?;
                audit::append(
                    &tx,
                    1_700_000_000 + n,
                    Some(hub),
                    "assign",
                    &format!("conversation:{n}"),
                    &format!("by hub {hub}"),
                )
                .await?;
                // Some are rolled back: they leave no entry and no gap.
                if (hub + n) % 7 == 0 {
                    tx.rollback().await?;
                } else {
                    tx.commit().await?;
                    committed += 1;
                }
            }
            Ok::<usize, tokio_postgres::Error>(committed)
        }));
    }
    let mut committed = 0;
    for s in sessions {
        committed += s
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("append: {e}"));
    }
    assert!(committed > 60);
    assert_eq!(
        audit::verify(&admin)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Ok(committed),
        "one chain, every committed entry in it"
    );

    admin
        .batch_execute(
            "ALTER TABLE audit DISABLE TRIGGER audit_no_update;
             UPDATE audit SET detail = 'by hub 9' WHERE id = 3",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        audit::verify(&admin)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Err(Tampered {
            id: 3,
            why: "its content was changed"
        })
    );
}
