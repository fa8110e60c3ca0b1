//! Three hub processes on one PostgreSQL database, as a team that cannot
//! stop for a hub restart runs them: webhooks and API calls spread round
//! robin across them, two desktops on different hubs. One hub is killed
//! with SIGKILL in the middle of a stream of webhooks and started again:
//! every acknowledged webhook is stored once, every reply is one Graph
//! call, a desktop on hub B is woken by its event stream for a write on
//! hub A, and both desktops end with the hubs' state. Then the embedded
//! store of another team is moved to PostgreSQL with `migrate-store` and
//! checked.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_core::desktop::{Desktop, Profile};
use switchboard_demo::{Stack, StackOptions, bin};
use switchboard_system_tests::get_json as get;
use switchboard_system_tests::{inbound_text, require_keyring, unique_profile, until};
use switchboard_testpg::Postgres;

const DEADLINE: Duration = Duration::from_secs(30);

/// Every change in the feed as `token` sees it from `hub`.
async fn feed(
    http: &reqwest::Client,
    hub: &str,
    token: &str,
) -> anyhow::Result<Vec<serde_json::Value>> {
    let mut changes = Vec::new();
    let mut after = 0;
    loop {
        let page = get(
            http,
            &format!("{hub}/v1/changes?after={after}&limit=1000"),
            token,
        )
        .await?;
        changes.extend(page["changes"].as_array().into_iter().flatten().cloned());
        after = page["next"].as_i64().unwrap_or(after);
        if page["more"] != true {
            return Ok(changes);
        }
    }
}

/// Every message text in the feed as `token` sees it from `hub`.
async fn texts(http: &reqwest::Client, hub: &str, token: &str) -> anyhow::Result<Vec<String>> {
    Ok(feed(http, hub, token)
        .await?
        .iter()
        .filter_map(|c| c["message"]["text"].as_str().map(str::to_owned))
        .collect())
}

/// Each message's id, text and delivery state, as of the last change.
type Messages = BTreeMap<i64, (Option<String>, String)>;

async fn hub_messages(http: &reqwest::Client, hub: &str, token: &str) -> anyhow::Result<Messages> {
    let mut out = Messages::new();
    for c in feed(http, hub, token).await? {
        let m = &c["message"];
        if let Some(id) = m["id"].as_i64() {
            let text = m["text"].as_str().map(str::to_owned);
            out.insert(
                id,
                (text, m["status"].as_str().unwrap_or_default().to_owned()),
            );
        }
    }
    Ok(out)
}

/// The same, from a desktop's local store (every thread, page by page).
fn desktop_messages(desktop: &Desktop) -> anyhow::Result<Messages> {
    switchboard_system_tests::soak::check::local_messages(desktop)
}

