//! Secrets in a real Secret Service (gnome-keyring on the session D-Bus).

use switchboard_core::secrets::Secrets;
use switchboard_system_tests::{require_keyring, unique_profile};

#[test]
fn token_and_store_key_live_in_the_keyring() {
    require_keyring();
    let secrets = Secrets::new(&unique_profile("keyring"));
    assert!(
        secrets.token().map(|t| t.is_none()).unwrap_or(false),
        "a new profile has no token"
    );
    secrets
        .set_token("sbt_example")
        .unwrap_or_else(|e| panic!("set: {e}"));
    assert_eq!(
        secrets
            .token()
            .ok()
            .flatten()
            .as_deref()
            .map(|s| s.as_str()),
        Some("sbt_example")
    );

    let key1 = secrets.store_key().unwrap_or_else(|e| panic!("key: {e}"));
    let key2 = secrets.store_key().unwrap_or_else(|e| panic!("key: {e}"));
    assert_eq!(
        *key1, *key2,
        "the store key is created once and then reused"
    );
    assert_ne!(*key1, [0u8; 32]);
    let other = Secrets::new(&unique_profile("keyring-other"))
        .store_key()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(*key1, *other, "each profile has its own random key");

    secrets
        .forget_token()
        .unwrap_or_else(|e| panic!("forget: {e}"));
    assert!(
        secrets.token().map(|t| t.is_none()).unwrap_or(false),
        "sign-out removes the token"
    );
}

/// The process that answers for the Secret Service on this session bus.
fn keyring_daemon() -> Option<u32> {
    let out = std::process::Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.GetConnectionUnixProcessID",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .last()?
        .parse()
        .ok()
}

fn kill_hard(pid: u32) {
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(killed, "kill -KILL {pid}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the keyring daemon {pid} outlived SIGKILL"
        );
        std::thread::yield_now();
    }
}

/// gnome-keyring 42 can abort while clients come and go quickly (its own
/// race). Whatever was stored survives, the next call reaches a daemon the
/// session starts again, and a call the daemon died under is made once more.
/// Kills the session's daemon, so only in `scripts/with-session.sh`'s own.
#[test]
fn secrets_outlive_the_keyring_daemon_dying_between_and_during_calls() {
    require_keyring();
    assert!(
        std::env::var_os("SWITCHBOARD_PRIVATE_SESSION").is_some(),
        "this test stops the session's keyring daemon: run it through `make test` \
         (scripts/with-session.sh), never in a desktop session of your own"
    );
    let kept = Secrets::new(&unique_profile("keyring-kept"));
    kept.set_token("sbt_kept")
        .unwrap_or_else(|e| panic!("set: {e}"));

    // Between calls.
    let first = keyring_daemon().unwrap_or_else(|| panic!("no daemon owns the Secret Service"));
    kill_hard(first);
    let token = kept
        .token()
        .unwrap_or_else(|e| panic!("after the daemon died: {e}"));
    assert_eq!(token.as_deref().map(|s| s.as_str()), Some("sbt_kept"));
    let second = keyring_daemon().unwrap_or_else(|| panic!("no daemon after the restart"));
    assert_ne!(first, second, "a new daemon answers");

    // During calls: another thread reads and writes without pause while the
    // daemon is killed under it, twice.
    let busy = Secrets::new(&unique_profile("keyring-busy"));
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let worker = {
        let (calls, done, busy) = (calls.clone(), done.clone(), busy.clone());
        std::thread::spawn(move || -> Result<(), String> {
            let mut n = 0usize;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let value = format!("sbt_{n}");
                busy.set_token(&value)
                    .map_err(|e| format!("set {n}: {e}"))?;
                let read = busy.token().map_err(|e| format!("get {n}: {e}"))?;
                if read.as_deref().map(|s| s.as_str()) != Some(value.as_str()) {
                    return Err(format!("call {n} read {:?}", read.as_deref()));
                }
                n += 1;
                calls.store(n, std::sync::atomic::Ordering::SeqCst);
            }
            Ok(())
        })
    };
    // Twenty more calls made, within 30 s, while the worker is still at it.
    let twenty_more = |what: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let before = calls.load(std::sync::atomic::Ordering::SeqCst);
        while calls.load(std::sync::atomic::Ordering::SeqCst) < before + 20 {
            assert!(
                std::time::Instant::now() < deadline && !worker.is_finished(),
                "the calls stopped {what}"
            );
            std::thread::yield_now();
        }
    };
    for round in 1..=2 {
        twenty_more(&format!("before kill {round}"));
        if let Some(pid) = keyring_daemon() {
            kill_hard(pid);
        }
    }
    twenty_more("after the daemon came back");
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    match worker.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("a call failed while the daemon died: {e}"),
        Err(_) => panic!("the worker panicked"),
    }
}
