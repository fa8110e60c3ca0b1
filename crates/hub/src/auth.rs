//! Authentication and authorization as types: a handler that takes [`Caller`]
//! cannot run without a valid token, and [`Caller::require`] names the
//! permission an action needs, from the explicit sets in the protocol crate.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};
use switchboard_protocol::{
    Conversation, Permission, may_claim, may_manage, may_note, may_read, may_reply,
};

use crate::AppState;
use crate::error::AppError;
use crate::queries::agents::hash_token;
use crate::repo::AgentRow;

/// The authenticated agent behind a request.
#[derive(Debug, Clone)]
pub struct Caller(pub AgentRow);

/// The token a request was authenticated with, as its SHA-256 (the secret
/// itself is not kept past the gate). Event streams re-check it.
#[derive(Clone)]
pub struct Credential {
    pub token_hash: Vec<u8>,
}

/// The client's address as the hub judges it: the peer, or the client a
/// trusted proxy names (see [`crate::limits::client_ip`]). Set for every
/// request by the router's outermost layer.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

/// The client's address, when the server knows it.
pub fn client_ip(parts: &Parts) -> Option<IpAddr> {
    match parts.extensions.get::<ClientIp>() {
        Some(ClientIp(ip)) => *ip,
        None => parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip()),
    }
}

/// The API's gate: every `/v1` request passes here (a layer on the whole API
/// router, so no route can skip it). It authenticates once, applies the rate
/// limits, and leaves the [`Caller`] in the request for the handler.
pub async fn require_caller(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (mut parts, body) = req.into_parts();
    match authenticate(&mut parts, &state).await {
        Ok((caller, credential)) => {
            parts.extensions.insert(caller);
            parts.extensions.insert(credential);
            next.run(axum::extract::Request::from_parts(parts, body))
                .await
        }
        Err(e) => e.into_response(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    /// Handlers take the caller the gate left; a handler mounted outside the
    /// gate gets 401, never an unchecked request.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Caller, AppError> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(AppError::unauthorized)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Credential {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Credential, AppError> {
        parts
            .extensions
            .get::<Credential>()
            .cloned()
            .ok_or_else(AppError::unauthorized)
    }
}

/// A valid token always passes (then only its own request budget applies):
/// an office behind one address is never locked out by someone else's
/// failures there. Only requests *without* a valid token are refused once
/// their address has failed too often. Tokens are 256 random bits, so
/// answering a blocked address's valid token reveals nothing guessable.
/// The SHA-256 of the request's bearer token, if it carries one of a
/// plausible length (the store keeps tokens by this hash).
pub fn bearer_hash(headers: &axum::http::HeaderMap) -> Option<Vec<u8>> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
        .map(hash_token)
}

async fn authenticate(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(Caller, Credential), AppError> {
    let ip = client_ip(parts);
    let token_hash = bearer_hash(&parts.headers);
    let outcome = match token_hash.clone() {
        Some(hash) => state.store.authenticate(hash).await?,
        None => Err(crate::repo::TokenRejection::Unknown),
    };
    match (outcome, token_hash) {
        (Ok(agent), Some(token_hash)) => {
            if let Err(wait) = state.limits.token_request(&token_hash) {
                state.metrics.rate_limited("token");
                return Err(AppError::too_many(wait));
            }
            Ok((Caller(agent), Credential { token_hash }))
        }
        (outcome, token_hash) => {
            if let Some(wait) = ip.and_then(|ip| state.limits.auth_blocked(ip)) {
                state.metrics.rate_limited("auth");
                return Err(AppError::too_many(wait));
            }
            let why = outcome.err();
            tracing::info!(?why, "authentication refused");
            state.metrics.failed_login();
            if let Some(ip) = ip {
                state.limits.auth_failed(ip);
            }
            match (why, token_hash) {
                (Some(why), Some(_)) => Err(AppError::token_refused(why)),
                _ => Err(AppError::unauthorized()),
            }
        }
    }
}

/// What a request wants to do with a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Reply,
    /// Resolve, reopen, mark read: the holder or an admin.
    Manage,
    /// Leave a private note: agents and admins, on what they may read.
    Note,
}

impl Caller {
    pub fn id(&self) -> i64 {
        self.0.id
    }

    /// Refuses with 403 unless the role has `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.0.role.allows(permission) {
            Ok(())
        } else {
            Err(AppError::forbidden("your role does not allow this"))
        }
    }

    /// Checks `access` to `c`: 404 when the caller may not even see it (so its
    /// existence does not leak), 403 when it may see but not act.
    pub fn check(&self, c: &Conversation, access: Access) -> Result<(), AppError> {
        let (who, place) = (self.0.who(), c.place());
        if !may_read(who, place) {
            return Err(AppError::not_found());
        }
        let ok = match access {
            Access::Read => true,
            Access::Reply => may_reply(who, place),
            Access::Manage => may_manage(who, place),
            Access::Note => may_note(who, place),
        };
        if ok {
            Ok(())
        } else if may_claim(who, place) {
            Err(AppError::forbidden("claim the conversation first"))
        } else {
            Err(AppError::forbidden(
                "this conversation is not yours to act on",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    /// A handler mounted without the gate cannot run: the extractor has no caller.
    #[tokio::test]
    async fn a_route_outside_the_gate_is_refused() {
        async fn handler(Caller(agent): Caller) -> String {
            agent.name
        }
        let router: axum::Router = axum::Router::new().route("/x", axum::routing::get(handler));
        let req = Request::get("/x")
            .header("authorization", "Bearer anything")
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let r = router.oneshot(req).await.unwrap_or_else(|e| match e {});
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
}
