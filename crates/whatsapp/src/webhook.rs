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

/// Where a message in a conversation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The customer wrote it.
    Customer,
    /// The business sent it from the WhatsApp Business app on its phone
    /// (coexistence: `smb_message_echoes`); it shows as outbound.
    Phone,
    /// A voice call ended: a notice in the thread (`kind` "call"); the
    /// customer called when `from_customer`.
    Call { from_customer: bool },
}

/// A message of a conversation with a customer, as WhatsApp reported it:
/// mostly what a customer sent to one of our numbers (see [`Source`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboundMessage {
    pub phone_number_id: String,
    pub display_phone_number: String,
    /// The customer's WhatsApp id (for an echo, whom the business wrote to).
    pub from: String,
    pub source: Source,
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
    /// Anything else Meta sends (calls, echoes, preferences, errors, template
    /// and account updates, ...), kept raw, with the customer it concerns
    /// when it names one (so exporting or erasing a contact finds it).
    Other {
        field: String,
        contact: Option<String>,
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

/// The digits of a number as Meta writes it (`+1 555-000 1111` or `15550001111`).
fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Parses one change of an entry: its messages and echoes, calls and
/// statuses; a change with none of them is kept whole as another event.
fn parse_change(change: ChangeItem, events: &mut Vec<Event>) -> Result<(), ParseError> {
    let value = &change.value;
    let metadata: Metadata =
        serde_json::from_value(value.get("metadata").cloned().unwrap_or(Value::Null))
            .unwrap_or_default();
    let contacts: Vec<Contact> =
        serde_json::from_value(value.get("contacts").cloned().unwrap_or(Value::Null))
            .unwrap_or_default();
    let mut handled = false;

    for (list, source) in [
        ("messages", Source::Customer),
        ("message_echoes", Source::Phone),
    ] {
        let Some(messages) = value.get(list).and_then(Value::as_array) else {
            continue;
        };
        for m in messages {
            events.push(message_event(
                m,
                source,
                &change.field,
                &metadata,
                &contacts,
            )?);
        }
        handled = true;
    }
    // A call's events are kept as they come (below); the one that ends it
    // also becomes a notice in the customer's thread.
    if let Some(calls) = value.get("calls").and_then(Value::as_array) {
        for c in calls {
            if let Some(notice) = call_notice(c, &metadata, &contacts)? {
                events.push(Event::Message(notice));
            }
        }
    }
    if let Some(statuses) = value.get("statuses").and_then(Value::as_array) {
        for s in statuses {
            events.push(status_event(s, &change.field, &metadata)?);
        }
        handled = true;
    }
    if !handled {
        events.push(Event::Other {
            contact: named_customer(&change.value, &metadata.display_phone_number),
            field: change.field,
            raw: change.value,
        });
    }
    Ok(())
}

/// One message of a change's `messages` (from a customer) or
/// `message_echoes` (written on the business's phone), from `source`; one
/// without an id, or an echo to the business's own number, is another event.
fn message_event(
    m: &Value,
    source: Source,
    field: &str,
    metadata: &Metadata,
    contacts: &[Contact],
) -> Result<Event, ParseError> {
    // An echo is written by the business to the customer.
    let from = match source {
        Source::Phone => str_field(m, "to"),
        _ => str_field(m, "from"),
    };
    check_number(&metadata.phone_number_id)?;
    // An echo to the business's own number (a note to self on the
    // phone) is no customer: kept as an event, never a conversation.
    let to_itself = source == Source::Phone
        && !metadata.display_phone_number.is_empty()
        && digits(&from) == digits(&metadata.display_phone_number);
    let Some(wamid) = m.get("id").and_then(Value::as_str).filter(|_| !to_itself) else {
        return Ok(Event::Other {
            field: field.to_owned(),
            contact: if to_itself { None } else { customer(&from) },
            raw: m.clone(),
        });
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
    Ok(Event::Message(InboundMessage {
        phone_number_id: metadata.phone_number_id.clone(),
        display_phone_number: metadata.display_phone_number.clone(),
        from,
        source,
        contact_name,
        wamid: wamid.to_owned(),
        timestamp: unix_seconds(m.get("timestamp")),
        text: describe(&kind, m),
        kind,
        refers_to,
        edited_text,
        raw: m.clone(),
    }))
}

/// One of a change's `statuses`: how far a message the business sent got;
/// a call's progress, or a status without an id, is another event.
fn status_event(s: &Value, field: &str, metadata: &Metadata) -> Result<Event, ParseError> {
    let recipient = str_field(s, "recipient_id");
    // A call's progress (ringing, accepted, rejected) comes as a
    // status of the call's id, not of a message we sent.
    let is_call = s.get("type").and_then(Value::as_str) == Some("call")
        || s.get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| id.starts_with("wacid."));
    let wamid = match s.get("id").and_then(Value::as_str) {
        Some(wamid) if !is_call => wamid,
        _ => {
            return Ok(Event::Other {
                field: if is_call {
                    "calls".to_owned()
                } else {
                    field.to_owned()
                },
                contact: customer(&recipient),
                raw: s.clone(),
            });
        }
    };
    check_number(&metadata.phone_number_id)?;
    check(ids::is_wamid(wamid), "message id")?;
    let recipient_id = recipient;
    check(
        recipient_id.is_empty() || ids::is_safe_id(&recipient_id),
        "recipient id",
    )?;
    Ok(Event::Status(StatusUpdate {
        phone_number_id: metadata.phone_number_id.clone(),
        wamid: wamid.to_owned(),
        status: str_field(s, "status"),
        timestamp: unix_seconds(s.get("timestamp")),
        recipient_id,
        error: first_error(s),
        raw: s.clone(),
    }))
}

/// The thread notice for a call that ended (`event` "terminate"): who
/// called, and whether it was answered and for how long.
fn call_notice(
    c: &Value,
    metadata: &Metadata,
    contacts: &[Contact],
) -> Result<Option<InboundMessage>, ParseError> {
    if c.get("event").and_then(Value::as_str) != Some("terminate") {
        return Ok(None);
    }
    let Some(id) = c.get("id").and_then(Value::as_str) else {
        return Ok(None);
    };
    check_number(&metadata.phone_number_id)?;
    check(ids::is_wamid(id), "call id")?;
    let from_customer = c.get("direction").and_then(Value::as_str) != Some("BUSINESS_INITIATED");
    let customer = str_field(c, if from_customer { "from" } else { "to" });
    check(ids::is_customer_id(&customer), "caller (from)")?;
    let seconds = c
        .get("duration")
        .and_then(|d| d.as_i64().or_else(|| d.as_str()?.parse().ok()))
        .unwrap_or(0);
    let answered = str_field(c, "status").eq_ignore_ascii_case("completed") && seconds > 0;
    let text = match (from_customer, answered) {
        (true, true) => format!("Voice call from the customer, {}", duration(seconds)),
        (true, false) => "Missed voice call from the customer".to_owned(),
        (false, true) => format!("Voice call to the customer, {}", duration(seconds)),
        (false, false) => "Voice call to the customer, not answered".to_owned(),
    };
    let contact_name = contacts
        .iter()
        .find(|k| k.wa_id == customer)
        .and_then(|k| k.profile.as_ref())
        .and_then(|p| p.name.clone());
    Ok(Some(InboundMessage {
        phone_number_id: metadata.phone_number_id.clone(),
        display_phone_number: metadata.display_phone_number.clone(),
        from: customer,
        source: Source::Call { from_customer },
        contact_name,
        wamid: id.to_owned(),
        timestamp: unix_seconds(c.get("timestamp")),
        kind: "call".to_owned(),
        text: Some(text),
        refers_to: None,
        edited_text: None,
        raw: c.clone(),
    }))
}

/// "4 min 50 s", "35 s", "1 h 2 min".
fn duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} min {s} s"),
        _ => format!("{h} h {m} min"),
    }
}

