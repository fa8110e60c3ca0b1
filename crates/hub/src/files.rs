//! The hub's files are its own user's only: the data folder `0700`, every
//! file in it `0600` (the process's umask is `077`, so what the hub creates
//! later is too). A folder or file left wider by an earlier version, or
//! copied in, is tightened at start.

use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

/// Creates `dir` (and missing parents) `0700`, or tightens it to `0700`,
/// and makes every file directly in it `0600`.
pub fn private_folder(dir: &Path) -> std::io::Result<()> {
    let say = |what: &str, path: &Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("cannot {what} {}: {e}", path.display()))
    };
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| say("create the data folder", dir, e))?;
    tighten(dir, 0o700).map_err(|e| say("make private the data folder", dir, e))?;
    for entry in std::fs::read_dir(dir).map_err(|e| say("read the data folder", dir, e))? {
        let entry = entry.map_err(|e| say("read the data folder", dir, e))?;
        let path = entry.path();
        if entry
            .file_type()
            .map_err(|e| say("read", &path, e))?
            .is_file()
        {
            tighten(&path, 0o600).map_err(|e| say("make private", &path, e))?;
        }
    }
    Ok(())
}

/// Sets `mode` on `path` unless it is already that narrow.
fn tighten(path: &Path, mode: u32) -> std::io::Result<()> {
    let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if current & !mode != 0 {
        tracing::info!(path = %path.display(), from = format!("{current:o}"), to = format!("{mode:o}"), "made private");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_wide_folder_and_its_files_are_tightened() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("a/b");
        private_folder(&data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mode(&data), 0o700, "created private");
        let file = data.join("hub.sqlite3");
        std::fs::write(&file, b"x").unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
        private_folder(&data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&file), 0o600);
    }
}
