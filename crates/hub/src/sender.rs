//! The outbound queue: paces sends per business number and per customer,
//! retries what WhatsApp calls transient with backoff, fails what it calls
//! permanent with Meta's reason, and never re-sends a message whose first
//! attempt may have gone through.

use crate::AppState;
use crate::repo::{DueSend, Payload, SendOutcome, StoreError, UploadRow};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use switchboard_whatsapp::graph::{Disposition, GraphError};
use switchboard_whatsapp::mask_phone;

/// Pacing and retry settings.
#[derive(Debug, Clone)]
pub struct SendPolicy {
    /// Messages per second per business number (Meta's default is 80).
    pub per_number_per_sec: f64,
    /// Seconds between messages to one customer once the burst is used (about 6).
    pub per_customer_interval: f64,
    /// Messages one customer may receive back to back.
    pub per_customer_burst: f64,
    /// Attempts before a transient failure becomes final.
    pub max_attempts: i64,
}

impl Default for SendPolicy {
    fn default() -> SendPolicy {
        SendPolicy {
            per_number_per_sec: 80.0,
            per_customer_interval: 6.0,
            per_customer_burst: 3.0,
            max_attempts: 8,
        }
    }
}

/// A token bucket.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    capacity: f64,
    per_sec: f64,
    at: Instant,
}

impl Bucket {
    fn new(capacity: f64, per_sec: f64) -> Bucket {
        Bucket {
            tokens: capacity,
            capacity,
            per_sec,
            at: Instant::now(),
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = crate::bucket::refilled(self.tokens, elapsed, self.capacity, self.per_sec);
        self.at = now;
    }

    /// Takes a token, or says how long until one is there.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        let (left, taken) =
            crate::bucket::take_token(self.tokens, elapsed, self.capacity, self.per_sec);
        self.tokens = left;
        self.at = now;
        taken
    }
}

/// Backoff for attempt `n` (1-based): 2, 4, 8 ... seconds, at most 5 minutes.
pub fn backoff(attempt: i64) -> i64 {
    2i64.saturating_pow(attempt.clamp(1, 20) as u32).min(300)
}

/// Runs the queue until the process ends.
pub async fn run(state: AppState) {
    let mut pacer = Pacer::new(&state.send_policy);
    // None: not swept yet (an instant an hour back would not exist in a
    // machine's first hour: the monotonic clock starts at boot).
    let mut swept: Option<Instant> = None;
    let mut breaches_recorded: Option<Instant> = None;
    loop {
        // Files attached and never sent are kept a day.
        if swept.is_none_or(|at| at.elapsed() >= Duration::from_secs(600)) {
            swept = Some(Instant::now());
            sweep_uploads(&state).await;
        }
        reconcile_stopped_hubs(&state).await;
        // Missed targets are recorded at most a minute late: not on every
        // round of a busy queue (each is a write).
        if breaches_recorded.is_none_or(|at| at.elapsed() >= Duration::from_secs(30)) {
            breaches_recorded = Some(Instant::now());
            record_sla_breaches(&state).await;
        }
        let soonest = send_due(&state, &mut pacer).await;
        pacer.forget_full_customers();
        let wait = match state.store.next_send_due().await {
            Ok(Some(at)) => Duration::from_secs((at - crate::db::now()).clamp(0, 60) as u64),
            _ => Duration::from_secs(60),
        };
        let wait = soonest
            .map_or(wait, |s| s.min(wait))
            .max(Duration::from_millis(20));
        let _ = tokio::time::timeout(wait, state.send_wake.notified()).await;
    }
}

/// Deletes the files attached and never sent that are over a day old.
async fn sweep_uploads(state: &AppState) {
    match state.store.sweep_uploads(crate::db::now() - 86_400).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "unsent attachments older than a day deleted"),
        Err(e) => tracing::error!(error = %e, "could not sweep unsent attachments"),
    }
}

/// Records the service-level targets whose time has passed unmet (each
/// once, whichever hub looks first).
async fn record_sla_breaches(state: &AppState) {
    match state.store.record_sla_breaches(crate::db::now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "service-level targets missed"),
        Err(e) => tracing::error!(error = %e, "could not record missed service-level targets"),
    }
}

