//! `switchboard-hub doctor`: checks a hub's set-up from end to end and
//! says, for each thing found wrong, what to do about it. It reads the
//! settings `serve` reads and writes nothing (the store is opened only
//! when its schema is already this version's, so no migration runs).
//!
//! The checks on this machine (settings, files, the store) are in
//! [`local`]; those that ask Meta's Graph API and the hub's public
//! webhook address, in [`meta`].

pub mod local;
pub mod meta;

use std::net::SocketAddr;
use std::path::PathBuf;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

/// One check's outcome: what was found, and for a warning or a failure
/// what to do.
#[derive(Debug, Clone)]
pub struct Finding {
    pub level: Level,
    pub check: &'static str,
    pub found: String,
    pub todo: Option<String>,
}

/// Every finding, in the order the checks ran.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn ok(&mut self, check: &'static str, found: impl Into<String>) {
        self.push(Level::Ok, check, found.into(), None);
    }

    pub fn warn(&mut self, check: &'static str, found: impl Into<String>, todo: impl Into<String>) {
        self.push(Level::Warn, check, found.into(), Some(todo.into()));
    }

    pub fn fail(&mut self, check: &'static str, found: impl Into<String>, todo: impl Into<String>) {
        self.push(Level::Fail, check, found.into(), Some(todo.into()));
    }

    fn push(&mut self, level: Level, check: &'static str, found: String, todo: Option<String>) {
        self.findings.push(Finding {
            level,
            check,
            found,
            todo,
        });
    }

    /// Whether any check failed (the command's exit status).
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Fail)
    }

    /// The report as the terminal shows it: one line per check, what to
    /// do indented under it, and a count at the end.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let level = match f.level {
                Level::Ok => "ok  ",
                Level::Warn => "warn",
                Level::Fail => "FAIL",
            };
            out.push_str(&format!("{level}  {}: {}\n", f.check, f.found));
            if let Some(todo) = &f.todo {
                out.push_str(&format!("      → {todo}\n"));
            }
        }
        let count = |l: Level| self.findings.iter().filter(|f| f.level == l).count();
        out.push_str(&format!(
            "{} ok, {} warnings, {} failures\n",
            count(Level::Ok),
            count(Level::Warn),
            count(Level::Fail)
        ));
        out
    }
}

/// Where the hub is and how it is reached: the same settings `serve`
/// takes, and the address Meta calls when it differs from `listen`.
#[derive(Debug, Clone)]
pub struct Setup {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub listen: SocketAddr,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// The hub's public address (`https://hub.example.com`), as Meta and
    /// the desktops reach it.
    pub url: Option<String>,
}

/// Runs every check and returns what each found.
pub async fn run(setup: &Setup) -> Report {
    let mut report = Report::default();
    let config = local::configuration(setup, &mut report);
    local::file_modes(setup, &mut report);
    local::tls_expiry(setup, &mut report);
    local::store(setup, &mut report).await;
    match &config {
        Some(config) => meta::check(setup, config, &mut report).await,
        None => report.warn(
            "graph api",
            "not checked: the configuration above is incomplete",
            "fix the configuration, then run doctor again",
        ),
    }
    report
}
