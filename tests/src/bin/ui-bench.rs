//! The app at a desk's scale against the same app on the demo's handful of
//! conversations, in one run (BENCHMARKS.md, "Desktop app").
//!
//! `cargo build --release -p switchboard-desktop && cargo run -p
//! switchboard-system-tests --bin ui-bench` (under Xvfb, a session bus and
//! an unlocked keyring: `make ui-bench` does it all). It fills a hub with
//! 100,000 messages in one conversation and two in each of 5,000 more,
//! syncs a profile, then starts the release app `BENCH_RUNS` times (default
//! 5) under WebDriver and measures: start to a usable inbox (the first
//! conversation row on screen), memory (PSS of the app and its WebKit
//! processes, once it says it is synced), and opening the 100,000-message
//! thread (click to its first message on screen, timed by the page itself:
//! WebDriver's round trips and 100 ms polling are shown apart), then the
//! memory again after reading up through 10 older pages of it (500
//! messages; the demo's thread has none; `BENCH_PAGES` sets how many).
//! Between the two, with the thread open, its customer writes `BENCH_LIVE`
//! messages (default 10 per start), one a second: from the webhook being
//! posted to the hub (through the sandbox, the hub's acknowledgement
//! included) to the message painted in the open thread and in the list's
//! row (the page notes the wall clock two animation frames after each
//! appears). Medians, and p50 / p99 of the live messages.
//! It also starts `webkit-floor` (one WebKit view showing two lines) with
//! the app's rendering settings and measures it the same way: WebKitGTK's
//! own floor on this machine, the baseline for the memory figure.
//! `BENCH_DESK=0` measures the demo's size alone (a quick look at a
//! change); `BENCH_SMAPS=1` prints each process's largest mappings.
//! `BENCH_SOAK_SECS=N` then keeps the desk's app at work for N seconds (a
//! customer writes every 3 s, one of twenty or the long thread; the agent
//! opens another conversation every 10 s) and prints its memory every
//! minute: the app after a working hour (`BENCH_SOAK_SECS=3600`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use switchboard_demo::Stack;
use switchboard_system_tests::app::{
    open_app, read_older_page, sign_in, stop_driver, sync_profile,
};
use switchboard_system_tests::procfs::{Proc, processes};
use switchboard_system_tests::{stack_in, unique_profile, until};

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The WebKit web process that process `parent` started, if it is up.
fn web_process_of(procs: &[Proc], parent: u32) -> Option<u32> {
    procs
        .iter()
        .find(|p| p.ppid == parent && p.name.starts_with("WebKitWebProces"))
        .map(|p| p.pid)
}

/// The running app's process id: the newest process named
/// `switchboard-des…` with a WebKit web process of its own (not a
/// `switchboard-desktop sync`, nor an app from an earlier start still
/// shutting down).
fn running_app() -> anyhow::Result<Proc> {
    let procs = processes()?;
    let with_web: Vec<u32> = procs
        .iter()
        .filter(|p| web_process_of(&procs, p.pid).is_some())
        .map(|p| p.pid)
        .collect();
    procs
        .into_iter()
        .filter(|p| p.name.starts_with("switchboard-des") && with_web.contains(&p.pid))
        .max_by_key(|p| p.start_ticks)
        .ok_or_else(|| anyhow::anyhow!("the app is not running"))
}

/// How the app told WebKit to run: the `WEBKIT_`, `GDK_` and `JSC_`
/// variables its web process started with (the app sets them first thing,
/// so its own `/proc/PID/environ`, fixed at exec, does not show them).
fn rendering_env(app: u32) -> anyhow::Result<Vec<(String, String)>> {
    let web = web_process_of(&processes()?, app)
        .ok_or_else(|| anyhow::anyhow!("the app has no web process"))?;
    let environ = std::fs::read(format!("/proc/{web}/environ"))?;
    Ok(environ
        .split(|b| *b == 0)
        .filter_map(|kv| std::str::from_utf8(kv).ok())
        .filter(|kv| {
            ["WEBKIT_", "GDK_", "JSC_"]
                .iter()
                .any(|p| kv.starts_with(p))
        })
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect())
}

