//! Teams at scale (issue 28): 200 agents and 1,000,000 messages in 20,000
//! conversations on the embedded store, measured first as one team (no
//! teams: today's shape) and then, on the same data in the same run, split
//! into 20 teams of 10 agents, each routed one of 20 inboxes.
//!
//! Two figures each way:
//! - one agent's feed page: `changes_for` over 500 feed rows at a random
//!   cursor, for a random agent (every answer checked against a recount of
//!   the role table written here in SQL);
//! - a revocation reaching a connected desktop: from the admin's request
//!   until the agent's pull of the feed after its cursor holds the
//!   revocation and is drained. One team: a conversation the agent holds
//!   is given to a colleague. Twenty teams: the agent is taken out of its
//!   team (every conversation of the team it could read is revoked), then
//!   put back (not timed).
//!
//! Then (issue 29) 500 conversations resolved over HTTP in one bulk request,
//! against the same done one request each, in the same run.
//!
//! Run: `cargo bench -p switchboard-hub --bench teams` (env: BENCH_MESSAGES,
//! BENCH_CONVERSATIONS, BENCH_PAGES, BENCH_REVOCATIONS, BENCH_BULKS, BENCH_DIR).

use futures_util::StreamExt;
use std::time::{Duration, Instant};
use switchboard_hub::AppState;
use switchboard_hub::backend::sqlite::{CommitMode, Store};
use switchboard_hub::db::types::{AgentRow, TeamChange};
use switchboard_hub::queries;
use switchboard_hub::repo::HubStore;
use switchboard_protocol::{Change, Membership};
use zeroize::Zeroizing;

// Shared with the ingest benches; this one uses a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{SECRET, env, graph, key, median, serve_hub};

const AGENTS: i64 = 200;
const TEAMS: i64 = 20;
const PAGE: i64 = 500;

fn p99(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[(v.len() * 99 / 100).min(v.len() - 1)]
}

/// A small seeded generator: the same run every time.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

type Failure = Box<dyn std::error::Error>;

/// Writes the desk: agents 1..=200 (agent 201 the admin), conversations on
/// 20 numbers, 60 % held, and the feed as the hub writes it (a conversation
/// change before every message), with sealed bodies.
fn fill(store: &Store, messages: i64, conversations: i64) -> Result<(), Failure> {
    store.blocking(|conn, keys| {
        let tx = conn
            .transaction()
            .map_err(|e| switchboard_hub::db::StoreError::Backend(e.to_string()))?;
        let backend = |e: rusqlite::Error| switchboard_hub::db::StoreError::Backend(e.to_string());
        for a in 1..=AGENTS {
            tx.execute(
                "INSERT INTO agents (id, name, role, disabled, created_at) VALUES (?1, ?2, 'agent', 0, 0)",
                rusqlite::params![a, format!("Agent {a}")],
            )
            .map_err(backend)?;
        }
        tx.execute(
            "INSERT INTO agents (id, name, role, disabled, created_at) VALUES (?1, 'Admin', 'admin', 0, 0)",
            [AGENTS + 1],
        )
        .map_err(backend)?;
        for c in 1..=conversations {
            let holder = (c % 10 < 6).then_some(1 + c % AGENTS);
            tx.execute(
                "INSERT INTO conversations (id, phone_number_id, wa_id, contact_name, assignee, status, unread, last_inbound_at, last_message_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'open', 0, 0, 0)",
                rusqlite::params![c, format!("{}", 2000 + c % TEAMS), format!("55119{c:07}"), format!("Customer {c}"), holder],
            )
            .map_err(backend)?;
        }
        let mut rng = Seeded(0x9E37_79B9_7F4A_7C15);
        let texts = [
            "Olá, meu pedido ainda não chegou, podem verificar?",
            "¿Tienen el modelo azul en talla M?",
            "Where is my parcel? It said two days.",
            "Obrigado! Chegou hoje, tudo certo.",
        ];
        {
            let mut message = tx
                .prepare(
                    "INSERT INTO messages (id, conversation_id, direction, kind, body, key_id, wamid, status, timestamp)
                     VALUES (?1, ?2, 'inbound', 'text', ?3, ?4, ?5, 'read', ?6)",
                )
                .map_err(backend)?;
            let mut change = tx
                .prepare("INSERT INTO changes (conversation_id, kind, message_id) VALUES (?1, ?2, ?3)")
                .map_err(backend)?;
            for m in 1..=messages {
                // Half of the messages in 1 % of the conversations, as a busy desk has.
                let c = if rng.below(2) == 0 {
                    1 + rng.below((conversations / 100).max(1) as u64) as i64
                } else {
                    1 + rng.below(conversations as u64) as i64
                };
                let (key_id, body) = keys.seal(texts[(m % 4) as usize].as_bytes())?;
                message
                    .execute(rusqlite::params![m, c, body, key_id, format!("wamid.b{m}"), 1_700_000_000 + m])
                    .map_err(backend)?;
                change
                    .execute(rusqlite::params![c, "conversation", Option::<i64>::None])
                    .map_err(backend)?;
                change
                    .execute(rusqlite::params![c, "message", m])
                    .map_err(backend)?;
            }
        }
        tx.commit().map_err(backend)?;
        Ok(())
    })?;
    Ok(())
}

