//! The commands the UI may call. Each takes the shell state and its input,
//! calls the core, and maps errors to `{code, message}`. Every command that
//! touches the store is async and runs it on a blocking thread, never on the
//! main thread that draws the window.

use crate::events::{EventBatch, Events, UiEvent, WAIT};
use serde::Serialize;
use std::sync::{Arc, Mutex};
use switchboard_core::desktop::{Desktop, Profile, SessionInfo, SyncReport};
use switchboard_core::store::{
    ConversationPage, ConversationView, ListCursor, QueuedFile, SearchHit, ThreadPage,
    ThreadWindow, View, ViewCounts,
};
use switchboard_core::{CoreError, UiError};
use switchboard_protocol::{
    AgentSummary, AuditEntry, ConversationStatus, IssuedToken, Role, Template, TemplateSend,
};
use tauri::{AppHandle, Manager, State};
use zeroize::Zeroizing;

pub struct Shell {
    profile: Profile,
    desktop: Mutex<Option<Arc<Desktop>>>,
    /// Why the profile could not be opened at start-up, for the UI.
    open_error: Mutex<Option<UiError>>,
    /// The conversation the UI has open.
    viewing: Mutex<Option<i64>>,
    /// The sync loop of the signed-in desktop (stopped at sign-out).
    sync_task: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// Files the user chose, dropped or pasted, waiting in the composer.
    staged: Mutex<std::collections::HashMap<String, Staged>>,
    /// The paths of the files last dropped on the window: the only paths a
    /// drop may attach (the webview never names a file of its own).
    dropped: Mutex<Vec<std::path::PathBuf>>,
    /// What the page hears (it pulls them: `events`).
    pub events: Events,
    /// Bursts of notifications gathered into one (issue 25.2).
    coalescer: Mutex<switchboard_core::notify::Coalescer>,
    /// Whether a timer waits to show what the coalescer holds.
    coalesce_timer: std::sync::atomic::AtomicBool,
}

/// A file waiting in the composer: on disk (chosen or dropped) or pasted.
enum Staged {
    Path(std::path::PathBuf, QueuedFile),
    Bytes(Vec<u8>, QueuedFile),
}

