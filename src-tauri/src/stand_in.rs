//! Libraries WebKit loads that the app never uses, left unloaded.
//!
//! WebKitGTK as Debian builds it brings two large pieces of code into the
//! app's processes that Switchboard has no use for:
//!
//! - **flite**, a speech synthesiser, for the page's `speechSynthesis`:
//!   thirteen libraries (the engine, its lexicons and five voices) that
//!   each of the app's three processes (its own, WebKit's web process and
//!   its network process) loads and relocates at start whatever the page
//!   does: about 5 MB of each one's memory, 3 MB of it private
//!   (BENCHMARKS.md). The app never speaks; a screen reader speaks through
//!   the desktop's own speech service, not through the page.
//! - **LLVM**, the compiler Mesa's software OpenGL driver (`swrast_dri.so`,
//!   llvmpipe) turns shaders into machine code with. On a machine without
//!   a GPU the app paints on the CPU (`webkit_env.rs`), yet the web process
//!   still opens an OpenGL display (WebKitGTK will not start without one),
//!   which loads the driver and with it LLVM's 117 MB library, relocated
//!   and initialised at load: about 45 MB of memory for a display nothing
//!   is drawn on. Mesa's other software driver, softpipe, needs no
//!   compiler, but is the same file, linked to LLVM all the same.
//!
//! So the app carries two stand-ins, built by `build.rs` without the C
//! library: `stand-in/speech.c`, which defines the functions WebKit names
//! from flite and does nothing, and `stand-in/llvm.txt`, the functions and
//! data Mesa's driver names from LLVM 15, each a function that stops the
//! process if it is ever called (softpipe calls none; the driver asks one
//! question at load, which the stand-in answers as LLVM would). Opening
//! the window, the app writes them into the session's runtime folder under
//! the names WebKit and Mesa ask for, and starts itself again (the same
//! process, `exec`) with that folder first in the library path, which
//! WebKit's processes inherit; with the LLVM stand-in it also asks Mesa
//! for softpipe (`GALLIUM_DRIVER=softpipe`, `DRAW_USE_LLVM=0`).
//!
//! Only when it is safe: the loader binds every function at load, so a
//! WebKit or a Mesa (updated after the app was built) that names a function
//! a stand-in lacks would not start at all. Each start reads, from the
//! library files themselves, what the installed WebKit takes from flite and
//! the installed driver from LLVM, and goes on with the real library when
//! anything is missing, as it does without a runtime folder. The LLVM
//! stand-in is used only when the app paints on the CPU (no GPU: with one,
//! Mesa's hardware drivers compile shaders with LLVM) and nobody chose
//! Mesa's driver through its variables.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// What the speech stand-in defines (`stand-in/speech.c`).
pub const FLITE_DEFINES: [&str; 12] = [
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

/// The LLVM stand-in's list (`build.rs` makes the library from it).
const LLVM_LIST: &str = include_str!("../stand-in/llvm.txt");

/// The name (and the version its symbols carry) the LLVM stand-in stands in for.
pub const LLVM_NAME: &str = "libLLVM-15.so.1";

/// Set in the process started again: the library path it was started with
/// (a marker between the process and itself, not a setting). Its children
/// other than WebKit's get that path back ([`for_children`]).
const STARTED_AGAIN: &str = "SB_STAND_IN_LIBRARY_PATH";

/// What the app sets for Mesa with the LLVM stand-in: its software driver
/// that compiles nothing. Its children other than WebKit's get them unset.
pub const SOFTPIPE: [(&str, &str); 2] = [("GALLIUM_DRIVER", "softpipe"), ("DRAW_USE_LLVM", "0")];

/// Set in the process started again when it set [`SOFTPIPE`] (a marker,
/// like [`STARTED_AGAIN`]).
const SET_SOFTPIPE: &str = "SB_STAND_IN_SOFTPIPE";

/// Mesa's variables that choose its driver: any set, the user chose, and
/// the LLVM stand-in is not used.
const MESA_CHOICES: [&str; 7] = [
    "GALLIUM_DRIVER",
    "DRAW_USE_LLVM",
    "LIBGL_DRIVERS_PATH",
    "LIBGL_ALWAYS_SOFTWARE",
    "MESA_LOADER_DRIVER_OVERRIDE",
    "__EGL_VENDOR_LIBRARY_FILENAMES",
    "__EGL_VENDOR_LIBRARY_DIRS",
];

/// The stand-ins, as built.
const SPEECH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/speech-stand-in.so"));
const LLVM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/llvm-stand-in.so"));

/// The names the LLVM stand-in defines (its list's first words).
pub fn llvm_defines() -> BTreeSet<&'static str> {
    LLVM_LIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

/// Why a library stays loaded.
#[derive(Debug, PartialEq, Eq)]
pub enum Kept {
    /// Nothing here links it: nothing to leave out.
    NotLinked,
    /// The installed library takes functions the stand-in lacks.
    Missing(Vec<String>),
    /// Mesa's driver is not the one the LLVM stand-in's list was read from
    /// (it does not take these from LLVM): whether softpipe there calls
    /// LLVM was never seen, so LLVM stays.
    NotMeasured(Vec<String>),
    /// Reading a library failed.
    Failed(String),
}

/// Starts the app again without the libraries it can leave out (see the
/// module's comment), saying in the log what stays loaded and why; returns
/// only when nothing can be left out. `paint_on_cpu`: the app paints on the
/// CPU (`webkit_env::should_paint_on_cpu`).
pub fn leave_out(paint_on_cpu: bool) {
    if std::env::var_os(STARTED_AGAIN).is_some() {
        // Started again already (once at most, whatever the loader did
        // with the library path).
        return;
    }
    let path = std::env::var_os("LD_LIBRARY_PATH").unwrap_or_default();
    let Some(folder) = runtime_folder() else {
        tracing::info!(
            "no runtime folder to load code from: WebKit's speech synthesiser and LLVM stay loaded"
        );
        return;
    };
    let Some(found) = Found::here(paint_on_cpu) else {
        return;
    };
    // The checks read about 6 MB of tables (40 ms); their answer is kept
    // in the folder for these very files (and this very app).
    let files = match found.fingerprint() {
        Ok(files) => files,
        Err(e) => {
            tracing::warn!(why = %e, "WebKit's speech synthesiser and LLVM stay loaded");
            return;
        }
    };
    let checked = folder.join("checked");
    let kept = std::fs::read_to_string(&checked).ok().and_then(|c| {
        c.strip_prefix(&files)
            .map(|n| n.lines().map(str::to_owned).collect::<Vec<_>>())
    });
    let (names, keep_answer) = match kept {
        Some(names) if !names.is_empty() => (names, false),
        _ => found.plan(),
    };
    // Each stand-in in a folder of its own, in the library path only when
    // this start uses it: another start of the app (another profile, or
    // with Mesa's driver chosen) may use one and not the other.
    let mut folders = Vec::new();
    let speech: Vec<String> = names
        .iter()
        .filter(|n| n.starts_with("libflite"))
        .cloned()
        .collect();
    if !speech.is_empty() && !SPEECH.is_empty() {
        folders.push((folder.join("flite"), SPEECH, "libflite.so.1", speech));
    }
    let llvm = names.iter().any(|n| n == LLVM_NAME) && !LLVM.is_empty();
    if llvm {
        folders.push((folder.join("llvm"), LLVM, LLVM_NAME, Vec::new()));
    }
    if folders.is_empty() {
        return;
    }
    for (sub, bytes, main, names) in &folders {
        if let Err(e) = write_stand_in(sub, bytes, main, names) {
            tracing::warn!(why = %e, "WebKit's speech synthesiser and LLVM stay loaded");
            return;
        }
    }
    // The answer is written once, after the stand-ins it vouches for.
    if keep_answer {
        let partial = folder.join(format!(".checked.{}.partial", std::process::id()));
        let _ = std::fs::write(&partial, format!("{files}{}", names.join("\n")))
            .and_then(|()| std::fs::rename(&partial, &checked));
    }
    let first: Vec<&Path> = folders.iter().map(|(sub, ..)| sub.as_path()).collect();
    let e = start_again(&first, &path, llvm);
    tracing::warn!(why = %e, "WebKit's speech synthesiser and LLVM stay loaded");
}

/// The stand-ins' folder in the session's runtime folder, if there is one
/// to load code from.
fn runtime_folder() -> Option<PathBuf> {
    let run = std::env::var_os("XDG_RUNTIME_DIR")?;
    // A `:` would cut the folder in two in the library path; where files
    // cannot be mapped as code, a stand-in would stop every process that
    // loads it.
    (!run.is_empty() && !run.as_encoded_bytes().contains(&b':') && !noexec(Path::new(&run)))
        .then(|| Path::new(&run).join(folder_name()))
}

/// Whether files under `folder` cannot be mapped as code (a `noexec`
/// mount), or it cannot be asked.
fn noexec(folder: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(folder.as_os_str().as_bytes()) else {
        return true;
    };
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    // SAFETY: `name` is a C string that outlives the call and `stat` is
    // memory for one `statvfs`, which the call fills when it returns 0.
    #[allow(unsafe_code)]
    let flags = unsafe {
        if libc::statvfs(name.as_ptr(), stat.as_mut_ptr()) != 0 {
            return true;
        }
        stat.assume_init().f_flag
    };
    flags & libc::ST_NOEXEC != 0
}

/// Replaces this process (same id) with the app started again, the
/// `folders` first in the library path (`path` after them), and Mesa on
/// softpipe when `llvm`; returns only if it could not.
fn start_again(folders: &[&Path], path: &OsString, llvm: bool) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    let mut first = OsString::new();
    for folder in folders
        .iter()
        .map(|f| f.as_os_str())
        .chain(Some(path.as_os_str()))
    {
        if folder.is_empty() {
            continue;
        }
        if !first.is_empty() {
            first.push(":");
        }
        first.push(folder);
    }
    // The binary by its own name (through `/proc/self/exe` the process
    // would be named `exe` in `ps` and system monitors).
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return e,
    };
    let mut args = std::env::args_os();
    let mut again = std::process::Command::new(exe);
    if let Some(zero) = args.next() {
        again.arg0(zero);
    }
    again
        .args(args)
        .env("LD_LIBRARY_PATH", first)
        .env(STARTED_AGAIN, path);
    if llvm {
        again.envs(SOFTPIPE).env(SET_SOFTPIPE, "1");
    }
    again.exec()
}

