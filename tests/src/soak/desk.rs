//! One desktop of the soak, as its own process (so it can be killed with
//! SIGKILL in the middle of a sync or a send): the real core and sync
//! engine on its own store, signed in as its own agent, claiming,
//! replying and noting at a person's pace. Every reply it queues is
//! written, once the outbox holds it, to a log the checker reads.

use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use switchboard_core::desktop::{Desktop, Profile};

/// The file a desktop writes its wall clock to (Unix seconds), about once
/// a second.
pub const SEEN_CLOCK: &str = "seen-clock";

/// The text of a reply the soak writes: the checker knows them by it.
pub const REPLY: &str = "soak reply";

/// Runs the desktop `name` on the store in `dir` until killed.
pub async fn run(name: &str, dir: &Path, hub: &str, log: &Path, seed: u64) -> anyhow::Result<()> {
    let profile = Profile::at(name, dir);
    let desk = Arc::new(open(&profile, hub).await?);
    tokio::spawn(desk.clone().run(|_| {}));
    std::fs::write(dir.join("ready"), b"")?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ u64::from(std::process::id()));
    let me = desk.me().agent_id;
    loop {
        // A brisk person's pace: about one action a second, a reply in
        // four. A desktop with one conversation of its own then writes to
        // its customer faster than the hub's per-customer pacing sends (one
        // in six seconds), and the backlog leaves after the faults: the
        // checker waits for it.
        let pause = rng.gen_range(500..1500);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        // The wall clock as this process sees it, for the soak to see a
        // clock fault take hold.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        std::fs::write(dir.join(SEEN_CLOCK), now.to_string())?;
        let Ok(list) = desk.conversations() else {
            continue;
        };
        let mine: Vec<i64> = list
            .iter()
            .filter(|c| c.conversation.assignee == Some(me))
            .map(|c| c.conversation.id)
            .collect();
        let free: Vec<i64> = list
            .iter()
            .filter(|c| c.conversation.assignee.is_none())
            .map(|c| c.conversation.id)
            .collect();
        match rng.gen_range(0..4) {
            0 if !free.is_empty() => {
                let _ = desk.claim(free[rng.gen_range(0..free.len())]).await;
            }
            1 if !mine.is_empty() => {
                let text = format!("{REPLY} {name} {:016x}", rng.r#gen::<u64>());
                if let Ok(id) = desk.reply(mine[rng.gen_range(0..mine.len())], &text) {
                    record(log, &id, &text)?;
                }
            }
            3 if !mine.is_empty() => {
                let _ = desk.note(mine[rng.gen_range(0..mine.len())], "soak note");
            }
            _ => {}
        }
    }
}

/// The profile's store, or a first sign-in (retried: the hub may be down).
async fn open(profile: &Profile, hub: &str) -> anyhow::Result<Desktop> {
    if let Ok(desk) = Desktop::open(profile) {
        return Ok(desk);
    }
    let token = zeroize::Zeroizing::new(std::env::var("SOAK_TOKEN")?);
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        match Desktop::sign_in(profile, hub, token.clone()).await {
            Ok(desk) => return Ok(desk),
            Err(e) if std::time::Instant::now() > deadline => anyhow::bail!("sign-in: {e:?}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}

/// Appends "client id, text" to the log, on disk before the next step.
fn record(log: &Path, id: &str, text: &str) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    writeln!(f, "{id}\t{text}")?;
    f.sync_data()?;
    Ok(())
}
