//! The sync loop: the outbox out and the hub's feed in, in groups that
//! commit with their cursor, driven by the hub's event stream, local
//! replies, a timer and waking from sleep; and what a round reports (the
//! changes, the notices, the replies sent, the progress of a catch-up).

use super::Desktop;
use crate::error::{CoreError, Result};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use switchboard_protocol::auth_codes;
use tokio::sync::Notify;

/// What one round of sync did.
#[derive(Debug, Default, Clone)]
pub struct SyncReport {
    pub changes: usize,
    /// What deserves a notification (decided by [`crate::notify::decide`]).
    pub notices: Vec<crate::notify::Notice>,
    pub sent: usize,
}

/// Changes asked of the hub per feed request (its largest page).
const FEED_PAGE: i64 = 1_000;

/// The longest a catch-up gathers pages for one group before applying it.
const GROUP_TIME: std::time::Duration = std::time::Duration::from_secs(1);

/// Changes applied per store transaction during a catch-up: large enough
/// that a first sync of a big history commits rarely (each commit sorts and
/// writes the full-text index's new entries once), small enough that the
/// cursor moves about once a second and the group held in memory stays in
/// tens of megabytes (BENCHMARKS.md: 38,000 messages/s at 10,000, 57,000 at
/// 50,000, 60,500 at 100,000).
pub const APPLY_GROUP: usize = 50_000;

/// A round that applied this many changes was a catch-up (live traffic
/// brings a handful per round): its write-ahead log is truncated afterwards
/// ([`crate::store::Store::truncate_log`]).
const CATCH_UP: usize = 1_000;

/// [`APPLY_GROUP`], or `SWITCHBOARD_SYNC_GROUP` (1 to 100,000) where it is set:
/// smaller groups move the cursor more often at some cost in speed.
pub(super) fn apply_group() -> usize {
    std::env::var("SWITCHBOARD_SYNC_GROUP")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| (1..=100_000).contains(n))
        .unwrap_or(APPLY_GROUP)
}

/// How far the current catch-up with the hub's feed has come, in feed
/// positions: `applied` of `total` since it `started`. `applied == total`
/// when this copy is up to date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncProgress {
    pub started: i64,
    pub applied: i64,
    pub total: i64,
}

impl Desktop {
    /// Follows the progress of catching up with the hub (for a progress bar).
    pub fn progress(&self) -> tokio::sync::watch::Receiver<SyncProgress> {
        self.progress.subscribe()
    }

    /// Asks the hub who we are now (the role may have changed).
    pub async fn refresh_me(&self) -> Result<()> {
        let me = self.client.me().await?;
        if let Ok(mut slot) = self.me.write() {
            *slot = me;
        }
        Ok(())
    }

