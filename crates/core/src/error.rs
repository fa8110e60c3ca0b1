use serde::Serialize;

/// Everything the desktop core can fail with. [`CoreError::to_ui`] turns it
/// into the `{code, message}` the UI sees, without internals.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(
        "the local store could not be opened with the key in the keyring (wrong key or not a Switchboard store)"
    )]
    WrongKey,
    /// The profile's local copy cannot be opened (its key is gone from the
    /// keyring, or the file is damaged). It can be rebuilt from the hub; the
    /// damaged file is kept aside, never deleted without the user.
    #[error(
        "the local copy of your conversations cannot be opened ({0}). Rebuild it from the hub: the damaged file is kept aside"
    )]
    StoreDamaged(&'static str),
    #[error("local store: {0}")]
    Store(#[from] rusqlite::Error),
    #[error("{0}")]
    Keyring(KeyringFault),
    #[error("this desktop is not signed in to a hub")]
    NotSignedIn,
    /// The hub itself said the token no longer works (one of
    /// [`switchboard_protocol::auth_codes`]); the local copy was erased.
    #[error(
        "the hub no longer accepts this desktop's token ({0}): the local copy was erased; sign in again"
    )]
    SignedOut(String),
    #[error("the hub could not be reached: {0}")]
    Offline(String),
    #[error("the hub refused the request: {message}")]
    Hub {
        status: u16,
        code: String,
        message: String,
    },
    #[error("{0}")]
    Invalid(&'static str),
    /// A file WhatsApp would not take (its type or size; the limit named).
    #[error("{0}")]
    Attachment(switchboard_protocol::FileRefusal),
    /// A file larger than the user's download limit (bytes: size, limit).
    #[error(
        "this file is {} MB, over your download limit of {} MB: raise the limit to fetch it",
        mb(*.0 as f64),
        mb(*.1 as f64)
    )]
    OverCap(i64, i64),
    #[error("not found")]
    NotFound,
    /// Signing out would lose replies that have not reached the hub.
    #[error(
        "{0} replies have not reached the hub yet; signing out erases them with the local copy"
    )]
    UnsentReplies(usize),
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
}

/// Why the OS keyring could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringFault {
    #[error(
        "no keyring is available: start a Secret Service (e.g. gnome-keyring) on the session D-Bus"
    )]
    Missing,
    #[error("the keyring is locked or refused access: unlock it and try again")]
    Locked,
    #[error("the store key in the keyring is damaged")]
    Damaged,
    /// The keyring's own words, for the log.
    #[error("the keyring failed: {0}")]
    Failed(String),
}

/// The error as the UI receives it.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct UiError {
    pub code: String,
    pub message: String,
}

impl CoreError {
    pub fn code(&self) -> &str {
        match self {
            CoreError::WrongKey => "store_key",
            CoreError::StoreDamaged(_) => "store_damaged",
            CoreError::Store(_) | CoreError::Io(_) => "store",
            CoreError::Keyring(_) => "keyring",
            CoreError::NotSignedIn => "not_signed_in",
            CoreError::SignedOut(_) => "signed_out",
            CoreError::Offline(_) => "offline",
            CoreError::Hub { code, .. } => code,
            CoreError::Invalid(_) => "invalid",
            CoreError::Attachment(_) => "attachment",
            CoreError::OverCap(..) => "download_cap",
            CoreError::NotFound => "not_found",
            CoreError::UnsentReplies(_) => "unsent_replies",
        }
    }

    /// The error for the app: in the agent's language (the `Display` stays
    /// English, for the log), internals left out. A hub's refusal keeps the
    /// hub's words; the app says it by its code.
    pub fn to_ui(&self) -> UiError {
        use crate::i18n::{Arg, decimal, text};
        let message = match self {
            // Internals stay in the log.
            CoreError::Store(_) | CoreError::Io(_) => {
                tracing::error!(error = %self, "local store failure");
                text("core-error-store", &[])
            }
            CoreError::WrongKey => text("core-error-store-key", &[]),
            CoreError::StoreDamaged(_) => text("core-error-store-damaged", &[]),
            CoreError::Keyring(fault) => {
                if let KeyringFault::Failed(_) = fault {
                    tracing::error!(error = %self, "keyring failure");
                }
                text(
                    match fault {
                        KeyringFault::Missing => "core-error-keyring-missing",
                        KeyringFault::Locked => "core-error-keyring-locked",
                        KeyringFault::Damaged => "core-error-keyring-damaged",
                        KeyringFault::Failed(_) => "core-error-keyring-failed",
                    },
                    &[],
                )
            }
            CoreError::NotSignedIn => text("core-error-not-signed-in", &[]),
            CoreError::SignedOut(_) => text("core-error-signed-out", &[]),
            CoreError::Offline(_) => text("core-error-offline", &[]),
            CoreError::Hub { message, .. } => message.clone(),
            CoreError::Invalid(m) => crate::i18n::refusal(m),
            CoreError::Attachment(why) => file_refusal(why),
            CoreError::OverCap(size, cap) => text(
                "core-error-download-cap",
                &[
                    ("size", Arg::Text(&decimal(&mb(*size as f64)))),
                    ("limit", Arg::Text(&decimal(&mb(*cap as f64)))),
                ],
            ),
            CoreError::NotFound => text("core-error-not-found", &[]),
            CoreError::UnsentReplies(n) => {
                text("core-error-unsent-replies", &[("count", Arg::Count(*n))])
            }
        };
        UiError {
            code: self.code().to_owned(),
            message,
        }
    }
}

