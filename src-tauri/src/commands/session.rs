//! Signing in and out, the session, the page's events and what it shows.

use crate::background::{attach, show_unread, speak_tray};
use crate::events::{EventBatch, WAIT};
use crate::shell::{Shell, internal};
use std::sync::Arc;
use switchboard_core::UiError;
use switchboard_core::desktop::{Desktop, SessionInfo};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

/// The page's next events (`events.rs`): those after `after` at once, else
/// the next one when it comes (or none after 25 s); without `after`, where
/// the log stands.
#[tauri::command]
pub async fn events(shell: State<'_, Shell>, after: Option<u64>) -> Result<EventBatch, UiError> {
    Ok(shell.events.next(after, WAIT).await)
}

#[tauri::command]
pub fn session(shell: State<'_, Shell>) -> Result<SessionInfo, UiError> {
    Ok(shell.desktop()?.session())
}

/// The system's words for dates and times (the page asks once, at start);
/// `None` where the locale has no names (the page then writes English).
#[tauri::command]
pub fn time_words() -> Option<crate::time_words::TimeWords> {
    crate::time_words::system()
}

/// The app's language: the one chosen on this profile (when signed in and
/// one was chosen; the core's notifications then speak it) and the
/// system's locale as `LC_ALL`, `LC_MESSAGES` or `LANG` name it.
#[derive(serde::Serialize)]
pub struct LanguageChoice {
    chosen: Option<String>,
    system: String,
}

#[tauri::command]
pub fn language(app: AppHandle, shell: State<'_, Shell>) -> Result<LanguageChoice, UiError> {
    use switchboard_core::i18n;
    let chosen = match shell.desktop() {
        Ok(d) => d.language().map_err(|e| e.to_ui())?,
        Err(_) => None,
    };
    // Without a choice the core speaks the system's language, set at
    // start (`main.rs`); a profile's choice was set just now.
    if chosen.is_some() {
        speak_tray(&app);
    }
    Ok(LanguageChoice {
        chosen,
        system: i18n::system_locale(),
    })
}

/// Chooses the app's language: kept on the profile when signed in; the
/// core's notifications, its refusals and the tray's menu follow at once.
#[tauri::command]
pub async fn set_language(
    app: AppHandle,
    shell: State<'_, Shell>,
    code: String,
) -> Result<(), UiError> {
    use switchboard_core::i18n;
    if shell.desktop().is_ok() {
        shell.blocking(move |d| d.set_language(&code)).await?;
    } else if !i18n::set_language(&code) {
        return Err(
            switchboard_core::CoreError::Invalid("the app does not speak that language").to_ui(),
        );
    }
    speak_tray(&app);
    Ok(())
}

#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
    shell: State<'_, Shell>,
    hub_url: String,
    token: String,
) -> Result<SessionInfo, UiError> {
    let desktop = Desktop::sign_in(&shell.profile, &hub_url, Zeroizing::new(token))
        .await
        .map_err(|e| e.to_ui())?;
    let info = desktop.session();
    attach(&app, Arc::new(desktop));
    Ok(info)
}

/// Signs this desktop out: the sync loop stops, then the local copy and the
/// token are erased. Replies still in the outbox are refused
/// (`unsent_replies`) unless `discard_unsent`.
#[tauri::command]
pub async fn sign_out(
    app: AppHandle,
    shell: State<'_, Shell>,
    discard_unsent: bool,
) -> Result<(), UiError> {
    let desktop = shell.desktop()?;
    // Nothing may sync into the copy once it is erased: stop the loop and
    // wait for it to end (a page being applied finishes first).
    let task = shell.sync_task.lock().ok().and_then(|mut t| t.take());
    if let Some(task) = task {
        task.abort();
        let _ = task.await;
    }
    let outcome = tauri::async_runtime::spawn_blocking({
        let desktop = desktop.clone();
        move || desktop.sign_out(discard_unsent)
    })
    .await
    .map_err(|_| internal())?;
    if let Err(e) = outcome {
        // Still signed in: follow the hub again.
        attach(&app, desktop);
        return Err(e.to_ui());
    }
    if let Ok(mut slot) = shell.desktop.lock() {
        *slot = None;
    }
    show_unread(&app);
    Ok(())
}

/// Rebuilds a local copy that could not be opened (the damaged file is kept
/// aside) and starts syncing it from the hub.
#[tauri::command]
pub async fn rebuild_local_copy(
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<SessionInfo, UiError> {
    let profile = shell.profile.clone();
    let desktop = tauri::async_runtime::spawn_blocking(move || Desktop::rebuild(&profile))
        .await
        .map_err(|_| internal())?
        .map_err(|e| e.to_ui())?;
    if let Ok(mut slot) = shell.open_error.lock() {
        *slot = None;
    }
    let info = desktop.session();
    attach(&app, Arc::new(desktop));
    Ok(info)
}

/// The conversation on screen (none: `null`), so it is not notified while
/// the window has focus.
#[tauri::command]
pub fn viewing(shell: State<'_, Shell>, conversation_id: Option<i64>) {
    if let Ok(mut slot) = shell.viewing.lock() {
        *slot = conversation_id;
    }
}
