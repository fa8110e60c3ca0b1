//! The hub as a system service (`packaging/systemd/switchboard-hub.service`):
//! systemd finds nothing wrong with the unit (`systemd-analyze verify`) and
//! rates its exposure OK (`systemd-analyze security`), and the hub started
//! the way the unit starts it (its `Environment=` lines, secrets as
//! credential files, `--log-format json`) serves, writes one JSON object
//! per log line, and keeps its folder `0700` and its files `0600`.
//! systemd itself cannot run here (no init system in the test machine), so
//! the unit's start is reproduced by hand.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use switchboard_demo::bin;
use switchboard_system_tests::{free_port, until};

fn unit_text() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../packaging/systemd/switchboard-hub.service");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The unit as installed, but starting the hub this workspace built.
fn unit_here(dir: &Path) -> anyhow::Result<PathBuf> {
    let hub = bin("switchboard-hub")?;
    let text = unit_text().replace(
        "ExecStart=/usr/bin/switchboard-hub",
        &format!("ExecStart={}", hub.display()),
    );
    let path = dir.join("switchboard-hub.service");
    std::fs::write(&path, text)?;
    Ok(path)
}

#[test]
fn systemd_accepts_the_unit_and_rates_it_ok() -> anyhow::Result<()> {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!(
            "skipped: systemd-analyze is missing (the Debian package `systemd`; scripts/bootstrap.sh installs it)"
        );
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let unit = unit_here(dir.path())?;
    let verify = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&unit)
        .output()?;
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(
        verify.status.success(),
        "systemd-analyze verify failed: {said}"
    );
    // It warns (unknown keys, bad values) without failing: nothing may be said.
    assert!(
        said.trim().is_empty(),
        "systemd-analyze verify had remarks:\n{said}"
    );

    // Exposure on systemd's 0–10 scale; up to 2.0 is "OK" (threshold ×10).
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--man=no", "--threshold=20"])
        .arg(&unit)
        .output()?;
    let report = String::from_utf8_lossy(&security.stdout);
    assert!(
        security.status.success(),
        "exposure above 2.0:\n{}",
        report.lines().last().unwrap_or_default()
    );
    for hardening in [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "StateDirectory=switchboard-hub",
        "User=switchboard-hub",
        "UMask=0077",
    ] {
        assert!(
            unit_text().lines().any(|l| l == hardening),
            "the unit sets {hardening}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_runs_as_the_unit_starts_it() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // What systemd prepares: the credentials folder (%d) and the state root (%S).
    let credentials = dir.path().join("credentials");
    let state = dir.path().join("state");
    std::fs::create_dir_all(&credentials)?;
    std::fs::create_dir_all(&state)?;
    let mut key = [0u8; 32];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom")?, &mut key)?;
    let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let secrets = [
        ("content-key", key),
        (
            "whatsapp-access-token",
            "test-access-token-0123456789".to_owned(),
        ),
        (
            "whatsapp-app-secret",
            "test-app-secret-0123456789".to_owned(),
        ),
        (
            "whatsapp-verify-token",
            "test-verify-token-0123456789".to_owned(),
        ),
    ];
    for (name, value) in &secrets {
        std::fs::write(credentials.join(name), value)?;
    }
    let text = unit_text();
    let mut hub = tokio::process::Command::new(bin("switchboard-hub")?);
    for line in text.lines() {
        if let Some((key, value)) = line
            .strip_prefix("Environment=")
            .and_then(|kv| kv.split_once('='))
        {
            let value = value
                .replace("%d", &credentials.display().to_string())
                .replace("%S", &state.display().to_string());
            hub.env(key, value);
        }
    }
    let exec = text
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=/usr/bin/switchboard-hub "))
        .ok_or_else(|| anyhow::anyhow!("no ExecStart of /usr/bin/switchboard-hub"))?;
    let port = free_port()?;
    hub.args(exec.split_whitespace())
        // What the operator's drop-in adds.
        .env("SWITCHBOARD_HUB_LISTEN", format!("127.0.0.1:{port}"))
        .env("WHATSAPP_PHONE_NUMBER_ID", "1122334455667")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let hub = std::sync::Arc::new(tokio::sync::Mutex::new(hub.spawn()?));
    let http = reqwest::Client::new();
    until("the hub ready", Duration::from_secs(30), || async {
        if let Some(status) = hub.lock().await.try_wait()? {
            anyhow::bail!("the hub stopped: {status}");
        }
        Ok(http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .ok()
            .filter(|r| r.status().is_success()))
    })
    .await?;

    let data = state.join("switchboard-hub");
    assert_eq!(mode(&data), 0o700, "the data folder is the hub's alone");
    let files: Vec<PathBuf> = std::fs::read_dir(&data)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("hub.sqlite3")),
        "the store is in the state folder: {files:?}"
    );
    for file in &files {
        assert_eq!(mode(file), 0o600, "{} is the hub's alone", file.display());
    }

    let mut hub = std::sync::Arc::try_unwrap(hub)
        .map_err(|_| anyhow::anyhow!("the hub is still shared"))?
        .into_inner();
    hub.start_kill()?;
    let out = hub.wait_with_output().await?;
    let logs = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "the hub logged its start");
    for line in &lines {
        let entry: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(
            entry["level"].is_string() && entry["timestamp"].is_string(),
            "{line}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"message\":\"hub ready\"")),
        "the ready line, as JSON: {logs}"
    );
    for (_, value) in &secrets {
        assert!(!logs.contains(value.as_str()), "a secret reached the log");
    }
    Ok(())
}
