//! The hub's heap: what it holds, and giving back what it no longer does.
//!
//! glibc's allocator keeps memory a burst freed (a backlog of webhooks
//! after the database returns, thousands of reconnecting streams) in its
//! arenas for the next burst, and gives back by itself only what lies at
//! the top of a heap. Over hours of such bursts a hub's resident memory
//! grows although what it holds does not (RELIABILITY.md, "No leak"). So
//! the hub asks the allocator every minute to return the free pages of
//! every arena (`malloc_trim`, which releases whole free pages with
//! `madvise`; 6 ms for 64 MB freed among blocks in use in the test below,
//! on a blocking thread), and reports both
//! figures on `/metrics`: what the heap holds (`in_use`) and what it keeps
//! free, so a leak (in use growing) is told from a heap that was not
//! given back (free growing).

use std::time::Duration;

/// How often the free pages go back to the system.
pub const TRIM_EVERY: Duration = Duration::from_secs(60);

/// The heap's bytes in use and kept free, as the allocator counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heap {
    pub in_use: u64,
    pub free: u64,
}

/// The heap now; `None` where the allocator cannot say (not glibc).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn usage() -> Option<Heap> {
    // SAFETY: `mallinfo2` takes no argument and returns a plain struct of
    // counters; it only reads the allocator's own bookkeeping.
    let info = unsafe { libc::mallinfo2() };
    Some(Heap {
        // Small blocks and blocks served by their own mapping.
        in_use: (info.uordblks + info.hblkhd) as u64,
        free: info.fordblks as u64,
    })
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn usage() -> Option<Heap> {
    None
}

/// Gives the free pages of every arena back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn trim() {
    // SAFETY: `malloc_trim` only releases pages the allocator holds free;
    // no block in use moves or changes.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}

/// Trims the heap every [`TRIM_EVERY`] until the hub stops.
pub async fn keep_trimmed() {
    let mut every = tokio::time::interval(TRIM_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every.tick().await;
    loop {
        every.tick().await;
        // It walks every arena under its lock: not on a worker thread.
        let _ = tokio::task::spawn_blocking(trim).await;
    }
}

#[cfg(test)]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod tests {
    /// Set in the copy of this test binary that measures alone (a marker
    /// between the test and itself, not a setting: no project prefix).
    const ALONE: &str = "HEAP_TEST_MEASURES_ALONE";

    /// This process's resident memory (kB).
    fn resident_kb() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    }

    /// A burst freed among blocks still in use (the shape a backlog leaves:
    /// requests' buffers gone, a few long-lived rows between them) stays
    /// resident until trimmed, then goes back. Measured in a process of its
    /// own (this binary again, running this test alone), since the other
    /// tests' allocations would move the figures.
    #[test]
    fn a_freed_burst_goes_back_to_the_system_when_trimmed() {
        if std::env::var_os(ALONE).is_none() {
            let Ok(me) = std::env::current_exe() else {
                panic!("no path to this test binary");
            };
            let out = std::process::Command::new(me)
                .args([
                    "--exact",
                    "heap::tests::a_freed_burst_goes_back_to_the_system_when_trimmed",
                    "--test-threads=1",
                    "--nocapture",
                ])
                .env(ALONE, "1")
                .output();
            let Ok(out) = out else {
                panic!("the test binary did not start again");
            };
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && said.contains("1 passed"),
                "the measurement alone failed:\n{said}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        let base = resident_kb();
        let mut burst = Vec::with_capacity(1024);
        let mut kept = Vec::with_capacity(1024);
        for i in 0..1024usize {
            burst.push(vec![(i % 251) as u8; 64 * 1024]);
            kept.push(Box::new(i));
        }
        let full = resident_kb();
        assert!(
            full > base + 48 * 1024,
            "the burst is resident: {base} → {full} kB"
        );
        drop(burst);
        let freed = resident_kb();
        assert!(
            freed > base + 32 * 1024,
            "without a trim the allocator keeps the freed burst: {base} → {freed} kB"
        );
        let held = super::usage().map(|h| h.in_use).unwrap_or(u64::MAX);
        assert!(
            held < 16 * 1024 * 1024,
            "the heap holds little once freed: {held} B"
        );
        let took = std::time::Instant::now();
        super::trim();
        let took = took.elapsed();
        let trimmed = resident_kb();
        println!(
            "resident: {base} kB, with the burst {full}, freed {freed}, trimmed {trimmed} in {took:?}"
        );
        assert!(
            trimmed < base + 16 * 1024,
            "trimmed, the freed burst is no longer resident: {base} kB before it, {freed} kB freed, {trimmed} kB trimmed"
        );
        assert_eq!(kept.iter().map(|k| **k).sum::<usize>(), 1023 * 1024 / 2);
    }
}
