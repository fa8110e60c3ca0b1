//! The soak's deployment: PostgreSQL, the sandbox, three hubs on the one
//! database, and a fault proxy on every path the network can break:
//! desktops to each hub, each hub to the database, the hubs to Meta.

use super::proxy::Proxy;
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;
use switchboard_demo::{Stack, StackOptions, bin};
use switchboard_testpg::{Postgres, SmallDisk};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// One hub process and the proxies in front of and behind it.
pub struct Hub {
    pub id: String,
    env: Vec<(String, String)>,
    /// Its log (warnings and errors, one JSON object a line), kept across restarts.
    pub log: std::path::PathBuf,
    child: Option<Child>,
    /// Where it listens now (it moves when it restarts).
    pub addr: SocketAddr,
    /// Desktops reach it through this.
    pub front: Proxy,
    /// It reaches the database through this.
    pub db: Proxy,
    /// Starts that failed (the database unreachable) and were tried again.
    pub restarts: usize,
}

impl Hub {
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    pub fn running(&self) -> bool {
        self.child.is_some()
    }

    pub async fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut c) = self.child.take() {
            c.start_kill()?;
            c.wait().await?;
        }
        Ok(())
    }

    /// Starts it again on the same database, under the same name, as
    /// systemd's `Restart=on-failure` does: a hub that cannot reach the
    /// database exits at start, and is started again 2 s later.
    pub async fn start(&mut self) -> anyhow::Result<()> {
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        let (child, addr) = loop {
            match spawn(&self.env, &self.log).await {
                Ok(started) => break started,
                Err(e) if std::time::Instant::now() > deadline => return Err(e),
                Err(_) => {
                    self.restarts += 1;
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        };
        self.child = Some(child);
        self.addr = addr;
        self.front.point_at(addr);
        Ok(())
    }
}

/// Starts `switchboard-hub serve` with `env`; waits for its address.
async fn spawn(
    env: &[(String, String)],
    log: &std::path::Path,
) -> anyhow::Result<(Child, SocketAddr)> {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    let mut cmd = Command::new(bin("switchboard-hub")?);
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("RUST_LOG", "warn")
        .env("SWITCHBOARD_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .kill_on_drop(true);
    let mut child = cmd.spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
    let mut lines = BufReader::new(stdout).lines();
    let addr = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await? {
            if let Some(url) = line.strip_prefix("listening on http://") {
                return Ok::<_, anyhow::Error>(url.trim().parse::<SocketAddr>()?);
            }
        }
        anyhow::bail!("the hub exited before listening")
    })
    .await??;
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((child, addr))
}

pub struct Cluster {
    pub pg: Postgres,
    /// The database's disk: a filesystem of its own, to fill (dropped
    /// after the server).
    pub disk: SmallDisk,
    pub pg_running: bool,
    /// Times the server had stopped itself on its full disk and was
    /// started again.
    pub pg_stopped_on_full_disk: usize,
    pub stack: Stack,
    pub hubs: Vec<Hub>,
    /// The hubs reach the Graph API (the sandbox) through this.
    pub graph: Proxy,
    /// The database's URL straight, for the checker's tools.
    pub database_url: String,
}

impl Cluster {
    pub async fn start(dir: &std::path::Path, hubs: usize) -> anyhow::Result<Cluster> {
        // Room for the long run's data; tmpfs takes memory only as written.
        let disk = SmallDisk::mount(8 << 30).map_err(anyhow::Error::msg)?;
        let pg = Postgres::start_in(disk.path()).map_err(anyhow::Error::msg)?;
        pg.psql("CREATE DATABASE team")
            .map_err(anyhow::Error::msg)?;
        let database_url = format!("postgres://switchboard@127.0.0.1:{}/team", pg.port());
        let mut stack = Stack::start(StackOptions {
            data_dir: dir.join("hub"),
            database_url: Some(database_url.clone()),
            status_delay_ms: 50,
            ..StackOptions::default()
        })
        .await?;
        // The stack's own hub made the schema and the agents; the soak's
        // hubs take over, each behind its proxies.
        stack.kill_hub_hard().await?;
        let sandbox: SocketAddr = stack.sandbox_url.trim_start_matches("http://").parse()?;
        let graph = Proxy::start(sandbox).await?;
        let pg_addr: SocketAddr = format!("127.0.0.1:{}", pg.port()).parse()?;
        let mut started = Vec::new();
        for i in 0..hubs {
            let db = Proxy::start(pg_addr).await?;
            let env = hub_env(&stack, i, &db, &graph);
            let log = dir.join(format!("hub-{i}.log"));
            let (child, addr) = spawn(&env, &log).await?;
            let front = Proxy::start(addr).await?;
            started.push(Hub {
                id: format!("hub-{i}"),
                env,
                log,
                restarts: 0,
                child: Some(child),
                addr,
                front,
                db,
            });
        }
        // Meta's statuses go to the first hub, which the soak never kills.
        stack
            .webhooks_to(&format!("http://{}", started[0].addr))
            .await?;
        Ok(Cluster {
            pg,
            disk,
            pg_running: true,
            pg_stopped_on_full_disk: 0,
            stack,
            hubs: started,
            graph,
            database_url,
        })
    }

    pub fn hub_addrs(&self) -> Vec<SocketAddr> {
        self.hubs.iter().map(|h| h.addr).collect()
    }
}

/// The stack's hub settings for hub `i`: its own name, its database and
/// Graph API through their proxies.
fn hub_env(stack: &Stack, i: usize, db: &Proxy, graph: &Proxy) -> Vec<(String, String)> {
    stack
        .hub_env()
        .iter()
        .map(|(k, v)| match k.as_str() {
            "SWITCHBOARD_HUB_ID" => (k.clone(), format!("hub-{i}")),
            "SWITCHBOARD_DATABASE_URL" => (
                k.clone(),
                format!("postgres://switchboard@{}/team", db.addr),
            ),
            "WHATSAPP_GRAPH_URL" => (k.clone(), graph.url()),
            _ => (k.clone(), v.clone()),
        })
        .chain([
            // Every desktop and the driver come from loopback: lift the
            // per-address limits a real office would not reach.
            ("SWITCHBOARD_API_ALLOW".to_owned(), "127.0.0.0/8".to_owned()),
            ("SWITCHBOARD_TOKEN_RATE".to_owned(), "1000".to_owned()),
            ("SWITCHBOARD_TOKEN_BURST".to_owned(), "5000".to_owned()),
        ])
        .collect()
}
