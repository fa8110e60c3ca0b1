//! One error type for every HTTP answer: `{code, message, request_id}` for the
//! client, the cause in the log under the same request id.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use switchboard_protocol::{ApiError, auth_codes};

use crate::repo::StoreError;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Logged, never shown.
    pub cause: Option<String>,
    /// Seconds, for 429.
    pub retry_after: Option<u64>,
    /// Close the connection after answering (the rest of the body is not read).
    pub close: bool,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            code,
            message: message.into(),
            cause: None,
            retry_after: None,
            close: false,
        }
    }

    pub fn too_many(retry_after: u64) -> AppError {
        AppError {
            retry_after: Some(retry_after),
            ..AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests: try again later",
            )
        }
    }

    /// 503 `busy`: a bound the hub keeps is reached; try again after
    /// `retry_after` seconds.
    pub fn busy(message: &'static str, retry_after: u64) -> AppError {
        AppError {
            retry_after: Some(retry_after),
            ..AppError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message)
        }
    }

    /// 503 `unavailable`: the store cannot be reached or could not
    /// commit now; the request may be sent again after `Retry-After`.
    fn unavailable(cause: StoreError) -> AppError {
        AppError {
            cause: Some(cause.to_string()),
            retry_after: Some(5),
            ..AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the hub's store cannot be reached now: try again shortly",
            )
        }
    }

    /// A write the store could not make (the database down or cut off, a
    /// commit that failed, or the database refusing it): 503 with
    /// `Retry-After` in every case, so a sender that retries (Meta does,
    /// for days) sends it again. Anything else keeps its own answer.
    pub fn store_unavailable(e: StoreError) -> AppError {
        match e {
            StoreError::Backend(_) | StoreError::Join => AppError::unavailable(e),
            other => other.into(),
        }
    }

    pub fn unauthorized() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            auth_codes::UNAUTHORIZED,
            "a valid bearer token is required",
        )
    }

    /// The hub's own, explicit refusal of a token: desktops erase their local
    /// copy on these codes only.
    pub fn token_refused(why: crate::repo::TokenRejection) -> AppError {
        use crate::repo::TokenRejection as R;
        let (code, message) = match why {
            R::Unknown => (
                auth_codes::TOKEN_UNKNOWN,
                "this hub does not know the token",
            ),
            R::Revoked => (auth_codes::TOKEN_REVOKED, "the token was revoked"),
            R::Expired => (auth_codes::TOKEN_EXPIRED, "the token has expired"),
            R::AgentDisabled => (auth_codes::AGENT_DISABLED, "the agent was disabled"),
        };
        AppError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(message: &str) -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found() -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "not_found", "no such conversation")
    }

    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        AppError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "the hub could not complete the request".into(),
            cause: Some(cause.to_string()),
            retry_after: None,
            close: false,
        }
    }
}

/// Names what was not found, for handlers whose subject is not a
/// conversation (an agent, a token, a label, a canned reply).
pub trait OrMissing<T> {
    fn or_missing(self, what: &str) -> Result<T, AppError>;
}

impl<T> OrMissing<T> for Result<T, StoreError> {
    fn or_missing(self, what: &str) -> Result<T, AppError> {
        self.map_err(|e| match e {
            StoreError::NotFound => AppError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no such {what}"),
            ),
            other => other.into(),
        })
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::not_found(),
            StoreError::Conflict(why) => AppError::new(StatusCode::CONFLICT, "conflict", why),
            StoreError::Clash(code, why) => AppError::new(StatusCode::CONFLICT, code, why),
            StoreError::Held(name) => AppError::new(
                StatusCode::CONFLICT,
                "already_assigned",
                format!("{name} already holds this conversation"),
            ),
            StoreError::Invalid(code, why) => {
                AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, why)
            }
            // The database away: the request may be sent again (the
            // desktops and Meta do), so say 503 and when, not 500.
            e @ (StoreError::Unavailable(_) | StoreError::WriterGone | StoreError::Commit(_)) => {
                AppError::unavailable(e)
            }
            other => AppError::internal(other),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let request_id = uuid::Uuid::new_v4().simple().to_string();
        match &self.cause {
            Some(cause) => tracing::error!(request_id, code = self.code, %cause, "request failed"),
            None => {
                tracing::info!(request_id, code = self.code, status = %self.status, "request refused")
            }
        }
        let body = ApiError {
            code: self.code.to_owned(),
            message: self.message,
            request_id: Some(request_id),
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.close {
            response.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
        }
        if let Some(secs) = self.retry_after
            && let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }
}
