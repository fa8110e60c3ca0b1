//! The throwaway server starts durable, takes writes, and leaves nothing
//! behind.

use switchboard_testpg::Postgres;

#[test]
fn a_throwaway_server_is_durable_and_leaves_nothing_behind() {
    let pg = match Postgres::start() {
        Ok(pg) => pg,
        Err(missing) => {
            eprintln!("skipped: {missing}");
            return;
        }
    };
    let setting = |name: &str| {
        pg.psql(&format!("SHOW {name}"))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(setting("synchronous_commit"), "on");
    assert_eq!(setting("fsync"), "on");
    assert_eq!(setting("listen_addresses"), "127.0.0.1");
    pg.psql("CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 100)")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pg.psql("SELECT sum(n) FROM t").as_deref(), Ok("5050"));
    assert!(pg.url().ends_with(&format!(":{}/switchboard", pg.port())));
    let port = pg.port();
    let folder = pg.folder();
    assert!(folder.join("data").join("PG_VERSION").exists());
    drop(pg);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the server is stopped"
    );
    assert!(!folder.exists(), "the cluster's folder is removed");
}
