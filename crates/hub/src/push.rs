//! The feed pushed on event streams. After each write the hub reads the
//! feed's new changes once ([`crate::queries::feed::tail`]) and every open
//! stream sends its caller the ones it may read, as a `page` event, so a
//! desktop that is up to date applies them without asking: a message costs
//! one read per hub, not one request per desktop. Whatever a stream cannot
//! push exactly as `/v1/changes` would serve it (a burst of more than
//! [`PUSH_LIMIT`] changes, a batch the stream missed, a caller the store
//! could not read again after tokens changed) it announces as before, with
//! the seq, and the desktop pulls.

use crate::db::types::AgentRow;
use crate::queries::feed::{Tail, TailEntry};
use std::sync::Arc;

/// The most changes a batch holds for pushing; more are pulled.
pub const PUSH_LIMIT: i64 = 200;

/// The batches kept for streams that missed some (their task ran after
/// several writes): a stream sends what it missed in one page.
pub const RECENT: usize = 16;

/// The feed's changes in `(after, next]`, read once for every stream.
#[derive(Debug)]
pub struct Batch {
    pub after: i64,
    pub next: i64,
    /// The tokens' generation when it was read (migration 0018).
    pub generation: i64,
    /// `None` when the batch is to be pulled, not pushed.
    pub entries: Option<Vec<TailEntry>>,
}

impl Batch {
    /// The batch [`crate::repo::HubStore::feed_tail`] read after `after`.
    pub fn read(after: i64, tail: Tail, generation: i64) -> Batch {
        match tail {
            Tail::Changes { next, entries } => Batch {
                after,
                next,
                generation,
                entries: Some(entries),
            },
            Tail::Pull { next } => Batch {
                after,
                next: next.max(after),
                generation,
                entries: None,
            },
        }
    }
}

/// The newest batches, oldest first (at most [`RECENT`]), as the streams
/// see them.
#[derive(Debug, Default)]
pub struct Recent {
    batches: std::collections::VecDeque<Arc<Batch>>,
    /// The feed's head before any batch was read.
    start: i64,
}

impl Recent {
    /// Nothing read yet; the feed's head is `seq`.
    pub fn at(seq: i64) -> Recent {
        Recent {
            batches: Default::default(),
            start: seq,
        }
    }

    /// These batches and `batch` after them, the oldest dropped past [`RECENT`].
    pub fn with(&self, batch: Batch) -> Recent {
        let mut batches = self.batches.clone();
        if batches.len() >= RECENT {
            batches.pop_front();
        }
        batches.push_back(Arc::new(batch));
        Recent {
            batches,
            start: self.start,
        }
    }

    /// The feed position the newest batch reaches.
    pub fn next(&self) -> i64 {
        self.batches.back().map_or(self.start, |b| b.next)
    }

    /// The tokens' generation the newest batch was read at.
    pub fn generation(&self) -> i64 {
        self.batches.back().map_or(0, |b| b.generation)
    }

    /// Where the batches from feed position `told` to the newest start,
    /// when they follow on from it without a gap and every one can be
    /// pushed.
    fn from(&self, told: i64) -> Option<usize> {
        let first = self.batches.iter().position(|b| b.after == told)?;
        let mut at = told;
        for batch in self.batches.range(first..) {
            if batch.after != at || batch.entries.is_none() {
                return None;
            }
            at = batch.next;
        }
        Some(first)
    }

    /// Whether a stream that told its caller up to `told` can push the rest.
    pub fn pushable_from(&self, told: i64) -> bool {
        self.from(told).is_some()
    }

