//! A new hub's first run (`init`) and its check-up (`doctor`), as an
//! operator runs them: the real binary, a real `serve`, and the sandbox
//! standing in for Meta's Graph API.

use crate::common::loopback_certificate;
use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use switchboard_sandbox::{Sandbox, SandboxConfig};

const HUB: &str = env!("CARGO_BIN_EXE_switchboard-hub");
const ACCESS_TOKEN: &str = "doctor-access-token-0123456789";
const APP_SECRET: &str = "doctor-app-secret-0123456789";
const VERIFY_TOKEN: &str = "doctor-verify-token-0123456789";
const NUMBER: &str = "1122334455667";

/// The hub binary with a clean environment (nothing of the machine's
/// settings leaks in) and the data folder `data`.
fn hub(data: &Path) -> Command {
    let mut c = Command::new(HUB);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SWITCHBOARD_HUB_DATA", data);
    c
}

fn run(c: &mut Command) -> (bool, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().unwrap_or_else(|e| panic!("{HUB}: {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    (status.success(), said)
}

#[test]
fn init_makes_the_store_the_key_and_the_first_admin_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("hub-data");
    let (ok, said) = run(hub(&data).args(["init", "--admin", "Ada Admin"]));
    assert!(ok, "init: {said}");
    assert!(
        said.contains("agent_id=1") && said.contains("token="),
        "{said}"
    );
    let key_file = data.join("content.key");
    assert!(
        said.contains(&format!(
            "SWITCHBOARD_CONTENT_KEY_FILE={}",
            key_file.display()
        )),
        "says how to start: {said}"
    );
    let key = std::fs::read_to_string(&key_file).unwrap_or_default();
    assert_eq!(key.trim().len(), 64, "a 256-bit key in hex");
    assert!(key.trim().chars().all(|c| c.is_ascii_hexdigit()));
    let mode = std::fs::metadata(&key_file)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o600, "the key is its owner's only");

    let (ok, said) = run(hub(&data).args(["agent", "list"]));
    assert!(ok && said.contains("Ada Admin\tadmin\tactive"), "{said}");

    // Twice: refused, and nothing changes (the key above still opens the store).
    let (ok, said) = run(hub(&data).args(["init", "--admin", "Bob"]));
    assert!(!ok && said.contains("already"), "{said}");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap_or_default(), key);
    let (_, said) = run(hub(&data).args(["agent", "list"]));
    assert!(!said.contains("Bob"), "no second admin: {said}");

    // A given key is used, and no key file is written.
    let other = dir.path().join("given");
    let (ok, said) = run(hub(&other)
        .args(["init", "--admin", "Ada"])
        .env("SWITCHBOARD_CONTENT_KEY_FILE", &key_file));
    assert!(ok, "{said}");
    assert!(!other.join("content.key").exists());
}

