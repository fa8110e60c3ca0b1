//! The real app (WebKit under Xvfb) driven over WebDriver with tauri-driver,
//! a real keyring, and a real hub and sandbox on loopback.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use switchboard_demo::{Stack, bin};
use switchboard_system_tests::webdriver::Session;
use switchboard_system_tests::{free_port, require_keyring, stack_in, unique_profile, until};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

fn target_dir() -> PathBuf {
    // target/<profile>/deps/<test> -> target/
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent()?.parent().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_reads_claims_replies_and_sees_read_ticks_in_the_real_app() -> anyhow::Result<()> {
    require_keyring();
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "this test needs a display: run it through `make test`"
    );
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 300).await?;
    stack
        .customer_says(
            "351912345678",
            "Ana Ferreira",
            "Hello! Has order 4417 shipped?",
        )
        .await?;

    let app = bin("switchboard-desktop")?;
    let profile = unique_profile("e2e");
    let data_home = dir.path().join("xdg-data");
    let signed_in = sign_in(&stack, "agent", &profile, &data_home).await?;
    assert!(signed_in.contains("Sam Agent"), "{signed_in}");

    // A notification daemon on the test session's bus, and a monitor that
    // records every notification asked of it.
    let _daemon = Command::new("dunst")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            anyhow::anyhow!("dunst could not start ({e}): scripts/bootstrap.sh installs it")
        })?;
    until(
        "the notification daemon on the session bus",
        Duration::from_secs(20),
        || async {
            let out = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                ])
                .output()
                .await?;
            Ok(String::from_utf8_lossy(&out.stdout)
                .contains("boolean true")
                .then_some(()))
        },
    )
    .await?;
    let notifications = dir.path().join("notifications.log");
    let _monitor = Command::new("dbus-monitor")
        .args([
            "--session",
            "interface='org.freedesktop.Notifications',member='Notify'",
        ])
        .stdout(std::fs::File::create(&notifications)?)
        .kill_on_drop(true)
        .spawn()?;

    let (mut driver, session) = open_app(&app, &profile, &data_home).await?;
    let outcome = drive(&session, &stack, &notifications).await;
    let shot = target_dir().join("e2e").join("desktop-app.png");
    // The X root window, as a person would see the screen (WebKitWebDriver's
    // own screenshot comes out blank under Xvfb).
    let shot_result = root_screenshot(&shot).await;
    if outcome.is_err() {
        let html = session.source().await.unwrap_or_default();
        let _ = std::fs::write(target_dir().join("e2e").join("desktop-app.html"), html);
    }
    let _ = session.close().await;
    let _ = driver.kill().await;
    stack.stop().await;
    outcome?;
    shot_result?;
    assert!(
        std::fs::metadata(&shot)?.len() > 1000,
        "the screenshot is a real image"
    );
    eprintln!("screenshot: {}", shot.display());
    Ok(())
}

