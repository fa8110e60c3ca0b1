//! A live Switchboard workspace on loopback: the sandbox (Meta's stand-in), a
//! hub with an embedded store, and one agent per role.
//!
//! `make run` uses it to open the app on a demo; the system tests use it to
//! drive every process for real. Secrets are generated per start and passed
//! to the child processes in their environment only; nothing secret is
//! written to disk.

use anyhow::{Context, anyhow, bail};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The binaries of this workspace: next to the running executable (or its
/// parent, for test binaries under `deps/`), unless `SWITCHBOARD_BIN_DIR` says otherwise.
pub fn bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("SWITCHBOARD_BIN_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().context("cannot find the running executable")?;
    let mut dir = exe
        .parent()
        .ok_or_else(|| anyhow!("executable has no folder"))?
        .to_path_buf();
    if dir.ends_with("deps") {
        dir.pop();
    }
    Ok(dir)
}

/// The `X-Hub-Signature-256` header Meta would send for `body`.
pub fn sign_webhook(secret: &[u8], body: &[u8]) -> String {
    switchboard_whatsapp::signature::sign(secret, body)
}

pub fn bin(name: &str) -> anyhow::Result<PathBuf> {
    let path = bin_dir()?.join(name);
    if !path.exists() {
        bail!(
            "{} is not built (run `cargo build --workspace`)",
            path.display()
        );
    }
    Ok(path)
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    hex::encode(b)
}

/// An agent created at start, with its token (shown once, kept in memory only).
#[derive(Clone)]
pub struct DemoAgent {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub token: zeroize::Zeroizing<String>,
}

impl std::fmt::Debug for DemoAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoAgent")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
pub struct StackOptions {
    pub data_dir: PathBuf,
    /// Seconds between simulated customer messages; 0 for none.
    pub simulate_every: u64,
    pub status_delay_ms: u64,
    /// A PostgreSQL database instead of the embedded store (several hubs).
    pub database_url: Option<String>,
}

/// The running sandbox and hub. Dropping it kills both.
pub struct Stack {
    pub hub_url: String,
    pub sandbox_url: String,
    pub agents: Vec<DemoAgent>,
    pub app_secret: zeroize::Zeroizing<String>,
    hub: Child,
    sandbox: Child,
    http: reqwest::Client,
    /// How to start the hub again (tests restart it after killing it).
    hub_command: Vec<(String, String)>,
}

/// Spawns `cmd` and waits (with a deadline) for its `listening on URL` line.
async fn spawn_listening(mut cmd: Command, what: &str) -> anyhow::Result<(Child, String)> {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start the {what}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow!("no stdout from the {what}"))?;
    let mut lines = BufReader::new(stdout).lines();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await? {
            if let Some(url) = line.strip_prefix("listening on ") {
                return Ok::<_, std::io::Error>(Some(url.trim().to_owned()));
            }
        }
        Ok(None)
    })
    .await
    .map_err(|_| anyhow!("the {what} did not start listening within 30 s"))??
    .ok_or_else(|| anyhow!("the {what} exited before listening"))?;
    // Keep draining stdout so the child never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((child, url))
}

pub const PHONE_NUMBER_ID: &str = "1122334455667";

impl Stack {
    pub async fn start(opts: StackOptions) -> anyhow::Result<Stack> {
        // The hub's folder is its own user's alone (the hub would narrow it).
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&opts.data_dir)
            .with_context(|| format!("cannot create {}", opts.data_dir.display()))?;
        let app_secret = zeroize::Zeroizing::new(random_hex(32));
        let access_token = zeroize::Zeroizing::new(format!("EAAsandbox{}", random_hex(24)));
        let verify_token = zeroize::Zeroizing::new(random_hex(16));
        let content_key = zeroize::Zeroizing::new(random_hex(32));

        let mut sandbox = Command::new(bin("switchboard-sandbox")?);
        sandbox
            .args([
                "--listen",
                "127.0.0.1:0",
                "--phone-number-id",
                PHONE_NUMBER_ID,
            ])
            .args(["--status-delay-ms", &opts.status_delay_ms.to_string()])
            .args(["--simulate-every", &opts.simulate_every.to_string()])
            .env("SANDBOX_APP_SECRET", app_secret.as_str())
            .env("SANDBOX_ACCESS_TOKEN", access_token.as_str());
        let (sandbox, sandbox_url) = spawn_listening(sandbox, "sandbox").await?;

