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
    Keyring(String),
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
    Attachment(String),
    /// A file larger than the user's download limit (bytes: size, limit).
    #[error(
        "this file is {} MB, over your download limit of {} MB: raise the limit to fetch it",
        mb(*.0),
        mb(*.1)
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

    pub fn to_ui(&self) -> UiError {
        let message = match self {
            // Internals stay in the log.
            CoreError::Store(_) | CoreError::Io(_) => {
                tracing::error!(error = %self, "local store failure");
                "the local store failed; see the log".to_owned()
            }
            CoreError::Offline(_) => {
                "the hub cannot be reached; you are working offline".to_owned()
            }
            CoreError::Hub { message, .. } => message.clone(),
            // In the agent's language (its `Display` stays English).
            CoreError::Invalid(m) => crate::i18n::refusal(m),
            other => other.to_string(),
        };
        UiError {
            code: self.code().to_owned(),
            message,
        }
    }
}

/// Bytes as megabytes with one decimal (decimal megabytes, as WhatsApp counts).
fn mb(bytes: i64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
        .trim_end_matches(".0")
        .to_owned()
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
