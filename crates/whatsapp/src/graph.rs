//! A small client for the Graph API calls the hub makes.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;

use crate::ids;

/// Where and as whom to call the Graph API.
#[derive(Clone)]
pub struct GraphConfig {
    /// `https://graph.facebook.com`, or the sandbox on loopback.
    pub base_url: String,
    /// `v24.0` or newer.
    pub version: String,
    pub phone_number_id: String,
    pub access_token: String,
}

impl std::fmt::Debug for GraphConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphConfig")
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .field("phone_number_id", &self.phone_number_id)
            .field("access_token", &"<redacted>")
            .finish()
    }
}

/// Meta's error body: `{"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphErrorBody {
    pub message: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    pub code: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbtrace_id: Option<String>,
}

/// What to do about a failed call, per the table in WHATSAPP.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Back off and try again with the same idempotency key.
    Retry,
    /// The message cannot be sent as it is; show the reason.
    Fail,
    /// Credentials or permissions are broken: stop sending and alarm.
    ChannelDown,
}

pub fn disposition(code: i64) -> Disposition {
    match code {
        0 | 190 | 10 | 200..=299 => Disposition::ChannelDown,
        130429 | 131056 | 131000 => Disposition::Retry,
        _ => Disposition::Fail,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("Meta refused the request (HTTP {status}): {} ({})", .body.message, .body.code)]
    Api { status: u16, body: GraphErrorBody },
    /// The request never left: safe to try again.
    #[error("the Graph API could not be reached: {0}")]
    NotSent(String),
    /// The request may have reached Meta but no usable answer came back: the
    /// message may or may not have been sent.
    #[error("the Graph API's answer was lost or unreadable: {0}")]
    Unknown(String),
    /// An identifier that cannot be Meta's: nothing was sent, and trying again
    /// will not help.
    #[error("not sent: the {0} is not a valid identifier")]
    InvalidId(&'static str),
    /// Meta answered, but with something it never sends (a malformed
    /// media id): trying again will not help.
    #[error("{0}")]
    BadAnswer(String),
    /// A media lookup or download answered with an HTTP error and no error
    /// body of Meta's (an unknown or expired media id or URL answers 404).
    #[error("WhatsApp answered HTTP {0}")]
    Status(u16),
}

impl GraphError {
    pub fn disposition(&self) -> Disposition {
        match self {
            GraphError::Api { status, body } => match disposition(body.code) {
                Disposition::Fail if *status >= 500 => Disposition::Retry,
                d => d,
            },
            GraphError::NotSent(_) => Disposition::Retry,
            GraphError::Unknown(_) | GraphError::InvalidId(_) | GraphError::BadAnswer(_) => {
                Disposition::Fail
            }
            GraphError::Status(status) => match status {
                408 | 429 | 500.. => Disposition::Retry,
                401 | 403 => Disposition::ChannelDown,
                _ => Disposition::Fail,
            },
        }
    }

    /// Whether the message may have been sent despite the error.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, GraphError::Unknown(_))
    }

    /// A reason fit to show an agent.
    pub fn reason(&self) -> String {
        match self {
            GraphError::Api { body: b, .. } => {
                let details = b
                    .error_data
                    .as_ref()
                    .and_then(|d| d.get("details"))
                    .and_then(Value::as_str)
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                format!("{} {}{}", b.code, b.message, details)
            }
            GraphError::NotSent(_) => "WhatsApp could not be reached".to_owned(),
            GraphError::InvalidId(what) => format!("not sent: the {what} is not valid"),
            GraphError::Status(status) => format!("WhatsApp answered HTTP {status}"),
            GraphError::BadAnswer(why) => why.clone(),
            GraphError::Unknown(_) => {
                "WhatsApp's answer was lost: the message may or may not have reached the customer"
                    .to_owned()
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct GraphClient {
    config: GraphConfig,
    http: reqwest::Client,
}

/// `GET /{version}/{media_id}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MediaInfo {
    pub url: String,
    #[serde(default)]
    pub mime_type: String,
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub file_size: u64,
    pub id: String,
}

#[derive(Deserialize)]
struct SendAnswer {
    messages: Vec<SentId>,
}

#[derive(Deserialize)]
struct SentId {
    id: String,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: GraphErrorBody,
}

impl GraphClient {
    pub fn new(config: GraphConfig) -> Result<GraphClient, GraphError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| GraphError::NotSent(e.to_string()))?;
        Ok(GraphClient { config, http })
    }

    pub fn config(&self) -> &GraphConfig {
        &self.config
    }

    /// The same client speaking for another business number of the account
    /// (a conversation is answered from the number the customer wrote to).
    pub fn for_number(&self, phone_number_id: &str) -> GraphClient {
        let mut config = self.config.clone();
        if !phone_number_id.is_empty() {
            config.phone_number_id = phone_number_id.to_owned();
        }
        GraphClient {
            config,
            http: self.http.clone(),
        }
    }

    /// `{base}/{version}/{segments…}`, each segment checked by the caller and
    /// percent-encoded here, so no identifier can add a path, a query or a host.
    fn url(&self, segments: &[&str]) -> Result<reqwest::Url, GraphError> {
        let mut url = reqwest::Url::parse(self.config.base_url.trim_end_matches('/'))
            .map_err(|_| GraphError::InvalidId("Graph API base URL"))?;
        url.path_segments_mut()
            .map_err(|_| GraphError::InvalidId("Graph API base URL"))?
            .pop_if_empty()
            .push(&self.config.version)
            .extend(segments);
        Ok(url)
    }

    fn messages_url(&self) -> Result<reqwest::Url, GraphError> {
        let number = self.config.phone_number_id.as_str();
        if !ids::is_numeric_id(number) {
            return Err(GraphError::InvalidId("phone_number_id"));
        }
        self.url(&[number, "messages"])
    }

    /// Sends a text message; returns the wamid Meta assigned.
    pub async fn send_text(&self, to: &str, body: &str) -> Result<String, GraphError> {
        let payload = text_body(to, body);
        self.send(&payload).await
    }

    /// Sends a text that quotes the message `wamid` (WhatsApp's
    /// `context.message_id`); returns the new message's wamid.
    pub async fn send_reply(
        &self,
        to: &str,
        body: &str,
        wamid: &str,
    ) -> Result<String, GraphError> {
        if !ids::is_wamid(wamid) {
            return Err(GraphError::InvalidId("quoted message id"));
        }
        let mut payload = text_body(to, body);
        payload["context"] = json!({ "message_id": wamid });
        self.send(&payload).await
    }

    /// Sends an approved template with body parameters; returns the wamid.
    pub async fn send_template(
        &self,
        to: &str,
        name: &str,
        language: &str,
        parameters: &[String],
    ) -> Result<String, GraphError> {
        let payload = template_body(to, name, language, parameters);
        self.send(&payload).await
    }

    /// Uploads a file to the number's media endpoint (multipart: `file`,
    /// `type`, `messaging_product`), streamed from `body` (`size` bytes);
    /// returns Meta's media id. Nothing reaches the customer by this call,
    /// so an answer lost on the way is only a failed upload, tried again.
    pub async fn upload_media(
        &self,
        mime_type: &str,
        filename: &str,
        size: u64,
        body: reqwest::Body,
    ) -> Result<String, GraphError> {
        let number = self.config.phone_number_id.as_str();
        if !ids::is_numeric_id(number) {
            return Err(GraphError::InvalidId("phone_number_id"));
        }
        let url = self.url(&[number, "media"])?;
        let file = reqwest::multipart::Part::stream_with_length(body, size)
            .file_name(filename.to_owned())
            .mime_str(mime_type)
            .map_err(|_| GraphError::InvalidId("media type"))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime_type.to_owned())
            .part("file", file);
        let response = self
            .http
            .post(url)
            .bearer_auth(&self.config.access_token)
            // A 100 MB document on a slow line takes minutes, not seconds.
            .timeout(Duration::from_secs(600))
            .multipart(form)
            .send()
            .await
            .map_err(|e| GraphError::NotSent(e.without_url().to_string()))?;
        #[derive(Deserialize)]
        struct Uploaded {
            id: String,
        }
        let uploaded: Uploaded = Self::answer(response, GraphError::NotSent).await?;
        // An id Meta would never send: uploading again cannot help, and
        // the file may have arrived, so the reply fails with the cause.
        if !ids::is_numeric_id(&uploaded.id) {
            return Err(GraphError::BadAnswer(
                "WhatsApp answered the upload with a media id it never sends".to_owned(),
            ));
        }
        Ok(uploaded.id)
    }

    /// Sends an uploaded file (`kind`: image, audio, video or document) with
    /// an optional caption (not for audio) and a document's file name,
    /// quoting `reply_to` when given; returns the wamid.
    pub async fn send_media(&self, to: &str, media: &MediaSend<'_>) -> Result<String, GraphError> {
        if !ids::is_numeric_id(media.media_id) {
            return Err(GraphError::InvalidId("media id"));
        }
        let mut object = json!({ "id": media.media_id });
        if let Some(caption) = media
            .caption
            .filter(|c| !c.is_empty() && media.kind != "audio")
        {
            object["caption"] = json!(caption);
        }
        if media.kind == "document" && !media.filename.is_empty() {
            object["filename"] = json!(media.filename);
        }
        let kind = match media.kind {
            "image" | "audio" | "video" | "document" => media.kind,
            _ => return Err(GraphError::InvalidId("media kind")),
        };
        let mut payload = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": kind,
        });
        payload[kind] = object;
        if let Some(wamid) = media.reply_to {
            if !ids::is_wamid(wamid) {
                return Err(GraphError::InvalidId("quoted message id"));
            }
            payload["context"] = json!({ "message_id": wamid });
        }
        self.send(&payload).await
    }

    /// Looks up a media id: where to download it (a short-lived URL) and what it is.
    pub async fn media_info(&self, media_id: &str) -> Result<MediaInfo, GraphError> {
        if !ids::is_numeric_id(media_id) {
            return Err(GraphError::InvalidId("media id"));
        }
        let url = self.url(&[media_id])?;
        let response = self
            .http
            .get(url)
            .bearer_auth(&self.config.access_token)
            .send()
            .await
            .map_err(|e| GraphError::NotSent(e.without_url().to_string()))?;
        let status = response.status();
        match Self::answer(response, GraphError::NotSent).await {
            // Not Meta's error body: say the status, so a 404 is not taken
            // for a network failure.
            Err(GraphError::NotSent(_)) if !status.is_success() => {
                Err(GraphError::Status(status.as_u16()))
            }
            other => other,
        }
    }

    /// Downloads media bytes from the URL `media_info` gave, refusing more than `max_bytes`.
    pub async fn download(&self, url: &str, max_bytes: u64) -> Result<Vec<u8>, GraphError> {
        let mut response = self
            .http
            .get(url)
            .bearer_auth(&self.config.access_token)
            .send()
            .await
            .map_err(|e| GraphError::NotSent(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(GraphError::Status(response.status().as_u16()));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| GraphError::NotSent(e.to_string()))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > max_bytes {
                return Err(GraphError::NotSent(format!(
                    "media is larger than {max_bytes} bytes"
                )));
            }
        }
        Ok(bytes)
    }

    /// Decodes Meta's answer. `lost` says what an unreadable answer means:
    /// harmless for a lookup, an unknown outcome for a send.
    async fn answer<T: serde::de::DeserializeOwned>(
        response: reqwest::Response,
        lost: fn(String) -> GraphError,
    ) -> Result<T, GraphError> {
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| lost(e.to_string()))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| lost(e.to_string()));
        }
        match serde_json::from_slice::<ErrorEnvelope>(&bytes) {
            Ok(env) => Err(GraphError::Api {
                status: status.as_u16(),
                body: env.error,
            }),
            Err(_) => Err(lost(format!("HTTP {status} without Meta's error body"))),
        }
    }

    /// Sends a text with reply buttons ([`buttons_body`]); returns the wamid.
    pub async fn send_buttons(
        &self,
        to: &str,
        body: &str,
        buttons: &[(String, String)],
    ) -> Result<String, GraphError> {
        self.send(&buttons_body(to, body, buttons)).await
    }

    /// Sends a text with a list of rows behind a button ([`list_body`]);
    /// returns the wamid.
    pub async fn send_list(
        &self,
        to: &str,
        body: &str,
        button: &str,
        rows: &[(String, String)],
    ) -> Result<String, GraphError> {
        self.send(&list_body(to, body, button, rows)).await
    }

    /// Reacts to a message (`emoji` empty removes the reaction); returns the wamid.
    pub async fn send_reaction(
        &self,
        to: &str,
        wamid: &str,
        emoji: &str,
    ) -> Result<String, GraphError> {
        let payload = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "reaction",
            "reaction": {"message_id": wamid, "emoji": emoji},
        });
        self.send(&payload).await
    }

    /// Sends a message body; returns the wamid Meta assigned.
    async fn send(&self, payload: &Value) -> Result<String, GraphError> {
        let answer: SendAnswer = self.post(payload).await?;
        answer
            .messages
            .into_iter()
            .next()
            .map(|m| m.id)
            .ok_or_else(|| GraphError::Unknown("the answer carried no message id".to_owned()))
    }

    /// Marks an inbound message read (blue ticks for the customer).
    pub async fn mark_read(&self, wamid: &str) -> Result<(), GraphError> {
        let payload =
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid});
        let _: Value = self.post(&payload).await?;
        Ok(())
    }

    async fn post<T: serde::de::DeserializeOwned>(&self, payload: &Value) -> Result<T, GraphError> {
        let response = self
            .http
            .post(self.messages_url()?)
            .bearer_auth(&self.config.access_token)
            .json(payload)
            .send()
            .await
            .map_err(|e| {
                let e = e.without_url();
                if e.is_connect() {
                    GraphError::NotSent(e.to_string())
                } else {
                    GraphError::Unknown(e.to_string())
                }
            })?;
        Self::answer(response, GraphError::Unknown).await
    }
}

