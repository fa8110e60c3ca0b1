//! The stack's processes: the sandbox and the hub started as children (each
//! waited for until it listens), the agents created with the hub's own CLI,
//! and the hub killed, restarted or started twice for the tests that need it.

use crate::{DemoAgent, PHONE_NUMBER_ID, Stack, StackOptions, bin};
use anyhow::{Context, anyhow, bail};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    hex::encode(b)
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

impl Stack {
    pub async fn start(opts: StackOptions) -> anyhow::Result<Stack> {
        // The hub's folder is its own user's alone (the hub would narrow it).
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&opts.data_dir)
            .with_context(|| format!("cannot create {}", opts.data_dir.display()))?;
        let secrets = StartSecrets::new();
        let (sandbox, sandbox_url) = start_sandbox(&opts, &secrets).await?;
        let templates = write_templates(&opts.data_dir)?;
        let hub_bin = bin("switchboard-hub")?;
        let hub_command = hub_environment(&opts, &sandbox_url, &secrets, &templates);
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
            app_secret: secrets.app_secret,
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

    pub async fn stop(mut self) {
        let _ = self.hub.kill().await;
        let _ = self.sandbox.kill().await;
    }
}

/// The secrets of one start, generated afresh: kept in memory and passed to
/// the children in their environment only.
struct StartSecrets {
    app_secret: zeroize::Zeroizing<String>,
    access_token: zeroize::Zeroizing<String>,
    verify_token: zeroize::Zeroizing<String>,
    content_key: zeroize::Zeroizing<String>,
}

impl StartSecrets {
    fn new() -> StartSecrets {
        StartSecrets {
            app_secret: zeroize::Zeroizing::new(random_hex(32)),
            access_token: zeroize::Zeroizing::new(format!("EAAsandbox{}", random_hex(24))),
            verify_token: zeroize::Zeroizing::new(random_hex(16)),
            content_key: zeroize::Zeroizing::new(random_hex(32)),
        }
    }
}

/// Starts the sandbox on a free loopback port; returns it and its address.
async fn start_sandbox(
    opts: &StackOptions,
    secrets: &StartSecrets,
) -> anyhow::Result<(Child, String)> {
    let mut sandbox = Command::new(bin("switchboard-sandbox")?);
    sandbox
        .args([
            "--listen",
            "127.0.0.1:0",
            "--phone-number-id",
            PHONE_NUMBER_ID,
            "--other-number",
            crate::SALES_PHONE_NUMBER_ID,
        ])
        .args(["--status-delay-ms", &opts.status_delay_ms.to_string()])
        .args(["--simulate-every", &opts.simulate_every.to_string()])
        .env("SANDBOX_APP_SECRET", secrets.app_secret.as_str())
        .env("SANDBOX_ACCESS_TOKEN", secrets.access_token.as_str());
    spawn_listening(sandbox, "sandbox").await
}

/// Writes the approved templates for replies outside the 24-hour window
/// (not secret) into `data_dir`; returns the file.
fn write_templates(data_dir: &Path) -> anyhow::Result<PathBuf> {
    let templates = data_dir.join("templates.json");
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
            {"name": "spring_sale", "language": "en_US", "body": "Hi {{1}}, our spring sale starts today: 20 % off everything.", "category": "MARKETING"},
            // Approved for the Sales line only (Meta approves templates per account).
            {"name": "orcamento_pronto", "language": "pt_BR", "body": "Olá {{1}}, o seu orçamento está pronto.", "category": "UTILITY", "inboxes": [crate::SALES_PHONE_NUMBER_ID]}
        ]))?,
    )?;
    Ok(templates)
}

/// The hub's environment: where its data is, the sandbox as its Graph API,
/// this start's secrets and the templates file.
fn hub_environment(
    opts: &StackOptions,
    sandbox_url: &str,
    secrets: &StartSecrets,
    templates: &Path,
) -> Vec<(String, String)> {
    let mut hub_command: Vec<(String, String)> = vec![
        ("SWITCHBOARD_HUB_ID".into(), "hub-a".into()),
        (
            "SWITCHBOARD_HUB_DATA".into(),
            opts.data_dir.to_string_lossy().into_owned(),
        ),
        ("WHATSAPP_GRAPH_URL".into(), sandbox_url.to_owned()),
        ("WHATSAPP_PHONE_NUMBER_ID".into(), PHONE_NUMBER_ID.into()),
        (
            "WHATSAPP_ACCESS_TOKEN".into(),
            secrets.access_token.to_string(),
        ),
        ("WHATSAPP_APP_SECRET".into(), secrets.app_secret.to_string()),
        (
            "WHATSAPP_VERIFY_TOKEN".into(),
            secrets.verify_token.to_string(),
        ),
        (
            "SWITCHBOARD_CONTENT_KEY".into(),
            secrets.content_key.to_string(),
        ),
        (
            "SWITCHBOARD_TEMPLATES".into(),
            templates.to_string_lossy().into_owned(),
        ),
    ];
    if let Some(url) = &opts.database_url {
        hub_command.push(("SWITCHBOARD_DATABASE_URL".into(), url.clone()));
    }
    hub_command.extend(opts.hub_env.iter().cloned());
    hub_command
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
