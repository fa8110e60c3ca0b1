//! The hub's API as one of the stack's agents: any call, sending a file, and
//! finding conversations and messages in the change feed.

use crate::{DemoAgent, Stack};

impl Stack {
    /// Calls the hub's API as `agent`; the answer's JSON (null when empty).
    pub async fn api(
        &self,
        agent: &DemoAgent,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> anyhow::Result<serde_json::Value> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.hub_url))
            .bearer_auth(agent.token.as_str());
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await?;
        let status = r.status();
        let text = r.text().await?;
        if !status.is_success() {
            anyhow::bail!("hub {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }

    /// Sends a file as `agent` in a conversation: uploaded to the hub, then
    /// sent with `caption`. Returns the message.
    pub async fn send_file(
        &self,
        agent: &DemoAgent,
        conversation_id: i64,
        name: &str,
        mime: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> anyhow::Result<serde_json::Value> {
        let r = self
            .http
            .post(format!(
                "{}/v1/conversations/{conversation_id}/uploads",
                self.hub_url
            ))
            .query(&[("filename", name)])
            .bearer_auth(agent.token.as_str())
            .header(reqwest::header::CONTENT_TYPE, mime)
            .body(bytes)
            .send()
            .await?;
        let status = r.status();
        let upload: serde_json::Value = r.json().await?;
        if !status.is_success() {
            anyhow::bail!("upload {name}: {status} {upload}");
        }
        self.api(
            agent,
            reqwest::Method::POST,
            &format!("/v1/conversations/{conversation_id}/messages"),
            Some(serde_json::json!({
                "client_message_id": format!("demo-file-{}", upload["id"]),
                "text": caption,
                "attachment": upload["id"],
            })),
        )
        .await
    }

    /// Reads the whole change feed as `agent`, page by page, handing each
    /// change to `visit` until it returns `false`.
    async fn scan_feed(
        &self,
        agent: &DemoAgent,
        mut visit: impl FnMut(&serde_json::Value) -> bool,
    ) -> anyhow::Result<()> {
        let mut after = 0;
        loop {
            let page = self
                .api(
                    agent,
                    reqwest::Method::GET,
                    &format!("/v1/changes?after={after}&limit=1000"),
                    None,
                )
                .await?;
            for c in page["changes"].as_array().into_iter().flatten() {
                if !visit(c) {
                    return Ok(());
                }
            }
            let next = page["next"].as_i64().unwrap_or(after);
            if page["more"] != true || next <= after {
                return Ok(());
            }
            after = next;
        }
    }

    /// Every conversation the hub holds: WhatsApp id → conversation id (read
    /// from the change feed as `agent`).
    pub async fn conversation_ids(
        &self,
        agent: &DemoAgent,
    ) -> anyhow::Result<std::collections::HashMap<String, i64>> {
        let mut ids = std::collections::HashMap::new();
        self.scan_feed(agent, |c| {
            if let (Some(wa), Some(id)) = (
                c["conversation"]["wa_id"].as_str(),
                c["conversation"]["id"].as_i64(),
            ) {
                ids.insert(wa.to_owned(), id);
            }
            true
        })
        .await?;
        Ok(ids)
    }

    /// The hub's id of the message with `wamid` (read from the change feed
    /// as `agent`).
    pub async fn message_id(&self, agent: &DemoAgent, wamid: &str) -> anyhow::Result<Option<i64>> {
        let mut found = None;
        self.scan_feed(agent, |c| {
            if c["message"]["wamid"] == wamid {
                found = c["message"]["id"].as_i64();
            }
            found.is_none()
        })
        .await?;
        Ok(found)
    }
}
