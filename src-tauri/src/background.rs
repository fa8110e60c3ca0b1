//! What the shell does without being asked: syncing the desktop, the tray
//! icon and unread count, desktop notifications.

use crate::events::{SyncEvent, UiEvent};
use crate::shell::Shell;
use std::sync::Arc;
use switchboard_core::CoreError;
use switchboard_core::desktop::{Desktop, SyncReport};
use tauri::{AppHandle, Manager};

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

pub(crate) fn attach(app: &AppHandle, desktop: Arc<Desktop>) {
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

/// The tray icon: the unread total beside it, a menu to bring the window
/// forward or quit.
pub fn tray(app: &tauri::App) -> tauri::Result<()> {
    use tauri::tray::TrayIconBuilder;
    let menu = tray_menu(app.handle())?;
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

pub(crate) const TRAY: &str = "switchboard";

/// The tray's menu in the language the core speaks now.
fn tray_menu(app: &AppHandle) -> tauri::Result<tauri::menu::Menu<tauri::Wry>> {
    use switchboard_core::i18n::text;
    use tauri::menu::{Menu, MenuItem};
    let open = MenuItem::with_id(
        app,
        "open",
        text("shell-tray-open", &[]),
        true,
        None::<&str>,
    )?;
    let quit = MenuItem::with_id(
        app,
        "quit",
        text("shell-tray-quit", &[]),
        true,
        None::<&str>,
    )?;
    Menu::with_items(app, &[&open, &quit])
}

/// Says the tray's menu again in the language the core speaks now (after
/// the language is known or changed).
pub(crate) fn speak_tray(app: &AppHandle) {
    let Some(tray) = app.tray_by_id(TRAY) else {
        return;
    };
    match tray_menu(app) {
        Ok(menu) => {
            if let Err(e) = tray.set_menu(Some(menu)) {
                tracing::warn!("the tray's menu was not changed: {e}");
            }
        }
        Err(e) => tracing::warn!("the tray's menu was not made: {e}"),
    }
}

/// The unread count in the window title (so it shows in the task bar) and
/// beside the tray icon.
pub(crate) fn show_unread(app: &AppHandle) {
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
pub(crate) fn notify(app: &AppHandle, report: SyncReport) {
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
pub(crate) fn arm_coalesce_timer(app: &AppHandle, hide: bool) {
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
pub(crate) fn show_notice(app: &AppHandle, n: switchboard_core::notify::Notice, hide: bool) {
    let app = app.clone();
    std::thread::spawn(move || {
        // Customers' text goes out as plain text, never markup.
        let body = if hide {
            switchboard_core::i18n::text("notice-new-activity", &[])
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
