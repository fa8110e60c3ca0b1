//! The lists the hub owns (labels, canned replies, the team's names): read
//! from the hub when it answers and kept for offline use, changed by admins
//! through the hub; and a conversation's labels.

use super::Desktop;
use crate::error::{CoreError, Result};
use switchboard_protocol::{Permission, may_manage};

/// When the lists are fetched again: when the hub's event stream says
/// their generation moved past the one last fetched (and at the first
/// round); from a hub that never says, at most every [`ALERTS_EVERY`].
///
/// [`ALERTS_EVERY`]: super::ALERTS_EVERY
#[derive(Default)]
pub(super) struct ListsDue {
    /// The generation the hub last told; `None` until it tells one.
    told: std::sync::Mutex<Option<i64>>,
    /// The generation the kept lists were fetched at.
    fetched: std::sync::Mutex<Option<i64>>,
    /// For hubs that never tell.
    every: super::Every,
}

impl ListsDue {
    /// The hub told generation `n`; true when the lists are now due.
    pub(super) fn told(&self, n: i64) -> bool {
        if let Ok(mut told) = self.told.lock() {
            *told = Some(n);
        }
        self.fetched.lock().map(|f| *f != Some(n)).unwrap_or(true)
    }

    /// The generation to fetch at, when the lists are due now (`Some(None)`
    /// from a hub that never tells).
    fn due(&self) -> Option<Option<i64>> {
        let told = self.told.lock().ok().and_then(|t| *t);
        let fetched = self.fetched.lock().ok().and_then(|f| *f);
        match told {
            Some(n) => (fetched != Some(n)).then_some(Some(n)),
            None => self.every.due().then_some(None),
        }
    }

    fn fetched_at(&self, n: Option<i64>) {
        if let (Some(n), Ok(mut fetched)) = (n, self.fetched.lock()) {
            *fetched = Some(n);
        }
    }
}

