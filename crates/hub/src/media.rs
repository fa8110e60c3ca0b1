//! Inbound media: fetched promptly through the Graph API (media ids expire
//! after 7 days), checked against Meta's SHA-256, kept encrypted. A failed
//! download is retried with backoff and shows its last error on the message;
//! after the last attempt it is marked failed, never silently dropped. An
//! answer that says the media itself is gone or refused (a 404, Meta's
//! "bad parameter") fails it at once, with the HTTP status in the reason.

use crate::AppState;
use crate::repo::{DueMedia, MediaOutcome};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// WhatsApp's largest media (documents) is 100 MB.
pub const MAX_MEDIA_BYTES: u64 = 100 * 1024 * 1024;
pub const MAX_ATTEMPTS: i64 = 10;

/// Whether `bytes` match Meta's `sha256` (base64, as webhooks carry it, or hex).
pub fn digest_matches(expected: Option<&str>, bytes: &[u8]) -> bool {
    let Some(expected) = expected.map(str::trim).filter(|e| !e.is_empty()) else {
        return true;
    };
    let actual = Sha256::digest(bytes);
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(expected)
        .ok()
        .filter(|d| d.len() == 32)
        .or_else(|| hex::decode(expected).ok().filter(|d| d.len() == 32));
    match decoded {
        Some(d) => d == actual.as_slice(),
        // Not a digest we can read: nothing to check against.
        None => true,
    }
}

pub async fn run(state: AppState) {
    loop {
        let now = crate::db::now();
        match state.store.due_media(now, 20).await {
            Ok(due) => {
                for item in due {
                    fetch_one(&state, item).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "media queue could not read the store"),
        }
        let wait = match state.store.next_media_due().await {
            Ok(Some(at)) => Duration::from_secs((at - crate::db::now()).clamp(0, 60) as u64),
            _ => Duration::from_secs(60),
        };
        let _ = tokio::time::timeout(
            wait.max(Duration::from_millis(20)),
            state.media_wake.notified(),
        )
        .await;
    }
}

/// Why a download did not work, and whether trying again can help.
struct Failure {
    reason: String,
    permanent: bool,
}

impl From<switchboard_whatsapp::graph::GraphError> for Failure {
    fn from(e: switchboard_whatsapp::graph::GraphError) -> Self {
        use switchboard_whatsapp::graph::{Disposition, GraphError};
        let reason = match &e {
            GraphError::Api { status, .. } => format!("HTTP {status}: {}", e.reason()),
            _ => e.reason(),
        };
        // Missing credentials are mended by an admin, after which the same
        // media can be fetched: only errors about the media itself are final.
        let permanent = e.disposition() == Disposition::Fail;
        Failure { reason, permanent }
    }
}

impl Failure {
    fn permanent(reason: String) -> Self {
        Failure {
            reason,
            permanent: true,
        }
    }
}

async fn fetch_one(state: &AppState, item: DueMedia) {
    let attempt = item.attempts + 1;
    let result = async {
        let info = state.graph.media_info(&item.media_id).await?;
        if info.file_size > MAX_MEDIA_BYTES {
            return Err(Failure::permanent(format!(
                "the media is {} bytes, over the {MAX_MEDIA_BYTES}-byte limit",
                info.file_size
            )));
        }
        let bytes = state.graph.download(&info.url, MAX_MEDIA_BYTES).await?;
        if !digest_matches(
            item.sha256.as_deref().or(Some(info.sha256.as_str())),
            &bytes,
        ) {
            return Err(Failure {
                reason: "the download does not match WhatsApp's SHA-256".to_owned(),
                permanent: false,
            });
        }
        Ok((info.mime_type, bytes))
    }
    .await;
    let outcome = match result {
        Ok((mime_type, bytes)) => MediaOutcome::Ready { mime_type, bytes },
        Err(Failure {
            reason: error,
            permanent: false,
        }) if attempt < MAX_ATTEMPTS => {
            tracing::warn!(message_id = item.message_id, attempt, %error, "media download failed; will retry");
            MediaOutcome::Retry {
                at: crate::db::now() + crate::sender::backoff(attempt),
                error,
            }
        }
        Err(Failure { reason: error, .. }) => {
            tracing::error!(message_id = item.message_id, %error, "media download failed for good");
            MediaOutcome::Failed { error }
        }
    };
    let id = item.message_id;
    match state.store.record_media(id, outcome).await {
        Ok(true) => state.publish().await,
        Ok(false) => {}
        Err(e) => {
            tracing::error!(message_id = id, error = %e, "could not record the media download")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_in_base64_or_hex() {
        let bytes = b"picture";
        let d = Sha256::digest(bytes);
        let b64 = base64::engine::general_purpose::STANDARD.encode(d);
        assert!(digest_matches(Some(&b64), bytes));
        assert!(digest_matches(Some(&hex::encode(d)), bytes));
        assert!(!digest_matches(Some(&b64), b"tampered"));
        assert!(digest_matches(None, bytes), "nothing to check against");
    }
}
