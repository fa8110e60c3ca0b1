//! The hub under each attack of the second hardening round (issue 24),
//! against the same hub idle in the same run: its resident memory (peak,
//! sampled every 20 ms while the attack runs) and a colleague's reply
//! latency (from the POST to the message reaching WhatsApp, the sandbox;
//! median of `BENCH_REPLIES`, default 5, each to a customer of its own so
//! per-customer pacing plays no part; the sandbox is polled every 5 ms).
//! Every reply is checked: refused or never sent counts as such, not as a
//! time.
//!
//! `make attack-bench` (release build; BENCHMARKS.md, "Hub under attack").

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use switchboard_demo::Stack;
use switchboard_system_tests::procfs::status_kb;
use switchboard_system_tests::{stack_in, until};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The hub's resident memory in kB.
fn rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmRSS:").unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied()
}

async fn connect_from(
    from: [u8; 4],
    addr: SocketAddr,
    recv_buffer: Option<u32>,
) -> Option<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.bind(SocketAddr::from((from, 0))).ok()?;
    if let Some(size) = recv_buffer {
        let _ = socket.set_recv_buffer_size(size);
    }
    tokio::time::timeout(Duration::from_secs(5), socket.connect(addr))
        .await
        .ok()?
        .ok()
}

/// Reads until the peer closes or `within` passes; whether it closed.
async fn closed(c: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(until, c.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// Keeps `n` connections made by `open` alive until `stop`: each one the
/// hub closes is opened again (the attacker renews).
async fn hold(
    n: usize,
    stop: Arc<AtomicBool>,
    opened: Arc<AtomicU64>,
    open: impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<TcpStream>> + Send>>
    + Send
    + Sync
    + 'static,
    read_nothing: bool,
) {
    let open = Arc::new(open);
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (stop, opened, open) = (stop.clone(), opened.clone(), open.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let Some(mut c) = open().await else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                opened.fetch_add(1, Ordering::Relaxed);
                if read_nothing {
                    // Hold without reading until the hub gives up on it.
                    // (a write to a connection the hub dropped fails by the second try).
                    while !stop.load(Ordering::Relaxed) {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                        if c.try_write(b"\r\n").is_err() {
                            break;
                        }
                    }
                } else {
                    while !stop.load(Ordering::Relaxed)
                        && !closed(&mut c, Duration::from_millis(200)).await
                    {}
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}

struct Bench {
    stack: Stack,
    addr: SocketAddr,
    hub_pid: u32,
    admin: String,
    viewer: String,
    colleague: String,
    /// Conversations held by the colleague, one per reply to measure.
    fresh: std::sync::Mutex<Vec<i64>>,
    replies: usize,
    media_path: String,
    queue_conversation: i64,
}

impl Bench {
    /// One reply by the colleague to a customer of its own: milliseconds
    /// until WhatsApp has it, or `None` when refused or never sent.
    async fn reply(&self, marker: &str) -> Option<f64> {
        let conversation = self.fresh.lock().ok()?.pop()?;
        let http = reqwest::Client::new();
        let started = Instant::now();
        let r = http
            .post(format!(
                "{}/v1/conversations/{conversation}/messages",
                self.stack.hub_url
            ))
            .bearer_auth(&self.colleague)
            .json(&serde_json::json!({"client_message_id": marker, "text": marker}))
            .timeout(Duration::from_secs(60))
            .send()
            .await
            .ok()?;
        if r.status().as_u16() != 202 {
            return None;
        }
        // Polled every 5 ms (a condition with a deadline; the poll is the
        // resolution of the figure).
        while started.elapsed() < Duration::from_secs(120) {
            let sent = self.stack.sent().await.ok()?;
            if sent.iter().any(|m| m["body"]["text"]["body"] == marker) {
                return Some(started.elapsed().as_secs_f64() * 1000.0);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        None
    }

    /// Runs `attack` (started, given time to take hold) while measuring.
    async fn measure(
        &self,
        name: &str,
        attack: Option<tokio::task::JoinHandle<()>>,
        stop: Arc<AtomicBool>,
    ) -> Row {
        let peak = Arc::new(AtomicU64::new(rss_kb(self.hub_pid)));
        let sampling = Arc::new(AtomicBool::new(true));
        let sampler = {
            let (peak, sampling, pid) = (peak.clone(), sampling.clone(), self.hub_pid);
            tokio::spawn(async move {
                while sampling.load(Ordering::Relaxed) {
                    peak.fetch_max(rss_kb(pid), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        };
        let before = rss_kb(self.hub_pid);
        if attack.is_some() {
            // Let the attack take hold before the colleague tries.
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
        let mut times = Vec::new();
        let mut failed = 0;
        for i in 0..self.replies {
            match self
                .reply(&format!("{name}-{i}-{}", std::process::id()))
                .await
            {
                Some(ms) => times.push(ms),
                None => failed += 1,
            }
        }
        stop.store(true, Ordering::Relaxed);
        if let Some(a) = attack {
            let _ = tokio::time::timeout(Duration::from_secs(60), a).await;
        }
        sampling.store(false, Ordering::Relaxed);
        let _ = sampler.await;
        Row {
            name: name.to_owned(),
            before_mb: before as f64 / 1024.0,
            peak_mb: peak.load(Ordering::Relaxed) as f64 / 1024.0,
            median_ms: median(times),
            failed,
        }
    }
}

struct Row {
    name: String,
    before_mb: f64,
    peak_mb: f64,
    median_ms: Option<f64>,
    failed: usize,
}

type Opener = Box<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<TcpStream>> + Send>>
        + Send
        + Sync,
>;

/// A connection from `from` that writes `head` (and then holds).
fn opener(addr: SocketAddr, from: [u8; 4], head: String, recv_buffer: Option<u32>) -> Opener {
    let head = Arc::new(head);
    Box::new(move || {
        let head = head.clone();
        Box::pin(async move {
            let mut c = connect_from(from, addr, recv_buffer).await?;
            c.write_all(head.as_bytes()).await.ok()?;
            Some(c)
        })
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let replies: usize = std::env::var("BENCH_REPLIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 0).await?;
    let hub_pid = stack
        .hub_pid()
        .ok_or_else(|| anyhow::anyhow!("the hub is not running"))?;
    let addr: SocketAddr = stack.hub_url.trim_start_matches("http://").parse()?;
    let admin = stack.agent("admin")?.clone();
    let colleague = stack.agent("agent")?.clone();
    let viewer = stack.agent("viewer")?.clone();

    // Customers for the colleague's replies (one each), one whose queue is
    // flooded, and one who sent a 50 MB document.
    let attacks = 9;
    let mut customers: Vec<(String, String, String, u64)> = (0..replies * attacks)
        .map(|i| {
            (
                format!("35196{i:07}"),
                format!("Customer {i}"),
                "hello".into(),
                0,
            )
        })
        .collect();
    customers.push(("351970000001".into(), "Busy".into(), "hi".into(), 0));
    stack.customers_say(&customers).await?;
    let mut document = b"%PDF-1.7\n".to_vec();
    document.resize(50_000_000, b'x');
    let doc_wamid = stack
        .customer_sends_document("351980000001", "Docs", "big.pdf", None, &document)
        .await?;
    let ids = until(
        "the customers at the hub",
        Duration::from_secs(120),
        || async {
            let ids = stack.conversation_ids(&admin).await?;
            Ok((ids.len() > customers.len()).then_some(ids))
        },
    )
    .await?;
    let mut fresh = Vec::new();
    for (wa, ..) in &customers[..replies * attacks] {
        let id = ids[wa];
        stack
            .api(
                &admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/assignment"),
                Some(serde_json::json!({"assignee": colleague.id})),
            )
            .await?;
        fresh.push(id);
    }
    let message = until(
        "the document's message",
        Duration::from_secs(60),
        || async { stack.message_id(&admin, &doc_wamid).await },
    )
    .await?;
    let media_path = format!("/v1/messages/{message}/media");
    until("the document fetched", Duration::from_secs(120), || async {
        let r = reqwest::Client::new()
            .get(format!("{}{media_path}", stack.hub_url))
            .bearer_auth(admin.token.as_str())
            .send()
            .await?;
        Ok((r.status().as_u16() == 200).then_some(()))
    })
    .await?;
    let bench = Bench {
        addr,
        hub_pid,
        admin: admin.token.to_string(),
        viewer: viewer.token.to_string(),
        colleague: colleague.token.to_string(),
        fresh: std::sync::Mutex::new(fresh),
        replies,
        media_path,
        queue_conversation: ids["351970000001"],
        stack,
    };

    let mut rows = Vec::new();
    let stop = || Arc::new(AtomicBool::new(false));
    rows.push(bench.measure("idle", None, stop()).await);

    // 1. Made-up methods of 60,000 bytes, one request each.
    let s = stop();
    let attack = {
        let (s, addr) = (s.clone(), bench.addr);
        tokio::spawn(async move {
            let mut i = 0u64;
            while !s.load(Ordering::Relaxed) {
                i += 1;
                if let Some(mut c) = connect_from([127, 0, 0, 9], addr, None).await {
                    let method = format!("M{i}{}", "X".repeat(60_000));
                    let _ = c
                        .write_all(
                            format!("{method} /v1/me HTTP/1.1\r\nHost: hub\r\n\r\n").as_bytes(),
                        )
                        .await;
                    let _ = closed(&mut c, Duration::from_secs(2)).await;
                }
            }
        })
    };
    rows.push(
        bench
            .measure("1. made-up methods (60,000 bytes each)", Some(attack), s)
            .await,
    );

    // 2. 200 connections that declare a 3 MiB webhook body and send nothing, renewed.
    let s = stop();
    let open = opener(
        bench.addr,
        [127, 0, 0, 10],
        "POST /webhooks/whatsapp HTTP/1.1\r\nHost: hub\r\ncontent-type: application/json\r\ncontent-length: 3145000\r\n\r\n".into(),
        None,
    );
    let attack = tokio::spawn(hold(200, s.clone(), Arc::default(), open, false));
    rows.push(
        bench
            .measure(
                "2. 200 declared 3 MiB bodies, nothing sent",
                Some(attack),
                s,
            )
            .await,
    );

    // 3. One address opening idle connections as fast as it can.
    let s = stop();
    let open = opener(bench.addr, [127, 0, 0, 11], String::new(), None);
    let attack = tokio::spawn(hold(900, s.clone(), Arc::default(), open, false));
    rows.push(
        bench
            .measure("3. 900 idle connections from one address", Some(attack), s)
            .await,
    );

    // 4. 32 uploads trickling a byte a second.
    let s = stop();
    let attack = {
        let (s, addr, token, conversation) = (
            s.clone(),
            bench.addr,
            bench.admin.clone(),
            bench.queue_conversation,
        );
        tokio::spawn(async move {
            let mut tasks = Vec::new();
            for _ in 0..32 {
                let (s, token) = (s.clone(), token.clone());
                tasks.push(tokio::spawn(async move {
                    while !s.load(Ordering::Relaxed) {
                        let head = format!(
                            "POST /v1/conversations/{conversation}/uploads?filename=a.pdf HTTP/1.1\r\nHost: hub\r\nauthorization: Bearer {token}\r\ncontent-type: application/pdf\r\ncontent-length: 10000000\r\n\r\n%PDF-1.7\n"
                        );
                        let Some(mut c) = connect_from([127, 0, 0, 12], addr, None).await else {
                            continue;
                        };
                        if c.write_all(head.as_bytes()).await.is_err() {
                            continue;
                        }
                        while !s.load(Ordering::Relaxed) && c.write_all(b" ").await.is_ok() {
                            if closed(&mut c, Duration::from_secs(1)).await {
                                break;
                            }
                        }
                    }
                }));
            }
            for t in tasks {
                let _ = t.await;
            }
        })
    };
    rows.push(
        bench
            .measure("4. 32 uploads trickling a byte a second", Some(attack), s)
            .await,
    );

    // 5. A viewer's token opening 1,020 event streams.
    let s = stop();
    let open = opener(
        bench.addr,
        [127, 0, 0, 13],
        format!(
            "GET /v1/events HTTP/1.1\r\nHost: hub\r\nauthorization: Bearer {}\r\n\r\n",
            bench.viewer
        ),
        None,
    );
    let attack = tokio::spawn(hold(1020, s.clone(), Arc::default(), open, false));
    rows.push(
        bench
            .measure(
                "5. 1,020 event streams on a viewer's token",
                Some(attack),
                s,
            )
            .await,
    );

    // 6. 20 downloads of a 50 MB document that read nothing after the headers.
    let s = stop();
    let open = opener(
        bench.addr,
        [127, 0, 0, 14],
        format!(
            "GET {} HTTP/1.1\r\nHost: hub\r\nauthorization: Bearer {}\r\n\r\n",
            bench.media_path, bench.admin
        ),
        Some(4096),
    );
    let attack = tokio::spawn(hold(20, s.clone(), Arc::default(), open, true));
    rows.push(
        bench
            .measure(
                "6. 20 stalled downloads of a 50 MB document",
                Some(attack),
                s,
            )
            .await,
    );

    // 7. Report periods at the top of the integer range.
    let s = stop();
    let attack = {
        let (s, url, token) = (s.clone(), bench.stack.hub_url.clone(), bench.admin.clone());
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            while !s.load(Ordering::Relaxed) {
                let _ = http
                    .get(format!(
                        "{url}/v1/reports?from=9223372036854775000&to=9223372036854775807"
                    ))
                    .bearer_auth(&token)
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    rows.push(
        bench
            .measure("7. report periods near i64::MAX", Some(attack), s)
            .await,
    );

    // 8. 130 replies queued to one customer (paced by WhatsApp's rules).
    let s = stop();
    let http = reqwest::Client::new();
    for i in 0..130 {
        let _ = http
            .post(format!(
                "{}/v1/conversations/{}/messages",
                bench.stack.hub_url, bench.queue_conversation
            ))
            .bearer_auth(&bench.admin)
            .json(&serde_json::json!({"client_message_id": format!("flood-{i}"), "text": format!("part {i}")}))
            .send()
            .await;
    }
    rows.push(
        bench
            .measure("8. 130 replies queued to one customer", None, s)
            .await,
    );

    let idle = rows.first().and_then(|r| r.median_ms);
    println!(
        "| hub | resident memory, before → peak (MB) | a colleague's reply, median (ms) | against idle | replies refused or not sent |"
    );
    println!("|---|---|---|---|---|");
    for r in &rows {
        let ratio = match (r.median_ms, idle) {
            (Some(m), Some(i)) if i > 0.0 => format!("{:.2}x", m / i),
            _ => "–".into(),
        };
        println!(
            "| {} | {:.1} → {:.1} | {} | {} | {} of {} |",
            r.name,
            r.before_mb,
            r.peak_mb,
            r.median_ms.map_or("–".into(), |m| format!("{m:.0}")),
            ratio,
            r.failed,
            bench.replies
        );
    }
    bench.stack.stop().await;
    Ok(())
}