/// Marks "unknown" the sends of a hub that stopped mid-call (several hubs
/// on one database) once their lease has run out.
async fn reconcile_stopped_hubs(state: &AppState) {
    match state.store.reconcile_expired().await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            count = n,
            "sends of a stopped hub are marked outcome-unknown"
        ),
        Err(e) => tracing::error!(error = %e, "could not reconcile stopped hubs' sends"),
    }
}

/// Sends what is due, each once its customer and its number have a token;
/// returns how long until the soonest customer held back has one.
async fn send_due(state: &AppState, pacer: &mut Pacer) -> Option<Duration> {
    let now = crate::db::now();
    let due = state.store.due_sends(now, 100).await;
    let mut soonest: Option<Duration> = None;
    match due {
        Ok(due) => {
            for send in due {
                if let Err(wait) = pacer.take_customer(state, &send.to).await {
                    soonest = Some(soonest.map_or(wait, |s| s.min(wait)));
                    continue;
                }
                pacer.wait_for_number(state, &send.phone_number_id).await;
                send_one(state, send).await;
            }
        }
        Err(e) => tracing::error!(error = %e, "send queue could not read the store"),
    }
    soonest
}

/// The buckets sends are paced by: the business number's and each
/// customer's. With several hubs the buckets are shared in the database;
/// with one, they are this process's own (these).
struct Pacer {
    number: Bucket,
    customers: HashMap<String, Bucket>,
    customer_burst: f64,
    customer_rate: f64,
    number_burst: f64,
    number_rate: f64,
}

impl Pacer {
    /// Buckets sized by `policy`, full.
    fn new(policy: &SendPolicy) -> Pacer {
        Pacer {
            number: Bucket::new(
                policy.per_number_per_sec.max(1.0),
                policy.per_number_per_sec.max(0.001),
            ),
            customers: HashMap::new(),
            customer_burst: policy.per_customer_burst.max(1.0),
            customer_rate: 1.0 / policy.per_customer_interval.max(0.001),
            number_burst: policy.per_number_per_sec.max(1.0),
            number_rate: policy.per_number_per_sec.max(0.001),
        }
    }

    /// Takes a token for a send to customer `to`, or says how long until
    /// one is there (a second when the store cannot say).
    async fn take_customer(&mut self, state: &AppState, to: &str) -> Result<(), Duration> {
        let customer_key = format!("customer:{to}");
        let shared = state
            .store
            .take_send_token(customer_key, self.customer_burst, self.customer_rate)
            .await;
        let (burst, rate) = (self.customer_burst, self.customer_rate);
        match shared {
            Ok(Some(taken)) => taken,
            Ok(None) => self
                .customers
                .entry(to.to_owned())
                .or_insert_with(|| Bucket::new(burst, rate))
                .take(Instant::now()),
            Err(e) => {
                tracing::error!(error = %e, "send pacing could not read the store");
                Err(Duration::from_secs(1))
            }
        }
    }