/// A file refusal in the agent's language.
fn file_refusal(why: &switchboard_protocol::FileRefusal) -> String {
    use crate::i18n::{Arg, decimal, text};
    use switchboard_protocol::FileRefusal as F;
    match why {
        F::UnsupportedType(mime) => text("file-unsupported-type", &[("type", Arg::Text(mime))]),
        // Said as the core's own refusals are (`refusals.ftl`).
        F::Empty | F::HiddenCharacters | F::Program => crate::i18n::refusal(&why.to_string()),
        F::TooLarge {
            size,
            kind,
            max_bytes,
        } => {
            let limit = decimal(&mb(*max_bytes as f64));
            let kind = Arg::Text(kind);
            match size {
                Some(n) => text(
                    "file-too-large",
                    &[
                        ("size", Arg::Text(&decimal(&mb_over(*n)))),
                        ("kind", kind),
                        ("limit", Arg::Text(&limit)),
                    ],
                ),
                None => text(
                    "file-too-large-arriving",
                    &[("kind", kind), ("limit", Arg::Text(&limit))],
                ),
            }
        }
        F::WrongEnding { mime, endings } => {
            let endings = endings
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ");
            text(
                "file-wrong-ending",
                &[("type", Arg::Text(mime)), ("endings", Arg::Text(&endings))],
            )
        }
        F::NotItsType(mime) => text("file-not-its-type", &[("type", Arg::Text(mime))]),
    }
}

/// Bytes as megabytes with one decimal (decimal megabytes, as WhatsApp counts).
fn mb(bytes: f64) -> String {
    format!("{:.1}", bytes / 1_000_000.0)
        .trim_end_matches(".0")
        .to_owned()
}

/// A size over a limit in megabytes, rounded up to a tenth: a file one
/// byte over 5 MB is "5.1", never "5" beside "at most 5".
fn mb_over(bytes: u64) -> String {
    let tenths = (bytes as f64 / 100_000.0).ceil() / 10.0;
    format!("{tenths:.1}").trim_end_matches(".0").to_owned()
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::FileRefusal;

    /// Each error reaches the app as its catalogue's sentence (English
    /// here: no test of this crate chooses another language), its
    /// internals left out.
    #[test]
    fn the_app_gets_each_error_from_the_catalogue() {
        let said = |e: CoreError| e.to_ui().message;
        assert_eq!(
            said(CoreError::Attachment(FileRefusal::TooLarge {
                size: Some(20_500_000),
                kind: "video",
                max_bytes: 16_000_000,
            })),
            "the file is 20.5 MB; WhatsApp takes videos of at most 16 MB"
        );
        assert_eq!(
            said(CoreError::Attachment(FileRefusal::TooLarge {
                size: Some(5_000_001),
                kind: "image",
                max_bytes: 5_000_000,
            })),
            "the file is 5.1 MB; WhatsApp takes images of at most 5 MB",
            "one byte over reads as over"
        );
        assert_eq!(
            said(CoreError::Attachment(FileRefusal::Program)),
            "the file is a program, not a document or media: it is not sent"
        );
        assert_eq!(
            said(CoreError::UnsentReplies(1)),
            "1 reply has not reached the hub yet; signing out erases it with the local copy"
        );
        assert_eq!(
            said(CoreError::Keyring(KeyringFault::Failed(
                "dbus: secret".into()
            ))),
            "the keyring failed; see the log",
            "the keyring's own words stay in the log"
        );
        assert_eq!(
            CoreError::Keyring(KeyringFault::Locked).to_ui().code,
            "keyring"
        );
    }
}