    /// The `page` event's data for `agent` from `told` to the newest batch
    /// (a [`switchboard_protocol::PushedPage`] as JSON), or `None` when it is
    /// to be pulled.
    pub fn page_for(&self, told: i64, agent: &AgentRow) -> Option<String> {
        let first_batch = self.from(told)?;
        let mut json = format!("{{\"after\":{told},\"next\":{},\"changes\":[", self.next());
        let mut first = true;
        let entries = self
            .batches
            .range(first_batch..)
            .flat_map(|b| b.entries.iter().flatten());
        for entry in entries.filter(|e| e.visible_to(agent)) {
            if !first {
                json.push(',');
            }
            first = false;
            json.push_str(&entry.json);
        }
        json.push_str("],\"teams\":");
        json.push_str(&serde_json::to_string(&agent.teams).unwrap_or_else(|_| "[]".into()));
        json.push('}');
        Some(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{Change, PushedPage, Role};

    fn agent(id: i64, role: Role) -> AgentRow {
        AgentRow {
            id,
            name: format!("agent {id}"),
            role,
            disabled: false,
            teams: Vec::new(),
        }
    }

    fn entry(seq: i64, assignee: Option<i64>) -> TailEntry {
        revocation(seq, assignee, false)
    }

    /// An entry of conversation `seq` held by `assignee`: a revocation or
    /// (as far as who is served goes) any other change.
    fn revocation(seq: i64, assignee: Option<i64>, revocation: bool) -> TailEntry {
        let change = Change::Revoked {
            seq,
            conversation_id: seq,
        };
        TailEntry {
            seq,
            place: switchboard_protocol::Place {
                assignee,
                team: None,
            },
            exists: true,
            revocation,
            json: serde_json::to_string(&change)
                .unwrap_or_default()
                .into_boxed_str(),
        }
    }

    /// The changes a page for `agent` from `told` holds, by seq.
    fn seqs(recent: &Recent, told: i64, agent: &AgentRow) -> Option<Vec<i64>> {
        let json = recent.page_for(told, agent)?;
        let page: PushedPage =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} is not a page: {e}"));
        assert_eq!((page.after, page.next), (told, recent.next()));
        Some(page.changes.iter().map(Change::seq).collect())
    }

    fn batch(after: i64, next: i64, entries: Vec<TailEntry>) -> Batch {
        Batch {
            after,
            next,
            generation: 0,
            entries: Some(entries),
        }
    }

    #[test]
    fn a_page_holds_what_its_caller_may_read_and_parses_as_the_protocol_says() {
        let recent = Recent::at(10).with(batch(
            10,
            13,
            vec![entry(11, None), entry(12, Some(2)), entry(13, Some(3))],
        ));
        let page = |a| seqs(&recent, 10, &a).unwrap_or_default();
        assert_eq!(
            page(agent(2, Role::Agent)),
            [11, 12],
            "the queue and its own"
        );
        assert_eq!(page(agent(9, Role::Agent)), [11], "only the queue");
        assert_eq!(page(agent(1, Role::Admin)), [11, 12, 13]);
        assert_eq!(page(agent(4, Role::Viewer)), [11, 12, 13]);
    }

    #[test]
    fn a_revocation_goes_to_whoever_may_no_longer_read() {
        let mut erased = revocation(4, None, true);
        erased.exists = false;
        let recent = Recent::at(0).with(batch(0, 4, vec![revocation(3, Some(2), true), erased]));
        let page = |a| seqs(&recent, 0, &a).unwrap_or_default();
        assert_eq!(
            page(agent(9, Role::Agent)),
            [3, 4],
            "claimed by another, and erased"
        );
        assert_eq!(page(agent(2, Role::Agent)), [4], "its holder keeps it");
        assert_eq!(page(agent(1, Role::Admin)), [4]);
    }

    #[test]
    fn a_stream_that_missed_batches_is_pushed_them_together_while_they_are_kept() {
        let mut recent = Recent::at(0);
        for n in 0..RECENT as i64 + 2 {
            recent = recent.with(batch(n, n + 1, vec![entry(n + 1, None)]));
        }
        let admin = agent(1, Role::Admin);
        let newest = recent.next();
        assert_eq!(
            seqs(&recent, newest - 3, &admin),
            Some(vec![newest - 2, newest - 1, newest])
        );
        assert_eq!(seqs(&recent, 0, &admin), None, "too far behind: pull");
        assert_eq!(seqs(&recent, newest - 1, &admin), Some(vec![newest]));
    }

    #[test]
    fn a_batch_to_pull_stops_the_push_until_the_stream_is_past_it() {
        let admin = agent(1, Role::Admin);
        let recent = Recent::at(5)
            .with(Batch::read(5, Tail::Pull { next: 900 }, 0))
            .with(batch(900, 901, vec![entry(901, None)]));
        assert_eq!(recent.next(), 901);
        assert_eq!(seqs(&recent, 5, &admin), None);
        assert_eq!(seqs(&recent, 900, &admin), Some(vec![901]));
        let gap = Recent::at(0)
            .with(batch(0, 2, vec![]))
            .with(batch(3, 4, vec![]));
        assert!(!gap.pushable_from(0), "a gap between batches: pull");
    }
}