impl Desktop {
    /// When they are due ([`ListsDue`]): the team's names, the canned
    /// replies and the labels from the hub, kept in the store (so they work
    /// offline).
    pub(super) async fn refresh_lists(&self) -> Result<()> {
        let Some(generation) = self.lists.due() else {
            return Ok(());
        };
        self.store.set_team(&self.client.team().await?)?;
        self.store.set_canned(&self.client.canned().await?)?;
        self.store.set_labels(&self.client.labels().await?)?;
        self.store.set_teams(&self.client.teams().await?)?;
        self.store.set_inboxes(&self.client.inboxes().await?)?;
        self.store.set_macros(&self.client.macros().await?)?;
        self.lists.fetched_at(generation);
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
        if !may_manage(me.who(), conversation.place()) {
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
            Err(CoreError::Invalid(
                "only admins manage the lists: canned replies, teams and inboxes",
            ))
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

impl Desktop {
    /// Teams: from the hub when it answers (kept for offline use), else as
    /// last kept.
    pub async fn teams(&self) -> Result<Vec<switchboard_protocol::Team>> {
        fresh_or_kept(
            self.client.teams().await,
            |t| self.store.set_teams(t),
            || self.store.teams(),
        )
    }

    /// The business numbers with their names: from the hub when it
    /// answers, else as last kept.
    pub async fn inboxes(&self) -> Result<Vec<switchboard_protocol::Inbox>> {
        fresh_or_kept(
            self.client.inboxes().await,
            |i| self.store.set_inboxes(i),
            || self.store.inboxes(),
        )
    }

    /// Moves a conversation to another team's queue with a note: its
    /// holder, the team's lead or an admin (the role table's transfer
    /// rule). The feed then takes it from the copies that may no longer
    /// read it.
    pub async fn transfer(
        &self,
        conversation_id: i64,
        team_id: i64,
        note: Option<String>,
    ) -> Result<()> {
        let conversation = self.store.conversation(conversation_id)?;
        if !switchboard_protocol::may_transfer(self.me().who(), conversation.place()) {
            return Err(CoreError::Invalid(
                "only its holder, the team's lead or an admin can move a conversation to another team",
            ));
        }
        if let Some(n) = note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            switchboard_protocol::validate_text(n).map_err(CoreError::Invalid)?;
        }
        let req = switchboard_protocol::TransferRequest { team_id, note };
        self.client.transfer(conversation_id, &req).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Admins: a new team; returns the teams.
    pub async fn add_team(&self, name: String) -> Result<Vec<switchboard_protocol::Team>> {
        self.require_admin()?;
        self.client.add_team(&name).await?;
        self.wake.notify_one();
        self.teams().await
    }

    /// Admins: renames a team; returns the teams.
    pub async fn rename_team(
        &self,
        id: i64,
        name: String,
    ) -> Result<Vec<switchboard_protocol::Team>> {
        self.require_admin()?;
        self.client.rename_team(id, &name).await?;
        self.wake.notify_one();
        self.teams().await
    }

    /// Admins: deletes a team that holds no conversation and no inbox;
    /// returns the teams.
    pub async fn delete_team(&self, id: i64) -> Result<Vec<switchboard_protocol::Team>> {
        self.require_admin()?;
        self.client.delete_team(id).await?;
        self.wake.notify_one();
        self.teams().await
    }

    /// Admins: puts someone in a team, makes it lead or not, or takes it
    /// out (`lead` None); returns the teams.
    pub async fn set_member(
        &self,
        team_id: i64,
        agent_id: i64,
        lead: Option<bool>,
    ) -> Result<Vec<switchboard_protocol::Team>> {
        self.require_admin()?;
        self.client.set_member(team_id, agent_id, lead).await?;
        self.wake.notify_one();
        self.teams().await
    }

    /// The macros: from the hub when it answers (kept for offline use),
    /// else as last kept.
    pub async fn macros(&self) -> Result<Vec<switchboard_protocol::Macro>> {
        fresh_or_kept(
            self.client.macros().await,
            |m| self.store.set_macros(m),
            || self.store.macros(),
        )
    }

    /// Admins: adds a macro (`id` none) or replaces one, checked here
    /// first; returns the macros.
    pub async fn save_macro(
        &self,
        id: Option<i64>,
        rule: switchboard_protocol::MacroRequest,
    ) -> Result<Vec<switchboard_protocol::Macro>> {
        self.require_admin()?;
        rule.check().map_err(CoreError::Invalid)?;
        self.client.save_macro(id, &rule).await?;
        self.macros().await
    }

    /// Admins: deletes a macro; returns the macros.
    pub async fn delete_macro(&self, id: i64) -> Result<Vec<switchboard_protocol::Macro>> {
        self.require_admin()?;
        self.client.delete_macro(id).await?;
        self.macros().await
    }

    /// The service-level policies, from the hub (an admin's screen).
    pub async fn sla_policies(&self) -> Result<Vec<switchboard_protocol::SlaPolicy>> {
        self.client.sla_policies().await
    }

    /// Admins: adds a policy (`id` none) or replaces one, checked here
    /// first; returns the policies.
    pub async fn save_sla_policy(
        &self,
        id: Option<i64>,
        rule: switchboard_protocol::SlaPolicyRequest,
    ) -> Result<Vec<switchboard_protocol::SlaPolicy>> {
        self.require_admin()?;
        rule.check().map_err(CoreError::Invalid)?;
        self.client.save_sla_policy(id, &rule).await?;
        self.sla_policies().await
    }

    /// Admins: deletes a policy; returns the policies.
    pub async fn delete_sla_policy(&self, id: i64) -> Result<Vec<switchboard_protocol::SlaPolicy>> {
        self.require_admin()?;
        self.client.delete_sla_policy(id).await?;
        self.sla_policies().await
    }

    /// Admins: an inbox's business hours, away reply and greeting, checked
    /// here first; returns the inboxes.
    pub async fn set_inbox_hours(
        &self,
        id: String,
        req: switchboard_protocol::InboxHoursRequest,
    ) -> Result<Vec<switchboard_protocol::Inbox>> {
        self.require_admin()?;
        if let Some(h) = &req.hours {
            switchboard_protocol::Schedule::new(h).map_err(CoreError::Invalid)?;
        }
        for text in [&req.away_reply, &req.greeting].into_iter().flatten() {
            switchboard_protocol::validate_text(text).map_err(CoreError::Invalid)?;
        }
        self.client.set_inbox_hours(&id, &req).await?;
        self.inboxes().await
    }

    /// Whether inbox `id` is open at `now` (unix seconds) and until when,
    /// from the hours this copy keeps (so it is right offline); none for an
    /// inbox without hours (always open) or unknown here.
    pub fn inbox_state(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Option<switchboard_protocol::OpenState>> {
        let inboxes = self.store.inboxes()?;
        Ok(inboxes
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.hours.as_ref())
            .and_then(|h| switchboard_protocol::Schedule::new(h).ok())
            .map(|s| s.state(now)))
    }

    /// Admins: names an inbox and routes it to a team; returns the inboxes.
    pub async fn set_inbox(
        &self,
        id: String,
        req: switchboard_protocol::InboxRequest,
    ) -> Result<Vec<switchboard_protocol::Inbox>> {
        self.require_admin()?;
        self.client.set_inbox(&id, &req).await?;
        self.wake.notify_one();
        self.inboxes().await
    }
}
