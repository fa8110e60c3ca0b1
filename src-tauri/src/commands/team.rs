//! The team's lists and admin work: the team, availability, labels, canned
//! replies, templates, alerts, reports, agents, tokens, the audit log.

use super::downloads;
use crate::shell::Shell;
use switchboard_core::UiError;
use switchboard_protocol::{AgentSummary, AuditEntry, IssuedToken, Role, Template};
use tauri::State;

/// The team's names (for notes' authors, mentions and assignees).
#[tauri::command]
pub async fn team(
    shell: State<'_, Shell>,
) -> Result<Vec<switchboard_protocol::TeamMember>, UiError> {
    shell.desktop()?.team().await.map_err(|e| e.to_ui())
}

/// Whether this agent takes new conversations.
#[tauri::command]
pub async fn availability(shell: State<'_, Shell>) -> Result<bool, UiError> {
    shell.desktop()?.available().await.map_err(|e| e.to_ui())
}

/// Available for new conversations, or away.
#[tauri::command]
pub async fn set_availability(shell: State<'_, Shell>, available: bool) -> Result<(), UiError> {
    shell
        .desktop()?
        .set_available(available)
        .await
        .map_err(|e| e.to_ui())
}

/// Labels (kept for offline use).
#[tauri::command]
pub async fn labels(shell: State<'_, Shell>) -> Result<Vec<switchboard_protocol::Label>, UiError> {
    shell.desktop()?.labels().await.map_err(|e| e.to_ui())
}

