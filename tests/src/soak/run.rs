//! One soak from start to report: the deployment, the customers, the
//! desktops, the two lanes of faults, the quiet after them, the checker.

use super::check::{self, Verdict};
use super::cluster::Cluster;
use super::faults::{Fault, Path, Planned, schedule};
use super::proxy::{Proxy, Weather};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// What to run.
#[derive(Debug, Clone)]
pub struct SoakConfig {
    pub seed: u64,
    pub faults: usize,
    pub desktops: usize,
    /// Customers' webhooks per second, spread over the hubs.
    pub rate: u32,
    /// The pause between two faults of one lane.
    pub spacing: Duration,
    /// The program that runs one desktop (`soak desk …`).
    pub desk_program: PathBuf,
    pub dir: PathBuf,
}

/// One desktop process and what it needs to start again.
pub(super) struct Desk {
    pub name: String,
    pub dir: PathBuf,
    pub log: PathBuf,
    pub hub: usize,
    pub token: String,
    child: Option<Child>,
}

/// A fault as it happened.
#[derive(Debug, Clone)]
pub struct Applied {
    pub fault: Fault,
    pub at: Duration,
    pub healed: Duration,
}

/// What the run did and what the checker found.
#[derive(Debug, Default)]
pub struct Report {
    pub seed: u64,
    pub schedule: Vec<String>,
    pub faults: BTreeMap<&'static str, usize>,
    pub webhooks_acked: usize,
    pub webhooks_refused: usize,
    pub duplicates_sent: usize,
    /// Per fault kind: the longest the API (readyz through the desktops'
    /// path) and webhook intake were unavailable around it, in ms.
    pub api_down_ms: BTreeMap<&'static str, u64>,
    pub intake_down_ms: BTreeMap<&'static str, u64>,
    pub converged_after: Duration,
    /// Hub starts that failed (the database unreachable) and were retried.
    pub start_retries: usize,
    /// Lines of PostgreSQL's log saying its disk was full, and the times
    /// it stopped itself on it and was started again.
    pub disk_full_errors: usize,
    pub pg_stopped_on_full_disk: usize,
    pub verdict: Verdict,
    /// What hub 0's heap held (bytes) after warm-up and after the run.
    pub heap_in_use: (Option<u64>, Option<u64>),
    pub took: Duration,
}

/// Shared record of the customers' webhooks: acknowledged wamids (with
/// when), refusals, duplicates sent.
#[derive(Default)]
pub(super) struct Intake {
    pub acked: BTreeMap<String, Duration>,
    pub refused: usize,
    pub duplicates: usize,
    pub pending: usize,
    /// Refusals that came with a status, by status.
    pub statuses: BTreeMap<u16, usize>,
}

