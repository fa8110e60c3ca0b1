//! WebKit's speech synthesiser, left unloaded.
//!
//! WebKitGTK as Debian builds it links flite, a speech synthesiser, for the
//! page's `speechSynthesis`: thirteen libraries (the engine, its lexicons
//! and five voices) that each of the app's three processes (its own,
//! WebKit's web process and its network process) loads and relocates at
//! start whatever the page does: about 5 MB of each one's memory, 3 MB of
//! it private (BENCHMARKS.md). The app never speaks; a screen reader speaks
//! through the desktop's own speech service, not through the page.
//!
//! So the app carries a stand-in (`stand-in/speech.c`, built by `build.rs`):
//! one small library that defines the functions WebKit names from flite and
//! does nothing. Opening the window, the app writes it into the session's
//! runtime folder under each of the names WebKit asks for, and starts itself
//! again (the same process, `exec`) with that folder first in the library
//! path, which WebKit's processes inherit.
//!
//! Only when it is safe: WebKit is bound to all its functions at load, so a
//! WebKit (updated after the app was built) that names a flite function the
//! stand-in lacks would not start at all. Each start reads, from the
//! library files themselves, which functions the installed WebKit takes
//! from flite, and goes on with the real libraries when any is missing, as
//! it does without a runtime folder or where WebKit links no flite.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// What the stand-in defines (`stand-in/speech.c`).
pub const DEFINES: [&str; 12] = [
    "cmulex_init",
    "cst_wave_resample",
    "delete_voice",
    "delete_wave",
    "flite_add_lang",
    "flite_init",
    "flite_text_to_wave",
    "register_cmu_us_awb",
    "register_cmu_us_kal",
    "register_cmu_us_rms",
    "register_cmu_us_slt",
    "usenglish_init",
];

/// Set in the process started again: the library path it was started with
/// (a marker between the process and itself, not a setting). Its children
/// other than WebKit's get that path back ([`library_path_for_children`]).
const STARTED_AGAIN: &str = "SB_SPEECH_STAND_IN_LIBRARY_PATH";

/// The stand-in, as built.
const STAND_IN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/speech-stand-in.so"));

/// Why the app runs with flite after all (said once logging is set up).
#[derive(Debug, PartialEq, Eq)]
pub enum Kept {
    /// WebKit links no flite here: nothing to leave out.
    NoFlite,
    /// No runtime folder (`XDG_RUNTIME_DIR`) to put the stand-in in.
    NoRuntimeFolder,
    /// The installed WebKit takes functions from flite the stand-in lacks.
    Missing(Vec<String>),
    /// Reading a library, writing the stand-in or starting again failed.
    Failed(String),
}

/// Starts the app again without flite when it is safe (see the module's
/// comment); returns only when it does not, saying why. Must run while the
/// process has a single thread (it may replace the process).
pub fn leave_out() -> Option<Kept> {
    if std::env::var_os(STARTED_AGAIN).is_some() {
        // Started again already (once at most, whatever the loader did
        // with the library path).
        return None;
    }
    let path = std::env::var_os("LD_LIBRARY_PATH").unwrap_or_default();
    let folder = match std::env::var_os("XDG_RUNTIME_DIR") {
        // A `:` would cut the folder in two in the library path.
        Some(run) if !run.is_empty() && !run.as_encoded_bytes().contains(&b':') => {
            Path::new(&run).join(folder_name())
        }
        _ => return Some(Kept::NoRuntimeFolder),
    };
    let (webkit, flite) = match loaded() {
        Ok(found) => found,
        Err(e) => return Some(Kept::Failed(e.to_string())),
    };
    let Some(webkit) = webkit else {
        return Some(Kept::NoFlite);
    };
    if flite.is_empty() {
        return Some(Kept::NoFlite);
    }
    // The check reads about 2 MB of tables (15 ms); its answer is kept in
    // the folder for these very files.
    let files = match fingerprint(&webkit, &flite) {
        Ok(files) => files,
        Err(e) => return Some(Kept::Failed(e.to_string())),
    };
    let checked = folder.join("checked");
    let kept = std::fs::read_to_string(&checked).ok().and_then(|c| {
        c.strip_prefix(&files)
            .map(|n| n.lines().map(str::to_owned).collect::<Vec<_>>())
    });
    let (names, fresh) = match kept {
        Some(names) if !names.is_empty() => (names, false),
        _ => match plan(&webkit, &flite) {
            Ok(Ok(names)) => (names, true),
            Ok(Err(missing)) => return Some(Kept::Missing(missing)),
            Err(e) => return Some(Kept::Failed(e.to_string())),
        },
    };
    if let Err(e) = write_stand_in(&folder, &names) {
        return Some(Kept::Failed(e.to_string()));
    }
    // The answer is written once, after the stand-in it vouches for.
    if fresh {
        let partial = folder.join(format!(".checked.{}.partial", std::process::id()));
        let _ = std::fs::write(&partial, format!("{files}{}", names.join("\n")))
            .and_then(|()| std::fs::rename(&partial, &checked));
    }
    let mut first = OsString::from(folder.as_os_str());
    if !path.is_empty() {
        first.push(":");
        first.push(&path);
    }
    use std::os::unix::process::CommandExt;
    // The binary by its own name (through `/proc/self/exe` the process
    // would be named `exe` in `ps` and system monitors).
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return Some(Kept::Failed(e.to_string())),
    };
    let mut args = std::env::args_os();
    let mut again = std::process::Command::new(exe);
    if let Some(zero) = args.next() {
        again.arg0(zero);
    }
    // Replaces this process (same id); returns only if it could not.
    let e = again
        .args(args)
        .env("LD_LIBRARY_PATH", first)
        .env(STARTED_AGAIN, &path)
        .exec();
    Some(Kept::Failed(e.to_string()))
}

