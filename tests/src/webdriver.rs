//! The few WebDriver (W3C) commands the app tests need, over plain HTTP.

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use serde_json::{Value, json};
use std::time::Duration;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    base: String,
    id: String,
    http: reqwest::Client,
}

#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    /// Starts the app at `application` through tauri-driver at `driver_url`.
    pub async fn start(driver_url: &str, application: &std::path::Path) -> anyhow::Result<Session> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": application.to_string_lossy()}
        }}});
        let r: Value = http
            .post(format!("{driver_url}/session"))
            .json(&caps)
            .send()
            .await?
            .json()
            .await?;
        let id = r["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("WebDriver refused the session: {r}"))?
            .to_owned();
        Ok(Session {
            base: format!("{driver_url}/session/{id}"),
            id,
            http,
        })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await?;
        let status = r.status();
        let v: Value = r.json().await.context("WebDriver answer is not JSON")?;
        if !status.is_success() {
            bail!("WebDriver {path}: {status} {}", v["value"]);
        }
        Ok(v["value"].clone())
    }

    pub async fn find_all(&self, css: &str) -> anyhow::Result<Vec<Element>> {
        let v = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(|s| Element(s.to_owned())))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn find(&self, css: &str) -> anyhow::Result<Option<Element>> {
        Ok(self.find_all(css).await?.into_iter().next())
    }

    /// Waits (with a deadline) for an element matching `css`.
    pub async fn wait_for(&self, css: &str, deadline: Duration) -> anyhow::Result<Element> {
        crate::until(&format!("an element matching {css}"), deadline, || {
            self.find(css)
        })
        .await
    }

    pub async fn text(&self, e: &Element) -> anyhow::Result<String> {
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{}/text", e.0),
                None,
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    pub async fn attribute(&self, e: &Element, name: &str) -> anyhow::Result<Option<String>> {
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{}/attribute/{name}", e.0),
                None,
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    pub async fn click(&self, e: &Element) -> anyhow::Result<()> {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/click", e.0),
            Some(json!({})),
        )
        .await?;
        Ok(())
    }

    /// Clicks the element `css` finds, finding it again when the page drew
    /// it anew between finding and clicking (a sync round re-renders the
    /// thread): WebDriver then says "stale element reference".
    pub async fn click_on(&self, css: &str, deadline: Duration) -> anyhow::Result<()> {
        let until = std::time::Instant::now() + deadline;
        loop {
            let e = self.wait_for(css, deadline).await?;
            match self.click(&e).await {
                Err(err)
                    if err.to_string().contains("stale element reference")
                        && std::time::Instant::now() < until => {}
                done => return done,
            }
        }
    }

    pub async fn type_text(&self, e: &Element, text: &str) -> anyhow::Result<()> {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/value", e.0),
            Some(json!({"text": text})),
        )
        .await?;
        Ok(())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page
    /// and returns what it returns.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Presses and releases each key in turn, as a person at the keyboard
    /// would, wherever the focus is (W3C key actions). Special keys use the
    /// WebDriver code points (Enter is "\u{E007}", Escape "\u{E00C}").
    pub async fn press(&self, keys: &[&str]) -> anyhow::Result<()> {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .await?;
        self.call(reqwest::Method::DELETE, "/actions", None).await?;
        Ok(())
    }

    /// Holds `keys` down together, then lets them go (a chord such as
    /// Ctrl+K: Control is "\u{E009}").
    pub async fn chord(&self, keys: &[&str]) -> anyhow::Result<()> {
        let mut actions: Vec<serde_json::Value> = keys
            .iter()
            .map(|k| json!({"type": "keyDown", "value": k}))
            .collect();
        actions.extend(
            keys.iter()
                .rev()
                .map(|k| json!({"type": "keyUp", "value": k})),
        );
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .await?;
        self.call(reqwest::Method::DELETE, "/actions", None).await?;
        Ok(())
    }

    /// The page's current HTML, for failure reports.
    pub async fn source(&self) -> anyhow::Result<String> {
        let v = self.call(reqwest::Method::GET, "/source", None).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    pub async fn screenshot(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let v = self.call(reqwest::Method::GET, "/screenshot", None).await?;
        let png =
            base64::engine::general_purpose::STANDARD.decode(v.as_str().unwrap_or_default())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png)?;
        Ok(())
    }

    pub async fn close(self) -> anyhow::Result<()> {
        self.http.delete(&self.base).send().await?;
        let _ = self.id;
        Ok(())
    }
}
