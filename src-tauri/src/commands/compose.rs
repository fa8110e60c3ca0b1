//! Writing: replies, notes, reactions, templates, files in the composer,
//! and the outbox's failed replies.

use crate::shell::{Shell, Staged, StagedFile, file_at, internal};
use serde::Serialize;
use switchboard_core::UiError;
use switchboard_core::store::QueuedFile;
use switchboard_protocol::TemplateSend;
use tauri::State;

/// Queues a reply; `reply_to` quotes one of the conversation's messages.
#[tauri::command]
pub async fn send_reply(
    shell: State<'_, Shell>,
    conversation_id: i64,
    text: String,
    reply_to: Option<i64>,
) -> Result<String, UiError> {
    shell
        .blocking(move |d| d.reply_quoting(conversation_id, &text, reply_to))
        .await
}

/// Queues a question with reply buttons or a list for the customer to tap.
#[tauri::command]
pub async fn send_choices(
    shell: State<'_, Shell>,
    conversation_id: i64,
    text: String,
    choices: switchboard_protocol::ChoicesSend,
) -> Result<String, UiError> {
    shell
        .blocking(move |d| d.ask(conversation_id, &text, &choices))
        .await
}

/// Keeps a private note for the team on a conversation (queued like a reply).
#[tauri::command]
pub async fn send_note(
    shell: State<'_, Shell>,
    conversation_id: i64,
    text: String,
) -> Result<String, UiError> {
    shell
        .blocking(move |d| d.note(conversation_id, &text))
        .await
}

/// Reacts to a customer's message (an empty emoji takes it back).
#[tauri::command]
pub async fn react(
    shell: State<'_, Shell>,
    conversation_id: i64,
    message_id: i64,
    emoji: String,
) -> Result<(), UiError> {
    shell
        .desktop()?
        .react(conversation_id, message_id, &emoji)
        .await
        .map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn send_template(
    shell: State<'_, Shell>,
    conversation_id: i64,
    name: String,
    language: String,
    parameters: Vec<String>,
) -> Result<String, UiError> {
    let template = TemplateSend {
        name,
        language,
        parameters,
    };
    shell
        .desktop()?
        .reply_template(conversation_id, template)
        .await
        .map_err(|e| e.to_ui())
}

/// Sends a failed reply again (`key` is the thread item's `q…` key without the `q`).
#[tauri::command]
pub async fn retry_reply(
    shell: State<'_, Shell>,
    client_message_id: String,
) -> Result<(), UiError> {
    shell
        .blocking(move |d| d.retry_reply(&client_message_id))
        .await
}

/// Drops a queued or failed reply from the outbox.
#[tauri::command]
pub async fn discard_reply(
    shell: State<'_, Shell>,
    client_message_id: String,
) -> Result<(), UiError> {
    shell
        .blocking(move |d| d.discard_reply(&client_message_id))
        .await
}

/// Sends a text reply WhatsApp refused again, as a new message.
#[tauri::command]
pub async fn resend(shell: State<'_, Shell>, message_id: i64) -> Result<String, UiError> {
    shell.blocking(move |d| d.resend(message_id)).await
}

/// Opens the system's file chooser; the chosen file waits in the composer
/// (`None` when the user cancels).
#[tauri::command]
pub async fn pick_attachment(
    app: tauri::AppHandle,
    shell: State<'_, Shell>,
) -> Result<Option<StagedFile>, UiError> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(switchboard_core::i18n::text("shell-attach-title", &[]))
        .add_filter(
            "Files WhatsApp takes",
            &[
                "jpg", "jpeg", "png", "pdf", "txt", "csv", "doc", "docx", "xls", "xlsx", "ppt",
                "pptx", "zip", "mp3", "m4a", "aac", "amr", "ogg", "opus", "mp4", "3gp",
            ],
        )
        .pick_file(move |chosen| {
            let _ = tx.send(chosen);
        });
    let Some(chosen) = rx.await.map_err(|_| internal())? else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|_| UiError {
        code: "attachment".into(),
        message: "that file cannot be attached from here".into(),
    })?;
    let file = file_at(&path)?;
    shell.stage(Staged::Path(path, file)).map(Some)
}

