//! Switchboard desktop: a thin Tauri shell over `switchboard-core`.
//!
//! `switchboard-desktop` opens the app; `switchboard-desktop sign-in --hub URL`
//! reads a token on stdin and keeps it in the OS keyring (for scripts and the
//! demo launcher); `switchboard-desktop sync` brings the local copy up to date
//! with the hub without a window. `SWITCHBOARD_PROFILE` picks the profile
//! (default `default`).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod background;
mod commands;
mod events;
mod shell;
#[cfg(target_os = "linux")]
mod stand_in;
mod time_words;
mod webkit_env;

use std::io::Read;
use std::process::ExitCode;
use switchboard_core::desktop::{Desktop, Profile};
use zeroize::Zeroizing;

fn profile_name() -> String {
    std::env::var("SWITCHBOARD_PROFILE").unwrap_or_else(|_| "default".into())
}

fn main() -> ExitCode {
    // First, while the process has one thread (it changes the environment).
    let paint_on_cpu = webkit_env::configure();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // Opening the window: without the libraries WebKit loads and the app
    // never uses, where that is safe, which starts this process again.
    #[cfg(target_os = "linux")]
    if std::env::args_os().len() == 1 {
        stand_in::leave_out(paint_on_cpu);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = paint_on_cpu;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let profile = match Profile::named(&profile_name()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("switchboard-desktop: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.first().map(String::as_str) {
        Some("sign-in") => sign_in_cli(&profile, &args[1..]),
        Some("sync") => sync_cli(&profile),
        Some("--help") | Some("-h") => {
            println!("usage: switchboard-desktop [sign-in --hub URL  (token on stdin) | sync]");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("switchboard-desktop: unknown argument {other:?} (try --help)");
            ExitCode::FAILURE
        }
        None => open_app(profile),
    }
}

fn sign_in_cli(profile: &Profile, args: &[String]) -> ExitCode {
    let hub = match args {
        [flag, url] if flag == "--hub" => url.clone(),
        _ => {
            eprintln!(
                "usage: switchboard-desktop sign-in --hub URL   (the token is read from stdin)"
            );
            return ExitCode::FAILURE;
        }
    };
    let mut token = Zeroizing::new(String::new());
    if std::io::stdin().read_to_string(&mut token).is_err() {
        eprintln!("switchboard-desktop: could not read the token from stdin");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("switchboard-desktop: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(Desktop::sign_in(profile, &hub, token)) {
        Ok(desktop) => {
            let s = desktop.session();
            println!(
                "signed in to {} as {} ({})",
                s.hub_url,
                s.name,
                s.role.as_str()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("switchboard-desktop: sign-in failed: {}", e.to_ui().message);
            ExitCode::FAILURE
        }
    }
}

/// Sends the outbox and pulls the feed until this copy is up to date.
fn sync_cli(profile: &Profile) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("switchboard-desktop: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        let desktop = Desktop::open(profile)?;
        desktop.sync_once().await
    });
    match outcome {
        Ok(report) => {
            println!(
                "synced: {} changes, {} replies sent",
                report.changes, report.sent
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("switchboard-desktop: sync failed: {}", e.to_ui().message);
            ExitCode::FAILURE
        }
    }
}

fn open_app(profile: Profile) -> ExitCode {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    if !has_display {
        eprintln!(
            "switchboard-desktop: no display (DISPLAY or WAYLAND_DISPLAY is not set); the app needs a graphical session"
        );
        return ExitCode::FAILURE;
    }
    let state = shell::Shell::new(profile);
    let result = tauri::Builder::default()
        .manage(state)
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            // Dropped files are known here by path; the UI is told to stage them.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                use tauri::Manager;
                window.state::<shell::Shell>().files_dropped(paths.clone());
                background::tell(
                    window.app_handle(),
                    events::UiEvent::FilesDropped(paths.len()),
                );
            }
        })
        .setup(|app| {
            // The system's language until the profile's choice is read.
            switchboard_core::i18n::set_language(switchboard_core::i18n::pick(
                &switchboard_core::i18n::system_locale(),
            ));
            // A desktop without a tray (or without its library) still works.
            if let Err(e) = background::tray(app) {
                tracing::warn!("no tray icon: {e}");
            }
            background::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("switchboard-desktop: {e}");
            ExitCode::FAILURE
        }
    }
}
