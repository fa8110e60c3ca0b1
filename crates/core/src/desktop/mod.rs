//! The desktop session: one signed-in profile with its store, its hub client
//! and the sync loop that keeps them in step.
//!
//! This file holds the [`Desktop`] type, signing in and out, opening a
//! profile, and what every area shares. Each area has its own file with its
//! own `impl Desktop`: `profile.rs` (where a profile lives), `rebuild.rs` (a
//! damaged copy made anew), `sync.rs` (the sync loop), `reading.rs` (views,
//! threads and search from the local copy), `compose.rs` (replies, notes,
//! templates, files, reactions, drafts), `outbox.rs` (sending what waits),
//! `media.rs` (messages' files), `lists.rs` (labels, canned replies, the
//! team), `actions.rs` (claiming, assigning, read marks, presence) and
//! `admin.rs` (reports, alerts, agents and the audit log).

mod actions;
mod admin;
mod compose;
mod language;
mod lists;
mod media;
mod outbox;
mod profile;
mod reading;
mod rebuild;
mod sync;

pub use media::DEFAULT_DOWNLOAD_CAP;
pub use profile::Profile;
pub use sync::{APPLY_GROUP, SyncProgress, SyncReport};

use crate::error::{CoreError, Result};
use crate::hub_client::HubClient;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::sync::RwLock;
use switchboard_protocol::{Me, Permission};
use sync::apply_group;
use tokio::sync::Notify;
use zeroize::Zeroizing;

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
    /// When the lists the hub owns (team, canned replies, labels) are fetched again.
    lists: lists::ListsDue,
    /// Who is viewing or typing where, as the hub's stream tells it.
    presence: tokio::sync::broadcast::Sender<switchboard_protocol::Presence>,
    /// Pages of the feed the hub pushed on the event stream, not yet applied.
    pushed: sync::Pushed,
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
    /// The teams whose reports it may read without managing (those it
    /// leads, a viewer's teams).
    pub report_teams: Vec<i64>,
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
        Desktop::assemble(profile, account, token, &key)
    }

    /// A desktop on `profile` signed in to `hub_url` whose token and store
    /// key its caller holds instead of the OS keyring: for running thousands
    /// of headless desktops in one process (`make fanout-bench`), where a
    /// keyring of ten thousand entries would be what is measured. The
    /// packaged app is built without the feature (`make package` builds the
    /// app alone), and the app never calls it.
    #[cfg(feature = "headless")]
    pub async fn headless(
        profile: &Profile,
        hub_url: &str,
        token: Zeroizing<String>,
        key: &[u8; 32],
    ) -> Result<Desktop> {
        let client = HubClient::new(hub_url, token.clone())?;
        let account = Account {
            hub_url: client.base().to_owned(),
            me: client.me().await?,
        };
        Desktop::assemble(profile, account, token, key)
    }

    /// The desktop of a signed-in profile, once its secrets are read.
    fn assemble(
        profile: &Profile,
        account: Account,
        token: Zeroizing<String>,
        key: &[u8; 32],
    ) -> Result<Desktop> {
        crate::files::private_folder(&profile.dir)?;
        let store = match Store::open(&profile.store_file(), key) {
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
            lists: lists::ListsDue::default(),
            presence: tokio::sync::broadcast::channel(64).0,
            pushed: sync::Pushed::default(),
        })
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
        let report_teams = me
            .teams
            .iter()
            .map(|m| m.team_id)
            .filter(|&t| switchboard_protocol::may_report(me.who(), t))
            .collect();
        SessionInfo {
            hub_url: self.client.base().to_owned(),
            agent_id: me.agent_id,
            name: me.name,
            role: me.role,
            can_manage: me.role.allows(Permission::Manage),
            report_teams,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
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
}
