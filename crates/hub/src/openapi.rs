//! The hub's API as an OpenAPI 3.1 document, generated from the handlers'
//! `#[utoipa::path]` attributes and the request and answer types, served
//! at `/v1/openapi.json`. `tests/openapi.rs` checks that every route of
//! the router is in it and that every example fits its schema.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard hub",
        description = "The team server of Switchboard: WhatsApp Business webhooks in, the desktops' API out. Every refusal is `{code, message, request_id}` (ApiError).",
        license(name = "see the repository"),
    ),
    paths(
        crate::routes::verify_subscription,
        crate::routes::receive_webhook,
        crate::routes::me,
        crate::routes::changes,
        crate::routes::events,
        crate::routes::send_message,
        crate::routes::assign,
        crate::routes::set_status,
        crate::routes::mark_read,
        crate::routes::mark_unread,
        crate::routes::message_media,
        crate::routes::list_agents,
        crate::routes::create_agent,
        crate::routes::update_agent,
        crate::routes::list_tokens,
        crate::routes::issue_token,
        crate::routes::revoke_tokens,
        crate::routes::revoke_token,
        crate::routes::templates,
        crate::routes::export_contact,
        crate::routes::erase_contact,
        crate::routes::audit_log,
        crate::routes::quarantine,
        crate::routes::healthz,
        crate::routes::ready,
        crate::routes::metrics,
        crate::routes::openapi,
    ),
    modifiers(&Bearer),
    tags(
        (name = "desktop", description = "What the desktop app uses"),
        (name = "admin", description = "Agents, tokens, audit, GDPR (admins)"),
        (name = "webhooks", description = "Meta's Cloud API calls these"),
        (name = "operations", description = "Health, readiness, metrics"),
    )
)]
struct ApiDoc;

/// Agents' tokens, as `Authorization: Bearer <token>`.
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document, with the hub's version.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}
