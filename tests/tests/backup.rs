//! Backups of a running hub: `switchboard-hub backup` while webhooks keep
//! arriving writes an encrypted, `0600` file holding no customer text in
//! clear; `restore` brings it back into an empty folder, checks the audit
//! chain, and a hub started there (with the same content key) serves the
//! history up to the snapshot. A wrong passphrase, a changed byte or a
//! folder that is not empty is a clear error, and nothing is written.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use switchboard_demo::bin;
use switchboard_system_tests::{stack_in, until};

const PASSPHRASE: &str = "a long backup passphrase";

/// Runs the hub's CLI with `env` (the hub's own settings) and `args`.
async fn hub_cli(
    env: &[(String, String)],
    args: &[&str],
    passphrase: &str,
) -> anyhow::Result<std::process::Output> {
    Ok(tokio::process::Command::new(bin("switchboard-hub")?)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("SWITCHBOARD_BACKUP_PASSPHRASE", passphrase)
        .args(args)
        .output()
        .await?)
}

fn said(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn is_empty_or_missing(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_hub_is_backed_up_and_restored() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 50).await?;
    let admin = stack.agent("admin")?.clone();
    for n in 0..20 {
        stack
            .customer_says(
                &format!("3519300000{n:02}"),
                "Before",
                &format!("before the backup {n}"),
            )
            .await?;
    }
    // Webhooks keep arriving while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let during = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (stop, during) = (stop.clone(), during.clone());
        let stack_url = stack.sandbox_url.clone();
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            while !stop.load(Ordering::SeqCst) {
                let n = during.fetch_add(1, Ordering::SeqCst);
                let _ = http
                    .post(format!("{stack_url}/_sandbox/inbound"))
                    .json(&serde_json::json!({"from": "351939999999", "name": "During", "text": format!("during {n}")}))
                    .send()
                    .await;
            }
        })
    };
    until("webhooks flowing", Duration::from_secs(20), || async {
        Ok((during.load(Ordering::SeqCst) > 5).then_some(()))
    })
    .await?;
    let env = stack.hub_env().to_vec();
    let file = dir.path().join("team.backup");
    let out = hub_cli(
        &env,
        &["backup", "--to", &file.display().to_string()],
        PASSPHRASE,
    )
    .await?;
    stop.store(true, Ordering::SeqCst);
    writer.await?;
    assert!(out.status.success(), "backup: {}", said(&out));
    assert_eq!(
        std::fs::metadata(&file)?.permissions().mode() & 0o777,
        0o600,
        "the backup is its owner's alone"
    );
    let bytes = std::fs::read(&file)?;
    assert!(bytes.starts_with(b"SWBACKUP"));
    for clear in [&b"before the backup"[..], b"351930000001", b"SQLite format"] {
        assert!(
            !bytes.windows(clear.len()).any(|w| w == clear),
            "{:?} is in the backup in clear",
            String::from_utf8_lossy(clear)
        );
    }
    let again = hub_cli(
        &env,
        &["backup", "--to", &file.display().to_string()],
        PASSPHRASE,
    )
    .await?;
    assert!(
        !again.status.success() && said(&again).contains("exists"),
        "never over a file: {}",
        said(&again)
    );

    // Refusals: each a clear error, the target folder left as it was.
    let target = dir.path().join("restored");
    let restore = |passphrase: &'static str, from: std::path::PathBuf| {
        let (env, target) = (env.clone(), target.clone());
        async move {
            hub_cli(
                &env,
                &[
                    "--data-dir",
                    &target.display().to_string(),
                    "restore",
                    "--from",
                    &from.display().to_string(),
                ],
                passphrase,
            )
            .await
        }
    };
    let wrong = restore("not the passphrase at all", file.clone()).await?;
    assert!(!wrong.status.success());
    assert!(
        said(&wrong).contains("wrong passphrase"),
        "{}",
        said(&wrong)
    );
    assert!(
        is_empty_or_missing(&target),
        "a wrong passphrase writes nothing"
    );
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x20;
    let tampered_file = dir.path().join("tampered.backup");
    std::fs::write(&tampered_file, &changed)?;
    let tampered = restore(PASSPHRASE, tampered_file).await?;
    assert!(!tampered.status.success());
    assert!(said(&tampered).contains("changed"), "{}", said(&tampered));
    assert!(
        is_empty_or_missing(&target),
        "a changed file writes nothing"
    );
    std::fs::create_dir_all(&target)?;
    std::fs::write(target.join("something"), b"x")?;
    let occupied = restore(PASSPHRASE, file.clone()).await?;
    assert!(
        !occupied.status.success() && said(&occupied).contains("not empty"),
        "{}",
        said(&occupied)
    );
    std::fs::remove_file(target.join("something"))?;

    // The real restore: checked, then served by a hub with the same key.
    let restored = restore(PASSPHRASE, file.clone()).await?;
    assert!(restored.status.success(), "restore: {}", said(&restored));
    assert!(
        said(&restored).contains("audit log intact"),
        "{}",
        said(&restored)
    );
    assert_eq!(
        std::fs::metadata(&target)?.permissions().mode() & 0o777,
        0o700
    );
    let verify = hub_cli(
        &env,
        &["--data-dir", &target.display().to_string(), "verify-audit"],
        PASSPHRASE,
    )
    .await?;
    assert!(verify.status.success(), "{}", said(&verify));

    let live: Vec<String> = texts(&stack.hub_url, &admin.token).await?;
    drop(stack);
    let port = switchboard_system_tests::free_port()?;
    let mut hub = tokio::process::Command::new(bin("switchboard-hub")?)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("SWITCHBOARD_HUB_DATA", &target)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .kill_on_drop(true)
        .spawn()?;
    let url = format!("http://127.0.0.1:{port}");
    let back = until(
        "the restored hub serving",
        Duration::from_secs(30),
        || async { Ok(texts(&url, &admin.token).await.ok()) },
    )
    .await?;
    for n in 0..20 {
        let text = format!("before the backup {n}");
        assert!(back.contains(&text), "{text:?} came back");
    }
    assert!(
        back.iter().all(|t| live.contains(t)),
        "the restored history is the live one as of one moment"
    );
    hub.start_kill()?;
    Ok(())
}

/// Every message text the feed shows `token`.
async fn texts(hub: &str, token: &str) -> anyhow::Result<Vec<String>> {
    let page = switchboard_system_tests::get_json(
        &reqwest::Client::new(),
        &format!("{hub}/v1/changes?after=0&limit=1000"),
        token,
    )
    .await?;
    Ok(page["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["message"]["text"].as_str().map(str::to_owned))
        .collect())
}
