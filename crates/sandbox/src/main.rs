//! `switchboard-sandbox`: run the Cloud API stand-in on loopback.

use clap::Parser;
use rand::seq::SliceRandom;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;
use switchboard_sandbox::{CUSTOMER_LINES, CUSTOMERS, Sandbox, SandboxConfig};

#[derive(Parser)]
#[command(
    name = "switchboard-sandbox",
    version,
    about = "A local stand-in for Meta's WhatsApp Cloud API"
)]
struct Cli {
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Where to post webhooks (the hub's /webhooks/whatsapp); can be set later via /_sandbox/config.
    #[arg(long)]
    webhook_url: Option<String>,
    #[arg(long, default_value = "1122334455667")]
    phone_number_id: String,
    #[arg(long, default_value = "15550001111")]
    display_phone_number: String,
    /// Another business number of the account (repeatable): customers may
    /// write to it (`to` on `/_sandbox/inbound`) and the hub send from it.
    #[arg(long = "other-number")]
    other_numbers: Vec<String>,
    /// Milliseconds between sent, delivered and read.
    #[arg(long, default_value_t = 400)]
    status_delay_ms: u64,
    /// Seconds between simulated customer messages; 0 for none.
    #[arg(long, default_value_t = 0)]
    simulate_every: u64,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let (Ok(app_secret), Ok(access_token)) = (
        std::env::var("SANDBOX_APP_SECRET"),
        std::env::var("SANDBOX_ACCESS_TOKEN"),
    ) else {
        eprintln!(
            "switchboard-sandbox: set SANDBOX_APP_SECRET and SANDBOX_ACCESS_TOKEN (the same values the hub uses)"
        );
        return ExitCode::FAILURE;
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("switchboard-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, app_secret, access_token)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("switchboard-sandbox: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, app_secret: String, access_token: String) -> anyhow::Result<()> {
    let sandbox = Sandbox::new(SandboxConfig {
        app_secret,
        access_token,
        phone_number_id: cli.phone_number_id,
        display_phone_number: cli.display_phone_number,
        other_numbers: cli.other_numbers,
        waba_id: "102290129340398".into(),
        status_delay: Duration::from_millis(cli.status_delay_ms),
    });
    sandbox.set_webhook_url(cli.webhook_url);
    let listener = tokio::net::TcpListener::bind(cli.listen).await?;
    println!("listening on http://{}", listener.local_addr()?);
    if cli.simulate_every > 0 {
        let sb = sandbox.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(cli.simulate_every));
            tick.tick().await;
            loop {
                tick.tick().await;
                let (pick, line) = {
                    let mut rng = rand::thread_rng();
                    (
                        CUSTOMERS.choose(&mut rng).copied(),
                        CUSTOMER_LINES.choose(&mut rng).copied(),
                    )
                };
                if let (Some((from, name)), Some(line)) = (pick, line) {
                    let _ = sb.customer_says(from, Some(name), line).await;
                }
            }
        });
    }
    axum::serve(listener, sandbox.router())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