/// When a process started `ticks` clock ticks after boot, in milliseconds
/// since the Unix epoch (to 10 ms, the kernel's tick).
fn started_at_ms(ticks: u64) -> anyhow::Result<f64> {
    let ticks = ticks as f64;
    let hz: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(100.0);
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")?
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no uptime"))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs_f64();
    Ok((now - (uptime - ticks / hz)) * 1e3)
}

/// PSS in kB of process `app` and of the WebKit processes it started.
fn pss_kb(app: u32) -> anyhow::Result<u64> {
    let procs = processes()?;
    let mut total = 0;
    let mut parts = Vec::new();
    for Proc {
        pid, ppid, name, ..
    } in &procs
    {
        if *pid == app || (*ppid == app && name.starts_with("WebKit")) {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
            let kb = rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            parts.push(format!("{name} {} MB", kb / 1024));
            total += kb;
            if std::env::var_os("BENCH_SMAPS").is_some() {
                eprintln!(
                    "ui-bench: {name} ({pid}), largest mappings: PSS, of which private dirty"
                );
                for (mapping, pss, dirty) in largest_mappings(*pid)? {
                    eprintln!("ui-bench:   {pss:>7} kB {dirty:>7} kB  {mapping}");
                }
            }
        }
    }
    eprintln!("ui-bench: PSS {}", parts.join(", "));
    Ok(total)
}

/// The mappings of a process summed by what they map (a file, `[heap]`,
/// or anonymous memory), largest PSS first: where its memory goes.
fn largest_mappings(pid: u32) -> anyhow::Result<Vec<(String, u64, u64)>> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps"))?;
    let mut by_name: std::collections::HashMap<String, (u64, u64)> = Default::default();
    let mut current = String::new();
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if first.contains('-') && first.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            current = fields.nth(4).unwrap_or("[anonymous]").to_owned();
        } else if first == "Pss:" || first == "Private_Dirty:" {
            let kb = fields
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            let entry = by_name.entry(current.clone()).or_default();
            if first == "Pss:" {
                entry.0 += kb;
            } else {
                entry.1 += kb;
            }
        }
    }
    let mut all: Vec<(String, u64, u64)> = by_name
        .into_iter()
        .map(|(name, (pss, dirty))| (name, pss, dirty))
        .collect();
    all.sort_by_key(|m| std::cmp::Reverse(m.1));
    let shown = std::env::var("BENCH_SMAPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 1)
        .unwrap_or(15);
    all.truncate(shown);
    Ok(all)
}

struct Figures {
    start_ms: Vec<f64>,
    /// From the app's process starting to its first rows, in the page's
    /// clock: the app's own start without WebDriver's.
    app_start_ms: Vec<f64>,
    pss_mb: Vec<f64>,
    /// The same after opening the thread and reading up through
    /// [`OLDER_PAGES`] older pages (where it has them): the app at work.
    pss_worked_mb: Vec<f64>,
    /// Measured in the page: the click to the frame that shows the first message.
    open_ms: Vec<f64>,
    /// The same seen from WebDriver (its round trips and 100 ms polling included).
    open_wd_ms: Vec<f64>,
    /// With the thread open: from the customer's webhook being posted (the
    /// hub's acknowledgement included) to the message painted in the open
    /// thread, and to its text painted in the list's row.
    live_thread_ms: Vec<f64>,
    live_list_ms: Vec<f64>,
    /// The app's rendering settings, for the floor to run with the same.
    rendering: Vec<(String, String)>,
}

/// How many older pages of the opened thread the bench reads (50 messages
/// each), unless `BENCH_PAGES` says.
const OLDER_PAGES: usize = 10;

