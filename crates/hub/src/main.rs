//! `switchboard-hub`: run the team server, or manage its agents and tokens.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use switchboard_hub::AppState;
use switchboard_hub::backend::{self, Location, postgres, sqlite};
use switchboard_hub::config::HubConfig;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::limits::Limits;
use switchboard_hub::repo::{Backend, HubStore, StoreError};
use switchboard_protocol::Role;
use switchboard_whatsapp::graph::GraphClient;

#[derive(Parser)]
#[command(name = "switchboard-hub", version, about = "Switchboard's team server")]
struct Cli {
    /// Folder holding the hub's store (hub.sqlite3).
    #[arg(
        long,
        env = "SWITCHBOARD_HUB_DATA",
        global = true,
        default_value = "./hub-data"
    )]
    data_dir: PathBuf,
    /// A PostgreSQL database shared by several hubs (`postgres://user:pass@host/db`)
    /// instead of the embedded store in the data folder.
    #[arg(
        long,
        env = "SWITCHBOARD_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// This hub's name among the team's hubs on one database (it holds send
    /// and download leases under it; a hub restarting under its name takes
    /// back what it left in flight). Defaults to the machine's host name.
    #[arg(long, env = "SWITCHBOARD_HUB_ID", global = true)]
    hub_id: Option<String>,
    /// How log lines are written to standard error: `text` for people,
    /// `json` (one object per line) for log shippers.
    #[arg(
        long,
        env = "SWITCHBOARD_LOG_FORMAT",
        global = true,
        value_enum,
        default_value_t = LogFormat::Text
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve webhooks and the desktop API. Secrets come from the environment (docs/configuration.md).
    Serve {
        #[arg(long, env = "SWITCHBOARD_HUB_LISTEN", default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
        /// PEM certificate chain: serve HTTPS (with --tls-key).
        #[arg(long, env = "SWITCHBOARD_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key for --tls-cert.
        #[arg(long, env = "SWITCHBOARD_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Set up a new hub: make its store and content key (into a file only
    /// its owner can read, unless SWITCHBOARD_CONTENT_KEY or _FILE is set)
    /// and its first admin, and say how to start it and sign the app in.
    Init {
        /// The first admin's name.
        #[arg(long)]
        admin: String,
        /// Where to write the new content key [default: <data folder>/content.key].
        #[arg(long)]
        key_file: Option<PathBuf>,
        #[arg(long, env = "SWITCHBOARD_TOKEN_DAYS", default_value_t = 90)]
        days: i64,
    },
    /// Check the set-up from end to end (settings, files, store, Meta's
    /// side, the webhook round trip, TLS, the clock) and say what to fix.
    /// Exits 1 when a check fails.
    Doctor {
        /// The hub's public address as Meta and the desktops reach it
        /// (https://hub.example.com) [default: the listening address].
        #[arg(long)]
        url: Option<String>,
        #[arg(long, env = "SWITCHBOARD_HUB_LISTEN", default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
        #[arg(long, env = "SWITCHBOARD_TLS_CERT")]
        tls_cert: Option<PathBuf>,
        #[arg(long, env = "SWITCHBOARD_TLS_KEY")]
        tls_key: Option<PathBuf>,
    },
    /// Manage agents.
    Agent {
        #[command(subcommand)]
        command: AgentCommand,
    },
    /// Issue a token for an agent; the token is printed once and stored only as a hash.
    IssueToken {
        #[arg(long)]
        agent: i64,
        #[arg(long, env = "SWITCHBOARD_TOKEN_DAYS", default_value_t = 90)]
        days: i64,
        /// Revoke the agent's other tokens in the same step.
        #[arg(long)]
        rotate: bool,
    },
    /// List an agent's tokens (never the secrets).
    Tokens {
        #[arg(long)]
        agent: i64,
    },
    /// Revoke one token (--token ID) or all of an agent's tokens, at once.
    RevokeToken {
        #[arg(long)]
        agent: i64,
        #[arg(long)]
        token: Option<i64>,
    },
    /// Check the audit log's hash chain; names the first tampered entry.
    VerifyAudit,
    /// Write an encrypted snapshot of the embedded store to a new file
    /// (safe while the hub runs). The passphrase comes from
    /// SWITCHBOARD_BACKUP_PASSPHRASE or SWITCHBOARD_BACKUP_PASSPHRASE_FILE.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Bring a backup back into an empty data folder (--data-dir) and check
    /// it, audit chain included. Same passphrase settings as `backup`.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Copy this hub's embedded store (the data folder) into an empty
    /// PostgreSQL database, sealed rows as they are, then check the copy:
    /// the same rows in every table and an intact audit chain.
    MigrateStore {
        /// The target: postgres://user:password@host/database
        #[arg(long)]
        to: String,
    },
    /// Re-encrypt every stored body under the current content key
    /// (SWITCHBOARD_CONTENT_KEY / _ID), reading old rows with
    /// SWITCHBOARD_PREVIOUS_CONTENT_KEYS. Safe to run again.
    RotateKey,
}

