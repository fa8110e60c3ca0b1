//! A local copy that will not open, made anew: the damaged file is kept
//! aside, the replies still readable in it are carried over, and a fresh
//! store syncs everything again from the hub.

use super::{Desktop, Profile};
use crate::error::{CoreError, Result};
use crate::store::Store;
use std::path::PathBuf;

impl Desktop {
    /// Rebuilds a local copy that cannot be opened: the damaged file is moved
    /// aside (kept, named with the time), replies still readable in its
    /// outbox are carried over, and a fresh store under a new key syncs
    /// everything again from the hub. Needs the profile to be signed in.
    pub fn rebuild(profile: &Profile) -> Result<Desktop> {
        let secrets = profile.secrets();
        if secrets.token()?.is_none() || !profile.account_file().exists() {
            return Err(CoreError::NotSignedIn);
        }
        let old_key = secrets.store_key()?;
        // Kept open while the file is moved aside: queued files are copied
        // from it a chunk at a time.
        let old = Store::open(&profile.store_file(), &old_key).ok();
        let salvaged = old
            .as_ref()
            .and_then(|old| old.outbox().ok())
            .unwrap_or_default();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", profile.store_file().display()));
            if from.exists() {
                let to = profile
                    .dir
                    .join(format!("store.damaged-{stamp}.sqlite3{suffix}"));
                std::fs::rename(&from, &to)?;
            }
        }
        secrets.forget_store_key()?;
        let desktop = Desktop::open(profile)?;
        for entry in &salvaged {
            match (&entry.attachment, &old) {
                (Some(file), Some(old)) => {
                    let restored = desktop.store.queue_attachment_as(
                        &entry.client_message_id,
                        entry.conversation_id,
                        &entry.text,
                        entry.reply_to,
                        &crate::store::QueuedFile {
                            upload_id: None,
                            ..file.clone()
                        },
                        u64::MAX,
                        &mut old.outbox_file(&entry.client_message_id),
                    );
                    if let Err(e) = restored {
                        tracing::warn!(error = %e, "a queued file could not be carried over");
                    }
                }
                // Never a caption sent alone as a text.
                (Some(_), None) => {}
                (None, _) => desktop.store.restore_outbox(entry)?,
            }
        }
        tracing::info!(
            carried = salvaged.len(),
            "local copy rebuilt; the damaged file is kept aside"
        );
        Ok(desktop)
    }
}
