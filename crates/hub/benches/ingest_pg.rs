//! Webhook ingest with the hub on PostgreSQL: 1, 2 and 3 hubs on one
//! database (a throwaway server, `crates/testpg`), webhooks spread over the
//! hubs round robin, against the embedded store (group commit) in the same
//! run. Signed webhooks over loopback HTTP from concurrent clients, the mix
//! of `benches/ingest.rs`.
//!
//! Run: `cargo bench -p switchboard-hub --bench ingest_pg` (env:
//! BENCH_EVENTS, BENCH_CLIENTS, BENCH_ROUNDS).

use std::sync::Arc;
use std::time::{Duration, Instant};
use switchboard_hub::crypto::Keyring;
use switchboard_hub::pg::PgStore;
use switchboard_hub::store::{CommitMode, Store};
use switchboard_hub::{AppState, app};
use switchboard_testpg::Postgres;
use switchboard_whatsapp::graph::{GraphClient, GraphConfig};
use switchboard_whatsapp::signature;
use zeroize::Zeroizing;

mod common;
use common::{SECRET, body, env, median};

fn key() -> Keyring {
    Keyring::new(
        1,
        std::array::from_fn(|i| (i as u8).wrapping_mul(31).wrapping_add(7)),
    )
}

fn graph() -> Result<GraphClient, Box<dyn std::error::Error>> {
    Ok(GraphClient::new(GraphConfig {
        base_url: "http://127.0.0.1:9".into(),
        version: "v24.0".into(),
        phone_number_id: "1122334455667".into(),
        access_token: "unused".into(),
    })?)
}

/// Serves `state` on a loopback port; returns the webhook URL.
async fn serve(state: AppState) -> Result<String, Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/whatsapp", listener.local_addr()?);
    tokio::spawn(async move {
        switchboard_hub::server::serve(
            listener,
            app(state.clone()),
            state,
            None,
            std::future::pending(),
        )
        .await
    });
    Ok(url)
}

struct Run {
    events_per_sec: f64,
    p50: Duration,
    p99: Duration,
}

async fn post_all(
    urls: Vec<String>,
    events: usize,
    clients: usize,
) -> Result<Run, Box<dyn std::error::Error>> {
    let bodies: Arc<Vec<(Vec<u8>, String)>> = Arc::new(
        (0..events)
            .map(|i| {
                let b = body(i);
                let s = signature::sign(SECRET.as_bytes(), &b);
                (b, s)
            })
            .collect(),
    );
    let urls = Arc::new(urls);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, urls, bodies, next) = (http.clone(), urls.clone(), bodies.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((body, sig)) = bodies.get(i) else {
                    return Ok::<_, String>(latencies);
                };
                let t = Instant::now();
                let r = http
                    .post(&urls[i % urls.len()])
                    .header("content-type", "application/json")
                    .header(signature::HEADER, sig)
                    .body(body.clone())
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if !r.status().is_success() {
                    return Err(format!("hub answered {}", r.status()));
                }
                latencies.push(t.elapsed());
            }
        }));
    }
    let mut all = Vec::with_capacity(events);
    for t in tasks {
        all.extend(t.await??);
    }
    let wall = started.elapsed();
    all.sort();
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Ok(Run {
        events_per_sec: events as f64 / wall.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
    })
}

async fn sqlite_run(events: usize, clients: usize) -> Result<Run, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))?;
    let store = Store::open_with(&dir.path().join("hub.sqlite3"), key(), CommitMode::Group)?;
    let state = AppState::new(
        store,
        graph()?,
        Zeroizing::new(SECRET.into()),
        Zeroizing::new("verify-token-0123456".into()),
    )?;
    post_all(vec![serve(state).await?], events, clients).await
}

async fn pg_run(
    pg: &Postgres,
    name: &str,
    hubs: usize,
    events: usize,
    clients: usize,
) -> Result<Run, Box<dyn std::error::Error>> {
    pg.psql(&format!("CREATE DATABASE {name}"))?;
    let url = format!("postgres://switchboard@127.0.0.1:{}/{name}", pg.port());
    let mut urls = Vec::new();
    for h in 0..hubs {
        let store = PgStore::connect(&url, key(), &format!("hub-{h}")).await?;
        let state = AppState::with_store(
            Arc::new(store),
            0,
            graph()?,
            Zeroizing::new(SECRET.into()),
            Zeroizing::new("verify-token-0123456".into()),
        );
        urls.push(serve(state).await?);
    }
    post_all(urls, events, clients).await
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let events = env("BENCH_EVENTS", 3000);
    let clients = env("BENCH_CLIENTS", 64);
    let rounds = env("BENCH_ROUNDS", 3);
    let Some(pg) = Postgres::start_or_skip() else {
        return Ok(());
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let labels = [
        "embedded store (group commit)",
        "PostgreSQL, 1 hub",
        "PostgreSQL, 2 hubs",
        "PostgreSQL, 3 hubs",
    ];
    let mut runs: Vec<Vec<Run>> = (0..labels.len()).map(|_| Vec::new()).collect();
    for round in 0..rounds {
        for (i, label) in labels.iter().enumerate() {
            let r = if i == 0 {
                runtime.block_on(sqlite_run(events, clients))?
            } else {
                runtime.block_on(pg_run(
                    &pg,
                    &format!("bench_{round}_{i}"),
                    i,
                    events,
                    clients,
                ))?
            };
            eprintln!(
                "round {round} {label}: {:.0} events/s, p50 {:.1} ms, p99 {:.1} ms",
                r.events_per_sec,
                r.p50.as_secs_f64() * 1e3,
                r.p99.as_secs_f64() * 1e3
            );
            runs[i].push(r);
        }
    }
    println!("| store | events/s (median of {rounds}) | p50 latency | p99 latency |");
    println!("|---|---|---|---|");
    let mut eps = Vec::new();
    for (label, r) in labels.iter().zip(&runs) {
        let e = median(r.iter().map(|r| r.events_per_sec).collect());
        let p50 = median(r.iter().map(|r| r.p50.as_secs_f64() * 1e3).collect());
        let p99 = median(r.iter().map(|r| r.p99.as_secs_f64() * 1e3).collect());
        println!("| {label} | {e:.0} | {p50:.1} ms | {p99:.1} ms |");
        eps.push(e);
    }
    println!(
        "\nPostgreSQL 1 hub / embedded: {:.2}x; 2 hubs / 1 hub: {:.2}x; 3 hubs / 1 hub: {:.2}x",
        eps[1] / eps[0],
        eps[2] / eps[1],
        eps[3] / eps[1]
    );
    println!(
        "({events} webhooks per run, {clients} concurrent clients, loopback HTTP, one machine)"
    );
    Ok(())
}
