//! Authentication as a type: a handler that takes [`Caller`] cannot run for a
//! request without a valid token, so no route can forget the check.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::AppState;
use crate::error::AppError;
use crate::store::{self, AgentRow};

/// The authenticated agent behind a request.
#[derive(Debug, Clone)]
pub struct Caller(pub AgentRow);

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(AppError::unauthorized)?
            .to_owned();
        let outcome = state.store.call(move |conn, _| store::authenticate(conn, &token)).await?;
        match outcome {
            Ok(agent) => Ok(Caller(agent)),
            Err(why) => {
                tracing::info!(?why, "authentication refused");
                Err(AppError::unauthorized())
            }
        }
    }
}
