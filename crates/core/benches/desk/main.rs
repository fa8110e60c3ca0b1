//! The desktop store at a busy desk's scale (BENCHMARKS.md, "Desktop store").
//!
//! `cargo bench -p switchboard-core --bench desk` builds an SQLCipher store of
//! `BENCH_MESSAGES` messages (default 1,000,000) in `BENCH_CONVERSATIONS`
//! conversations (default 20,000; one thread of 120,000 messages) through
//! the sync path (`Store::apply`, groups of `APPLY_GROUP` changes as the sync
//! engine applies them; `BENCH_PAGE` changes that), then measures what the
//! UI asks of it, checking each answer it times. The feed is shaped like
//! the hub's own (`feed.rs`: a conversation change before every message,
//! agents' actions, statuses and edits between them, short texts in three
//! languages); `BENCH_SHAPE=synthetic` fills it instead with messages only
//! (every conversation sent once up front; three threads of 5,000+; text of
//! 20–400 characters drawn from a Zipf-like made-up vocabulary). `BENCH_DIR` says where the store goes (default: a temp folder).
//! With `--features plain-store` it first runs the same workload on SQLCipher
//! and on plain SQLite (`BENCH_COMPARE_MESSAGES`, default 200,000) side by side.
//! `BENCH_ONLY=apply` stops after applying (and the comparison): for
//! measuring changes to the apply path quickly.
//! Every figure is the median (and p95 / p99) of repeated runs in this one
//! process; the OFFSET baseline is measured in the same run.

mod feed;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};
use switchboard_core::desktop::APPLY_GROUP;
use switchboard_core::store::{SearchHit, Store, ThreadPage, View};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Me, Message, Role,
};

const KEY: [u8; 32] = [0x5a; 32];

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Median, p95 and p99 of `samples`, in milliseconds.
fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples
            .get(i)
            .map(|d| d.as_secs_f64() * 1e3)
            .unwrap_or(f64::NAN)
    };
    (at(0.5), at(0.95), at(0.99))
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect()
}

fn report(what: &str, samples: Vec<Duration>) {
    let (p50, p95, p99) = stats(samples);
    println!("{what:<58} p50 {p50:>9.3} ms  p95 {p95:>9.3} ms  p99 {p99:>9.3} ms");
}

