//! The customers, and the checker: independent of the code under test, it
//! reads what Meta received (the sandbox's record), the hubs' feed and
//! every desktop's store, and says what was lost, duplicated or left
//! behind.

use super::desk::REPLY;
use super::run::{Desk, Intake};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchboard_core::desktop::{Desktop, Profile};

/// What the checker found; the run passes when every list is empty.
#[derive(Debug, Default)]
pub struct Verdict {
    pub lost_webhooks: Vec<String>,
    pub duplicated_webhooks: Vec<String>,
    pub replies_queued: usize,
    pub replies_delivered: usize,
    pub replies_shown_failed: usize,
    pub lost_replies: Vec<String>,
    pub duplicated_replies: Vec<String>,
    pub unconverged: Vec<String>,
    pub audit: String,
    pub leaks: Vec<String>,
    /// Refusals of a webhook with another status than 503 (Meta retries
    /// any, but 503 with Retry-After is what the hub promises).
    pub wrong_refusals: Vec<String>,
    /// Webhooks no hub acknowledged after the faults, Meta's retries and
    /// a minute of draining.
    pub unacknowledged: usize,
    /// Hub 0's resident memory (kB) and open files after warm-up and after the run.
    pub usage: ((u64, usize), (u64, usize)),
    /// How long after the desktops converged the hub's paced queue still
    /// sent the soak's replies (the checker waits for it).
    pub replies_settled_after: Duration,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.lost_webhooks.is_empty()
            && self.duplicated_webhooks.is_empty()
            && self.lost_replies.is_empty()
            && self.duplicated_replies.is_empty()
            && self.unconverged.is_empty()
            && self.leaks.is_empty()
            && self.wrong_refusals.is_empty()
            && self.unacknowledged == 0
            && self.audit.starts_with("audit log intact")
    }
}

/// Webhooks Meta would send again: (wamid, signed body).
type Retries = Arc<Mutex<VecDeque<(String, Vec<u8>)>>>;

/// `n` customers who first write through the sandbox (which then holds
/// their 24-hour window open, as Meta does, so replies to them go out).
pub async fn customers(
    stack: &switchboard_demo::Stack,
    n: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for i in 0..n {
        let (phone, name) = (format!("35193{i:07}"), format!("Cliente {i}"));
        stack.customer_says(&phone, &name, "olá").await?;
        out.push((phone, name));
    }
    Ok(out)
}

/// Meta's side: signed webhooks at `rate` a second, round robin over the
/// hubs, a few customers writing most; a refused one is retried as Meta
/// retries, and now and then one already acknowledged comes again.
pub(super) async fn drive(
    secret: String,
    hubs: Arc<Mutex<Vec<SocketAddr>>>,
    customers: Vec<(String, String)>,
    rate: u32,
    intake: Arc<Mutex<Intake>>,
    stop: Arc<AtomicBool>,
    started: Instant,
) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap_or_default();
    let retry: Retries = Arc::default();
    let mut tick = tokio::time::interval(Duration::from_secs(1) / rate.max(1));
    let mut n: u64 = 0;
    while !stop.load(Ordering::SeqCst) {
        tick.tick().await;
        n += 1;
        let (phone, name) = &customers[if n.is_multiple_of(3) {
            (n as usize / 3) % 3
        } else {
            (n as usize) % customers.len()
        }];
        let wamid = format!("wamid.soak.{n}");
        let body = crate::inbound_text(phone, name, &wamid, &format!("mensagem {n} do cliente"));
        let again = retry.lock().ok().and_then(|mut r| r.pop_front());
        let hub = hubs
            .lock()
            .map(|h| h[(n as usize) % h.len()])
            .unwrap_or_else(|_| ([127, 0, 0, 1], 9).into());
        for (w, b, duplicate) in [
            Some((wamid.clone(), body.clone(), n.is_multiple_of(20))),
            again.map(|(w, b)| (w, b, false)),
        ]
        .into_iter()
        .flatten()
        {
            let (http, secret, intake, retry) =
                (http.clone(), secret.clone(), intake.clone(), retry.clone());
            tokio::spawn(async move {
                let ok = post(&http, hub, &secret, &b, &intake).await;
                let Ok(mut i) = intake.lock() else { return };
                if ok {
                    i.acked.entry(w.clone()).or_insert(started.elapsed());
                    if duplicate {
                        i.duplicates += 1;
                        if let Ok(mut r) = retry.lock() {
                            r.push_back((w, b));
                        }
                    }
                } else {
                    i.refused += 1;
                    if let Ok(mut r) = retry.lock() {
                        r.push_back((w, b));
                    }
                }
            });
        }
    }
    drain(&http, &secret, &hubs, &retry, &intake, started).await;
}

