//! The HTTP surface: Meta's webhook and the desktops' API
//! (docs/architecture.md). One file per resource, each with its `routes()`:
//! every route is registered once, with its OpenAPI description
//! (utoipa-axum's `OpenApiRouter`), so the router and `/v1/openapi.json`
//! cannot disagree. Handlers are short: check the caller, call the store
//! (or a rule such as `send_policy`), map the error.

mod agents;
mod bulk;
mod conversations;
mod extract;
mod feed;
mod guard;
mod labels;
mod macros;
mod media;
mod messages;
pub mod openapi;
mod ops;
mod presence;
mod records;
mod reports;
mod sla;
mod teams;
mod webhook;

pub use extract::{ApiJson, ApiPath, ApiQuery};

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use utoipa_axum::router::OpenApiRouter;

/// Every route with its description, in the groups whose layers differ.
struct Surface {
    /// Meta's deliveries: the webhook allowlist, then the body.
    webhook: OpenApiRouter<AppState>,
    /// The desktops' API: the guard, a caller, then the body.
    api: OpenApiRouter<AppState>,
    /// Files arrive streamed, a chunk at a time (never the whole body
    /// before the handler), so this group has no body-reading layer.
    uploads: OpenApiRouter<AppState>,
    /// Health, readiness and this description: open to all.
    ops: OpenApiRouter<AppState>,
    /// Prometheus text: the metrics allowlist.
    metrics: OpenApiRouter<AppState>,
}

fn surface() -> Surface {
    Surface {
        webhook: webhook::routes(),
        api: OpenApiRouter::new()
            .merge(agents::routes())
            .merge(feed::routes())
            .merge(conversations::routes())
            .merge(bulk::routes())
            .merge(messages::routes())
            .merge(presence::routes())
            .merge(media::routes())
            .merge(labels::routes())
            .merge(teams::routes())
            .merge(sla::routes())
            .merge(macros::routes())
            .merge(reports::routes())
            .merge(records::routes()),
        uploads: media::upload_routes(),
        ops: ops::routes(),
        metrics: ops::metrics_routes(),
    }
}

/// Every route and its description, without the layers (for the document).
fn described() -> OpenApiRouter<AppState> {
    let s = surface();
    OpenApiRouter::with_openapi(openapi::frame())
        .merge(s.webhook)
        .merge(s.api)
        .merge(s.uploads)
        .merge(s.ops)
        .merge(s.metrics)
}

pub fn app(state: AppState) -> Router {
    let s = surface();
    // `route_layer`s run only for routes that matched (an unknown path is a
    // plain 404 and never counts as a failed sign-in), last added first.
    let webhook = s
        .webhook
        .route_layer(from_fn_with_state(state.clone(), guard::read_webhook_body))
        .route_layer(from_fn_with_state(state.clone(), guard::webhook_allowlist));
    // The guard, then authentication, then (only for a known caller) the body.
    let api = s
        .api
        .route_layer(from_fn_with_state(state.clone(), guard::read_api_body))
        .route_layer(from_fn_with_state(
            state.clone(),
            crate::auth::require_caller,
        ))
        .route_layer(from_fn_with_state(state.clone(), guard::api_guard));
    let uploads = s
        .uploads
        .route_layer(from_fn_with_state(
            state.clone(),
            crate::auth::require_caller,
        ))
        .route_layer(from_fn_with_state(state.clone(), guard::api_guard));
    let ops = s.ops.merge(
        s.metrics
            .route_layer(from_fn_with_state(state.clone(), guard::metrics_allowlist)),
    );
    let largest = state
        .limits
        .config
        .webhook_body_max
        .max(state.limits.config.api_body_max);
    let (router, _) = OpenApiRouter::new()
        .merge(webhook)
        .merge(api)
        .merge(uploads)
        .merge(ops)
        .split_for_parts();
    router
        .fallback(|| async {
            AppError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
        })
        .method_not_allowed_fallback(|| async {
            AppError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(largest))
        .layer(from_fn_with_state(state.clone(), guard::observe))
        .layer(from_fn_with_state(state.clone(), guard::kept_slot_guard))
        .layer(from_fn_with_state(state.clone(), guard::client_address))
        .with_state(state)
}

/// An admin's change to how service is given (a service-level policy, a
/// macro, an inbox's hours and automatic replies), audited; `what` names
/// the subject of a 404. The desktops are told (their lists).
async fn service_change(
    state: &AppState,
    caller: &crate::auth::Caller,
    change: crate::db::types::ServiceChange,
    what: &str,
) -> Result<i64, AppError> {
    use crate::error::OrMissing;
    caller.require(switchboard_protocol::Permission::Manage)?;
    let id = state
        .store
        .change_service(change, caller.id())
        .await
        .or_missing(what)?;
    state.publish().await;
    Ok(id)
}
