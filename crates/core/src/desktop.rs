//! The desktop session: one signed-in profile with its store, its hub client
//! and the sync loop that keeps them in step.

use crate::error::{CoreError, Result};
use crate::hub_client::HubClient;
use crate::secrets::Secrets;
use crate::store::{
    ConversationPage, ConversationView, ListCursor, Store, ThreadPage, View, ViewCounts,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use switchboard_protocol::{
    AgentSummary, AuditEntry, ConversationStatus, DeliveryStatus, Direction, IssuedToken, Me,
    Permission, Role, SendRequest, Template, TemplateSend, auth_codes, may_manage, may_reply,
};
use tokio::sync::Notify;
use zeroize::Zeroizing;

/// A named profile: its folder holds the store and the (non-secret) sign-in
/// details; its secrets are in the keyring under the same name.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub dir: PathBuf,
}

impl Profile {
    /// `$XDG_DATA_HOME/switchboard/<name>` (or `~/.local/share/...`).
    pub fn named(name: &str) -> Result<Profile> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(CoreError::Invalid(
                "a profile name is letters, digits, '-' and '_'",
            ));
        }
        let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(
                std::env::var_os("HOME").ok_or(CoreError::Invalid("HOME is not set"))?,
            )
            .join(".local/share"),
        };
        Ok(Profile {
            name: name.to_owned(),
            dir: base.join("switchboard").join(name),
        })
    }

    pub fn at(name: &str, dir: &Path) -> Profile {
        Profile {
            name: name.to_owned(),
            dir: dir.to_owned(),
        }
    }

    fn secrets(&self) -> Secrets {
        Secrets::new(&self.name)
    }

    fn account_file(&self) -> PathBuf {
        self.dir.join("account.json")
    }

    pub fn store_file(&self) -> PathBuf {
        self.dir.join("store.sqlite3")
    }
}

/// A store that will not open is a damaged local copy (what the user can do
/// about it is the same whatever the cause).
fn damaged(e: CoreError) -> CoreError {
    match e {
        CoreError::WrongKey => CoreError::StoreDamaged(
            "its key is not the one in the keyring, or the file is not a store",
        ),
        CoreError::Store(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            CoreError::StoreDamaged("the file is damaged")
        }
        other => other,
    }
}

/// What is remembered about the sign-in, outside the keyring: nothing secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Account {
    hub_url: String,
    me: Me,
}

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

/// [`APPLY_GROUP`], or `SWITCHBOARD_SYNC_GROUP` (1 to 100,000) where it is set:
/// smaller groups move the cursor more often at some cost in speed.
fn apply_group() -> usize {
    std::env::var("SWITCHBOARD_SYNC_GROUP")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| (1..=100_000).contains(n))
        .unwrap_or(APPLY_GROUP)
}

pub struct Desktop {
    profile: Profile,
    store: Store,
    client: HubClient,
    me: RwLock<Me>,
    wake: Notify,
    progress: tokio::sync::watch::Sender<SyncProgress>,
    /// Conversations this desktop claimed, so taking one is not notified.
    claimed_here: std::sync::Mutex<std::collections::HashSet<i64>>,
    /// Changes per store transaction in a catch-up ([`apply_group`]).
    apply_group: usize,
    /// When WhatsApp's alerts were last looked at (admins).
    alerts_checked: Every,
    /// When the lists the hub owns (team, canned replies, labels) were last fetched.
    lists_fetched: Every,
    /// Who is viewing or typing where, as the hub's stream tells it.
    presence: tokio::sync::broadcast::Sender<switchboard_protocol::Presence>,
}

/// The download limit until the user sets one: 25 MB.
pub const DEFAULT_DOWNLOAD_CAP: i64 = 25_000_000;

/// A type as WhatsApp names it: lower case, without parameters.
fn kind_mime(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Something done at most once per [`ALERTS_EVERY`] across sync rounds.
#[derive(Default)]
struct Every(std::sync::Mutex<Option<std::time::Instant>>);

impl Every {
    /// Whether it is due now; if so, the clock starts again.
    fn due(&self) -> bool {
        let Ok(mut last) = self.0.lock() else {
            return false;
        };
        if last.is_some_and(|at| at.elapsed() < ALERTS_EVERY) {
            return false;
        }
        *last = Some(std::time::Instant::now());
        true
    }
}

/// How often an admin's desktop looks for new WhatsApp alerts.
const ALERTS_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

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

/// What the UI shows about the session.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SessionInfo {
    pub hub_url: String,
    pub agent_id: i64,
    pub name: String,
    pub role: switchboard_protocol::Role,
    /// May manage agents and tokens and read the audit log (from the role table).
    pub can_manage: bool,
}

