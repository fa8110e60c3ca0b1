//! A throwaway PostgreSQL for tests: Debian's `postgresql` package
//! (`initdb`, `pg_ctl`), a fresh cluster in a temporary folder on a free
//! loopback port, stopped and removed when the handle drops. No Docker, no
//! shared server, nothing left behind.
//!
//! `initdb` refuses to run as root, so under root the cluster belongs to the
//! `postgres` user the package creates (`runuser`). Durability settings are
//! PostgreSQL's defaults (`fsync`, `synchronous_commit = on`): the hub's
//! tests and benchmarks measure what a real server does.
//!
//! ```no_run
//! let pg = switchboard_testpg::Postgres::start().unwrap_or_else(|missing| panic!("{missing}"));
//! let url = pg.url();
//! # drop(url);
//! ```

mod disk;
pub use disk::SmallDisk;

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The role and database every throwaway cluster has.
pub const USER: &str = "switchboard";

/// A running throwaway server.
pub struct Postgres {
    bin: PathBuf,
    /// Holds `data/` (the cluster) and `run/` (its socket); removed on drop.
    dir: tempfile::TempDir,
    port: u16,
    /// Commands run as `postgres` (this process is root).
    as_postgres: bool,
    /// The server's options, to start it again the same way.
    options: String,
}

impl Postgres {
    /// Starts a server, or says in one line what is missing.
    pub fn start() -> Result<Postgres, String> {
        Postgres::start_with(None, None)
    }

    /// Starts a server whose cluster lives under `parent` (a
    /// [`SmallDisk`], for the database's disk filling up).
    pub fn start_in(parent: &Path) -> Result<Postgres, String> {
        Postgres::start_with(None, Some(parent))
    }

    /// Starts a server that also accepts TLS, with this PEM certificate and
    /// key (clients choose: `sslmode` in their URL).
    pub fn start_with_tls(cert: &[u8], key: &[u8]) -> Result<Postgres, String> {
        Postgres::start_with(Some((cert, key)), None)
    }

