//! Switchboard hub: the team server between WhatsApp and the desktops.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it
//! with `oneshot` and no socket, and [`serve`] runs it on a listener.
//!
//! The hub alone holds the WhatsApp credentials. It verifies every webhook's
//! signature over the raw body, writes durably before answering 200,
//! de-duplicates on the wamid, and serves each desktop a change feed
//! filtered to what its agent may read.

pub mod alerts;
pub mod auth;
pub mod backend;
pub mod bucket;
pub mod config;
pub mod crypto;
pub mod db;
pub mod details;
pub mod doctor;
pub mod error;
pub mod files;
pub mod first_run;
pub mod heap;
pub mod http;
pub mod limits;
pub mod media;
pub mod metrics;
pub mod presence;
pub mod push;
pub mod queries;
pub mod repo;
pub mod send_policy;
pub mod sender;
pub mod server;
pub mod tls;

use axum::Router;
use std::sync::Arc;
use switchboard_whatsapp::graph::GraphClient;
use tokio::sync::{Notify, watch};
use zeroize::Zeroizing;

pub use http::app;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// Storage, behind the [`repo::HubStore`] trait.
    pub store: Arc<dyn repo::HubStore>,
    pub graph: GraphClient,
    pub app_secret: Arc<Zeroizing<String>>,
    pub verify_token: Arc<Zeroizing<String>>,
    /// The latest change seq; desktops waiting on `/v1/events` watch it.
    pub feed: Arc<watch::Sender<i64>>,
    /// The feed's newest changes, read once for every open event stream
    /// to push (see [`push`]); read only while a stream is open.
    pub pages: Arc<watch::Sender<Arc<push::Recent>>>,
    pub metrics: Arc<metrics::Metrics>,
    pub send_policy: sender::SendPolicy,
    /// Wakes the send queue when a message is queued.
    pub send_wake: Arc<Notify>,
    /// Wakes the media fetcher when media arrives.
    pub media_wake: Arc<Notify>,
    pub limits: Arc<limits::Limits>,
    /// Days a newly issued token lives.
    pub token_days: i64,
    /// Send read receipts to customers when an agent reads a conversation.
    pub read_receipts: bool,
    /// Auto-assignment: the most open conversations an agent is given
    /// (`SWITCHBOARD_AUTO_ASSIGN_LIMIT`); `None` leaves new conversations
    /// in the queue.
    pub auto_assign: Option<i64>,
    /// Approved templates (name, language, parameter count), for replies
    /// outside the 24-hour window.
    pub templates: Arc<Vec<switchboard_protocol::Template>>,
    /// Bumped whenever tokens may have stopped working (revocation, disable,
    /// role change): open event streams re-check theirs at once.
    pub auth_epoch: Arc<watch::Sender<u64>>,
    /// The tokens' generation (migration 0018) as this hub last read it:
    /// open event streams read their caller again when it moves, whichever
    /// hub or command line moved it (see [`AppState::watch_generations`]).
    pub tokens: Arc<watch::Sender<i64>>,
    /// The lists' generation (migration 0018) as this hub last read it:
    /// open event streams tell their desktops when it moves.
    pub lists: Arc<watch::Sender<i64>>,
    /// Whether this hub's reader of the generations runs.
    pub watching_generations: Arc<std::sync::atomic::AtomicBool>,
    /// The last `/readyz` answer and when it was taken.
    pub readiness: Arc<tokio::sync::Mutex<Option<(std::time::Instant, bool)>>>,
    /// Publishes asked for, and how many of them the last read covered
    /// (see [`AppState::publish`]).
    pub publishing: Arc<Publishing>,
    /// Who is viewing or typing where (memory only; see [`presence`]).
    pub presence: Arc<presence::PresenceBoard>,
    /// This hub's name among several on PostgreSQL (empty for one hub).
    pub hub_name: String,
}

/// Folds publishes asked for at once into one read of the latest seq.
#[derive(Default)]
pub struct Publishing {
    asked: std::sync::atomic::AtomicU64,
    covered: tokio::sync::Mutex<u64>,
}

impl AppState {
    /// A hub on the embedded SQLite store (the default backend).
    pub fn new(
        store: backend::sqlite::Store,
        graph: GraphClient,
        app_secret: Zeroizing<String>,
        verify_token: Zeroizing<String>,
    ) -> Result<AppState, db::StoreError> {
        let latest = store.blocking(|conn, _| queries::feed::latest_seq(conn))?;
        Ok(AppState::with_store(
            Arc::new(store),
            latest,
            graph,
            app_secret,
            verify_token,
        ))
    }