/// A running `serve` on a free port, stopped when dropped.
struct Serving {
    child: Child,
    url: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The settings of a hub talking to the sandbox at `graph`.
fn configured(data: &Path, graph: &str, verify_token: &str) -> Command {
    let mut c = hub(data);
    c.env("SWITCHBOARD_CONTENT_KEY_FILE", data.join("content.key"))
        .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("WHATSAPP_APP_SECRET", APP_SECRET)
        .env("WHATSAPP_VERIFY_TOKEN", verify_token)
        .env("WHATSAPP_PHONE_NUMBER_ID", NUMBER)
        .env("WHATSAPP_GRAPH_URL", graph);
    c
}

fn serve(data: &Path, graph: &str) -> Serving {
    let mut child = configured(data, graph, VERIFY_TOKEN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut line = String::new();
    // The first line is the address; read_line returns once it is written.
    let read = std::io::BufReader::new(stdout).read_line(&mut line);
    assert!(read.is_ok_and(|n| n > 0), "the hub said where it listens");
    let url = line.trim().trim_start_matches("listening on ").to_owned();
    Serving { child, url }
}

fn doctor(data: &Path, graph: &str, verify_token: &str, extra: &[&str]) -> (bool, String) {
    let started = Instant::now();
    let out = run(configured(data, graph, verify_token)
        .arg("doctor")
        .args(extra));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "doctor finished"
    );
    out
}

fn line<'a>(report: &'a str, level: &str, check: &str) -> Option<&'a str> {
    report
        .lines()
        .find(|l| l.starts_with(level) && l[4..].trim_start().starts_with(&format!("{check}:")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_passes_a_good_set_up_and_names_each_fault_of_a_broken_one() {
    let sandbox = Sandbox::new(SandboxConfig {
        app_secret: APP_SECRET.into(),
        access_token: ACCESS_TOKEN.into(),
        phone_number_id: NUMBER.into(),
        display_phone_number: "15550001111".into(),
        other_numbers: vec![],
        waba_id: "102290129340398".into(),
        status_delay: Duration::from_millis(50),
    });
    let graph = sandbox
        .serve_local()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("hub-data");

    // Before init: the store is missing, and doctor says what to run.
    let (ok, report) = tokio::task::block_in_place(|| doctor(&data, &graph, VERIFY_TOKEN, &[]));
    assert!(!ok, "{report}");
    let missing = line(&report, "FAIL", "store").unwrap_or_else(|| panic!("{report}"));
    assert!(missing.contains("no store in"), "{report}");
    assert!(report.contains("switchboard-hub init"), "{report}");

    let (ok, said) = run(hub(&data).args(["init", "--admin", "Ada Admin"]));
    assert!(ok, "{said}");
    let hub = tokio::task::block_in_place(|| serve(&data, &graph));
    sandbox.set_webhook_url(Some(format!("{}/webhooks/whatsapp", hub.url)));
    let url = ["--url", hub.url.as_str()];

    let (ok, report) = tokio::task::block_in_place(|| doctor(&data, &graph, VERIFY_TOKEN, &url));
    assert!(ok, "a good set-up passes:\n{report}");
    for check in [
        "configuration",
        "file modes",
        "store",
        "content keys",
        "audit log",
        "admin",
        "graph api",
        "clock",
        "phone number",
        "access token",
        "app subscription",
        "webhook fields",
        "webhook verification",
        "webhook signature",
    ] {
        assert!(
            line(&report, "ok", check).is_some(),
            "{check} ok:\n{report}"
        );
    }
    assert!(!report.lines().any(|l| l.starts_with("warn")), "{report}");

    // Broken: a key file others can read, a token without the management
    // permission, the app unsubscribed from the account and from two
    // fields, the wrong verify token, a certificate about to expire.
    let key_file = data.join("content.key");
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644))
        .unwrap_or_else(|e| panic!("{e}"));
    let configure = serde_json::json!({
        "token_scopes": ["whatsapp_business_messaging"],
        "app_unsubscribed": true,
        "unsubscribed_fields": ["messages", "calls"],
    });
    let set = reqwest::Client::new()
        .post(format!("{graph}/_sandbox/config"))
        .json(&configure)
        .send()
        .await;
    assert!(set.is_ok_and(|r| r.status().is_success()));
    let (cert, key) = loopback_certificate(dir.path());
    let cert_arg = cert.display().to_string();
    let key_arg = key.display().to_string();
    let args = [
        "--url",
        hub.url.as_str(),
        "--tls-cert",
        &cert_arg,
        "--tls-key",
        &key_arg,
    ];
    let (ok, report) =
        tokio::task::block_in_place(|| doctor(&data, &graph, "a-wrong-verify-token-0000", &args));
    assert!(!ok, "a broken set-up fails:\n{report}");
    let expect = |level: &str, check: &str, words: &[&str]| {
        let found =
            line(&report, level, check).unwrap_or_else(|| panic!("{level} {check}:\n{report}"));
        for w in words {
            assert!(
                found.contains(w) || report.contains(w),
                "{check} says {w}:\n{report}"
            );
        }
    };
    expect(
        "FAIL",
        "file modes",
        &[&format!("chmod 600 {}", key_file.display())],
    );
    expect("FAIL", "access token", &["whatsapp_business_management"]);
    expect(
        "FAIL",
        "app subscription",
        &["not subscribed", "102290129340398"],
    );
    expect("FAIL", "webhook fields", &["messages", "calls"]);
    expect(
        "FAIL",
        "webhook verification",
        &["refused the verify token"],
    );
    expect("warn", "tls certificate", &["expires"]);
    assert!(
        line(&report, "ok", "store").is_some(),
        "the store itself is fine:\n{report}"
    );
    let mode = std::fs::metadata(&key_file)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o644, "doctor only looks: the operator fixes");

    // A token Meta refuses stops the checks that need it, and says so.
    let mut refused = configured(&data, &graph, VERIFY_TOKEN);
    refused
        .env("WHATSAPP_ACCESS_TOKEN", "a-token-meta-never-issued")
        .arg("doctor");
    let (ok, report) = tokio::task::block_in_place(|| run(&mut refused));
    assert!(!ok);
    expect_line(&report, "FAIL", "access token", "refused");
    drop(hub);
}

fn expect_line(report: &str, level: &str, check: &str, word: &str) {
    let found = line(report, level, check).unwrap_or_else(|| panic!("{level} {check}:\n{report}"));
    assert!(found.contains(word), "{check} says {word}:\n{report}");
}

