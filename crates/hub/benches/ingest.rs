//! Webhook ingest benchmark: signed webhooks posted over loopback HTTP by
//! concurrent clients to a hub whose store commits durably
//! (`synchronous=FULL`). Compares group commit (the default) with one
//! transaction per request, measured in the same run, alternating.
//!
//! Run: `cargo bench -p switchboard-hub --bench ingest` (env: BENCH_EVENTS,
//! BENCH_CLIENTS, BENCH_ROUNDS).

use switchboard_hub::backend::sqlite::{CommitMode, Store};
use switchboard_hub::{AppState, app};
use zeroize::Zeroizing;

mod common;
use common::{Run, SECRET, env, graph, key, median, post_all, serve_hub};

/// Which server loop answers: the hub's own (connection cap, deadlines, body
/// budget), or axum's plain `serve` (what the hub used before them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loop {
    Hub,
    PlainAxum,
}

async fn run(
    mode: CommitMode,
    server_loop: Loop,
    events: usize,
    clients: usize,
) -> Result<Run, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))?;
    let store = Store::open_with(&dir.path().join("hub.sqlite3"), key(), mode)?;
    let graph = graph()?;
    let state = AppState::new(
        store,
        graph,
        Zeroizing::new(SECRET.into()),
        Zeroizing::new("verify-token-0123456".into()),
    )?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/whatsapp", listener.local_addr()?);
    let server = tokio::spawn(async move {
        match server_loop {
            Loop::Hub => serve_hub(listener, state).await,
            Loop::PlainAxum => axum::serve(listener, app(state)).await,
        }
    });

    let run = post_all(vec![url], events, clients).await;
    server.abort();
    run
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let events = env("BENCH_EVENTS", 6000);
    let clients = env("BENCH_CLIENTS", 64);
    let rounds = env("BENCH_ROUNDS", 3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let mut results: Vec<(CommitMode, Loop, Vec<Run>)> = vec![
        (CommitMode::PerRequest, Loop::Hub, Vec::new()),
        (CommitMode::Group, Loop::Hub, Vec::new()),
        (CommitMode::Group, Loop::PlainAxum, Vec::new()),
    ];
    for round in 0..rounds {
        for (mode, server_loop, runs) in results.iter_mut() {
            let r = runtime.block_on(run(*mode, *server_loop, events, clients))?;
            eprintln!(
                "round {round} {mode:?} {server_loop:?}: {:.0} events/s, p50 {:.1} ms, p99 {:.1} ms",
                r.events_per_sec,
                r.p50.as_secs_f64() * 1e3,
                r.p99.as_secs_f64() * 1e3
            );
            runs.push(r);
        }
    }
    println!(
        "| commit mode | server loop | events/s (median of {rounds}) | p50 latency | p99 latency |"
    );
    println!("|---|---|---|---|---|");
    let mut eps = Vec::new();
    for (mode, server_loop, runs) in &results {
        let e = median(runs.iter().map(|r| r.events_per_sec).collect());
        let p50 = median(runs.iter().map(|r| r.p50.as_secs_f64() * 1e3).collect());
        let p99 = median(runs.iter().map(|r| r.p99.as_secs_f64() * 1e3).collect());
        println!("| {mode:?} | {server_loop:?} | {e:.0} | {p50:.1} ms | {p99:.1} ms |");
        eps.push(e);
    }
    println!(
        "\ngroup commit / one transaction per request: {:.1}x events/s",
        eps[1] / eps[0]
    );
    println!(
        "the hub's server loop / plain axum::serve (both group commit): {:.2}x events/s",
        eps[1] / eps[2]
    );
    println!(
        "({events} webhooks per run, {clients} concurrent clients, loopback HTTP, synchronous=FULL)"
    );
    Ok(())
}