/// Gives a program the app starts (a browser for a link) what the app
/// was started with of what this module changes: the library path without
/// the stand-ins, and Mesa's own choice of driver. (`webkit_env`'s
/// settings for WebKit are left as they are.)
pub fn for_children(command: &mut std::process::Command) {
    restore(command, |name| std::env::var_os(name));
}

/// [`for_children`], reading this process's variables with `var`.
fn restore(command: &mut std::process::Command, var: impl Fn(&str) -> Option<OsString>) {
    let Some(path) = var(STARTED_AGAIN) else {
        return;
    };
    if path.is_empty() {
        command.env_remove("LD_LIBRARY_PATH");
    } else {
        command.env("LD_LIBRARY_PATH", path);
    }
    command.env_remove(STARTED_AGAIN);
    // Set by the app only where nobody had (`MESA_CHOICES`).
    if var(SET_SOFTPIPE).is_some() {
        command.env_remove(SET_SOFTPIPE);
        for (name, _) in SOFTPIPE {
            command.env_remove(name);
        }
    }
}

/// The folder's name: one per pair of stand-ins as built, so an update
/// never loads an older one.
fn folder_name() -> String {
    // FNV-1a over the libraries' bytes.
    let hash = SPEECH
        .iter()
        .chain(LLVM)
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("switchboard-stand-in-{hash:016x}")
}

