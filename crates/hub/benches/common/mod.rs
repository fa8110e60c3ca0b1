//! What the ingest benchmarks share: the webhook mix they post and their
//! settings.

pub const SECRET: &str = "bench-app-secret-0123456789abcdef";

pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The mix Meta sends: about three statuses per outbound message and one
/// event per inbound message.
pub fn body(i: usize) -> Vec<u8> {
    let customer = format!("3519{:08}", i % 500);
    let value = if i.is_multiple_of(4) {
        serde_json::json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "contacts": [{"profile": {"name": "Bench"}, "wa_id": customer}],
            "messages": [{"from": customer, "id": format!("wamid.bench.in{i}"), "timestamp": "1700000000",
                          "type": "text", "text": {"body": "Hello, where is my order? It was due on Monday."}}]
        })
    } else {
        let status = ["sent", "delivered", "read"][i % 3];
        serde_json::json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
            "statuses": [{"id": format!("wamid.bench.out{}", i / 3), "status": status,
                          "timestamp": (1_700_000_000 + i).to_string(), "recipient_id": customer}]
        })
    };
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]
    }))
    .unwrap_or_default()
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}
