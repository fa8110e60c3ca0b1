//! `switchboard-hub`: run the team server, or manage its agents and tokens.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use switchboard_hub::config::HubConfig;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::{AppState, store};
use switchboard_protocol::Role;
use switchboard_whatsapp::graph::GraphClient;

#[derive(Parser)]
#[command(name = "switchboard-hub", version, about = "Switchboard's team server")]
struct Cli {
    /// Folder holding the hub's store (hub.sqlite3).
    #[arg(long, env = "SWITCHBOARD_HUB_DATA", global = true, default_value = "./hub-data")]
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
    },
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
    std::fs::create_dir_all(data_dir)
        .map_err(|e| anyhow::anyhow!("cannot create the data folder {}: {e}", data_dir.display()))?;
    Ok(data_dir.join("hub.sqlite3"))
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { listen } => {
            let config = HubConfig::from_env(listen, cli.data_dir.clone())?;
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(serve(config))
        }
        Command::Agent { command: AgentCommand::Add { name, role, days } } => {
            let role = Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("role must be admin, agent or viewer"))?;
            let conn = store::open_connection(&store_path(&cli.data_dir)?)?;
            let id = store::add_agent(&conn, name.trim(), role)?;
            let token = store::issue_token(&conn, id, days)?;
            println!("agent_id={id}");
            println!("token={token}");
            Ok(())
        }
        Command::Agent { command: AgentCommand::List } => {
            let conn = store::open_connection(&store_path(&cli.data_dir)?)?;
            for a in store::list_agents(&conn)? {
                let state = if a.disabled { "disabled" } else { "active" };
                println!("{}\t{}\t{}\t{}", a.id, a.name, a.role.as_str(), state);
            }
            Ok(())
        }
        Command::IssueToken { agent, days } => {
            let conn = store::open_connection(&store_path(&cli.data_dir)?)?;
            println!("token={}", store::issue_token(&conn, agent, days)?);
            Ok(())
        }
    }
}

async fn serve(config: HubConfig) -> anyhow::Result<()> {
    let keys = Keyring::new(config.content_key_id, *config.content_key);
    let store = store::Store::open(&store_path(&config.data_dir)?, keys)?;
    let graph = GraphClient::new(config.graph.clone())?;
    let state = AppState::new(store, graph, config.app_secret, config.verify_token)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    // Machine-readable for launchers that asked for port 0.
    println!("listening on http://{addr}");
    tracing::info!(%addr, graph = %config.graph.base_url, "hub ready");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    switchboard_hub::serve(listener, state, shutdown).await?;
    Ok(())
}
