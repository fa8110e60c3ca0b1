//! Helpers for the system tests: waiting on conditions with deadlines, unique
//! profiles, and a minimal WebDriver client for driving the real app.

pub mod app;
pub mod procfs;
pub mod soak;
pub mod webdriver;

use switchboard_demo::{Stack, StackOptions};

use std::future::Future;
use std::time::{Duration, Instant};

/// Polls `probe` until it yields `Some`, or fails after `deadline` saying what
/// was awaited. Never a fixed sleep: the short pause only paces the polling.
pub async fn until<T, F, Fut>(what: &str, deadline: Duration, mut probe: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let start = Instant::now();
    let mut last_err = None;
    loop {
        match probe().await {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => last_err = Some(e),
        }
        if start.elapsed() > deadline {
            anyhow::bail!(
                "timed out after {:?} waiting for {what}{}",
                deadline,
                last_err
                    .map(|e| format!(" (last error: {e:#})"))
                    .unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A profile name no other test (or run) uses, so keyring entries never collide.
pub fn unique_profile(prefix: &str) -> String {
    let n: u32 = std::process::id();
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}-{n}-{t}")
}

/// The end-to-end tests need a session D-Bus with an unlocked Secret Service
/// (`make test` provides one). Fails with a clear message otherwise.
pub fn require_keyring() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "this test needs a session D-Bus with gnome-keyring: run it through `make test` \
         (scripts/with-session.sh), not bare `cargo test`"
    );
}

/// A free loopback port (bound then released; the caller binds it next).
pub fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

/// A sandbox and hub for one test, storing under `dir`, statuses every `status_delay_ms`.
pub async fn stack_in(dir: &std::path::Path, status_delay_ms: u64) -> anyhow::Result<Stack> {
    Stack::start(StackOptions {
        data_dir: dir.join("hub"),
        simulate_every: 0,
        status_delay_ms,
        database_url: None,
        hub_env: Vec::new(),
    })
    .await
}

/// A signed-for-Meta webhook body: customer `from` (shown as `name`) sent
/// the text message `wamid` just now (the 24-hour window open).
pub fn inbound_text(from: &str, name: &str, wamid: &str, text: &str) -> Vec<u8> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
        .to_string();
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": switchboard_demo::PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": name}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": now, "type": "text", "text": {"body": text}}]
        }}]}]
    }))
    .unwrap_or_default()
}

/// Every byte of every file in `dir`, to check what is on disk in clear.
pub fn bytes_on_disk(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        bytes.extend(std::fs::read(entry.path()).unwrap_or_default());
    }
    bytes
}

/// The requests a hub has answered, by "METHOD route" (its `/metrics`,
/// every status summed).
pub async fn requests_answered(
    http: &reqwest::Client,
    hub_url: &str,
) -> anyhow::Result<std::collections::BTreeMap<String, u64>> {
    let text = http
        .get(format!("{hub_url}/metrics"))
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    let mut out = std::collections::BTreeMap::new();
    for line in text.lines() {
        let Some(labels) = line.strip_prefix("switchboard_http_requests_total{") else {
            continue;
        };
        let label = |name: &str| {
            labels
                .split(&format!("{name}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap_or("")
                .to_owned()
        };
        let n: u64 = line
            .rsplit(' ')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        *out.entry(format!("{} {}", label("method"), label("route")))
            .or_default() += n;
    }
    Ok(out)
}

/// `GET url` with `token` as the bearer, its JSON answer (an error for a
/// refusal).
pub async fn get_json(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> anyhow::Result<serde_json::Value> {
    Ok(http
        .get(url)
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}