/// The customer whose thread is opened: their number and name.
struct Customer<'a> {
    stack: &'a Stack,
    number: &'a str,
    name: &'a str,
}

/// How many messages the customer writes while the thread is open, per
/// start (`BENCH_LIVE`), one a second.
const LIVE: usize = 10;

/// The page notes (wall clock, after the frame that shows it) when a text
/// first appears in the open thread and in the list.
const WATCH_LIVE: &str = "
  window.__live = {};
  const painted = (text, where) => requestAnimationFrame(() => requestAnimationFrame(() => {
    (window.__live[text] ??= {})[where] = Date.now();
  }));
  const look = () => {
    for (const text of window.__want ?? []) {
      const seen = window.__live[text] ?? {};
      if (!seen.thread && !seen.t) {
        const m = [...document.querySelectorAll('[data-testid=message]')].find((e) => e.textContent.includes(text));
        if (m) { (window.__live[text] ??= {}).t = 1; painted(text, 'thread'); }
      }
      if (!seen.list && !seen.l) {
        const r = [...document.querySelectorAll('[data-testid=conversation-item]')].find((e) => e.textContent.includes(text));
        if (r) { (window.__live[text] ??= {}).l = 1; painted(text, 'list'); }
      }
    }
  };
  new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
";

/// Waits until the app's status line says it is synced.
async fn until_synced(
    s: &switchboard_system_tests::webdriver::Session,
    long: Duration,
) -> anyhow::Result<()> {
    until("the app to say it is synced", long, || async {
        Ok(match s.find("[data-testid=status]").await? {
            // Said in any language: the status line's state, not its words
            // (or its English words, for an app from before issue 30
            // measured as a baseline).
            Some(e) => (s.attribute(&e, "data-sync").await?.as_deref() == Some("synced")
                || s.text(&e).await?.contains("synced"))
            .then_some(()),
            None => None,
        })
    })
    .await
}

fn wall_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// The customer writes `count` messages, one a second, while the thread is
/// open; each one's time to the thread and to the list.
async fn live_messages(
    s: &switchboard_system_tests::webdriver::Session,
    customer: &Customer<'_>,
    run: usize,
    count: usize,
    f: &mut Figures,
) -> anyhow::Result<()> {
    let long = Duration::from_secs(60);
    s.execute(WATCH_LIVE, vec![]).await?;
    let mut next = Instant::now();
    for k in 0..count {
        tokio::time::sleep_until(next.into()).await;
        next += Duration::from_secs(1);
        let text = format!("live {run}-{k} is my parcel here yet?");
        s.execute(
            "(window.__want ??= []).push(arguments[0]);",
            vec![serde_json::json!(text)],
        )
        .await?;
        let posted = wall_ms();
        customer
            .stack
            .customer_says(customer.number, customer.name, &text)
            .await?;
        let (thread, list) = until("the message in the thread and the list", long, || async {
            let v = s
                .execute(
                    "const x = window.__live[arguments[0]]; return x && x.thread && x.list ? [x.thread, x.list] : null;",
                    vec![serde_json::json!(text)],
                )
                .await?;
            Ok(match (v[0].as_f64(), v[1].as_f64()) {
                (Some(t), Some(l)) => Some((t, l)),
                _ => None,
            })
        })
        .await?;
        f.live_thread_ms.push(thread - posted);
        f.live_list_ms.push(list - posted);
    }
    Ok(())
}

fn p99(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * 0.99).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