    /// Waits until business number `phone_number_id` has a token, and
    /// takes it.
    async fn wait_for_number(&mut self, state: &AppState, phone_number_id: &str) {
        let number_key = format!("number:{phone_number_id}");
        loop {
            let taken = match state
                .store
                .take_send_token(number_key.clone(), self.number_burst, self.number_rate)
                .await
            {
                Ok(Some(taken)) => taken,
                Ok(None) => self.number.take(Instant::now()),
                Err(e) => {
                    tracing::error!(error = %e, "send pacing could not read the store");
                    Err(Duration::from_secs(1))
                }
            };
            match taken {
                Ok(()) => break,
                Err(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Drops the customers' buckets that are full again: a new one would
    /// be the same, and the map stays as small as the busy customers.
    fn forget_full_customers(&mut self) {
        self.customers.retain(|_, b| {
            b.refill(Instant::now());
            b.tokens < b.capacity
        });
    }
}

async fn send_one(state: &AppState, send: DueSend) {
    let id = send.message_id;
    // Durably "in flight" before Meta hears of it: after a crash this row's
    // outcome is unknown and it is shown so, not sent again.
    match state.store.mark_in_flight(id).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::error!(message_id = id, error = %e, "could not mark send in flight");
            return;
        }
    }
    tracing::info!(message_id = id, to = %mask_phone(&send.to), attempt = send.attempts + 1, "sending");
    let graph = state.graph.for_number(&send.phone_number_id);
    let result = match &send.payload {
        Some(Payload::Template(t)) => {
            graph
                .send_template(&send.to, &t.name, &t.language, &t.parameters)
                .await
        }
        Some(Payload::Reaction { wamid, emoji }) => {
            graph.send_reaction(&send.to, wamid, emoji).await
        }
        Some(Payload::Reply { wamid }) => graph.send_reply(&send.to, &send.text, wamid).await,
        Some(Payload::Buttons { buttons }) => {
            graph.send_buttons(&send.to, &send.text, buttons).await
        }
        Some(Payload::List { button, rows }) => {
            graph.send_list(&send.to, &send.text, button, rows).await
        }
        Some(Payload::Media {
            upload_id,
            kind,
            caption,
            reply_to,
            ..
        }) => {
            send_file(
                state,
                &graph,
                &send.to,
                *upload_id,
                kind,
                caption.as_deref(),
                reply_to.as_deref(),
            )
            .await
        }
        None => graph.send_text(&send.to, &send.text).await,
    };
    state.metrics.send_outcome(match &result {
        Ok(_) => "accepted",
        Err(e) if e.outcome_unknown() => "unknown",
        Err(e) => match e.disposition() {
            Disposition::Retry => "retry",
            Disposition::Fail => "failed",
            Disposition::ChannelDown => "channel_down",
        },
    });
    let outcome = outcome_of(result, send.attempts + 1, state.send_policy.max_attempts);
    if let SendOutcome::Retry { reason, .. }
    | SendOutcome::Failed { reason }
    | SendOutcome::Unknown { reason } = &outcome
    {
        tracing::warn!(message_id = id, %reason, "send did not succeed");
    }
    if let Err(e) = state.store.record_send_outcome(id, outcome).await {
        tracing::error!(message_id = id, error = %e, "could not record the send outcome");
    }
    state.publish().await;
}

/// Sends an agent's file: uploads it to the Graph API once (streamed from
/// its sealed chunks, never whole in memory; Meta's media id is kept so a
/// retry does not upload again), then sends the message that carries it.
async fn send_file(
    state: &AppState,
    graph: &switchboard_whatsapp::graph::GraphClient,
    to: &str,
    upload_id: i64,
    kind: &str,
    caption: Option<&str>,
    reply_to: Option<&str>,
) -> Result<String, GraphError> {
    let unreadable = |e: StoreError| {
        tracing::error!(upload_id, error = %e, "an attachment could not be read");
        GraphError::NotSent("the attachment could not be read from the hub's store".to_owned())
    };
    let row = state.store.upload(upload_id).await.map_err(unreadable)?;
    let media_id = match row.graph_media_id.clone() {
        Some(id) => id,
        None => {
            let body = switchboard_whatsapp::graph::Body::wrap_stream(chunks(state.clone(), &row));
            let id = graph
                .upload_media(&row.mime_type, &row.filename, row.size as u64, body)
                .await?;
            state
                .store
                .set_graph_media_id(upload_id, id.clone())
                .await
                .map_err(unreadable)?;
            id
        }
    };
    graph
        .send_media(
            to,
            &switchboard_whatsapp::graph::MediaSend {
                kind,
                media_id: &media_id,
                caption,
                filename: &row.filename,
                reply_to,
            },
        )
        .await
}

/// An upload's chunks in order, opened one at a time; the stream ends in an
/// error if they do not add up to the digest taken when the file arrived.
fn chunks(
    state: AppState,
    row: &UploadRow,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    use sha2::{Digest, Sha256};
    let (id, count, expected) = (row.id, row.chunks, row.sha256.clone());
    futures_util::stream::unfold(
        (0i64, Sha256::new(), false),
        move |(seq, mut digest, done)| {
            let (state, expected) = (state.clone(), expected.clone());
            async move {
                if done || seq >= count {
                    return None;
                }
                let chunk = match state.store.upload_chunk(id, seq).await {
                    Ok(chunk) => chunk,
                    Err(e) => {
                        let e = std::io::Error::other(format!("chunk {seq}: {e}"));
                        return Some((Err(e), (seq, digest, true)));
                    }
                };
                digest.update(&chunk);
                if seq + 1 == count && hex::encode(digest.clone().finalize()) != expected {
                    let e = std::io::Error::other("the attachment does not match its digest");
                    return Some((Err(e), (seq, digest, true)));
                }
                Some((Ok(chunk), (seq + 1, digest, false)))
            }
        },
    )
}

/// Decides what a Graph API answer means for the message.
pub fn outcome_of(
    result: Result<String, GraphError>,
    attempt: i64,
    max_attempts: i64,
) -> SendOutcome {
    match result {
        Ok(wamid) => SendOutcome::Accepted { wamid },
        Err(e) if e.outcome_unknown() => SendOutcome::Unknown { reason: e.reason() },
        Err(e) => match e.disposition() {
            Disposition::Retry | Disposition::ChannelDown if attempt < max_attempts => {
                let wait = if e.disposition() == Disposition::ChannelDown {
                    300
                } else {
                    backoff(attempt)
                };
                SendOutcome::Retry {
                    at: crate::db::now() + wait,
                    reason: e.reason(),
                }
            }
            _ => SendOutcome::Failed { reason: e.reason() },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_whatsapp::graph::GraphErrorBody;

    fn api(status: u16, code: i64) -> GraphError {
        GraphError::Api {
            status,
            body: GraphErrorBody {
                message: "m".into(),
                kind: "t".into(),
                code,
                error_data: None,
                fbtrace_id: None,
            },
        }
    }

    #[test]
    fn transient_errors_retry_then_fail() {
        assert!(matches!(
            outcome_of(Err(api(400, 130429)), 1, 8),
            SendOutcome::Retry { .. }
        ));
        assert!(matches!(
            outcome_of(Err(api(400, 131056)), 1, 8),
            SendOutcome::Retry { .. }
        ));
        assert!(
            matches!(
                outcome_of(Err(api(500, 1)), 1, 8),
                SendOutcome::Retry { .. }
            ),
            "5xx is transient"
        );
        assert!(matches!(
            outcome_of(Err(GraphError::NotSent("refused".into())), 1, 8),
            SendOutcome::Retry { .. }
        ));
        assert!(
            matches!(
                outcome_of(Err(api(400, 131000)), 8, 8),
                SendOutcome::Failed { .. }
            ),
            "gives up at the cap"
        );
    }

    #[test]
    fn permanent_and_ambiguous_errors_are_never_retried() {
        for code in [131047, 131026, 131048, 368, 100] {
            assert!(
                matches!(
                    outcome_of(Err(api(400, code)), 1, 8),
                    SendOutcome::Failed { .. }
                ),
                "{code}"
            );
        }
        assert!(matches!(
            outcome_of(Err(GraphError::Unknown("timeout".into())), 1, 8),
            SendOutcome::Unknown { .. }
        ));
    }

    #[test]
    fn buckets_pace() {
        let t0 = Instant::now();
        let mut b = Bucket::new(2.0, 0.5);
        assert!(b.take(t0).is_ok());
        assert!(b.take(t0).is_ok(), "the burst allows two");
        let wait = b.take(t0).err().unwrap_or_default();
        assert!(
            wait > Duration::from_millis(1900) && wait <= Duration::from_secs(2),
            "{wait:?}"
        );
        assert!(
            b.take(t0 + Duration::from_secs(2)).is_ok(),
            "refilled after the interval"
        );
        assert_eq!(backoff(1), 2);
        assert_eq!(backoff(30), 300);
    }
}