/// `id` when it can be a customer's WhatsApp id.
fn customer(id: &str) -> Option<String> {
    ids::is_customer_id(id).then(|| id.to_owned())
}

/// The customer an event without messages or statuses is about, where Meta
/// names one: a call (`from` or `to`, whichever is not the business), a
/// marketing preference (`wa_id`), or the value's `contacts`.
fn named_customer(value: &Value, business: &str) -> Option<String> {
    let business = digits(business);
    let first = |list: &str| value.get(list).and_then(Value::as_array)?.first().cloned();
    let not_business = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .filter(|id| business.is_empty() || *id != business)
            .and_then(customer)
    };
    if let Some(call) = first("calls") {
        return not_business(call.get("from")).or_else(|| not_business(call.get("to")));
    }
    if let Some(pref) = first("user_preferences") {
        return not_business(pref.get("wa_id"));
    }
    first("contacts").and_then(|c| not_business(c.get("wa_id")))
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
            if t == "nfm_reply" {
                return Some(flow_answers(p.get(t)?));
            }
            // The customer's answer to a request to call them (issue 25.10).
            if t == "call_permission_reply" {
                let answer = p.get(t)?;
                let always = answer
                    .get("is_permanent")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                return Some(match answer.get("response").and_then(Value::as_str) {
                    Some("accept") if always => {
                        "allowed calls from the business, always".to_owned()
                    }
                    Some("accept") => "allowed calls from the business".to_owned(),
                    Some("reject") => "declined calls from the business".to_owned(),
                    _ => "answered the request to call".to_owned(),
                });
            }
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

