//! What the ingest benchmarks share: the webhook mix they post and their
//! settings, the clients that post it.

use std::sync::Arc;
use std::time::{Duration, Instant};
use switchboard_hub::{AppState, app};
use switchboard_whatsapp::graph::{GraphClient, GraphConfig};
use switchboard_whatsapp::signature;

pub const SECRET: &str = "bench-app-secret-0123456789abcdef";

/// The content key the benchmarks seal with (fixed: runs are comparable).
pub fn key() -> switchboard_hub::crypto::Keyring {
    switchboard_hub::crypto::Keyring::new(
        1,
        std::array::from_fn(|i| (i as u8).wrapping_mul(31).wrapping_add(7)),
    )
}

/// A Graph client that is never called (ingest sends nothing).
pub fn graph() -> Result<GraphClient, Box<dyn std::error::Error>> {
    Ok(GraphClient::new(GraphConfig {
        base_url: "http://127.0.0.1:9".into(),
        version: "v24.0".into(),
        phone_number_id: "1122334455667".into(),
        access_token: "unused".into(),
    })?)
}

/// The hub's own server loop on `listener`, with its connection limits,
/// as in production.
pub async fn serve_hub(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    switchboard_hub::server::serve(
        listener,
        app(state.clone()),
        state,
        None,
        std::future::pending(),
    )
    .await
}

pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The mix Meta sends: about three statuses per outbound message and one
/// event per inbound message.
pub fn body(i: usize) -> Vec<u8> {
    let customer = format!("3519{:08}", i % 500);
    let value = if i.is_multiple_of(4) {
        serde_json::json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": "Bench"}, "wa_id": customer}],
            "messages": [{"from": customer, "id": format!("wamid.bench.in{i}"), "timestamp": "1700000000",
                          "type": "text", "text": {"body": "Hello, where is my order? It was due on Monday."}}]
        })
    } else {
        let status = ["sent", "delivered", "read"][i % 3];
        serde_json::json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "statuses": [{"id": format!("wamid.bench.out{}", i / 3), "status": status,
                          "timestamp": (1_700_000_000 + i).to_string(), "recipient_id": customer}]
        })
    };
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]
    }))
    .unwrap_or_default()
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// What one run measured.
pub struct Run {
    pub events_per_sec: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Posts `events` signed webhooks from `clients` concurrent clients, spread
/// round robin over `urls`; the rate and latencies.
pub async fn post_all(
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
