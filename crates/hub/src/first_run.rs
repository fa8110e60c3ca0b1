//! `switchboard-hub init`: a new hub's first run. It makes the store,
//! the content key (unless one is given) and the first admin, and refuses
//! a store that already has people in it: the one command that may make
//! a store besides `serve`.

use crate::backend::{self, Location};
use crate::crypto::Keyring;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use switchboard_protocol::Role;
use zeroize::Zeroizing;

/// The new content key's file in the data folder, unless `--key-file` says otherwise.
pub const KEY_FILE: &str = "content.key";

/// What `init` was asked to make.
pub struct Init {
    /// The first admin's name.
    pub admin: String,
    /// Where to write a new content key; `<data folder>/content.key` when
    /// not given. Unused when the settings already hold a key.
    pub key_file: Option<PathBuf>,
    /// Days the admin's first token lives.
    pub days: i64,
}

/// What `init` made.
pub struct Initialised {
    pub agent_id: i64,
    pub token: String,
    /// The new key's file, when `init` made the key.
    pub key_file: Option<PathBuf>,
}

/// Makes the hub at `location` ready: see the module's comment.
pub async fn init(location: &Location, data_dir: &Path, init: Init) -> anyhow::Result<Initialised> {
    let given = crate::config::secret("SWITCHBOARD_CONTENT_KEY")?.is_some();
    let (keys, new_key) = if given {
        (crate::config::content_keys()?, None)
    } else {
        let key: [u8; 32] = rand::random();
        let file = init
            .key_file
            .clone()
            .unwrap_or_else(|| data_dir.join(KEY_FILE));
        if file.exists() {
            anyhow::bail!(
                "{} already exists: start from it (SWITCHBOARD_CONTENT_KEY_FILE={}) or move it away",
                file.display(),
                file.display()
            );
        }
        (
            Keyring::new(1, key),
            Some((file, Zeroizing::new(hex::encode(key)))),
        )
    };
    let store = backend::open(location, keys).await?;
    let people = store.list_agents().await?.len();
    if people > 0 {
        anyhow::bail!(
            "this hub is already set up ({people} people in its store); add more with `switchboard-hub agent add`"
        );
    }
    // A store that already holds history (a hub served before anyone was
    // added) was sealed under some key: a new one would leave it unreadable.
    if new_key.is_some() && store.latest_seq().await? > 0 {
        anyhow::bail!(
            "this store already holds messages, sealed under the content key it was served with: set SWITCHBOARD_CONTENT_KEY_FILE to that key and run init again"
        );
    }
    let key_file = match new_key {
        Some((file, hex_key)) => {
            write_private(&file, hex_key.as_bytes())?;
            Some(file)
        }
        None => None,
    };
    let (agent_id, token) = store
        .create_agent(init.admin, Role::Admin, init.days, None)
        .await?;
    Ok(Initialised {
        agent_id,
        token,
        key_file,
    })
}

/// Writes a new file that only its owner can read, never over an old one.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    file.write_all(bytes)?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    Ok(())
}
