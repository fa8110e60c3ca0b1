//! The short chaos soak `make test` runs (issue 32): a fixed seed, about
//! fifty faults over three hubs, PostgreSQL and twenty desktops, then the
//! checker. `make soak` runs the long one. The report is written to
//! `target/soak/short.md`.

use std::time::Duration;
use switchboard_system_tests::require_keyring;
use switchboard_system_tests::soak::{SoakConfig, soak};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_faults_lose_nothing_and_every_desktop_converges() -> anyhow::Result<()> {
    if switchboard_testpg::Postgres::start_or_skip().is_none() {
        return Ok(());
    }
    require_keyring();
    let dir = tempfile::tempdir()?;
    // Boxed: the run's future is large in a debug build.
    let report = Box::pin(soak(SoakConfig {
        seed: 32,
        faults: 50,
        desktops: 20,
        rate: 40,
        spacing: Duration::from_millis(1500),
        desk_program: env!("CARGO_BIN_EXE_soak").into(),
        dir: dir.path().to_path_buf(),
    }))
    .await?;
    let text = report.markdown();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/soak");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("short.md"), &text);
    eprintln!("{text}");
    assert!(report.verdict.passed(), "the soak found faults:\n{text}");
    assert!(
        report.faults.values().sum::<usize>() >= 45,
        "the faults ran:\n{text}"
    );
    assert!(
        report.disk_full_errors > 0,
        "the database's disk was full while it was written:\n{text}"
    );
    for kind in [
        "kill a hub",
        "kill PostgreSQL",
        "fill the database's disk",
        "jump a desktop's clock",
        "kill a desktop",
        "reset connections",
        "stall a path",
        "latency",
        "partition",
        "partition a hub from the database",
    ] {
        assert!(
            report.faults.get(kind).is_some_and(|n| *n > 0),
            "every kind of fault ran, {kind:?} too:\n{text}"
        );
    }
    assert!(
        report.webhooks_acked > 100 && report.verdict.replies_queued > 10,
        "traffic flowed:\n{text}"
    );
    Ok(())
}