impl Desktop {
    /// Signs `profile` in: checks the token with the hub, then keeps it in the keyring.
    pub async fn sign_in(
        profile: &Profile,
        hub_url: &str,
        token: Zeroizing<String>,
    ) -> Result<Desktop> {
        let token = Zeroizing::new(token.trim().to_owned());
        if token.is_empty() {
            return Err(CoreError::Invalid("the token is empty"));
        }
        let client = HubClient::new(hub_url, token.clone())?;
        let me = client.me().await?;
        let secrets = profile.secrets();
        secrets.set_token(&token)?;
        crate::files::private_folder(&profile.dir)?;
        let account = Account {
            hub_url: client.base().to_owned(),
            me,
        };
        let json =
            serde_json::to_vec_pretty(&account).map_err(|_| CoreError::Invalid("account"))?;
        let tmp = profile.account_file().with_extension("json.tmp");
        crate::files::write_private(&tmp, &json)?;
        std::fs::rename(&tmp, profile.account_file())?;
        Desktop::open(profile)
    }

    /// Opens a signed-in profile: reads the token and store key from the keyring.
    pub fn open(profile: &Profile) -> Result<Desktop> {
        let account: Account = match std::fs::read(profile.account_file()) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
                CoreError::Invalid("the profile's account.json is damaged; sign in again")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CoreError::NotSignedIn);
            }
            Err(e) => return Err(e.into()),
        };
        let secrets = profile.secrets();
        let token = secrets.token()?.ok_or(CoreError::NotSignedIn)?;
        let key = secrets.store_key()?;
        crate::files::private_folder(&profile.dir)?;
        let store = match Store::open(&profile.store_file(), &key) {
            Ok(store) => store,
            Err(e) => return Err(damaged(e)),
        };
        let client = HubClient::new(&account.hub_url, token)?;
        Ok(Desktop {
            profile: profile.clone(),
            store,
            client,
            me: RwLock::new(account.me),
            wake: Notify::new(),
            progress: tokio::sync::watch::channel(SyncProgress::default()).0,
            claimed_here: std::sync::Mutex::default(),
            apply_group: apply_group(),
            alerts_checked: Every::default(),
            lists_fetched: Every::default(),
            presence: tokio::sync::broadcast::channel(64).0,
        })
    }

    /// Rebuilds a local copy that cannot be opened: the damaged file is moved
    /// aside (kept, named with the time), replies still readable in its
    /// outbox are carried over, and a fresh store under a new key syncs
    /// everything again from the hub. Needs the profile to be signed in.
    pub fn rebuild(profile: &Profile) -> Result<Desktop> {
        let secrets = profile.secrets();
        if secrets.token()?.is_none() || !profile.account_file().exists() {
            return Err(CoreError::NotSignedIn);
        }
        let old_key = secrets.store_key()?;
        // Kept open while the file is moved aside: queued files are copied
        // from it a chunk at a time.
        let old = Store::open(&profile.store_file(), &old_key).ok();
        let salvaged = old
            .as_ref()
            .and_then(|old| old.outbox().ok())
            .unwrap_or_default();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", profile.store_file().display()));
            if from.exists() {
                let to = profile
                    .dir
                    .join(format!("store.damaged-{stamp}.sqlite3{suffix}"));
                std::fs::rename(&from, &to)?;
            }
        }
        secrets.forget_store_key()?;
        let desktop = Desktop::open(profile)?;
        for entry in &salvaged {
            match (&entry.attachment, &old) {
                (Some(file), Some(old)) => {
                    let restored = desktop.store.queue_attachment_as(
                        &entry.client_message_id,
                        entry.conversation_id,
                        &entry.text,
                        entry.reply_to,
                        &crate::store::QueuedFile {
                            upload_id: None,
                            ..file.clone()
                        },
                        u64::MAX,
                        &mut old.outbox_file(&entry.client_message_id),
                    );
                    if let Err(e) = restored {
                        tracing::warn!(error = %e, "a queued file could not be carried over");
                    }
                }
                // Never a caption sent alone as a text.
                (Some(_), None) => {}
                (None, _) => desktop.store.restore_outbox(entry)?,
            }
        }
        tracing::info!(
            carried = salvaged.len(),
            "local copy rebuilt; the damaged file is kept aside"
        );
        Ok(desktop)
    }

    /// Follows the progress of catching up with the hub (for a progress bar).
    pub fn progress(&self) -> tokio::sync::watch::Receiver<SyncProgress> {
        self.progress.subscribe()
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn me(&self) -> Me {
        self.me
            .read()
            .map(|m| m.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub fn session(&self) -> SessionInfo {
        let me = self.me();
        SessionInfo {
            hub_url: self.client.base().to_owned(),
            agent_id: me.agent_id,
            name: me.name,
            role: me.role,
            can_manage: me.role.allows(Permission::Manage),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
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
            // Each group and its cursor commit together: a crash half-way
            // resumes at the last group applied, with no gap and no repeat.
            let me = self.me();
            let applied = self.store.apply(&changes, next, &me)?;
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
                        name: c
                            .contact_name
                            .filter(|n| !n.trim().is_empty())
                            .unwrap_or_else(|| format!("+{}", c.wa_id)),
                    })
            };
            // A first sync brings history, not news: nothing to notify.
            if started > 0 {
                report
                    .notices
                    .extend(crate::notify::decide(&me, &applied, lookup, &claimed));
            }
            let total = page.latest.max(next);
            self.progress.send_replace(SyncProgress {
                started,
                applied: if more { next } else { total },
                total,
            });
            if !more {
                // Revoked conversations are gone from every view already;
                // their messages leave now, a short transaction at a time.
                self.store.purge_pending()?;
                return Ok(report);
            }
            after = next;
        }
    }

    /// Sends what the outbox holds. A refusal by the hub is final and shown on
    /// the reply; being offline leaves it queued for the next round.
    pub async fn flush_outbox(&self) -> Result<usize> {
        let mut sent = 0;
        for entry in self.store.outbox()? {
            let attachment = match &entry.attachment {
                Some(file) => match self.upload_queued(&entry, file).await {
                    Ok(id) => Some(id),
                    Err(CoreError::Hub {
                        status, message, ..
                    }) if (400..500).contains(&status) && status != 429 => {
                        self.store
                            .reply_refused(&entry.client_message_id, &message)?;
                        continue;
                    }
                    Err(e) => {
                        self.store
                            .reply_attempted(&entry.client_message_id, &e.to_ui().message)?;
                        return Err(e);
                    }
                },
                None => None,
            };
            let req = SendRequest {
                client_message_id: entry.client_message_id.clone(),
                text: if entry.template.is_some() {
                    String::new()
                } else {
                    entry.text.clone()
                },
                template: entry.template.clone(),
                reaction: None,
                note: entry.note,
                reply_to: entry.reply_to,
                attachment,
            };
            self.store.reply_sending(&entry.client_message_id)?;
            match self.client.send(entry.conversation_id, &req).await {
                Ok(message) => {
                    self.store.reply_accepted(&message, &self.me())?;
                    sent += 1;
                }
                // The hub no longer has the file (unsent uploads go after a
                // day): upload it again next round.
                Err(CoreError::Hub { code, message, .. }) if code == "unknown_attachment" => {
                    self.store.set_upload(&entry.client_message_id, None)?;
                    self.store
                        .reply_attempted(&entry.client_message_id, &message)?;
                }
                Err(CoreError::Hub {
                    status, message, ..
                }) if (400..500).contains(&status) && status != 429 => {
                    self.store
                        .reply_refused(&entry.client_message_id, &message)?;
                }
                Err(e) => {
                    self.store
                        .reply_attempted(&entry.client_message_id, &e.to_ui().message)?;
                    return Err(e);
                }
            }
        }
        Ok(sent)
    }

    /// The hub's upload of a queued file: uploads it first if the hub does
    /// not have it yet, streamed from the encrypted store a chunk at a time
    /// (never whole in memory).
    async fn upload_queued(
        &self,
        entry: &crate::store::OutboxEntry,
        file: &crate::store::QueuedFile,
    ) -> Result<i64> {
        if let Some(id) = file.upload_id {
            return Ok(id);
        }
        self.store.reply_sending(&entry.client_message_id)?;
        let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(1);
        let cmid = entry.client_message_id.clone();
        let produce = async move {
            let mut seq = 0;
            loop {
                let chunk = match self.store.outbox_chunk(&cmid, seq) {
                    Ok(Some(chunk)) => Ok(chunk),
                    Ok(None) => break,
                    Err(e) => Err(std::io::Error::other(e.to_string())),
                };
                let failed = chunk.is_err();
                // The request ended (refused or cut): nothing more to read.
                if tx.send(chunk).await.is_err() || failed {
                    break;
                }
                seq += 1;
            }
        };
        let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        });
        let body = reqwest::Body::wrap_stream(chunks);
        let upload = self.client.upload(
            entry.conversation_id,
            &file.name,
            &file.mime_type,
            u64::try_from(file.size).unwrap_or_default(),
            body,
        );
        let ((), uploaded) = tokio::join!(produce, upload);
        let uploaded = uploaded?;
        self.store
            .set_upload(&entry.client_message_id, Some(uploaded.id))?;
        Ok(uploaded.id)
    }

    /// Queues a file to send in a conversation, with a caption (may be
    /// empty), quoting message `quote` when given. Checked against
    /// WhatsApp's types and limits before anything is queued; the bytes
    /// wait in the encrypted store (sent once, even after a restart).
    pub fn attach(
        &self,
        conversation_id: i64,
        file: &crate::store::QueuedFile,
        caption: &str,
        quote: Option<i64>,
        read: &mut dyn std::io::Read,
    ) -> Result<String> {
        let name = crate::files::safe_file_name(Some(&file.name), &file.mime_type, 0);
        let kind = switchboard_protocol::check_attachment(
            &file.mime_type,
            u64::try_from(file.size).unwrap_or_default(),
        )
        .map_err(CoreError::Attachment)?;
        // The hub refuses a name that does not fit the type: said now, not
        // after the file waited in the outbox.
        let mime_type = kind_mime(&file.mime_type);
        switchboard_protocol::check_file_name(&name, &mime_type).map_err(CoreError::Attachment)?;
        switchboard_protocol::validate_caption(caption).map_err(CoreError::Invalid)?;
        self.may_reply_in(conversation_id, quote)?;
        let queued = crate::store::QueuedFile {
            name,
            mime_type,
            size: file.size,
            upload_id: None,
        };
        let cmid = self.store.queue_attachment(
            conversation_id,
            caption.trim(),
            quote,
            &queued,
            kind.max_bytes,
            read,
        )?;
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Who is viewing or typing in conversations this agent may read, as
    /// the hub tells it (while [`Desktop::run`] follows the hub).
    pub fn presence(&self) -> tokio::sync::broadcast::Receiver<switchboard_protocol::Presence> {
        self.presence.subscribe()
    }

    /// Tells the team this agent views, types in or left a conversation.
    /// Needs the hub (presence is not worth queueing).
    pub async fn set_presence(
        &self,
        conversation_id: i64,
        state: switchboard_protocol::PresenceState,
    ) -> Result<()> {
        self.store.conversation(conversation_id)?;
        self.client.presence(conversation_id, state).await?;
        Ok(())
    }

    /// One full round: outbox out, feed in.
    pub async fn sync_once(&self) -> Result<SyncReport> {
        let round = async {
            let sent = self.flush_outbox().await?;
            let mut report = self.pull().await?;
            report.sent = sent;
            // The team's names and the canned replies, kept for offline use.
            if let Err(e) = self.refresh_lists().await {
                tracing::warn!(error = %e.to_ui().message, "team and canned replies not refreshed");
            }
            // An alert that cannot be read now is read at a later round.
            match self.new_alerts().await {
                Ok(notices) => report.notices.extend(notices),
                Err(e) => tracing::warn!(error = %e.to_ui().message, "WhatsApp alerts not read"),
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
                            crate::hub_client::HubEvent::Changes => me.wake.notify_one(),
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
            let round = self.sync_once().await;
            let signed_out = matches!(round, Err(CoreError::SignedOut(_)));
            on_round(round);
            if signed_out {
                return;
            }
            let _ = tokio::time::timeout(Duration::from_secs(30), self.wake.notified()).await;
        }
    }

    /// Every conversation this copy holds: for tests and tools. The UI pages
    /// through views with [`Desktop::conversation_page`].
    pub fn conversations(&self) -> Result<Vec<ConversationView>> {
        self.store.conversations(&self.me())
    }

    /// One page of a view, newest activity first.
    pub fn conversation_page(
        &self,
        view: View,
        after: Option<ListCursor>,
        limit: i64,
    ) -> Result<ConversationPage> {
        if matches!(view, View::Agent { .. }) && !self.me().role.allows(Permission::ReadAll) {
            return Err(CoreError::Invalid(
                "only admins and viewers see other agents' queues",
            ));
        }
        self.store.conversation_page(&self.me(), view, after, limit)
    }

    /// Sends a failed reply again.
    pub fn retry_reply(&self, client_message_id: &str) -> Result<()> {
        self.store.retry_reply(client_message_id)?;
        self.wake.notify_one();
        Ok(())
    }

    /// Drops a queued or failed reply.
    pub fn discard_reply(&self, client_message_id: &str) -> Result<()> {
        self.store.discard_reply(client_message_id)
    }

    pub fn save_draft(&self, conversation_id: i64, text: &str) -> Result<()> {
        if text.chars().count() > switchboard_protocol::MAX_TEXT_CHARS * 2 {
            return Err(CoreError::Invalid("a draft is at most 8,192 characters"));
        }
        self.store.save_draft(conversation_id, text)
    }

    pub fn draft(&self, conversation_id: i64) -> Result<Option<String>> {
        self.store.draft(conversation_id)
    }

    /// One conversation as the list shows it.
    pub fn conversation_view(&self, id: i64) -> Result<ConversationView> {
        self.store.conversation_view(&self.me(), id)
    }

    /// The views' counts and the unread total.
    pub fn view_counts(&self) -> Result<ViewCounts> {
        self.store.view_counts(&self.me())
    }

    pub fn thread(
        &self,
        conversation_id: i64,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<ThreadPage> {
        if !(1..=200).contains(&limit) {
            return Err(CoreError::Invalid("a page holds 1 to 200 messages"));
        }
        self.store.thread(conversation_id, before, limit)
    }

    /// An image of a message, from the local cache or fetched from the hub
    /// once (then readable offline). Only images up to 5 MB are shown.
    pub async fn media(&self, message_id: i64) -> Result<(String, Vec<u8>)> {
        if let Some(cached) = self.store.cached_media(message_id)? {
            return Ok(cached);
        }
        let (_, state, mime, size, kind) = self.store.media_facts(message_id)?;
        if state.as_deref() != Some("ready") {
            return Err(CoreError::Invalid("this message has no downloaded media"));
        }
        // Pictures are small and kept for offline reading; anything else
        // larger than the user's limit waits for them to raise it.
        let cap = self.download_cap()?;
        if !matches!(kind.as_str(), "image" | "sticker")
            && let Some(size) = size.filter(|s| *s > cap)
        {
            return Err(CoreError::OverCap(size, cap));
        }
        let (mime, bytes) = self
            .client
            .media(message_id, media_limit(mime.as_deref().unwrap_or_default()))
            .await?;
        self.store.cache_media(message_id, &mime, &bytes)?;
        Ok((mime, bytes))
    }

    /// Saves a message's file into `folder` under the name the sender gave
    /// it (made safe: no folders, no control characters), never over an
    /// existing file, readable by this user only. Returns where it went.
    pub async fn save_media(
        &self,
        message_id: i64,
        folder: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let given = self.store.file_name(message_id)?;
        let (mime, bytes) = self.media(message_id).await?;
        let name = crate::files::safe_file_name(given.as_deref(), &mime, message_id);
        crate::files::write_new(folder, &name, &bytes)
    }

    /// Saves a message's file as `path` (chosen by the user in a save
    /// dialog, which asked before replacing a file), readable by this user
    /// only. Fetched first if it is not in the local copy yet.
    pub async fn save_media_as(&self, message_id: i64, path: &std::path::Path) -> Result<()> {
        let (_, bytes) = self.media(message_id).await?;
        crate::files::replace_private(path, &bytes)
    }

    /// The name a message's file is offered under when it is saved.
    pub fn media_file_name(&self, message_id: i64) -> Result<String> {
        let given = self.store.file_name(message_id)?;
        let (_, _, mime) = self.store.media_info(message_id)?;
        Ok(crate::files::safe_file_name(
            given.as_deref(),
            mime.as_deref().unwrap_or_default(),
            message_id,
        ))
    }

    /// The largest document, audio or video fetched without asking (bytes).
    pub fn download_cap(&self) -> Result<i64> {
        Ok(self
            .store
            .setting("download_cap")?
            .unwrap_or(DEFAULT_DOWNLOAD_CAP))
    }

    /// Sets the download limit: 1 MB to 100 MB (WhatsApp's largest file).
    pub fn set_download_cap(&self, bytes: i64) -> Result<()> {
        if !(1_000_000..=100_000_000).contains(&bytes) {
            return Err(CoreError::Invalid(
                "the download limit is between 1 MB and 100 MB",
            ));
        }
        self.store.set_setting("download_cap", bytes)
    }

    /// Admins: how the team did between `from` and `to` (unix seconds; the
    /// hub computes it).
    pub async fn report(&self, from: i64, to: i64) -> Result<switchboard_protocol::Report> {
        if !self.me().role.allows(Permission::Manage) {
            return Err(CoreError::Invalid("only admins read reports"));
        }
        self.client.report(from, to).await
    }

    /// Admins: saves the report as CSV into `folder` (never over a file,
    /// readable by this user only). Returns where it went.
    pub async fn save_report(
        &self,
        from: i64,
        to: i64,
        folder: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        if !self.me().role.allows(Permission::Manage) {
            return Err(CoreError::Invalid("only admins read reports"));
        }
        let csv = self.client.report_csv(from, to).await?;
        let name = format!("switchboard-report-{from}-{to}.csv");
        crate::files::write_new(folder, &name, csv.as_bytes())
    }

    /// Full-text search over this desktop's copy (works offline).
    pub fn search(&self, query: &str) -> Result<Vec<crate::store::SearchHit>> {
        self.search_where(query, None)
    }

    /// Search within one conversation.
    pub fn search_in(
        &self,
        query: &str,
        conversation_id: i64,
    ) -> Result<Vec<crate::store::SearchHit>> {
        self.search_where(query, Some(conversation_id))
    }

    fn search_where(
        &self,
        query: &str,
        conversation_id: Option<i64>,
    ) -> Result<Vec<crate::store::SearchHit>> {
        if query.chars().count() > 200 {
            return Err(CoreError::Invalid("a search is at most 200 characters"));
        }
        self.store.search_in(query, conversation_id, 50)
    }

    /// The messages around one message (to open a search hit in place).
    pub fn thread_around(
        &self,
        conversation_id: i64,
        message_id: i64,
        limit: i64,
    ) -> Result<crate::store::ThreadWindow> {
        if !(1..=200).contains(&limit) {
            return Err(CoreError::Invalid("a page holds 1 to 200 messages"));
        }
        self.store.thread_around(conversation_id, message_id, limit)
    }

    /// Sends a text reply that WhatsApp refused again, as a new message (a new
    /// idempotency key); the refused one stays in the thread as it was.
    pub fn resend(&self, message_id: i64) -> Result<String> {
        let (conversation_id, direction, status, kind, text) =
            self.store.message_brief(message_id)?;
        match (direction, status, kind.as_str(), text) {
            (Direction::Outbound, DeliveryStatus::Failed, "text", Some(text)) => {
                self.reply(conversation_id, &text)
            }
            _ => Err(CoreError::Invalid(
                "only a text reply WhatsApp refused can be sent again",
            )),
        }
    }

    /// The messages after `after`, oldest first (a thread window read downwards).
    pub fn thread_newer(
        &self,
        conversation_id: i64,
        after: (i64, i64),
        limit: i64,
    ) -> Result<crate::store::ThreadWindow> {
        if !(1..=200).contains(&limit) {
            return Err(CoreError::Invalid("a page holds 1 to 200 messages"));
        }
        self.store.thread_newer(conversation_id, after, limit)
    }

    /// Queues a reply (it survives being offline and restarts) and wakes the sync loop.
    pub fn reply(&self, conversation_id: i64, text: &str) -> Result<String> {
        self.reply_quoting(conversation_id, text, None)
    }

    /// Whether this agent may reply in the conversation (the local re-check
    /// of the hub's rule), quoting `quote` if given: only a message of this
    /// conversation can be quoted.
    fn may_reply_in(&self, conversation_id: i64, quote: Option<i64>) -> Result<()> {
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_reply(me.role, me.agent_id, conversation.assignee) {
            return Err(CoreError::Invalid(if me.role.allows(Permission::Claim) {
                "claim the conversation before replying"
            } else {
                "your role cannot reply"
            }));
        }
        if let Some(id) = quote {
            let (of, ..) = self.store.message_brief(id)?;
            if of != conversation_id {
                return Err(CoreError::NotFound);
            }
        }
        Ok(())
    }

    /// [`Desktop::reply`], quoting message `quote` of the conversation when given.
    pub fn reply_quoting(
        &self,
        conversation_id: i64,
        text: &str,
        quote: Option<i64>,
    ) -> Result<String> {
        switchboard_protocol::validate_text(text).map_err(CoreError::Invalid)?;
        self.may_reply_in(conversation_id, quote)?;
        let cmid = match quote {
            Some(id) => self.store.queue_reply_to(conversation_id, text, id)?,
            None => self.store.queue_reply(conversation_id, text)?,
        };
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Reacts to a message of the conversation (an empty emoji takes the
    /// reaction back). Needs the hub: a reaction is not worth queueing.
    pub async fn react(&self, conversation_id: i64, message_id: i64, emoji: &str) -> Result<()> {
        switchboard_protocol::validate_emoji(emoji).map_err(CoreError::Invalid)?;
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_reply(me.role, me.agent_id, conversation.assignee) {
            return Err(CoreError::Invalid(
                "this conversation is not yours to react in",
            ));
        }
        let req = SendRequest {
            client_message_id: uuid::Uuid::new_v4().to_string(),
            text: String::new(),
            template: None,
            reaction: Some(switchboard_protocol::ReactionSend {
                message_id,
                emoji: emoji.to_owned(),
            }),
            note: false,
            reply_to: None,
            attachment: None,
        };
        self.client.send(conversation_id, &req).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Queues a private note for the team (never sent to the customer; no
    /// 24-hour window) and wakes the sync loop. `@name` in it notifies that
    /// agent.
    pub fn note(&self, conversation_id: i64, text: &str) -> Result<String> {
        switchboard_protocol::validate_text(text).map_err(CoreError::Invalid)?;
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !switchboard_protocol::may_note(me.role, me.agent_id, conversation.assignee) {
            return Err(CoreError::Invalid("your role cannot write notes"));
        }
        let cmid = self.store.queue_note(conversation_id, text)?;
        self.wake.notify_one();
        Ok(cmid)
    }

    /// At most every [`ALERTS_EVERY`]: the team's names and the canned
    /// replies from the hub, kept in the store (so both work offline).
    async fn refresh_lists(&self) -> Result<()> {
        if !self.lists_fetched.due() {
            return Ok(());
        }
        self.store.set_team(&self.client.team().await?)?;
        self.store.set_canned(&self.client.canned().await?)?;
        self.store.set_labels(&self.client.labels().await?)?;
        Ok(())
    }

    /// Labels: from the hub when it answers (kept for offline use), else
    /// as last kept.
    pub async fn labels(&self) -> Result<Vec<switchboard_protocol::Label>> {
        fresh_or_kept(
            self.client.labels().await,
            |l| self.store.set_labels(l),
            || self.store.labels(),
        )?;
        // As kept: the store replaces a colour that is not `#rrggbb`.
        self.store.labels()
    }

    /// Sets a conversation's labels: its holder or an admin (the role
    /// table's manage rule); the next sync round brings the change.
    pub async fn set_conversation_labels(
        &self,
        conversation_id: i64,
        labels: Vec<i64>,
    ) -> Result<()> {
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_manage(me.role, me.agent_id, conversation.assignee) {
            return Err(CoreError::Invalid(
                "only whoever holds this conversation (or an admin) can label it",
            ));
        }
        self.client
            .set_conversation_labels(conversation_id, &labels)
            .await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Admins: adds (`id` None) or rewrites a label; returns the list.
    pub async fn save_label(
        &self,
        id: Option<i64>,
        req: switchboard_protocol::LabelRequest,
    ) -> Result<Vec<switchboard_protocol::Label>> {
        if !self.me().role.allows(Permission::Manage) {
            return Err(CoreError::Invalid("only admins manage labels"));
        }
        switchboard_protocol::validate_colour(&req.colour).map_err(CoreError::Invalid)?;
        self.client.save_label(id, &req).await?;
        self.wake.notify_one();
        self.labels().await
    }

    /// Admins: removes a label (from every conversation too).
    pub async fn delete_label(&self, id: i64) -> Result<Vec<switchboard_protocol::Label>> {
        if !self.me().role.allows(Permission::Manage) {
            return Err(CoreError::Invalid("only admins manage labels"));
        }
        self.client.delete_label(id).await?;
        self.wake.notify_one();
        self.labels().await
    }

    /// Whether this agent takes new conversations (asks the hub).
    pub async fn available(&self) -> Result<bool> {
        Ok(self.client.me().await?.available)
    }

    /// Available for new conversations, or away (agents and admins). With
    /// the hub's auto-assignment on, becoming available takes waiting
    /// conversations; the next sync round brings them.
    pub async fn set_available(&self, available: bool) -> Result<()> {
        if !self.me().role.allows(Permission::Reply) {
            return Err(CoreError::Invalid("viewers take no conversations"));
        }
        self.client.set_available(available).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Canned replies: from the hub when it answers (kept for offline use),
    /// else as last kept.
    pub async fn canned(&self) -> Result<Vec<switchboard_protocol::CannedReply>> {
        fresh_or_kept(
            self.client.canned().await,
            |l| self.store.set_canned(l),
            || self.store.canned(),
        )
    }

    fn require_admin(&self) -> Result<()> {
        if self.me().role.allows(Permission::Manage) {
            Ok(())
        } else {
            Err(CoreError::Invalid("only admins manage canned replies"))
        }
    }

    /// Admins: adds a canned reply (`id` None) or rewrites one.
    pub async fn save_canned(
        &self,
        id: Option<i64>,
        req: switchboard_protocol::CannedReplyRequest,
    ) -> Result<Vec<switchboard_protocol::CannedReply>> {
        self.require_admin()?;
        switchboard_protocol::validate_shortcut(&req.shortcut).map_err(CoreError::Invalid)?;
        switchboard_protocol::validate_text(&req.text).map_err(CoreError::Invalid)?;
        match id {
            Some(id) => self.client.update_canned(id, &req).await?,
            None => self.client.add_canned(&req).await?,
        }
        self.canned().await
    }

    /// Admins: removes a canned reply.
    pub async fn delete_canned(&self, id: i64) -> Result<Vec<switchboard_protocol::CannedReply>> {
        self.require_admin()?;
        self.client.delete_canned(id).await?;
        self.canned().await
    }

    /// The team's names: from the hub when it answers (kept for offline
    /// reading), else as last kept.
    pub async fn team(&self) -> Result<Vec<switchboard_protocol::TeamMember>> {
        fresh_or_kept(
            self.client.team().await,
            |l| self.store.set_team(l),
            || self.store.team(),
        )
    }

    /// Queues an approved template (allowed outside the 24-hour window).
    pub async fn reply_template(
        &self,
        conversation_id: i64,
        template: TemplateSend,
    ) -> Result<String> {
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_reply(me.role, me.agent_id, conversation.assignee) {
            return Err(CoreError::Invalid(
                "this conversation is not yours to reply to",
            ));
        }
        let known = self
            .client
            .templates()
            .await?
            .into_iter()
            .find(|t| t.name == template.name && t.language == template.language)
            .ok_or(CoreError::Invalid(
                "no approved template has that name and language",
            ))?;
        if template.parameters.len() != known.parameter_count() {
            return Err(CoreError::Invalid(
                "fill in every parameter of the template",
            ));
        }
        let text = known.render(&template.parameters);
        let cmid = self.store.queue(conversation_id, &text, Some(&template))?;
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Takes an unassigned conversation for oneself.
    pub async fn claim(&self, conversation_id: i64) -> Result<()> {
        let me = self.me();
        if let Ok(mut claimed) = self.claimed_here.lock() {
            claimed.insert(conversation_id);
        }
        self.client
            .assign(conversation_id, Some(me.agent_id))
            .await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Admins: give a conversation to an agent, or back to the queue.
    pub async fn assign(&self, conversation_id: i64, assignee: Option<i64>) -> Result<()> {
        if !self.me().role.allows(Permission::Assign) {
            return Err(CoreError::Invalid("only an admin can assign conversations"));
        }
        self.client.assign(conversation_id, assignee).await?;
        self.wake.notify_one();
        Ok(())
    }

    pub async fn set_status(&self, conversation_id: i64, status: ConversationStatus) -> Result<()> {
        self.client.set_status(conversation_id, status).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Clears the unread count, if this agent may (admin, or the holder).
    pub async fn mark_read(&self, conversation_id: i64) -> Result<()> {
        let c = self.store.conversation(conversation_id)?;
        let me = self.me();
        if c.unread == 0 || !may_manage(me.role, me.agent_id, c.assignee) {
            return Ok(());
        }
        self.client.mark_read(conversation_id).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Leaves a conversation for later: unread again. Only who may act on
    /// it (admin, or the holder); the hub checks again.
    pub async fn mark_unread(&self, conversation_id: i64) -> Result<()> {
        let c = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_manage(me.role, me.agent_id, c.assignee) {
            return Err(CoreError::Invalid(
                "only whoever holds this conversation (or an admin) can mark it unread",
            ));
        }
        if c.unread > 0 {
            return Ok(());
        }
        self.client.mark_unread(conversation_id).await?;
        self.wake.notify_one();
        Ok(())
    }

    pub async fn templates(&self) -> Result<Vec<Template>> {
        self.client.templates().await
    }

    /// Admins only: WhatsApp's alerts about the account, numbers and
    /// templates, newest first (a page of up to 50 before `before`).
    pub async fn alerts(&self, before: Option<i64>) -> Result<Vec<switchboard_protocol::Alert>> {
        if !self.me().role.allows(Permission::Manage) {
            return Err(CoreError::Invalid("only admins read WhatsApp's alerts"));
        }
        self.client.alerts(before, 50).await
    }

    /// For admins, at most every [`ALERTS_EVERY`]: a notice for each alert
    /// WhatsApp sent since the last look (the first look only notes where
    /// the list stands: old alerts are in the admin screen, not news).
    async fn new_alerts(&self) -> Result<Vec<crate::notify::Notice>> {
        if !self.me().role.allows(Permission::Manage) {
            return Ok(Vec::new());
        }
        if !self.alerts_checked.due() {
            return Ok(Vec::new());
        }
        let alerts = self.client.alerts(None, 10).await?;
        let seen = self.store.alerts_seen()?;
        if let Some(newest) = alerts.first() {
            self.store.set_alerts_seen(newest.id)?;
        } else if seen.is_none() {
            self.store.set_alerts_seen(0)?;
        }
        let Some(seen) = seen else {
            return Ok(Vec::new());
        };
        Ok(alerts
            .iter()
            .filter(|a| a.id > seen)
            .map(|a| crate::notify::Notice {
                conversation_id: 0,
                title: "WhatsApp alert".into(),
                body: a.summary.clone(),
                kind: crate::notify::NoticeKind::Personal,
            })
            .collect())
    }

    /// Admins only: the agents a conversation can be assigned to.
    pub async fn agents(&self) -> Result<Vec<AgentSummary>> {
        if !self.me().role.allows(Permission::Assign) {
            return Ok(Vec::new());
        }
        self.client.agents().await
    }

    /// Signs this desktop out: the local copy (messages, search index,
    /// drafts, outbox) and the token in the keyring are erased. Replies that
    /// have not reached the hub are not thrown away unless `discard_unsent`
    /// ([`CoreError::UnsentReplies`] says how many). Stop the sync loop first.
    pub fn sign_out(&self, discard_unsent: bool) -> Result<()> {
        let counts = self.store.view_counts(&self.me())?;
        let unsent = usize::try_from(counts.outbox + counts.failed).unwrap_or(usize::MAX);
        if unsent > 0 && !discard_unsent {
            return Err(CoreError::UnsentReplies(unsent));
        }
        self.store.purge_all()?;
        self.profile.secrets().forget_token()?;
        Ok(())
    }

    /// Refuses before asking the hub when the role may not manage the team
    /// (the hub checks again).
    fn manages_team(&self) -> Result<()> {
        if self.me().role.allows(Permission::Manage) {
            Ok(())
        } else {
            Err(CoreError::Invalid("only admins manage the team"))
        }
    }

    /// Admins: a new agent and its first token (shown once, never stored here).
    pub async fn create_agent(&self, name: &str, role: Role) -> Result<IssuedToken> {
        self.manages_team()?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(CoreError::Invalid("a name is 1 to 80 characters"));
        }
        self.client.create_agent(name, role).await
    }

    pub async fn issue_token(&self, agent_id: i64) -> Result<IssuedToken> {
        self.manages_team()?;
        self.client.issue_token(agent_id).await
    }

    pub async fn revoke_tokens(&self, agent_id: i64) -> Result<()> {
        self.manages_team()?;
        self.client.revoke_tokens(agent_id).await
    }

    pub async fn set_agent_disabled(&self, agent_id: i64, disabled: bool) -> Result<()> {
        self.manages_team()?;
        self.client.set_agent_disabled(agent_id, disabled).await
    }

    /// A page of the audit log (up to 100 entries after `after`).
    pub async fn audit(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        self.manages_team()?;
        if !(1..=100).contains(&limit) || after < 0 {
            return Err(CoreError::Invalid("a page holds 1 to 100 entries"));
        }
        self.client.audit(after, limit).await
    }
}

/// Stops the event follower when the sync loop's future is dropped.
/// The monotonic clock stands still while the computer sleeps and the wall
/// clock does not: a wall clock well ahead of it means the machine slept (or
/// the clock was set forward, where catching up costs one extra round).
fn woke_from_sleep(monotonic: Duration, wall: Duration) -> bool {
    wall > monotonic + Duration::from_secs(10)
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Meta's size limits per media type (WHATSAPP.md): what the hub may
/// answer for one message's file.
fn media_limit(mime: &str) -> usize {
    const MB: usize = 1024 * 1024;
    match mime.split('/').next().unwrap_or_default() {
        "image" => 5 * MB,
        "audio" | "video" => 16 * MB,
        _ => 100 * MB,
    }
}

/// A list the hub owns (labels, canned replies, the team's names): the
/// hub's answer when it gives one, kept for offline use; the kept copy when
/// the hub cannot be reached.
fn fresh_or_kept<T>(
    fetched: Result<Vec<T>>,
    keep: impl FnOnce(&[T]) -> Result<()>,
    kept: impl FnOnce() -> Result<Vec<T>>,
) -> Result<Vec<T>> {
    match fetched {
        Ok(list) => {
            keep(&list)?;
            Ok(list)
        }
        Err(CoreError::Offline(_)) => kept(),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::woke_from_sleep;
    use std::time::Duration;

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