/// A vocabulary of made-up words; word `i` is drawn with weight 1/(i+1).
struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new(n: usize, rng: &mut StdRng) -> Words {
        let syllables = [
            "ka", "lo", "mi", "ne", "ra", "to", "su", "pe", "di", "an", "or", "el", "ship", "pack",
            "ord", "del", "iv", "ery", "pay", "ment",
        ];
        let mut words = Vec::with_capacity(n);
        let mut seen = std::collections::HashSet::new();
        while words.len() < n {
            let len = rng.gen_range(1..4);
            let w: String = (0..len)
                .map(|_| syllables[rng.gen_range(0..syllables.len())])
                .collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / (i as f64 + 1.0);
                total
            })
            .collect();
        Words { words, cumulative }
    }

    fn pick(&self, rng: &mut StdRng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.gen_range(0.0..total);
        let i = self.cumulative.partition_point(|c| *c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn text(&self, rng: &mut StdRng) -> String {
        let target = rng.gen_range(20..400);
        let mut s = String::with_capacity(target + 16);
        while s.len() < target {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(self.pick(rng));
        }
        s
    }
}

/// A synced text message, as the feed carries it.
fn text_message(
    id: i64,
    conversation_id: i64,
    direction: Direction,
    text: String,
    timestamp: i64,
) -> Change {
    Change::Message {
        seq: 0,
        message: Box::new(Message {
            id,
            conversation_id,
            direction,
            kind: "text".into(),
            text: Some(text),
            wamid: None,
            client_message_id: None,
            status: DeliveryStatus::Read,
            error: None,
            timestamp,
            sent_by: None,
            media: None,
            details: None,
            reply_to: None,
            target: None,
            edited: false,
        }),
    }
}

fn admin() -> Me {
    Me {
        agent_id: 1,
        name: "Ada".into(),
        role: Role::Admin,
        available: false,
        teams: Vec::new(),
    }
}

/// Where each generated message goes: the first `long` messages make one
/// very long thread (to page at a depth of 100,000+), the next `3 * 5,000`
/// three threads of 5,000 (one is revoked), the rest spread at random.
struct Layout {
    conversations: i64,
    long: i64,
}

impl Layout {
    const MEDIUM: i64 = 5_000;

    fn conversation_of(&self, id: i64, rng: &mut StdRng) -> i64 {
        if id <= self.long {
            1
        } else if id <= self.long + 3 * Layout::MEDIUM {
            2 + (id - self.long - 1) % 3
        } else {
            rng.gen_range(1..=self.conversations)
        }
    }
}

/// Fills `store` through the sync path; returns how long applying the
/// messages took.
fn fill(
    store: &Store,
    words: &Words,
    rng: &mut StdRng,
    messages: usize,
    layout: &Layout,
    me: &Me,
) -> Result<Duration, Box<dyn std::error::Error>> {
    // Conversations: held by agents 1..=8 or unassigned; one in ten resolved.
    let convs: Vec<Change> = (1..=layout.conversations)
        .map(|id| Change::Conversation {
            seq: 0,
            conversation: Conversation {
                id,
                wa_id: format!("35191{id:07}"),
                contact_name: Some(format!("Customer {id}")),
                assignee: match id % 9 {
                    0 => None,
                    a => Some(a),
                },
                status: if id % 10 == 0 {
                    ConversationStatus::Resolved
                } else {
                    ConversationStatus::Open
                },
                unread: id % 4,
                last_inbound_at: Some(BASE + id),
                last_message_at: BASE + id,
                marketing_opt_out: None,
                labels: Vec::new(),
                inbox: String::new(),
                team_id: None,
                snoozed: false,
                snoozed_until: None,
                due_at: None,
                due_kind: None,
                csat: None,
            },
        })
        .collect();
    store.apply(&convs, 0, me)?;
    // As the sync engine applies a catch-up: groups of APPLY_GROUP changes.
    // Only `apply` is timed, not making up the messages.
    let page = env("BENCH_PAGE", APPLY_GROUP);
    let mut took = Duration::ZERO;
    let mut id = 0i64;
    while id < messages as i64 {
        let batch: Vec<Change> = (id + 1..=(id + page as i64).min(messages as i64))
            .map(|id| {
                let conversation_id = layout.conversation_of(id, rng);
                let direction = if rng.gen_bool(0.5) {
                    Direction::Inbound
                } else {
                    Direction::Outbound
                };
                text_message(id, conversation_id, direction, words.text(rng), BASE + id)
            })
            .collect();
        id += batch.len() as i64;
        let started = Instant::now();
        store.apply(&batch, id, me)?;
        took += started.elapsed();
    }
    Ok(took)
}

const BASE: i64 = 1_700_000_000;

fn median_ms(samples: Vec<Duration>) -> f64 {
    stats(samples).0
}

/// 100,000 more synthetic messages, one per conversation in turn.
fn synthetic_extra(
    words: &Words,
    rng: &mut StdRng,
    messages: usize,
    conversations: i64,
) -> Vec<Change> {
    (0..100_000i64)
        .map(|i| {
            let id = messages as i64 + 1 + i;
            let text = words.text(rng);
            text_message(
                id,
                1 + i % conversations,
                Direction::Inbound,
                text,
                BASE + id,
            )
        })
        .collect()
}

/// Which feed fills the store.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Shaped like the hub's own feed (`feed.rs`), the default.
    Feed,
    /// Messages only, every conversation up front (`BENCH_SHAPE=synthetic`).
    Synthetic,
}

fn kind() -> Kind {
    match std::env::var("BENCH_SHAPE").as_deref() {
        Ok("synthetic") => Kind::Synthetic,
        _ => Kind::Feed,
    }
}

fn feed_shape(messages: i64, conversations: i64, long: i64, first_id: i64) -> feed::Shape {
    feed::Shape {
        messages,
        conversations,
        long,
        agents: 8,
        first_id,
    }
}