        // Approved templates for replies outside the 24-hour window (not secret).
        let templates = opts.data_dir.join("templates.json");
        std::io::Write::write_all(
            &mut std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&templates)?,
            &serde_json::to_vec_pretty(&serde_json::json!([
                {"name": "order_update", "language": "en_US", "body": "Your order {{1}} has shipped.", "category": "UTILITY"},
                {"name": "follow_up", "language": "en_US", "body": "Hi {{1}}, is there anything else we can help with?", "category": "UTILITY"},
                {"name": "spring_sale", "language": "en_US", "body": "Hi {{1}}, our spring sale starts today: 20 % off everything.", "category": "MARKETING"}
            ]))?,
        )?;
        let hub_bin = bin("switchboard-hub")?;
        let mut hub_command: Vec<(String, String)> = vec![
            ("SWITCHBOARD_HUB_ID".into(), "hub-a".into()),
            (
                "SWITCHBOARD_HUB_DATA".into(),
                opts.data_dir.to_string_lossy().into_owned(),
            ),
            ("WHATSAPP_GRAPH_URL".into(), sandbox_url.clone()),
            ("WHATSAPP_PHONE_NUMBER_ID".into(), PHONE_NUMBER_ID.into()),
            ("WHATSAPP_ACCESS_TOKEN".into(), access_token.to_string()),
            ("WHATSAPP_APP_SECRET".into(), app_secret.to_string()),
            ("WHATSAPP_VERIFY_TOKEN".into(), verify_token.to_string()),
            ("SWITCHBOARD_CONTENT_KEY".into(), content_key.to_string()),
            (
                "SWITCHBOARD_TEMPLATES".into(),
                templates.to_string_lossy().into_owned(),
            ),
        ];
        if let Some(url) = &opts.database_url {
            hub_command.push(("SWITCHBOARD_DATABASE_URL".into(), url.clone()));
        }
        let (hub, hub_url) = spawn_hub(&hub_bin, &hub_command, "127.0.0.1:0").await?;

        let http = reqwest::Client::new();
        http.post(format!("{sandbox_url}/_sandbox/config"))
            .json(&serde_json::json!({"webhook_url": format!("{hub_url}/webhooks/whatsapp")}))
            .send()
            .await?
            .error_for_status()?;

        let mut agents = Vec::new();
        for (name, role) in [
            ("Ada Admin", "admin"),
            ("Sam Agent", "agent"),
            ("Vic Viewer", "viewer"),
        ] {
            agents.push(add_agent(&hub_bin, &hub_command, name, role).await?);
        }
        Ok(Stack {
            hub_url,
            sandbox_url,
            agents,
            app_secret,
            hub,
            sandbox,
            http,
            hub_command,
        })
    }

    /// Kills the hub with SIGKILL (no chance to flush anything), for crash tests.
    pub async fn kill_hub_hard(&mut self) -> anyhow::Result<()> {
        self.hub.start_kill()?;
        self.hub.wait().await?;
        Ok(())
    }

    /// Starts the hub again on the same data; its address changes.
    pub async fn restart_hub(&mut self) -> anyhow::Result<()> {
        let (hub, url) =
            spawn_hub(&bin("switchboard-hub")?, &self.hub_command, "127.0.0.1:0").await?;
        self.hub = hub;
        self.hub_url = url;
        self.http
            .post(format!("{}/_sandbox/config", self.sandbox_url))
            .json(
                &serde_json::json!({"webhook_url": format!("{}/webhooks/whatsapp", self.hub_url)}),
            )
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Starts one more hub on the same database (`database_url`), named
    /// `hub_id`; returns it (killed when dropped) and its address. Webhooks
    /// still go to the first hub until [`Stack::webhooks_to`].
    pub async fn another_hub(&self, hub_id: &str) -> anyhow::Result<(Child, String)> {
        let env: Vec<(String, String)> = self
            .hub_command
            .iter()
            .map(|(k, v)| {
                if k == "SWITCHBOARD_HUB_ID" {
                    (k.clone(), hub_id.to_owned())
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect();
        spawn_hub(&bin("switchboard-hub")?, &env, "127.0.0.1:0").await
    }

    /// The hub's environment (its secrets included), to start it again
    /// elsewhere in tests: on a migrated store, for one.
    pub fn hub_env(&self) -> &[(String, String)] {
        &self.hub_command
    }

    /// Sends the sandbox's webhooks to the hub at `hub_url`.
    pub async fn webhooks_to(&self, hub_url: &str) -> anyhow::Result<()> {
        self.http
            .post(format!("{}/_sandbox/config", self.sandbox_url))
            .json(&serde_json::json!({"webhook_url": format!("{hub_url}/webhooks/whatsapp")}))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Starts the hub again on the same data and the same address (as after
    /// a network outage: desktops find it where it was).
    pub async fn restart_hub_in_place(&mut self) -> anyhow::Result<()> {
        let listen = self
            .hub_url
            .strip_prefix("http://")
            .ok_or_else(|| anyhow!("the hub is not on plain HTTP"))?
            .trim_end_matches('/')
            .to_owned();
        let (hub, url) = spawn_hub(&bin("switchboard-hub")?, &self.hub_command, &listen).await?;
        self.hub = hub;
        self.hub_url = url;
        Ok(())
    }

    /// The hub's process id (to read its memory in benchmarks).
    pub fn hub_pid(&self) -> Option<u32> {
        self.hub.id()
    }

    pub fn agent(&self, role: &str) -> anyhow::Result<&DemoAgent> {
        self.agents
            .iter()
            .find(|a| a.role == role)
            .ok_or_else(|| anyhow!("no {role} agent"))
    }

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
    async fn customer_sends_file(
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

    /// One customer's conversation with every kind of message WhatsApp
    /// delivers: a document, a voice note, a sticker, a location, a contact
    /// card, a quoted reply, reactions both ways, an edited and a deleted
    /// message, one WhatsApp cannot show and a system notice. Returns the
    /// conversation's id at the hub.
    pub async fn seed_every_kind(&self, from: &str, name: &str) -> anyhow::Result<i64> {
        use serde_json::json;
        let first = self
            .customer_says(
                from,
                name,
                "Hi! I'm sending you what you asked for the return.",
            )
            .await?;
        for file in [
            CustomerFile {
                kind: "document",
                mime_type: "application/pdf",
                caption: Some("The invoice"),
                filename: Some("invoice-4711.pdf"),
                voice: false,
                bytes: &demo_pdf(),
            },
            CustomerFile {
                kind: "audio",
                mime_type: "audio/wav",
                caption: None,
                filename: None,
                voice: true,
                bytes: &demo_voice_note(),
            },
            CustomerFile {
                kind: "sticker",
                mime_type: "image/png",
                caption: None,
                filename: None,
                voice: false,
                bytes: include_bytes!("../../../icons/32x32.png"),
            },
        ] {
            self.customer_sends_file(from, name, file).await?;
        }
        self.customer_sends(
            from,
            name,
            json!({"type": "location", "location": {
            "latitude": 38.7105, "longitude": -9.1376, "name": "Switchboard pick-up point",
            "address": "Rua Augusta 100, 1100-053 Lisboa"}}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "contacts", "contacts": [{
            "name": {"formatted_name": "Jonas Weber", "first_name": "Jonas", "last_name": "Weber"},
            "phones": [{"phone": "+49 151 98765432", "type": "CELL"}],
            "emails": [{"email": "jonas.weber@example.com", "type": "WORK"}],
            "org": {"company": "Weber Logistik"}}]}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "text", "context": {"from": from, "id": first},
            "text": {"body": "About this: my neighbour took the parcel in."}}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "reaction",
            "reaction": {"message_id": first, "emoji": "👍"}}),
        )
        .await?;
        let typo = self
            .customer_says(from, name, "My order number is 4171")
            .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "edit", "edit": {"original_message_id": typo,
            "message": {"type": "text", "text": {"body": "My order number is 4711"}}}}),
        )
        .await?;
        let wrong = self.customer_says(from, name, "sorry, wrong chat").await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "revoke", "revoke": {"original_message_id": wrong}}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "unsupported", "errors": [{
            "code": 131051, "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."}}]}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "system", "system": {
            "body": "Customer changed their number", "type": "user_changed_number"}}),
        )
        .await?;
        // The customer called and nobody answered; the business wrote back
        // from the WhatsApp Business app on its phone.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.event(
            "calls",
            json!({"contacts": [{"profile": {"name": name}, "wa_id": from}],
                   "calls": [{"id": format!("wacid.demo{from}"), "from": from, "to": "15550001111",
                              "event": "terminate", "direction": "USER_INITIATED",
                              "timestamp": now.to_string(), "status": "FAILED"}]}),
        )
        .await?;
        self.event(
            "smb_message_echoes",
            json!({"message_echoes": [{"from": "15550001111", "to": from, "id": format!("wamid.demoecho{from}"),
                   "timestamp": (now + 1).to_string(), "type": "text",
                   "text": {"body": format!("Hi {name}, sorry we missed your call. We'll answer here in a minute.")}}]}),
        )
        .await?;
        // The customer asks for no marketing messages.
        self.event(
            "user_preferences",
            json!({"contacts": [{"profile": {"name": name}, "wa_id": from}],
                   "user_preferences": [{"wa_id": from, "detail": "User requested to stop marketing messages",
                       "category": "marketing_messages", "value": "stop", "timestamp": now}]}),
        )
        .await?;
        // The business reacts to the quoted reply.
        let admin = self.agent("admin")?.clone();
        let id = *self
            .conversation_ids(&admin)
            .await?
            .get(from)
            .ok_or_else(|| anyhow!("the hub has no conversation with {from}"))?;
        let first_id = self.message_id(&admin, &first).await?;
        if let Some(message_id) = first_id {
            self.api(
                &admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/messages"),
                Some(json!({"client_message_id": format!("demo-react-{id}"),
                    "reaction": {"message_id": message_id, "emoji": "🙏"}})),
            )
            .await?;
        }
        Ok(id)
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

    /// Fills the hub with what shows every feature of the app: a few hundred
    /// customers over the past week (enough to scroll and to search), a long
    /// thread over several days, conversations in each agent's queue and
    /// some resolved, closed 24-hour windows, a reply Meta refused, a
    /// conversation with every kind of message ([`Stack::seed_every_kind`]:
    /// a missed call and a reply from the business's phone among them),
    /// canned replies and template alerts for admins.
    /// `customers` sets the size (the demo uses 240).
    pub async fn seed_showcase(&self, customers: usize) -> anyhow::Result<()> {
        use futures_util::StreamExt;
        const ASKS: &[&str] = &[
            "Hi, where is my order #{n}? It said two days.",
            "Can I change the delivery address for order {n}?",
            "The parcel arrived damaged, the box was open. Order {n}.",
            "I'd like a refund for order {n}, the size is wrong.",
            "Do you ship to Madeira? And how long does it take?",
            "Is the blue one back in stock?",
            "My discount code SPRING{n} is not accepted at checkout.",
            "Thanks, it arrived today! Great service.",
            "Can I pay by bank transfer?",
            "The tracking link does not work for {n}.",
        ];
        const NAMES: &[&str] = &[
            "Rita", "Tomás", "Inês", "Jonas", "Marta", "Pieter", "Chloé", "Luca", "Sofia", "Mateo",
            "Ewa", "Björn", "Aoife", "Kenji", "Zara", "Omar", "Nadia", "Hugo", "Elif", "Ravi",
        ];
        const HOUR: u64 = 3_600;
        const DAY: u64 = 24 * HOUR;
        let admin = self.agent("admin")?.clone();

        // Every kind of message WhatsApp delivers, in one conversation.
        self.seed_every_kind("4915112345678", "Lena Vogel").await?;

        // A reply that fails: Meta says this number cannot be reached.
        self.undeliverable(&["15550100999"]).await?;
        self.customer_says("15550100999", "Uma Unreachable", "Hello? Is anyone there?")
            .await?;

        // A long thread over three days (day separators, older pages on scroll).
        for i in 0..240u64 {
            let ask = ASKS[(i as usize) % ASKS.len()].replace("{n}", &(5000 + i).to_string());
            self.customer_said("351935550000", "Rafael Santos", &ask, 3 * DAY - i * 1_000)
                .await?;
        }

        // Customers over the past week; the older ones' windows are closed.
        let messages: Vec<(String, String, String, u64)> = (0..customers)
            .flat_map(|c| {
                let from = format!("3519100{c:05}");
                let name = format!(
                    "{} {}",
                    NAMES[c % NAMES.len()],
                    (b'A' + (c / NAMES.len()) as u8 % 26) as char
                );
                let start = c as u64 * (7 * DAY) / customers.max(1) as u64 + HOUR;
                (0..(2 + c % 4)).map(move |k| {
                    let ask = ASKS[(c + k) % ASKS.len()].replace("{n}", &(4000 + c).to_string());
                    (
                        from.clone(),
                        name.clone(),
                        ask,
                        start.saturating_sub(k as u64 * 600),
                    )
                })
            })
            .collect();
        let results: Vec<anyhow::Result<String>> = futures_util::stream::iter(messages.iter())
            .map(|(from, name, text, ago)| self.customer_said(from, name, text, *ago))
            .buffer_unordered(8)
            .collect()
            .await;
        for r in results {
            r?;
        }

        // Queues: a third to Sam, a third to Ada, a tenth resolved, the rest waiting.
        let ids = self.conversation_ids(&admin).await?;
        let agent = self.agent("agent")?.id;
        let mut wa: Vec<(&String, &i64)> = ids
            .iter()
            .filter(|(w, _)| w.starts_with("3519100"))
            .collect();
        wa.sort();
        let changes: Vec<(String, serde_json::Value)> = wa
            .iter()
            .enumerate()
            .filter_map(|(i, (_, id))| match i % 10 {
                0 => Some((
                    format!("/v1/conversations/{id}/status"),
                    serde_json::json!({"status": "resolved"}),
                )),
                1..=3 => Some((
                    format!("/v1/conversations/{id}/assignment"),
                    serde_json::json!({"assignee": agent}),
                )),
                4..=6 => Some((
                    format!("/v1/conversations/{id}/assignment"),
                    serde_json::json!({"assignee": admin.id}),
                )),
                _ => None,
            })
            .collect();
        let results: Vec<anyhow::Result<serde_json::Value>> = futures_util::stream::iter(changes)
            .map(|(path, body)| {
                let admin = &admin;
                async move {
                    self.api(admin, reqwest::Method::POST, &path, Some(body))
                        .await
                }
            })
            .buffer_unordered(8)
            .collect()
            .await;
        for r in results {
            r?;
        }
        if let Some(id) = ids.get("351935550000") {
            self.api(
                &admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/assignment"),
                Some(serde_json::json!({"assignee": agent})),
            )
            .await?;
        }
        // Sam sends Rafael the returns form and a picture, with captions.
        if let Some(id) = ids.get("351935550000") {
            let sam = self.agent("agent")?.clone();
            self.send_file(
                &sam,
                *id,
                "Returns form.pdf",
                "application/pdf",
                demo_pdf(),
                "Here is the returns form: fill it in and send it back.",
            )
            .await?;
            self.send_file(
                &sam,
                *id,
                "where-to-find-the-order-number.png",
                "image/png",
                demo_png(),
                "The order number is on the label, top right.",
            )
            .await?;
        }
        // The reply to the unreachable customer fails with Meta's reason.
        if let Some(id) = ids.get("15550100999") {
            self.api(
                &admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/messages"),
                Some(serde_json::json!({"client_message_id": "demo-unreachable-1", "text": "Hi Uma, we are looking into it."})),
            )
            .await?;
        }
        // Labels, on a few conversations.
        let mut label_ids = Vec::new();
        for (name, colour) in [
            ("VIP", "#c62828"),
            ("Refund", "#1e88e5"),
            ("Wholesale", "#2e7d32"),
        ] {
            let made = self
                .api(
                    &admin,
                    reqwest::Method::POST,
                    "/v1/labels",
                    Some(serde_json::json!({"name": name, "colour": colour})),
                )
                .await?;
            label_ids.push(made["id"].as_i64().unwrap_or(0));
        }
        for (wa, labels) in [
            ("351935550000", vec![label_ids[0]]),
            ("15550100999", vec![label_ids[1]]),
            ("4915112345678", vec![label_ids[0], label_ids[2]]),
        ] {
            if let Some(id) = ids.get(wa) {
                self.api(
                    &admin,
                    reqwest::Method::PUT,
                    &format!("/v1/conversations/{id}/labels"),
                    Some(serde_json::json!({ "labels": labels })),
                )
                .await?;
            }
        }
        // Canned replies every agent inserts with `/`.
        for (name, shortcut, text) in [
            (
                "Order shipped",
                "shipped",
                "Hi {{contact.name}}, your order left our warehouse today. You will get the tracking link by e-mail.",
            ),
            (
                "Refund started",
                "refund",
                "Hi {{contact.name}}, we have started your refund: it reaches your account in 3 to 5 working days.",
            ),
            (
                "Address change",
                "address",
                "Of course! Please send the new address (street, number, postcode, town) and we will update it. {{agent.name}}",
            ),
        ] {
            self.api(
                &admin,
                reqwest::Method::POST,
                "/v1/canned",
                Some(serde_json::json!({"name": name, "shortcut": shortcut, "text": text})),
            )
            .await?;
        }
        // What WhatsApp told the business about its templates, for admins.
        self.event(
            "message_template_status_update",
            serde_json::json!({"event": "REJECTED", "message_template_id": 1689556908129835_i64,
                "message_template_name": "spring_sale", "message_template_language": "en",
                "reason": "INVALID_FORMAT", "message_template_category": "MARKETING"}),
        )
        .await?;
        self.event(
            "message_template_quality_update",
            serde_json::json!({"previous_quality_score": "GREEN", "new_quality_score": "YELLOW",
                "message_template_id": 1689556908129832_i64, "message_template_name": "order_update",
                "message_template_language": "en_US"}),
        )
        .await?;
        Ok(())
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

    pub async fn stop(mut self) {
        let _ = self.hub.kill().await;
        let _ = self.sandbox.kill().await;
    }
}