/// A Flow's reply (`nfm_reply`): the customer's answers, one `name: value`
/// per field (Meta sends them as a JSON string in `response_json`; the
/// `flow_token` is the business's own bookkeeping, not an answer), by name.
fn flow_answers(reply: &Value) -> String {
    let answers: serde_json::Map<String, Value> = reply
        .get("response_json")
        .and_then(Value::as_str)
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    let mut parts: Vec<String> = answers
        .iter()
        .filter(|(k, _)| k.as_str() != "flow_token")
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}: {s}"),
            Value::Array(items) => format!(
                "{k}: {}",
                items
                    .iter()
                    .map(|i| i
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| i.to_string()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => format!("{k}: {other}"),
        })
        .collect();
    // By name, whatever order the JSON map keeps.
    parts.sort();
    if parts.is_empty() {
        let body = reply.get("body").and_then(Value::as_str).unwrap_or("sent");
        parts.push(body.to_owned());
    }
    format!("[form] {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn more_events(case: &str) -> Vec<Event> {
        let all: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/whatsapp-webhooks/more_events.json"
        ))
        .unwrap_or_default();
        let body = serde_json::to_vec(&all[case]).unwrap_or_default();
        match parse(&body) {
            Ok(events) => events,
            Err(e) => panic!("{case}: {e}"),
        }
    }

    fn other(events: &[Event]) -> (&str, Option<&str>) {
        match events {
            [Event::Other { field, contact, .. }] => (field.as_str(), contact.as_deref()),
            other => panic!("expected one other event, got {other:?}"),
        }
    }

    /// Events that are not messages say which customer they concern, so a
    /// contact's export and erasure find them; a call's progress is not a
    /// message status.
    #[test]
    fn events_name_their_customer() {
        let customer = Some("447700900123");
        assert_eq!(other(&more_events("call_connect")), ("calls", customer));
        assert_eq!(
            other(&more_events("call_status_ringing")),
            ("calls", customer)
        );
        assert_eq!(
            other(&more_events("marketing_stop")),
            ("user_preferences", customer)
        );
        assert_eq!(
            other(&more_events("account_restricted")),
            ("account_update", None)
        );
        assert_eq!(
            other(&more_events("template_quality")),
            ("message_template_quality_update", None)
        );
    }

    #[test]
    fn an_echo_is_the_business_writing_to_the_customer() {
        let events = more_events("echo_text");
        let [Event::Message(m)] = events.as_slice() else {
            panic!("expected one message, got {events:?}");
        };
        assert_eq!((m.source, m.from.as_str()), (Source::Phone, "447700900123"));
        assert_eq!(
            m.text.as_deref(),
            Some("Sent from the phone: your parcel left today")
        );
    }

    /// Regression (issue 25.10): a customer's answer to a call permission
    /// request had no text, so yes could not be told from no.
    #[test]
    fn a_call_permission_answer_says_yes_or_no() {
        let answer = |response: &str, permanent: bool| {
            let body = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
                "contacts": [{"profile": {"name": "Ana"}, "wa_id": "351912345678"}],
                "messages": [{"from": "351912345678", "id": "wamid.CP1", "timestamp": "1764500000",
                    "type": "interactive", "interactive": {"type": "call_permission_reply",
                        "call_permission_reply": {"response": response, "is_permanent": permanent,
                            "expiration_timestamp": 1764586400, "response_source": "user_action"}}}]
            }}]}]});
            match parse(&serde_json::to_vec(&body).unwrap_or_default()).as_deref() {
                Ok([Event::Message(m)]) => m.text.clone(),
                other => panic!("one message expected: {other:?}"),
            }
        };
        assert_eq!(
            answer("accept", false).as_deref(),
            Some("allowed calls from the business")
        );
        assert_eq!(
            answer("accept", true).as_deref(),
            Some("allowed calls from the business, always")
        );
        assert_eq!(
            answer("reject", false).as_deref(),
            Some("declined calls from the business")
        );
    }

    /// Regression (issue 25.12): an echo whose `to` is the business's own
    /// display number opened a conversation with the business itself.
    #[test]
    fn an_echo_to_the_business_itself_is_no_conversation() {
        let all: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/whatsapp-webhooks/more_events.json"
        ))
        .unwrap_or_default();
        let mut echo = all["echo_text"].clone();
        let display = echo["entry"][0]["changes"][0]["value"]["metadata"]["display_phone_number"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            !display.is_empty(),
            "the fixture names the business's number"
        );
        echo["entry"][0]["changes"][0]["value"]["message_echoes"][0]["to"] =
            Value::String(digits(&display));
        let events =
            parse(&serde_json::to_vec(&echo).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            events.iter().all(|e| !matches!(e, Event::Message(_))),
            "no message, so no conversation: {events:?}"
        );
        assert!(
            matches!(events.as_slice(), [Event::Other { .. }]),
            "{events:?}"
        );
    }

    #[test]
    fn an_ended_call_is_kept_and_becomes_a_notice() {
        let events = more_events("call_terminate");
        let [Event::Message(m), Event::Other { field, contact, .. }] = events.as_slice() else {
            panic!("expected the event and a notice, got {events:?}");
        };
        assert_eq!(
            (field.as_str(), contact.as_deref()),
            ("calls", Some("447700900123"))
        );
        assert_eq!(
            m.source,
            Source::Call {
                from_customer: true
            }
        );
        assert_eq!(m.kind, "call");
        assert_eq!(
            m.text.as_deref(),
            Some("Voice call from the customer, 4 min 50 s")
        );
        assert_eq!(m.wamid, "wacid.HBgLMTU1NTA3ODM4ODEVAgASGCA3");
        assert_eq!(duration(35), "35 s");
        assert_eq!(duration(3720), "1 h 2 min");
    }

    #[test]
    fn a_flow_reply_shows_the_answers() {
        let events = more_events("flow_reply");
        let [Event::Message(m)] = events.as_slice() else {
            panic!("expected one message, got {events:?}");
        };
        assert_eq!(
            m.text.as_deref(),
            Some(
                "[form] contact_times: morning, evening; issue: Damaged item; order_number: A-1009"
            )
        );
    }

    #[test]
    fn a_customer_known_by_a_user_id_only_is_a_message() {
        let events = more_events("bsuid_only");
        let [Event::Message(m)] = events.as_slice() else {
            panic!("expected one message, got {events:?}");
        };
        assert_eq!(m.from, "US.13491208655302741918");
        assert_eq!(m.contact_name.as_deref(), Some("Sam"));
    }

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
