//! Property test: arbitrary bodies on every JSON endpoint get a 4xx with the
//! app's error shape, never a 5xx or a panic.

use crate::common::*;
use axum::body::Body;
use axum::http::Request;
use proptest::prelude::*;
use switchboard_hub::app;
use switchboard_protocol::Role;
use tower::ServiceExt;

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        ".{0,64}".prop_map(|s| s.into_bytes()),
        (".{0,80}", any::<i64>(), any::<bool>()).prop_map(|(s, n, b)| {
            serde_json::json!({"client_message_id": s, "text": s, "assignee": n, "status": s, "name": s, "role": s, "disabled": b})
                .to_string()
                .into_bytes()
        }),
        (any::<i64>(), ".{0,10}").prop_map(|(n, s)| serde_json::json!({"client_message_id": n, "text": [s], "assignee": s}).to_string().into_bytes()),
    ]
}

#[test]
fn arbitrary_api_bodies_get_a_clear_4xx() {
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let mut h = hub();
    // Budget enough for every generated request: this test is about bodies, not rate limits.
    h.state.limits = std::sync::Arc::new(switchboard_hub::limits::Limits::new(
        switchboard_hub::limits::LimitConfig {
            token_burst: 1e9,
            ..Default::default()
        },
    ));
    let (_, admin) = add_agent(&h, "Ada", Role::Admin);
    runtime.block_on(async {
        assert_eq!(
            post_signed(&h.state, &text_webhook("351900000001", "wamid.f1", "hi")).await,
            axum::http::StatusCode::OK
        );
    });
    let conversation = count(&h.db, "SELECT id FROM conversations");
    let paths = [
        format!("/v1/conversations/{conversation}/messages"),
        format!("/v1/conversations/{conversation}/assignment"),
        format!("/v1/conversations/{conversation}/status"),
        "/v1/agents".to_owned(),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    });
    for path in paths {
        let result = runner.run(&body_strategy(), |body| {
            let (status, json) = runtime.block_on(async {
                let req = Request::post(path.as_str())
                    .header("authorization", format!("Bearer {admin}"))
                    .header("content-type", "application/json")
                    .body(Body::from(body.clone()))
                    .unwrap_or_else(|e| panic!("{e}"));
                let r = app(h.state.clone())
                    .oneshot(req)
                    .await
                    .unwrap_or_else(|e| match e {});
                let status = r.status();
                let bytes = http_body_util::BodyExt::collect(r.into_body())
                    .await
                    .map(|b| b.to_bytes())
                    .unwrap_or_default();
                (
                    status,
                    serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_default(),
                )
            });
            prop_assert!(
                status != axum::http::StatusCode::TOO_MANY_REQUESTS,
                "rate limited: the test is void"
            );
            prop_assert!(
                !status.is_server_error(),
                "{path}: {status} for {:?}",
                String::from_utf8_lossy(&body)
            );
            if status.is_client_error() {
                prop_assert!(
                    json["code"].is_string() && json["message"].is_string(),
                    "{path}: error shape {json}"
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}