async fn spawn_hub(
    hub_bin: &Path,
    env: &[(String, String)],
    listen: &str,
) -> anyhow::Result<(Child, String)> {
    let mut hub = Command::new(hub_bin);
    hub.args(["serve", "--listen", listen]);
    for (k, v) in env {
        hub.env(k, v);
    }
    spawn_listening(hub, "hub").await
}

async fn add_agent(
    hub_bin: &Path,
    env: &[(String, String)],
    name: &str,
    role: &str,
) -> anyhow::Result<DemoAgent> {
    let out = Command::new(hub_bin)
        .args(["agent", "add", "--name", name, "--role", role])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stderr(Stdio::inherit())
        .output()
        .await?;
    if !out.status.success() {
        bail!("switchboard-hub agent add failed for {name}");
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .map(str::to_owned)
    };
    let id = field("agent_id=")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow!("no agent id"))?;
    let token = field("token=").ok_or_else(|| anyhow!("no token"))?;
    Ok(DemoAgent {
        id,
        name: name.to_owned(),
        role: role.to_owned(),
        token: zeroize::Zeroizing::new(token),
    })
}

/// A file a customer sends (see `Stack::customer_sends_media`).
struct CustomerFile<'a> {
    /// image, video, audio, document or sticker
    kind: &'a str,
    mime_type: &'a str,
    caption: Option<&'a str>,
    filename: Option<&'a str>,
    /// An audio message recorded as a voice note.
    voice: bool,
    bytes: &'a [u8],
}