    /// Pulls the feed until it is drained. Feed pages are applied in groups
    /// of up to [`APPLY_GROUP`] changes (or what a second of fetching
    /// brought), each group and its cursor in one
    /// transaction (a large first sync commits far fewer times), and the next
    /// group is fetched while one is being applied.
    pub async fn pull(&self) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let started = self.store.cursor()?;
        let mut after = started;
        // What the hub pushed, when it follows on from the cursor, is
        // applied as it came: no request, unless the hub said the feed
        // went further.
        if let Some((changes, next, teams)) = self.pushed.take_after(after) {
            report.changes += changes.len();
            self.apply_changes(&changes, next, teams, started, &mut report)?;
            after = next;
            if after >= self.pushed.latest() {
                self.progress.send_replace(SyncProgress {
                    started,
                    applied: after,
                    total: after,
                });
                self.store.purge_pending()?;
                return Ok(report);
            }
        }
        let mut prefetched: Option<
            tokio::task::JoinHandle<Result<switchboard_protocol::ChangePage>>,
        > = None;
        loop {
            let mut page = match prefetched.take() {
                Some(fetch) => fetch.await.map_err(|_| CoreError::Invalid("sync task"))??,
                None => self.client.changes(after, FEED_PAGE).await?,
            };
            let mut changes = std::mem::take(&mut page.changes);
            // A group is full at `apply_group` changes, or after a second of
            // fetching: when the hub or the line is slow, the cursor and the
            // progress bar still move every second or so.
            let gathering = std::time::Instant::now();
            while page.more
                && page.next > after
                && changes.len() < self.apply_group
                && gathering.elapsed() < GROUP_TIME
            {
                let cursor = page.next;
                page = self.client.changes(cursor, FEED_PAGE).await?;
                changes.append(&mut page.changes);
            }
            let next = page.next;
            let more = page.more && next > after;
            if more {
                let client = self.client.clone();
                prefetched = Some(tokio::spawn(async move {
                    client.changes(next, FEED_PAGE).await
                }));
            }
            report.changes += changes.len();
            self.apply_changes(&changes, next, page.teams.take(), started, &mut report)?;
            let total = page.latest.max(next);
            self.progress.send_replace(SyncProgress {
                started,
                applied: if more { next } else { total },
                total,
            });
            if !more {
                // Drained: whatever the hub told before this pull is in.
                self.pushed.caught_up(total);
                // Revoked conversations are gone from every view already;
                // their messages leave now, a short transaction at a time.
                self.store.purge_pending()?;
                return Ok(report);
            }
            after = next;
        }
    }

    /// Applies one group of the feed and moves the cursor to `next`, in one
    /// transaction (a crash half-way resumes at the last group applied, with
    /// no gap and no repeat), and adds what deserves a notification to
    /// `report` (nothing during a first sync, which brings history, not
    /// news).
    fn apply_changes(
        &self,
        changes: &[switchboard_protocol::Change],
        next: i64,
        teams: Teams,
        started: i64,
        report: &mut SyncReport,
    ) -> Result<()> {
        // The page was read with the caller's teams as the hub knew them:
        // a membership that changed since the desktop asked who it is is
        // the one its changes are checked with.
        if let Some(teams) = teams
            && let Ok(mut slot) = self.me.write()
            && slot.teams != teams
        {
            slot.teams = teams;
        }
        let me = self.me();
        let applied = self.store.apply(changes, next, &me)?;
        if started == 0 {
            return Ok(());
        }
        let claimed = self
            .claimed_here
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default();
        let lookup = |id: i64| {
            self.store
                .conversation(id)
                .ok()
                .map(|c| crate::notify::Seen {
                    assignee: c.assignee,
                    team: c.team_id,
                    name: c
                        .contact_name
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| format!("+{}", c.wa_id)),
                })
        };
        report
            .notices
            .extend(crate::notify::decide(&me, &applied, lookup, &claimed));
        Ok(())
    }

    /// One full round: outbox and waiting macro steps out, feed in.
    pub async fn sync_once(&self) -> Result<SyncReport> {
        let round = async {
            // A reply the hub answered but could not take now (5xx: its
            // store full or away; 429) waits in the outbox with why, and the
            // round still reads the feed: one reply the hub cannot store
            // must not freeze the agent's inbox. It is sent again next round.
            let sent = match self.flush_outbox().await {
                Ok(sent) => sent,
                Err(CoreError::Hub { status, .. }) if status >= 500 || status == 429 => 0,
                Err(e) => return Err(e),
            };
            // A macro's steps that waited go after the replies queued with them.
            let refused = self.flush_actions().await?;
            let mut report = self.pull().await?;
            report.sent = sent;
            report.notices.extend(refused);
            // The team's names and the canned replies, kept for offline use.
            if let Err(e) = self.refresh_lists().await {
                tracing::warn!(error = %e.to_ui().message, "team and canned replies not refreshed");
            }
            // An alert that cannot be read now is read at a later round.
            match self.new_alerts().await {
                Ok(notices) => report.notices.extend(notices),
                Err(e) => tracing::warn!(error = %e.to_ui().message, "WhatsApp alerts not read"),
            }
            if report.changes >= CATCH_UP {
                // The log is as large as what the round wrote: give the
                // disk back (a failure costs only disk space).
                if let Err(e) = self.store.truncate_log() {
                    tracing::warn!(error = %e.to_ui().message, "write-ahead log not truncated");
                }
            }
            Ok(report)
        };
        match round.await {
            // The hub itself says the token no longer works (revoked, expired,
            // agent disabled, unknown to it): this desktop may read nothing
            // any more. A 401 without one of those codes (a proxy in front of
            // the hub, a misconfigured address) erases nothing.
            Err(CoreError::Hub {
                status: 401,
                code,
                message,
            }) if auth_codes::is_revocation(&code) => {
                self.store.purge_all()?;
                self.profile.secrets().forget_token()?;
                Err(CoreError::SignedOut(message))
            }
            other => other,
        }
    }

    /// Keeps the store in step with the hub until the process ends: follows the
    /// hub's event stream and syncs on every wake-up, on every local reply, and
    /// every 30 s regardless. `on_round` sees each round's outcome.
    pub async fn run(self: Arc<Self>, on_round: impl Fn(Result<SyncReport>) + Send + 'static) {
        // After the machine slept, the event stream is most likely dead
        // without having said so: follow it afresh and catch up at once.
        let reconnect = Arc::new(Notify::new());
        let _follower = AbortOnDrop({
            let me = self.clone();
            let reconnect = reconnect.clone();
            tokio::spawn(async move {
                let mut backoff = Duration::from_millis(500);
                loop {
                    let _ = me.refresh_me().await;
                    let outcome = tokio::select! {
                        outcome = me.client.follow_events(|event| match event {
                            crate::hub_client::HubEvent::Changes(seq) => {
                                me.pushed.heard(seq);
                                me.wake.notify_one();
                            }
                            crate::hub_client::HubEvent::Page(page) => {
                                me.pushed.offer(page);
                                me.wake.notify_one();
                            }
                            crate::hub_client::HubEvent::Lists(generation) => {
                                if me.lists.told(generation) {
                                    me.wake.notify_one();
                                }
                            }
                            crate::hub_client::HubEvent::Presence(p) => {
                                // Nobody listening is nobody to tell.
                                let _ = me.presence.send(p);
                            }
                        }) => outcome,
                        () = reconnect.notified() => Ok(()),
                    };
                    if outcome.is_ok() {
                        backoff = Duration::from_millis(500);
                    }
                    // Jitter, so desktops that lost the hub together do not
                    // all come back in the same instant.
                    let jitter = backoff.mul_f64(rand::random::<f64>() * 0.5);
                    tokio::time::sleep(backoff + jitter).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                    me.wake.notify_one();
                }
            })
        });
        let _sleep_watch = AbortOnDrop({
            let me = self.clone();
            tokio::spawn(async move {
                let tick = Duration::from_secs(5);
                loop {
                    let (mono, wall) = (std::time::Instant::now(), std::time::SystemTime::now());
                    tokio::time::sleep(tick).await;
                    let wall_gone = wall.elapsed().unwrap_or_default();
                    if woke_from_sleep(mono.elapsed(), wall_gone) {
                        tracing::info!("the computer slept; catching up with the hub");
                        reconnect.notify_one();
                        me.wake.notify_one();
                    }
                }
            })
        });
        loop {
            if self.one_round(&on_round).await {
                return;
            }
            let _ = tokio::time::timeout(self.until_next_round(), self.wake.notified()).await;
        }
    }
}

