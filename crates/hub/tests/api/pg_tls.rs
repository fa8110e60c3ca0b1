//! The hub reaches PostgreSQL over TLS as the URL says (libpq's `sslmode`
//! and `sslrootcert`): checked against the given certificate, refused when
//! the server's certificate cannot be checked, encrypted without checking
//! under `require`, plain under `disable`. The server says which of its
//! sessions are encrypted (`pg_stat_ssl`).

use switchboard_hub::backend::postgres::PgStore;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::repo::HubStore;
use switchboard_testpg::Postgres;

/// Whether the session `url` opens is encrypted, as the server sees it.
async fn encrypted(url: &str) -> Result<bool, String> {
    let (client, connection) = switchboard_hub::backend::postgres::connect::open(url)
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let row = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(row.get(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_url_decides_tls() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (cert_file, key_file) = crate::common::loopback_certificate(dir.path());
    let read =
        |p: &std::path::Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let (cert, key) = (read(&cert_file), read(&key_file));
    let Some(pg) = Postgres::start_with_tls(&cert, &key)
        .map_err(|missing| eprintln!("skipped: {missing}"))
        .ok()
    else {
        return;
    };
    let ca = dir.path().join("cert.pem");
    let base = format!("postgres://switchboard@127.0.0.1:{}/switchboard", pg.port());

    let checked = format!("{base}?sslmode=verify-full&sslrootcert={}", ca.display());
    assert_eq!(
        encrypted(&checked).await,
        Ok(true),
        "checked against the given certificate"
    );
    // The whole store works over it: schema, a write, a read.
    let store = PgStore::connect(&checked, Keyring::new(1, [7u8; 32]), "hub-tls")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (agent, _token) = store
        .create_agent("Ana".into(), switchboard_protocol::Role::Admin, 90, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let agents = store.list_agents().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(agents.iter().any(|a| a.id == agent));

    let refused = encrypted(&format!("{base}?sslmode=verify-full")).await;
    assert!(
        refused.as_ref().is_err_and(|e| e.contains("certificate")),
        "a certificate no known authority signed is refused: {refused:?}"
    );
    assert_eq!(
        encrypted(&format!("{base}?sslmode=require")).await,
        Ok(true),
        "encrypted, unchecked"
    );
    assert_eq!(
        encrypted(&base).await,
        Ok(true),
        "prefer (the default) takes TLS when offered"
    );
    assert_eq!(
        encrypted(&format!("{base}?sslmode=disable")).await,
        Ok(false)
    );
}
