//! A team of thousands: `BENCH_DESKTOPS` headless desktops (default 5,000;
//! the real core's sync engine, `Desktop::run`, each with its own SQLCipher
//! store and its own agent's token; `BENCH_PER_PROCESS` of them per worker
//! process, default 1,250, as a process may hold 20,000 files here and a
//! desktop holds about eight) signed in round
//! robin to `BENCH_HUBS` hubs (default 3) on one PostgreSQL, each following
//! its hub's event stream. A customer then writes `BENCH_PROBES` messages
//! (default 20), one every `BENCH_EVERY_MS` (default 2,000), each webhook
//! posted to the next hub as Meta's calls would be spread; for each message
//! and each desktop, the time from the hub's acknowledgement of the webhook
//! to the message being in that desktop's store (checked after each sync
//! round: the store's newest conversation shows it), p50 / p99 / max over
//! every (message, desktop); and the hubs' memory and descriptors per 1,000
//! streams, and where the machine's time went.
//!
//! `BENCH_STORE=0` measures the servers' share alone, as desktops on
//! machines of their own would see it: each desktop is only its event
//! stream, followed by the core's own client (`HubClient::follow_events`),
//! every pushed page read for the probes and a pull of the feed wherever the
//! hub could not push, nothing stored; the time is the acknowledgement to
//! the page's arrival.
//!
//! `make fanout-bench` (release build; BENCHMARKS.md, "A team of thousands").

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use switchboard_core::desktop::{Desktop, Profile};
use switchboard_core::hub_client::{HubClient, HubEvent};
use switchboard_core::store::View;
use switchboard_demo::{Stack, StackOptions, sign_webhook};
use switchboard_protocol::Change;
use switchboard_protocol::Role;
use switchboard_system_tests::procfs::{cpu_seconds, open_files, status_kb};
use switchboard_system_tests::{inbound_text, requests_answered, until};
use switchboard_testpg::Postgres;
use zeroize::Zeroizing;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Busy and total CPU time of the whole machine, in clock ticks.
fn machine_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(cpu) = stat.lines().next() else {
        return (0, 0);
    };
    let v: Vec<u64> = cpu
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: u64 = v.iter().sum();
    let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// The processes of PostgreSQL's server (their CPU time, for the split).
fn postgres_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|c| c.trim() == "postgres")
                .unwrap_or(false)
        })
        .collect()
}

/// The wall clock in nanoseconds: the processes share it (`Instant`s
/// cannot cross a process).
fn wall_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

/// When each desktop of a worker first held each probe (wall clock in
/// nanoseconds; 0: not yet), probe-major.
struct Seen {
    desktops: usize,
    at: Vec<AtomicU64>,
}

