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
    stand_ins();
    let manifest = tauri_build::AppManifest::new().commands(app_commands!(names));
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri-build failed: {e:#}");
    }
}

/// Builds the app's two stand-ins (`src/stand_in.rs`) into `$OUT_DIR`:
/// `stand-in/speech.c` as `speech-stand-in.so`, named as flite's engine
/// (on Linux), and `stand-in/llvm.txt` as `llvm-stand-in.so`, named and
/// versioned as LLVM 15 (on Linux on x86-64, whose Mesa the list was read
/// from). Shared libraries without the C library, stripped. Where one is
/// not built its file is empty, and the app leaves that library loaded.
fn stand_ins() {
    println!("cargo::rerun-if-changed=stand-in/speech.c");
    println!("cargo::rerun-if-changed=stand-in/llvm.txt");
    println!("cargo::rerun-if-env-changed=CC");
    let Some(out) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=no OUT_DIR");
        return;
    };
    let out = std::path::PathBuf::from(out);
    let speech = out.join("speech-stand-in.so");
    let llvm = out.join("llvm-stand-in.so");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let x86_64 = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64");
    for (file, built) in [(&speech, linux), (&llvm, linux && x86_64)] {
        if built {
            continue;
        }
        if let Err(e) = std::fs::write(file, b"") {
            println!("cargo::error=could not write {}: {e}", file.display());
        }
    }
    if !linux {
        return;
    }
    cc(&speech, "libflite.so.1", None, "stand-in/speech.c".as_ref());
    if !x86_64 {
        return;
    }
    let list = match std::fs::read_to_string("stand-in/llvm.txt") {
        Ok(list) => list,
        Err(e) => {
            println!("cargo::error=could not read stand-in/llvm.txt: {e}");
            return;
        }
    };
    let source = out.join("llvm-stand-in.s");
    let versions = out.join("llvm-stand-in.map");
    let written = std::fs::write(&source, llvm_assembly(&list))
        .and_then(|()| std::fs::write(&versions, "LLVM_15 { global: *; };\n"));
    if let Err(e) = written {
        println!("cargo::error=could not write the LLVM stand-in's source: {e}");
        return;
    }
    cc(&llvm, "libLLVM-15.so.1", Some(&versions), &source);
}

/// The x86-64 assembly of the LLVM stand-in from its list
/// (`stand-in/llvm.txt`, whose head says what each line means): a
/// function stops the process (`ud2`) or returns a number.
fn llvm_assembly(list: &str) -> String {
    let mut text = String::from("\t.text\n");
    let mut data = String::from("\t.section .data.rel.ro,\"aw\"\n");
    for line in list.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [name, "object", size] => data.push_str(&format!(
                "\t.globl {name}\n\t.type {name}, @object\n\t.size {name}, {size}\n\t.balign 8\n{name}:\n\t.zero {size}\n"
            )),
            [name, "=", n] => text.push_str(&format!(
                "\t.globl {name}\n\t.type {name}, @function\n{name}:\n\tmovl ${n}, %eax\n\tret\n"
            )),
            [name] => text.push_str(&format!(
                "\t.globl {name}\n\t.type {name}, @function\n{name}:\n\tud2\n"
            )),
            _ => println!("cargo::error=stand-in/llvm.txt: cannot read `{line}`"),
        }
    }
    format!("{text}{data}\t.section .note.GNU-stack,\"\",@progbits\n")
}

/// Compiles `source` into the shared library `target`, named `soname`,
/// with the symbol versions of `versions` if given.
fn cc(
    target: &std::path::Path,
    soname: &str,
    versions: Option<&std::path::Path>,
    source: &std::path::Path,
) {
    // `CC` may carry arguments (`ccache gcc`).
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut words = compiler.split_whitespace();
    let mut command = std::process::Command::new(words.next().unwrap_or("cc"));
    command
        .args(words)
        .args(["-shared", "-fPIC", "-O2", "-nostdlib", "-s"])
        .arg(format!("-Wl,-soname,{soname}"))
        .args(["-Wl,-z,relro,-z,now", "-Wl,--hash-style=gnu"]);
    if let Some(versions) = versions {
        command.arg(format!("-Wl,--version-script={}", versions.display()));
    }
    match command.arg("-o").arg(target).arg(source).status() {
        Ok(status) if status.success() => {}
        Ok(status) => println!(
            "cargo::error={compiler} could not build {}: {status}",
            source.display()
        ),
        Err(e) => println!(
            "cargo::error={compiler} (a C compiler) is needed for the app's stand-ins: {e}"
        ),
    }
}