/// After the faults: every refused webhook retried until acknowledged (a minute at most).
async fn drain(
    http: &reqwest::Client,
    secret: &str,
    hubs: &Arc<Mutex<Vec<SocketAddr>>>,
    retry: &Retries,
    intake: &Arc<Mutex<Intake>>,
    started: Instant,
) {
    // Posts still in flight land in the queue within their 3 s timeout.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let next = retry.lock().ok().and_then(|mut r| r.pop_front());
        let Some((w, b)) = next else { break };
        let hub = hubs
            .lock()
            .map(|h| h[0])
            .unwrap_or_else(|_| ([127, 0, 0, 1], 9).into());
        if post(http, hub, secret, &b, intake).await {
            if let Ok(mut i) = intake.lock() {
                i.acked.entry(w).or_insert(started.elapsed());
            }
        } else if Instant::now() > deadline {
            if let Ok(mut i) = intake.lock() {
                i.pending += 1;
            }
        } else if let Ok(mut r) = retry.lock() {
            r.push_back((w, b));
        }
    }
}

/// Posts one signed webhook: whether the hub acknowledged it; a refusal
/// with a status is counted by status (`intake.statuses`).
async fn post(
    http: &reqwest::Client,
    hub: SocketAddr,
    secret: &str,
    body: &[u8],
    intake: &Mutex<Intake>,
) -> bool {
    let signature = switchboard_demo::sign_webhook(secret.as_bytes(), body);
    let sent = http
        .post(format!("http://{hub}/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body.to_vec())
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => true,
        Ok(r) => {
            if let Ok(mut i) = intake.lock() {
                *i.statuses.entry(r.status().as_u16()).or_default() += 1;
            }
            false
        }
        Err(_) => false,
    }
}

/// Waits until every desktop has signed in and started syncing.
pub(super) async fn desks_signed_in(desks: &[Desk], within: Duration) -> anyhow::Result<()> {
    crate::until("every desktop signed in", within, || async {
        Ok(desks
            .iter()
            .all(|d| d.dir.join("ready").exists())
            .then_some(()))
    })
    .await
}

/// Resident memory (kB) and open files of a process.
pub fn usage(pid: Option<u32>) -> (u64, usize) {
    pid.map_or((0, 0), |p| {
        (
            crate::procfs::status_kb(p, "VmRSS:").unwrap_or(0),
            crate::procfs::open_files(p),
        )
    })
}

/// What a hub's heap holds (bytes), from its `/metrics`: told apart from
/// its resident memory, a leak (this growing) from memory the allocator
/// kept (only the resident figure growing).
pub async fn heap_in_use(hub: SocketAddr) -> Option<u64> {
    let text = reqwest::get(format!("http://{hub}/metrics"))
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("switchboard_heap_in_use_bytes "))
        .and_then(|v| v.trim().parse().ok())
}

/// One message as the hub's feed last showed it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    wamid: Option<String>,
    client_id: Option<String>,
    text: Option<String>,
    status: String,
}

/// The admin's view of hub `hub`'s feed: every message.
struct AdminFeed<'a> {
    hub: SocketAddr,
    token: &'a str,
    view: FeedReader,
}

impl AdminFeed<'_> {
    /// Brings the view up to date from where it was last read.
    async fn catch_up(&mut self, http: &reqwest::Client) -> anyhow::Result<()> {
        self.view.catch_up(http, self.hub, self.token).await
    }
}

/// One page of `token`'s feed after `after`.
async fn feed_page(
    http: &reqwest::Client,
    hub: SocketAddr,
    token: &str,
    after: i64,
) -> anyhow::Result<serde_json::Value> {
    crate::get_json(
        http,
        &format!("http://{hub}/v1/changes?after={after}&limit=1000"),
        token,
    )
    .await
}

/// A message change's id, conversation and state.
fn message_of(change: &serde_json::Value) -> Option<(i64, i64, Seen)> {
    let m = &change["message"];
    let id = m["id"].as_i64()?;
    let s = |k: &str| m[k].as_str().map(str::to_owned);
    Some((
        id,
        m["conversation_id"].as_i64().unwrap_or_default(),
        Seen {
            wamid: s("wamid"),
            client_id: s("client_message_id"),
            text: s("text"),
            status: s("status").unwrap_or_default(),
        },
    ))
}

/// Growth below these is noise, whatever its share (a small process's
/// allocator and pools): 10 MB of memory, 8 open files.
const LEAK_FLOOR_KB: u64 = 10 * 1024;
const LEAK_FLOOR_FILES: u64 = 8;