impl Staged {
    fn file(&self) -> &QueuedFile {
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
    fn stage(&self, staged: Staged) -> Result<StagedFile, UiError> {
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
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Desktop) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, UiError> {
        let desktop = self.desktop()?;
        tauri::async_runtime::spawn_blocking(move || f(&desktop))
            .await
            .map_err(|_| internal())?
            .map_err(|e| e.to_ui())
    }

    fn desktop(&self) -> Result<Arc<Desktop>, UiError> {
        if let Some(d) = self.desktop.lock().ok().and_then(|g| g.clone()) {
            return Ok(d);
        }
        let stored = self.open_error.lock().ok().and_then(|g| g.clone());
        Err(stored.unwrap_or_else(|| CoreError::NotSignedIn.to_ui()))
    }
}

/// A file on disk as the composer keeps it: its name, its type from the
/// name's extension, its size.
fn file_at(path: &std::path::Path) -> Result<QueuedFile, UiError> {
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
fn internal() -> UiError {
    UiError {
        code: "internal".into(),
        message: "the request could not be completed".into(),
    }
}

/// What the UI hears after every sync round.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncEvent {
    ok: bool,
    changes: usize,
    error: Option<UiError>,
}

/// The page's next events (`events.rs`): those after `after` at once, else
/// the next one when it comes (or none after 25 s); without `after`, where
/// the log stands.
#[tauri::command]
pub async fn events(shell: State<'_, Shell>, after: Option<u64>) -> Result<EventBatch, UiError> {
    Ok(shell.events.next(after, WAIT).await)
}

/// Puts an event in the log the page pulls from.
pub fn tell(app: &AppHandle, event: UiEvent) {
    app.state::<Shell>().events.push(event);
}

/// Opens the profile if it is signed in and starts syncing.
pub fn start(app: AppHandle) {
    let shell = app.state::<Shell>();
    match Desktop::open(&shell.profile) {
        Ok(desktop) => attach(&app, Arc::new(desktop)),
        Err(CoreError::NotSignedIn) => {}
        Err(e) => {
            tracing::warn!(error = %e, "profile could not be opened");
            if let Ok(mut slot) = shell.open_error.lock() {
                *slot = Some(e.to_ui());
            }
        }
    }
}

fn attach(app: &AppHandle, desktop: Arc<Desktop>) {
    let shell = app.state::<Shell>();
    if let Ok(mut slot) = shell.desktop.lock() {
        *slot = Some(desktop.clone());
    }
    // A first sync of a large history says how far it has come.
    let mut progress = desktop.progress();
    let forward = app.clone();
    tauri::async_runtime::spawn(async move {
        while progress.changed().await.is_ok() {
            let now = *progress.borrow_and_update();
            tell(&forward, UiEvent::SyncProgress(now));
        }
    });
    // Who is viewing or typing where, for the open thread's header.
    let mut presence = desktop.presence();
    let forward = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match presence.recv().await {
                Ok(p) => {
                    tell(&forward, UiEvent::Presence(p));
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    let handle = app.clone();
    let task =
        tauri::async_runtime::spawn(desktop.run(move |round: Result<SyncReport, CoreError>| {
            let event = match &round {
                Ok(r) => SyncEvent {
                    ok: true,
                    changes: r.changes + r.sent,
                    error: None,
                },
                Err(e) => SyncEvent {
                    ok: false,
                    changes: 0,
                    error: Some(e.to_ui()),
                },
            };
            if matches!(round, Err(CoreError::SignedOut(_)))
                && let Ok(mut slot) = handle.state::<Shell>().desktop.lock()
            {
                *slot = None;
            }
            tell(&handle, UiEvent::Sync(event));
            show_unread(&handle);
            if let Ok(report) = round {
                notify(&handle, report);
            }
        }));
    if let Ok(mut slot) = shell.sync_task.lock()
        && let Some(previous) = slot.replace(task)
    {
        previous.abort();
    }
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

/// The tray icon: the unread total beside it, a menu to bring the window
/// forward or quit.
pub fn tray(app: &tauri::App) -> tauri::Result<()> {
    use tauri::menu::{Menu, MenuItem};
    use tauri::tray::TrayIconBuilder;
    let open = MenuItem::with_id(app, "open", "Open Switchboard", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY)
        .tooltip("Switchboard")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => {
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.unminimize();
                    let _ = w.show();
                    let _ = w.set_focus();
                }
            }
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

const TRAY: &str = "switchboard";

/// The unread count in the window title (so it shows in the task bar) and
/// beside the tray icon.
fn show_unread(app: &AppHandle) {
    let unread: i64 = app
        .state::<Shell>()
        .desktop
        .lock()
        .ok()
        .and_then(|slot| slot.clone())
        .and_then(|d| d.view_counts().ok())
        .map(|counts| counts.unread)
        .unwrap_or(0);
    if let Some(window) = app.get_webview_window("main") {
        let title = if unread > 0 {
            format!("Switchboard ({unread})")
        } else {
            "Switchboard".to_owned()
        };
        let _ = window.set_title(&title);
        if let Some(tray) = app.tray_by_id(TRAY) {
            let _ = tray.set_tooltip(Some(&title));
            let _ = tray.set_title((unread > 0).then(|| unread.to_string()));
        }
    }
}

/// Shows the notices the core decided on. Nothing for the conversation on
/// screen while the window has focus; `SWITCHBOARD_HIDE_PREVIEWS=1` keeps
/// message text out of them. Clicking one brings the window forward on that
/// conversation. Without a notification daemon this quietly does nothing.
fn notify(app: &AppHandle, report: SyncReport) {
    let viewing = app.state::<Shell>().viewing.lock().ok().and_then(|v| *v);
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    let hide = std::env::var("SWITCHBOARD_HIDE_PREVIEWS").is_ok_and(|v| v == "1");
    let notices: Vec<_> = report
        .notices
        .into_iter()
        .filter(|n| !(focused && viewing == Some(n.conversation_id)))
        .collect();
    let shell = app.state::<Shell>();
    let show = match shell.coalescer.lock() {
        Ok(mut c) => c.offer(notices, std::time::Instant::now()),
        Err(_) => notices,
    };
    for n in show {
        show_notice(app, n, hide);
    }
    arm_coalesce_timer(app, hide);
}

/// Shows what the coalescer holds when its window ends (one timer at a
/// time; it re-arms while more is held).
fn arm_coalesce_timer(app: &AppHandle, hide: bool) {
    use std::sync::atomic::Ordering;
    let shell = app.state::<Shell>();
    let Some(due) = shell.coalescer.lock().ok().and_then(|c| c.next_due()) else {
        return;
    };
    if shell.coalesce_timer.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(due.saturating_duration_since(std::time::Instant::now()));
        let shell = app.state::<Shell>();
        shell.coalesce_timer.store(false, Ordering::SeqCst);
        let show = shell
            .coalescer
            .lock()
            .map(|mut c| c.due(std::time::Instant::now()))
            .unwrap_or_default();
        for n in show {
            show_notice(&app, n, hide);
        }
        arm_coalesce_timer(&app, hide);
    });
}

/// One desktop notification; clicking it opens its conversation.
fn show_notice(app: &AppHandle, n: switchboard_core::notify::Notice, hide: bool) {
    let app = app.clone();
    std::thread::spawn(move || {
        // Customers' text goes out as plain text, never markup.
        let body = if hide {
            "New activity".to_owned()
        } else {
            switchboard_core::notify::plain_for_notification(&n.body)
        };
        let shown = notify_rust::Notification::new()
            .appname("Switchboard")
            .summary(&switchboard_core::notify::plain_for_notification(&n.title))
            .body(&body)
            .action("default", "Open")
            .show();
        #[cfg(all(unix, not(target_os = "macos")))]
        if let Ok(handle) = shown {
            handle.wait_for_action(|action| {
                if action == "default" && n.conversation_id != 0 {
                    if let Some(w) = app.get_webview_window("main") {
                        let _ = w.unminimize();
                        let _ = w.show();
                        let _ = w.set_focus();
                    }
                    tell(&app, UiEvent::OpenConversation(n.conversation_id));
                }
            });
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = (shown, app);
    });
}

/// The conversation on screen (none: `null`), so it is not notified while
/// the window has focus.
#[tauri::command]
pub fn viewing(shell: State<'_, Shell>, conversation_id: Option<i64>) {
    if let Ok(mut slot) = shell.viewing.lock() {
        *slot = conversation_id;
    }
}

/// The system's words for dates and times (the page asks once, at start);
/// `None` where the locale has no names (the page then writes English).
#[tauri::command]
pub fn time_words() -> Option<crate::time_words::TimeWords> {
    crate::time_words::system()
}

#[tauri::command]
pub fn session(shell: State<'_, Shell>) -> Result<SessionInfo, UiError> {
    Ok(shell.desktop()?.session())
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

#[tauri::command]
pub async fn draft(
    shell: State<'_, Shell>,
    conversation_id: i64,
) -> Result<Option<String>, UiError> {
    shell.blocking(move |d| d.draft(conversation_id)).await
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
pub async fn claim(shell: State<'_, Shell>, conversation_id: i64) -> Result<(), UiError> {
    shell
        .desktop()?
        .claim(conversation_id)
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

/// Leaves a conversation for later: unread again.
#[tauri::command]
pub async fn mark_unread(shell: State<'_, Shell>, conversation_id: i64) -> Result<(), UiError> {
    shell
        .desktop()?
        .mark_unread(conversation_id)
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

#[tauri::command]
pub async fn templates(shell: State<'_, Shell>) -> Result<Vec<Template>, UiError> {
    shell.desktop()?.templates().await.map_err(|e| e.to_ui())
}

#[tauri::command]
pub async fn agents(shell: State<'_, Shell>) -> Result<Vec<AgentSummary>, UiError> {
    shell.desktop()?.agents().await.map_err(|e| e.to_ui())
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
    std::process::Command::new(opener)
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

/// Sends a text reply WhatsApp refused again, as a new message.
#[tauri::command]
pub async fn resend(shell: State<'_, Shell>, message_id: i64) -> Result<String, UiError> {
    shell.blocking(move |d| d.resend(message_id)).await
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

/// `url` if it is a web link (http or https, with a host).
fn web_link(url: &str) -> Option<tauri::Url> {
    let parsed = tauri::Url::parse(url.trim()).ok()?;
    (matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some()).then_some(parsed)
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

/// Admins: how the team did over a period (unix seconds).
#[tauri::command]
pub async fn report(
    shell: State<'_, Shell>,
    from: i64,
    to: i64,
) -> Result<switchboard_protocol::Report, UiError> {
    shell
        .desktop()?
        .report(from, to)
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
) -> Result<String, UiError> {
    let folder = downloads(&app)?;
    let path = shell
        .desktop()?
        .save_report(from, to, &folder)
        .await
        .map_err(|e| e.to_ui())?;
    Ok(path.display().to_string())
}

/// The user's downloads folder, made if missing.
fn downloads(app: &tauri::AppHandle) -> Result<std::path::PathBuf, UiError> {
    use tauri::Manager;
    let folder = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir().map(|h| h.join("Downloads")))
        .map_err(|_| UiError {
            code: "no_folder".into(),
            message: "there is no downloads folder to save into".into(),
        })?;
    std::fs::create_dir_all(&folder).map_err(|_| UiError {
        code: "no_folder".into(),
        message: format!("the folder {} could not be made", folder.display()),
    })?;
    Ok(folder)
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
        .set_title("Save the file")
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
        .set_title("Attach a file")
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
fn percent_decoded(s: &str) -> String {
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
    use super::web_link;

    #[test]
    fn pasted_names_are_decoded() {
        assert_eq!(
            super::percent_decoded("Fatura%20Mar%C3%A7o.pdf"),
            "Fatura Março.pdf"
        );
        assert_eq!(super::percent_decoded("100%"), "100%");
        assert_eq!(super::percent_decoded("%zz%4"), "%zz%4");
    }

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
