//! Customers, through the sandbox's control API: writing in (texts, files,
//! any message WhatsApp delivers, history from earlier days), numbers Meta
//! cannot reach, other webhooks (calls, echoes, alerts), and what the hub
//! sent and uploaded in return.

use crate::Stack;
use anyhow::anyhow;

impl Stack {
    /// A customer writes in through the sandbox; returns the wamid.
    pub async fn customer_says(
        &self,
        from: &str,
        name: &str,
        text: &str,
    ) -> anyhow::Result<String> {
        self.customer_event(
            "inbound",
            &serde_json::json!({"from": from, "name": name, "text": text}),
        )
        .await
    }

    /// A customer writes to business number `to` (a phone number id of the
    /// sandbox's account); returns the wamid.
    pub async fn customer_says_to(
        &self,
        to: &str,
        from: &str,
        name: &str,
        text: &str,
    ) -> anyhow::Result<String> {
        self.customer_event(
            "inbound",
            &serde_json::json!({"to": to, "from": from, "name": name, "text": text}),
        )
        .await
    }

    /// A customer wrote `ago_secs` seconds ago (history: earlier days, a
    /// closed 24-hour window); returns the wamid.
    pub async fn customer_said(
        &self,
        from: &str,
        name: &str,
        text: &str,
        ago_secs: u64,
    ) -> anyhow::Result<String> {
        self.customer_event(
            "inbound",
            &serde_json::json!({"from": from, "name": name, "text": text, "ago_secs": ago_secs}),
        )
        .await
    }

    /// Many customers write at once, in signed webhooks of up to 500
    /// messages: `(from, name, text, ago_secs)` each.
    pub async fn customers_say(
        &self,
        messages: &[(String, String, String, u64)],
    ) -> anyhow::Result<()> {
        for chunk in messages.chunks(500) {
            let batch: Vec<serde_json::Value> = chunk
                .iter()
                .map(|(from, name, text, ago)| {
                    serde_json::json!({"from": from, "name": name, "text": text, "ago_secs": ago})
                })
                .collect();
            self.http
                .post(format!("{}/_sandbox/inbound_batch", self.sandbox_url))
                .json(&serde_json::json!({"messages": batch}))
                .send()
                .await?
                .error_for_status()?;
        }
        Ok(())
    }

    /// The sandbox refuses messages to these numbers as Meta does (131026,
    /// undeliverable).
    pub async fn undeliverable(&self, numbers: &[&str]) -> anyhow::Result<()> {
        self.http
            .post(format!("{}/_sandbox/config", self.sandbox_url))
            .json(&serde_json::json!({"undeliverable": numbers}))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// A customer sends a file (kind: image, document, ...); returns the wamid.
    pub async fn customer_sends_media(
        &self,
        from: &str,
        name: &str,
        kind: &str,
        mime_type: &str,
        caption: &str,
        bytes: &[u8],
    ) -> anyhow::Result<String> {
        self.customer_sends_file(
            from,
            name,
            CustomerFile {
                kind,
                mime_type,
                caption: Some(caption),
                filename: None,
                voice: false,
                bytes,
            },
        )
        .await
    }

    /// A customer sends `file` (the sandbox's `/_sandbox/inbound_media`);
    /// returns the wamid.
    pub(crate) async fn customer_sends_file(
        &self,
        from: &str,
        name: &str,
        file: CustomerFile<'_>,
    ) -> anyhow::Result<String> {
        use base64::Engine;
        let body = serde_json::json!({
            "from": from, "name": name, "kind": file.kind, "mime_type": file.mime_type,
            "caption": file.caption, "filename": file.filename, "voice": file.voice,
            "data": base64::engine::general_purpose::STANDARD.encode(file.bytes),
        });
        self.customer_event("inbound_media", &body).await
    }

    /// A customer sends any message, shaped as WhatsApp shapes it without
    /// `from`, `id` and `timestamp` (`{"type": "location", "location": …}`);
    /// returns the wamid.
    pub async fn customer_sends(
        &self,
        from: &str,
        name: &str,
        message: serde_json::Value,
    ) -> anyhow::Result<String> {
        let body = serde_json::json!({"from": from, "name": name, "message": message});
        self.customer_event("inbound_message", &body).await
    }

    /// A customer sends a document under `filename`; returns the wamid.
    pub async fn customer_sends_document(
        &self,
        from: &str,
        name: &str,
        filename: &str,
        caption: Option<&str>,
        bytes: &[u8],
    ) -> anyhow::Result<String> {
        self.customer_sends_file(
            from,
            name,
            CustomerFile {
                kind: "document",
                mime_type: "application/pdf",
                caption,
                filename: Some(filename),
                voice: false,
                bytes,
            },
        )
        .await
    }

    /// Has the sandbox send the hub a webhook of `field` (calls, echoes,
    /// account and template updates).
    pub async fn event(&self, field: &str, value: serde_json::Value) -> anyhow::Result<()> {
        self.http
            .post(format!("{}/_sandbox/event", self.sandbox_url))
            .json(&serde_json::json!({"field": field, "value": value}))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Posts to the sandbox's control API; returns the wamid of what it sent the hub.
    async fn customer_event(&self, path: &str, body: &serde_json::Value) -> anyhow::Result<String> {
        let r = self
            .http
            .post(format!("{}/_sandbox/{path}", self.sandbox_url))
            .json(body)
            .send()
            .await?
            .error_for_status()?;
        let v: serde_json::Value = r.json().await?;
        v["wamid"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("sandbox gave no wamid"))
    }

    /// Messages the hub sent through the sandbox's Graph API.
    pub async fn sent(&self) -> anyhow::Result<Vec<serde_json::Value>> {
        Ok(self
            .http
            .get(format!("{}/_sandbox/sent", self.sandbox_url))
            .send()
            .await?
            .json()
            .await?)
    }

    /// Files the hub uploaded to the sandbox's media endpoint, in order.
    pub async fn uploads(&self) -> anyhow::Result<Vec<serde_json::Value>> {
        Ok(self
            .http
            .get(format!("{}/_sandbox/uploads", self.sandbox_url))
            .send()
            .await?
            .json()
            .await?)
    }
}

/// A file a customer sends (see `Stack::customer_sends_media`).
pub(crate) struct CustomerFile<'a> {
    /// image, video, audio, document or sticker
    pub(crate) kind: &'a str,
    pub(crate) mime_type: &'a str,
    pub(crate) caption: Option<&'a str>,
    pub(crate) filename: Option<&'a str>,
    /// An audio message recorded as a voice note.
    pub(crate) voice: bool,
    pub(crate) bytes: &'a [u8],
}
