//! The sandbox speaks Meta's Graph API shapes: media upload, lookup and
//! download, and Meta's error bodies.

use std::time::Duration;
use switchboard_sandbox::{Sandbox, SandboxConfig};

async fn sandbox() -> String {
    let sb = Sandbox::new(SandboxConfig {
        app_secret: "secret-for-tests-0123".into(),
        access_token: "token-for-tests-0123".into(),
        phone_number_id: "1122334455667".into(),
        display_phone_number: "15550001111".into(),
        other_numbers: Vec::new(),
        waba_id: "1".into(),
        status_delay: Duration::from_millis(5),
    });
    sb.serve_local().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn media_upload_lookup_and_download_round_trip() {
    let base = sandbox().await;
    let http = reqwest::Client::new();
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", "image/png")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"\x89PNG fake image".to_vec())
                .file_name("a.png")
                .mime_str("image/png")
                .unwrap_or_else(|e| panic!("{e}")),
        );
    let up: serde_json::Value = http
        .post(format!("{base}/v24.0/1122334455667/media"))
        .bearer_auth("token-for-tests-0123")
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    let id = up["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {up}"))
        .to_owned();
    let info: serde_json::Value = http
        .get(format!("{base}/v24.0/{id}"))
        .bearer_auth("token-for-tests-0123")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(info["mime_type"], "image/png");
    assert_eq!(info["file_size"], 15);
    let url = info["url"].as_str().unwrap_or_default();
    let anonymous = http
        .get(url)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(anonymous, 401, "the download URL needs the bearer token");
    let bytes = http
        .get(url)
        .bearer_auth("token-for-tests-0123")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .bytes()
        .await;
    assert_eq!(
        bytes.map(|b| b.to_vec()).unwrap_or_default(),
        b"\x89PNG fake image".to_vec()
    );
}

#[tokio::test]
async fn errors_have_metas_shape() {
    let base = sandbox().await;
    let r = reqwest::Client::new()
        .post(format!("{base}/v24.0/1122334455667/messages"))
        .bearer_auth("wrong")
        .json(&serde_json::json!({"messaging_product": "whatsapp", "to": "1", "type": "text", "text": {"body": "x"}}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status().as_u16(), 401);
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    assert_eq!(body["error"]["code"], 190);
    assert!(body["error"]["fbtrace_id"].is_string());

    let r = reqwest::Client::new()
        .post(format!("{base}/v24.0/1122334455667/messages"))
        .bearer_auth("token-for-tests-0123")
        .json(&serde_json::json!({"messaging_product": "whatsapp", "to": "351900000001", "type": "text", "text": {"body": "x"}}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    assert_eq!(
        body["error"]["code"], 131047,
        "outside the window (the customer never wrote)"
    );
}
