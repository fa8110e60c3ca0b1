//! What the shell tells the page: sync rounds, how far a first sync has
//! come, who is viewing a thread, a notification clicked, files dropped.
//!
//! The page pulls them with the `events` command, a long poll: it returns
//! at once when events are waiting, else when the next one comes. Tauri's
//! own events would push them, but each `listen` and each `emit` of those
//! evaluates a script from the app's process, and the script's result
//! keeps a JavaScriptCore virtual machine alive there: 2.5 MB for nothing
//! (BENCHMARKS.md, "Desktop app").
//!
//! Every event has a sequence number. The page passes the `next` of the
//! batch it last received; a page that starts (or reloads) asks with none
//! and is told the current position, so a request still open for an
//! earlier page takes nothing from the new one. The log keeps the latest
//! [`CAPACITY`] events; a page further behind is told so (`gap`) and
//! reloads what it shows.

use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use switchboard_core::UiError;
use switchboard_core::desktop::SyncProgress;
use switchboard_protocol::Presence;
use tokio::sync::watch;

/// Events kept for a page that is behind.
pub const CAPACITY: usize = 1024;

/// How long a request with nothing to return waits before returning
/// empty, so that no request stays open for ever.
pub const WAIT: Duration = Duration::from_secs(25);

/// One thing the page hears, as `{kind, payload}`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "kind", content = "payload", rename_all = "kebab-case")]
#[ts(export)]
pub enum UiEvent {
    /// A sync round ended.
    Sync(SyncEvent),
    /// A catch-up with the hub's feed moved on.
    SyncProgress(SyncProgress),
    /// Who is viewing or typing where.
    Presence(Presence),
    /// A notification was clicked: open this conversation.
    OpenConversation(i64),
    /// Files were dropped on the window (how many).
    FilesDropped(usize),
}

/// What the UI hears after every sync round.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncEvent {
    pub ok: bool,
    pub changes: usize,
    pub error: Option<UiError>,
}

/// What one `events` request returns.
#[derive(Debug, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EventBatch {
    pub events: Vec<UiEvent>,
    /// What to pass as `after` in the next request.
    #[ts(type = "number")]
    pub next: u64,
    /// Events between `after` and these were dropped (the page was too far
    /// behind, or asked from a position this log never had): reload what
    /// is shown.
    pub gap: bool,
}

pub struct Events {
    log: Mutex<Log>,
    /// The log's `next` after each push, to wake waiting requests.
    pushed: watch::Sender<u64>,
}

struct Log {
    /// The sequence number the next event gets.
    next: u64,
    kept: VecDeque<(u64, UiEvent)>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            log: Mutex::new(Log {
                next: 0,
                kept: VecDeque::new(),
            }),
            pushed: watch::Sender::new(0),
        }
    }
}

impl Events {
    fn log(&self) -> MutexGuard<'_, Log> {
        // A push cannot leave the log half-written, so a panic elsewhere
        // while it was held does not make it wrong.
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn push(&self, event: UiEvent) {
        let next = {
            let mut log = self.log();
            let seq = log.next;
            log.next += 1;
            log.kept.push_back((seq, event));
            if log.kept.len() > CAPACITY {
                log.kept.pop_front();
            }
            log.next
        };
        self.pushed.send_replace(next);
    }

    /// The events from `after` on, or `None` when there are none yet.
    fn read(&self, after: u64) -> Option<EventBatch> {
        let log = self.log();
        if after > log.next {
            return Some(EventBatch {
                events: Vec::new(),
                next: log.next,
                gap: true,
            });
        }
        if after == log.next {
            return None;
        }
        let oldest = log.kept.front().map_or(log.next, |(seq, _)| *seq);
        Some(EventBatch {
            events: log
                .kept
                .iter()
                .filter(|(seq, _)| *seq >= after)
                .map(|(_, e)| e.clone())
                .collect(),
            next: log.next,
            gap: after < oldest,
        })
    }