pub async fn soak(cfg: SoakConfig) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut cluster = Cluster::start(&cfg.dir, 3).await?;
    let hubs = Arc::new(Mutex::new(cluster.hub_addrs()));
    let customers = super::check::customers(&cluster.stack, 60).await?;
    let mut desks = make_desks(&cluster, &cfg).await?;
    for d in desks.iter_mut() {
        let front = cluster.hubs[d.hub].front.url();
        spawn_desk(&cfg, d, &front)?;
    }
    let intake = Arc::new(Mutex::new(Intake::default()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let driver = tokio::spawn(super::check::drive(
        cluster.stack.app_secret.to_string(),
        hubs.clone(),
        customers,
        cfg.rate,
        intake.clone(),
        stop.clone(),
        started,
    ));
    let fronts: Vec<String> = cluster.hubs.iter().map(|h| h.front.url()).collect();
    let probes = Arc::new(Mutex::new(Vec::new()));
    let prober = tokio::spawn(probe(fronts, probes.clone(), stop.clone(), started));
    // Warm-up: every desktop signed in and syncing, traffic flowing.
    super::check::desks_signed_in(&desks, Duration::from_secs(120)).await?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let before = check::usage(cluster.hubs[0].pid());
    let heap_before = check::heap_in_use(cluster.hubs[0].addr).await;
    // Printed now, so a long run stopped before its report still says it.
    eprintln!(
        "soak: hub-0 after warm-up: {} kB resident, {} open files, {} kB of heap in use",
        before.0,
        before.1,
        heap_before.map_or(0, |b| b / 1024)
    );

    let (processes, network) = schedule(cfg.seed, cfg.faults, cluster.hubs.len(), desks.len());
    let applied = run_lanes(
        &mut cluster,
        &mut desks,
        &cfg,
        processes,
        network,
        &hubs,
        started,
    )
    .await?;

    // Quiet: everything healed and running, traffic stopped, Meta's
    // retries drained.
    heal_all(&mut cluster, &mut desks, &cfg, &hubs).await?;
    let last_fault = Instant::now();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = driver.await;
    let _ = prober.await;
    let after = settled(cluster.hubs[0].pid(), before).await;
    let heap_after = check::heap_in_use(cluster.hubs[0].addr).await;
    eprintln!(
        "soak: hub-0 after the faults: {} kB resident, {} open files, {} kB of heap in use; checking",
        after.0,
        after.1,
        heap_after.map_or(0, |b| b / 1024)
    );
    for d in desks.iter_mut() {
        if let Some(mut c) = d.child.take() {
            let _ = c.start_kill();
            let _ = c.wait().await;
        }
    }
    let (verdict, converged) = check::check(&cluster, &desks, &intake, before, after).await?;
    let intake = intake
        .lock()
        .map_err(|_| anyhow::anyhow!("intake poisoned"))?;
    let probes = probes
        .lock()
        .map_err(|_| anyhow::anyhow!("probes poisoned"))?;
    let mut report = Report {
        seed: cfg.seed,
        webhooks_acked: intake.acked.len(),
        webhooks_refused: intake.refused,
        duplicates_sent: intake.duplicates,
        converged_after: converged.saturating_duration_since(last_fault),
        start_retries: cluster.hubs.iter().map(|h| h.restarts).sum(),
        disk_full_errors: cluster
            .pg
            .log()
            .lines()
            .filter(|l| l.contains("No space left on device"))
            .count(),
        pg_stopped_on_full_disk: cluster.pg_stopped_on_full_disk,
        verdict,
        heap_in_use: (heap_before, heap_after),
        took: started.elapsed(),
        ..Report::default()
    };
    account(&mut report, &applied, &intake, &probes);
    Ok(report)
}

/// Hub 0's memory and open files once the run's connections have wound
/// down (a stream whose desktop died is closed at its next heartbeat, 15 s
/// at most): the first reading within 20 % of `before`, or the last after
/// 45 s.
async fn settled(pid: Option<u32>, before: (u64, usize)) -> (u64, usize) {
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let now = check::usage(pid);
        if check::leaks(before, now).is_empty() || Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// The desktops: one agent each, created by the admin, spread over the hubs.
async fn make_desks(cluster: &Cluster, cfg: &SoakConfig) -> anyhow::Result<Vec<Desk>> {
    let admin = cluster.stack.agent("admin")?.token.to_string();
    let http = reqwest::Client::new();
    let hub0 = format!("http://{}", cluster.hubs[0].addr);
    let mut desks = Vec::new();
    for i in 0..cfg.desktops {
        let issued: serde_json::Value = http
            .post(format!("{hub0}/v1/agents"))
            .bearer_auth(&admin)
            .json(&serde_json::json!({"name": format!("Desk {i}"), "role": "agent"}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = issued["token"].as_str().unwrap_or_default().to_owned();
        let dir = cfg.dir.join(format!("desk-{i}"));
        std::fs::create_dir_all(&dir)?;
        desks.push(Desk {
            name: format!("soak-{}-{i}", cfg.seed),
            log: dir.join("replies.log"),
            dir,
            hub: i % cluster.hubs.len(),
            token,
            child: None,
        });
    }
    Ok(desks)
}

fn spawn_desk(cfg: &SoakConfig, d: &mut Desk, front: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        std::path::Path::new(FAKETIME).exists(),
        "{FAKETIME} is missing: the soak moves desktops' clocks with it (apt-get install faketime; scripts/bootstrap.sh does)"
    );
    let clock = d.dir.join(CLOCK);
    if !clock.exists() {
        std::fs::write(&clock, "+0\n")?;
    }
    let child = Command::new(&cfg.desk_program)
        .arg("desk")
        .arg(&d.name)
        .arg(&d.dir)
        .arg(front)
        .arg(&d.log)
        .arg(cfg.seed.to_string())
        .env("SOAK_TOKEN", &d.token)
        .env("LD_PRELOAD", FAKETIME)
        .env("FAKETIME_TIMESTAMP_FILE", &clock)
        .env("FAKETIME_CACHE_DURATION", "1")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    d.child = Some(child);
    Ok(())
}

/// Readiness through each hub's front proxy every 200 ms: (when, hub, ok).
async fn probe(
    fronts: Vec<String>,
    probes: Arc<Mutex<Vec<(Duration, usize, bool)>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    started: Instant,
) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap_or_default();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        tick.tick().await;
        for (i, f) in fronts.iter().enumerate() {
            let ok = matches!(http.get(format!("{f}/readyz")).send().await, Ok(r) if r.status().is_success());
            if let Ok(mut p) = probes.lock() {
                p.push((started.elapsed(), i, ok));
            }
        }
    }
}

/// Runs the two lanes side by side; every fault as it happened.
async fn run_lanes(
    cluster: &mut Cluster,
    desks: &mut [Desk],
    cfg: &SoakConfig,
    processes: Vec<Planned>,
    network: Vec<Planned>,
    hubs: &Arc<Mutex<Vec<SocketAddr>>>,
    started: Instant,
) -> anyhow::Result<Vec<Applied>> {
    let proxies = network_paths(cluster);
    let net = tokio::spawn(network_lane(proxies, network, cfg.spacing, started));
    let mut applied = Vec::new();
    for p in processes {
        let at = started.elapsed();
        announce(at, &p);
        // Boxed: in a debug build these futures are large, and the test's
        // thread has the default 2 MiB stack.
        Box::pin(apply_process(cluster, desks, p.fault)).await?;
        tokio::time::sleep(p.hold).await;
        Box::pin(heal_process(cluster, desks, cfg, p.fault, hubs)).await?;
        applied.push(Applied {
            fault: p.fault,
            at,
            healed: started.elapsed(),
        });
        tokio::time::sleep(cfg.spacing).await;
    }
    applied.extend(net.await?);
    Ok(applied)
}

/// Prints a fault as it is applied: the schedule a failing run replays.
fn announce(at: Duration, p: &Planned) {
    eprintln!(
        "soak: {:>7.1} s  {:?} for {} ms",
        at.as_secs_f64(),
        p.fault,
        p.hold.as_millis()
    );
}

/// Every proxy a network fault may strike, by path.
fn network_paths(cluster: &Cluster) -> Vec<(Path, Proxy)> {
    let mut paths = vec![(Path::Graph, cluster.graph.clone())];
    for (i, h) in cluster.hubs.iter().enumerate() {
        paths.push((Path::Front(i), h.front.clone()));
        paths.push((Path::Database(i), h.db.clone()));
    }
    paths
}

async fn network_lane(
    proxies: Vec<(Path, Proxy)>,
    plan: Vec<Planned>,
    spacing: Duration,
    started: Instant,
) -> Vec<Applied> {
    let mut applied = Vec::new();
    for p in plan {
        let path = match p.fault {
            Fault::Reset(path)
            | Fault::Stall(path)
            | Fault::Latency(path, _)
            | Fault::Cut(path) => path,
            _ => continue,
        };
        let Some((_, proxy)) = proxies.iter().find(|(q, _)| *q == path) else {
            continue;
        };
        let at = started.elapsed();
        announce(at, &p);
        match p.fault {
            Fault::Reset(_) => proxy.reset_all(),
            Fault::Stall(_) => proxy.set(Weather::Stalled),
            Fault::Latency(_, d) => proxy.set(Weather::Latency(d)),
            _ => proxy.set(Weather::Cut),
        }
        tokio::time::sleep(p.hold).await;
        proxy.set(Weather::Clear);
        applied.push(Applied {
            fault: p.fault,
            at,
            healed: started.elapsed(),
        });
        tokio::time::sleep(spacing).await;
    }
    applied
}

async fn apply_process(
    cluster: &mut Cluster,
    desks: &mut [Desk],
    fault: Fault,
) -> anyhow::Result<()> {
    match fault {
        Fault::KillHub(i) => cluster.hubs[i].kill().await,
        Fault::KillDatabase => {
            // pg_ctl and kill block: off the runtime's two workers, which
            // carry the proxies, the driver and the prober meanwhile.
            tokio::task::block_in_place(|| cluster.pg.kill_hard()).map_err(anyhow::Error::msg)?;
            cluster.pg_running = false;
            Ok(())
        }
        Fault::KillDesktop(i) => {
            if let Some(mut c) = desks[i].child.take() {
                c.start_kill()?;
                c.wait().await?;
            }
            Ok(())
        }
        Fault::DatabaseDiskFull => {
            tokio::task::block_in_place(|| cluster.disk.fill()).map_err(anyhow::Error::msg)
        }
        Fault::Clock(i, jump) => {
            set_clock(&desks[i], jump)?;
            clock_taken(&desks[i], jump).await
        }
        _ => Ok(()),
    }
}

/// Sets desktop `d`'s wall clock `jump` seconds off (libfaketime reads
/// the file at most once a second).
fn set_clock(d: &Desk, jump: i64) -> anyhow::Result<()> {
    std::fs::write(d.dir.join(CLOCK), format!("{jump:+}\n"))?;
    Ok(())
}

/// Waits until desktop `d` sees its wall clock `jump` seconds off (within
/// a minute of it), so a clock fault is known to have taken hold; a
/// desktop killed meanwhile is not waited for.
async fn clock_taken(d: &Desk, jump: i64) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && d.child.is_some() {
        let seen = std::fs::read_to_string(d.dir.join(super::desk::SEEN_CLOCK))
            .ok()
            .and_then(|t| t.trim().parse::<i64>().ok());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| i64::try_from(t.as_secs()).unwrap_or(i64::MAX));
        if seen.is_some_and(|s| (s - now - jump).abs() < 60) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::ensure!(
        d.child.is_none(),
        "{} never saw its clock {jump:+} s off: is libfaketime working?",
        d.name
    );
    Ok(())
}