/// The library path a program the app starts (a browser for a link) gets:
/// the one the app was started with, without the stand-in. `None`: the
/// app's own is that one already.
pub fn library_path_for_children() -> Option<OsString> {
    std::env::var_os(STARTED_AGAIN)
}

/// The folder's name: one per stand-in as built, so an update never loads
/// an older one.
fn folder_name() -> String {
    // FNV-1a over the library's bytes.
    let hash = STAND_IN.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("switchboard-speech-{hash:016x}")
}

/// The WebKit library and flite's libraries this process loaded, from its
/// memory map.
fn loaded() -> std::io::Result<(Option<PathBuf>, Vec<PathBuf>)> {
    let maps = std::fs::read_to_string("/proc/self/maps")?;
    let mut webkit = None;
    let mut flite = BTreeSet::new();
    for path in maps.lines().filter_map(|l| l.split_whitespace().nth(5)) {
        let name = path.rsplit('/').next().unwrap_or_default();
        if name.starts_with("libwebkit2gtk-4.1.so") {
            webkit = Some(PathBuf::from(path));
        } else if name.starts_with("libflite") {
            flite.insert(PathBuf::from(path));
        }
    }
    Ok((webkit, flite.into_iter().collect()))
}

/// What identifies the files the check reads (path, size, modification
/// time, inode; the plugin's presence): a line each, ending with an empty one.
fn fingerprint(webkit: &Path, flite: &[PathBuf]) -> std::io::Result<String> {
    use std::os::unix::fs::MetadataExt;
    let mut out = String::new();
    let plugin = gstreamer_plugin(webkit);
    for file in std::iter::once(webkit)
        .chain(plugin.as_deref())
        .chain(flite.iter().map(PathBuf::as_path))
    {
        let m = std::fs::metadata(file)?;
        out.push_str(&format!(
            "{} {} {}.{} {}\n",
            file.display(),
            m.size(),
            m.mtime(),
            m.mtime_nsec(),
            m.ino()
        ));
    }
    out.push('\n');
    Ok(out)
}

/// GStreamer's flite plugin beside `webkit`, if installed: WebKit's media
/// code may load it in the web process, which would then find the
/// stand-in, so the check counts what it takes from flite too.
fn gstreamer_plugin(webkit: &Path) -> Option<PathBuf> {
    let plugin = webkit.parent()?.join("gstreamer-1.0/libgstflite.so");
    plugin.exists().then_some(plugin)
}

/// Which of its libraries WebKit asks flite for (the names to put the
/// stand-in under), or which functions it takes from flite that the
/// stand-in lacks.
pub fn plan(webkit: &Path, flite: &[PathBuf]) -> std::io::Result<Result<Vec<String>, Vec<String>>> {
    let unreadable = |what: &Path| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("no symbols read from {}", what.display()),
        )
    };
    let nothing = |_: &str| false;
    let Elf {
        undefined: mut needs,
        needed,
        ..
    } = Elf::read_keeping(webkit, nothing)?;
    if needs.is_empty() {
        return Err(unreadable(webkit));
    }
    if let Some(plugin) = gstreamer_plugin(webkit) {
        needs.extend(Elf::read_keeping(&plugin, nothing)?.undefined);
    }
    // Of flite's many symbols (a voice defines 31,000), only those WebKit needs.
    let mut from_flite = BTreeSet::new();
    for lib in flite {
        let elf = Elf::read_keeping(lib, |name| needs.contains(name))?;
        // A library read as defining nothing would pass any check.
        if elf.defined_count == 0 {
            return Err(unreadable(lib));
        }
        from_flite.extend(elf.defined);
    }
    let missing = missing(&needs, &from_flite);
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    Ok(Ok(needed
        .into_iter()
        .filter(|n| n.starts_with("libflite"))
        .collect()))
}

