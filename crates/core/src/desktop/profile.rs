//! Where a signed-in profile lives: its folder (the store and the sign-in
//! details, nothing secret) and its name in the keyring (the token and the
//! store's key).

use crate::error::{CoreError, Result};
use crate::secrets::Secrets;
use std::path::{Path, PathBuf};

/// A named profile: its folder holds the store and the (non-secret) sign-in
/// details; its secrets are in the keyring under the same name.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub dir: PathBuf,
}

impl Profile {
    /// `$XDG_DATA_HOME/switchboard/<name>` (or `~/.local/share/...`).
    pub fn named(name: &str) -> Result<Profile> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(CoreError::Invalid(
                "a profile name is letters, digits, '-' and '_'",
            ));
        }
        let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(
                std::env::var_os("HOME").ok_or(CoreError::Invalid("HOME is not set"))?,
            )
            .join(".local/share"),
        };
        Ok(Profile {
            name: name.to_owned(),
            dir: base.join("switchboard").join(name),
        })
    }

    pub fn at(name: &str, dir: &Path) -> Profile {
        Profile {
            name: name.to_owned(),
            dir: dir.to_owned(),
        }
    }

    pub(super) fn secrets(&self) -> Secrets {
        Secrets::new(&self.name)
    }

    pub(super) fn account_file(&self) -> PathBuf {
        self.dir.join("account.json")
    }

    pub fn store_file(&self) -> PathBuf {
        self.dir.join("store.sqlite3")
    }
}