/// How long before a service-level target falls due its holder is warned
/// (seconds).
pub const WARN_BEFORE_DUE: i64 = 15 * 60;

impl Desktop {
    /// One turn of the sync loop: the snoozes whose time came end
    /// (whether the hub answers or not), then a sync round; `on_round`
    /// sees what happened. Returns whether the hub signed this desktop out.
    async fn one_round(&self, on_round: &impl Fn(Result<SyncReport>)) -> bool {
        // What this copy's own clock did: snoozes ended before the round,
        // and after it the warnings of due times (the hub may just have set them).
        let mut local = self.wake_snoozed();
        let mut round = self.sync_once().await;
        let warnings = self.due_warnings();
        local.changes += warnings.len();
        local.notices.extend(warnings);
        match &mut round {
            Ok(report) => {
                report.changes += local.changes;
                report.notices.append(&mut local.notices);
            }
            Err(_) if local.changes > 0 => on_round(Ok(local)),
            Err(_) => {}
        }
        let signed_out = matches!(round, Err(CoreError::SignedOut(_)));
        on_round(round);
        signed_out
    }

    /// Warns the signed-in agent of its conversations (and a lead of its
    /// team's) whose service-level target falls due within
    /// [`WARN_BEFORE_DUE`] seconds, once per due time, from this copy alone.
    fn due_warnings(&self) -> Vec<crate::notify::Notice> {
        let me = self.me();
        let warned = match self
            .store
            .due_warnings(crate::store::unix_now(), WARN_BEFORE_DUE)
        {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e.to_ui().message, "due times not checked");
                return Vec::new();
            }
        };
        warned
            .into_iter()
            .filter(|&(_, holder, team)| holder == Some(me.agent_id) || me.who().leads(team))
            .filter_map(|(id, _, _)| self.store.conversation(id).ok())
            .map(|c| {
                let overdue = c.due_at.is_some_and(|d| d <= crate::store::unix_now());
                crate::notify::Notice {
                    conversation_id: c.id,
                    title: crate::i18n::text(
                        if overdue {
                            "notice-overdue"
                        } else {
                            "notice-due-soon"
                        },
                        &[],
                    ),
                    body: c.contact_name.unwrap_or(c.wa_id),
                    kind: crate::notify::NoticeKind::Personal,
                }
            })
            .collect()
    }

    /// Ends the snoozes whose time has come (a report of this copy's own:
    /// how many, and a notice for each of the signed-in agent's).
    fn wake_snoozed(&self) -> SyncReport {
        let woken = match self.store.wake_snoozed(crate::store::unix_now()) {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e.to_ui().message, "snoozed conversations not woken");
                Vec::new()
            }
        };
        let me = self.me().agent_id;
        let notices = woken
            .iter()
            .filter(|&&(_, holder)| holder == Some(me))
            .filter_map(|&(id, _)| self.store.conversation(id).ok())
            .map(|c| crate::notify::Notice {
                conversation_id: c.id,
                title: crate::i18n::text("notice-snooze-ended", &[]),
                body: c.contact_name.unwrap_or(c.wa_id),
                kind: crate::notify::NoticeKind::Personal,
            })
            .collect();
        SyncReport {
            changes: woken.len(),
            notices,
            sent: 0,
        }
    }

    /// How long the sync loop waits for a reason to go round: 30 s, or
    /// less when a snooze ends sooner.
    fn until_next_round(&self) -> Duration {
        let most = Duration::from_secs(30);
        let next = [
            self.store.next_wake().ok().flatten(),
            self.store.next_due_warning(WARN_BEFORE_DUE).ok().flatten(),
        ];
        match next.into_iter().flatten().min() {
            Some(at) => {
                let secs = (at - crate::store::unix_now()).clamp(0, 30) as u64;
                Duration::from_secs(secs)
                    .min(most)
                    .max(Duration::from_millis(200))
            }
            None => most,
        }
    }
}