/// The installed libraries the checks read.
struct Found {
    webkit: PathBuf,
    /// flite's libraries this process loaded.
    flite: Vec<PathBuf>,
    /// GStreamer's flite plugin beside WebKit, if installed: WebKit's media
    /// code may load it in the web process, which would then find the
    /// stand-in, so the check counts what it takes from flite too.
    plugin: Option<PathBuf>,
    /// Mesa's software drivers (hard links of one file on Debian) and the
    /// LLVM they link, when the app paints on the CPU and nobody chose
    /// Mesa's driver.
    drivers: Vec<PathBuf>,
    llvm: Option<PathBuf>,
}

impl Found {
    /// What this process loaded, from its memory map, and what Mesa would
    /// load beside it. `None`: no WebKit here.
    fn here(paint_on_cpu: bool) -> Option<Found> {
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
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
        let webkit = webkit?;
        let dir = webkit.parent()?.to_owned();
        let plugin = Some(dir.join("gstreamer-1.0/libgstflite.so")).filter(|p| p.exists());
        let chose = MESA_CHOICES.iter().any(|v| std::env::var_os(v).is_some());
        let drivers: Vec<PathBuf> = if paint_on_cpu && !chose {
            ["swrast_dri.so", "kms_swrast_dri.so"]
                .iter()
                .map(|n| dir.join("dri").join(n))
                .filter(|p| p.exists())
                .collect()
        } else {
            Vec::new()
        };
        let llvm = Some(dir.join(LLVM_NAME)).filter(|p| !drivers.is_empty() && p.exists());
        Some(Found {
            webkit,
            flite: flite.into_iter().collect(),
            plugin,
            drivers,
            llvm,
        })
    }