/// Posts one signed webhook to `hub`; whether the hub acknowledged it.
async fn post_webhook(http: &reqwest::Client, hub: &str, secret: &str, body: Vec<u8>) -> bool {
    let signature = switchboard_demo::sign_webhook(secret.as_bytes(), &body);
    matches!(
        http.post(format!("{hub}/webhooks/whatsapp"))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(body)
            .send()
            .await,
        Ok(r) if r.status().is_success()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hubs_serve_one_team() -> anyhow::Result<()> {
    let Some(pg) = Postgres::start_or_skip() else {
        return Ok(());
    };
    require_keyring();
    pg.psql("CREATE DATABASE team")
        .map_err(anyhow::Error::msg)?;
    let url = format!("postgres://switchboard@127.0.0.1:{}/team", pg.port());
    let dir = tempfile::tempdir()?;
    let mut stack = Stack::start(StackOptions {
        data_dir: dir.path().join("hub"),
        database_url: Some(url.clone()),
        ..StackOptions::default()
    })
    .await?;
    let (_hub_b, hub_b) = stack.another_hub("hub-b").await?;
    let (_hub_c, hub_c) = stack.another_hub("hub-c").await?;
    let hub_a = stack.hub_url.clone();
    let hubs = [hub_a.clone(), hub_b.clone(), hub_c.clone()];
    let secret = stack.app_secret.to_string();
    let admin = stack.agent("admin")?.token.clone();
    let viewer = stack.agent("viewer")?.token.clone();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;

    // Two desktops: the admin's on hub B, following its event stream (a
    // sync every 30 s otherwise); the viewer's on hub C.
    let on_b = Arc::new(
        Desktop::sign_in(
            &Profile::at(&unique_profile("hub-b"), &dir.path().join("desk-b")),
            &hub_b,
            admin.clone(),
        )
        .await?,
    );
    let on_c = Desktop::sign_in(
        &Profile::at(&unique_profile("hub-c"), &dir.path().join("desk-c")),
        &hub_c,
        viewer.clone(),
    )
    .await?;
    let rounds = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let follower = tokio::spawn(on_b.clone().run({
        let rounds = rounds.clone();
        move |_| {
            rounds.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }));
    until(
        "the desktop on hub B to finish its first sync",
        DEADLINE,
        || async { Ok((rounds.load(std::sync::atomic::Ordering::SeqCst) > 0).then_some(())) },
    )
    .await?;
    // Its stream is open once hub B answers the wake-up it causes; a
    // message written on hub A then reaches it well before the 30 s poll.
    assert!(
        post_webhook(
            &http,
            &hub_a,
            &secret,
            inbound_text(
                "351911000001",
                "Customer 351911000001",
                "wamid.first",
                "is my order late?"
            )
        )
        .await,
        "hub A acknowledges the first webhook"
    );
    until(
        "the desktop on hub B woken for hub A's write",
        Duration::from_secs(20),
        || async {
            Ok(desktop_messages(&on_b)?
                .values()
                .any(|(t, _)| t.as_deref() == Some("is my order late?"))
                .then_some(()))
        },
    )
    .await?;

    // Presence crosses hubs: the viewer on hub C opens the conversation;
    // the admin's desktop, following hub B's stream, hears it.
    let mut heard = on_b.presence();
    on_c.sync_once().await?;
    let conversation = on_c
        .conversations()?
        .first()
        .map(|c| c.conversation.id)
        .ok_or_else(|| anyhow::anyhow!("the viewer's copy has the conversation"))?;
    on_c.set_presence(conversation, switchboard_protocol::PresenceState::Viewing)
        .await?;
    let seen = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match heard.recv().await {
                Ok(p) if p.conversation_id == conversation && !p.people.is_empty() => return Ok(p),
                Ok(_) => {}
                Err(e) => return Err(e),
            }
        }
    })
    .await??;
    assert_eq!(
        seen.people
            .iter()
            .map(|p| (p.state, p.agent_id))
            .collect::<Vec<_>>(),
        [(
            switchboard_protocol::PresenceState::Viewing,
            stack.agent("viewer")?.id
        )],
        "the viewer's presence, said on hub C, reached the desktop on hub B"
    );

    // A stream of webhooks spread over the three hubs; hub A is killed in
    // the middle of it and started again. Each writer is a customer who
    // first wrote through the sandbox (which then holds their 24-hour
    // window open, as Meta does, for the replies further down).
    for w in 0..3 {
        stack
            .customer_says(&format!("35192000000{w}"), "Writer", "hello")
            .await?;
    }
    let acked: Arc<Mutex<HashSet<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let (http, hubs, acked, secret, stop) = (
            http.clone(),
            hubs.clone(),
            acked.clone(),
            secret.clone(),
            stop.clone(),
        );
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let wamid = format!("wamid.rr{w}-{n}");
                let from = format!("35192000000{w}");
                let body = inbound_text(
                    &from,
                    &format!("Customer {from}"),
                    &wamid,
                    &format!("message {w}-{n}"),
                );
                if post_webhook(&http, &hubs[n % 3], &secret, body).await
                    && let Ok(mut a) = acked.lock()
                {
                    a.insert(wamid);
                }
                n += 1;
            }
        }));
    }
    let acked_now = || acked.lock().map(|a| a.len()).unwrap_or(0);
    until("150 acknowledged webhooks", DEADLINE, || async {
        Ok((acked_now() >= 150).then_some(()))
    })
    .await?;
    stack.kill_hub_hard().await?;
    let at_kill = acked_now();
    until(
        "150 more acknowledged by hubs B and C",
        DEADLINE,
        || async { Ok((acked_now() >= at_kill + 150).then_some(())) },
    )
    .await?;
    stack.restart_hub_in_place().await?;
    let at_restart = acked_now();
    until("hub A acknowledging again", DEADLINE, || async {
        Ok((acked_now() >= at_restart + 150).then_some(()))
    })
    .await?;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in writers {
        w.await?;
    }
    let acked: HashSet<String> = acked.lock().map(|a| a.clone()).unwrap_or_default();
    let stored: Vec<String> = feed(&http, &hub_c, &admin)
        .await?
        .iter()
        .filter_map(|c| c["message"]["wamid"].as_str().map(str::to_owned))
        .collect();
    let stored_set: HashSet<&String> = stored.iter().collect();
    let lost: Vec<&String> = acked.iter().filter(|w| !stored_set.contains(w)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged webhooks lost, e.g. {:?}",
        lost.len(),
        acked.len(),
        lost.first()
    );
    let twice = pg
        .psql_in(
            "team","SELECT count(*) FROM (SELECT wamid FROM messages GROUP BY wamid HAVING count(*) > 1) d")
        .map_err(anyhow::Error::msg)?;
    assert_eq!(twice.trim(), "0", "no webhook stored twice");
    eprintln!(
        "{} webhooks acknowledged across three hubs, one killed and restarted: all stored once",
        acked.len()
    );

    // Replies through the hubs in turn, each posted twice with the same
    // idempotency key to two different hubs: one message, one Graph call.
    let changes = feed(&http, &hub_b, &admin).await?;
    let conversations: Vec<i64> = (0..3)
        .filter_map(|w| {
            let from = format!("35192000000{w}");
            changes.iter().find_map(|c| {
                (c["conversation"]["wa_id"] == from.as_str())
                    .then(|| c["conversation"]["id"].as_i64())
                    .flatten()
            })
        })
        .collect();
    assert_eq!(conversations.len(), 3, "one conversation per writer");
    let mut replies = Vec::new();
    for (i, conversation) in conversations.iter().enumerate() {
        let text = format!("Reply {i} from the desk");
        for hub in [&hubs[i % 3], &hubs[(i + 1) % 3]] {
            http.post(format!("{hub}/v1/conversations/{conversation}/messages"))
                .bearer_auth(admin.as_str())
                .json(&serde_json::json!({"client_message_id": format!("rr-reply-{i}"), "text": text}))
                .send()
                .await?
                .error_for_status()?;
        }
        replies.push(text);
    }
    until("every reply delivered, seen on hub C", DEADLINE, || async {
        let messages = hub_messages(&http, &hub_c, &admin).await?;
        let delivered = replies.iter().all(|r| {
            messages.values().any(|(t, s)| {
                t.as_deref() == Some(r.as_str()) && matches!(s.as_str(), "delivered" | "read")
            })
        });
        Ok(delivered.then_some(()))
    })
    .await?;
    let sent = stack.sent().await?;
    for reply in &replies {
        let copies = sent
            .iter()
            .filter(|m| m["body"]["text"]["body"] == reply.as_str())
            .count();
        assert_eq!(copies, 1, "{reply:?} sent once, by one of the hubs");
    }

    // Both desktops end with what the hubs hold.
    let truth = hub_messages(&http, &hub_a, &admin).await?;
    assert!(
        truth.len() > acked.len(),
        "the hubs hold every message and reply"
    );
    until(
        "the desktop on hub B to hold the hubs' state",
        DEADLINE,
        || async { Ok((desktop_messages(&on_b)? == truth).then_some(())) },
    )
    .await?;
    until(
        "the desktop on hub C to hold the hubs' state",
        DEADLINE,
        || async {
            on_c.sync_once().await?;
            Ok((desktop_messages(&on_c)? == truth).then_some(()))
        },
    )
    .await?;
    follower.abort();
    assert_eq!(
        texts(&http, &hub_b, &viewer).await?.len(),
        texts(&http, &hub_a, &admin).await?.len()
    );

    // The audit chain, written by all three hubs, is intact.
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
    until("both messages on the embedded hub", DEADLINE, || async {
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
    // Teams and inboxes go with it.
    let admin_id = stack.agent("admin")?.id;
    let created: serde_json::Value = http
        .post(format!("{}/v1/teams", stack.hub_url))
        .bearer_auth(admin.as_str())
        .json(&serde_json::json!({"name": "Vendas"}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let team = created["id"].as_i64().unwrap_or_default();
    for (method, path, body) in [
        (
            reqwest::Method::PUT,
            format!("/v1/teams/{team}/members/{admin_id}"),
            serde_json::json!({"lead": true}),
        ),
        (
            reqwest::Method::PUT,
            format!("/v1/inboxes/{}", switchboard_demo::PHONE_NUMBER_ID),
            serde_json::json!({"name": "Loja", "team_id": team}),
        ),
    ] {
        http.request(method, format!("{}{path}", stack.hub_url))
            .bearer_auth(admin.as_str())
            .json(&body)
            .send()
            .await?
            .error_for_status()?;
    }
    let teams_before = get(&http, &format!("{}/v1/teams", stack.hub_url), &admin).await?;
    let inboxes_before = get(&http, &format!("{}/v1/inboxes", stack.hub_url), &admin).await?;
    let before = get(
        &http,
        &format!("{}/v1/changes?after=0&limit=1000", stack.hub_url),
        &admin,
    )
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
    assert_eq!(
        get(&http, &format!("{moved_url}/v1/teams"), &admin).await?,
        teams_before
    );
    assert_eq!(
        get(&http, &format!("{moved_url}/v1/inboxes"), &admin).await?,
        inboxes_before
    );
    assert_eq!(
        teams_before[0]["members"][0]["lead"], true,
        "{teams_before}"
    );
    Ok(())
}
