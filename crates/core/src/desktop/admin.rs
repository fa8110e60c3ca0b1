//! What admins do from the desktop: the team's report, WhatsApp's alerts
//! (and notices of new ones), agents and their tokens, and the audit log.
//! The role is checked here before asking the hub, which checks it again.

use super::Desktop;
use crate::error::{CoreError, Result};
use crate::hub_client::ReportScope;
use switchboard_protocol::{AgentSummary, AuditEntry, IssuedToken, Permission, Role};

impl Desktop {
    /// Admins: how the team did between `from` and `to` (unix seconds; the
    /// hub computes it).
    pub async fn report(
        &self,
        from: i64,
        to: i64,
        scope: ReportScope,
    ) -> Result<switchboard_protocol::Report> {
        self.may_read_report(&scope)?;
        self.client.report(from, to, &scope).await
    }

    /// Admins read every report; a team's leads and viewers their team's.
    fn may_read_report(&self, scope: &ReportScope) -> Result<()> {
        let me = self.me();
        let allowed = match scope.team {
            Some(team) => switchboard_protocol::may_report(me.who(), team),
            None => me.role.allows(Permission::Manage),
        };
        if allowed {
            Ok(())
        } else {
            Err(CoreError::Invalid(
                "reports are for admins, and for a team's leads and viewers on their team",
            ))
        }
    }

    /// Admins: saves the report as CSV into `folder` (never over a file,
    /// readable by this user only). Returns where it went.
    pub async fn save_report(
        &self,
        from: i64,
        to: i64,
        scope: ReportScope,
        folder: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        self.may_read_report(&scope)?;
        let csv = self.client.report_csv(from, to, &scope).await?;
        let name = format!("switchboard-report-{from}-{to}.csv");
        crate::files::write_new(folder, &name, csv.as_bytes())
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
    pub(super) async fn new_alerts(&self) -> Result<Vec<crate::notify::Notice>> {
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
                title: crate::i18n::text("notice-whatsapp-alert", &[]),
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