/// The most pushed pages kept waiting for the sync loop; past it they are
/// dropped and the feed is pulled instead.
const PUSHED_PAGES: usize = 64;

/// The caller's teams a page was read with, when the hub said.
type Teams = Option<Vec<switchboard_protocol::Membership>>;

/// Pages of the feed the hub pushed on the event stream
/// ([`switchboard_protocol::PushedPage`]), waiting for the sync loop, and
/// the furthest feed position the hub has told of.
#[derive(Default)]
pub(super) struct Pushed {
    pages: std::sync::Mutex<std::collections::VecDeque<switchboard_protocol::PushedPage>>,
    latest: std::sync::atomic::AtomicI64,
}

impl Pushed {
    /// The hub said the feed reached `seq` (or only that it grew).
    pub(super) fn heard(&self, seq: Option<i64>) {
        let seq = seq.unwrap_or(i64::MAX);
        self.latest
            .fetch_max(seq, std::sync::atomic::Ordering::SeqCst);
    }

    /// A page the hub pushed.
    pub(super) fn offer(&self, page: switchboard_protocol::PushedPage) {
        self.heard(Some(page.next));
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= PUSHED_PAGES {
                pages.clear();
            }
            pages.push_back(page);
        }
    }

    /// A pull drained the feed up to `seq`: a wake-up that did not say how
    /// far (taken as [`i64::MAX`]) is answered, so pushed pages that follow
    /// on are applied without a pull again. A position told past `seq`
    /// meanwhile is lowered too, which costs nothing: pages only ever apply
    /// where they follow on from the cursor, and its wake-up brings a round
    /// that pulls.
    pub(super) fn caught_up(&self, seq: i64) {
        self.latest
            .fetch_min(seq, std::sync::atomic::Ordering::SeqCst);
    }

    /// The furthest feed position told ([`i64::MAX`] when a wake-up did not
    /// say): the sync loop pulls unless its cursor reached it.
    pub(super) fn latest(&self) -> i64 {
        self.latest.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The pushed changes after `cursor`, as far as the pages follow on from
    /// it without a gap, and the cursor after them; `None` when no page
    /// does. Pages behind the cursor are dropped; pages past a gap wait (a
    /// pull closes the gap and they are dropped next time).
    pub(super) fn take_after(
        &self,
        cursor: i64,
    ) -> Option<(Vec<switchboard_protocol::Change>, i64, Teams)> {
        let mut pages = self.pages.lock().ok()?;
        let mut at = cursor;
        let mut changes = Vec::new();
        let mut teams = None;
        while let Some(page) = pages.front() {
            if page.next <= at {
                pages.pop_front();
            } else if page.after <= at {
                let page = pages.pop_front()?;
                changes.extend(page.changes.into_iter().filter(|c| c.seq() > at));
                at = page.next;
                teams = page.teams.or(teams);
            } else {
                break;
            }
        }
        (at > cursor).then_some((changes, at, teams))
    }
}

