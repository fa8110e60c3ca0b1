//! The OpenAPI document at `/v1/openapi.json` is generated from the code
//! and complete: every route the router has (each registered with its description
//! in `src/http/`) is in it, every route in it answers (no 404 "no such endpoint", no 405),
//! and every example in it, and what the hub really answers on its main
//! reads, fits the schema it illustrates.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};
use switchboard_protocol::Role;

/// The handler of every route registered in `src/http/` (each file's
/// `routes!(…)` lists); none is registered past them with a bare `.route(`,
/// which would leave it out of the document.
fn handlers_in_source() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !src.contains(".route("),
            "{} registers a route without its description",
            file.display()
        );
        for (at, _) in src.match_indices("routes!(") {
            let rest = &src[at + "routes!(".len()..];
            let list = &rest[..rest.find(')').unwrap_or(0)];
            out.extend(list.split(',').map(|h| h.trim().to_owned()));
        }
    }
    out
}

async fn document(state: &switchboard_hub::AppState) -> Value {
    let (status, doc) = call(state, "GET", "/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK, "the document is public");
    doc
}

#[tokio::test]
async fn every_route_is_described_and_every_description_is_a_route() {
    let hub = hub();
    let doc = document(&hub.state).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let handlers = handlers_in_source();
    assert!(
        handlers.len() >= 43,
        "the router's handlers were read: {handlers:?}"
    );
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let mut described = 0;
    for (path, item) in &paths {
        for (method, _) in item.as_object().into_iter().flatten() {
            described += 1;
            let id = item[method]["operationId"].as_str().unwrap_or_default();
            assert!(
                handlers.iter().any(|h| h == id),
                "{method} {path} ({id}) is described but not routed"
            );
            let concrete = path
                .replace("{id}", "1")
                .replace("{token_id}", "1")
                .replace("{wa_id}", "351900000001");
            let (status, body) =
                call(&hub.state, &method.to_uppercase(), &concrete, None, None).await;
            assert!(
                status != StatusCode::METHOD_NOT_ALLOWED
                    && !(status == StatusCode::NOT_FOUND && body["message"] == "no such endpoint"),
                "{method} {path} is not answered by the router: {status} {body}"
            );
        }
    }
    assert_eq!(described, handlers.len(), "one description per route");
}

/// A validator for the schema at `pointer` in the document.
fn validator(doc: &Value, pointer: &str) -> jsonschema::Validator {
    let mut root = doc.clone();
    if let Some(o) = root.as_object_mut() {
        // A JSON pointer in a URI fragment: characters outside the
        // fragment's set percent-encoded (`{id}` becomes `%7Bid%7D`).
        let fragment: String = pointer
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        o.insert("$ref".into(), json!(format!("#{fragment}")));
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema at {pointer} does not compile: {e}"))
}

/// Every example in the document with the pointer of the schema it shows.
fn examples(value: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
    let Some(object) = value.as_object() else {
        if let Some(items) = value.as_array() {
            for (i, v) in items.iter().enumerate() {
                examples(v, &format!("{pointer}/{i}"), out);
            }
        }
        return;
    };
    let schema_like = [
        "type",
        "$ref",
        "properties",
        "oneOf",
        "anyOf",
        "allOf",
        "enum",
    ]
    .iter()
    .any(|k| object.contains_key(*k));
    if let Some(example) = object.get("example") {
        if object.contains_key("schema") {
            out.push((format!("{pointer}/schema"), example.clone()));
        } else if schema_like {
            out.push((pointer.to_owned(), example.clone()));
        }
    }
    if let (Some(list), true) = (
        object.get("examples").and_then(Value::as_array),
        schema_like,
    ) {
        out.extend(list.iter().map(|e| (pointer.to_owned(), e.clone())));
    }
    for (key, v) in object {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        examples(v, &format!("{pointer}/{escaped}"), out);
    }
}

#[tokio::test]
async fn every_example_fits_its_schema() {
    let hub = hub();
    let doc = document(&hub.state).await;
    let mut found = Vec::new();
    examples(&doc, "", &mut found);
    assert!(
        found.len() >= 10,
        "the document has examples: {}",
        found.len()
    );
    for (pointer, example) in &found {
        let v = validator(&doc, pointer);
        let errors: Vec<String> = v.iter_errors(example).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "the example at {pointer} does not fit: {errors:?}\n{example}"
        );
    }
    // The check can fail: a wrong example is caught.
    let send = "/paths/~1v1~1conversations~1{id}~1messages/post/requestBody/content/application~1json/schema";
    assert!(!validator(&doc, send).is_valid(&json!({"client_message_id": 5})));
    assert!(
        !validator(&doc, send).is_valid(&json!({"client_message_id": "a", "agent_id": 2})),
        "unknown fields refused"
    );
}

#[tokio::test]
async fn what_the_hub_answers_fits_the_document() {
    let hub = hub();
    let doc = document(&hub.state).await;
    let (_, admin) = add_agent(&hub, "Ana", Role::Admin);
    assert_eq!(
        post_signed(
            &hub.state,
            &text_webhook("351900000001", "wamid.OA1", "hello")
        )
        .await,
        StatusCode::OK
    );
    for (path, status) in [
        ("/v1/me", "200"),
        ("/v1/changes", "200"),
        ("/v1/agents", "200"),
        ("/v1/templates", "200"),
        ("/v1/audit", "200"),
    ] {
        let (got, body) = call(&hub.state, "GET", path, Some(&admin), None).await;
        assert_eq!(got.as_str(), status, "{path}: {body}");
        let pointer = format!(
            "/paths/{}/get/responses/{status}/content/application~1json/schema",
            path.replace('/', "~1")
        );
        let errors: Vec<String> = validator(&doc, &pointer)
            .iter_errors(&body)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "GET {path} answered outside its schema: {errors:?}\n{body}"
        );
    }
    // Every refusal has the documented error shape: a bad token, a path or
    // a query that does not parse, an unknown field, a body that is no JSON.
    let error = validator(&doc, "/components/schemas/ApiError");
    let refusals = [
        (
            "GET",
            "/v1/me",
            Some("not-a-token"),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "GET",
            "/v1/messages/abc/media",
            Some(admin.as_str()),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            "GET",
            "/v1/changes?after=soon",
            Some(admin.as_str()),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            "GET",
            "/v1/changes?since=1",
            Some(admin.as_str()),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            "/v1/conversations/1/status",
            Some(admin.as_str()),
            Some(json!({"status": "resolved", "why": 1})),
            StatusCode::BAD_REQUEST,
        ),
        (
            "PATCH",
            "/v1/agents/99999999999999999999",
            Some(admin.as_str()),
            Some(json!({"role": "viewer"})),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (method, path, token, body, expected) in refusals {
        let (got, answer) = call(&hub.state, method, path, token, body).await;
        assert_eq!(got, expected, "{method} {path}: {answer}");
        let errors: Vec<String> = error.iter_errors(&answer).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty() && answer["request_id"].is_string(),
            "{method} {path}: {errors:?} {answer}"
        );
    }
}