    /// A hub on any [`repo::HubStore`] whose feed is at `latest_seq`.
    pub fn with_store(
        store: Arc<dyn repo::HubStore>,
        latest_seq: i64,
        graph: GraphClient,
        app_secret: Zeroizing<String>,
        verify_token: Zeroizing<String>,
    ) -> AppState {
        let (feed, _) = watch::channel(latest_seq);
        AppState {
            store,
            graph,
            app_secret: Arc::new(app_secret),
            verify_token: Arc::new(verify_token),
            feed: Arc::new(feed),
            pages: Arc::new(watch::channel(Arc::new(push::Recent::at(latest_seq))).0),
            metrics: Arc::default(),
            send_policy: sender::SendPolicy::default(),
            send_wake: Arc::default(),
            media_wake: Arc::default(),
            limits: Arc::new(limits::Limits::default()),
            token_days: 90,
            read_receipts: false,
            auto_assign: None,
            templates: Arc::default(),
            auth_epoch: Arc::new(watch::channel(0).0),
            tokens: Arc::new(watch::channel(0).0),
            lists: Arc::new(watch::channel(0).0),
            watching_generations: Arc::default(),
            readiness: Arc::default(),
            publishing: Arc::default(),
            presence: Arc::default(),
            hub_name: String::new(),
        }
    }

    /// Tells open event streams to re-check their tokens now.
    pub fn auth_changed(&self) {
        self.auth_epoch.send_modify(|epoch| *epoch += 1);
    }

    /// Follows the tokens' and the lists' generations. The first caller
    /// starts this hub's one reader of them: every `stream_recheck` it reads
    /// the one row, so a thousand open streams cost one query per interval,
    /// not a thousand (each stream then reads its own caller only when the
    /// tokens moved, and its desktop fetches the lists only when they did).
    pub fn watch_generations(&self) -> (watch::Receiver<i64>, watch::Receiver<i64>) {
        use std::sync::atomic::Ordering;
        if !self.watching_generations.swap(true, Ordering::SeqCst) {
            let state = self.clone();
            tokio::spawn(async move {
                let every = state.limits.config.stream_recheck;
                loop {
                    if let Ok((tokens, lists)) = state.store.generations().await {
                        for (watch, now) in [(&state.tokens, tokens), (&state.lists, lists)] {
                            watch.send_if_modified(|seen| {
                                let moved = *seen != now;
                                *seen = now;
                                moved
                            });
                        }
                    }
                    tokio::time::sleep(every).await;
                }
            });
        }
        (self.tokens.subscribe(), self.lists.subscribe())
    }

    /// Tells SSE listeners the feed has grown, after a write committed.
    /// A read that began after this call was made covers it, so callers
    /// that arrive while one is running share the next: under a stream of
    /// webhooks the feed's head is read once per read's time, not once per
    /// webhook (on PostgreSQL each read is a snapshot transaction). While
    /// event streams are open, that read is the new changes themselves,
    /// for the streams to push ([`push`]).
    pub async fn publish(&self) {
        use std::sync::atomic::Ordering;
        let mine = self.publishing.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let mut covered = self.publishing.covered.lock().await;
        if *covered >= mine {
            return;
        }
        let asked = self.publishing.asked.load(Ordering::SeqCst);
        let after = *self.feed.borrow();
        if self.pages.receiver_count() == 0 {
            if let Ok(seq) = self.store.latest_seq().await {
                self.feed.send_replace(seq);
                *covered = asked;
            }
            return;
        }
        if let Ok((tail, generation)) = self.store.feed_tail(after, push::PUSH_LIMIT).await {
            let batch = push::Batch::read(after, tail, generation);
            if batch.next > after {
                self.feed.send_replace(batch.next);
                let recent = self.pages.borrow().with(batch);
                self.pages.send_replace(Arc::new(recent));
            }
            *covered = asked;
        }
    }
}

/// Runs the hub on `listener` until `shutdown` resolves: reconciles sends a
/// crash left in flight, starts the send queue and media fetcher, and serves
/// (over TLS when `tls` is given).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, None, shutdown).await
}

pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    match state.store.reconcile_in_flight().await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            count = n,
            "sends interrupted by a stop are marked outcome-unknown"
        ),
        Err(e) => tracing::error!(error = %e, "could not reconcile interrupted sends"),
    }
    let queue = tokio::spawn(sender::run(state.clone()));
    let fetcher = tokio::spawn(media::run(state.clone()));
    let trimmer = tokio::spawn(heap::keep_trimmed());
    let router: Router = app(state.clone());
    let served = server::serve(listener, router, state, tls, shutdown).await;
    queue.abort();
    fetcher.abort();
    trimmer.abort();
    served
}