    fn start_with(tls: Option<(&[u8], &[u8])>, parent: Option<&Path>) -> Result<Postgres, String> {
        let bin = binaries().ok_or_else(|| {
            "PostgreSQL is not installed: the Debian package `postgresql` (scripts/bootstrap.sh installs it) provides /usr/lib/postgresql/<version>/bin".to_owned()
        })?;
        let as_postgres = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let mut builder = tempfile::Builder::new();
        builder.prefix("switchboard-pg.");
        let dir = match parent {
            Some(parent) => builder.tempdir_in(parent),
            None => builder.tempdir(),
        }
        .map_err(|e| format!("no temporary folder for PostgreSQL: {e}"))?;
        let mut pg = Postgres {
            bin,
            dir,
            port: free_port()?,
            as_postgres,
            options: String::new(),
        };
        std::fs::create_dir(pg.run_dir()).map_err(|e| format!("PostgreSQL socket folder: {e}"))?;
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
            pg.port,
            pg.run_dir().display()
        );
        if let Some((cert, key)) = tls {
            options.push_str(&pg.tls_options(cert, key)?);
        }
        if as_postgres {
            pg.hand_to_postgres()?;
        }
        pg.create_and_start(&options)?;
        pg.options = options;
        Ok(pg)
    }

    /// Writes the TLS certificate and key into the cluster's folder; the
    /// server options that use them.
    fn tls_options(&self, cert: &[u8], key: &[u8]) -> Result<String, String> {
        let (cert_file, key_file) = (
            self.dir.path().join("server.crt"),
            self.dir.path().join("server.key"),
        );
        std::fs::write(&cert_file, cert).map_err(|e| format!("TLS certificate: {e}"))?;
        std::fs::write(&key_file, key).map_err(|e| format!("TLS key: {e}"))?;
        // PostgreSQL refuses a key others can read.
        std::fs::set_permissions(
            &key_file,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .map_err(|e| format!("TLS key: {e}"))?;
        Ok(format!(
            " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            cert_file.display(),
            key_file.display()
        ))
    }

    /// Gives the cluster's folder to the `postgres` user (this process is
    /// root, and `initdb` refuses to run as root).
    fn hand_to_postgres(&self) -> Result<(), String> {
        let owned = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(self.dir.path())
            .status()
            .map_err(|e| format!("chown: {e}"))?;
        if !owned.success() {
            return Err(
                "the `postgres` user is missing (it comes with the `postgresql` package)".into(),
            );
        }
        Ok(())
    }

    /// Creates the cluster, starts its server with `options` and creates
    /// the [`USER`] database.
    fn create_and_start(&self, options: &str) -> Result<(), String> {
        self.run(
            "initdb",
            &[
                "-D",
                &self.data_dir().display().to_string(),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF8",
                "--no-instructions",
            ],
        )?;
        self.pg_ctl_start(options)?;
        self.run(
            "createdb",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                USER,
                USER,
            ],
        )?;
        Ok(())
    }

    /// Starts a server, or prints the one line saying what is missing and
    /// returns `None` (the calling test then has nothing to check here).
    pub fn start_or_skip() -> Option<Postgres> {
        match Postgres::start() {
            Ok(pg) => Some(pg),
            Err(missing) => {
                eprintln!("skipped: {missing}");
                None
            }
        }
    }

    /// A client on the server, its connection driven on the current tokio
    /// runtime. A test helper: it panics if the server does not answer.
    pub async fn client(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(&self.url(), tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("connecting to the test server: {e}"));
        tokio::spawn(connection);
        client
    }

    /// `postgres://switchboard@127.0.0.1:<port>/switchboard`
    pub fn url(&self) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{USER}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder holding the cluster (gone once the handle drops).
    pub fn folder(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    /// Runs `sql` with `psql` and returns what it printed (unaligned, no
    /// headers): for tests that look at the server from outside.
    pub fn psql(&self, sql: &str) -> Result<String, String> {
        self.psql_in(USER, sql)
    }

    /// [`Postgres::psql`] in `database`.
    pub fn psql_in(&self, database: &str, sql: &str) -> Result<String, String> {
        let out = self.run(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                USER,
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-c",
                sql,
            ],
        )?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// Kills the server with SIGKILL, as a crash would (no checkpoint, no
    /// goodbye to its clients); [`Postgres::start_again`] brings it back.
    pub fn kill_hard(&self) -> Result<(), String> {
        let pid_file = self.data_dir().join("postmaster.pid");
        let text =
            std::fs::read_to_string(&pid_file).map_err(|e| format!("postmaster.pid: {e}"))?;
        let pid = text.lines().next().unwrap_or_default().trim().to_owned();
        let killed = Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .map_err(|e| format!("kill: {e}"))?;
        if !killed.success() {
            return Err(format!("kill -KILL {pid} failed"));
        }
        Ok(())
    }

    /// The server's log so far (empty when it cannot be read).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    /// Whether the server runs (it stops itself when it cannot finish crash
    /// recovery, as on a full disk).
    pub fn running(&self) -> bool {
        self.run(
            "pg_ctl",
            &["-D", &self.data_dir().display().to_string(), "status"],
        )
        .is_ok()
    }

    /// Starts the server again on its data (after [`Postgres::kill_hard`]):
    /// it replays its write-ahead log first. Tries until the killed
    /// server's backends have gone (they leave within a few seconds of
    /// their postmaster).
    pub fn start_again(&self) -> Result<(), String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let started = self.pg_ctl_start(&self.options);
            match started {
                Ok(_) => return Ok(()),
                Err(e) if std::time::Instant::now() > deadline => return Err(e),
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(200)),
            }
        }
    }

    /// Starts the server on its data with `options`, waiting until it takes connections.
    fn pg_ctl_start(&self, options: &str) -> Result<Output, String> {
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data_dir().display().to_string(),
                "-o",
                options,
                "-l",
                &self.dir.path().join("log").display().to_string(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run_dir(&self) -> PathBuf {
        self.dir.path().join("run")
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<Output, String> {
        let program = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = cmd
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{tool}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{tool} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(out)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // Immediate: the cluster is thrown away with its folder.
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data_dir().display().to_string(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }
}

/// The newest installed PostgreSQL's binaries.
fn binaries() -> Option<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}