/// What filling a store with the hub-shaped feed measured.
struct Filled {
    /// Applying, in all (not making up the changes).
    took: Duration,
    /// Changes of each kind applied: conversation, message, status, edit.
    counts: [u64; 4],
    /// The first list page read after each group's commit (the UI re-reads
    /// on every sync event).
    first_reads: Vec<Duration>,
}

/// Fills `store` with the hub-shaped feed, a catch-up's pages at a time.
fn fill_feed(
    store: &Store,
    shape: feed::Shape,
    seed: u64,
    me: &Me,
) -> Result<Filled, Box<dyn std::error::Error>> {
    let page = env("BENCH_PAGE", APPLY_GROUP);
    let mut feed = feed::Feed::new(shape, seed);
    let mut took = Duration::ZERO;
    let mut first_reads = Vec::new();
    let mut cursor = 0i64;
    loop {
        let group = feed.group(page);
        if group.is_empty() {
            break;
        }
        cursor += group.len() as i64;
        let started = Instant::now();
        store.apply(&group, cursor, me)?;
        took += started.elapsed();
        let read = Instant::now();
        std::hint::black_box(store.conversation_page(me, View::All, None, 50)?);
        first_reads.push(read.elapsed());
    }
    Ok(Filled {
        took,
        counts: feed.counts,
        first_reads,
    })
}

/// Every hit's message, as the store holds it, has the query's words (the
/// last one as a prefix, as the search reads what is being typed).
fn check_hits(
    raw: &rusqlite::Connection,
    query: &str,
    hits: &[SearchHit],
) -> Result<(), Box<dyn std::error::Error>> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let Some((last, whole)) = words.split_last() else {
        return Ok(());
    };
    for hit in hits {
        let text: String = raw.query_row(
            "SELECT text FROM messages WHERE id = ?1",
            [hit.message_id],
            |r| r.get(0),
        )?;
        let lower = text.to_lowercase();
        let tokens: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        let holds = whole.iter().all(|w| tokens.contains(&w.as_str()))
            && tokens.iter().any(|t| t.starts_with(last.as_str()));
        if !holds {
            return Err(format!(
                "search {query:?} returned message {} without its words: {text:?}",
                hit.message_id
            )
            .into());
        }
    }
    Ok(())
}

/// A thread page holds `want` messages, oldest first.
/// A due view's page holds only open conversations whose target is in the
/// view's window (by the clock now), newest activity first, and is full.
fn check_due(
    page: &switchboard_core::store::ConversationPage,
    view: View,
) -> Result<(), Box<dyn std::error::Error>> {
    let now = switchboard_core::store::unix_now();
    let fits = |due: i64| match view {
        View::DueSoon => due > now - 5 && due <= now + 3_605,
        _ => due <= now + 5,
    };
    if page.items.len() != 50 {
        return Err(format!("{view:?}: {} rows, not a full page", page.items.len()).into());
    }
    for pair in page.items.windows(2) {
        if pair[0].conversation.last_message_at < pair[1].conversation.last_message_at {
            return Err(format!("{view:?}: out of order").into());
        }
    }
    for c in &page.items {
        let ok = c.conversation.status == ConversationStatus::Open
            && c.conversation.due_at.is_some_and(fits);
        if !ok {
            return Err(format!(
                "{view:?}: conversation {} does not belong",
                c.conversation.id
            )
            .into());
        }
    }
    Ok(())
}

fn check_thread(page: &ThreadPage, want: usize) -> Result<(), Box<dyn std::error::Error>> {
    let cursors: Vec<(i64, i64)> = page.items.iter().filter_map(|i| i.cursor).collect();
    if page.items.len() != want || !cursors.windows(2).all(|w| w[0] < w[1]) {
        return Err(format!("a thread page of {} out of order", page.items.len()).into());
    }
    Ok(())
}

