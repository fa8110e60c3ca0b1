//! `switchboard-demo` (what `make run` runs): starts the sandbox and a hub on
//! loopback with a fresh embedded store, creates one agent per role, signs the
//! desktop app in, opens it, and has simulated customers write in now and
//! then. Closing the app stops everything it started.

use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;
use switchboard_core::desktop::{Desktop, Profile};
use switchboard_core::secrets::Secrets;
use switchboard_demo::{Stack, StackOptions, bin};

const PROFILE: &str = "demo";

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("switchboard-demo: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("switchboard-demo: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn check_environment() -> anyhow::Result<()> {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    if !has_display {
        bail!(
            "no display: the app needs a graphical session (DISPLAY or WAYLAND_DISPLAY is not set). \
             On a headless machine: xvfb-run -a scripts/with-session.sh make run"
        );
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        bail!(
            "no session D-Bus: the app keeps its token and store key in the OS keyring (Secret Service), \
             which lives on the session bus. Start one with: dbus-run-session -- make run"
        );
    }
    Secrets::new(PROFILE)
        .probe()
        .context("the OS keyring is not usable")?;
    Ok(())
}

async fn run() -> anyhow::Result<ExitCode> {
    check_environment()?;
    let app = bin("switchboard-desktop")?;
    let profile = Profile::named(PROFILE)?;
    let hub_dir = fresh_workspace(&profile)?;
    eprintln!(
        "switchboard-demo: starting the sandbox and a hub in {}",
        hub_dir.display()
    );
    let stack = Stack::start(StackOptions {
        data_dir: hub_dir,
        simulate_every: 20,
        status_delay_ms: 700,
        database_url: None,
        hub_env: Vec::new(),
    })
    .await?;
    first_customers(&stack).await?;

    eprintln!("switchboard-demo: writing a week of history (a few hundred customers)");
    stack.seed_showcase(240).await?;

    let role = std::env::var("SWITCHBOARD_DEMO_ROLE").unwrap_or_else(|_| "agent".into());
    let agent = stack.agent(&role)?;
    Desktop::sign_in(&profile, &stack.hub_url, agent.token.clone()).await?;
    eprintln!(
        "switchboard-demo: hub {} · signed in as {} ({}) · customers write in every 20 s · close the window to stop",
        stack.hub_url, agent.name, agent.role
    );

    let ok = run_app(app).await?;
    stack.stop().await;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Empties the demo's folders; returns the hub's folder.
fn fresh_workspace(profile: &Profile) -> anyhow::Result<PathBuf> {
    let data_root = profile
        .dir
        .parent()
        .and_then(|p| p.parent())
        .context("no data folder")?
        .join("switchboard-demo");
    // A fresh workspace each run: the hub's secrets are generated per run and never stored.
    let _ = std::fs::remove_dir_all(&data_root);
    let _ = std::fs::remove_dir_all(&profile.dir);
    Ok(data_root.join("hub"))
}

/// The first customers to write in: the newest conversations of the demo.
async fn first_customers(stack: &Stack) -> anyhow::Result<()> {
    stack
        .customer_says(
            "351912345678",
            "Ana Ferreira",
            "Hi! Is my order #4417 on its way?",
        )
        .await?;
    stack
        .customer_says(
            "447700900123",
            "Oliver Hughes",
            "Can I change the delivery address?",
        )
        .await?;
    stack
        .customer_sends_media(
            "4915112345678",
            "Lena Vogel",
            "image",
            "image/png",
            "Photo of the label on the box",
            include_bytes!("../../../icons/icon.png"),
        )
        .await?;
    Ok(())
}

/// Runs the app until its window closes (or the user interrupts the demo,
/// which stops it too: a normal end); whether it ended well.
async fn run_app(app: PathBuf) -> anyhow::Result<bool> {
    let mut child = tokio::process::Command::new(app)
        .env("SWITCHBOARD_PROFILE", PROFILE)
        .kill_on_drop(true)
        .spawn()
        .context("cannot start switchboard-desktop")?;
    let ok = tokio::select! {
        s = child.wait() => s?.success(),
        // Interrupted by the user: stop everything, which is a normal end.
        _ = tokio::signal::ctrl_c() => {
            let _ = child.kill().await;
            let _ = child.wait().await;
            true
        }
    };
    Ok(ok)
}
