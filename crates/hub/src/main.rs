//! `switchboard-hub`: run the team server, or manage its agents and tokens.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use switchboard_hub::config::HubConfig;
use switchboard_hub::limits::Limits;
use switchboard_hub::{AppState, audit, store};
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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve webhooks and the desktop API. Secrets come from the environment (see README).
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,switchboard_hub=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("switchboard-hub: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn store_path(data_dir: &std::path::Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(data_dir).map_err(|e| {
        anyhow::anyhow!("cannot create the data folder {}: {e}", data_dir.display())
    })?;
    Ok(data_dir.join("hub.sqlite3"))
}

fn run(cli: Cli) -> anyhow::Result<()> {
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
            runtime.block_on(serve(config, tls))
        }
        Command::Agent {
            command: AgentCommand::Add { name, role, days },
        } => {
            let role = parse_role(&role)?;
            let (id, token) = store::in_tx(&mut open(&cli.data_dir)?, |tx| {
                store::admin::create_agent(tx, &name, role, days, None)
            })?;
            println!("agent_id={id}");
            println!("token={token}");
            Ok(())
        }
        Command::Agent {
            command: AgentCommand::List,
        } => {
            let conn = open(&cli.data_dir)?;
            for a in store::list_agents(&conn)? {
                let state = if a.disabled { "disabled" } else { "active" };
                let name = printable(&a.name);
                println!("{}\t{name}\t{}\t{}", a.id, a.role.as_str(), state);
            }
            Ok(())
        }
        Command::Agent {
            command: AgentCommand::Disable { agent },
        } => {
            update(&cli.data_dir, agent, None, Some(true))?;
            println!("agent {agent} disabled");
            Ok(())
        }
        Command::Agent {
            command: AgentCommand::Enable { agent },
        } => {
            update(&cli.data_dir, agent, None, Some(false))?;
            println!("agent {agent} enabled");
            Ok(())
        }
        Command::Agent {
            command: AgentCommand::SetRole { agent, role },
        } => {
            let role = parse_role(&role)?;
            update(&cli.data_dir, agent, Some(role), None)?;
            println!("agent {agent} is now {}", role.as_str());
            Ok(())
        }
        Command::IssueToken {
            agent,
            days,
            rotate,
        } => {
            let token = store::in_tx(&mut open(&cli.data_dir)?, |tx| {
                store::admin::new_token(tx, agent, days, rotate, None)
            })?;
            println!("token={token}");
            Ok(())
        }
        Command::Tokens { agent } => {
            let conn = open(&cli.data_dir)?;
            for t in store::list_tokens(&conn, agent)? {
                let state = match t.revoked_at {
                    Some(_) => "revoked",
                    None if t.expires_at <= store::now() => "expired",
                    None => "active",
                };
                println!(
                    "{}\tcreated {}\texpires {}\t{}",
                    t.id, t.created_at, t.expires_at, state
                );
            }
            Ok(())
        }
        Command::RevokeToken { agent, token } => {
            let n = store::in_tx(&mut open(&cli.data_dir)?, |tx| {
                store::admin::revoke(tx, agent, token, None)
            })?;
            println!("{n} tokens revoked");
            Ok(())
        }
        Command::RotateKey => {
            let keys = switchboard_hub::config::content_keys()?;
            let mut conn = open(&cli.data_dir)?;
            let missing = store::missing_keys(&conn, &keys)?;
            if !missing.is_empty() {
                anyhow::bail!(
                    "rows are sealed under key id(s) {missing:?}, which are not loaded: add them to SWITCHBOARD_PREVIOUS_CONTENT_KEYS"
                );
            }
            let n = store::rotate_content_key(&mut conn, &keys)?;
            store::in_tx(&mut conn, |tx| {
                audit::append(
                    tx,
                    None,
                    "key_rotate",
                    &format!("key:{}", keys.current_id()),
                    &format!("{n} rows"),
                )
            })?;
            println!("re-encrypted {n} rows under key {}", keys.current_id());
            Ok(())
        }
        Command::VerifyAudit => {
            let conn = open(&cli.data_dir)?;
            match audit::verify(&conn)? {
                Ok(n) => {
                    println!("audit log intact: {n} entries");
                    Ok(())
                }
                Err(t) => anyhow::bail!("audit log tampered at entry {}: {}", t.id, t.why),
            }
        }
    }
}

fn open(data_dir: &std::path::Path) -> anyhow::Result<rusqlite::Connection> {
    Ok(store::open_connection(&store_path(data_dir)?)?)
}

fn update(
    data_dir: &std::path::Path,
    agent: i64,
    role: Option<Role>,
    disabled: Option<bool>,
) -> anyhow::Result<()> {
    store::in_tx(&mut open(data_dir)?, |tx| {
        store::admin::update_agent(tx, agent, role, disabled, None)
    })?;
    Ok(())
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
) -> anyhow::Result<()> {
    let keys = config.keys;
    {
        let conn = store::open_connection(&store_path(&config.data_dir)?)?;
        let missing = store::missing_keys(&conn, &keys)?;
        if !missing.is_empty() {
            anyhow::bail!(
                "stored messages are sealed under content key id(s) {missing:?}, which are not loaded: \
                 set SWITCHBOARD_PREVIOUS_CONTENT_KEYS (id:hex) or the right SWITCHBOARD_CONTENT_KEY_ID"
            );
        }
    }
    let store = store::Store::open(&store_path(&config.data_dir)?, keys)?;
    let graph = GraphClient::new(config.graph.clone())?;
    let mut state = AppState::new(store, graph, config.app_secret, config.verify_token)?;
    state.limits = std::sync::Arc::new(Limits::new(config.limits));
    state.token_days = config.token_days;
    if let Ok(path) = std::env::var("SWITCHBOARD_TEMPLATES") {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("SWITCHBOARD_TEMPLATES: cannot read {path}: {e}"))?;
        let templates: Vec<switchboard_protocol::Template> =
            serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "SWITCHBOARD_TEMPLATES: {path} is not a JSON list of templates: {e}"
                )
            })?;
        state.templates = std::sync::Arc::new(templates);
    }
    state.read_receipts =
        std::env::var("SWITCHBOARD_READ_RECEIPTS").is_ok_and(|v| v == "1" || v == "true");
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    // Machine-readable for launchers that asked for port 0.
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("listening on {scheme}://{addr}");
    tracing::info!(%addr, graph = %config.graph.base_url, "hub ready");
    let shutdown = async {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
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
    };
    switchboard_hub::serve_with(listener, state, tls, shutdown).await?;
    Ok(())
}