/// Signs a profile in as the stack's agent of `role`, the way a script
/// would (token on stdin); returns what the command printed.
async fn sign_in(
    stack: &Stack,
    role: &str,
    profile: &str,
    data_home: &std::path::Path,
) -> anyhow::Result<String> {
    let agent = stack.agent(role)?;
    let mut sign_in = Command::new(bin("switchboard-desktop")?)
        .args(["sign-in", "--hub", &stack.hub_url])
        .env("SWITCHBOARD_PROFILE", profile)
        .env("XDG_DATA_HOME", data_home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = sign_in.stdin.take() {
        stdin.write_all(agent.token.as_bytes()).await?;
    }
    let out = sign_in.wait_with_output().await?;
    anyhow::ensure!(out.status.success(), "sign-in failed");
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Starts tauri-driver and, through it, the app on `profile`.
async fn open_app(
    app: &std::path::Path,
    profile: &str,
    data_home: &std::path::Path,
) -> anyhow::Result<(tokio::process::Child, Session)> {
    let port = free_port()?;
    let native = free_port()?;
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
        // WebKitGTK's GPU compositing paints nothing under Xvfb: render in software.
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .kill_on_drop(true)
        .spawn()?;
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
    let session = Session::start(&format!("http://127.0.0.1:{port}"), app).await?;
    Ok((driver, session))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_conversations_and_a_twenty_thousand_message_thread_keep_the_dom_small()
-> anyhow::Result<()> {
    require_keyring();
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "this test needs a display: run it through `make test`"
    );
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 300).await?;
    // 20,000 messages from one customer over the past days, then 10,000
    // customers with one message each (the newest activity).
    let long: Vec<(String, String, String, u64)> = (0..20_000u64)
        .map(|i| {
            (
                "351960000000".to_owned(),
                "Long Thread".to_owned(),
                format!("message {i} of the long thread"),
                400_000 - i * 10,
            )
        })
        .collect();
    stack.customers_say(&long).await?;
    let many: Vec<(String, String, String, u64)> = (0..10_000u64)
        .map(|i| {
            (
                format!("3519700{i:05}"),
                format!("Customer {i}"),
                format!("Question {i} about an order"),
                10_000 - i,
            )
        })
        .collect();
    stack.customers_say(&many).await?;

    let app = bin("switchboard-desktop")?;
    let profile = unique_profile("scale");
    let data_home = dir.path().join("xdg-data");
    sign_in(&stack, "admin", &profile, &data_home).await?;
    // The first sync without a window (the app would do the same, with a progress bar).
    let synced = Command::new(&app)
        .arg("sync")
        .env("SWITCHBOARD_PROFILE", &profile)
        .env("XDG_DATA_HOME", &data_home)
        .stdout(Stdio::null())
        .status()
        .await?;
    anyhow::ensure!(synced.success(), "the first sync failed");

    let (mut driver, session) = open_app(&app, &profile, &data_home).await?;
    let outcome = scroll_at_scale(&session).await;
    if outcome.is_err() {
        let html = session.source().await.unwrap_or_default();
        let _ = std::fs::write(target_dir().join("e2e").join("scale.html"), html);
    }
    let _ = session.close().await;
    let _ = driver.kill().await;
    stack.stop().await;
    outcome
}

/// Scrolls the list of 10,000 and the 20,000-message thread; the DOM stays
/// under 800 elements throughout.
async fn scroll_at_scale(s: &Session) -> anyhow::Result<()> {
    let long = Duration::from_secs(60);
    let nodes = || async {
        Ok::<i64, anyhow::Error>(
            s.execute("return document.getElementsByTagName('*').length;", vec![])
                .await?
                .as_i64()
                .unwrap_or(i64::MAX),
        )
    };
    s.wait_for("[data-testid=conversation-item]", long).await?;
    let mut most = nodes().await?;
    // Down the list: each scroll to the end draws new rows and loads a page.
    for round in 0..6 {
        let rows = s
            .execute(
                "const l = document.querySelector('[data-testid=conversation-list]');
                 l.scrollTop = l.scrollHeight; l.dispatchEvent(new Event('scroll'));
                 return Number(l.dataset.rows);",
                vec![],
            )
            .await?
            .as_i64()
            .unwrap_or(0);
        until("the next page of the list", long, || async {
            let now = s
                .execute(
                    "return Number(document.querySelector('[data-testid=conversation-list]').dataset.rows);",
                    vec![],
                )
                .await?
                .as_i64()
                .unwrap_or(0);
            Ok((now > rows).then_some(()))
        })
        .await
        .map_err(|e| anyhow::anyhow!("round {round}: {e}"))?;
        most = most.max(nodes().await?);
    }
    screenshot("scale-list").await?;

    // The long thread: up through older pages, the window stays bounded.
    s.execute(
        "const l = document.querySelector('[data-testid=conversation-list]'); l.scrollTop = 0; l.dispatchEvent(new Event('scroll'));",
        vec![],
    )
    .await?;
    let search = s.wait_for("[data-testid=search]", long).await?;
    s.type_text(&search, "thread").await?;
    let hit = s.wait_for("[data-testid=search-hit]", long).await?;
    s.click(&hit).await?;
    s.wait_for("[data-testid=message]", long).await?;
    for _ in 0..8 {
        let first = s
            .execute(
                "const m = document.querySelector('[data-testid=messages]');
                 const first = m.querySelector('[data-testid=message] .text').textContent;
                 m.scrollTop = 0; m.dispatchEvent(new Event('scroll'));
                 return first;",
                vec![],
            )
            .await?;
        until("an older page of the thread", long, || async {
            let now = s
                .execute(
                    "return document.querySelector('[data-testid=messages] [data-testid=message] .text').textContent;",
                    vec![],
                )
                .await?;
            Ok((now != first).then_some(()))
        })
        .await?;
        most = most.max(nodes().await?);
    }
    screenshot("scale-thread").await?;
    anyhow::ensure!(most < 800, "at most {most} elements in the DOM");
    eprintln!("scale: at most {most} elements in the DOM");
    Ok(())
}

async fn drive(s: &Session, stack: &Stack, notifications: &std::path::Path) -> anyhow::Result<()> {
    let long = Duration::from_secs(30);
    // The unread count shows in the window title (and so in the task bar).
    until(
        "the window title to show one unread conversation",
        long,
        || async {
            Ok(window_titles()
                .await?
                .iter()
                .any(|t| t == "Switchboard (1)")
                .then_some(()))
        },
    )
    .await?;
    let item = s.wait_for("[data-testid=conversation-item]", long).await?;
    let label = s.text(&item).await?;
    // Names are cut with an ellipsis on screen; the title holds them whole.
    let name = s
        .wait_for("[data-testid=conversation-item] [data-testid=name]", long)
        .await?;
    let name = s.attribute(&name, "title").await?;
    anyhow::ensure!(
        name.as_deref() == Some("Ana Ferreira"),
        "the list shows the customer: {name:?}"
    );
    // The preview is cut with an ellipsis on screen; its title holds it whole.
    let preview = s
        .wait_for(
            "[data-testid=conversation-item] [data-testid=preview]",
            long,
        )
        .await?;
    let full = s.attribute(&preview, "title").await?;
    anyhow::ensure!(
        full.as_deref() == Some("Hello! Has order 4417 shipped?"),
        "the list previews the last message: {full:?}"
    );
    anyhow::ensure!(
        label.contains("Unassigned"),
        "a new conversation is in the unassigned queue: {label:?}"
    );
    screenshot("agent-inbox").await?;
    s.click(&item).await?;

    let inbound = s
        .wait_for("[data-testid=message][data-direction=inbound]", long)
        .await?;
    let inbound_text = s.text(&inbound).await?;
    anyhow::ensure!(
        inbound_text.contains("Hello! Has order 4417 shipped?"),
        "thread shows the message: {inbound_text:?}"
    );

    let claim = s.wait_for("[data-testid=claim]", long).await?;
    s.click(&claim).await?;
    let composer = s.wait_for("[data-testid=composer]", long).await?;
    s.type_text(&composer, "Yes, it left the warehouse this morning.")
        .await?;
    let send = s
        .wait_for("[data-testid=send]:not([disabled])", long)
        .await?;
    s.click(&send).await?;

    let read = s
        .wait_for(
            "[data-testid=message][data-direction=outbound][data-status=read]",
            Duration::from_secs(60),
        )
        .await?;
    let text = s.text(&read).await?;
    anyhow::ensure!(
        text.contains("Yes, it left the warehouse this morning."),
        "the read reply is ours: {text:?}"
    );
    let ticks = s
        .wait_for("[data-status=read] [data-testid=ticks]", long)
        .await?;
    let title = s.attribute(&ticks, "title").await?;
    anyhow::ensure!(
        title.as_deref() == Some("read"),
        "ticks say read: {title:?}"
    );

    // Full-text search over the encrypted local copy finds the reply.
    let search = s.wait_for("[data-testid=search]", long).await?;
    s.type_text(&search, "warehouse").await?;
    let hit = s.wait_for("[data-testid=search-hit]", long).await?;
    let contact = s
        .wait_for("[data-testid=search-hit] [data-testid=name]", long)
        .await?;
    let contact = s.attribute(&contact, "title").await?;
    anyhow::ensure!(
        contact.as_deref() == Some("Ana Ferreira"),
        "the hit names the customer: {contact:?}"
    );
    let hit_text = s.text(&hit).await?;
    anyhow::ensure!(
        hit_text.contains("warehouse"),
        "the hit shows the matching text: {hit_text:?}"
    );
    let mark = s.wait_for("[data-testid=search-hit] mark", long).await?;
    let marked = s.text(&mark).await?;
    anyhow::ensure!(
        marked.eq_ignore_ascii_case("warehouse"),
        "the matched word is highlighted: {marked:?}"
    );
    // Enter in the search box opens the hit at its message, highlighted.
    s.press(&[ENTER]).await?;
    let target = s
        .wait_for("[data-testid=message][data-target=true]", long)
        .await?;
    let target_text = s.text(&target).await?;
    anyhow::ensure!(
        target_text.contains("warehouse"),
        "the hit is the highlighted message: {target_text:?}"
    );
    screenshot("thread").await?;

    until(
        "the title to drop the count once the agent has read it",
        long,
        || async {
            Ok(window_titles()
                .await?
                .iter()
                .any(|t| t == "Switchboard")
                .then_some(()))
        },
    )
    .await?;

    // A new customer while the agent works on another conversation: a
    // notification reaches the session's notification daemon.
    stack
        .customer_says("351934567890", "Bruno Costa", "Do you ship to Madeira?")
        .await?;
    until(
        "a notification for the new conversation on the session bus",
        long,
        || async {
            let seen = std::fs::read_to_string(notifications).unwrap_or_default();
            Ok((seen.contains("New in the queue: Bruno Costa")
                && seen.contains("Do you ship to Madeira?"))
            .then_some(()))
        },
    )
    .await?;

    hostile_texts_stay_text(s, stack).await?;

    let sent = stack.sent().await?;
    anyhow::ensure!(sent.len() == 1, "one reply, one Graph API call: {sent:?}");
    anyhow::ensure!(sent[0]["body"]["text"]["body"] == "Yes, it left the warehouse this morning.");
    Ok(())
}

const ENTER: &str = "\u{E007}";

/// The X screen saved as `target/e2e/<name>.png`.
async fn screenshot(name: &str) -> anyhow::Result<()> {
    root_screenshot(&target_dir().join("e2e").join(format!("{name}.png"))).await
}

/// A customer sends every text of the hostile corpus (ui/src/lib/hostile.json)
/// under a hostile name: in the real app nothing runs, no element is
/// injected, the webview does not navigate, and the layout holds.
async fn hostile_texts_stay_text(s: &Session, stack: &Stack) -> anyhow::Result<()> {
    let long = Duration::from_secs(30);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/hostile.json");
    let corpus: Vec<String> = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    anyhow::ensure!(
        corpus.len() >= 30,
        "the corpus holds {} texts",
        corpus.len()
    );
    let before: serde_json::Value = s.execute("return location.href;", vec![]).await?;
    let name = "<img src=x onerror=\"window.__pwned=1\">\u{202E}evil";
    for text in &corpus {
        stack.customer_says("351955555555", name, text).await?;
    }
    let item = s
        .wait_for(
            "[data-testid=conversation-item][data-conversation-id='3']",
            long,
        )
        .await?;
    s.click(&item).await?;
    until("every hostile text in the thread", long, || async {
        Ok((s.find_all("[data-testid=message]").await?.len() == corpus.len()).then_some(()))
    })
    .await?;
    let report = s
        .execute(
            r#"
            const app = document.querySelector('#app');
            const bad = [];
            for (const el of app.querySelectorAll('*')) {
              const tag = el.tagName.toLowerCase();
              // The app's own icons are SVG; nothing else may be.
              if (el.closest('svg.icon')) continue;
              if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'link', 'meta', 'details', 'body', 'img'].includes(tag)) bad.push(tag);
              for (const a of el.attributes) {
                if (a.name.startsWith('on')) bad.push(tag + '[' + a.name + ']');
                if ((a.name === 'href' || a.name === 'src') && !/^https?:/i.test(a.value)) bad.push(tag + '[' + a.name + ']');
              }
            }
            const claim = document.querySelector('[data-testid=claim]');
            const box = claim ? claim.getBoundingClientRect() : null;
            return {
              bad,
              pwned: window.__pwned === undefined ? null : window.__pwned,
              href: location.href,
              fits: box ? box.right <= window.innerWidth && box.bottom <= window.innerHeight : null,
              wide: document.documentElement.scrollWidth <= window.innerWidth,
            };
            "#,
            vec![],
        )
        .await?;
    screenshot("hostile").await?;
    anyhow::ensure!(
        report["bad"] == serde_json::json!([]),
        "nothing injected: {report}"
    );
    anyhow::ensure!(report["pwned"].is_null(), "nothing ran: {report}");
    anyhow::ensure!(
        report["href"] == before,
        "the webview did not navigate: {report}"
    );
    anyhow::ensure!(
        report["fits"] == true,
        "the Claim button is on screen: {report}"
    );
    anyhow::ensure!(
        report["wide"] == true,
        "nothing widens the window: {report}"
    );
    Ok(())
}

async fn root_screenshot(path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(path)
        .status()
        .await?;
    anyhow::ensure!(
        status.success(),
        "ImageMagick import could not capture the screen"
    );
    Ok(())
}

/// The titles of the X windows on the display (x11-utils' xwininfo).
async fn window_titles() -> anyhow::Result<Vec<String>> {
    let out = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .await?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .lines()
        .filter_map(|l| l.split('"').nth(1).map(str::to_owned))
        .collect())
}
