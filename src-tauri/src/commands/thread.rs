//! Reading a thread: its pages, drafts, media, links, presence.

use super::downloads;
use crate::shell::{Shell, internal};
use switchboard_core::store::{ThreadPage, ThreadWindow};
use switchboard_core::{CoreError, UiError};
use tauri::State;

#[tauri::command]
pub async fn thread(
    shell: State<'_, Shell>,
    conversation_id: i64,
    before: Option<(i64, i64)>,
    limit: Option<i64>,
) -> Result<ThreadPage, UiError> {
    shell
        .blocking(move |d| d.thread(conversation_id, before, limit.unwrap_or(50)))
        .await
}

/// The messages after `after` (a thread window read downwards).
#[tauri::command]
pub async fn thread_newer(
    shell: State<'_, Shell>,
    conversation_id: i64,
    after: (i64, i64),
    limit: Option<i64>,
) -> Result<ThreadWindow, UiError> {
    shell
        .blocking(move |d| d.thread_newer(conversation_id, after, limit.unwrap_or(50)))
        .await
}

/// The messages around one message, to open a search hit in place.
#[tauri::command]
pub async fn thread_around(
    shell: State<'_, Shell>,
    conversation_id: i64,
    message_id: i64,
    limit: Option<i64>,
) -> Result<ThreadWindow, UiError> {
    shell
        .blocking(move |d| d.thread_around(conversation_id, message_id, limit.unwrap_or(25)))
        .await
}

#[tauri::command]
pub async fn draft(
    shell: State<'_, Shell>,
    conversation_id: i64,
) -> Result<Option<String>, UiError> {
    shell.blocking(move |d| d.draft(conversation_id)).await
}

/// Keeps the composer's text for a conversation (empty forgets it).
#[tauri::command]
pub async fn save_draft(
    shell: State<'_, Shell>,
    conversation_id: i64,
    text: String,
) -> Result<(), UiError> {
    shell
        .blocking(move |d| d.save_draft(conversation_id, &text))
        .await
}

/// A message's image as a `data:` URL (the CSP allows data: images only).
#[tauri::command]
pub async fn media(shell: State<'_, Shell>, message_id: i64) -> Result<String, UiError> {
    use base64::Engine;
    let (mime, bytes) = shell
        .desktop()?
        .media(message_id)
        .await
        .map_err(|e| e.to_ui())?;
    // Shown in the window: pictures, sound and video only. Anything else
    // (a PDF, an archive) is saved, never rendered by the webview.
    if !["image/", "audio/", "video/"]
        .iter()
        .any(|p| mime.starts_with(p))
    {
        return Err(UiError {
            code: "invalid".into(),
            message: "this file is not shown in the app: save it instead".into(),
        });
    }
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// Saves a message's file (a document, a voice note, a picture) into the
/// user's downloads folder; returns where it went. Nothing is opened.
/// Saves a message's file where the user says: the system's save dialog
/// opens on the downloads folder with the sender's (made safe) file name,
/// and asks before replacing a file. Returns where it went (`None`: cancelled).
#[tauri::command]
pub async fn save_media(
    app: tauri::AppHandle,
    shell: State<'_, Shell>,
    message_id: i64,
) -> Result<Option<String>, UiError> {
    use tauri_plugin_dialog::DialogExt;
    let desktop = shell.desktop()?;
    let name = desktop.media_file_name(message_id).map_err(|e| e.to_ui())?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app
        .dialog()
        .file()
        .set_title(switchboard_core::i18n::text("shell-save-title", &[]))
        .set_file_name(&name);
    if let Ok(folder) = downloads(&app) {
        dialog = dialog.set_directory(folder);
    }
    dialog.save_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    let Some(chosen) = rx.await.map_err(|_| internal())? else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|_| UiError {
        code: "invalid".into(),
        message: "the file cannot be saved there".into(),
    })?;
    desktop
        .save_media_as(message_id, &path)
        .await
        .map_err(|e| e.to_ui())?;
    Ok(Some(path.display().to_string()))
}

/// The largest document, audio or video fetched without asking (bytes).
#[tauri::command]
pub async fn download_cap(shell: State<'_, Shell>) -> Result<i64, UiError> {
    shell.blocking(|d| d.download_cap()).await
}

/// Sets the download limit (1 MB to 100 MB).
#[tauri::command]
pub async fn set_download_cap(shell: State<'_, Shell>, bytes: i64) -> Result<(), UiError> {
    shell.blocking(move |d| d.set_download_cap(bytes)).await
}

/// Opens a web link from a message in the system browser: http and https
/// only, with a host, never inside the app (the webview does not navigate).
#[tauri::command]
pub async fn open_link(url: String) -> Result<(), UiError> {
    let refused = || UiError {
        code: "invalid".into(),
        message: "only web links (http, https) open in the browser".into(),
    };
    let parsed = web_link(&url).ok_or_else(refused)?;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut browser = std::process::Command::new(opener);
    // The browser gets the environment the app was started with, not the
    // app's stand-ins (`stand_in.rs`).
    #[cfg(target_os = "linux")]
    crate::stand_in::for_children(&mut browser);
    browser
        .arg(parsed.as_str())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|_| UiError {
            code: "no_browser".into(),
            message: "no web browser could be started".into(),
        })
}

/// `url` if it is a web link (http or https, with a host).
pub(crate) fn web_link(url: &str) -> Option<tauri::Url> {
    let parsed = tauri::Url::parse(url.trim()).ok()?;
    (matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some()).then_some(parsed)
}

/// Tells the team this agent views, types in or left a conversation
/// (ephemeral; being offline is no error worth showing).
#[tauri::command]
pub async fn set_presence(
    shell: State<'_, Shell>,
    conversation_id: i64,
    state: switchboard_protocol::PresenceState,
) -> Result<(), UiError> {
    match shell.desktop()?.set_presence(conversation_id, state).await {
        Ok(()) | Err(CoreError::Offline(_)) => Ok(()),
        Err(e) => Err(e.to_ui()),
    }
}

#[cfg(test)]
mod tests {
    use super::web_link;

    #[test]
    fn only_web_links_open() {
        assert!(web_link("https://example.com/t/4417").is_some());
        assert!(web_link(" http://example.com ").is_some());
        for refused in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "vbscript:msgbox",
            "mailto:a@example.com",
            "ftp://example.com/",
            "not a url",
            "",
        ] {
            assert!(web_link(refused).is_none(), "{refused}");
        }
    }
}