impl Seen {
    fn new(probes: usize, desktops: usize) -> Seen {
        Seen {
            desktops,
            at: (0..probes * desktops).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Desktop `d` holds every probe up to `newest` now.
    fn mark(&self, d: usize, newest: usize) {
        let now = wall_nanos();
        for probe in (0..=newest).rev() {
            let Some(slot) = self.at.get(probe * self.desktops + d) else {
                continue;
            };
            if slot.load(Ordering::Relaxed) != 0 {
                break;
            }
            slot.store(now, Ordering::Relaxed);
        }
    }

    fn missing(&self, probe: usize) -> usize {
        (0..self.desktops)
            .filter(|d| self.at[probe * self.desktops + d].load(Ordering::Relaxed) == 0)
            .count()
    }

    fn at(&self, probe: usize, d: usize) -> u64 {
        self.at[probe * self.desktops + d].load(Ordering::Relaxed)
    }
}

/// After each sync round: the newest conversation's preview names the
/// newest probe this store holds.
fn check(desktop: &Desktop, d: usize, seen: &Seen) {
    let Ok(page) = desktop
        .store()
        .conversation_page(&desktop.me(), View::All, None, 1)
    else {
        return;
    };
    let newest = page
        .items
        .first()
        .and_then(|c| c.preview.as_deref())
        .and_then(|p| p.strip_prefix("probe "))
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(n) = newest {
        seen.mark(d, n);
    }
}

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted
        .get(i)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(f64::NAN)
}

struct Hub {
    url: String,
    pid: u32,
}

/// The limits raised for a benchmark of thousands of desktops on one
/// loopback address (README: each is a setting of the hub).
fn hub_limits(desktops: usize, hubs: usize) -> Vec<(String, String)> {
    let per_hub = desktops.div_ceil(hubs);
    [
        (
            "SWITCHBOARD_MAX_CONNECTIONS",
            (per_hub * 3 + 512).to_string(),
        ),
        (
            "SWITCHBOARD_CONNECTIONS_PER_ADDRESS",
            (per_hub * 3 + 256).to_string(),
        ),
        ("SWITCHBOARD_MAX_STREAMS", (per_hub + 64).to_string()),
        // The admin creates the agents as fast as the hubs answer.
        ("SWITCHBOARD_TOKEN_RATE", "100000".to_string()),
        ("SWITCHBOARD_TOKEN_BURST", "100000".to_string()),
        ("RUST_LOG", "warn".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

async fn start_hubs(
    pg: &Postgres,
    dir: &std::path::Path,
    desktops: usize,
    count: usize,
) -> anyhow::Result<(Stack, Vec<Hub>, Vec<tokio::process::Child>)> {
    pg.psql("CREATE DATABASE fanout")
        .map_err(anyhow::Error::msg)?;
    let stack = Stack::start(StackOptions {
        data_dir: dir.join("hub"),
        database_url: Some(format!(
            "postgres://switchboard@127.0.0.1:{}/fanout",
            pg.port()
        )),
        hub_env: hub_limits(desktops, count),
        ..StackOptions::default()
    })
    .await?;
    let mut hubs = vec![Hub {
        url: stack.hub_url.clone(),
        pid: stack.hub_pid().unwrap_or(0),
    }];
    let mut children = Vec::new();
    for n in 1..count {
        let (child, url) = stack.another_hub(&format!("hub-{n}")).await?;
        hubs.push(Hub {
            url,
            pid: child.id().unwrap_or(0),
        });
        children.push(child);
    }
    Ok((stack, hubs, children))
}

/// `count` agents, each with its token, created by the admin.
async fn create_agents(
    admin: &switchboard_core::hub_client::HubClient,
    count: usize,
) -> anyhow::Result<Vec<Zeroizing<String>>> {
    let mut tokens = Vec::with_capacity(count);
    let mut batch = tokio::task::JoinSet::new();
    for n in 0..count {
        let admin = admin.clone();
        batch.spawn(async move {
            admin
                .create_agent(&format!("Agent {n:05}"), Role::Agent)
                .await
                .map(|t| (n, Zeroizing::new(t.token)))
        });
        if batch.len() >= 16 || n + 1 == count {
            while let Some(made) = batch.join_next().await {
                tokens.push(made??);
            }
        }
    }
    tokens.sort_by_key(|(n, _)| *n);
    Ok(tokens.into_iter().map(|(_, t)| t).collect())
}

/// What the parent tells a worker on its standard input (its tokens are
/// secrets: never on a command line or in the environment).
#[derive(serde::Serialize, serde::Deserialize)]
struct Assignment {
    hubs: Vec<String>,
    /// The index of this worker's first desktop among all.
    first: usize,
    probes: usize,
    tokens: Vec<String>,
    /// Streams only (`BENCH_STORE=0`): no store, no sync engine.
    #[serde(default)]
    streams_only: bool,
}

/// A worker: signs its desktops in (round robin over the hubs, by their
/// index among all) and starts each one's sync engine; says `ready` once
/// each has finished a first round, `all N` once each holds probe N, and
/// on `report` writes `seen DESKTOP PROBE NANOS` for every delivery.
async fn worker() -> anyhow::Result<()> {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let assignment: Assignment = serde_json::from_str(
        &lines
            .next_line()
            .await?
            .ok_or_else(|| anyhow::anyhow!("no assignment"))?,
    )?;
    let dir = tempfile::tempdir()?;
    let count = assignment.tokens.len();
    let seen = Arc::new(Seen::new(assignment.probes, count));
    let rounds = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let counters = (seen.clone(), rounds.clone(), failed.clone());
    // The spawned tasks hold what they need for the worker's life.
    if assignment.streams_only {
        start_listeners(&assignment, counters)?;
    } else {
        start_desktops(&assignment, dir.path(), counters).await?;
    }
    until(
        "every desktop's first sync round",
        Duration::from_secs(600),
        || async { Ok((rounds.load(Ordering::Relaxed) >= count).then_some(())) },
    )
    .await?;
    println!("ready");
    // Says when each probe is everywhere, until asked for the report.
    let watcher = {
        let seen = seen.clone();
        tokio::spawn(async move {
            let mut next = 0;
            let mut tick = tokio::time::interval(Duration::from_millis(5));
            while next < seen.at.len() / seen.desktops.max(1) {
                tick.tick().await;
                while next < seen.at.len() / seen.desktops.max(1) && seen.missing(next) == 0 {
                    println!("all {next}");
                    next += 1;
                }
            }
        })
    };
    while let Some(line) = lines.next_line().await? {
        if line.trim() == "report" {
            watcher.abort();
            let mut out = String::new();
            for probe in 0..assignment.probes {
                for d in 0..count {
                    out.push_str(&format!(
                        "seen {} {probe} {}\n",
                        assignment.first + d,
                        seen.at(probe, d)
                    ));
                }
            }
            out.push_str(&format!(
                "rounds {} {}\nend\n",
                rounds.load(Ordering::Relaxed),
                failed.load(Ordering::Relaxed)
            ));
            use std::io::Write;
            std::io::stdout().write_all(out.as_bytes())?;
            std::io::stdout().flush()?;
        }
    }
    Ok(())
}

type Counters = (Arc<Seen>, Arc<AtomicUsize>, Arc<AtomicUsize>);

/// The worker's desktops: each signed in and its sync engine started;
/// `rounds` counts sync rounds, `failed` the failed ones.
async fn start_desktops(
    assignment: &Assignment,
    dir: &std::path::Path,
    (seen, rounds, failed): Counters,
) -> anyhow::Result<()> {
    for (d, token) in assignment.tokens.iter().enumerate() {
        let global = assignment.first + d;
        let profile = Profile::at(
            &format!("fanout-{global}"),
            &dir.join(format!("desk-{global}")),
        );
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
        let hub = &assignment.hubs[global % assignment.hubs.len()];
        let desktop =
            Arc::new(Desktop::headless(&profile, hub, Zeroizing::new(token.clone()), &key).await?);
        let (seen, rounds, failed, me) = (
            seen.clone(),
            rounds.clone(),
            failed.clone(),
            desktop.clone(),
        );
        tokio::spawn(desktop.run(move |round| {
            if round.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            check(&me, d, &seen);
            rounds.fetch_add(1, Ordering::Relaxed);
        }));
    }
    Ok(())
}

/// Streams only: each desktop's event stream followed by the core's own
/// client; `rounds` counts streams that have started plus pages and pulls
/// read, `failed` streams or pulls that failed.
fn start_listeners(
    assignment: &Assignment,
    (seen, rounds, failed): Counters,
) -> anyhow::Result<()> {
    for (d, token) in assignment.tokens.iter().enumerate() {
        let global = assignment.first + d;
        let hub = &assignment.hubs[global % assignment.hubs.len()];
        let client = Arc::new(HubClient::new(hub, Zeroizing::new(token.clone()))?);
        let counters = (seen.clone(), rounds.clone(), failed.clone());
        tokio::spawn(listen(client, d, counters));
    }
    Ok(())
}

/// One desktop reduced to its event stream: pushed pages read for probes,
/// and the feed pulled from its cursor wherever the hub could not push (a
/// `changes` event, a page that does not start at the cursor, a new stream).
async fn listen(client: Arc<HubClient>, d: usize, (seen, rounds, failed): Counters) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    {
        let (client, failed) = (client.clone(), failed.clone());
        tokio::spawn(async move {
            loop {
                let to = tx.clone();
                if client
                    .follow_events(move |event| {
                        let _ = to.send(event);
                    })
                    .await
                    .is_err()
                {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                // A stream that ended is opened again, as the sync engine does.
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
    }
    let mut cursor: Option<i64> = None;
    while let Some(event) = rx.recv().await {
        let behind = match (event, cursor) {
            (HubEvent::Changes(latest), None) => {
                cursor = Some(latest.unwrap_or(0));
                None
            }
            (HubEvent::Page(page), Some(at)) if page.after <= at && at <= page.next => {
                read_probes(&page.changes, d, &seen);
                cursor = Some(page.next);
                None
            }
            (HubEvent::Changes(_) | HubEvent::Page(_), at) => at,
            _ => continue,
        };
        if let Some(at) = behind {
            cursor = Some(pull(&client, at, d, &seen, &failed).await);
        }
        rounds.fetch_add(1, Ordering::Relaxed);
    }
}

/// The feed from `at` to its end, read for probes; the new cursor.
async fn pull(client: &HubClient, mut at: i64, d: usize, seen: &Seen, failed: &AtomicUsize) -> i64 {
    loop {
        match client.changes(at, 500).await {
            Ok(page) => {
                read_probes(&page.changes, d, seen);
                at = page.next;
                if !page.more {
                    return at;
                }
            }
            Err(_) => {
                failed.fetch_add(1, Ordering::Relaxed);
                return at;
            }
        }
    }
}

/// Marks desktop `d` as holding each probe these changes carry.
fn read_probes(changes: &[Change], d: usize, seen: &Seen) {
    for change in changes {
        if let Change::Message { message, .. } = change
            && let Some(n) = message
                .text
                .as_deref()
                .and_then(|t| t.strip_prefix("probe "))
                .and_then(|n| n.parse::<usize>().ok())
        {
            seen.mark(d, n);
        }
    }
}

/// A worker process and what it has said.
struct Worker {
    child: tokio::process::Child,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
    stdin: tokio::process::ChildStdin,
    /// The newest probe all its desktops hold, plus one.
    everywhere: usize,
}

impl Worker {
    async fn start(assignment: &Assignment) -> anyhow::Result<Worker> {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
        let mut child = tokio::process::Command::new(std::env::current_exe()?)
            .arg("worker")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| anyhow::anyhow!("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
        let mut json = serde_json::to_vec(assignment)?;
        json.push(b'\n');
        stdin.write_all(&json).await?;
        stdin.flush().await?;
        Ok(Worker {
            child,
            lines: tokio::io::BufReader::new(stdout).lines(),
            stdin,
            everywhere: 0,
        })
    }

    /// Reads what the worker says until `done` holds (with a deadline).
    async fn until(
        &mut self,
        within: Duration,
        mut done: impl FnMut(&Worker, &str) -> bool,
    ) -> anyhow::Result<()> {
        tokio::time::timeout(within, async {
            while let Some(line) = self.lines.next_line().await? {
                if let Some(n) = line
                    .strip_prefix("all ")
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    self.everywhere = self.everywhere.max(n + 1);
                }
                if done(self, &line) {
                    return Ok(());
                }
            }
            anyhow::bail!("a worker stopped")
        })
        .await
        .map_err(|_| anyhow::anyhow!("a worker did not answer in time"))?
    }

    /// Every delivery the worker saw: (desktop, probe, wall nanos), and its
    /// rounds and failed rounds.
    async fn report(&mut self) -> anyhow::Result<(Vec<(usize, usize, u64)>, usize, usize)> {
        use tokio::io::AsyncWriteExt;
        self.stdin.write_all(b"report\n").await?;
        self.stdin.flush().await?;
        let mut seen = Vec::new();
        let (mut rounds, mut failed) = (0, 0);
        self.until(Duration::from_secs(60), |_, line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            match f.as_slice() {
                ["seen", d, p, at] => {
                    if let (Ok(d), Ok(p), Ok(at)) = (d.parse(), p.parse(), at.parse()) {
                        seen.push((d, p, at));
                    }
                }
                ["rounds", r, x] => {
                    rounds = r.parse().unwrap_or(0);
                    failed = x.parse().unwrap_or(0);
                }
                _ => {}
            }
            line == "end"
        })
        .await?;
        Ok((seen, rounds, failed))
    }
}

/// Posts one probe to `hub`; the wall clock when the hub acknowledged it.
async fn probe(http: &reqwest::Client, hub: &Hub, secret: &str, n: usize) -> anyhow::Result<u64> {
    let body = inbound_text(
        "5511987650000",
        "Fan-out customer",
        &format!("wamid.FANOUT{n:06}"),
        &format!("probe {n}"),
    );
    let signature = sign_webhook(secret.as_bytes(), &body);
    let r = http
        .post(format!("{}/webhooks/whatsapp", hub.url))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await?;
    let acked = wall_nanos();
    anyhow::ensure!(r.status().is_success(), "webhook refused: {}", r.status());
    Ok(acked)
}

/// Waits until every worker's desktops all hold probe `n`.
async fn everywhere(workers: &mut [Worker], n: usize, within: Duration) -> anyhow::Result<()> {
    for w in workers.iter_mut() {
        if w.everywhere <= n {
            w.until(within, |w, _| w.everywhere > n).await?;
        }
    }
    Ok(())
}

struct Usage {
    hubs_cpu: f64,
    workers_cpu: f64,
    postgres_cpu: f64,
    machine: (u64, u64),
}

fn usage(hubs: &[Hub], workers: &[u32]) -> Usage {
    Usage {
        hubs_cpu: hubs.iter().map(|h| cpu_seconds(h.pid)).sum(),
        workers_cpu: workers.iter().copied().map(cpu_seconds).sum(),
        postgres_cpu: postgres_pids().into_iter().map(cpu_seconds).sum(),
        machine: machine_ticks(),
    }
}

/// Requests the hubs answered, by method and route (their `/metrics`).
async fn requests(http: &reqwest::Client, hubs: &[Hub]) -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    for hub in hubs {
        for (route, n) in requests_answered(http, &hub.url).await.unwrap_or_default() {
            *out.entry(route).or_default() += n;
        }
    }
    out
}

fn print_hubs(hubs: &[Hub], before: &[(u64, usize)], streams_per_hub: f64) {
    for (hub, (rss_before, fds_before)) in hubs.iter().zip(before) {
        let (rss, fds) = (
            status_kb(hub.pid, "VmRSS:").unwrap_or(0),
            open_files(hub.pid),
        );
        println!(
            "hub {}: resident {:.1} MB (idle {:.1}), descriptors {fds} (idle {fds_before}); per 1,000 streams {:.1} MB and {:.0} descriptors",
            hub.url,
            rss as f64 / 1e3,
            *rss_before as f64 / 1e3,
            (rss.saturating_sub(*rss_before)) as f64 / 1e3 / (streams_per_hub / 1e3),
            (fds.saturating_sub(*fds_before)) as f64 / (streams_per_hub / 1e3),
        );
    }
}

/// The latencies of every delivery (from the webhook's acknowledgement),
/// and the slowest desktop of each probe.
fn latencies(acked: &[u64], seen: &[(usize, usize, u64)]) -> (Vec<Duration>, Vec<Duration>, usize) {
    let mut all = Vec::with_capacity(seen.len());
    let mut slowest = vec![Duration::ZERO; acked.len()];
    let mut missing = 0;
    for &(_, probe, at) in seen {
        // Probe 0 warms up; 1..=N are measured.
        let Some(ack) = probe.checked_sub(1).and_then(|i| acked.get(i)) else {
            continue;
        };
        if at == 0 {
            missing += 1;
            continue;
        }
        let took = Duration::from_nanos(at.saturating_sub(*ack));
        slowest[probe - 1] = slowest[probe - 1].max(took);
        all.push(took);
    }
    all.sort();
    slowest.sort();
    (all, slowest, missing)
}

async fn run() -> anyhow::Result<()> {
    let count = env("BENCH_DESKTOPS", 5_000).max(1);
    let hub_count = env("BENCH_HUBS", 3).max(1);
    let probes = env("BENCH_PROBES", 20).max(1);
    let per_process = env("BENCH_PER_PROCESS", 1_250).max(1);
    let every = Duration::from_millis(env("BENCH_EVERY_MS", 2_000) as u64);
    let streams_only = env("BENCH_STORE", 1) == 0;
    let pg = Postgres::start().map_err(anyhow::Error::msg)?;
    let dir = tempfile::tempdir()?;
    println!(
        "# {count} desktops ({} worker processes) on {hub_count} hubs, one PostgreSQL{}",
        count.div_ceil(per_process),
        if streams_only {
            "; streams only (BENCH_STORE=0): each desktop's event stream read, nothing stored"
        } else {
            ""
        }
    );
    let (stack, hubs, _children) = start_hubs(&pg, dir.path(), count, hub_count).await?;
    let admin = switchboard_core::hub_client::HubClient::new(
        &hubs[0].url,
        stack.agent("admin")?.token.clone(),
    )?;
    let started = Instant::now();
    let tokens = create_agents(&admin, count).await?;
    println!(
        "agents created: {count} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let idle: Vec<(u64, usize)> = hubs
        .iter()
        .map(|h| (status_kb(h.pid, "VmRSS:").unwrap_or(0), open_files(h.pid)))
        .collect();
    let started = Instant::now();
    let mut workers = Vec::new();
    for (n, chunk) in tokens.chunks(per_process).enumerate() {
        workers.push(
            Worker::start(&Assignment {
                hubs: hubs.iter().map(|h| h.url.clone()).collect(),
                first: n * per_process,
                probes: probes + 1,
                tokens: chunk.iter().map(|t| t.to_string()).collect(),
                streams_only,
            })
            .await?,
        );
    }
    drop(tokens);
    for w in &mut workers {
        w.until(Duration::from_secs(900), |_, line| line == "ready")
            .await?;
    }
    let pids: Vec<u32> = workers.iter().filter_map(|w| w.child.id()).collect();
    println!(
        "desktops signed in and synced once: {count} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let http = reqwest::Client::new();
    let secret = stack.app_secret.to_string();
    probe(&http, &hubs[0], &secret, 0).await?;
    everywhere(&mut workers, 0, Duration::from_secs(120)).await?;
    let before = usage(&hubs, &pids);
    let asked_before = requests(&http, &hubs).await;
    let mut acked = Vec::with_capacity(probes);
    let mut next = Instant::now();
    for n in 1..=probes {
        tokio::time::sleep_until(next.into()).await;
        next += every;
        acked.push(probe(&http, &hubs[n % hubs.len()], &secret, n).await?);
    }
    let arrived = everywhere(&mut workers, probes, Duration::from_secs(120)).await;
    let after = usage(&hubs, &pids);
    let asked_after = requests(&http, &hubs).await;
    let resident: u64 = pids
        .iter()
        .map(|p| status_kb(*p, "VmRSS:").unwrap_or(0))
        .sum();
    let files: usize = pids.iter().map(|p| open_files(*p)).sum();
    let (mut seen, mut rounds, mut failed) = (Vec::new(), 0, 0);
    for w in &mut workers {
        let (s, r, f) = w.report().await?;
        seen.extend(s);
        rounds += r;
        failed += f;
    }
    let (all, slowest, missing) = latencies(&acked, &seen);
    println!(
        "webhook acknowledged → message {}: p50 {:.0} ms, p95 {:.0} ms, p99 {:.0} ms, max {:.0} ms ({} deliveries, {missing} missing{})",
        if streams_only {
            "read from the desktop's event stream"
        } else {
            "in the desktop's store"
        },
        quantile(&all, 0.5),
        quantile(&all, 0.95),
        quantile(&all, 0.99),
        quantile(&all, 1.0),
        all.len(),
        if arrived.is_err() {
            "; the last message did not reach every desktop in 120 s"
        } else {
            ""
        }
    );
    println!(
        "the last desktop of each message: median {:.0} ms, max {:.0} ms",
        quantile(&slowest, 0.5),
        quantile(&slowest, 1.0)
    );
    let ticks = (after.machine.1 - before.machine.1).max(1) as f64;
    println!(
        "CPU in the measured window ({:.1} s of 2 cores' time, busy {:.0} %): desktops {:.1} s, hubs {:.1} s, PostgreSQL {:.1} s; {rounds} sync rounds in all, {failed} failed",
        ticks / 100.0,
        100.0 * (after.machine.0 - before.machine.0) as f64 / ticks,
        after.workers_cpu - before.workers_cpu,
        after.hubs_cpu - before.hubs_cpu,
        after.postgres_cpu - before.postgres_cpu,
    );
    let asked: Vec<String> = asked_after
        .iter()
        .map(|(route, n)| (route, n - asked_before.get(route).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .map(|(route, n)| format!("{route} {n}"))
        .collect();
    println!(
        "requests the hubs answered in the measured window: {}",
        asked.join(", ")
    );
    print_hubs(&hubs, &idle, count as f64 / hubs.len() as f64);
    println!(
        "desktops' processes: resident {:.0} MB ({:.0} kB per desktop), {files} descriptors ({:.1} per desktop)",
        resident as f64 / 1e3,
        resident as f64 / count as f64,
        files as f64 / count as f64
    );
    drop(workers);
    stack.stop().await;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        worker().await
    } else {
        run().await
    }
}
