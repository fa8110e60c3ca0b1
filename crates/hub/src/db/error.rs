//! The storage seam's one error type: what went wrong, with no backend's
//! own error type in it (each backend turns its errors into
//! [`StoreError::Backend`]).

use crate::crypto::CryptoError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed (its own message, for the log only).
    #[error("database: {0}")]
    Backend(String),
    /// The database cannot be reached now (down, restarting, cut off): a
    /// retry later may succeed.
    #[error("database: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The request clashes with what the store holds in a way a client
    /// tells apart (code, message): a name already taken, the last admin.
    #[error("conflict: {1}")]
    Clash(&'static str, &'static str),
    /// A claim lost the race: the conversation is held by this agent (name).
    #[error("already held by {0}")]
    Held(String),
    /// The request breaks a rule of the data (code, message for the client).
    #[error("{1}")]
    Invalid(&'static str, &'static str),
    #[error("the store task failed")]
    Join,
    #[error("the commit failed: {0}")]
    Commit(String),
    /// The write was not run: its group commit could not begin (the
    /// database unreachable) or the writer has stopped.
    #[error("the write was not made: the store could not take it")]
    WriterGone,
}
