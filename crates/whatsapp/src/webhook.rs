//! The webhook envelope Meta posts, and the events Switchboard takes from it.
//!
//! Parsing is deliberately lenient about what it does not use: every message
//! keeps its raw JSON, and a type the inbox cannot show becomes
//! [`InboundMessage::kind`] `"unsupported"` rather than an error. Only a body
//! that is not a WhatsApp envelope at all is rejected.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids;

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("the body is not a WhatsApp Business Account webhook (object = {0:?})")]
    WrongObject(String),
    /// An identifier outside the alphabet Meta uses for it (see [`crate::ids`]).
    /// The value is not repeated: it may be anything.
    #[error("the {0} is not a valid identifier")]
    BadId(&'static str),
}

#[derive(Debug, Deserialize)]
struct Envelope {
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<ChangeItem>,
}

#[derive(Debug, Deserialize)]
struct ChangeItem {
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: Value,
}

#[derive(Debug, Default, Deserialize)]
struct Metadata {
    #[serde(default)]
    display_phone_number: String,
    #[serde(default)]
    phone_number_id: String,
}

#[derive(Debug, Deserialize)]
struct Contact {
    #[serde(default)]
    wa_id: String,
    #[serde(default)]
    profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    #[serde(default)]
    name: Option<String>,
}

/// A message a customer sent to one of our numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboundMessage {
    pub phone_number_id: String,
    pub display_phone_number: String,
    /// The customer's WhatsApp id.
    pub from: String,
    pub contact_name: Option<String>,
    pub wamid: String,
    /// Unix seconds.
    pub timestamp: i64,
    /// `text`, `image`, ... or `unsupported` for anything the inbox cannot show.
    pub kind: String,
    /// The body for text, a short description for anything else.
    pub text: Option<String>,
    /// For `revoke` and `edit`: the wamid of the message deleted or edited.
    pub refers_to: Option<String>,
    /// For `edit`: the message's new text (body or caption).
    pub edited_text: Option<String>,
    pub raw: Value,
}

/// A delivery status for a message we sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusUpdate {
    pub phone_number_id: String,
    pub wamid: String,
    /// `sent`, `delivered`, `read`, `failed`, `played`, or something newer.
    pub status: String,
    pub timestamp: i64,
    pub recipient_id: String,
    /// For `failed`: Meta's code and title (and details when given).
    pub error: Option<String>,
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Event {
    Message(InboundMessage),
    Status(StatusUpdate),
    /// Anything else Meta sends (errors, template and account updates, ...), kept raw.
    Other {
        field: String,
        raw: Value,
    },
}

const SHOWN_KINDS: &[&str] = &[
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "reaction",
    "interactive",
    "button",
    "order",
    "system",
    "revoke",
    "edit",
];

/// Parses a webhook body into events, in the order they appear.
pub fn parse(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let envelope: Envelope = serde_json::from_slice(body)?;
    if envelope.object != "whatsapp_business_account" {
        return Err(ParseError::WrongObject(envelope.object));
    }
    let mut events = Vec::new();
    for entry in envelope.entry {
        for change in entry.changes {
            parse_change(change, &mut events)?;
        }
    }
    Ok(events)
}

/// Fails with [`ParseError::BadId`] naming `what` unless `ok`.
fn check(ok: bool, what: &'static str) -> Result<(), ParseError> {
    if ok {
        Ok(())
    } else {
        Err(ParseError::BadId(what))
    }
}

/// The business number may be absent (the hub then answers from its default
/// number); when present it is Meta's numeric id, since it goes into URLs.
fn check_number(phone_number_id: &str) -> Result<(), ParseError> {
    check(
        phone_number_id.is_empty() || ids::is_numeric_id(phone_number_id),
        "phone_number_id",
    )
}