async fn measure(
    app: &Path,
    profile: &str,
    data_home: &Path,
    runs: usize,
    customer: &Customer<'_>,
) -> anyhow::Result<Figures> {
    let thread_of = customer.name;
    let long = Duration::from_secs(60);
    let mut f = Figures {
        start_ms: Vec::new(),
        app_start_ms: Vec::new(),
        pss_mb: Vec::new(),
        pss_worked_mb: Vec::new(),
        open_ms: Vec::new(),
        open_wd_ms: Vec::new(),
        live_thread_ms: Vec::new(),
        live_list_ms: Vec::new(),
        rendering: Vec::new(),
    };
    let live = std::env::var("BENCH_LIVE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(LIVE);
    for run in 0..runs {
        let started = Instant::now();
        let (driver, s) = open_app(app, profile, data_home, &[]).await?;
        let outcome = async {
            s.wait_for("[data-testid=conversation-item]", long).await?;
            f.start_ms.push(started.elapsed().as_secs_f64() * 1e3);
            let marks = s
                .execute(
                    "return ['sb-script', 'sb-language', 'sb-start', 'sb-session', 'sb-counts', 'sb-rows', 'sb-inbox']
                       .map((n) => [n, Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1)]);",
                    vec![],
                )
                .await?;
            // The app's own start, without WebDriver: from the process's
            // start to the first page of rows handed to the list.
            let rows_at = s
                .execute(
                    "const m = performance.getEntriesByName('sb-rows')[0];
                     return m ? performance.timeOrigin + m.startTime : null;",
                    vec![],
                )
                .await?
                .as_f64()
                .ok_or_else(|| anyhow::anyhow!("no sb-rows mark"))?;
            f.app_start_ms.push(rows_at - started_at_ms(running_app()?.start_ticks)?);
            eprintln!(
                "ui-bench: {profile}: a usable inbox after {:.0} ms; in the page (ms since it began loading): {marks}",
                started.elapsed().as_secs_f64() * 1e3
            );
            until_synced(&s, long).await?;
            let pid = running_app()?.pid;
            f.pss_mb.push(pss_kb(pid)? as f64 / 1024.0);
            f.rendering = rendering_env(pid)?;
            // Open the long thread (the newest activity: the first row).
            let found = s
                .execute(
                    "const n = [...document.querySelectorAll('[data-testid=conversation-item]')]
                       .find(b => b.querySelector('[data-testid=name]')?.title === arguments[0]);
                     if (n) n.setAttribute('data-pick', '1');
                     return !!n;",
                    vec![serde_json::json!(thread_of)],
                )
                .await?;
            anyhow::ensure!(found == true, "{thread_of} is not on the first screen");
            let row = s
                .find("[data-pick='1']")
                .await?
                .ok_or_else(|| anyhow::anyhow!("no row"))?;
            // The page times itself: from the click (seen first, in the
            // capture phase) to the frame after the first message is in
            // the document (two animation frames: that one is painted).
            s.execute(
                "window.__opened = null;
                 let start = null;
                 document.addEventListener('click', () => { start = performance.now(); }, { capture: true, once: true });
                 const seen = new MutationObserver(() => {
                   if (start === null || !document.querySelector('[data-testid=message]')) return;
                   seen.disconnect();
                   requestAnimationFrame(() => requestAnimationFrame(() => {
                     window.__opened = performance.now() - start;
                   }));
                 });
                 seen.observe(document.body, { childList: true, subtree: true });",
                vec![],
            )
            .await?;
            let clicked = Instant::now();
            s.click(&row).await?;
            s.wait_for("[data-testid=message]", long).await?;
            f.open_wd_ms.push(clicked.elapsed().as_secs_f64() * 1e3);
            let in_page = until("the page's own timing", long, || async {
                Ok(s.execute("return window.__opened;", vec![]).await?.as_f64())
            })
            .await?;
            f.open_ms.push(in_page);
            // The customer writes while the agent reads.
            live_messages(&s, customer, run, live, &mut f).await?;
            // Read up through older pages, as an agent going back in a
            // customer's history does; then the memory again.
            let pages = std::env::var("BENCH_PAGES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(OLDER_PAGES);
            for _ in 0..pages {
                if s.find("[data-testid=load-older]").await?.is_none() {
                    break;
                }
                read_older_page(&s, long).await?;
            }
            f.pss_worked_mb.push(pss_kb(running_app()?.pid)? as f64 / 1024.0);
            Ok::<(), anyhow::Error>(())
        }
        .await;
        let _ = s.close().await;
        stop_driver(driver).await;
        outcome?;
    }
    Ok(f)
}

/// PSS in MB of `webkit-floor` (one WebKit view showing two lines) and
/// its WebKit processes, with the app's rendering settings, once its page
/// is in: what WebKitGTK itself takes here. Medians of `runs` starts.
async fn measure_floor(runs: usize, rendering: &[(String, String)]) -> anyhow::Result<f64> {
    use tokio::io::AsyncBufReadExt;
    let floor = std::env::current_exe()?.with_file_name("webkit-floor");
    anyhow::ensure!(
        floor.exists(),
        "{} is missing: cargo build -p switchboard-system-tests --bins",
        floor.display()
    );
    let mut pss = Vec::new();
    for _ in 0..runs {
        let mut child = tokio::process::Command::new(&floor)
            .envs(rendering.iter().map(|(k, v)| (k, v)))
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow::anyhow!("webkit-floor exited"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let loaded = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await? {
                if line == "loaded" {
                    return Ok(());
                }
            }
            anyhow::bail!("webkit-floor ended before its page was in")
        })
        .await;
        anyhow::ensure!(matches!(loaded, Ok(Ok(()))), "webkit-floor: {loaded:?}");
        // The page is in; its web process is up and has painted once it answers.
        until(
            "webkit-floor's web process",
            Duration::from_secs(30),
            || async { Ok(web_process_of(&processes()?, pid).map(|_| ())) },
        )
        .await?;
        pss.push(pss_kb(pid)? as f64 / 1024.0);
        let _ = child.kill().await;
    }
    Ok(median(&pss))
}