    /// The events after `after`, waiting up to `wait` for one when there
    /// are none yet; without `after`, the current position at once.
    pub async fn next(&self, after: Option<u64>, wait: Duration) -> EventBatch {
        let Some(after) = after else {
            return EventBatch {
                events: Vec::new(),
                next: self.log().next,
                gap: false,
            };
        };
        // Subscribed before reading: a push after the read wakes us.
        let mut pushed = self.pushed.subscribe();
        let deadline = tokio::time::sleep(wait);
        tokio::pin!(deadline);
        loop {
            if let Some(batch) = self.read(after) {
                return batch;
            }
            tokio::select! {
                changed = pushed.changed() => if changed.is_err() { break },
                () = &mut deadline => break,
            }
        }
        EventBatch {
            events: Vec::new(),
            next: after,
            gap: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn opened(id: i64) -> UiEvent {
        UiEvent::OpenConversation(id)
    }

    fn ids(batch: &EventBatch) -> Vec<i64> {
        batch
            .events
            .iter()
            .filter_map(|e| match e {
                UiEvent::OpenConversation(id) => Some(*id),
                _ => None,
            })
            .collect()
    }

    fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
    }

    #[test]
    fn a_page_gets_every_event_after_its_position_in_order() -> std::io::Result<()> {
        runtime()?.block_on(async {
            let events = Events::default();
            events.push(opened(1));
            // A page that starts hears only what comes after it.
            let start = events.next(None, WAIT).await;
            assert!(start.events.is_empty() && !start.gap);
            events.push(opened(2));
            events.push(opened(3));
            let batch = events.next(Some(start.next), WAIT).await;
            assert_eq!(ids(&batch), vec![2, 3]);
            assert!(!batch.gap);
            // A request left over from an earlier page took nothing: the
            // same position reads the same events again.
            assert_eq!(ids(&events.next(Some(start.next), WAIT).await), vec![2, 3]);
        });
        Ok(())
    }

    #[test]
    fn a_waiting_request_is_answered_by_the_next_push() -> std::io::Result<()> {
        runtime()?.block_on(async {
            let events = Arc::new(Events::default());
            let at = events.next(None, WAIT).await.next;
            let waiting = tokio::spawn({
                let events = events.clone();
                async move { events.next(Some(at), Duration::from_secs(60)).await }
            });
            // Let the request start waiting, then push.
            tokio::task::yield_now().await;
            events.push(opened(7));
            let batch = waiting.await.map_err(std::io::Error::other)?;
            assert_eq!(ids(&batch), vec![7]);
            Ok::<(), std::io::Error>(())
        })
    }

    #[test]
    fn a_request_with_nothing_to_say_returns_empty_after_the_wait() -> std::io::Result<()> {
        runtime()?.block_on(async {
            let events = Events::default();
            let at = events.next(None, WAIT).await.next;
            let batch = events.next(Some(at), Duration::from_millis(10)).await;
            assert!(batch.events.is_empty() && !batch.gap);
            assert_eq!(batch.next, at);
        });
        Ok(())
    }

    #[test]
    fn a_page_too_far_behind_is_told_of_the_gap() -> std::io::Result<()> {
        runtime()?.block_on(async {
            let events = Events::default();
            for id in 0..(CAPACITY as i64 + 10) {
                events.push(opened(id));
            }
            let batch = events.next(Some(0), WAIT).await;
            assert!(batch.gap);
            assert_eq!(batch.events.len(), CAPACITY);
            assert_eq!(ids(&batch).first(), Some(&10));
            // A position this log never had (a page from an earlier run).
            let from_elsewhere = events.next(Some(u64::MAX), WAIT).await;
            assert!(from_elsewhere.gap && from_elsewhere.events.is_empty());
            assert_eq!(from_elsewhere.next, CAPACITY as u64 + 10);
        });
        Ok(())
    }
}
