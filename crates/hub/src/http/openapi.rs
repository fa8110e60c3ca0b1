//! The hub's API as an OpenAPI 3.1 document, generated from the handlers'
//! `#[utoipa::path]` attributes and the request and answer types, served
//! at `/v1/openapi.json`. `tests/api/openapi.rs` checks that every route of
//! the router is in it and that every example fits its schema.

use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard hub",
        description = "The team server of Switchboard: WhatsApp Business webhooks in, the desktops' API out. Every refusal is `{code, message, request_id}` (ApiError).",
        license(name = "see the repository"),
    ),
    tags(
        (name = "desktop", description = "What the desktop app uses"),
        (name = "admin", description = "Agents, tokens, audit, GDPR (admins)"),
        (name = "webhooks", description = "Meta's Cloud API calls these"),
        (name = "operations", description = "Health, readiness, metrics"),
    )
)]
struct ApiDoc;

/// Agents' tokens, as `Authorization: Bearer <token>`.
fn add_bearer(openapi: &mut utoipa::openapi::OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
}

/// The refusals every API route can give, added here to each operation they
/// apply to rather than written on every handler (a handler's own entry
/// for the same status, with its example, stays): 401 and 403 (a token, a
/// role or assignment, a browser's origin) wherever a token is needed, 400
/// where there is a path, query or body to parse, 404 where the path names
/// something. All are `ApiError`.
fn add_refusals(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let refusal = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build()
    };
    for (path, item) in openapi.paths.paths.iter_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            if operation.security.is_none() {
                continue;
            }
            let parses = path.contains('{')
                || operation.request_body.is_some()
                || operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let mut add = |status: &str, description: &str| {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| refusal(description).into());
            };
            if parses {
                add("400", "the request does not parse or breaks a rule");
            }
            add("401", "no valid token");
            add(
                "403",
                "the caller's role or assignment does not allow it (or a browser sent it)",
            );
            if path.contains('{') {
                add(
                    "404",
                    "no such conversation, message or agent (or not visible to the caller)",
                );
            }
        }
    }
}

/// The document: every route's own description (each registered with its
/// route in `http/`), the refusals they share, the hub's version. Made
/// once, at the first request for it.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = super::described().into_openapi();
        add_bearer(&mut doc);
        add_refusals(&mut doc);
        doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
        doc
    })
}

/// The document's frame: its title, description and tags (the paths come
/// from the routers).
pub(super) fn frame() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