/// The desk's app at work for `secs` seconds: customers write, the agent
/// moves between conversations; its PSS every minute (in MB).
async fn soak(
    app: &Path,
    profile: &str,
    data_home: &Path,
    stack: &Stack,
    secs: u64,
) -> anyhow::Result<Vec<(u64, f64)>> {
    let long = Duration::from_secs(60);
    let (driver, s) = open_app(app, profile, data_home, &[]).await?;
    let outcome = async {
        s.wait_for("[data-testid=conversation-item]", long).await?;
        until_synced(&s, long).await?;
        let started = Instant::now();
        let mut series = vec![(0, pss_kb(running_app()?.pid)? as f64 / 1024.0)];
        let mut tick = 0u64;
        while started.elapsed() < Duration::from_secs(secs) {
            tokio::time::sleep_until((started + Duration::from_secs(3 * (tick + 1))).into()).await;
            tick += 1;
            // A customer writes: the long thread every fifth time, else
            // one of twenty others.
            let (number, name) = if tick.is_multiple_of(5) {
                ("351960000000".to_owned(), "Long Thread".to_owned())
            } else {
                let c = tick % 20;
                (format!("3519700{c:05}"), format!("Customer {c}"))
            };
            stack
                .customer_says(
                    &number,
                    &name,
                    &format!("soak {tick}: any news on my order?"),
                )
                .await?;
            // The agent opens another conversation every 10 s or so.
            if tick.is_multiple_of(3) {
                open_row(&s, (tick / 3) as usize).await?;
            }
            if tick.is_multiple_of(20) {
                let at = started.elapsed().as_secs();
                let mb = pss_kb(running_app()?.pid)? as f64 / 1024.0;
                eprintln!("ui-bench: at work for {at} s: {mb:.1} MB");
                series.push((at, mb));
            }
        }
        Ok::<_, anyhow::Error>(series)
    }
    .await;
    let _ = s.close().await;
    stop_driver(driver).await;
    outcome
}

