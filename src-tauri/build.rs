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
    speech_stand_in();
    let manifest = tauri_build::AppManifest::new().commands(app_commands!(names));
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri-build failed: {e:#}");
    }
}

/// Builds `stand-in/speech.c` into `$OUT_DIR/speech-stand-in.so`, which the
/// app carries (`src/speech.rs`): a shared library named as flite's engine,
/// without the C library, stripped.
fn speech_stand_in() {
    println!("cargo::rerun-if-changed=stand-in/speech.c");
    println!("cargo::rerun-if-env-changed=CC");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let Some(out) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=no OUT_DIR");
        return;
    };
    let target = std::path::Path::new(&out).join("speech-stand-in.so");
    // `CC` may carry arguments (`ccache gcc`).
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut words = compiler.split_whitespace();
    let built = std::process::Command::new(words.next().unwrap_or("cc"))
        .args(words)
        .args([
            "-shared",
            "-fPIC",
            "-O2",
            "-nostdlib",
            "-s",
            "-Wl,-soname,libflite.so.1",
            "-Wl,-z,relro,-z,now",
            "-Wl,--hash-style=gnu",
            "-o",
        ])
        .arg(&target)
        .arg("stand-in/speech.c")
        .status();
    match built {
        Ok(status) if status.success() => {}
        Ok(status) => {
            println!("cargo::error={compiler} could not build the speech stand-in: {status}")
        }
        Err(e) => println!(
            "cargo::error={compiler} (a C compiler) is needed for the speech stand-in: {e}"
        ),
    }
}