/// The functions a library `needs` that flite defines (`from_flite`) and
/// the stand-in does not.
pub fn missing(needs: &BTreeSet<String>, from_flite: &BTreeSet<String>) -> Vec<String> {
    needs
        .iter()
        .filter(|f| from_flite.contains(*f) && !DEFINES.contains(&f.as_str()))
        .cloned()
        .collect()
}

/// Writes the stand-in into `folder` (private to this user) under each of
/// `names`, unless it is there already as built: one file, linked under
/// each name, so the loader maps it once. Written under a name of this
/// process's own and renamed into place, so two starts at once never load
/// a half-written file.
fn write_stand_in(folder: &Path, names: &[String]) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .mode(0o700)
        .recursive(true)
        .create(folder)?;
    let meta = std::fs::symlink_metadata(folder)?;
    // SAFETY: `geteuid` reads the process's effective user id; it cannot fail.
    #[allow(unsafe_code)]
    let me = unsafe { libc::geteuid() };
    if !meta.is_dir() || meta.uid() != me || meta.permissions().mode() & 0o077 != 0 {
        return Err(std::io::Error::other(
            "the stand-in's folder is not private",
        ));
    }
    let partial = |name: &str| folder.join(format!(".{name}.{}.partial", std::process::id()));
    let main = folder.join("libflite.so.1");
    if !std::fs::read(&main).is_ok_and(|b| b == STAND_IN) {
        std::fs::write(partial("libflite.so.1"), STAND_IN)?;
        std::fs::rename(partial("libflite.so.1"), &main)?;
    }
    let inode = std::fs::metadata(&main)?.ino();
    for name in names.iter().filter(|n| n.as_str() != "libflite.so.1") {
        let file = folder.join(name);
        if std::fs::metadata(&file).is_ok_and(|m| m.ino() == inode) {
            continue;
        }
        let _ = std::fs::remove_file(partial(name));
        std::fs::hard_link(&main, partial(name))?;
        std::fs::rename(partial(name), &file)?;
    }
    Ok(())
}

/// What a shared library's dynamic symbol table says: the functions and
/// data it defines, the ones it needs from others, and the libraries it
/// asks for (`DT_NEEDED`). ELF, 64-bit, little-endian (x86-64, AArch64).
#[derive(Debug, Default)]
pub struct Elf {
    /// What it defines (those kept: see [`Elf::read_keeping`]).
    pub defined: BTreeSet<String>,
    /// How many symbols it defines, kept or not.
    pub defined_count: usize,
    pub undefined: BTreeSet<String>,
    pub needed: Vec<String>,
}

impl Elf {
    /// The library's tables, keeping only the defined symbols `keep` wants
    /// (a library's thousands of others are counted, not kept).
    pub fn read_keeping(path: &Path, keep: impl Fn(&str) -> bool) -> std::io::Result<Elf> {
        let mut file = std::fs::File::open(path)?;
        let bad =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
        let head = read_at(&mut file, 0, 64)?;
        // 64-bit (class 2), little-endian (data 1).
        if head.get(..4) != Some(b"\x7fELF".as_slice()) || head.get(4..6) != Some([2, 1].as_slice())
        {
            return Err(bad("not a 64-bit little-endian ELF file"));
        }
        let (shoff, shentsize, shnum) = (
            u64_at(&head, 0x28),
            u16_at(&head, 0x3a),
            u16_at(&head, 0x3c),
        );
        if shentsize < 64 {
            return Err(bad("no section headers"));
        }
        let table = read_at(&mut file, shoff, u64::from(shentsize) * u64::from(shnum))?;
        let section = |i: u32| -> Option<(u32, u64, u64, u32)> {
            let at = usize::try_from(i).ok()? * usize::from(shentsize);
            let h = table.get(at..at + 64)?;
            Some((
                u32_at(h, 4),
                u64_at(h, 0x18),
                u64_at(h, 0x20),
                u32_at(h, 0x28),
            ))
        };
        let mut out = Elf::default();
        for i in 0..u32::from(shnum) {
            let Some((kind, offset, size, link)) = section(i) else {
                continue;
            };
            // SHT_DYNSYM (11) and SHT_DYNAMIC (6), with their string tables.
            if kind != 11 && kind != 6 {
                continue;
            }
            let (_, str_offset, str_size, _) =
                section(link).ok_or_else(|| bad("no string table"))?;
            let strings = read_at(&mut file, str_offset, str_size)?;
            let name = |at: u64| -> Option<&str> {
                let rest = strings.get(usize::try_from(at).ok()?..)?;
                let end = rest.iter().position(|b| *b == 0)?;
                std::str::from_utf8(&rest[..end]).ok()
            };
            let entries = read_at(&mut file, offset, size)?;
            if kind == 11 {
                for sym in entries.chunks_exact(24) {
                    let Some(n) = name(u64::from(u32_at(sym, 0))).filter(|n| !n.is_empty()) else {
                        continue;
                    };
                    // Section index 0: defined elsewhere.
                    if u16_at(sym, 6) == 0 {
                        out.undefined.insert(n.to_owned());
                    } else {
                        out.defined_count += 1;
                        if keep(n) {
                            out.defined.insert(n.to_owned());
                        }
                    }
                }
            } else {
                for entry in entries.chunks_exact(16) {
                    // DT_NEEDED (1): a library's name.
                    if u64_at(entry, 0) == 1
                        && let Some(n) = name(u64_at(entry, 8))
                    {
                        out.needed.push(n.to_owned());
                    }
                }
            }
        }
        Ok(out)
    }
}