#[derive(Subcommand)]
enum AgentCommand {
    /// Add an agent and print its first token.
    Add {
        #[arg(long)]
        name: String,
        /// admin, agent or viewer
        #[arg(long)]
        role: String,
        #[arg(long, env = "SWITCHBOARD_TOKEN_DAYS", default_value_t = 90)]
        days: i64,
    },
    /// List agents.
    List,
    /// Disable an agent: its tokens stop working and its conversations return to the queue.
    Disable {
        #[arg(long)]
        agent: i64,
    },
    /// Enable a disabled agent again.
    Enable {
        #[arg(long)]
        agent: i64,
    },
    /// Change an agent's role (admin, agent or viewer).
    SetRole {
        #[arg(long)]
        agent: i64,
        #[arg(long)]
        role: String,
    },
}

fn main() -> ExitCode {
    // Whatever the hub creates (the store, its WAL, backups, exports) is
    // readable by its own user only.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let mut cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,switchboard_hub=info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
    if cli.database_url.is_none() {
        // SWITCHBOARD_DATABASE_URL_FILE, as for every other secret (the URL
        // may hold a password).
        match switchboard_hub::config::secret("SWITCHBOARD_DATABASE_URL") {
            Ok(url) => cli.database_url = url.map(|u| u.trim().to_owned()),
            Err(e) => {
                eprintln!("switchboard-hub: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("switchboard-hub: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where this hub's store is, from `--data-dir` and `--database-url`.
fn location(cli: &Cli) -> Location {
    match &cli.database_url {
        None => Location::Embedded(cli.data_dir.clone()),
        Some(url) => Location::Postgres {
            url: url.clone(),
            hub: hub_id(cli),
        },
    }
}

/// Runs one command on the store, opened as `serve` opens it, on a runtime
/// of its own. Agent and token commands seal nothing, so without a content
/// key set they run under a throwaway one; commands that touch sealed
/// rows load the real keys themselves ([`with_keys`]).
fn with_store<T>(
    cli: &Cli,
    f: impl AsyncFnOnce(&dyn HubStore) -> Result<T, StoreError>,
) -> anyhow::Result<T> {
    let keys = switchboard_hub::config::content_keys().unwrap_or_else(|_| {
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
        Keyring::new(0, key)
    });
    with_keys(cli, keys, f)
}

fn with_keys<T>(
    cli: &Cli,
    keys: Keyring,
    f: impl AsyncFnOnce(&dyn HubStore) -> Result<T, StoreError>,
) -> anyhow::Result<T> {
    existing_store(cli)?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let store = backend::open(&location(cli), keys).await?;
        Ok(f(store.as_ref()).await?)
    })
}

/// These commands work on the service's store: a data folder without one
/// is another folder than the service's (a new, empty store there would
/// take the command and its tokens, and the real hub would not know them),
/// so it is refused with the folder's name and nothing is created.
fn existing_store(cli: &Cli) -> anyhow::Result<()> {
    if cli.database_url.is_some() {
        return Ok(());
    }
    let file = cli.data_dir.join(switchboard_hub::backend::sqlite::FILE);
    if !file.exists() {
        anyhow::bail!(
            "no hub store in {}: point --data-dir (or SWITCHBOARD_HUB_DATA) at the service's data folder; `switchboard-hub serve` makes the store when it first starts",
            cli.data_dir.display()
        );
    }
    Ok(())
}

fn hub_id(cli: &Cli) -> String {
    cli.hub_id.clone().unwrap_or_else(|| {
        std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_owned())
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "hub".into())
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let location = location(&cli);
    match cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
        } => {
            let config = HubConfig::from_env(listen, cli.data_dir.clone())?;
            let tls = match (tls_cert, tls_key) {
                (Some(c), Some(k)) => {
                    Some(switchboard_hub::tls::load(&c, &k).map_err(|e| anyhow::anyhow!(e))?)
                }
                _ => None,
            };
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(serve(config, tls, location))
        }
        Command::Init {
            ref admin,
            ref key_file,
            days,
        } => first_run(&cli, admin, key_file.clone(), days),
        Command::Doctor {
            ref url,
            listen,
            ref tls_cert,
            ref tls_key,
        } => doctor(switchboard_hub::doctor::Setup {
            data_dir: cli.data_dir.clone(),
            database_url: cli.database_url.clone(),
            listen,
            tls_cert: tls_cert.clone(),
            tls_key: tls_key.clone(),
            url: url.clone(),
        }),
        Command::Agent { ref command } => manage_agent(&cli, command),
        Command::IssueToken {
            agent,
            days,
            rotate,
        } => {
            let token = with_store(&cli, async |store| {
                store.issue_token(agent, days, rotate, None).await
            })?;
            println!("token={token}");
            Ok(())
        }
        Command::Tokens { agent } => list_tokens(&cli, agent),
        Command::RevokeToken { agent, token } => {
            let n = with_store(&cli, async |store| {
                store.revoke_tokens(agent, token, None).await
            })?;
            println!("{n} tokens revoked");
            Ok(())
        }
        Command::RotateKey => {
            let keys = switchboard_hub::config::content_keys()?;
            let current = keys.current_id();
            let n = with_keys(&cli, keys, async |store| store.rotate_content_key().await)?;
            println!("re-encrypted {n} rows under key {current}");
            Ok(())
        }
        Command::MigrateStore { ref to } => migrate_store(&cli, to),
        Command::Backup { ref to } => back_up(&cli, to),
        Command::Restore { ref from } => restore(&cli, from),
        Command::VerifyAudit => match with_store(&cli, async |store| store.verify_audit().await)? {
            Ok(n) => {
                println!("audit log intact: {n} entries");
                Ok(())
            }
            Err(t) => anyhow::bail!("audit log tampered at entry {}: {}", t.id, t.why),
        },
    }
}

/// `doctor`: runs every check, prints the report, fails when one failed.
fn doctor(setup: switchboard_hub::doctor::Setup) -> anyhow::Result<()> {
    let report = tokio::runtime::Runtime::new()?.block_on(switchboard_hub::doctor::run(&setup));
    print!("{}", report.render());
    if report.failed() {
        anyhow::bail!("some checks failed: fix what each says, then run doctor again");
    }
    Ok(())
}

/// `init`: makes the store, the key and the first admin, then says how
/// to go on.
fn first_run(cli: &Cli, admin: &str, key_file: Option<PathBuf>, days: i64) -> anyhow::Result<()> {
    let init = switchboard_hub::first_run::Init {
        admin: admin.to_owned(),
        key_file,
        days,
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let done = runtime.block_on(switchboard_hub::first_run::init(
        &location(cli),
        &cli.data_dir,
        init,
    ))?;
    println!("agent_id={}", done.agent_id);
    println!("token={}", done.token);
    println!("\nNext:");
    match &done.key_file {
        Some(file) => {
            println!(
                "  1. Keep a copy of the content key apart from the backups: without it the stored\n     messages cannot be read. It is in {} (readable by you only).",
                file.display()
            );
            println!(
                "  2. Start the hub with it and Meta's four WHATSAPP_* settings (docs/operator.md):\n       SWITCHBOARD_CONTENT_KEY_FILE={} switchboard-hub serve",
                file.display()
            );
        }
        None => {
            println!(
                "  1. The content key is the one SWITCHBOARD_CONTENT_KEY holds: keep a copy apart from the backups."
            );
            println!(
                "  2. Start the hub with Meta's four WHATSAPP_* settings (docs/operator.md): switchboard-hub serve"
            );
        }
    }
    println!("  3. Check the set-up: switchboard-hub doctor --url https://<the hub's address>");
    println!("  4. In the app, sign in with the hub's address and the token above.");
    Ok(())
}

/// `agent add|list|disable|enable|set-role`: runs one agent command and
/// prints what it did.
fn manage_agent(cli: &Cli, command: &AgentCommand) -> anyhow::Result<()> {
    match command {
        AgentCommand::Add { name, role, days } => {
            let role = parse_role(role)?;
            let (name, days) = (name.clone(), *days);
            let (id, token) = with_store(cli, async |store| {
                store.create_agent(name, role, days, None).await
            })?;
            println!("agent_id={id}");
            println!("token={token}");
            Ok(())
        }
        AgentCommand::List => {
            for a in with_store(cli, async |store| store.list_agents().await)? {
                let state = if a.disabled { "disabled" } else { "active" };
                let name = printable(&a.name);
                println!("{}\t{name}\t{}\t{}", a.id, a.role.as_str(), state);
            }
            Ok(())
        }
        &AgentCommand::Disable { agent } => {
            update(cli, agent, None, Some(true))?;
            println!("agent {agent} disabled");
            Ok(())
        }
        &AgentCommand::Enable { agent } => {
            update(cli, agent, None, Some(false))?;
            println!("agent {agent} enabled");
            Ok(())
        }
        AgentCommand::SetRole { agent, role } => {
            let role = parse_role(role)?;
            update(cli, *agent, Some(role), None)?;
            println!("agent {agent} is now {}", role.as_str());
            Ok(())
        }
    }
}

/// `tokens`: prints an agent's tokens, each with its state (never the
/// secrets).
fn list_tokens(cli: &Cli, agent: i64) -> anyhow::Result<()> {
    for t in with_store(cli, async |store| store.list_tokens(agent).await)? {
        let state = match t.revoked_at {
            Some(_) => "revoked",
            None if t.expires_at <= switchboard_hub::db::now() => "expired",
            None => "active",
        };
        println!(
            "{}\tcreated {}\texpires {}\t{}",
            t.id, t.created_at, t.expires_at, state
        );
    }
    Ok(())
}

/// `migrate-store`: copies the embedded store into the PostgreSQL
/// database `to`, checks the copy, and prints each table's rows.
fn migrate_store(cli: &Cli, to: &str) -> anyhow::Result<()> {
    existing_store(cli)?;
    let source = sqlite::open_connection(&Location::store_file(&cli.data_dir)?)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    // Rows are copied sealed: no content key is needed or used.
    let target = runtime.block_on(postgres::PgStore::connect(
        to,
        Keyring::new(0, key),
        &hub_id(cli),
    ))?;
    let counts = runtime.block_on(Backend::write(&target, move |db, _| {
        let counts = switchboard_hub::backend::migrate::copy(&source, db)?;
        switchboard_hub::backend::migrate::check(db, &counts)?;
        Ok(counts)
    }))?;
    // Checked again once committed, as the hubs will read it.
    let expected = counts.clone();
    runtime.block_on(Backend::read(&target, move |db, _| {
        switchboard_hub::backend::migrate::check(db, &expected)
    }))?;
    for (table, n) in &counts {
        println!("{table}\t{n}");
    }
    println!("copied and checked: the audit chain is intact");
    Ok(())
}

/// `backup`: writes an encrypted snapshot of the embedded store to `to`.
fn back_up(cli: &Cli, to: &std::path::Path) -> anyhow::Result<()> {
    if cli.database_url.is_some() {
        anyhow::bail!(
            "backup copies the embedded store; back up a PostgreSQL database with its own tools (pg_dump, or base backups with WAL archiving): docs/operator.md, \"Backups and restore\""
        );
    }
    let passphrase = backup_passphrase()?;
    let size = sqlite::backup::back_up(&cli.data_dir, to, passphrase.as_bytes())?;
    println!(
        "backup written to {} ({size} bytes, encrypted; the content key is not in it)",
        to.display()
    );
    Ok(())
}

/// `restore`: brings the backup `from` back into the (empty) data folder.
fn restore(cli: &Cli, from: &std::path::Path) -> anyhow::Result<()> {
    if cli.database_url.is_some() {
        anyhow::bail!(
            "restore brings back an embedded store; restore a PostgreSQL database with its own tools (pg_restore)"
        );
    }
    let passphrase = backup_passphrase()?;
    let entries = sqlite::backup::restore(from, &cli.data_dir, passphrase.as_bytes())?;
    println!(
        "restored into {}; audit log intact: {entries} entries. Start the hub with the content key it had (SWITCHBOARD_CONTENT_KEY, and any previous keys).",
        cli.data_dir.display()
    );
    Ok(())
}

fn backup_passphrase() -> anyhow::Result<zeroize::Zeroizing<String>> {
    switchboard_hub::config::secret("SWITCHBOARD_BACKUP_PASSPHRASE")?.ok_or_else(|| {
        anyhow::anyhow!(
            "set SWITCHBOARD_BACKUP_PASSPHRASE, or SWITCHBOARD_BACKUP_PASSPHRASE_FILE to a file holding it"
        )
    })
}

fn update(cli: &Cli, agent: i64, role: Option<Role>, disabled: Option<bool>) -> anyhow::Result<()> {
    with_store(cli, async |store| {
        store.update_agent(agent, role, disabled, None).await
    })
}

/// A name as the terminal may print it: control and invisible characters
/// (from before names were checked) escaped, never interpreted.
fn printable(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || switchboard_protocol::is_invisible(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn parse_role(role: &str) -> anyhow::Result<Role> {
    Role::parse(role).ok_or_else(|| anyhow::anyhow!("role must be admin, agent or viewer"))
}

async fn serve(
    config: HubConfig,
    tls: Option<std::sync::Arc<tokio_rustls::rustls::ServerConfig>>,
    location: Location,
) -> anyhow::Result<()> {
    let keys = config.keys;
    let graph = GraphClient::new(config.graph.clone())?;
    // Opening runs the migrations; rows sealed under a key this hub has
    // not loaded refuse the start before anything is served.
    let store = backend::open(&location, keys).await?;
    check_keys(&store.missing_keys().await?)?;
    let latest = store.latest_seq().await?;
    let mut state =
        AppState::with_store(store, latest, graph, config.app_secret, config.verify_token);
    let wake_listener = match &location {
        Location::Embedded(_) => None,
        Location::Postgres { url, hub } => Some(listen_to_other_hubs(&mut state, url, hub).await?),
    };
    state.limits = std::sync::Arc::new(Limits::new(config.limits));
    state.token_days = config.token_days;
    if let Some(templates) = switchboard_hub::config::templates()? {
        state.templates = std::sync::Arc::new(templates);
    }
    state.read_receipts = switchboard_hub::config::read_receipts()?;
    state.auto_assign = switchboard_hub::config::auto_assign_limit()?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    // Machine-readable for launchers that asked for port 0.
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("listening on {scheme}://{addr}");
    tracing::info!(%addr, graph = %config.graph.base_url, "hub ready");
    // Reachable from outside this machine with no webhook allowlist: say so
    // once (docs/operator.md: "the webhook allowlist").
    if !addr.ip().is_loopback() && state.limits.config.webhook_allow.is_empty() {
        tracing::warn!(
            %addr,
            "the webhook allowlist is off on an address others can reach: set SWITCHBOARD_WEBHOOK_ALLOW to Meta's ranges (docs/operator.md: \"the webhook allowlist\")"
        );
    }
    switchboard_hub::serve_with(listener, state, tls, shutdown()).await?;
    drop(wake_listener);
    Ok(())
}

/// Listens, as hub `hub`, for what the other hubs on the database at `url`
/// write, and wakes this hub's event streams, sender and media fetcher
/// for it; the listener lives as long as it is kept, and listens again
/// after its connection is lost.
async fn listen_to_other_hubs(
    state: &mut AppState,
    url: &str,
    hub: &str,
) -> anyhow::Result<postgres::wake::Listening> {
    // Changes written by the other hubs wake this hub's event streams.
    let (wake, mut woken) = tokio::sync::watch::channel(0u64);
    let listener =
        postgres::wake::Listening::start(url, wake, state.presence.clone(), hub.to_owned()).await?;
    state.hub_name = hub.to_owned();
    let publisher = state.clone();
    tokio::spawn(async move {
        while woken.changed().await.is_ok() {
            publisher.publish().await;
            publisher.send_wake.notify_one();
            publisher.media_wake.notify_one();
        }
    });
    tracing::info!(database = %postgres::PgStore::describe(url), hub = %hub, "on PostgreSQL");
    Ok(listener)
}

/// Ends on Ctrl-C or SIGTERM, saying so.
async fn shutdown() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let terminated = async {
        match term.as_mut() {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminated => {}
    }
    tracing::info!("stopping");
}

fn check_keys(missing: &[i64]) -> anyhow::Result<()> {
    if !missing.is_empty() {
        anyhow::bail!(
            "stored messages are sealed under content key id(s) {missing:?}, which are not loaded: \
             set SWITCHBOARD_PREVIOUS_CONTENT_KEYS (id:hex) or the right SWITCHBOARD_CONTENT_KEY_ID"
        );
    }
    Ok(())
}