/// Admins: adds (no `id`) or rewrites a label; returns the list.
#[tauri::command]
pub async fn save_label(
    shell: State<'_, Shell>,
    id: Option<i64>,
    label: switchboard_protocol::LabelRequest,
) -> Result<Vec<switchboard_protocol::Label>, UiError> {
    shell
        .desktop()?
        .save_label(id, label)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: removes a label; returns the list.
#[tauri::command]
pub async fn delete_label(
    shell: State<'_, Shell>,
    id: i64,
) -> Result<Vec<switchboard_protocol::Label>, UiError> {
    shell
        .desktop()?
        .delete_label(id)
        .await
        .map_err(|e| e.to_ui())
}

/// Canned replies (kept for offline use).
#[tauri::command]
pub async fn canned(
    shell: State<'_, Shell>,
) -> Result<Vec<switchboard_protocol::CannedReply>, UiError> {
    shell.desktop()?.canned().await.map_err(|e| e.to_ui())
}

/// Admins: adds (no `id`) or rewrites a canned reply; returns the list.
#[tauri::command]
pub async fn save_canned(
    shell: State<'_, Shell>,
    id: Option<i64>,
    canned: switchboard_protocol::CannedReplyRequest,
) -> Result<Vec<switchboard_protocol::CannedReply>, UiError> {
    shell
        .desktop()?
        .save_canned(id, canned)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: removes a canned reply; returns the list.
#[tauri::command]
pub async fn delete_canned(
    shell: State<'_, Shell>,
    id: i64,
) -> Result<Vec<switchboard_protocol::CannedReply>, UiError> {
    shell
        .desktop()?
        .delete_canned(id)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: WhatsApp's alerts about the account, numbers and templates.
#[tauri::command]
pub async fn alerts(
    shell: State<'_, Shell>,
    before: Option<i64>,
) -> Result<Vec<switchboard_protocol::Alert>, UiError> {
    shell.desktop()?.alerts(before).await.map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn templates(shell: State<'_, Shell>) -> Result<Vec<Template>, UiError> {
    shell.desktop()?.templates().await.map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn agents(shell: State<'_, Shell>) -> Result<Vec<AgentSummary>, UiError> {
    shell.desktop()?.agents().await.map_err(|e| e.to_ui())
}

/// Admins: how the team did over a period (unix seconds).
#[tauri::command]
pub async fn report(
    shell: State<'_, Shell>,
    from: i64,
    to: i64,
    scope: Option<switchboard_core::hub_client::ReportScope>,
) -> Result<switchboard_protocol::Report, UiError> {
    shell
        .desktop()?
        .report(from, to, scope.unwrap_or_default())
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: saves the report as CSV in the downloads folder; returns where.
#[tauri::command]
pub async fn save_report(
    app: tauri::AppHandle,
    shell: State<'_, Shell>,
    from: i64,
    to: i64,
    scope: Option<switchboard_core::hub_client::ReportScope>,
) -> Result<String, UiError> {
    let folder = downloads(&app)?;
    let path = shell
        .desktop()?
        .save_report(from, to, scope.unwrap_or_default(), &folder)
        .await
        .map_err(|e| e.to_ui())?;
    Ok(path.display().to_string())
}

/// Admins: a new agent and its first token. The token is shown once in the
/// app (to hand to the person) and kept nowhere.
#[tauri::command]
pub async fn create_agent(
    shell: State<'_, Shell>,
    name: String,
    role: Role,
) -> Result<IssuedToken, UiError> {
    let desktop = shell.desktop()?;
    desktop
        .create_agent(&name, role)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: another token for an agent (shown once).
#[tauri::command]
pub async fn issue_token(shell: State<'_, Shell>, agent_id: i64) -> Result<IssuedToken, UiError> {
    let desktop = shell.desktop()?;
    desktop.issue_token(agent_id).await.map_err(|e| e.to_ui())
}

/// Admins: every token of an agent stops working.
#[tauri::command]
pub async fn revoke_tokens(shell: State<'_, Shell>, agent_id: i64) -> Result<(), UiError> {
    let desktop = shell.desktop()?;
    desktop.revoke_tokens(agent_id).await.map_err(|e| e.to_ui())
}

/// Admins: disables or enables an agent.
#[tauri::command]
pub async fn set_agent_disabled(
    shell: State<'_, Shell>,
    agent_id: i64,
    disabled: bool,
) -> Result<(), UiError> {
    let desktop = shell.desktop()?;
    desktop
        .set_agent_disabled(agent_id, disabled)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: a page of the audit log after entry `after`.
#[tauri::command]
pub async fn audit_log(
    shell: State<'_, Shell>,
    after: i64,
    limit: Option<i64>,
) -> Result<Vec<AuditEntry>, UiError> {
    let desktop = shell.desktop()?;
    desktop
        .audit(after, limit.unwrap_or(50))
        .await
        .map_err(|e| e.to_ui())
}

/// Teams and their members (kept for offline use).
#[tauri::command]
pub async fn teams(shell: State<'_, Shell>) -> Result<Vec<switchboard_protocol::Team>, UiError> {
    shell.desktop()?.teams().await.map_err(|e| e.to_ui())
}

/// The business numbers with their names and teams (kept for offline use).
#[tauri::command]
pub async fn inboxes(shell: State<'_, Shell>) -> Result<Vec<switchboard_protocol::Inbox>, UiError> {
    shell.desktop()?.inboxes().await.map_err(|e| e.to_ui())
}

/// Admins: a new team; returns the teams.
#[tauri::command]
pub async fn add_team(
    shell: State<'_, Shell>,
    name: String,
) -> Result<Vec<switchboard_protocol::Team>, UiError> {
    shell.desktop()?.add_team(name).await.map_err(|e| e.to_ui())
}

/// Admins: renames a team; returns the teams.
#[tauri::command]
pub async fn rename_team(
    shell: State<'_, Shell>,
    id: i64,
    name: String,
) -> Result<Vec<switchboard_protocol::Team>, UiError> {
    shell
        .desktop()?
        .rename_team(id, name)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: deletes a team that holds nothing; returns the teams.
#[tauri::command]
pub async fn delete_team(
    shell: State<'_, Shell>,
    id: i64,
) -> Result<Vec<switchboard_protocol::Team>, UiError> {
    shell
        .desktop()?
        .delete_team(id)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: puts someone in a team, makes it lead or not, or takes it out
/// (no `lead`); returns the teams.
#[tauri::command]
pub async fn set_member(
    shell: State<'_, Shell>,
    team_id: i64,
    agent_id: i64,
    lead: Option<bool>,
) -> Result<Vec<switchboard_protocol::Team>, UiError> {
    shell
        .desktop()?
        .set_member(team_id, agent_id, lead)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: names an inbox and routes it to a team; returns the inboxes.
#[tauri::command]
pub async fn set_inbox(
    shell: State<'_, Shell>,
    id: String,
    inbox: switchboard_protocol::InboxRequest,
) -> Result<Vec<switchboard_protocol::Inbox>, UiError> {
    shell
        .desktop()?
        .set_inbox(id, inbox)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: an inbox's business hours, away reply and greeting; returns the inboxes.
#[tauri::command]
pub async fn set_inbox_hours(
    shell: State<'_, Shell>,
    id: String,
    settings: switchboard_protocol::InboxHoursRequest,
) -> Result<Vec<switchboard_protocol::Inbox>, UiError> {
    shell
        .desktop()?
        .set_inbox_hours(id, settings)
        .await
        .map_err(|e| e.to_ui())
}

/// Whether an inbox is open now and until when (none: no hours, always
/// open), from the hours this desktop keeps.
#[tauri::command]
pub async fn inbox_state(
    shell: State<'_, Shell>,
    id: String,
) -> Result<Option<switchboard_protocol::OpenState>, UiError> {
    shell
        .desktop()?
        .inbox_state(&id, switchboard_core::store::unix_now())
        .map_err(|e| e.to_ui())
}

/// The service-level policies.
#[tauri::command]
pub async fn sla_policies(
    shell: State<'_, Shell>,
) -> Result<Vec<switchboard_protocol::SlaPolicy>, UiError> {
    shell.desktop()?.sla_policies().await.map_err(|e| e.to_ui())
}

/// Admins: adds a policy (`id` null) or replaces one; returns the policies.
#[tauri::command]
pub async fn save_sla_policy(
    shell: State<'_, Shell>,
    id: Option<i64>,
    rule: switchboard_protocol::SlaPolicyRequest,
) -> Result<Vec<switchboard_protocol::SlaPolicy>, UiError> {
    shell
        .desktop()?
        .save_sla_policy(id, rule)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: deletes a policy; returns the policies.
#[tauri::command]
pub async fn delete_sla_policy(
    shell: State<'_, Shell>,
    id: i64,
) -> Result<Vec<switchboard_protocol::SlaPolicy>, UiError> {
    shell
        .desktop()?
        .delete_sla_policy(id)
        .await
        .map_err(|e| e.to_ui())
}

/// The macros (kept for offline use).
#[tauri::command]
pub async fn macros(shell: State<'_, Shell>) -> Result<Vec<switchboard_protocol::Macro>, UiError> {
    shell.desktop()?.macros().await.map_err(|e| e.to_ui())
}

/// Admins: adds a macro (`id` null) or replaces one; returns the macros.
#[tauri::command]
pub async fn save_macro(
    shell: State<'_, Shell>,
    id: Option<i64>,
    rule: switchboard_protocol::MacroRequest,
) -> Result<Vec<switchboard_protocol::Macro>, UiError> {
    shell
        .desktop()?
        .save_macro(id, rule)
        .await
        .map_err(|e| e.to_ui())
}

/// Admins: deletes a macro; returns the macros.
#[tauri::command]
pub async fn delete_macro(
    shell: State<'_, Shell>,
    id: i64,
) -> Result<Vec<switchboard_protocol::Macro>, UiError> {
    shell
        .desktop()?
        .delete_macro(id)
        .await
        .map_err(|e| e.to_ui())
}

/// Runs a macro on conversations; what was left undone, and why.
#[tauri::command]
pub async fn run_macro(
    shell: State<'_, Shell>,
    id: i64,
    conversations: Vec<i64>,
) -> Result<switchboard_protocol::MacroOutcome, UiError> {
    shell
        .desktop()?
        .run_macro(id, conversations)
        .await
        .map_err(|e| e.to_ui())
}
