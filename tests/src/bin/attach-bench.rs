//! Attachments out, end to end through the sandbox: a 16 MB video and a
//! 100 MB document against a 1 MB document (the baseline, same run), each
//! queued by the desktop core into its encrypted outbox, uploaded to the
//! hub, uploaded by the hub to the Graph API's media endpoint (the
//! sandbox) and sent. Measures, per file (median of `BENCH_RUNS`, default
//! 3): the time to queue it, the time from the sync round's start to the
//! message accepted by WhatsApp, and how much the peak resident memory
//! (VmHWM) of the hub and of the desktop core (this process) grew.
//!
//! `make attach-bench` (release build, a session bus and an unlocked
//! keyring; BENCHMARKS.md, "Attachments out").

use std::io::Write;
use std::time::{Duration, Instant};
use switchboard_core::desktop::{Desktop, Profile};
use switchboard_core::store::QueuedFile;
use switchboard_system_tests::{stack_in, unique_profile, until};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A `/proc/<pid>/status` field in kB.
fn status_kb(pid: &str, field: &str) -> anyhow::Result<u64> {
    pid.parse()
        .ok()
        .and_then(|pid| switchboard_system_tests::procfs::status_kb(pid, field))
        .ok_or_else(|| anyhow::anyhow!("no {field} for {pid}"))
}

/// Resets a process's peak resident memory to its current one (Linux
/// `clear_refs` 5), so each file's peak is its own.
fn reset_peak(pid: &str) -> anyhow::Result<()> {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5")?;
    Ok(())
}

/// Writes a file of `size` bytes a megabyte at a time (never whole in memory).
fn make_file(path: &std::path::Path, size: u64) -> anyhow::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let block: Vec<u8> = (0..1_000_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        file.write_all(&block[..n])?;
        left -= n as u64;
    }
    file.flush()?;
    Ok(())
}

struct Row {
    what: &'static str,
    size: u64,
    queue_ms: Vec<f64>,
    send_ms: Vec<f64>,
    hub_growth_mb: Vec<f64>,
    desktop_growth_mb: Vec<f64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 0).await?;
    let hub_pid = stack
        .hub_pid()
        .ok_or_else(|| anyhow::anyhow!("the hub is not running"))?
        .to_string();
    let me = std::process::id().to_string();
    let token = stack.agent("admin")?.token.clone();
    let profile = Profile::at(&unique_profile("attach-bench"), &dir.path().join("desktop"));
    let mut rows = vec![
        (
            "document (baseline)",
            "baseline.pdf",
            "application/pdf",
            1_000_000u64,
        ),
        ("video", "clip.mp4", "video/mp4", 16_000_000),
        ("document", "archive.pdf", "application/pdf", 100_000_000),
    ]
    .into_iter()
    .map(|(what, name, mime, size)| {
        (
            name,
            mime,
            Row {
                what,
                size,
                queue_ms: Vec::new(),
                send_ms: Vec::new(),
                hub_growth_mb: Vec::new(),
                desktop_growth_mb: Vec::new(),
            },
        )
    })
    .collect::<Vec<_>>();
    for (name, _, row) in &rows {
        make_file(&dir.path().join(name), row.size)?;
    }
    let desktop = Desktop::sign_in(&profile, &stack.hub_url, token).await?;
    let mut sent_before = 0;
    for run in 0..runs {
        // A fresh customer per run: WhatsApp's pacing per customer stays out of the figures.
        stack
            .customer_says(
                &format!("44770090{run:04}"),
                "Bench Customer",
                "Send me the files",
            )
            .await?;
        let conversation = until("the conversation", Duration::from_secs(30), || async {
            desktop.sync_once().await?;
            Ok(desktop
                .conversations()?
                .into_iter()
                .find(|c| c.conversation.wa_id == format!("44770090{run:04}"))
                .map(|c| c.conversation.id))
        })
        .await?;
        for (name, mime, row) in &mut rows {
            reset_peak(&hub_pid)?;
            reset_peak(&me)?;
            let (hub_before, me_before) =
                (status_kb(&hub_pid, "VmRSS:")?, status_kb(&me, "VmRSS:")?);
            let file = QueuedFile {
                name: (*name).to_owned(),
                mime_type: (*mime).to_owned(),
                size: row.size as i64,
                upload_id: None,
            };
            let started = Instant::now();
            let mut read = std::fs::File::open(dir.path().join(*name))?;
            desktop.attach(conversation, &file, "", None, &mut read)?;
            row.queue_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            let sending = Instant::now();
            desktop.sync_once().await?;
            until("the file at WhatsApp", Duration::from_secs(300), || async {
                Ok((stack.sent().await?.len() > sent_before).then_some(()))
            })
            .await?;
            sent_before += 1;
            row.send_ms.push(sending.elapsed().as_secs_f64() * 1000.0);
            row.hub_growth_mb
                .push(status_kb(&hub_pid, "VmHWM:")?.saturating_sub(hub_before) as f64 / 1024.0);
            row.desktop_growth_mb
                .push(status_kb(&me, "VmHWM:")?.saturating_sub(me_before) as f64 / 1024.0);
        }
    }
    println!(
        "| file | size | queue into the outbox | upload and send | hub peak RSS growth | desktop peak RSS growth |"
    );
    println!("|---|---|---|---|---|---|");
    let base_send = median(rows[0].2.send_ms.clone());
    for (_, _, row) in &rows {
        let send = median(row.send_ms.clone());
        println!(
            "| {} | {} MB | {:.0} ms | {:.0} ms ({:.1}x baseline) | {:.1} MiB | {:.1} MiB |",
            row.what,
            row.size / 1_000_000,
            median(row.queue_ms.clone()),
            send,
            send / base_send,
            median(row.hub_growth_mb.clone()),
            median(row.desktop_growth_mb.clone()),
        );
    }
    stack.stop().await;
    Ok(())
}