/// The same workload on an SQLCipher store and on plain SQLite (no key), in
/// this process, side by side (`--features plain-store`).
#[cfg(feature = "plain-store")]
fn compare_plain(
    kind: Kind,
    words: &Words,
    messages: usize,
    conversations: i64,
) -> Result<(), Box<dyn std::error::Error>> {
    let me = admin();
    let layout = Layout {
        conversations,
        long: (messages as i64 / 8).max(1),
    };
    let mut rows: Vec<(&str, [f64; 2])> = Vec::new();
    let mut results = [[0.0f64; 5]; 2];
    for (i, keyed) in [true, false].into_iter().enumerate() {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("desk.db");
        let store = if keyed {
            Store::open(&path, &KEY)?
        } else {
            Store::open_plain(&path)?
        };
        let mut rng = StdRng::seed_from_u64(11);
        let took = match kind {
            Kind::Synthetic => fill(&store, words, &mut rng, messages, &layout, &me)?,
            Kind::Feed => {
                let shape = feed_shape(messages as i64, conversations, layout.long, 1);
                fill_feed(&store, shape, 11, &me)?.took
            }
        };
        drop(store);
        let store = if keyed {
            Store::open(&path, &KEY)?
        } else {
            Store::open_plain(&path)?
        };
        let mut before = None;
        for _ in 0..(layout.long / 2 / 200) {
            before = store.thread(1, before, 200)?.older;
        }
        let (common, rare) = match kind {
            Kind::Synthetic => (words.words[0].as_str(), words.words[4_000].as_str()),
            Kind::Feed => (feed::SEARCHED[0], "courier"),
        };
        for q in [common, rare] {
            if store.search(q, 50)?.is_empty() {
                return Err(format!("search {q:?} found nothing").into());
            }
        }
        results[i] = [
            took.as_secs_f64() * 1e3,
            median_ms(time(200, || store.thread(1, before, 50))),
            median_ms(time(200, || {
                store.conversation_page(&me, View::All, None, 50)
            })),
            median_ms(time(20, || store.search(common, 50))),
            median_ms(time(20, || store.search(rare, 50))),
        ];
    }
    for (j, what) in [
        "apply (total ms)",
        "thread page of 50, middle of the long thread",
        "first page of 50 conversations",
        "search: most common word",
        "search: rare word",
    ]
    .into_iter()
    .enumerate()
    {
        rows.push((what, [results[0][j], results[1][j]]));
    }
    println!("# SQLCipher against plain SQLite, {messages} messages (medians)");
    for (what, [keyed, plain]) in rows {
        println!(
            "{what:<58} keyed {keyed:>10.3} ms  plain {plain:>10.3} ms  ratio {:.2}x",
            keyed / plain
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let messages = env("BENCH_MESSAGES", 1_000_000);
    let conversations = env("BENCH_CONVERSATIONS", 20_000).max(10) as i64;
    let dir = match std::env::var("BENCH_DIR") {
        Ok(d) => tempfile::tempdir_in(d)?,
        Err(_) => tempfile::tempdir()?,
    };
    let path = dir.path().join("desk.db");
    let mut rng = StdRng::seed_from_u64(7);
    let words = Words::new(5_000, &mut rng);
    let me = admin();
    let kind = kind();
    #[cfg(feature = "plain-store")]
    compare_plain(
        kind,
        &words,
        env("BENCH_COMPARE_MESSAGES", 200_000),
        conversations,
    )?;
    println!("# desktop store: {messages} messages in {conversations} conversations");
    let layout = Layout {
        conversations,
        long: (messages as i64 / 8).clamp(1, 120_000),
    };
    let store = Store::open(&path, &KEY)?;
    let took = match kind {
        Kind::Synthetic => {
            println!("feed: synthetic (messages only, every conversation up front)");
            fill(&store, &words, &mut rng, messages, &layout, &me)?
        }
        Kind::Feed => {
            let shape = feed_shape(messages as i64, conversations, layout.long, 1);
            let filled = fill_feed(&store, shape, 7, &me)?;
            let [conversation, message, status, edit] = filled.counts;
            println!(
                "feed: the hub's shape ({message} messages, {conversation} conversation changes, {status} status updates, {edit} edits)"
            );
            report(
                "conversations: first page, first read after each commit",
                filled.first_reads,
            );
            filled.took
        }
    };
    println!(
        "{:<58} {:>10.0} messages/s ({:.1} s in all)",
        "apply (sync path, FTS included)",
        messages as f64 / took.as_secs_f64(),
        took.as_secs_f64()
    );
    if std::env::var("BENCH_ONLY").as_deref() == Ok("apply") {
        return Ok(());
    }
    // As the sync engine does after a catch-up.
    let started = Instant::now();
    let log = store.truncate_log()?;
    println!(
        "{:<58} {:>10.0} MiB, truncated in {:.0} ms",
        "write-ahead log after the catch-up",
        log as f64 / (1 << 20) as f64,
        started.elapsed().as_secs_f64() * 1e3
    );
    drop(store);
    let bytes: u64 = std::fs::read_dir(dir.path())?
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{:<58} {:>10.0} bytes/message ({:.0} MiB)",
        "store size",
        bytes as f64 / messages as f64,
        bytes as f64 / (1 << 20) as f64
    );

    report(
        "open the store (raw key)",
        time(10, || Store::open(&path, &KEY).map(|_| ())),
    );
    let store = Store::open(&path, &KEY)?;

    // Conversation pages: first, and deep (10,000 rows down), and the counts.
    report(
        "conversations: first page of 50 (All)",
        time(200, || store.conversation_page(&me, View::All, None, 50)),
    );
    let mut after = None;
    for _ in 0..50 {
        after = store.conversation_page(&me, View::All, after, 200)?.next;
    }
    report(
        "conversations: page of 50 at depth 10,000 (All)",
        time(200, || store.conversation_page(&me, View::All, after, 50)),
    );
    report(
        "conversations: first page of 50 (Mine)",
        time(200, || store.conversation_page(&me, View::Mine, None, 50)),
    );
    // Service levels: the due views read against the clock, checked (the
    // synthetic feed sets no due times).
    let due_views: &[(View, &str)] = match kind {
        Kind::Feed => &[(View::DueSoon, "Due soon"), (View::Overdue, "Overdue")],
        Kind::Synthetic => &[],
    };
    for &(view, name) in due_views {
        check_due(&store.conversation_page(&me, view, None, 50)?, view)?;
        report(
            &format!("conversations: first page of 50 ({name})"),
            time(200, || store.conversation_page(&me, view, None, 50)),
        );
    }
    report(
        "view counts and unread total (with Due soon and Overdue)",
        time(200, || store.view_counts(&me)),
    );

    // Thread pages deep in the long thread: keyset against OFFSET.
    let mut before = None;
    let mut depth = 0;
    while (depth as i64) < layout.long - 1_000 {
        let page = store.thread(1, before, 200)?;
        depth += page.items.len();
        before = page.older;
        if before.is_none() {
            break;
        }
    }
    check_thread(&store.thread(1, before, 50)?, 50)?;
    check_thread(&store.thread(1, None, 50)?, 50)?;
    let keyset = time(200, || store.thread(1, before, 50));
    let keyset_p50 = median_ms(keyset.clone());
    report(
        &format!("thread: page of 50 at depth {depth} (keyset)"),
        keyset,
    );
    report(
        "thread: newest page of 50",
        time(200, || store.thread(1, None, 50)),
    );
    let raw = rusqlite::Connection::open(&path)?;
    raw.pragma_update(None, "key", format!("x'{}'", hex::encode(KEY)))?;
    // As the store makes its files (16 KiB pages).
    raw.pragma_update(None, "cipher_page_size", 16_384)?;
    raw.pragma_update(None, "cache_size", -65_536)?;
    // The same columns as `Store::thread` reads, by OFFSET instead of keyset.
    let offset_query = "SELECT id, direction, kind, text, status, error, timestamp, media_state, media_mime,
                media_size, details, reply_to, reactions, edited FROM messages
         WHERE conversation_id = 1 AND target IS NULL ORDER BY timestamp DESC, id DESC LIMIT 50 OFFSET ?1";
    let offset = time(50, || {
        let mut stmt = raw.prepare_cached(offset_query)?;
        let n = stmt
            .query_map([depth as i64], |r| r.get::<_, i64>(0))?
            .count();
        Ok::<usize, rusqlite::Error>(n)
    });
    let offset_p50 = median_ms(offset.clone());
    report(
        &format!("thread: page of 50 at depth {depth} (OFFSET, baseline)"),
        offset,
    );
    println!(
        "{:<58} {:>10.0}x",
        "keyset against OFFSET (medians)",
        offset_p50 / keyset_p50
    );

    // Search: a common word, a rarer one, and prefixes as typed.
    let queries: Vec<(&str, String)> = match kind {
        Kind::Synthetic => vec![
            ("common word", words.words[0].clone()),
            ("rare word", words.words[4_000].clone()),
            ("prefix", words.words[1].chars().take(3).collect()),
            (
                "two words, the second being typed",
                format!("{} {}", words.words[2], &words.words[5][..2]),
            ),
        ],
        Kind::Feed => vec![
            ("common word", feed::SEARCHED[0].into()),
            ("rarer word", "courier".into()),
            ("prefix", "entr".into()),
            (
                "two words, the second being typed",
                format!("{} ent", feed::SEARCHED[0]),
            ),
            (
                "three words",
                format!("{} {} ref", feed::SEARCHED[1], "tracking"),
            ),
        ],
    };
    for (what, q) in queries {
        // Each query answers, finds something, and finds only messages
        // that hold its words, before it is timed.
        let hits = store.search(&q, 50)?;
        if hits.is_empty() {
            return Err(format!("search {q:?} found nothing").into());
        }
        check_hits(&raw, &q, &hits)?;
        report(
            &format!("search top 50: {what} {q:?} ({} hits)", hits.len()),
            time(20, || store.search(&q, 50)),
        );
    }

    // A UI read while a 100,000-message page is being applied.
    let extra: Vec<Change> = match kind {
        Kind::Feed => {
            let shape = feed_shape(100_000, conversations, 0, messages as i64 + 1);
            let mut more = feed::Feed::new(shape, 8);
            let mut all = Vec::new();
            loop {
                let group = more.group(APPLY_GROUP);
                if group.is_empty() {
                    break;
                }
                all.extend(group);
            }
            all
        }
        Kind::Synthetic => synthetic_extra(&words, &mut rng, messages, conversations),
    };
    let store = std::sync::Arc::new(store);
    let writer = {
        let (store, me) = (store.clone(), me.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            store
                .apply(&extra, messages as i64 + 100_000, &me)
                .map(|_| started.elapsed())
        })
    };
    let mut during = Vec::new();
    while !writer.is_finished() {
        let start = Instant::now();
        std::hint::black_box(store.conversation_page(&me, View::All, None, 50)?);
        during.push(start.elapsed());
        std::thread::sleep(Duration::from_millis(5));
    }
    let batch = writer.join().map_err(|_| "the writer panicked")??;
    println!(
        "{:<58} {} reads; the page took {:.1} s",
        "reads during a 100,000-message apply",
        during.len(),
        batch.as_secs_f64()
    );
    report("conversations: first page of 50 while applying", during);

    // Revocation and sign-out.
    let store = std::sync::Arc::into_inner(store).ok_or("store still shared")?;
    let revoked: i64 = raw.query_row(
        "SELECT count(*) FROM messages WHERE conversation_id = 1",
        [],
        |r| r.get(0),
    )?;
    report(
        &format!("revoke the long thread ({revoked} messages)"),
        time(1, || {
            store.apply(
                &[Change::Revoked {
                    seq: 0,
                    conversation_id: 1,
                }],
                messages as i64 + 100_001,
                &me,
            )
        }),
    );
    // Its messages then leave in steps after the sync round.
    let mut steps = Vec::new();
    let mut between = Vec::new();
    loop {
        let start = Instant::now();
        let more = store.purge_step()?;
        steps.push(start.elapsed());
        // What the UI reads between two steps.
        let read = Instant::now();
        std::hint::black_box(store.conversation_page(&me, View::All, None, 50)?);
        between.push(read.elapsed());
        if !more {
            break;
        }
    }
    let total: Duration = steps.iter().sum();
    println!(
        "{:<58} {} steps, {:.1} ms in all",
        "its messages leaving afterwards",
        steps.len(),
        total.as_secs_f64() * 1e3
    );
    report("one purge step (1,000 messages)", steps);
    report(
        "conversations: first page, read between purge steps",
        between,
    );
    report(
        "sign-out purge of the whole store",
        time(1, || store.purge_all()),
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        println!(
            "{:<58} {}",
            "peak resident memory of this process",
            line.trim_start_matches("VmHWM:").trim()
        );
    }
    Ok(())
}
