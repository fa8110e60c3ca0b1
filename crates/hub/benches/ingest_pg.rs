//! Webhook ingest with the hub on PostgreSQL: 1, 2 and 3 hubs on one
//! database (a throwaway server, `crates/testpg`), webhooks spread over the
//! hubs round robin, against the embedded store (group commit) in the same
//! run. Signed webhooks over loopback HTTP from concurrent clients, the mix
//! of `benches/ingest.rs`.
//!
//! Run: `cargo bench -p switchboard-hub --bench ingest_pg` (env:
//! BENCH_EVENTS, BENCH_CLIENTS, BENCH_ROUNDS).

use std::sync::Arc;
use switchboard_hub::AppState;
use switchboard_hub::backend::postgres::PgStore;
use switchboard_hub::backend::sqlite::{CommitMode, Store};
use switchboard_testpg::Postgres;
use zeroize::Zeroizing;

mod common;
use common::{Run, SECRET, env, graph, key, median, post_all, serve_hub};

/// Serves `state` on a loopback port; returns the webhook URL.
async fn serve(state: AppState) -> Result<String, Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/whatsapp", listener.local_addr()?);
    tokio::spawn(serve_hub(listener, state));
    Ok(url)
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