/// On PostgreSQL: doctor reads the server's version and an empty
/// database's missing schema without writing; `init` sets it up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_and_doctor_work_on_postgresql() {
    let Some(pg) = switchboard_testpg::Postgres::start_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("hub-data");
    let on_pg = |c: &mut Command| {
        c.env("SWITCHBOARD_DATABASE_URL", pg.url());
    };
    let mut check = configured(&data, "http://127.0.0.1:9", VERIFY_TOKEN);
    on_pg(&mut check);
    let (ok, report) = tokio::task::block_in_place(|| run(check.arg("doctor")));
    assert!(!ok, "{report}");
    expect_line(&report, "ok", "database", "PostgreSQL");
    expect_line(&report, "FAIL", "store", "empty");
    let tables = pg.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    assert_eq!(
        tables.map(|t| t.trim().to_owned()),
        Ok("0".into()),
        "doctor made nothing"
    );

    let mut init = hub(&data);
    on_pg(&mut init);
    let (ok, said) = tokio::task::block_in_place(|| run(init.args(["init", "--admin", "Ada"])));
    assert!(ok && said.contains("token="), "{said}");
    let mut check = configured(&data, "http://127.0.0.1:9", VERIFY_TOKEN);
    on_pg(&mut check);
    let (_, report) = tokio::task::block_in_place(|| run(check.arg("doctor")));
    expect_line(&report, "ok", "store", "this version's");
    expect_line(&report, "ok", "admin", "active admins: 1");
    expect_line(&report, "FAIL", "graph api", "unreachable");
}

/// Regression (found writing the operator's guide): an older hub ran on
/// a store a newer one had migrated, and `migrate-store` pointed at the
/// wrong folder made an empty store there and copied it.
#[test]
fn a_store_from_a_newer_hub_and_a_wrong_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("hub-data");
    let (ok, said) = run(hub(&data).args(["init", "--admin", "Ada"]));
    assert!(ok, "{said}");
    let store =
        rusqlite::Connection::open(data.join("hub.sqlite3")).unwrap_or_else(|e| panic!("{e}"));
    store
        .pragma_update(None, "user_version", 9_999)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let (ok, said) = run(hub(&data).args(["agent", "list"]));
    assert!(!ok && said.contains("newer than this hub's"), "{said}");
    let (ok, said) = run(configured(&data, "http://127.0.0.1:9", VERIFY_TOKEN).arg("doctor"));
    assert!(!ok);
    expect_line(&said, "FAIL", "store", "newer than this version's");

    let elsewhere = dir.path().join("not-the-service");
    let (ok, said) = run(hub(&elsewhere).args([
        "migrate-store",
        "--to",
        "postgres://nobody@127.0.0.1:9/none",
    ]));
    assert!(!ok && said.contains("no hub store in"), "{said}");
    assert!(
        !elsewhere.join("hub.sqlite3").exists(),
        "nothing made there"
    );
}

/// Review finding: a hub served before anyone was added holds history
/// sealed under the key it ran with; `init` making a new key would leave
/// it unreadable, so it refuses and says which key to give.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_never_seals_a_served_store_under_a_new_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("hub-data");
    let key = dir.path().join("served.key");
    std::fs::write(
        &key,
        format!("{}\n", "00112233445566778899aabbccddeeff".repeat(2)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let served = tokio::task::block_in_place(|| {
        let mut c = configured(&data, "http://127.0.0.1:9", VERIFY_TOKEN);
        c.env("SWITCHBOARD_CONTENT_KEY_FILE", &key);
        let mut child = c
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let read = std::io::BufReader::new(stdout).read_line(&mut line);
        assert!(read.is_ok_and(|n| n > 0));
        Serving {
            child,
            url: line.trim().trim_start_matches("listening on ").to_owned(),
        }
    });
    let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"1122334455667"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"351911000001"}],"messages":[{"from":"351911000001","id":"wamid.first","timestamp":"1700000000","type":"text","text":{"body":"hello"}}]}}]}]}"#;
    let signature = switchboard_whatsapp::signature::sign(APP_SECRET.as_bytes(), body);
    let answered = reqwest::Client::new()
        .post(format!("{}/webhooks/whatsapp", served.url))
        .header(switchboard_whatsapp::signature::HEADER, signature)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(answered.ok(), Some(200), "the served hub stored a message");
    drop(served);

    let (ok, said) =
        tokio::task::block_in_place(|| run(hub(&data).args(["init", "--admin", "Ada"])));
    assert!(!ok && said.contains("already holds messages"), "{said}");
    assert!(!data.join("content.key").exists(), "no new key written");
    let (ok, said) = tokio::task::block_in_place(|| {
        run(hub(&data)
            .args(["init", "--admin", "Ada"])
            .env("SWITCHBOARD_CONTENT_KEY_FILE", &key))
    });
    assert!(ok, "with the key it was served with: {said}");

    // Review finding: doctor compared key ids only. A different key under
    // the same id (a copy made wrong) now fails, and the right one passes.
    let wrong = dir.path().join("wrong.key");
    std::fs::write(
        &wrong,
        format!("{}\n", "ffeeddccbbaa99887766554433221100".repeat(2)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let doctor_with = |key: &Path| {
        let mut c = configured(&data, "http://127.0.0.1:9", VERIFY_TOKEN);
        c.env("SWITCHBOARD_CONTENT_KEY_FILE", key).arg("doctor");
        tokio::task::block_in_place(|| run(&mut c)).1
    };
    expect_line(
        &doctor_with(&wrong),
        "FAIL",
        "content keys",
        "does not open",
    );
    expect_line(&doctor_with(&key), "ok", "content keys", "opens its rows");
}
