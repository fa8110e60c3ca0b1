//! The inbox: views, a conversation, search, and acting on conversations
//! (claim, assign, status, read, labels).

use crate::shell::Shell;
use switchboard_core::UiError;
use switchboard_core::store::{
    ConversationPage, ConversationView, ListCursor, SearchHit, View, ViewCounts,
};
use switchboard_protocol::ConversationStatus;
use tauri::State;

/// One page of a view (Mine, Unassigned, All, Resolved, one agent's).
#[tauri::command]
pub async fn conversations(
    shell: State<'_, Shell>,
    view: View,
    after: Option<ListCursor>,
    limit: Option<i64>,
) -> Result<ConversationPage, UiError> {
    shell
        .blocking(move |d| d.conversation_page(view, after, limit.unwrap_or(50)))
        .await
}

/// One conversation as the list shows it (for the open thread, whatever view it is in).
#[tauri::command]
pub async fn conversation(
    shell: State<'_, Shell>,
    conversation_id: i64,
) -> Result<ConversationView, UiError> {
    shell
        .blocking(move |d| d.conversation_view(conversation_id))
        .await
}

/// Every view's count and the unread total.
#[tauri::command]
pub async fn view_counts(shell: State<'_, Shell>) -> Result<ViewCounts, UiError> {
    shell.blocking(|d| d.view_counts()).await
}

#[tauri::command]
pub async fn search(
    shell: State<'_, Shell>,
    query: String,
    conversation_id: Option<i64>,
) -> Result<Vec<SearchHit>, UiError> {
    shell
        .blocking(move |d| match conversation_id {
            Some(id) => d.search_in(&query, id),
            None => d.search(&query),
        })
        .await
}

#[tauri::command]
pub async fn claim(shell: State<'_, Shell>, conversation_id: i64) -> Result<(), UiError> {
    shell
        .desktop()?
        .claim(conversation_id)
        .await
        .map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn assign(
    shell: State<'_, Shell>,
    conversation_id: i64,
    assignee: Option<i64>,
) -> Result<(), UiError> {
    shell
        .desktop()?
        .assign(conversation_id, assignee)
        .await
        .map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn set_status(
    shell: State<'_, Shell>,
    conversation_id: i64,
    resolved: bool,
) -> Result<(), UiError> {
    let status = if resolved {
        ConversationStatus::Resolved
    } else {
        ConversationStatus::Open
    };
    shell
        .desktop()?
        .set_status(conversation_id, status)
        .await
        .map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn mark_read(shell: State<'_, Shell>, conversation_id: i64) -> Result<(), UiError> {
    shell
        .desktop()?
        .mark_read(conversation_id)
        .await
        .map_err(|e| e.to_ui())
}

/// Leaves a conversation for later: unread again.
#[tauri::command]
pub async fn mark_unread(shell: State<'_, Shell>, conversation_id: i64) -> Result<(), UiError> {
    shell
        .desktop()?
        .mark_unread(conversation_id)
        .await
        .map_err(|e| e.to_ui())
}

/// Snoozes a conversation until `until` (unix seconds) or, when none,
/// until the customer writes.
#[tauri::command]
pub async fn snooze(
    shell: State<'_, Shell>,
    conversation_id: i64,
    until: Option<i64>,
) -> Result<(), UiError> {
    shell
        .desktop()?
        .snooze(conversation_id, until)
        .await
        .map_err(|e| e.to_ui())
}

/// One action on many conversations; what was left as it was, and why.
#[tauri::command]
pub async fn bulk(
    shell: State<'_, Shell>,
    conversations: Vec<i64>,
    action: switchboard_protocol::BulkAction,
) -> Result<switchboard_protocol::BulkOutcome, UiError> {
    shell
        .desktop()?
        .bulk(conversations, action)
        .await
        .map_err(|e| e.to_ui())
}

/// Brings a snoozed conversation back now.
#[tauri::command]
pub async fn wake(shell: State<'_, Shell>, conversation_id: i64) -> Result<(), UiError> {
    shell
        .desktop()?
        .wake_conversation(conversation_id)
        .await
        .map_err(|e| e.to_ui())
}

/// Sets a conversation's labels (all of them).
#[tauri::command]
pub async fn set_labels(
    shell: State<'_, Shell>,
    conversation_id: i64,
    labels: Vec<i64>,
) -> Result<(), UiError> {
    shell
        .desktop()?
        .set_conversation_labels(conversation_id, labels)
        .await
        .map_err(|e| e.to_ui())
}

/// Moves a conversation to another team's queue, with a note for that team.
#[tauri::command]
pub async fn transfer(
    shell: State<'_, Shell>,
    conversation_id: i64,
    team_id: i64,
    note: Option<String>,
) -> Result<(), UiError> {
    shell
        .desktop()?
        .transfer(conversation_id, team_id, note)
        .await
        .map_err(|e| e.to_ui())
}