fn parse_change(change: ChangeItem, events: &mut Vec<Event>) -> Result<(), ParseError> {
    let value = &change.value;
    let metadata: Metadata =
        serde_json::from_value(value.get("metadata").cloned().unwrap_or(Value::Null))
            .unwrap_or_default();
    let contacts: Vec<Contact> =
        serde_json::from_value(value.get("contacts").cloned().unwrap_or(Value::Null))
            .unwrap_or_default();
    let mut handled = false;

    if let Some(messages) = value.get("messages").and_then(Value::as_array) {
        for m in messages {
            let from = str_field(m, "from");
            check_number(&metadata.phone_number_id)?;
            let Some(wamid) = m.get("id").and_then(Value::as_str) else {
                events.push(Event::Other {
                    field: change.field.clone(),
                    raw: m.clone(),
                });
                continue;
            };
            let contact_name = contacts
                .iter()
                .find(|c| c.wa_id == from)
                .or(contacts.first())
                .and_then(|c| c.profile.as_ref())
                .and_then(|p| p.name.clone());
            let declared = str_field(m, "type");
            let kind = if SHOWN_KINDS.contains(&declared.as_str()) {
                declared
            } else {
                "unsupported".to_owned()
            };
            let refers_to = m
                .get(kind.as_str())
                .and_then(|p| p.get("original_message_id"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .filter(|_| kind == "revoke" || kind == "edit");
            let edited_text = (kind == "edit").then(|| edited_text(m)).flatten();
            check(ids::is_customer_id(&from), "sender (from)")?;
            check(ids::is_wamid(wamid), "message id")?;
            check(
                refers_to.as_deref().is_none_or(ids::is_wamid),
                "original message id",
            )?;
            if let Some(media_id) = m.get(kind.as_str()).and_then(|p| p.get("id")) {
                let media_kind =
                    ["image", "video", "audio", "document", "sticker"].contains(&kind.as_str());
                check(
                    !media_kind || media_id.as_str().is_some_and(ids::is_numeric_id),
                    "media id",
                )?;
            }
            events.push(Event::Message(InboundMessage {
                phone_number_id: metadata.phone_number_id.clone(),
                display_phone_number: metadata.display_phone_number.clone(),
                from,
                contact_name,
                wamid: wamid.to_owned(),
                timestamp: unix_seconds(m.get("timestamp")),
                text: describe(&kind, m),
                kind,
                refers_to,
                edited_text,
                raw: m.clone(),
            }));
        }
        handled = true;
    }
    if let Some(statuses) = value.get("statuses").and_then(Value::as_array) {
        for s in statuses {
            let Some(wamid) = s.get("id").and_then(Value::as_str) else {
                events.push(Event::Other {
                    field: change.field.clone(),
                    raw: s.clone(),
                });
                continue;
            };
            check_number(&metadata.phone_number_id)?;
            check(ids::is_wamid(wamid), "message id")?;
            let recipient_id = str_field(s, "recipient_id");
            check(
                recipient_id.is_empty() || ids::is_safe_id(&recipient_id),
                "recipient id",
            )?;
            events.push(Event::Status(StatusUpdate {
                phone_number_id: metadata.phone_number_id.clone(),
                wamid: wamid.to_owned(),
                status: str_field(s, "status"),
                timestamp: unix_seconds(s.get("timestamp")),
                recipient_id,
                error: first_error(s),
                raw: s.clone(),
            }));
        }
        handled = true;
    }
    if !handled {
        events.push(Event::Other {
            field: change.field,
            raw: change.value,
        });
    }
    Ok(())
}

fn str_field(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Meta sends timestamps as strings of unix seconds; accept numbers too.
fn unix_seconds(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        _ => 0,
    }
}

fn first_error(v: &Value) -> Option<String> {
    let e = v.get("errors")?.as_array()?.first()?;
    let code = e.get("code").map(|c| c.to_string()).unwrap_or_default();
    let title = e.get("title").and_then(Value::as_str).unwrap_or("error");
    let details = e
        .get("error_data")
        .and_then(|d| d.get("details"))
        .and_then(Value::as_str)
        .map(|d| format!(": {d}"))
        .unwrap_or_default();
    Some(format!("{code} {title}{details}"))
}

/// The new text of an `edit`: the edited message's body or caption.
fn edited_text(m: &Value) -> Option<String> {
    let inner = m.get("edit")?.get("message")?;
    let t = inner.get("type")?.as_str()?;
    let part = inner.get(t)?;
    part.get("body")
        .or_else(|| part.get("caption"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The text the inbox shows for a message.
fn describe(kind: &str, m: &Value) -> Option<String> {
    let part = m.get(kind);
    let get = |k: &str| {
        part.and_then(|p| p.get(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    match kind {
        "text" => get("body"),
        "image" | "video" | "sticker" | "audio" => {
            Some(get("caption").unwrap_or_else(|| format!("[{kind}]")))
        }
        "document" => Some(
            get("caption")
                .or_else(|| get("filename"))
                .map(|c| format!("[document] {c}"))
                .unwrap_or_else(|| "[document]".to_owned()),
        ),
        "location" => {
            let name = get("name").or_else(|| get("address"));
            let lat = part.and_then(|p| p.get("latitude")).map(|v| v.to_string());
            let lon = part.and_then(|p| p.get("longitude")).map(|v| v.to_string());
            Some(match (name, lat, lon) {
                (Some(n), _, _) => format!("[location] {n}"),
                (None, Some(a), Some(o)) => format!("[location] {a}, {o}"),
                _ => "[location]".to_owned(),
            })
        }
        "reaction" => Some(match get("emoji").filter(|e| !e.is_empty()) {
            Some(e) => format!("reacted {e}"),
            None => "removed a reaction".to_owned(),
        }),
        "button" => get("text"),
        "interactive" => part.and_then(|p| {
            let t = p.get("type")?.as_str()?;
            p.get(t)?.get("title")?.as_str().map(str::to_owned)
        }),
        "contacts" => Some("[contact card]".to_owned()),
        "order" => Some("[order]".to_owned()),
        "system" => m
            .get("system")
            .and_then(|s| s.get("body"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or(Some("[system notice]".to_owned())),
        "revoke" => Some("deleted a message".to_owned()),
        "edit" => Some(match edited_text(m) {
            Some(t) => format!("edited a message: {t}"),
            None => "edited a message".to_owned(),
        }),
        _ => Some("[unsupported message]".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_objects_and_non_json() {
        assert!(matches!(
            parse(b"{\"object\":\"page\"}"),
            Err(ParseError::WrongObject(_))
        ));
        assert!(matches!(parse(b"not json"), Err(ParseError::NotJson(_))));
    }

    #[test]
    fn edits_and_deletions_name_the_original() {
        let body = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
            "metadata":{"phone_number_id":"1"},
            "messages":[
              {"from":"3","id":"wamid.E","timestamp":"10","type":"edit","edit":{"original_message_id":"wamid.O",
                "message":{"type":"text","text":{"body":"fixed typo"}}}},
              {"from":"3","id":"wamid.R","timestamp":"11","type":"revoke","revoke":{"original_message_id":"wamid.P"}}
            ]}}]}]}"#;
        let events = parse(body).unwrap_or_default();
        let [Event::Message(edit), Event::Message(revoke)] = events.as_slice() else {
            panic!("expected two messages, got {events:?}");
        };
        assert_eq!(edit.refers_to.as_deref(), Some("wamid.O"));
        assert_eq!(edit.edited_text.as_deref(), Some("fixed typo"));
        assert_eq!(revoke.kind, "revoke");
        assert_eq!(revoke.refers_to.as_deref(), Some("wamid.P"));
    }

    /// Regression: a signed webhook carrying `../../evil/path?x=` as its media
    /// id, business number or sender made the hub call that path with its token.
    #[test]
    fn hostile_identifiers_make_the_body_unparseable() {
        let envelope = |number: &str, from: &str, media_id: &str| {
            serde_json::json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
                "metadata": {"phone_number_id": number},
                "messages": [{"from": from, "id": "wamid.A", "timestamp": "10", "type": "image",
                              "image": {"id": media_id, "mime_type": "image/jpeg"}}]}}]}]})
            .to_string()
        };
        assert!(parse(envelope("1", "3", "42").as_bytes()).is_ok());
        for (body, what) in [
            (envelope("../../evil", "3", "42"), "phone_number_id"),
            (envelope("1", "../../etc/passwd", "42"), "sender (from)"),
            (envelope("1", "3", "../../evil/path?x="), "media id"),
        ] {
            match parse(body.as_bytes()) {
                Err(ParseError::BadId(w)) => assert_eq!(w, what),
                other => panic!("{what}: expected BadId, got {other:?}"),
            }
        }
        let status = r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
            "metadata":{"phone_number_id":"1"},"statuses":[{"id":"wamid.<x>","status":"read","timestamp":"1"}]}}]}]}"#;
        assert!(matches!(
            parse(status.as_bytes()),
            Err(ParseError::BadId("message id"))
        ));
    }

    #[test]
    fn unknown_type_is_unsupported_not_an_error() {
        let body = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
            "metadata":{"phone_number_id":"1","display_phone_number":"2"},
            "messages":[{"from":"3","id":"wamid.A","timestamp":"10","type":"hologram"}]}}]}]}"#;
        let events = parse(body).unwrap_or_default();
        let Some(Event::Message(m)) = events.first() else {
            panic!("expected one message, got {events:?}");
        };
        assert_eq!(m.kind, "unsupported");
        assert_eq!(m.timestamp, 10);
        assert_eq!(m.raw["type"], "hologram", "the raw message is kept");
    }
}
