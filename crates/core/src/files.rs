//! Saving a message's file where the user keeps downloads: a name that
//! cannot escape the folder or hide its type, never over an existing file.

use crate::error::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The longest name kept (in characters), before the extension.
const MAX_STEM: usize = 100;

/// A file name made safe from what a sender typed: only its last path
/// component, no control or reserved characters, no leading dots; an
/// extension from the type when there is none. Falls back to
/// `whatsapp-<message id>`.
pub fn safe_file_name(given: Option<&str>, mime: &str, message_id: i64) -> String {
    let last = given
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')
                || invisible(c)
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.is_empty() && e.len() <= 10 => {
            (s.to_owned(), Some(e.to_owned()))
        }
        _ => (cleaned, None),
    };
    let stem: String = stem.chars().take(MAX_STEM).collect();
    let stem = if stem.trim().is_empty() {
        format!("whatsapp-{message_id}")
    } else {
        stem
    };
    match ext.or_else(|| extension_for(mime).map(str::to_owned)) {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem,
    }
}

/// Characters that change how a name reads without being seen (bidi
/// overrides turn `txt.exe` into `exe.txt` on screen).
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn extension_for(mime: &str) -> Option<&'static str> {
    Some(match mime.split(';').next().unwrap_or_default().trim() {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" | "audio/aac" => "m4a",
        "audio/wav" | "audio/x-wav" => "wav",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "text/plain" => "txt",
        _ => return None,
    })
}

/// Writes `bytes` as a new file named `name` in `folder` (`name (2).ext`
/// and so on when taken), readable by this user only. Returns its path.
pub fn write_new(folder: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{e}")),
        None => (name, String::new()),
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem} ({n}){ext}"))
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&candidate) {
            Ok(mut file) => {
                if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
                    // No half-written file is left behind.
                    let _ = std::fs::remove_file(&candidate);
                    return Err(e.into());
                }
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(crate::CoreError::Invalid(
        "too many files of that name in the folder",
    ))
}

/// Writes `bytes` as `path` (the user chose it and agreed to replace what
/// was there), readable by this user only: written beside it first and
/// renamed over it, so a failure leaves the old file, never half a new one.
pub fn replace_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = folder.join(format!(".{name}.{}.part", uuid::Uuid::new_v4().simple()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&partial).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e.into())
        }
    }
}

/// Creates the profile folder (and missing parents) readable by this user
/// only (`0700`), or narrows an existing one to that.
pub fn private_folder(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    narrow(dir, 0o700)
}

/// Makes the store's file exist and readable by this user only (`0600`)
/// before SQLite opens it, so its WAL and shared-memory files, which SQLite
/// creates with the main file's mode, are too; narrows existing ones.
pub fn private_store_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(path)?);
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            narrow(&file, 0o600)?;
        }
    }
    Ok(())
}

/// Writes `bytes` to a new or replaced file readable by this user only.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    narrow(path, 0o600)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Takes away any permission beyond `mode` (Unix; elsewhere the profile
/// lives in the user's own application-data folder).
fn narrow(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if current & !mode != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_senders_file_name_cannot_leave_the_folder_or_hide_its_type() {
        for (given, expected) in [
            (Some("invoice-4711.pdf"), "invoice-4711.pdf"),
            (Some("../../.bashrc"), "bashrc.pdf"),
            (Some("C:\\Windows\\evil.pdf"), "evil.pdf"),
            (Some("/etc/passwd"), "passwd.pdf"),
            (Some("report\u{202E}fdp.exe"), "report_fdp.exe"),
            (Some("a\u{0}b\nc.pdf"), "a_b_c.pdf"),
            (Some("..."), "whatsapp-7.pdf"),
            (Some(""), "whatsapp-7.pdf"),
            (None, "whatsapp-7.pdf"),
        ] {
            assert_eq!(
                safe_file_name(given, "application/pdf", 7),
                expected,
                "{given:?}"
            );
        }
        let long = "x".repeat(500);
        assert_eq!(
            safe_file_name(Some(&long), "audio/ogg; codecs=opus", 1).len(),
            MAX_STEM + 4
        );
        assert_eq!(
            safe_file_name(None, "application/x-unknown", 3),
            "whatsapp-3"
        );
    }

    #[test]
    fn saving_never_overwrites_and_only_the_owner_reads_the_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = write_new(dir.path(), "a.pdf", b"one").unwrap_or_else(|e| panic!("{e}"));
        let second = write_new(dir.path(), "a.pdf", b"two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, dir.path().join("a.pdf"));
        assert_eq!(second, dir.path().join("a (2).pdf"));
        assert_eq!(std::fs::read(&first).unwrap_or_default(), b"one");
        assert_eq!(std::fs::read(&second).unwrap_or_default(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&second)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(mode, 0o600);
        }
    }
}
