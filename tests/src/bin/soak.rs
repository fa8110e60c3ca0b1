//! `make soak`: the chaos soak (issue 32). Three hubs on one PostgreSQL,
//! the sandbox as Meta with customers writing, headless desktops as
//! processes, under a seeded schedule of faults; then the checker. Prints
//! the report (the figures of RELIABILITY.md) and fails when the checker
//! finds anything lost, duplicated, unconverged or leaked; a failing run
//! prints its seed and fault schedule, to replay with `SOAK_SEED`.
//!
//! Settings: `SOAK_SEED` (default: the clock), `SOAK_FAULTS` (1000),
//! `SOAK_DESKTOPS` (20), `SOAK_RATE` (webhooks a second, 200),
//! `SOAK_SPACING_MS` (between two faults of a lane, 1000), `SOAK_KEEP`
//! (keep the run's folder: the hubs' logs, the desktops' stores).
//!
//! `soak desk NAME DIR HUB LOG SEED` runs one desktop (started by the soak).

use std::time::Duration;
use switchboard_system_tests::soak::{SoakConfig, soak};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("desk") {
        let [_, _, name, dir, hub, log, seed] = args.as_slice() else {
            anyhow::bail!("usage: soak desk NAME DIR HUB LOG SEED");
        };
        return switchboard_system_tests::soak::desk::run(
            name,
            std::path::Path::new(dir),
            hub,
            std::path::Path::new(log),
            seed.parse()?,
        )
        .await;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let dir = tempfile::tempdir()?;
    let cfg = SoakConfig {
        seed: env("SOAK_SEED", now),
        faults: env("SOAK_FAULTS", 1000) as usize,
        desktops: env("SOAK_DESKTOPS", 20) as usize,
        rate: env("SOAK_RATE", 200) as u32,
        spacing: Duration::from_millis(env("SOAK_SPACING_MS", 1000)),
        desk_program: std::env::current_exe()?,
        dir: dir.path().to_path_buf(),
    };
    eprintln!(
        "soak: seed {} · {} faults · {} desktops · {} webhooks/s",
        cfg.seed, cfg.faults, cfg.desktops, cfg.rate
    );
    let report = Box::pin(soak(cfg)).await;
    if std::env::var_os("SOAK_KEEP").is_some() {
        eprintln!(
            "soak: the run's folder (hub logs, desktops' stores) is kept: {}",
            dir.keep().display()
        );
    }
    let report = report?;
    print!("{}", report.markdown());
    anyhow::ensure!(
        report.verdict.passed(),
        "the soak failed: replay with SOAK_SEED={}",
        report.seed
    );
    Ok(())
}
