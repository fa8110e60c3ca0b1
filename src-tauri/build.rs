// Declares the app's commands so the capability file can grant exactly them.
// The names come from the one list, `src/commands/list.rs`.

include!("src/commands/list.rs");

/// The list's command names.
macro_rules! names {
    ($($area:ident: $($name:ident),+;)+) => {
        &[$($(stringify!($name)),+),+]
    };
}

fn main() {
    println!("cargo::rerun-if-changed=src/commands/list.rs");
    let manifest = tauri_build::AppManifest::new().commands(app_commands!(names));
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri-build failed: {e:#}");
    }
}