/// The file a desktop's clock offset is read from.
const CLOCK: &str = "clock";

/// libfaketime, which moves a desktop's wall clock (Debian's `faketime`,
/// installed by `scripts/bootstrap.sh`).
const FAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

async fn heal_process(
    cluster: &mut Cluster,
    desks: &mut [Desk],
    cfg: &SoakConfig,
    fault: Fault,
    hubs: &Arc<Mutex<Vec<SocketAddr>>>,
) -> anyhow::Result<()> {
    match fault {
        Fault::KillHub(i) => {
            cluster.hubs[i].start().await?;
            if let Ok(mut h) = hubs.lock() {
                h[i] = cluster.hubs[i].addr;
            }
        }
        Fault::KillDatabase => {
            tokio::task::block_in_place(|| cluster.pg.start_again()).map_err(anyhow::Error::msg)?;
            cluster.pg_running = true;
        }
        Fault::KillDesktop(i) => {
            let front = cluster.hubs[desks[i].hub].front.url();
            spawn_desk(cfg, &mut desks[i], &front)?;
        }
        Fault::DatabaseDiskFull => {
            tokio::task::block_in_place(|| cluster.disk.free()).map_err(anyhow::Error::msg)?;
            // A server that could not finish its crash recovery on the full
            // disk has stopped: started again, as its service manager would.
            if !tokio::task::block_in_place(|| cluster.pg.running()) {
                if cluster.pg_running {
                    cluster.pg_stopped_on_full_disk += 1;
                }
                tokio::task::block_in_place(|| cluster.pg.start_again())
                    .map_err(anyhow::Error::msg)?;
                cluster.pg_running = true;
            }
        }
        Fault::Clock(i, _) => set_clock(&desks[i], 0)?,
        _ => {}
    }
    Ok(())
}

