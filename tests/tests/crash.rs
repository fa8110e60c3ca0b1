//! kill -9 the hub in the middle of a stream of webhooks: after a restart,
//! every webhook it answered 200 is there.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_system_tests::{stack_in, until};

fn webhook(from: &str, wamid: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": "Load"}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": "1700000000", "type": "text", "text": {"body": "x"}}]
        }}]}]
    }))
    .unwrap_or_default()
}

fn sign(secret: &str, body: &[u8]) -> String {
    switchboard_demo::sign_webhook(secret.as_bytes(), body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_webhook_survives_kill_dash_9() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut stack = stack_in(dir.path(), 50).await?;
    let acked: Arc<Mutex<HashSet<String>>> = Arc::default();
    let url = format!("{}/webhooks/whatsapp", stack.hub_url);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let mut writers = Vec::new();
    for w in 0..8 {
        let (http, url, acked, secret) = (
            http.clone(),
            url.clone(),
            acked.clone(),
            stack.app_secret.to_string(),
        );
        writers.push(tokio::spawn(async move {
            for n in 0..5000 {
                let wamid = format!("wamid.crash{w}-{n}");
                let body = webhook(&format!("3519000000{w:02}"), &wamid);
                let sig = sign(&secret, &body);
                let r = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-hub-signature-256", sig)
                    .body(body)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        if let Ok(mut a) = acked.lock() {
                            a.insert(wamid);
                        }
                    }
                    _ => return,
                }
            }
        }));
    }
    until(
        "a few hundred acknowledged webhooks",
        Duration::from_secs(60),
        || async { Ok((acked.lock().map(|a| a.len()).unwrap_or(0) >= 300).then_some(())) },
    )
    .await?;
    stack.kill_hub_hard().await?;
    for w in writers {
        let _ = w.await;
    }
    let acked: HashSet<String> = acked.lock().map(|a| a.clone()).unwrap_or_default();
    anyhow::ensure!(acked.len() >= 300);

    stack.restart_hub().await?;
    let admin = stack.agent("admin")?.token.to_string();
    let mut stored = HashSet::new();
    let mut after = 0;
    loop {
        let page: serde_json::Value = http
            .get(format!(
                "{}/v1/changes?after={after}&limit=1000",
                stack.hub_url
            ))
            .bearer_auth(&admin)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for c in page["changes"].as_array().into_iter().flatten() {
            if let Some(w) = c["message"]["wamid"].as_str() {
                stored.insert(w.to_owned());
            }
        }
        after = page["next"].as_i64().unwrap_or(after);
        if page["more"] != true {
            break;
        }
    }
    let lost: Vec<&String> = acked.iter().filter(|w| !stored.contains(*w)).collect();
    anyhow::ensure!(
        lost.is_empty(),
        "{} of {} acknowledged webhooks lost, e.g. {:?}",
        lost.len(),
        acked.len(),
        lost.first()
    );
    eprintln!(
        "{} acknowledged before the kill, all present after restart ({} stored)",
        acked.len(),
        stored.len()
    );
    stack.stop().await;
    Ok(())
}