/// Splits the desk into 20 teams of 10 agents, inbox k routed to team k,
/// written straight to the tables (no feed rows: the same feed is read
/// both ways).
fn split_into_teams(store: &Store) -> Result<(), Failure> {
    store.blocking(|conn, _| {
        let backend = |e: rusqlite::Error| switchboard_hub::db::StoreError::Backend(e.to_string());
        let tx = conn.transaction().map_err(backend)?;
        for t in 0..TEAMS {
            tx.execute(
                "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, 0)",
                rusqlite::params![t + 1, format!("Team {t}")],
            )
            .map_err(backend)?;
            tx.execute(
                "INSERT INTO inboxes (phone_number_id, name, team_id) VALUES (?1, ?2, ?3)",
                rusqlite::params![format!("{}", 2000 + t), format!("Line {t}"), t + 1],
            )
            .map_err(backend)?;
        }
        // Agent a is in team ((a - 1) % 20) + 1, where its conversations are.
        tx.execute(
            "INSERT INTO team_members (team_id, agent_id, lead) SELECT ((id - 1) % 20) + 1, id, 0 FROM agents WHERE role = 'agent'",
            [],
        )
        .map_err(backend)?;
        tx.execute(
            "UPDATE conversations SET team_id = (CAST(phone_number_id AS INTEGER) - 2000) + 1",
            [],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        Ok(())
    })?;
    Ok(())
}

/// Which conversations `agent` may read, recounted with SQL written here.
fn readable(store: &Store, agent: &AgentRow) -> Result<std::collections::HashSet<i64>, Failure> {
    let id = agent.id;
    Ok(store.blocking(move |conn, _| {
        let backend = |e: rusqlite::Error| switchboard_hub::db::StoreError::Backend(e.to_string());
        let mut stmt = conn
            .prepare(
                "SELECT id FROM conversations WHERE assignee = ?1
                   OR (assignee IS NULL AND (team_id IS NULL
                       OR team_id IN (SELECT team_id FROM team_members WHERE agent_id = ?1)))",
            )
            .map_err(backend)?;
        let ids = stmt
            .query_map([id], |r| r.get(0))
            .map_err(backend)?
            .collect::<Result<_, _>>()
            .map_err(backend)?;
        Ok(ids)
    })?)
}

fn agent(store: &Store, id: i64) -> Result<AgentRow, Failure> {
    Ok(store.blocking(move |conn, _| queries::agents::agent(conn, id))?)
}

/// Feed pages for random agents at random cursors: median and p99 in µs.
fn feed_pages(store: &Store, pages: usize, latest: i64) -> Result<(f64, f64, usize), Failure> {
    let mut rng = Seeded(42);
    let mut times = Vec::with_capacity(pages);
    let mut served = 0;
    for _ in 0..pages {
        let who = agent(store, 1 + rng.below(AGENTS as u64) as i64)?;
        let may = readable(store, &who)?;
        let after = rng.below((latest - PAGE) as u64) as i64;
        let reader = who.clone();
        let started = Instant::now();
        let (changes, next, _) = store.blocking(move |conn, keys| {
            queries::feed::changes_for(conn, keys, &reader, after, PAGE)
        })?;
        times.push(started.elapsed().as_secs_f64() * 1e6);
        if next != after + PAGE {
            return Err(format!(
                "a page of {PAGE} rows ended at {next}, not {}",
                after + PAGE
            )
            .into());
        }
        for change in &changes {
            let id = match change {
                Change::Conversation { conversation, .. } => conversation.id,
                Change::Message { message, .. } => message.conversation_id,
                Change::Revoked { .. } => continue,
            };
            if !may.contains(&id) {
                return Err(format!("agent {} was served conversation {id}", who.id).into());
            }
        }
        served += changes.len();
    }
    Ok((median(times.clone()), p99(times), served))
}

/// Pulls `who`'s feed from `after` to the end; whether it held a
/// revocation of `conversation` (any revocation when `None`), and the end.
fn pull(
    store: &Store,
    who: &AgentRow,
    mut after: i64,
    conversation: Option<i64>,
) -> Result<(bool, i64), Failure> {
    let mut revoked = false;
    loop {
        let reader = who.clone();
        let (changes, next, more) = store.blocking(move |conn, keys| {
            queries::feed::changes_for(conn, keys, &reader, after, 1000)
        })?;
        revoked |= changes.iter().any(|c| match c {
            Change::Revoked {
                conversation_id, ..
            } => conversation.is_none_or(|id| id == *conversation_id),
            _ => false,
        });
        after = next;
        if !more {
            return Ok((revoked, after));
        }
    }
}

/// A conversation an agent holds, given to a colleague of its team (and
/// back, not timed): from the admin's request until the holder's pull
/// holds the revocation and is drained. Milliseconds.
fn reassignments(
    store: &Store,
    runtime: &tokio::runtime::Runtime,
    n: i64,
    conversations: i64,
) -> Result<Vec<f64>, Failure> {
    let admin = AGENTS + 1;
    let mut times = Vec::new();
    for i in 0..n {
        // Conversation c is held (c % 10 < 6) by agent 1 + c % 200; agent
        // a + 20 is in the same team.
        let c = 10 * (1 + (i * 7) % (conversations / 10 - 1)) + 1;
        let holder = 1 + c % AGENTS;
        let colleague = 1 + (holder - 1 + TEAMS) % AGENTS;
        let who = agent(store, holder)?;
        let cursor = store.blocking(|conn, _| queries::feed::latest_seq(conn))?;
        let started = Instant::now();
        runtime.block_on(store.assign(c, Some(colleague), admin, false))?;
        let (revoked, _) = pull(store, &who, cursor, Some(c))?;
        times.push(started.elapsed().as_secs_f64() * 1e3);
        if !revoked {
            return Err(format!("agent {holder} was not told of conversation {c}").into());
        }
        runtime.block_on(store.assign(c, Some(holder), admin, false))?;
    }
    Ok(times)
}

/// A desktop connected to the hub over loopback HTTP: it follows its
/// `/v1/events` stream and, woken by any event, pulls `/v1/changes`.
struct Connected {
    base: String,
    token: String,
    http: reqwest::Client,
    woken: tokio::sync::mpsc::UnboundedReceiver<()>,
    _follower: tokio::task::JoinHandle<()>,
}

impl Connected {
    async fn follow(base: &str, token: String) -> Result<Connected, Failure> {
        let http = reqwest::Client::new();
        let stream = http
            .get(format!("{base}/v1/events"))
            .bearer_auth(&token)
            .send()
            .await?
            .error_for_status()?;
        let (tell, woken) = tokio::sync::mpsc::unbounded_channel();
        let follower = tokio::spawn(async move {
            let mut bytes = stream.bytes_stream();
            while let Some(Ok(chunk)) = bytes.next().await {
                // Any event but the keep-alive comments wakes the desktop.
                if chunk.windows(6).any(|w| w == b"event:") && tell.send(()).is_err() {
                    return;
                }
            }
        });
        Ok(Connected {
            base: base.to_owned(),
            token,
            http,
            woken,
            _follower: follower,
        })
    }

    /// Forgets what the stream said so far.
    fn quiet(&mut self) {
        while self.woken.try_recv().is_ok() {}
    }

    /// Pulls the feed from `after` to its end; whether it held a revocation
    /// (of `conversation`, or any), and the end.
    async fn pull(
        &self,
        mut after: i64,
        conversation: Option<i64>,
    ) -> Result<(bool, i64), Failure> {
        let mut revoked = false;
        loop {
            let page: serde_json::Value = self
                .http
                .get(format!("{}/v1/changes?after={after}&limit=1000", self.base))
                .bearer_auth(&self.token)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            revoked |= page["changes"].as_array().into_iter().flatten().any(|c| {
                c["type"] == "revoked"
                    && conversation.is_none_or(|id| c["conversation_id"].as_i64() == Some(id))
            });
            after = page["next"].as_i64().unwrap_or(after);
            if page["more"] != true {
                return Ok((revoked, after));
            }
        }
    }

    /// From now until the stream has woken the desktop and its pull holds
    /// the revocation: milliseconds.
    async fn until_revoked(
        &mut self,
        after: i64,
        conversation: Option<i64>,
        started: Instant,
    ) -> Result<f64, Failure> {
        loop {
            tokio::time::timeout(Duration::from_secs(30), self.woken.recv())
                .await
                .map_err(|_| "the stream never woke the desktop")?
                .ok_or("the stream ended")?;
            if self.pull(after, conversation).await?.0 {
                return Ok(started.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
}

/// The admin, asking the hub over HTTP.
struct Admin {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Admin {
    /// The hub served on loopback for `store`, and its admin.
    async fn start(store: &Store) -> Result<Admin, Failure> {
        Ok(Admin {
            http: reqwest::Client::new(),
            base: serve(store).await?,
            token: token(store, AGENTS + 1)?,
        })
    }

    /// Agent `who`'s desktop, connected and caught up; the feed's end.
    async fn desktop_of(&self, store: &Store, who: i64) -> Result<(Connected, i64), Failure> {
        let mut desktop = Connected::follow(&self.base, token(store, who)?).await?;
        let cursor = store.blocking(|conn, _| queries::feed::latest_seq(conn))?;
        desktop.quiet();
        Ok((desktop, cursor))
    }

    /// One bulk request; checks every conversation was changed.
    async fn bulk(&self, ids: &[i64], action: serde_json::Value) -> Result<(), Failure> {
        let outcome: serde_json::Value = self
            .http
            .post(format!("{}/v1/conversations/bulk", self.base))
            .bearer_auth(&self.token)
            .json(&serde_json::json!({"conversations": ids, "action": action}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let done = outcome["done"].as_array().map_or(0, Vec::len);
        if done != ids.len() || outcome["refused"] != serde_json::json!([]) {
            return Err(format!(
                "bulk changed {done} of {}: {}",
                ids.len(),
                outcome["refused"]
            )
            .into());
        }
        Ok(())
    }

    async fn ask(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> Result<(), Failure> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if !body.is_null() {
            request = request.json(&body);
        }
        request.send().await?.error_for_status()?;
        Ok(())
    }
}

/// The hub on loopback with its own server loop; its address.
async fn serve(store: &Store) -> Result<String, Failure> {
    let state = AppState::new(
        store.clone(),
        graph()?,
        Zeroizing::new(SECRET.into()),
        Zeroizing::new("verify-token-0123456".into()),
    )?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(serve_hub(listener, state));
    Ok(base)
}

fn token(store: &Store, agent: i64) -> Result<String, Failure> {
    Ok(store.blocking(move |conn, _| queries::agents::issue_token(conn, agent, 1))?)
}

/// Over the event stream: a conversation an agent holds given to a
/// colleague (`teams`: one of its team), from the admin's request until
/// the holder's connected desktop has pulled the revocation. Milliseconds.
async fn reassignments_over_the_stream(
    store: &Store,
    n: i64,
    conversations: i64,
) -> Result<Vec<f64>, Failure> {
    let admin = Admin::start(store).await?;
    let mut times = Vec::new();
    for i in 0..n {
        let c = 10 * (1 + (i * 7) % (conversations / 10 - 1)) + 1;
        let holder = 1 + c % AGENTS;
        let colleague = 1 + (holder - 1 + TEAMS) % AGENTS;
        let (mut desktop, cursor) = admin.desktop_of(store, holder).await?;
        let started = Instant::now();
        let path = format!("/v1/conversations/{c}/assignment");
        admin
            .ask(
                reqwest::Method::POST,
                &path,
                serde_json::json!({"assignee": colleague}),
            )
            .await?;
        times.push(desktop.until_revoked(cursor, Some(c), started).await?);
        admin
            .ask(
                reqwest::Method::POST,
                &path,
                serde_json::json!({"assignee": holder}),
            )
            .await?;
    }
    Ok(times)
}

/// Over the event stream: an agent taken out of its team (put back, not
/// timed), until its connected desktop has pulled a revocation.
async fn removals_over_the_stream(store: &Store, n: i64) -> Result<Vec<f64>, Failure> {
    let admin = Admin::start(store).await?;
    let mut times = Vec::new();
    for i in 0..n {
        let who = 1 + (i * 37) % AGENTS;
        let team = ((who - 1) % TEAMS) + 1;
        let (mut desktop, cursor) = admin.desktop_of(store, who).await?;
        let path = format!("/v1/teams/{team}/members/{who}");
        let started = Instant::now();
        admin
            .ask(reqwest::Method::DELETE, &path, serde_json::Value::Null)
            .await?;
        times.push(desktop.until_revoked(cursor, None, started).await?);
        admin
            .ask(
                reqwest::Method::PUT,
                &path,
                serde_json::json!({"lead": false}),
            )
            .await?;
    }
    Ok(times)
}

/// Issue 29: resolving 500 conversations over HTTP in one bulk request,
/// against the same 500 resolved one request each (as the app did before:
/// the hub's per-caller limit answers some 429, which are waited out as
/// its Retry-After says and counted), in the same run; each reopened in
/// bulk between runs (not timed). Milliseconds: (bulk, one by one), and
/// the 429s met one by one.
async fn bulk_against_one_by_one(
    store: &Store,
    runs: usize,
    conversations: i64,
) -> Result<(Vec<f64>, Vec<f64>, usize), Failure> {
    let admin = Admin::start(store).await?;
    let ids: Vec<i64> = (0..500).map(|n| 1 + (n * 37) % conversations).collect();
    let (mut bulk, mut single, mut limited) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs {
        let started = Instant::now();
        admin
            .bulk(&ids, serde_json::json!({"type": "resolve"}))
            .await?;
        bulk.push(started.elapsed().as_secs_f64() * 1e3);
        admin
            .bulk(&ids, serde_json::json!({"type": "reopen"}))
            .await?;
        let started = Instant::now();
        for id in &ids {
            loop {
                let answer = admin
                    .http
                    .post(format!("{}/v1/conversations/{id}/status", admin.base))
                    .bearer_auth(&admin.token)
                    .json(&serde_json::json!({"status": "resolved"}))
                    .send()
                    .await?;
                if answer.status() != reqwest::StatusCode::TOO_MANY_REQUESTS {
                    answer.error_for_status()?;
                    break;
                }
                limited += 1;
                let wait = answer
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
        }
        single.push(started.elapsed().as_secs_f64() * 1e3);
        admin
            .bulk(&ids, serde_json::json!({"type": "reopen"}))
            .await?;
    }
    Ok((bulk, single, limited))
}

fn main() -> Result<(), Failure> {
    let messages = env("BENCH_MESSAGES", 1_000_000) as i64;
    let conversations = env("BENCH_CONVERSATIONS", 20_000) as i64;
    let pages = env("BENCH_PAGES", 400);
    let revocations = env("BENCH_REVOCATIONS", 40);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))?;
    let store = Store::open_with(&dir.path().join("hub.sqlite3"), key(), CommitMode::Group)?;
    let started = Instant::now();
    fill(&store, messages, conversations)?;
    println!(
        "filled: {messages} messages in {conversations} conversations, {AGENTS} agents, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let latest = store.blocking(|conn, _| queries::feed::latest_seq(conn))?;
    let admin = AGENTS + 1;

    // One team (today's shape).
    let (one_median, one_p99, one_served) = feed_pages(&store, pages, latest)?;
    let one_revocations = reassignments(&store, &runtime, revocations as i64, conversations)?;
    let one_streamed = runtime.block_on(reassignments_over_the_stream(
        &store,
        revocations as i64,
        conversations,
    ))?;

    // Twenty teams, the same data.
    split_into_teams(&store)?;
    let latest = store.blocking(|conn, _| queries::feed::latest_seq(conn))?;
    let (teams_median, teams_p99, teams_served) = feed_pages(&store, pages, latest)?;
    let teams_reassigned = reassignments(&store, &runtime, revocations as i64, conversations)?;
    let teams_streamed = runtime.block_on(reassignments_over_the_stream(
        &store,
        revocations as i64,
        conversations,
    ))?;
    let removals_streamed =
        runtime.block_on(removals_over_the_stream(&store, revocations as i64))?;
    let (bulk, one_by_one, limited) = runtime.block_on(bulk_against_one_by_one(
        &store,
        env("BENCH_BULKS", 10),
        conversations,
    ))?;
    let mut team_revocations = Vec::new();
    for n in 0..revocations as i64 {
        // Not the agents the stream loop took out (their holdings went back
        // to the queue then): 37 is prime to 200, and no two of these 40
        // differ by 3 modulo 200.
        let who_id = 1 + (n * 37 + 3) % AGENTS;
        let team = ((who_id - 1) % TEAMS) + 1;
        let cursor = store.blocking(|conn, _| queries::feed::latest_seq(conn))?;
        let started = Instant::now();
        runtime.block_on(store.change_teams(
            TeamChange::RemoveMember {
                team,
                agent: who_id,
            },
            admin,
        ))?;
        let removed = agent(&store, who_id)?;
        let (revoked, _) = pull(&store, &removed, cursor, None)?;
        team_revocations.push(started.elapsed().as_secs_f64() * 1e3);
        if !revoked || removed.teams.iter().any(|m: &Membership| m.team_id == team) {
            return Err(format!("agent {who_id} was not told it left team {team}").into());
        }
        runtime.block_on(store.change_teams(
            TeamChange::SetMember {
                team,
                agent: who_id,
                lead: false,
            },
            admin,
        ))?;
    }
    let ms = |v: &Vec<f64>| (median(v.clone()), p99(v.clone()));
    let (one_rev_median, one_rev_p99) = ms(&one_revocations);
    let (teams_rev_median, teams_rev_p99) = ms(&teams_reassigned);
    let (team_rev_median, team_rev_p99) = ms(&team_revocations);
    println!("| measure | one team | 20 teams | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| feed page of {PAGE} rows, median | {one_median:.0} µs | {teams_median:.0} µs | {:.2}x |",
        teams_median / one_median
    );
    println!(
        "| feed page of {PAGE} rows, p99 | {one_p99:.0} µs | {teams_p99:.0} µs | {:.2}x |",
        teams_p99 / one_p99
    );
    println!("| changes served over {pages} pages | {one_served} | {teams_served} | |");
    println!(
        "| a reassignment's revocation pulled by the desktop, median | {one_rev_median:.1} ms | {teams_rev_median:.1} ms | {:.2}x |",
        teams_rev_median / one_rev_median
    );
    println!(
        "| a reassignment's revocation pulled by the desktop, p99 | {one_rev_p99:.1} ms | {teams_rev_p99:.1} ms | {:.2}x |",
        teams_rev_p99 / one_rev_p99
    );
    let (one_s_median, one_s_p99) = ms(&one_streamed);
    let (teams_s_median, teams_s_p99) = ms(&teams_streamed);
    let (removal_s_median, removal_s_p99) = ms(&removals_streamed);
    println!(
        "| over the event stream: a reassignment's revocation reaching the connected desktop, median | {one_s_median:.1} ms | {teams_s_median:.1} ms | {:.2}x |",
        teams_s_median / one_s_median
    );
    println!(
        "| over the event stream: a reassignment's revocation reaching the connected desktop, p99 | {one_s_p99:.1} ms | {teams_s_p99:.1} ms | {:.2}x |",
        teams_s_p99 / one_s_p99
    );
    println!(
        "| over the event stream: leaving a team, its revocations reaching the connected desktop, median | | {removal_s_median:.1} ms | |"
    );
    println!(
        "| over the event stream: leaving a team, its revocations reaching the connected desktop, p99 | | {removal_s_p99:.1} ms | |"
    );
    println!(
        "| leaving a team: every revocation pulled by the desktop, median | | {team_rev_median:.1} ms | {:.2}x the reassignment |",
        team_rev_median / one_rev_median
    );
    println!(
        "| leaving a team: every revocation pulled by the desktop, p99 | | {team_rev_p99:.1} ms | {:.2}x the reassignment |",
        team_rev_p99 / one_rev_p99
    );
    let (bulk_median, bulk_p99) = ms(&bulk);
    let (single_median, single_p99) = ms(&one_by_one);
    println!(
        "| resolving 500 conversations over HTTP: one bulk request, median / p99 | | {bulk_median:.1} / {bulk_p99:.1} ms | {:.3}x the 500 requests one by one ({single_median:.1} / {single_p99:.1} ms; {limited} answered 429 and waited out) |",
        bulk_median / single_median
    );
    Ok(())
}
