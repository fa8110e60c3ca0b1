//! Starting the real app under WebDriver (tauri-driver + WebKitWebDriver),
//! for the end-to-end tests and the UI benchmark.

use crate::webdriver::Session;
use crate::{free_port, until};
use std::process::Stdio;
use std::time::Duration;
use switchboard_demo::{Stack, bin};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// Signs a profile in as the stack's agent of `role`, the way a script
/// would (token on stdin); returns what the command printed.
pub async fn sign_in(
    stack: &Stack,
    role: &str,
    profile: &str,
    data_home: &std::path::Path,
) -> anyhow::Result<String> {
    let agent = stack.agent(role)?;
    sign_in_with(stack, agent.token.as_str(), profile, data_home).await
}

/// [`sign_in`] with any agent's token (one made during a test).
pub async fn sign_in_with(
    stack: &Stack,
    token: &str,
    profile: &str,
    data_home: &std::path::Path,
) -> anyhow::Result<String> {
    let mut sign_in = Command::new(bin("switchboard-desktop")?)
        .args(["sign-in", "--hub", &stack.hub_url])
        .env("SWITCHBOARD_PROFILE", profile)
        .env("XDG_DATA_HOME", data_home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = sign_in.stdin.take() {
        stdin.write_all(token.as_bytes()).await?;
    }
    let out = sign_in.wait_with_output().await?;
    anyhow::ensure!(out.status.success(), "sign-in failed");
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Starts tauri-driver and, through it, the app on `profile`. Free ports
/// are picked just before use, so another test can take one in between:
/// then it starts again on new ones (three tries).
pub async fn open_app(
    app: &std::path::Path,
    profile: &str,
    data_home: &std::path::Path,
    env: &[(&str, &str)],
) -> anyhow::Result<(tokio::process::Child, Session)> {
    let mut last = anyhow::anyhow!("no attempt");
    for _ in 0..3 {
        match try_open_app(app, profile, data_home, env).await {
            Ok(opened) => return Ok(opened),
            Err(e) => last = e,
        }
    }
    Err(last)
}

async fn try_open_app(
    app: &std::path::Path,
    profile: &str,
    data_home: &std::path::Path,
    env: &[(&str, &str)],
) -> anyhow::Result<(tokio::process::Child, Session)> {
    let port = free_port()?;
    let native = free_port()?;
    anyhow::ensure!(port != native, "the same free port twice");
    let driver = Command::new("tauri-driver")
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
        .env("SWITCHBOARD_PROFILE", profile)
        .env("XDG_DATA_HOME", data_home)
        // How WebKit paints is the app's own choice (on the CPU here: Xvfb,
        // no GPU), so the tests run what a user's machine runs.
        .envs(env.iter().copied())
        // Not the test's own output: WebKitWebDriver, started by
        // tauri-driver, would keep it open after the test ends.
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let started = async {
        until(
            "tauri-driver to listen",
            Duration::from_secs(20),
            || async {
                Ok(tokio::net::TcpStream::connect(("127.0.0.1", port))
                    .await
                    .ok()
                    .map(|_| ()))
            },
        )
        .await?;
        Session::start(&format!("http://127.0.0.1:{port}"), app).await
    }
    .await;
    match started {
        Ok(session) => Ok((driver, session)),
        Err(e) => {
            stop_driver(driver).await;
            Err(e)
        }
    }
}

/// Stops tauri-driver with SIGTERM, so it ends its WebKitWebDriver too
/// (SIGKILL would leave that running), then SIGKILL if it lingers.
pub async fn stop_driver(mut driver: tokio::process::Child) {
    if let Some(pid) = driver.id() {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await;
    }
    if tokio::time::timeout(Duration::from_secs(5), driver.wait())
        .await
        .is_err()
    {
        let _ = driver.kill().await;
    }
}

/// Brings a signed-in profile up to date without a window
/// (`switchboard-desktop sync`), as a first sync before the app starts.
pub async fn sync_profile(profile: &str, data_home: &std::path::Path) -> anyhow::Result<()> {
    let synced = Command::new(bin("switchboard-desktop")?)
        .arg("sync")
        .env("SWITCHBOARD_PROFILE", profile)
        .env("XDG_DATA_HOME", data_home)
        .stdout(Stdio::null())
        .status()
        .await?;
    anyhow::ensure!(synced.success(), "the sync failed");
    Ok(())
}

/// Answers the system's save dialog titled `title` with Enter (the name and
/// folder it offers), with real X key events (xdotool); returns once the
/// dialog is gone.
pub async fn accept_save_dialog(title: &str, deadline: Duration) -> anyhow::Result<()> {
    let find = || async {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", title])
            .output()
            .await?;
        Ok::<Option<String>, anyhow::Error>(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .map(str::to_owned),
        )
    };
    let window = until("the save dialog", deadline, || async { find().await }).await?;
    let focused = Command::new("xdotool")
        .args(["windowfocus", "--sync", &window])
        .status()
        .await?;
    anyhow::ensure!(focused.success(), "the save dialog could not be focused");
    let pressed = Command::new("xdotool")
        .args(["key", "--clearmodifiers", "Return"])
        .status()
        .await?;
    anyhow::ensure!(pressed.success(), "Enter could not be pressed");
    until("the save dialog to close", deadline, || async {
        Ok(find().await?.is_none().then_some(()))
    })
    .await
}

/// Scrolls the open thread to its top until an older page has come in (its
/// first message changes), within `deadline`.
pub async fn read_older_page(s: &Session, deadline: Duration) -> anyhow::Result<()> {
    // Scrolls the thread to its top; returns its first message as it was.
    let to_top = || async {
        s.execute(
            "const m = document.querySelector('[data-testid=messages]');
             const first = m.querySelector('[data-testid=message] .text')?.textContent ?? '';
             m.scrollTop = 0; m.dispatchEvent(new Event('scroll'));
             return first;",
            vec![],
        )
        .await
    };
    let first = to_top().await?;
    until("an older page of the thread", deadline, || async {
        // Scrolled to the top again each time (a page may still be coming in).
        Ok((to_top().await? != first).then_some(()))
    })
    .await
}