/// Opens the `n`th of the list's first eight rows (counting round), as
/// a click on it does. The list is drawn again whenever a customer writes
/// (every 3 s here), which can leave a row WebDriver found behind, or
/// under another, when it clicks: so the page clicks the row it has at
/// that moment (the same click handler a person's click reaches).
async fn open_row(
    s: &switchboard_system_tests::webdriver::Session,
    n: usize,
) -> anyhow::Result<()> {
    let opened = s
        .execute(
            "const rows = document.querySelectorAll('[data-testid=conversation-item]');\
             if (rows.length === 0) return false;\
             rows[arguments[0] % Math.min(rows.length, 8)].click();\
             return true;",
            vec![serde_json::json!(n)],
        )
        .await?;
    anyhow::ensure!(opened.as_bool() == Some(true), "no row to open");
    Ok(())
}

async fn prepare(stack: &Stack, dir: &Path, name: &str) -> anyhow::Result<(String, PathBuf)> {
    let profile = unique_profile(name);
    let data_home = dir.join(format!("xdg-{name}"));
    sign_in(stack, "admin", &profile, &data_home).await?;
    sync_profile(&profile, &data_home).await?;
    Ok((profile, data_home))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let here = std::env::current_exe()?;
    // The app as shipped: the `desktop` profile (release, built for size).
    let profile = std::env::var("BENCH_PROFILE").unwrap_or_else(|_| "desktop".into());
    let release = here
        .parent()
        .and_then(|d| d.parent())
        .map(|t| t.join(&profile).join("switchboard-desktop"))
        .ok_or_else(|| anyhow::anyhow!("no target folder"))?;
    anyhow::ensure!(
        release.exists(),
        "{} is missing: cargo build --profile {profile} -p switchboard-desktop",
        release.display()
    );
    let dir = tempfile::tempdir()?;

    // The demo's handful.
    let small = stack_in(&dir.path().join("small"), 50).await?;
    for (from, name, text) in [
        (
            "351912345678",
            "Ana Ferreira",
            "Hi! Is my order #4417 on its way?",
        ),
        (
            "447700900123",
            "Oliver Hughes",
            "Can I change the delivery address?",
        ),
        ("4915112345678", "Lena Vogel", "Is the blue one back?"),
    ] {
        small.customer_says(from, name, text).await?;
    }
    let (small_profile, small_home) = prepare(&small, dir.path(), "bench-small").await?;

    if std::env::var("BENCH_DESK").is_ok_and(|v| v == "0") {
        // The demo's size alone: a quick look at what a change does.
        let ana = Customer {
            stack: &small,
            number: "351912345678",
            name: "Ana Ferreira",
        };
        let a = measure(&release, &small_profile, &small_home, runs, &ana).await?;
        println!("# desktop app ({profile} profile), demo only, medians of {runs} starts");
        println!("start to a usable inbox (ms) {:.1}", median(&a.start_ms));
        println!(
            "start, app process to its first rows (ms) {:.1}",
            median(&a.app_start_ms)
        );
        println!("memory, PSS of app + WebKit (MB) {:.1}", median(&a.pss_mb));
        println!(
            "memory after opening the thread and reading older pages (MB) {:.1}",
            median(&a.pss_worked_mb)
        );
        let floor = measure_floor(runs, &a.rendering).await?;
        println!("memory, PSS of WebKitGTK showing two lines (MB) {floor:.1}");
        println!(
            "open the thread, in the page (ms) {:.1}",
            median(&a.open_ms)
        );
        println!(
            "webhook to the open thread (ms) p50 {:.1} p99 {:.1}; to the list p50 {:.1} p99 {:.1}",
            median(&a.live_thread_ms),
            p99(&a.live_thread_ms),
            median(&a.live_list_ms),
            p99(&a.live_list_ms)
        );
        small.stop().await;
        return Ok(());
    }

    // A desk: 100,000 messages in one thread, two in each of 5,000 more.
    let large = stack_in(&dir.path().join("large"), 50).await?;
    let filled = Instant::now();
    let thread: Vec<(String, String, String, u64)> = (0..100_000u64)
        .map(|i| {
            (
                "351960000000".into(),
                "Long Thread".into(),
                format!("message {i} of a long history"),
                200_000 - i,
            )
        })
        .collect();
    large.customers_say(&thread).await?;
    let others: Vec<(String, String, String, u64)> = (0..10_000u64)
        .map(|i| {
            let c = i / 2;
            (
                format!("3519700{c:05}"),
                format!("Customer {c}"),
                format!("question {i} about an order"),
                300_000 - i,
            )
        })
        .collect();
    large.customers_say(&others).await?;
    eprintln!(
        "ui-bench: hub filled in {:.1} s",
        filled.elapsed().as_secs_f64()
    );
    let synced = Instant::now();
    let (large_profile, large_home) = prepare(&large, dir.path(), "bench-large").await?;
    eprintln!(
        "ui-bench: first sync in {:.1} s",
        synced.elapsed().as_secs_f64()
    );

    let ana = Customer {
        stack: &small,
        number: "351912345678",
        name: "Ana Ferreira",
    };
    let long_thread = Customer {
        stack: &large,
        number: "351960000000",
        name: "Long Thread",
    };
    let a = measure(&release, &small_profile, &small_home, runs, &ana).await?;
    let b = measure(&release, &large_profile, &large_home, runs, &long_thread).await?;
    println!("# desktop app ({profile} profile), medians of {runs} starts");
    println!(
        "{:<52} {:>12} {:>12} {:>8}",
        "measure", "demo", "desk", "ratio"
    );
    for (what, x, y) in [
        (
            "start to a usable inbox (ms)",
            median(&a.start_ms),
            median(&b.start_ms),
        ),
        (
            "start, app process to its first rows (ms)",
            median(&a.app_start_ms),
            median(&b.app_start_ms),
        ),
        (
            "memory, PSS of app + WebKit (MB)",
            median(&a.pss_mb),
            median(&b.pss_mb),
        ),
        (
            "memory after reading older pages of the thread (MB)",
            median(&a.pss_worked_mb),
            median(&b.pss_worked_mb),
        ),
        (
            "open the thread, in the page (ms)",
            median(&a.open_ms),
            median(&b.open_ms),
        ),
        (
            "open the thread, seen by WebDriver (ms)",
            median(&a.open_wd_ms),
            median(&b.open_wd_ms),
        ),
        (
            "webhook to the open thread, p50 (ms)",
            median(&a.live_thread_ms),
            median(&b.live_thread_ms),
        ),
        (
            "webhook to the open thread, p99 (ms)",
            p99(&a.live_thread_ms),
            p99(&b.live_thread_ms),
        ),
        (
            "webhook to the list's row, p50 (ms)",
            median(&a.live_list_ms),
            median(&b.live_list_ms),
        ),
        (
            "webhook to the list's row, p99 (ms)",
            p99(&a.live_list_ms),
            p99(&b.live_list_ms),
        ),
    ] {
        println!("{what:<52} {x:>12.1} {y:>12.1} {:>7.2}x", y / x);
    }
    let floor = measure_floor(runs, &b.rendering).await?;
    println!(
        "{:<52} {floor:>12.1} {floor:>12.1}   (demo {:.2}x, desk {:.2}x of it)",
        "memory, PSS of WebKitGTK showing two lines (MB)",
        median(&a.pss_mb) / floor,
        median(&b.pss_mb) / floor,
    );
    let soak_secs: u64 = std::env::var("BENCH_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if soak_secs > 0 {
        let series = soak(&release, &large_profile, &large_home, &large, soak_secs).await?;
        println!("# the desk's app at work (PSS of app + WebKit, MB)");
        for (at, mb) in &series {
            println!("after {at:>5} s {mb:>8.1}");
        }
    }
    small.stop().await;
    large.stop().await;
    Ok(())
}