/// The files just dropped on the window, each checked and waiting in the
/// composer (a refused one is said, the others still staged).
#[tauri::command]
pub async fn stage_dropped(shell: State<'_, Shell>) -> Result<Vec<StagedOutcome>, UiError> {
    let paths = std::mem::take(&mut *shell.dropped.lock().map_err(|_| internal())?);
    Ok(paths
        .into_iter()
        .map(|path| {
            match file_at(&path).and_then(|file| shell.stage(Staged::Path(path.clone(), file))) {
                Ok(file) => StagedOutcome {
                    file: Some(file),
                    error: None,
                },
                Err(e) => StagedOutcome {
                    file: None,
                    error: Some(e),
                },
            }
        })
        .collect())
}

/// One dropped file: staged, or why not.
#[derive(Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StagedOutcome {
    pub file: Option<StagedFile>,
    pub error: Option<UiError>,
}

/// A pasted file (the request's body; its name and type in the headers
/// `x-file-name` and `x-file-type`), checked and waiting in the composer.
#[tauri::command]
pub async fn stage_pasted(
    shell: State<'_, Shell>,
    request: tauri::ipc::Request<'_>,
) -> Result<StagedFile, UiError> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(UiError {
            code: "invalid".into(),
            message: "a pasted file arrives as bytes".into(),
        });
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let name = header("x-file-name")
        .map(|n| switchboard_core::files::safe_file_name(Some(&percent_decoded(&n)), "", 0))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "pasted".into());
    let mime_type = header("x-file-type")
        .filter(|t| !t.is_empty())
        .or_else(|| switchboard_protocol::mime_for_name(&name).map(str::to_owned))
        .unwrap_or_else(|| "application/octet-stream".into());
    let file = QueuedFile {
        name,
        mime_type,
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        upload_id: None,
    };
    shell.stage(Staged::Bytes(bytes.clone(), file))
}

/// `%XX` escapes decoded (a name the UI encoded for a header); anything
/// malformed is kept as it is.
pub(crate) fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Takes a file out of the composer.
#[tauri::command]
pub async fn unstage(shell: State<'_, Shell>, token: String) -> Result<(), UiError> {
    shell.staged.lock().map_err(|_| internal())?.remove(&token);
    Ok(())
}

/// Sends the composer's files (the caption goes with the first), quoting
/// `quote` when given; each waits in the encrypted outbox until the hub has
/// it. Returns the replies' keys.
#[tauri::command]
pub async fn send_files(
    shell: State<'_, Shell>,
    conversation_id: i64,
    tokens: Vec<String>,
    caption: String,
    quote: Option<i64>,
) -> Result<Vec<String>, UiError> {
    let mut files = Vec::new();
    {
        let mut staged = shell.staged.lock().map_err(|_| internal())?;
        for token in &tokens {
            match staged.remove(token) {
                Some(f) => files.push(f),
                None => {
                    return Err(UiError {
                        code: "not_found".into(),
                        message: "that file is no longer in the composer: attach it again".into(),
                    });
                }
            }
        }
    }
    shell
        .blocking(move |d| {
            let mut keys = Vec::new();
            for (i, staged) in files.iter().enumerate() {
                let caption = if i == 0 { caption.as_str() } else { "" };
                let quote = if i == 0 { quote } else { None };
                let key = match staged {
                    Staged::Path(path, file) => {
                        let mut read = std::fs::File::open(path)?;
                        d.attach(conversation_id, file, caption, quote, &mut read)?
                    }
                    Staged::Bytes(bytes, file) => {
                        d.attach(conversation_id, file, caption, quote, &mut bytes.as_slice())?
                    }
                };
                keys.push(key);
            }
            Ok(keys)
        })
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn pasted_names_are_decoded() {
        assert_eq!(
            super::percent_decoded("Fatura%20Mar%C3%A7o.pdf"),
            "Fatura Março.pdf"
        );
        assert_eq!(super::percent_decoded("100%"), "100%");
        assert_eq!(super::percent_decoded("%zz%4"), "%zz%4");
    }
}
