//! Two hub processes on one PostgreSQL database, as a team that cannot stop
//! for a hub restart runs them: webhooks reach one hub, agents talk to the
//! other; every change reaches both (event streams woken across hubs), a
//! reply is sent to WhatsApp once, and when one hub is killed the other
//! carries on alone. Then the embedded store of another team is moved to
//! PostgreSQL with `migrate-store` and checked.

use std::time::Duration;
use switchboard_demo::{Stack, StackOptions, bin};
use switchboard_system_tests::until;
use switchboard_testpg::Postgres;

const DEADLINE: Duration = Duration::from_secs(30);

async fn get(http: &reqwest::Client, url: &str, token: &str) -> anyhow::Result<serde_json::Value> {
    Ok(http
        .get(url)
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

/// Every message text in the feed as `token` sees it from `hub`.
async fn texts(http: &reqwest::Client, hub: &str, token: &str) -> anyhow::Result<Vec<String>> {
    let page = get(http, &format!("{hub}/v1/changes?after=0&limit=1000"), token).await?;
    Ok(page["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["message"]["text"].as_str().map(str::to_owned))
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hubs_serve_one_team() -> anyhow::Result<()> {
    let Some(pg) = Postgres::start_or_skip() else {
        return Ok(());
    };
    pg.psql("CREATE DATABASE team")
        .map_err(anyhow::Error::msg)?;
    let url = format!("postgres://switchboard@127.0.0.1:{}/team", pg.port());
    let dir = tempfile::tempdir()?;
    let stack = Stack::start(StackOptions {
        data_dir: dir.path().join("hub"),
        database_url: Some(url.clone()),
        ..StackOptions::default()
    })
    .await?;
    let (mut hub_b, hub_b_url) = stack.another_hub("hub-b").await?;
    stack.webhooks_to(&hub_b_url).await?;
    let hub_a_url = stack.hub_url.clone();
    let admin = stack.agent("admin")?;
    let http = reqwest::Client::new();

    // An event stream on hub A, woken by what hub B stores.
    let mut events = http
        .get(format!("{hub_a_url}/v1/events"))
        .bearer_auth(admin.token.as_str())
        .send()
        .await?
        .error_for_status()?;
    let first = events.chunk().await?.unwrap_or_default();
    let started: i64 = String::from_utf8_lossy(&first)
        .lines()
        .find_map(|l| l.strip_prefix("data:"))
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no first event: {first:?}"))?;
    stack
        .customer_says("351911000001", "Rita", "is my order late?")
        .await?;
    let woken = tokio::time::timeout(DEADLINE, async {
        while let Some(chunk) = events.chunk().await? {
            let text = String::from_utf8_lossy(&chunk).into_owned();
            if let Some(seq) = text
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .filter_map(|s| s.trim().parse::<i64>().ok())
                .find(|seq| *seq > started)
            {
                return Ok::<_, anyhow::Error>(seq);
            }
        }
        anyhow::bail!("the event stream ended")
    })
    .await
    .map_err(|_| anyhow::anyhow!("hub A was never woken by hub B's write"))??;
    assert!(woken > started);
    let on_a = texts(&http, &hub_a_url, &admin.token).await?;
    assert_eq!(on_a, vec!["is my order late?".to_string()]);

    // A reply through hub A reaches WhatsApp once, and its ticks (status
    // webhooks, received by hub B) show on hub A.
    let page = get(
        &http,
        &format!("{hub_a_url}/v1/changes?after=0&limit=10"),
        &admin.token,
    )
    .await?;
    let conversation = page["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|c| c["conversation"]["id"].as_i64())
        .ok_or_else(|| anyhow::anyhow!("no conversation on hub A"))?;
    for _ in 0..2 {
        // The same idempotency key twice: one message.
        http.post(format!(
            "{hub_a_url}/v1/conversations/{conversation}/messages"
        ))
        .bearer_auth(admin.token.as_str())
        .json(&serde_json::json!({"client_message_id": "multi-hub-1", "text": "It ships today."}))
        .send()
        .await?
        .error_for_status()?;
    }
    until("the reply delivered, seen on hub A", DEADLINE, || async {
        let page = get(
            &http,
            &format!("{hub_a_url}/v1/changes?after=0&limit=1000"),
            &admin.token,
        )
        .await?;
        let delivered = page["changes"].as_array().into_iter().flatten().any(|c| {
            c["message"]["text"] == "It ships today."
                && matches!(c["message"]["status"].as_str(), Some("delivered" | "read"))
        });
        Ok(delivered.then_some(()))
    })
    .await?;
    let sent = get(&http, &format!("{}/_sandbox/sent", stack.sandbox_url), "").await?;
    let copies = sent
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["body"]["text"]["body"] == "It ships today.")
        .count();
    assert_eq!(copies, 1, "sent once by one of the two hubs: {sent}");

    // Hub B dies; hub A takes the webhooks and goes on.
    hub_b.start_kill()?;
    hub_b.wait().await?;
    stack.webhooks_to(&hub_a_url).await?;
    stack
        .customer_says("351911000001", "Rita", "thanks!")
        .await?;
    until("hub A alone stores the next message", DEADLINE, || async {
        let on_a = texts(&http, &hub_a_url, &admin.token).await?;
        Ok(on_a.iter().any(|t| t == "thanks!").then_some(()))
    })
    .await?;

    // The audit chain, written by both hubs, is intact.
    let out = tokio::process::Command::new(bin("switchboard-hub")?)
        .args(["verify-audit", "--database-url", &url])
        .output()
        .await?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("audit log intact"));
    Ok(())
}

/// A team on the embedded store moves to PostgreSQL: `migrate-store`
/// copies it and checks the copy; a hub started on the database then serves
/// the same feed (same seqs, so desktops keep their cursors) to the same
/// tokens, with the sealed texts readable under the same content key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedded_store_moves_to_postgres() -> anyhow::Result<()> {
    let Some(pg) = Postgres::start_or_skip() else {
        return Ok(());
    };
    pg.psql("CREATE DATABASE moved")
        .map_err(anyhow::Error::msg)?;
    let url = format!("postgres://switchboard@127.0.0.1:{}/moved", pg.port());
    let dir = tempfile::tempdir()?;
    let stack = Stack::start(StackOptions {
        data_dir: dir.path().join("hub"),
        ..StackOptions::default()
    })
    .await?;
    let admin = stack.agent("admin")?.token.clone();
    let http = reqwest::Client::new();
    stack
        .customer_says("351911000002", "Noor", "where is parcel 77?")
        .await?;
    stack
        .customer_says("351911000003", "Ivo", "olá, preciso de ajuda")
        .await?;
    let before = until("both messages on the embedded hub", DEADLINE, || async {
        let page = get(
            &http,
            &format!("{}/v1/changes?after=0&limit=1000", stack.hub_url),
            &admin,
        )
        .await?;
        let n = page["changes"].as_array().map_or(0, |c| c.len());
        Ok((n >= 4).then_some(page))
    })
    .await?;
    let env = stack.hub_env().to_vec();
    drop(stack);

    let hub = bin("switchboard-hub")?;
    let out = tokio::process::Command::new(&hub)
        .args(["migrate-store", "--to", &url])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .await?;
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(printed.contains("messages\t2"), "{printed}");
    assert!(
        printed.contains("audit log") || printed.contains("audit chain is intact"),
        "{printed}"
    );
    // Into a database that is no longer empty: refused, nothing written.
    let again = tokio::process::Command::new(&hub)
        .args(["migrate-store", "--to", &url])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .await?;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("empty database"));

    let mut serve = tokio::process::Command::new(&hub);
    serve
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", &url])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true);
    let mut child = serve.spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
    let moved_url = tokio::time::timeout(DEADLINE, async {
        while let Some(line) = lines.next_line().await? {
            if let Some(u) = line.strip_prefix("listening on ") {
                return Ok::<_, anyhow::Error>(u.trim().to_owned());
            }
        }
        anyhow::bail!("the hub stopped")
    })
    .await
    .map_err(|_| anyhow::anyhow!("the hub on PostgreSQL did not start"))??;
    let after = get(
        &http,
        &format!("{moved_url}/v1/changes?after=0&limit=1000"),
        &admin,
    )
    .await?;
    assert_eq!(
        after["changes"], before["changes"],
        "the same feed, seq for seq"
    );
    Ok(())
}