/// After the last fault: every proxy clear, every process running.
async fn heal_all(
    cluster: &mut Cluster,
    desks: &mut [Desk],
    cfg: &SoakConfig,
    hubs: &Arc<Mutex<Vec<SocketAddr>>>,
) -> anyhow::Result<()> {
    for (_, p) in network_paths(cluster) {
        p.set(Weather::Clear);
    }
    heal_process(cluster, desks, cfg, Fault::DatabaseDiskFull, hubs).await?;
    if !cluster.pg_running {
        heal_process(cluster, desks, cfg, Fault::KillDatabase, hubs).await?;
    }
    for d in desks.iter() {
        set_clock(d, 0)?;
    }
    for i in 0..cluster.hubs.len() {
        if !cluster.hubs[i].running() {
            heal_process(cluster, desks, cfg, Fault::KillHub(i), hubs).await?;
        }
    }
    Ok(())
}

/// Fault counts, and per kind the longest unavailability of the API (the
/// hub it touched, through the desktops' path) and of webhook intake
/// (any hub) from the fault until 10 s after it healed.
fn account(
    report: &mut Report,
    applied: &[Applied],
    intake: &Intake,
    probes: &[(Duration, usize, bool)],
) {
    let acks: Vec<Duration> = {
        let mut a: Vec<Duration> = intake.acked.values().copied().collect();
        a.sort();
        a
    };
    for a in applied {
        let kind = a.fault.kind();
        *report.faults.entry(kind).or_default() += 1;
        report.schedule.push(format!(
            "{:>8.1} s  {:?}, healed at {:.1} s",
            a.at.as_secs_f64(),
            a.fault,
            a.healed.as_secs_f64()
        ));
        let end = a.healed + Duration::from_secs(10);
        if let Some(hub) = a.fault.hub() {
            let down = longest_down(
                probes
                    .iter()
                    .filter(|(t, h, _)| *h == hub && *t >= a.at && *t <= end)
                    .map(|(t, _, ok)| (*t, *ok)),
                end,
            );
            let e = report.api_down_ms.entry(kind).or_default();
            *e = (*e).max(down);
        }
        let window: Vec<Duration> = acks
            .iter()
            .copied()
            .filter(|t| *t >= a.at && *t <= end)
            .collect();
        let mut gap = window.first().map_or(end - a.at, |f| *f - a.at);
        for pair in window.windows(2) {
            gap = gap.max(pair[1] - pair[0]);
        }
        if let Some(last) = window.last() {
            gap = gap.max(end.min(a.healed + Duration::from_secs(10)) - *last);
        }
        let e = report.intake_down_ms.entry(kind).or_default();
        *e = (*e).max(gap.as_millis() as u64);
    }
    report.schedule.sort();
}

