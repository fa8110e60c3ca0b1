//! What the sandbox posts to the hub, signed and in Meta's exact envelope:
//! customers' messages (texts, files, any message WhatsApp delivers),
//! statuses of what the hub sent, and other webhooks (calls, echoes,
//! account and template updates); delivery is retried as Meta retries it.

use crate::{InboundMediaRequest, InboundMessageRequest, InboundRequest, Sandbox, now};
use serde_json::{Value, json};
use std::time::Duration;
use switchboard_whatsapp::signature;

impl Sandbox {
    pub(crate) fn envelope(&self, value: Value) -> Value {
        json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": self.config.waba_id, "changes": [{"value": value, "field": "messages"}]}]
        })
    }

    /// Sends the hub a webhook of another field than `messages` (a call, an
    /// echo from the business's phone, an account or template update); the
    /// business number's metadata is added where the value has none.
    pub async fn event(&self, field: &str, mut value: Value) -> Result<(), String> {
        if let Value::Object(map) = &mut value {
            map.entry("messaging_product").or_insert(json!("whatsapp"));
            if matches!(field, "calls" | "smb_message_echoes" | "user_preferences") {
                map.entry("metadata").or_insert(json!({
                    "display_phone_number": self.config.display_phone_number,
                    "phone_number_id": self.config.phone_number_id
                }));
            }
        }
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": self.config.waba_id, "time": now(), "changes": [{"value": value, "field": field}]}]
        });
        self.deliver(envelope).await
    }

    /// A customer wrote at `ts`: their 24-hour window runs from their latest message.
    fn heard_from(&self, from: &str, ts: i64) {
        let mut inner = self.lock();
        let last = inner.last_inbound.entry(from.to_owned()).or_insert(ts);
        *last = (*last).max(ts);
    }

    /// Makes a customer write in: posts a signed text webhook. Returns the wamid.
    pub async fn customer_says(
        &self,
        from: &str,
        name: Option<&str>,
        text: &str,
    ) -> Result<String, String> {
        self.customer_said(from, name, text, now()).await
    }

    /// [`Sandbox::customer_says`] with the message's time (Unix seconds).
    pub async fn customer_said(
        &self,
        from: &str,
        name: Option<&str>,
        text: &str,
        ts: i64,
    ) -> Result<String, String> {
        self.customer_said_to(None, from, name, text, ts).await
    }

    /// [`Sandbox::customer_said`] to business number `to` (one of the
    /// account's other numbers; the sandbox's own when `None`).
    pub async fn customer_said_to(
        &self,
        to: Option<&str>,
        from: &str,
        name: Option<&str>,
        text: &str,
        ts: i64,
    ) -> Result<String, String> {
        let number = match to {
            None => self.config.phone_number_id.as_str(),
            Some(n) if n == self.config.phone_number_id => n,
            Some(n) if self.config.other_numbers.iter().any(|o| o == n) => n,
            Some(_) => return Err("not one of this account's business numbers".into()),
        };
        let wamid = self.next_wamid();
        self.heard_from(from, ts);
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": self.config.display_phone_number,
                "phone_number_id": number
            },
            "contacts": [{"profile": {"name": name.unwrap_or(from)}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": ts.to_string(), "text": {"body": text}, "type": "text"}]
        });
        self.deliver(self.envelope(value)).await?;
        Ok(wamid)
    }

    /// Delivers every message of `batch` in one signed webhook (one change
    /// per message, as Meta batches them); returns their wamids.
    pub async fn customers_say(&self, batch: &[InboundRequest]) -> Result<Vec<String>, String> {
        let now = now();
        let mut wamids = Vec::with_capacity(batch.len());
        let mut changes = Vec::with_capacity(batch.len());
        for m in batch {
            let wamid = self.next_wamid();
            let ts = now.saturating_sub(i64::try_from(m.ago_secs).unwrap_or(i64::MAX));
            self.heard_from(&m.from, ts);
            changes.push(json!({"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {
                    "display_phone_number": self.config.display_phone_number,
                    "phone_number_id": self.config.phone_number_id
                },
                "contacts": [{"profile": {"name": m.name.as_deref().unwrap_or(&m.from)}, "wa_id": m.from}],
                "messages": [{"from": m.from, "id": wamid, "timestamp": ts.to_string(), "text": {"body": m.text}, "type": "text"}]
            }}));
            wamids.push(wamid);
        }
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": self.config.waba_id, "changes": changes}]
        });
        self.deliver(envelope).await?;
        Ok(wamids)
    }

    /// A customer sends a file: kept under a new media id, announced by a signed webhook.
    pub async fn customer_sends_media(&self, req: InboundMediaRequest) -> Result<String, String> {
        use base64::Engine;
        use sha2::Digest;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(req.data.as_bytes())
            .map_err(|e| e.to_string())?;
        let media_id = format!("{}", 1_000_000_000u64 + rand::random::<u32>() as u64);
        let digest = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bytes));
        self.lock()
            .media
            .insert(media_id.clone(), (req.mime_type.clone(), bytes));
        let wamid = self.next_wamid();
        let ts = now();
        self.heard_from(&req.from, ts);
        let mut part = json!({"id": media_id, "mime_type": req.mime_type, "sha256": digest});
        if let Some(c) = req.caption {
            part["caption"] = json!(c);
        }
        if let Some(f) = req.filename {
            part["filename"] = json!(f);
        }
        if req.voice {
            part["voice"] = json!(true);
        }
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": self.config.display_phone_number, "phone_number_id": self.config.phone_number_id},
            "contacts": [{"profile": {"name": req.name.unwrap_or_else(|| req.from.clone())}, "wa_id": req.from}],
            "messages": [{"from": req.from, "id": wamid, "timestamp": ts.to_string(), "type": req.kind, req.kind.clone(): part}]
        });
        self.deliver(self.envelope(value)).await?;
        Ok(wamid)
    }

    /// Makes a customer send any message (see [`InboundMessageRequest`]).
    /// Returns its wamid.
    pub async fn customer_sends(&self, req: InboundMessageRequest) -> Result<String, String> {
        let Value::Object(mut message) = req.message else {
            return Err("message must be a JSON object".into());
        };
        if !message.get("type").is_some_and(Value::is_string) {
            return Err("message needs a \"type\"".into());
        }
        let wamid = self.next_wamid();
        let ts = now().saturating_sub(i64::try_from(req.ago_secs).unwrap_or(i64::MAX));
        self.heard_from(&req.from, ts);
        message.insert("from".into(), json!(req.from));
        message.insert("id".into(), json!(wamid));
        message.insert("timestamp".into(), json!(ts.to_string()));
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": self.config.display_phone_number, "phone_number_id": self.config.phone_number_id},
            "contacts": [{"profile": {"name": req.name.unwrap_or_else(|| req.from.clone())}, "wa_id": req.from}],
            "messages": [Value::Object(message)]
        });
        self.deliver(self.envelope(value)).await?;
        Ok(wamid)
    }

    pub(crate) fn status_value(&self, wamid: &str, to: &str, status: &str) -> Value {
        let mut s = json!({
            "id": wamid,
            "status": status,
            "timestamp": now().to_string(),
            "recipient_id": to,
        });
        if status != "read" {
            s["conversation"] = json!({"id": "sandboxconversation", "origin": {"type": "service"}});
            s["pricing"] = json!({"billable": true, "pricing_model": "CBP", "category": "service"});
        }
        json!({
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": self.config.display_phone_number,
                "phone_number_id": self.config.phone_number_id
            },
            "statuses": [s]
        })
    }

    /// Posts a signed webhook to the hub, retrying a few times with backoff as Meta does.
    pub async fn deliver(&self, envelope: Value) -> Result<(), String> {
        let url = self
            .lock()
            .webhook_url
            .clone()
            .ok_or("no webhook URL is configured")?;
        let body = serde_json::to_vec(&envelope).map_err(|e| e.to_string())?;
        let sig = signature::sign(self.config.app_secret.as_bytes(), &body);
        let mut delay = Duration::from_millis(100);
        let mut last = String::new();
        for _ in 0..5 {
            let sent = self
                .http
                .post(&url)
                .header("content-type", "application/json")
                .header(signature::HEADER, &sig)
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => return Ok(()),
                Ok(r) => last = format!("hub answered {}", r.status()),
                Err(e) => last = e.to_string(),
            }
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
        tracing::warn!(%last, "webhook delivery failed");
        Err(last)
    }
}
