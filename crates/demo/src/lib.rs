//! A live Switchboard workspace on loopback: the sandbox (Meta's stand-in), a
//! hub with an embedded store, and one agent per role.
//!
//! `make run` uses it to open the app on a demo; the system tests use it to
//! drive every process for real. Secrets are generated per start and passed
//! to the child processes in their environment only; nothing secret is
//! written to disk.
//!
//! This file holds the [`Stack`] type and finding the workspace's binaries;
//! each concern has its own file: `processes.rs` (starting, restarting and
//! stopping the sandbox and the hub), `customers.rs` (customers writing in
//! through the sandbox), `api.rs` (the hub's API as an agent),
//! `every_kind.rs` and `showcase.rs` (the demo's data) and `files.rs` (the
//! demo's files).

mod api;
mod customers;
mod every_kind;
mod files;
mod processes;
mod showcase;

pub use files::{demo_pdf, demo_png, demo_voice_note};

use anyhow::{Context, anyhow, bail};
use std::path::PathBuf;
use tokio::process::Child;

/// The binaries of this workspace: next to the running executable (or its
/// parent, for test binaries under `deps/`), unless `SWITCHBOARD_BIN_DIR` says otherwise.
pub fn bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("SWITCHBOARD_BIN_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().context("cannot find the running executable")?;
    let mut dir = exe
        .parent()
        .ok_or_else(|| anyhow!("executable has no folder"))?
        .to_path_buf();
    if dir.ends_with("deps") {
        dir.pop();
    }
    Ok(dir)
}

/// The `X-Hub-Signature-256` header Meta would send for `body`.
pub fn sign_webhook(secret: &[u8], body: &[u8]) -> String {
    switchboard_whatsapp::signature::sign(secret, body)
}

pub fn bin(name: &str) -> anyhow::Result<PathBuf> {
    let path = bin_dir()?.join(name);
    if !path.exists() {
        bail!(
            "{} is not built (run `cargo build --workspace`)",
            path.display()
        );
    }
    Ok(path)
}

/// An agent created at start, with its token (shown once, kept in memory only).
#[derive(Clone)]
pub struct DemoAgent {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub token: zeroize::Zeroizing<String>,
}

impl std::fmt::Debug for DemoAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoAgent")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
pub struct StackOptions {
    pub data_dir: PathBuf,
    /// Seconds between simulated customer messages; 0 for none.
    pub simulate_every: u64,
    pub status_delay_ms: u64,
    /// A PostgreSQL database instead of the embedded store (several hubs).
    pub database_url: Option<String>,
    /// More settings for every hub started (limits raised for a benchmark).
    pub hub_env: Vec<(String, String)>,
}

/// The running sandbox and hub. Dropping it kills both.
pub struct Stack {
    pub hub_url: String,
    pub sandbox_url: String,
    pub agents: Vec<DemoAgent>,
    pub app_secret: zeroize::Zeroizing<String>,
    hub: Child,
    sandbox: Child,
    http: reqwest::Client,
    /// How to start the hub again (tests restart it after killing it).
    hub_command: Vec<(String, String)>,
}

pub const PHONE_NUMBER_ID: &str = "1122334455667";
/// The demo's second business number (its Sales line; the first is Support's).
pub const SALES_PHONE_NUMBER_ID: &str = "1122334455668";