/// The longest run of failed probes, from its first failure to the next success.
fn longest_down(samples: impl Iterator<Item = (Duration, bool)>, end: Duration) -> u64 {
    let (mut longest, mut since) = (Duration::ZERO, None);
    for (t, ok) in samples {
        match (ok, since) {
            (false, None) => since = Some(t),
            (true, Some(s)) => {
                longest = longest.max(t - s);
                since = None;
            }
            _ => {}
        }
    }
    if let Some(s) = since {
        longest = longest.max(end.saturating_sub(s));
    }
    longest.as_millis() as u64
}

/// Bytes as kB, or "?" when the hub could not say.
fn kb(bytes: Option<u64>) -> String {
    bytes.map_or("?".into(), |b| (b / 1024).to_string())
}

impl Report {
    /// The report as RELIABILITY.md quotes it; a failing run's findings
    /// and schedule at the end.
    pub fn markdown(&self) -> String {
        let v = &self.verdict;
        let mut out = format!(
            "## Soak, seed {}\n\n| measure | value |\n|---|---|\n| faults injected | {} |\n| webhooks acknowledged | {} |\n| webhooks refused (503 or unreachable, retried) | {} |\n| refusals with another status than 503 | {} |\n| webhooks never acknowledged after the drain | {} |\n| acknowledged webhooks sent again (duplicates) | {} |\n| replies queued | {} |\n| replies sent to Meta (once) | {} |\n| replies shown to their agent as failed or unknown (hub or outbox) | {} |\n| webhooks lost | {} |\n| webhooks stored twice | {} |\n| replies lost | {} |\n| replies sent twice to Meta | {} |\n| desktops not converged | {} |\n| converged after the last fault | {:.1} s |\n| replies all sent or shown failed, after convergence | {:.1} s |\n| hub starts retried (the database unreachable at start) | {} |\n| PostgreSQL's disk-full errors / stops on a full disk | {} / {} |\n| audit | {} |\n| hub-0 resident memory, after warm-up / after | {} / {} kB |\n| hub-0 open files, after warm-up / after | {} / {} |\n| hub-0 heap in use, after warm-up / after | {} / {} kB |\n| run took | {:.0} s |\n\n",
            self.seed,
            self.faults.values().sum::<usize>(),
            self.webhooks_acked,
            self.webhooks_refused,
            v.wrong_refusals.len(),
            v.unacknowledged,
            self.duplicates_sent,
            v.replies_queued,
            v.replies_delivered,
            v.replies_shown_failed,
            v.lost_webhooks.len(),
            v.duplicated_webhooks.len(),
            v.lost_replies.len(),
            v.duplicated_replies.len(),
            v.unconverged.len(),
            self.converged_after.as_secs_f64(),
            v.replies_settled_after.as_secs_f64(),
            self.start_retries,
            self.disk_full_errors,
            self.pg_stopped_on_full_disk,
            v.audit,
            v.usage.0.0,
            v.usage.1.0,
            v.usage.0.1,
            v.usage.1.1,
            kb(self.heap_in_use.0),
            kb(self.heap_in_use.1),
            self.took.as_secs_f64(),
        );
        out.push_str("| fault | injected | longest API unavailability | longest webhook intake gap |\n|---|---|---|---|\n");
        for (kind, n) in &self.faults {
            let api = self
                .api_down_ms
                .get(kind)
                .map_or("n/a".to_owned(), |ms| format!("{ms} ms"));
            let intake = self.intake_down_ms.get(kind).copied().unwrap_or(0);
            out.push_str(&format!("| {kind} | {n} | {api} | {intake} ms |\n"));
        }
        if !v.passed() {
            out.push_str(&format!(
                "\n### Findings (replay with SOAK_SEED={})\n\n",
                self.seed
            ));
            for line in v
                .lost_webhooks
                .iter()
                .map(|w| format!("lost webhook {w}"))
                .chain(v.duplicated_webhooks.iter().cloned())
                .chain(v.lost_replies.iter().map(|r| format!("lost reply {r}")))
                .chain(v.duplicated_replies.iter().cloned())
                .chain(v.unconverged.iter().cloned())
                .chain(v.leaks.iter().cloned())
                .chain(v.wrong_refusals.iter().cloned())
                .take(50)
            {
                out.push_str(&format!("- {line}\n"));
            }
            out.push_str("\n### Schedule\n\n```\n");
            out.push_str(&self.schedule.join("\n"));
            out.push_str("\n```\n");
        }
        out
    }
}