    /// What identifies the files the checks read, and the app that made
    /// them (a newer one may check otherwise): path, size, modification
    /// time, inode, a line each, ending with an empty one.
    fn fingerprint(&self) -> std::io::Result<String> {
        use std::os::unix::fs::MetadataExt;
        let mut out = String::new();
        let app = std::env::current_exe()?;
        for file in std::iter::once(&app)
            .chain(std::iter::once(&self.webkit))
            .chain(&self.plugin)
            .chain(&self.flite)
            .chain(&self.drivers)
            .chain(&self.llvm)
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

    /// The names to put the stand-ins under (flite's and [`LLVM_NAME`]),
    /// logging what stays loaded and why, and whether the answer may be
    /// kept (no check failed to read a file).
    fn plan(&self) -> (Vec<String>, bool) {
        let mut keep = true;
        let mut names = match speech_plan(&self.webkit, self.plugin.as_deref(), &self.flite) {
            Ok(names) => names,
            Err(kept) => {
                keep &= !matches!(kept, Kept::Failed(_));
                tracing::info!(?kept, "WebKit's speech synthesiser stays loaded");
                Vec::new()
            }
        };
        match (self.drivers.is_empty(), &self.llvm) {
            (true, _) => {}
            (false, None) => tracing::info!("Mesa's LLVM is not beside WebKit: it stays loaded"),
            (false, Some(llvm)) => match llvm_plan(&self.drivers, llvm) {
                Ok(()) => names.push(LLVM_NAME.to_owned()),
                Err(kept) => {
                    keep &= !matches!(kept, Kept::Failed(_));
                    tracing::info!(?kept, "Mesa's LLVM stays loaded")
                }
            },
        }
        (names, keep)
    }
}

fn unreadable(what: &Path) -> Kept {
    Kept::Failed(format!("no symbols read from {}", what.display()))
}

fn failed(e: std::io::Error) -> Kept {
    Kept::Failed(e.to_string())
}

/// Which of its libraries WebKit asks flite for (the names to put the
/// speech stand-in under), or why flite stays.
pub fn speech_plan(
    webkit: &Path,
    plugin: Option<&Path>,
    flite: &[PathBuf],
) -> Result<Vec<String>, Kept> {
    if flite.is_empty() {
        return Err(Kept::NotLinked);
    }
    let nothing = |_: &str| false;
    let Elf {
        undefined: mut needs,
        needed,
        ..
    } = Elf::read_keeping(webkit, nothing).map_err(failed)?;
    if needs.is_empty() {
        return Err(unreadable(webkit));
    }
    if let Some(plugin) = plugin {
        needs.extend(
            Elf::read_keeping(plugin, nothing)
                .map_err(failed)?
                .undefined,
        );
    }
    let defines: BTreeSet<&str> = FLITE_DEFINES.into_iter().collect();
    // Of flite's many symbols (a voice defines 31,000), only those WebKit needs.
    let missing = missing(&needs, &taken_from(&needs, flite)?, &defines);
    if !missing.is_empty() {
        return Err(Kept::Missing(missing));
    }
    Ok(needed
        .into_iter()
        .filter(|n| n.starts_with("libflite"))
        .collect())
}

/// Whether Mesa's software `drivers` take from `llvm`, under the LLVM
/// stand-in's name, exactly what the stand-in has: the driver its list was
/// read from, whose softpipe was seen to call none of it.
pub fn llvm_plan(drivers: &[PathBuf], llvm: &Path) -> Result<(), Kept> {
    let mut needs = BTreeSet::new();
    for driver in drivers {
        let elf = Elf::read_keeping(driver, |_| false).map_err(failed)?;
        if elf.undefined.is_empty() {
            return Err(unreadable(driver));
        }
        if !elf.needed.iter().any(|n| n == LLVM_NAME) {
            return Err(Kept::NotLinked);
        }
        needs.extend(elf.undefined);
    }
    let from_llvm = taken_from(&needs, &[llvm.to_owned()])?;
    if from_llvm.is_empty() {
        return Err(unreadable(llvm));
    }
    judge_llvm(&needs, &from_llvm, &llvm_defines())
}

/// A driver that `needs` these and takes `from_llvm` these from LLVM,
/// against a stand-in whose `list` is this: it must take exactly the list.
pub fn judge_llvm(
    needs: &BTreeSet<String>,
    from_llvm: &BTreeSet<String>,
    list: &BTreeSet<&str>,
) -> Result<(), Kept> {
    let missing = missing(needs, from_llvm, list);
    if !missing.is_empty() {
        return Err(Kept::Missing(missing));
    }
    let unlike: Vec<String> = list
        .iter()
        .filter(|n| !from_llvm.contains(**n))
        .map(|n| (*n).to_owned())
        .collect();
    if unlike.is_empty() {
        Ok(())
    } else {
        Err(Kept::NotMeasured(unlike))
    }
}

/// What the `real` libraries define of what a library `needs`.
pub fn taken_from(needs: &BTreeSet<String>, real: &[PathBuf]) -> Result<BTreeSet<String>, Kept> {
    let mut taken = BTreeSet::new();
    for lib in real {
        let elf = Elf::read_keeping(lib, |name| needs.contains(name)).map_err(failed)?;
        // A library read as defining nothing would pass any check.
        if elf.defined_count == 0 {
            return Err(unreadable(lib));
        }
        taken.extend(elf.defined);
    }
    Ok(taken)
}

/// What a library `needs` that the real library defines (`from_real`)
/// and a stand-in that `defines` these does not.
pub fn missing(
    needs: &BTreeSet<String>,
    from_real: &BTreeSet<String>,
    defines: &BTreeSet<&str>,
) -> Vec<String> {
    needs
        .iter()
        .filter(|f| from_real.contains(*f) && !defines.contains(f.as_str()))
        .cloned()
        .collect()
}

/// Writes `bytes` into `folder` (private to this user) as `main` and under
/// each of `names`, unless it is there already as built: one file, linked
/// under each name, so the loader maps it once. Written under a name of
/// this process's own and renamed into place, so two starts at once never
/// load a half-written file.
fn write_stand_in(
    folder: &Path,
    bytes: &[u8],
    main: &str,
    names: &[String],
) -> std::io::Result<()> {
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
            "the stand-ins' folder is not private",
        ));
    }
    let partial = |name: &str| folder.join(format!(".{name}.{}.partial", std::process::id()));
    let first = folder.join(main);
    if !std::fs::read(&first).is_ok_and(|b| b == bytes) {
        std::fs::write(partial(main), bytes)?;
        std::fs::rename(partial(main), &first)?;
    }
    let inode = std::fs::metadata(&first)?.ino();
    for name in names.iter().filter(|n| n.as_str() != main) {
        let file = folder.join(name);
        if std::fs::metadata(&file).is_ok_and(|m| m.ino() == inode) {
            continue;
        }
        let _ = std::fs::remove_file(partial(name));
        std::fs::hard_link(&first, partial(name))?;
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

    /// The names as the checks hold them.
    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    /// Everything a library's tables say.
    fn read_all(path: &Path) -> std::io::Result<Elf> {
        Elf::read_keeping(path, |_| true)
    }

    /// Where the system keeps WebKitGTK 4.1 (and, beside it, flite, Mesa's
    /// drivers and LLVM).
    fn installed_webkit() -> PathBuf {
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
        webkit
    }

    /// Each stand-in as built defines exactly what its list says and asks
    /// for no library (not even the C library).
    #[test]
    fn the_stand_ins_define_what_their_lists_say_and_need_nothing() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let lists = [
            ("libflite.so.1", SPEECH, FLITE_DEFINES.into_iter().collect()),
            (LLVM_NAME, LLVM, llvm_defines()),
        ];
        for (name, bytes, list) in lists {
            let file = dir.path().join(name);
            std::fs::write(&file, bytes)?;
            let mut elf = read_all(&file)?;
            // LLVM's names carry its version (the driver asks for it),
            // which is in the table too.
            assert_eq!(elf.defined.remove("LLVM_15"), name == LLVM_NAME, "{name}");
            let list: BTreeSet<String> = list.into_iter().map(str::to_owned).collect();
            assert!(list.len() >= 12, "{name}: {list:?}");
            assert_eq!(elf.defined, list, "{name}");
            assert!(elf.needed.is_empty(), "{name}: {:?}", elf.needed);
            assert!(elf.undefined.is_empty(), "{name}: {:?}", elf.undefined);
        }
        Ok(())
    }

    /// On this machine (the libraries the app loads, found where the
    /// system keeps them), WebKit takes from flite only what the stand-in
    /// defines, under thirteen names. (The end-to-end run checks the app's
    /// processes load it.)
    #[test]
    fn the_installed_webkit_takes_from_flite_only_what_the_stand_in_has() -> std::io::Result<()> {
        let webkit = installed_webkit();
        let dir = webkit.parent().unwrap_or(Path::new("/"));
        let flite: Vec<PathBuf> = read_all(&webkit)?
            .needed
            .iter()
            .filter(|n| n.starts_with("libflite"))
            .map(|n| dir.join(n))
            .collect();
        assert!(!flite.is_empty(), "WebKitGTK here links flite");
        let plugin = Some(dir.join("gstreamer-1.0/libgstflite.so")).filter(|p| p.exists());
        let names = match speech_plan(&webkit, plugin.as_deref(), &flite) {
            Ok(names) => names,
            Err(kept) => panic!("flite stays: {kept:?}"),
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

    /// On this machine Mesa's software driver takes from LLVM only what the
    /// LLVM stand-in has; the check reads a real list (hundreds of
    /// functions) and refuses a driver that needs another LLVM.
    #[test]
    fn the_installed_mesa_takes_from_llvm_only_what_the_stand_in_has() -> std::io::Result<()> {
        let webkit = installed_webkit();
        let dir = webkit.parent().unwrap_or(Path::new("/"));
        let driver = dir.join("dri/swrast_dri.so");
        let llvm = dir.join(LLVM_NAME);
        assert!(
            driver.exists() && llvm.exists(),
            "Mesa's software driver and LLVM 15 are installed"
        );
        assert_eq!(llvm_plan(std::slice::from_ref(&driver), &llvm), Ok(()));
        let needs = read_all(&driver)?.undefined;
        let from_llvm = taken_from(&needs, std::slice::from_ref(&llvm))
            .map_err(|k| std::io::Error::other(format!("{k:?}")))?;
        assert!(
            from_llvm.len() >= 200 && from_llvm.contains("LLVMIsMultithreaded"),
            "{}",
            from_llvm.len()
        );
        // A driver that names one more LLVM function keeps LLVM.
        let fewer: BTreeSet<&str> = llvm_defines()
            .into_iter()
            .filter(|n| *n != "LLVMIsMultithreaded")
            .collect();
        assert_eq!(
            missing(&needs, &from_llvm, &fewer),
            vec!["LLVMIsMultithreaded".to_owned()]
        );
        // A library that links no LLVM 15 (WebKit itself) is not a driver to stand in for.
        assert_eq!(
            llvm_plan(std::slice::from_ref(&webkit), &llvm),
            Err(Kept::NotLinked)
        );
        Ok(())
    }

    /// A WebKit that takes one more function from flite keeps the real
    /// libraries (the stand-in would stop it from starting), and says which.
    #[test]
    fn a_webkit_that_takes_more_keeps_flite() {
        let flite = set(&["flite_init", "flite_voice_select", "cst_free"]);
        let defines = FLITE_DEFINES.into_iter().collect();
        assert!(missing(&set(&["flite_init", "g_object_new"]), &flite, &defines).is_empty());
        assert_eq!(
            missing(
                &set(&["flite_init", "flite_voice_select", "g_object_new"]),
                &flite,
                &defines
            ),
            vec!["flite_voice_select".to_owned()]
        );
    }

    /// A stand-in is written once and linked under each name (the loader
    /// maps it once), and written again when the file there is not it.
    #[test]
    fn a_stand_in_is_one_file_under_each_name() -> std::io::Result<()> {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir()?;
        let folder = dir.path().join("flite");
        let names = vec![
            "libflite.so.1".to_owned(),
            "libflite_cmulex.so.1".to_owned(),
        ];
        write_stand_in(&folder, SPEECH, "libflite.so.1", &names)?;
        let inode = |n: &str| std::fs::metadata(folder.join(n)).map(|m| m.ino());
        assert_eq!(inode("libflite.so.1")?, inode("libflite_cmulex.so.1")?);
        std::fs::write(folder.join("libflite.so.1"), b"not the stand-in")?;
        write_stand_in(&folder, SPEECH, "libflite.so.1", &names)?;
        assert_eq!(std::fs::read(folder.join("libflite.so.1"))?, SPEECH);
        assert_eq!(inode("libflite.so.1")?, inode("libflite_cmulex.so.1")?);
        Ok(())
    }

    /// A driver that takes fewer functions from LLVM than the list names is
    /// not the one measured, and keeps LLVM; one that takes more, too.
    #[test]
    fn only_the_driver_measured_gets_the_llvm_stand_in() {
        let list: BTreeSet<&str> = ["LLVMIsMultithreaded", "LLVMLinkInMCJIT"].into();
        let needs = set(&["LLVMIsMultithreaded", "LLVMLinkInMCJIT", "malloc"]);
        let from_llvm = set(&["LLVMIsMultithreaded", "LLVMLinkInMCJIT"]);
        assert_eq!(judge_llvm(&needs, &from_llvm, &list), Ok(()));
        assert_eq!(
            judge_llvm(
                &set(&["LLVMIsMultithreaded"]),
                &set(&["LLVMIsMultithreaded"]),
                &list
            ),
            Err(Kept::NotMeasured(vec!["LLVMLinkInMCJIT".to_owned()]))
        );
        let more = set(&["LLVMIsMultithreaded", "LLVMLinkInMCJIT", "LLVMDumpModule"]);
        assert_eq!(
            judge_llvm(&more, &more, &list),
            Err(Kept::Missing(vec!["LLVMDumpModule".to_owned()]))
        );
    }

    /// A program the app starts gets the library path the app was
    /// started with, and Mesa's variables unset only where the app set
    /// them; a process not started again changes nothing.
    #[test]
    fn a_browser_gets_the_environment_the_app_was_started_with() {
        let env = |command: &std::process::Command| -> Vec<(String, Option<String>)> {
            let mut v: Vec<_> = command
                .get_envs()
                .map(|(k, v)| {
                    (
                        k.to_string_lossy().into_owned(),
                        v.map(|v| v.to_string_lossy().into_owned()),
                    )
                })
                .collect();
            v.sort();
            v
        };
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let mut untouched = std::process::Command::new("true");
        restore(&mut untouched, vars(&[("GALLIUM_DRIVER", "softpipe")]));
        assert!(env(&untouched).is_empty());

        let mut browser = std::process::Command::new("true");
        restore(
            &mut browser,
            vars(&[(STARTED_AGAIN, "/opt/lib"), ("GALLIUM_DRIVER", "softpipe")]),
        );
        let theirs = vec![
            ("LD_LIBRARY_PATH".to_owned(), Some("/opt/lib".to_owned())),
            (STARTED_AGAIN.to_owned(), None),
        ];
        assert_eq!(env(&browser), theirs, "the user's own Mesa choice is kept");

        let mut browser = std::process::Command::new("true");
        restore(
            &mut browser,
            vars(&[(STARTED_AGAIN, ""), (SET_SOFTPIPE, "1")]),
        );
        let mut ours = vec![
            ("DRAW_USE_LLVM".to_owned(), None),
            ("GALLIUM_DRIVER".to_owned(), None),
            ("LD_LIBRARY_PATH".to_owned(), None),
            (SET_SOFTPIPE.to_owned(), None),
            (STARTED_AGAIN.to_owned(), None),
        ];
        ours.sort();
        assert_eq!(env(&browser), ours);
    }

    /// Not an ELF file, or a truncated one: an error, no panic.
    #[test]
    fn a_file_that_is_no_library_is_an_error() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for (name, bytes) in [
            ("text", b"hello".to_vec()),
            ("short", b"\x7fELF\x02\x01".to_vec()),
            ("cut", SPEECH.get(..200).unwrap_or(SPEECH).to_vec()),
            ("cut-llvm", LLVM.get(..200).unwrap_or(LLVM).to_vec()),
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
