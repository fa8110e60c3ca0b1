//! How the hub refuses: the error body every HTTP client and the UI see,
//! and the codes that mean a token no longer works.

use serde::{Deserialize, Serialize};

/// Errors as every HTTP client and the UI see them: no internals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The codes with which the hub itself refuses a token (HTTP 401 with
/// `{code, message, request_id}`). Only these mean "this desktop may read
/// nothing any more": a desktop erases its local copy on one of them, never on
/// a bare 401 (which a proxy in front of the hub may answer for its own
/// reasons). A request without any token is plain `unauthorized`.
pub mod auth_codes {
    /// The hub has no such token (never issued, or from another hub).
    pub const TOKEN_UNKNOWN: &str = "token_unknown";
    pub const TOKEN_REVOKED: &str = "token_revoked";
    pub const TOKEN_EXPIRED: &str = "token_expired";
    pub const AGENT_DISABLED: &str = "agent_disabled";
    /// No bearer token at all.
    pub const UNAUTHORIZED: &str = "unauthorized";

    /// Whether `code` is the hub's own word that a token no longer works.
    pub fn is_revocation(code: &str) -> bool {
        [TOKEN_UNKNOWN, TOKEN_REVOKED, TOKEN_EXPIRED, AGENT_DISABLED].contains(&code)
    }
}
