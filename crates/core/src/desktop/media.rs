//! Messages' files: fetched from the hub once and kept in the encrypted
//! store (readable offline), within the user's download limit and Meta's
//! size limits, and saved where the user keeps files under a safe name.

use super::Desktop;
use crate::error::{CoreError, Result};

/// The download limit until the user sets one: 25 MB.
pub const DEFAULT_DOWNLOAD_CAP: i64 = 25_000_000;

impl Desktop {
    /// An image of a message, from the local cache or fetched from the hub
    /// once (then readable offline). Only images up to 5 MB are shown.
    pub async fn media(&self, message_id: i64) -> Result<(String, Vec<u8>)> {
        if let Some(cached) = self.store.cached_media(message_id)? {
            return Ok(cached);
        }
        let (_, state, mime, size, kind) = self.store.media_facts(message_id)?;
        if state.as_deref() != Some("ready") {
            return Err(CoreError::Invalid("this message has no downloaded media"));
        }
        // Pictures are small and kept for offline reading; anything else
        // larger than the user's limit waits for them to raise it.
        let cap = self.download_cap()?;
        if !matches!(kind.as_str(), "image" | "sticker")
            && let Some(size) = size.filter(|s| *s > cap)
        {
            return Err(CoreError::OverCap(size, cap));
        }
        let (mime, bytes) = self
            .client
            .media(message_id, media_limit(mime.as_deref().unwrap_or_default()))
            .await?;
        self.store.cache_media(message_id, &mime, &bytes)?;
        Ok((mime, bytes))
    }

    /// Saves a message's file into `folder` under the name the sender gave
    /// it (made safe: no folders, no control characters), never over an
    /// existing file, readable by this user only. Returns where it went.
    pub async fn save_media(
        &self,
        message_id: i64,
        folder: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let given = self.store.file_name(message_id)?;
        let (mime, bytes) = self.media(message_id).await?;
        let name = crate::files::safe_file_name(given.as_deref(), &mime, message_id);
        crate::files::write_new(folder, &name, &bytes)
    }

    /// Saves a message's file as `path` (chosen by the user in a save
    /// dialog, which asked before replacing a file), readable by this user
    /// only. Fetched first if it is not in the local copy yet.
    pub async fn save_media_as(&self, message_id: i64, path: &std::path::Path) -> Result<()> {
        let (_, bytes) = self.media(message_id).await?;
        crate::files::replace_private(path, &bytes)
    }

    /// The name a message's file is offered under when it is saved.
    pub fn media_file_name(&self, message_id: i64) -> Result<String> {
        let given = self.store.file_name(message_id)?;
        let (_, _, mime) = self.store.media_info(message_id)?;
        Ok(crate::files::safe_file_name(
            given.as_deref(),
            mime.as_deref().unwrap_or_default(),
            message_id,
        ))
    }

    /// The largest document, audio or video fetched without asking (bytes).
    pub fn download_cap(&self) -> Result<i64> {
        Ok(self
            .store
            .setting("download_cap")?
            .unwrap_or(DEFAULT_DOWNLOAD_CAP))
    }

    /// Sets the download limit: 1 MB to 100 MB (WhatsApp's largest file).
    pub fn set_download_cap(&self, bytes: i64) -> Result<()> {
        if !(1_000_000..=100_000_000).contains(&bytes) {
            return Err(CoreError::Invalid(
                "the download limit is between 1 MB and 100 MB",
            ));
        }
        self.store.set_setting("download_cap", bytes)
    }
}

/// Meta's size limits per media type (WHATSAPP.md): what the hub may
/// answer for one message's file.
fn media_limit(mime: &str) -> usize {
    const MB: usize = 1024 * 1024;
    match mime.split('/').next().unwrap_or_default() {
        "image" => 5 * MB,
        "audio" | "video" => 16 * MB,
        _ => 100 * MB,
    }
}