/// The monotonic clock stands still while the computer sleeps and the wall
/// clock does not: a wall clock well ahead of it means the machine slept (or
/// the clock was set forward, where catching up costs one extra round).
fn woke_from_sleep(monotonic: Duration, wall: Duration) -> bool {
    wall > monotonic + Duration::from_secs(10)
}

/// Stops the event follower when the sync loop's future is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::{Pushed, woke_from_sleep};
    use std::time::Duration;
    use switchboard_protocol::{Change, PushedPage};

    fn page(after: i64, next: i64, seqs: &[i64]) -> PushedPage {
        PushedPage {
            after,
            next,
            changes: seqs
                .iter()
                .map(|&seq| Change::Revoked {
                    seq,
                    conversation_id: seq,
                })
                .collect(),
            teams: None,
        }
    }

    fn seqs(taken: Option<(Vec<Change>, i64, super::Teams)>) -> Option<(Vec<i64>, i64)> {
        taken.map(|(changes, next, _)| (changes.iter().map(Change::seq).collect(), next))
    }

    #[test]
    fn pushed_pages_apply_only_where_they_follow_on_from_the_cursor() {
        let pushed = Pushed::default();
        assert_eq!(pushed.take_after(10), None, "nothing pushed");
        pushed.offer(page(10, 12, &[11, 12]));
        pushed.offer(page(12, 15, &[14]));
        pushed.offer(page(20, 22, &[21]));
        assert_eq!(pushed.latest(), 22);
        assert_eq!(
            seqs(pushed.take_after(11)),
            Some((vec![12, 14], 15)),
            "from inside the first page, up to the gap"
        );
        assert_eq!(pushed.take_after(15), None, "a gap: pull");
        assert_eq!(seqs(pushed.take_after(20)), Some((vec![21], 22)));
        pushed.offer(page(30, 31, &[31]));
        assert_eq!(pushed.take_after(40), None, "behind the cursor: dropped");
        assert_eq!(pushed.take_after(30), None, "and gone");
    }

    #[test]
    fn a_wake_up_without_a_seq_means_pull() {
        let pushed = Pushed::default();
        pushed.offer(page(1, 2, &[2]));
        pushed.heard(None);
        assert_eq!(pushed.latest(), i64::MAX);
        pushed.caught_up(40);
        assert_eq!(pushed.latest(), 40, "until a pull drains the feed");
    }

    #[test]
    fn a_wall_clock_far_ahead_of_the_monotonic_one_is_a_wake_up() {
        let s = Duration::from_secs;
        assert!(!woke_from_sleep(s(5), s(5)), "a normal tick");
        assert!(
            !woke_from_sleep(s(5), s(9)),
            "a little drift or a busy machine"
        );
        assert!(!woke_from_sleep(s(5), s(0)), "the clock set back");
        assert!(woke_from_sleep(s(5), s(3_600)), "an hour asleep");
    }
}