/// A streamed request body (an upload's file).
pub use reqwest::Body;

/// A file to send by its media id.
#[derive(Debug, Clone, Copy)]
pub struct MediaSend<'a> {
    pub kind: &'a str,
    pub media_id: &'a str,
    pub caption: Option<&'a str>,
    pub filename: &'a str,
    pub reply_to: Option<&'a str>,
}

/// The send body for a text message.
pub fn text_body(to: &str, body: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": false, "body": body},
    })
}

/// The send body for an interactive message with up to three reply
/// buttons (`(id, title)`): the customer taps one and its id comes back as
/// `interactive.button_reply.id`.
pub fn buttons_body(to: &str, body: &str, buttons: &[(String, String)]) -> Value {
    let buttons: Vec<Value> = buttons
        .iter()
        .map(|(id, title)| json!({"type": "reply", "reply": {"id": id, "title": title}}))
        .collect();
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}},
    })
}

/// The send body for an interactive list message: one section of rows
/// (`(id, title)`) behind the button labelled `button`; the customer picks
/// one and its id comes back as `interactive.list_reply.id`.
pub fn list_body(to: &str, body: &str, button: &str, rows: &[(String, String)]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|(id, title)| json!({"id": id, "title": title}))
        .collect();
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": body},
            "action": {"button": button, "sections": [{"rows": rows}]},
        },
    })
}

