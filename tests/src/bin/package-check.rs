//! `make package-check`: starts the desktop app from the installed files of
//! its `.deb` (extracted, as `dpkg -i` would lay them out), under the
//! test display and session bus, with a fresh profile, through
//! tauri-driver and WebKitWebDriver, and waits for the sign-in screen;
//! saves a screenshot. Usage: `package-check <app binary> <screenshot.png>`.

use std::time::Duration;
use switchboard_system_tests::app::{open_app, stop_driver};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(app), Some(shot)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: package-check <app binary> <screenshot.png>");
    };
    let data = tempfile::tempdir()?;
    let (driver, session) = open_app(
        std::path::Path::new(&app),
        "package-check",
        data.path(),
        &[],
    )
    .await?;
    let outcome = async {
        let form = session
            .wait_for("[data-testid=sign-in]", Duration::from_secs(60))
            .await?;
        let text = session.text(&form).await?;
        anyhow::ensure!(!text.trim().is_empty(), "the sign-in screen is empty");
        if let Some(folder) = std::path::Path::new(&shot).parent() {
            std::fs::create_dir_all(folder)?;
        }
        // The display's own picture (WebKitWebDriver's screenshot times out
        // under Xvfb), with ImageMagick's import, as the end-to-end test does.
        let status = tokio::process::Command::new("import")
            .args(["-window", "root", &shot])
            .status()
            .await?;
        anyhow::ensure!(
            status.success(),
            "ImageMagick import could not capture the screen"
        );
        anyhow::ensure!(
            std::fs::metadata(&shot)?.len() > 1000,
            "the screenshot is empty"
        );
        Ok(())
    }
    .await;
    let _ = session.close().await;
    stop_driver(driver).await;
    outcome?;
    println!("package-check: the packaged app starts to its sign-in screen ({shot})");
    Ok(())
}