/// A small picture (the app's icon), for the demo's image messages.
pub fn demo_png() -> Vec<u8> {
    include_bytes!("../../../icons/128x128.png").to_vec()
}

/// A one-page PDF saying what it is, for the demo's document message.
pub fn demo_pdf() -> Vec<u8> {
    let stream = "BT /F1 18 Tf 72 720 Td (Switchboard demo invoice 4711) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Two seconds of a soft two-tone chime as 8 kHz 8-bit mono WAV, for the
/// demo's voice note.
pub fn demo_voice_note() -> Vec<u8> {
    const RATE: u32 = 8_000;
    let samples: Vec<u8> = (0..RATE * 2)
        .map(|i| {
            let t = i as f64 / RATE as f64;
            let tone = if t < 1.0 { 523.25 } else { 659.25 };
            let fade = 1.0 - (t % 1.0);
            (128.0 + 60.0 * fade * (2.0 * std::f64::consts::PI * tone * t).sin()) as u8
        })
        .collect();
    let mut wav = Vec::with_capacity(44 + samples.len());
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + samples.len() as u32).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&RATE.to_le_bytes()); // bytes per second
    wav.extend_from_slice(&1u16.to_le_bytes()); // block align
    wav.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&(samples.len() as u32).to_le_bytes());
    wav.extend_from_slice(&samples);
    wav
}
