//! The shell's state: the open desktop, what the composer holds, the
//! event log the page pulls, the notification coalescer.

use crate::events::Events;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use switchboard_core::desktop::{Desktop, Profile};
use switchboard_core::store::QueuedFile;
use switchboard_core::{CoreError, UiError};

pub struct Shell {
    pub(crate) profile: Profile,
    pub(crate) desktop: Mutex<Option<Arc<Desktop>>>,
    /// Why the profile could not be opened at start-up, for the UI.
    pub(crate) open_error: Mutex<Option<UiError>>,
    /// The conversation the UI has open.
    pub(crate) viewing: Mutex<Option<i64>>,
    /// The sync loop of the signed-in desktop (stopped at sign-out).
    pub(crate) sync_task: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// Files the user chose, dropped or pasted, waiting in the composer.
    pub(crate) staged: Mutex<std::collections::HashMap<String, Staged>>,
    /// The paths of the files last dropped on the window: the only paths a
    /// drop may attach (the webview never names a file of its own).
    pub(crate) dropped: Mutex<Vec<std::path::PathBuf>>,
    /// What the page hears (it pulls them: `events`).
    pub events: Events,
    /// Bursts of notifications gathered into one (issue 25.2).
    pub(crate) coalescer: Mutex<switchboard_core::notify::Coalescer>,
    /// Whether a timer waits to show what the coalescer holds.
    pub(crate) coalesce_timer: std::sync::atomic::AtomicBool,
}

/// A file waiting in the composer: on disk (chosen or dropped) or pasted.
pub(crate) enum Staged {
    Path(std::path::PathBuf, QueuedFile),
    Bytes(Vec<u8>, QueuedFile),
}

impl Staged {
    pub(crate) fn file(&self) -> &QueuedFile {
        match self {
            Staged::Path(_, f) | Staged::Bytes(_, f) => f,
        }
    }
}

/// A file in the composer, as the UI shows it before it is sent.
#[derive(Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StagedFile {
    pub token: String,
    pub name: String,
    pub mime_type: String,
    /// WhatsApp's kind: image, audio, video or document.
    pub kind: String,
    #[ts(type = "number")]
    pub size: i64,
}

impl Shell {
    pub fn new(profile: Profile) -> Shell {
        Shell {
            profile,
            desktop: Mutex::new(None),
            open_error: Mutex::new(None),
            viewing: Mutex::new(None),
            sync_task: Mutex::new(None),
            staged: Mutex::new(std::collections::HashMap::new()),
            dropped: Mutex::new(Vec::new()),
            events: Events::default(),
            coalescer: Mutex::new(switchboard_core::notify::Coalescer::new(
                switchboard_core::notify::COALESCE_WINDOW,
            )),
            coalesce_timer: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Remembers the files the user dropped on the window.
    pub fn files_dropped(&self, paths: Vec<std::path::PathBuf>) {
        if let Ok(mut d) = self.dropped.lock() {
            *d = paths;
        }
    }

    /// Checks a file against WhatsApp's types and limits and keeps it for
    /// the composer.
    pub(crate) fn stage(&self, staged: Staged) -> Result<StagedFile, UiError> {
        let file = staged.file();
        let kind = switchboard_protocol::check_attachment(
            &file.mime_type,
            u64::try_from(file.size).unwrap_or_default(),
        )
        .map_err(|why| CoreError::Attachment(why).to_ui())?;
        let shown = StagedFile {
            token: uuid::Uuid::new_v4().simple().to_string(),
            name: file.name.clone(),
            mime_type: file.mime_type.clone(),
            kind: kind.kind.to_owned(),
            size: file.size,
        };
        let mut all = self.staged.lock().map_err(|_| internal())?;
        all.insert(shown.token.clone(), staged);
        Ok(shown)
    }

    /// Runs `f` on the signed-in desktop on a blocking thread, never on the
    /// main (UI) thread.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Desktop) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, UiError> {
        let desktop = self.desktop()?;
        tauri::async_runtime::spawn_blocking(move || f(&desktop))
            .await
            .map_err(|_| internal())?
            .map_err(|e| e.to_ui())
    }

    pub(crate) fn desktop(&self) -> Result<Arc<Desktop>, UiError> {
        if let Some(d) = self.desktop.lock().ok().and_then(|g| g.clone()) {
            return Ok(d);
        }
        let stored = self.open_error.lock().ok().and_then(|g| g.clone());
        Err(stored.unwrap_or_else(|| CoreError::NotSignedIn.to_ui()))
    }
}

/// A file on disk as the composer keeps it: its name, its type from the
/// name's extension, its size.
pub(crate) fn file_at(path: &std::path::Path) -> Result<QueuedFile, UiError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(path).map_err(|_| UiError {
        code: "attachment".into(),
        message: format!("{name} could not be read"),
    })?;
    if !meta.is_file() {
        return Err(UiError {
            code: "attachment".into(),
            message: format!("{name} is not a file"),
        });
    }
    let mime_type = switchboard_protocol::mime_for_name(&name)
        .unwrap_or("application/octet-stream")
        .to_owned();
    Ok(QueuedFile {
        name,
        mime_type,
        size: i64::try_from(meta.len()).unwrap_or(i64::MAX),
        upload_id: None,
    })
}

/// A blocking task that did not finish (it panicked or was cancelled).
pub(crate) fn internal() -> UiError {
    UiError {
        code: "internal".into(),
        message: "the request could not be completed".into(),
    }
}