fn read_at(file: &mut std::fs::File, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
    // No section of a library is anywhere near this; a larger one is a bad file.
    if len > 256 << 20 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a section too large",
        ));
    }
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::new();
    file.take(len).read_to_end(&mut buf)?;
    Ok(buf)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u16::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a library's tables say.
    fn read_all(path: &Path) -> std::io::Result<Elf> {
        Elf::read_keeping(path, |_| true)
    }

    /// The stand-in as built defines exactly [`DEFINES`] and asks for no
    /// library (not even the C library).
    #[test]
    fn the_stand_in_defines_what_the_list_says_and_needs_nothing() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("libflite.so.1");
        std::fs::write(&file, STAND_IN)?;
        let elf = read_all(&file)?;
        assert_eq!(
            elf.defined,
            DEFINES
                .iter()
                .map(|d| (*d).to_owned())
                .collect::<BTreeSet<_>>()
        );
        assert!(elf.needed.is_empty(), "{:?}", elf.needed);
        assert!(elf.undefined.is_empty(), "{:?}", elf.undefined);
        Ok(())
    }

    /// On this machine (the libraries the app loads, found where the
    /// system keeps them), WebKit takes from flite only what the stand-in
    /// defines, under thirteen names. (The end-to-end run checks the app's
    /// processes load it.)
    #[test]
    fn the_installed_webkit_takes_from_flite_only_what_the_stand_in_has() -> std::io::Result<()> {
        let Some(webkit) = [
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
        ]
        .iter()
        .map(|dir| Path::new(dir).join("libwebkit2gtk-4.1.so.0"))
        .find(|p| p.exists()) else {
            panic!("WebKitGTK 4.1 is not installed where the system keeps libraries");
        };
        let dir = webkit.parent().unwrap_or(Path::new("/"));
        let flite: Vec<PathBuf> = read_all(&webkit)?
            .needed
            .iter()
            .filter(|n| n.starts_with("libflite"))
            .map(|n| dir.join(n))
            .collect();
        assert!(!flite.is_empty(), "WebKitGTK here links flite");
        let names = match plan(&webkit, &flite)? {
            Ok(names) => names,
            Err(missing) => panic!("the stand-in lacks {missing:?}"),
        };
        assert!(names.contains(&"libflite.so.1".to_owned()), "{names:?}");
        assert!(
            names.len() >= 10 && names.iter().all(|n| n.starts_with("libflite")),
            "{names:?}"
        );
        // What WebKit takes from flite, read from the files, is a real list.
        let needs = read_all(&webkit)?.undefined;
        assert!(needs.contains("flite_init") && needs.contains("g_object_new"));
        Ok(())
    }

    /// A WebKit that takes one more function from flite keeps the real
    /// libraries (the stand-in would stop it from starting), and says which.
    #[test]
    fn a_webkit_that_takes_more_keeps_flite() {
        let set = |names: &[&str]| {
            names
                .iter()
                .map(|n| (*n).to_owned())
                .collect::<BTreeSet<_>>()
        };
        let flite = set(&["flite_init", "flite_voice_select", "cst_free"]);
        assert!(missing(&set(&["flite_init", "g_object_new"]), &flite).is_empty());
        assert_eq!(
            missing(
                &set(&["flite_init", "flite_voice_select", "g_object_new"]),
                &flite
            ),
            vec!["flite_voice_select".to_owned()]
        );
    }

    /// Not an ELF file, or a truncated one: an error, no panic.
    #[test]
    fn a_file_that_is_no_library_is_an_error() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for (name, bytes) in [
            ("text", b"hello".to_vec()),
            ("short", b"\x7fELF\x02\x01".to_vec()),
            ("cut", STAND_IN[..200].to_vec()),
        ] {
            let file = dir.path().join(name);
            std::fs::write(&file, bytes)?;
            assert!(
                read_all(&file).is_err() || read_all(&file).is_ok_and(|e| e.defined.is_empty()),
                "{name}"
            );
        }
        Ok(())
    }
}