/// Hub 0's growth from `before` (after warm-up) to `after`, as findings:
/// memory or open files more than 20 % and more than the floor above.
pub(super) fn leaks((rss_b, fd_b): (u64, usize), (rss_a, fd_a): (u64, usize)) -> Vec<String> {
    let mut found = Vec::new();
    if grew(rss_b, rss_a, LEAK_FLOOR_KB) {
        found.push(format!(
            "hub-0 resident memory {rss_b} kB after warm-up, {rss_a} kB after the run"
        ));
    }
    if grew(fd_b as u64, fd_a as u64, LEAK_FLOOR_FILES) {
        found.push(format!(
            "hub-0 open files {fd_b} after warm-up, {fd_a} after the run"
        ));
    }
    found
}

/// More than 20 % and more than `floor` above `before`.
fn grew(before: u64, after: u64, floor: u64) -> bool {
    after as f64 > before as f64 * 1.2 && after.saturating_sub(before) > floor
}

/// Reads every store and record once the faults have stopped; when the
/// desktops all equalled the hub.
pub(super) async fn check(
    cluster: &super::cluster::Cluster,
    desks: &[Desk],
    intake: &Arc<Mutex<Intake>>,
    before: (u64, usize),
    after: (u64, usize),
) -> anyhow::Result<(Verdict, Instant)> {
    let mut v = Verdict {
        usage: (before, after),
        ..Verdict::default()
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let hub = cluster.hubs[0].addr;
    let (converged, waiting) = converge(desks, &http, hub, &mut v).await?;
    let admin = cluster.stack.agent("admin")?.token.to_string();
    // Every message, read once and then kept up to date from where it was
    // read (the replies' check reads it again each round).
    let mut all = AdminFeed {
        hub,
        token: &admin,
        view: FeedReader::default(),
    };
    all.catch_up(&http).await?;
    let acked: Vec<String> = intake
        .lock()
        .map(|i| i.acked.keys().cloned().collect())
        .unwrap_or_default();
    if let Ok(i) = intake.lock() {
        v.wrong_refusals = i
            .statuses
            .iter()
            .filter(|(status, _)| **status != 503)
            .map(|(status, n)| format!("{n} webhooks refused with {status}"))
            .collect();
        v.unacknowledged = i.pending;
    }
    webhooks(&all.view, &acked, &mut v);
    replies(
        &mut all,
        desks,
        &waiting,
        &cluster.stack.sandbox_url,
        &http,
        &mut v,
    )
    .await?;
    v.audit = audit(&cluster.database_url).await;
    v.leaks = leaks(v.usage.0, v.usage.1);
    Ok((v, converged))
}

/// Each desktop opened on its store (as after a restart), synced and its
/// outbox sent until its messages equal what the hub shows its agent.
/// Returns when the last one did, and the replies still waiting in an
/// outbox (refused: shown to the agent as failed).
async fn converge(
    desks: &[Desk],
    http: &reqwest::Client,
    hub: SocketAddr,
    v: &mut Verdict,
) -> anyhow::Result<(Instant, BTreeSet<String>)> {
    let mut waiting = BTreeSet::new();
    for d in desks {
        let desk = Desktop::open(&Profile::at(&d.name, &d.dir))?;
        let deadline = Instant::now() + Duration::from_secs(300);
        // The desktop caught up first, then compared once with the hub's
        // view, kept up to date from where it was read. After the faults
        // the hub still changes for a while (replies leaving the paced
        // queue, leases running out, Meta's late statuses), so a difference
        // while the hub's feed has moved past the desktop's cursor is the
        // desktop behind a moving target: it syncs again. Only a difference
        // at the same feed position (or one that outlasts three rounds) has
        // the hub's view read whole again before the next comparison.
        let mut hub_view = FeedReader::default();
        let mut behind = 0;
        loop {
            caught_up(&desk, deadline).await;
            hub_view.catch_up(http, hub, &d.token).await?;
            let theirs = hub_view.texts_and_statuses();
            let ours = local_messages(&desk)?;
            if ours == theirs {
                break;
            }
            let cursor = desk.store().cursor()?;
            if Instant::now() > deadline {
                let differ: Vec<String> = theirs
                    .iter()
                    .filter(|(id, m)| ours.get(id) != Some(m))
                    .map(|(id, m)| format!("m{id}: hub {m:?}, desktop {:?}", ours.get(id)))
                    .chain(
                        ours.keys()
                            .filter(|id| !theirs.contains_key(id))
                            .map(|id| format!("m{id}: only on the desktop")),
                    )
                    .collect();
                v.unconverged.push(format!(
                    "{}: {} messages differ from the hub's (the desktop at feed position {cursor}, the hub's view at {}), as {:?}",
                    d.name,
                    differ.len(),
                    hub_view.after,
                    &differ[..differ.len().min(5)]
                ));
                break;
            }
            if cursor >= hub_view.after || behind >= 3 {
                hub_view = FeedReader::default();
                behind = 0;
            } else {
                behind += 1;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        waiting.extend(
            desk.store()
                .outbox()?
                .into_iter()
                .map(|e| e.client_message_id),
        );
    }
    Ok((Instant::now(), waiting))
}

/// Sync rounds (each sends the outbox first) until one brings nothing new
/// and sends nothing, or the deadline.
async fn caught_up(desk: &Desktop, deadline: Instant) {
    while Instant::now() < deadline {
        match desk.sync_once().await {
            Ok(r) if r.changes == 0 && r.sent == 0 => return,
            Ok(_) => {}
            Err(_) => tokio::time::sleep(Duration::from_millis(300)).await,
        }
    }
}

/// What the hub's feed shows one token, kept up to date from where it
/// was last read: each message's latest state, a conversation's messages
/// dropped when the token loses it. When the caller finds the view
/// differs from a desktop's (a conversation given back shows its history
/// again from the start), it reads it whole again.
#[derive(Default)]
struct FeedReader {
    after: i64,
    /// Message id → its conversation and state.
    seen: BTreeMap<i64, (i64, Seen)>,
}

impl FeedReader {
    async fn catch_up(
        &mut self,
        http: &reqwest::Client,
        hub: SocketAddr,
        token: &str,
    ) -> anyhow::Result<()> {
        loop {
            let page = feed_page(http, hub, token, self.after).await?;
            for c in page["changes"].as_array().into_iter().flatten() {
                if c["type"] == "revoked" {
                    let gone = c["conversation_id"].as_i64();
                    self.seen
                        .retain(|_, (conversation, _)| Some(*conversation) != gone);
                }
                if let Some((id, conversation, seen)) = message_of(c) {
                    self.seen.insert(id, (conversation, seen));
                }
            }
            self.after = page["next"].as_i64().unwrap_or(self.after);
            if page["more"] != true {
                return Ok(());
            }
        }
    }

    fn texts_and_statuses(&self) -> BTreeMap<i64, (Option<String>, String)> {
        self.seen
            .iter()
            .map(|(id, (_, s))| (*id, (s.text.clone(), s.status.clone())))
            .collect()
    }
}

/// A desktop's messages, every thread page by page: id, text, status.
pub fn local_messages(desk: &Desktop) -> anyhow::Result<BTreeMap<i64, (Option<String>, String)>> {
    let mut out = BTreeMap::new();
    for c in desk.conversations()? {
        let mut before = None;
        loop {
            let page = desk.thread(c.conversation.id, before, 200)?;
            for item in &page.items {
                if let Some(id) = item.key.strip_prefix('m').and_then(|id| id.parse().ok()) {
                    let status = serde_json::to_value(item.status)?;
                    out.insert(
                        id,
                        (
                            item.text.clone(),
                            status.as_str().unwrap_or_default().to_owned(),
                        ),
                    );
                }
            }
            match page.older {
                Some(older) => before = Some(older),
                None => break,
            }
        }
    }
    Ok(out)
}

/// Every acknowledged webhook stored exactly once (by wamid).
fn webhooks(all: &FeedReader, acked: &[String], v: &mut Verdict) {
    let mut by_wamid: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, m) in all.seen.values() {
        if let Some(w) = &m.wamid {
            *by_wamid.entry(w.as_str()).or_default() += 1;
        }
    }
    for w in acked {
        match by_wamid.get(w.as_str()) {
            None => v.lost_webhooks.push(w.clone()),
            Some(1) => {}
            Some(n) => v.duplicated_webhooks.push(format!("{w} stored {n} times")),
        }
    }
}

/// Every reply a desktop queued: at most once at Meta, and at Meta, or
/// shown as failed or unknown (on the hub, or in its desktop's outbox);
/// never silently gone, never stuck in the hub's send queue.
///
/// The queue is paced per customer (one message in six seconds after a
/// burst of three), and a desktop that replied faster than that to one
/// customer all run long leaves a backlog that leaves for minutes after the
/// faults; so this waits as long as the queue makes progress (three
/// minutes without any, thirty in all). Each round brings the hub's view
/// (`all`, read whole once) up to date before it reads Meta's record:
/// Meta records a message before the hub learns its wamid, so what the hub
/// shows sent is already in Meta's record when that is read. (Read the
/// other way round, a reply that left in between looked stored, `read`
/// and never sent.)
async fn replies(
    all: &mut AdminFeed<'_>,
    desks: &[Desk],
    waiting: &BTreeSet<String>,
    sandbox: &str,
    http: &reqwest::Client,
    v: &mut Verdict,
) -> anyhow::Result<()> {
    let logged: Vec<(String, String, String)> = desks
        .iter()
        .flat_map(|d| {
            let log = std::fs::read_to_string(&d.log).unwrap_or_default();
            log.lines()
                .filter_map(|l| {
                    l.split_once('\t')
                        .map(|(id, t)| (d.name.clone(), id.to_owned(), t.to_owned()))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let start = Instant::now();
    let mut fewest = usize::MAX;
    let mut progress = start;
    loop {
        all.catch_up(http).await?;
        let (at_meta, by_wamid) = sent_replies(http, sandbox).await?;
        let stored: BTreeMap<&str, &Seen> = all
            .view
            .seen
            .values()
            .filter_map(|(_, m)| m.client_id.as_deref().map(|c| (c, m)))
            .collect();
        let mut tally = Verdict::default();
        for (desk, id, text) in &logged {
            tally.replies_queued += 1;
            match (at_meta.get(text), stored.get(id.as_str())) {
                (Some(_), _) => tally.replies_delivered += 1,
                (None, Some(m)) if matches!(m.status.as_str(), "failed" | "unknown") => {
                    tally.replies_shown_failed += 1
                }
                // Said with what tells the causes apart: the wamid the hub
                // holds for it, and what Meta was sent under that wamid.
                (None, Some(m)) => tally.lost_replies.push(format!(
                    "{desk}: {text} stored ({}, {}: {}, text on the hub {:?}) but never sent",
                    m.status,
                    m.wamid.as_deref().unwrap_or("no wamid"),
                    m.wamid
                        .as_deref()
                        .and_then(|w| by_wamid.get(w))
                        .map_or("nothing sent under it".to_owned(), |t| format!(
                            "Meta was sent {t:?} under it"
                        )),
                    m.text,
                )),
                (None, None) if waiting.contains(id) => tally.replies_shown_failed += 1,
                (None, None) => tally.lost_replies.push(format!("{desk}: {text} gone")),
            }
        }
        tally.duplicated_replies = at_meta
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(t, n)| format!("{t} sent {n} times"))
            .collect();
        let stuck_only = tally.lost_replies.iter().all(|l| l.ends_with("never sent"));
        if tally.lost_replies.len() < fewest {
            fewest = tally.lost_replies.len();
            progress = Instant::now();
        }
        let given_up = progress.elapsed() > Duration::from_secs(180)
            || start.elapsed() > Duration::from_secs(1800);
        if tally.lost_replies.is_empty() || !stuck_only || given_up {
            v.replies_settled_after = start.elapsed();
            v.replies_queued = tally.replies_queued;
            v.replies_delivered = tally.replies_delivered;
            v.replies_shown_failed = tally.replies_shown_failed;
            v.lost_replies = tally.lost_replies;
            v.duplicated_replies = tally.duplicated_replies;
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// The soak's replies Meta was sent, by text, with how many times; and
/// every text Meta was sent, by the wamid it answered.
async fn sent_replies(
    http: &reqwest::Client,
    sandbox: &str,
) -> anyhow::Result<(BTreeMap<String, usize>, BTreeMap<String, String>)> {
    let sent: serde_json::Value = http
        .get(format!("{sandbox}/_sandbox/sent"))
        .send()
        .await?
        .json()
        .await?;
    let mut at_meta = BTreeMap::new();
    let mut by_wamid = BTreeMap::new();
    for s in sent.as_array().into_iter().flatten() {
        let text = s["body"]["text"]["body"].as_str();
        if let Some(w) = s["wamid"].as_str() {
            by_wamid.insert(w.to_owned(), text.unwrap_or("(not a text)").to_owned());
        }
        if let Some(t) = text.filter(|t| t.starts_with(REPLY)) {
            *at_meta.entry(t.to_owned()).or_default() += 1;
        }
    }
    Ok((at_meta, by_wamid))
}

/// `switchboard-hub verify-audit` on the database.
async fn audit(database_url: &str) -> String {
    let Ok(hub) = switchboard_demo::bin("switchboard-hub") else {
        return "no hub binary".into();
    };
    match tokio::process::Command::new(hub)
        .arg("verify-audit")
        .env("SWITCHBOARD_DATABASE_URL", database_url)
        .output()
        .await
    {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Ok(out) => String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("verify-audit failed")
            .to_owned(),
        Err(e) => e.to_string(),
    }
}