/// The send body for a template message.
pub fn template_body(to: &str, name: &str, language: &str, parameters: &[String]) -> Value {
    let params: Vec<Value> = parameters
        .iter()
        .map(|p| json!({"type": "text", "text": p}))
        .collect();
    let mut template = json!({"name": name, "language": {"code": language}});
    if !params.is_empty() {
        template["components"] = json!([{"type": "body", "parameters": params}]);
    }
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": template,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_follow_the_table() {
        assert_eq!(disposition(130429), Disposition::Retry);
        assert_eq!(disposition(131056), Disposition::Retry);
        assert_eq!(disposition(131047), Disposition::Fail);
        assert_eq!(disposition(131026), Disposition::Fail);
        assert_eq!(disposition(190), Disposition::ChannelDown);
        assert_eq!(disposition(230), Disposition::ChannelDown);
    }

    /// Regression: hostile ids reached the Graph API's path with the token.
    #[tokio::test]
    async fn hostile_ids_never_leave_the_client() {
        let client = GraphClient::new(GraphConfig {
            base_url: "http://127.0.0.1:9".into(),
            version: "v24.0".into(),
            phone_number_id: "../../evil".into(),
            access_token: "placeholder".into(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            client.media_info("../../evil/path?x=").await,
            Err(GraphError::InvalidId("media id"))
        ));
        assert!(matches!(
            client.send_text("1", "hi").await,
            Err(GraphError::InvalidId("phone_number_id"))
        ));
        let good = client.for_number("123");
        assert_eq!(
            good.url(&["123", "messages"]).map(|u| u.to_string()).ok(),
            Some("http://127.0.0.1:9/v24.0/123/messages".to_owned())
        );
        assert_eq!(
            good.url(&["a/b?c"]).map(|u| u.path().to_owned()).ok(),
            Some("/v24.0/a%2Fb%3Fc".to_owned()),
            "segments are encoded even if a check were missed"
        );
    }

    #[test]
    fn debug_hides_the_token() {
        let c = GraphConfig {
            base_url: "b".into(),
            version: "v24.0".into(),
            phone_number_id: "1".into(),
            access_token: "EAAsecret".into(),
        };
        assert!(!format!("{c:?}").contains("EAAsecret"));
    }
}
