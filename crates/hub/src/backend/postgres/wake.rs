//! Wake-ups across hubs. A desktop's event stream is served by whichever
//! hub it is connected to, but the change it should hear about may be
//! written by another. Each hub listens on one PostgreSQL channel
//! ([`CHANNEL`]); every transaction that appends to the feed notifies it
//! ([`super::feed::append`]). PostgreSQL delivers a notification to every
//! listening session when, and only if, the transaction commits, and folds
//! a transaction's identical notifications into one: a group commit of a
//! hundred webhooks wakes each hub once, and a rolled-back one wakes nobody.

use futures_util::StreamExt;
use tokio::sync::watch;
use tokio_postgres::{AsyncMessage, Client};

/// The channel every hub listens on.
pub const CHANNEL: &str = "switchboard_feed";
/// Who is viewing or typing where, from one hub to the others (a
/// [`crate::presence::SharedPresence`] as JSON; nothing of it is stored).
pub const PRESENCE_CHANNEL: &str = "switchboard_presence";

/// A session listening on [`CHANNEL`]; dropping it stops listening.
pub struct Listener {
    task: tokio::task::JoinHandle<()>,
    _client: Client,
}

impl Listener {
    /// Connects to `url` and listens; each feed notification counts one
    /// into `wake` (its subscribers are woken); each presence another hub
    /// shares goes on `presence`'s board (this hub, `owner`, skips its own).
    /// Returns once listening.
    pub async fn start(
        url: &str,
        wake: watch::Sender<u64>,
        presence: std::sync::Arc<crate::presence::PresenceBoard>,
        owner: String,
    ) -> Result<Listener, crate::db::StoreError> {
        let (client, mut connection) = super::connect::open(url).await?;
        // The connection is driven here: it carries the LISTEN below and
        // then the notifications.
        let task = tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(message) = messages.next().await {
                match message {
                    Ok(AsyncMessage::Notification(n)) if n.channel() == CHANNEL => {
                        wake.send_modify(|count| *count += 1);
                    }
                    Ok(AsyncMessage::Notification(n)) if n.channel() == PRESENCE_CHANNEL => {
                        match serde_json::from_str::<crate::presence::SharedPresence>(n.payload()) {
                            Ok(p) if p.hub != owner => presence.apply(&p),
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!(error = %e, "a presence from another hub could not be read")
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "feed wake-up connection lost");
                        return;
                    }
                }
            }
        });
        client
            .batch_execute(&format!("LISTEN {CHANNEL}; LISTEN {PRESENCE_CHANNEL}"))
            .await?;
        Ok(Listener {
            task,
            _client: client,
        })
    }

    /// False once the connection is gone ([`Listening`] then starts a new one).
    pub fn is_listening(&self) -> bool {
        !self.task.is_finished()
    }

    /// Returns when the connection is gone.
    async fn lost(&mut self) {
        let _ = (&mut self.task).await;
    }
}

/// A [`Listener`] kept for the hub's life: when its connection is lost (the
/// database restarted, a network fault between the hub and it) a new one is
/// started, retried every 250 ms to 5 s until the database takes it. Until
/// the chaos soak (issue 32) found it, a hub whose listening connection
/// dropped stayed deaf to the other hubs for the rest of its life: its
/// desktops heard of the other hubs' writes only at their 30-second sync.
/// What was written while nobody listened is not notified again, so each
/// new connection counts one wake-up: the hub reads the feed once.
pub struct Listening {
    listening: std::sync::Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Listening {
    /// Starts listening as [`Listener::start`] does (an error if the first
    /// connection fails), then keeps listening.
    pub async fn start(
        url: &str,
        wake: watch::Sender<u64>,
        presence: std::sync::Arc<crate::presence::PresenceBoard>,
        owner: String,
    ) -> Result<Listening, crate::db::StoreError> {
        use std::sync::atomic::Ordering;
        let first = Listener::start(url, wake.clone(), presence.clone(), owner.clone()).await?;
        let listening = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let flag = listening.clone();
        let url = url.to_owned();
        let task = tokio::spawn(async move {
            let mut listener = first;
            loop {
                listener.lost().await;
                flag.store(false, Ordering::SeqCst);
                let mut wait = std::time::Duration::from_millis(250);
                listener = loop {
                    tokio::time::sleep(wait).await;
                    match Listener::start(&url, wake.clone(), presence.clone(), owner.clone()).await
                    {
                        Ok(l) => break l,
                        Err(e) => {
                            tracing::debug!(error = %e, "feed wake-up connection not open yet");
                            wait = (wait * 2).min(std::time::Duration::from_secs(5));
                        }
                    }
                };
                wake.send_modify(|count| *count += 1);
                flag.store(true, Ordering::SeqCst);
                tracing::info!("listening to the other hubs again");
            }
        });
        Ok(Listening { listening, task })
    }

    /// False while the connection is lost and not yet open again.
    pub fn is_listening(&self) -> bool {
        self.listening.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}
