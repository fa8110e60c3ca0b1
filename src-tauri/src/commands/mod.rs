//! The commands the UI may call, one file per area; `list.rs` names each
//! once. Each takes the shell state and its input, calls the core, and maps
//! errors to `{code, message}`. Every command that touches the store is
//! async and runs it on a blocking thread, never on the main thread that
//! draws the window.

#[macro_use]
mod list;

pub mod compose;
pub mod inbox;
pub mod session;
pub mod team;
pub mod thread;

use switchboard_core::UiError;

/// The invoke handler for every command of the list.
macro_rules! invoke_handler {
    ($($area:ident: $($name:ident),+;)+) => {
        tauri::generate_handler![$($($area::$name),+),+]
    };
}

/// Every command the UI may call, as Tauri's invoke handler.
pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    app_commands!(invoke_handler)
}
/// The user's downloads folder, made if missing.
pub(crate) fn downloads(app: &tauri::AppHandle) -> Result<std::path::PathBuf, UiError> {
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
