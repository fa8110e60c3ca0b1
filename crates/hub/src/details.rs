//! What a message holds beyond its text, read from the message as WhatsApp
//! sent it (inbound) or as the hub sent it (outbound payloads), for the
//! desktops to render each kind.

use serde_json::Value;
use switchboard_protocol::{ContactCard, Details};

/// A message's details and the wamids it points at.
#[derive(Debug, Default, PartialEq)]
pub struct Parts {
    pub details: Option<Details>,
    /// The quoted message (`context.id`).
    pub reply_to: Option<String>,
    /// What a reaction, an edit or a deletion is about.
    pub target: Option<String>,
}

/// Reads an inbound message object (one element of a webhook's `messages`).
pub fn inbound(kind: &str, m: &Value) -> Parts {
    let part = m.get(kind);
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|p| p.get(k))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let flag = |k: &str| {
        part.and_then(|p| p.get(k))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let reply_to = text(m.get("context"), "id");
    let (details, target) = match kind {
        "image" | "video" | "audio" | "document" | "sticker" => (
            Some(Details::Media {
                caption: text(part, "caption"),
                filename: text(part, "filename"),
                voice: flag("voice"),
                animated: flag("animated"),
            }),
            None,
        ),
        "location" => {
            let coord = |k: &str| part.and_then(|p| p.get(k)).and_then(number);
            match (coord("latitude"), coord("longitude")) {
                (Some(latitude), Some(longitude)) => (
                    Some(Details::Location {
                        latitude,
                        longitude,
                        name: text(part, "name"),
                        address: text(part, "address"),
                    }),
                    None,
                ),
                _ => (None, None),
            }
        }
        "contacts" => (
            Some(Details::Contacts {
                cards: m
                    .get("contacts")
                    .and_then(Value::as_array)
                    .map(|cards| cards.iter().map(card).collect())
                    .unwrap_or_default(),
            }),
            None,
        ),
        "reaction" => (
            Some(Details::Reaction {
                emoji: text(part, "emoji"),
            }),
            text(part, "message_id"),
        ),
        "edit" => (None, text(part, "original_message_id")),
        "revoke" => (None, text(part, "original_message_id")),
        "unsupported" => (
            Some(Details::Unsupported {
                reason: m
                    .get("errors")
                    .and_then(Value::as_array)
                    .and_then(|e| e.first())
                    .and_then(|e| {
                        text(e.get("error_data"), "details")
                            .or_else(|| text(Some(e), "title"))
                            .or_else(|| text(Some(e), "message"))
                    }),
            }),
            None,
        ),
        _ => (None, None),
    };
    Parts {
        details,
        // A reaction's own context is the message it reacts to, not a quote.
        reply_to: reply_to.filter(|_| target.is_none()),
        target,
    }
}

/// Reads what the hub sent for an outbound reaction, file, quote or
/// choices (its own payload, `Payload` in the storage layer).
pub fn outbound(payload: &Value) -> Parts {
    match payload.get("type").and_then(Value::as_str) {
        Some("reaction") => Parts {
            details: Some(Details::Reaction {
                emoji: payload
                    .get("emoji")
                    .and_then(Value::as_str)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned),
            }),
            reply_to: None,
            target: payload
                .get("wamid")
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
        Some("media") => {
            let text = |k: &str| {
                payload
                    .get(k)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            };
            Parts {
                details: Some(Details::Media {
                    caption: text("caption"),
                    filename: text("filename"),
                    voice: false,
                    animated: false,
                }),
                reply_to: text("reply_to"),
                target: None,
            }
        }
        Some("reply") => Parts {
            details: None,
            reply_to: payload
                .get("wamid")
                .and_then(Value::as_str)
                .map(str::to_owned),
            target: None,
        },
        Some(kind @ ("buttons" | "list")) => {
            let field = if kind == "list" { "rows" } else { "buttons" };
            // Each choice is `[id, title]`.
            let options = payload
                .get(field)
                .and_then(Value::as_array)
                .map(|choices| {
                    choices
                        .iter()
                        .filter_map(|c| c.get(1).and_then(Value::as_str))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            Parts {
                details: Some(Details::Choices {
                    list: payload
                        .get("button")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    options,
                }),
                reply_to: None,
                target: None,
            }
        }
        _ => Parts::default(),
    }
}

/// Coordinates come as numbers (or, from some clients, as strings).
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

fn card(c: &Value) -> ContactCard {
    let list = |field: &str, key: &str| -> Vec<String> {
        c.get(field)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.get(key).and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let name = c.get("name");
    let formatted = name
        .and_then(|n| n.get("formatted_name"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            let part = |k: &str| name.and_then(|n| n.get(k)).and_then(Value::as_str);
            let joined = [part("first_name"), part("last_name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (!joined.is_empty()).then_some(joined)
        })
        .unwrap_or_default();
    ContactCard {
        name: formatted,
        phones: list("phones", "phone"),
        emails: list("emails", "email"),
        organization: c
            .get("org")
            .and_then(|o| o.get("company"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The message objects of the fixture cases, as the hub stores them.
    fn fixture(case: &str) -> Value {
        let all: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/whatsapp-webhooks/message.json"
        ))
        .unwrap_or(Value::Null);
        all[case]["entry"][0]["changes"][0]["value"]["messages"][0].clone()
    }

    #[test]
    fn every_kind_from_the_fixtures_has_its_parts() {
        let doc = fixture("document");
        let kind = doc["type"].as_str().unwrap_or_default();
        match inbound(kind, &doc).details {
            Some(Details::Media { filename, .. }) => assert!(filename.is_some()),
            other => panic!("document: {other:?}"),
        }
        let voice = fixture("voice");
        assert!(matches!(
            inbound("audio", &voice).details,
            Some(Details::Media { voice: true, .. })
        ));
        let sticker = fixture("animated_sticker");
        assert!(matches!(
            inbound("sticker", &sticker).details,
            Some(Details::Media { animated: true, .. })
        ));
        let location = fixture("chosen_location");
        match inbound("location", &location).details {
            Some(Details::Location {
                latitude,
                longitude,
                ..
            }) => assert!(latitude != 0.0 && longitude != 0.0),
            other => panic!("location: {other:?}"),
        }
        let contacts = fixture("contacts");
        match inbound("contacts", &contacts).details {
            Some(Details::Contacts { cards }) => {
                assert!(!cards.is_empty());
                assert!(cards.iter().all(|c| !c.name.is_empty()));
                assert!(cards.iter().any(|c| !c.phones.is_empty()));
            }
            other => panic!("contacts: {other:?}"),
        }
        let reaction = inbound("reaction", &fixture("reaction"));
        assert!(matches!(
            reaction.details,
            Some(Details::Reaction { emoji: Some(_) })
        ));
        assert!(reaction.target.is_some() && reaction.reply_to.is_none());
        let taken_back = inbound("reaction", &fixture("unreaction_empty"));
        assert_eq!(taken_back.details, Some(Details::Reaction { emoji: None }));
        let reply = fixture("reply");
        let reply_kind = reply["type"].as_str().unwrap_or_default();
        assert!(inbound(reply_kind, &reply).reply_to.is_some());
        let unsupported = inbound("unsupported", &fixture("unsupported"));
        assert!(matches!(
            unsupported.details,
            Some(Details::Unsupported { reason: Some(_) })
        ));
    }

    #[test]
    fn hostile_values_are_dropped_not_trusted() {
        let m = json!({"location": {"latitude": "NaN", "longitude": 1.0}});
        assert_eq!(inbound("location", &m).details, None);
        let m = json!({"contacts": "not a list"});
        assert_eq!(
            inbound("contacts", &m).details,
            Some(Details::Contacts { cards: vec![] })
        );
        let m = json!({"context": {"id": ""}, "text": {"body": "hi"}});
        assert_eq!(inbound("text", &m), Parts::default());
    }

    #[test]
    fn our_choices_read_back_as_their_titles() {
        // The hub's own payloads for buttons and lists (`Payload` in the
        // storage layer), as kept with the message.
        let buttons =
            json!({"type": "buttons", "buttons": [["choice-1", "Yes"], ["choice-2", "No"]]});
        assert_eq!(
            outbound(&buttons).details,
            Some(Details::Choices {
                list: None,
                options: vec!["Yes".into(), "No".into()],
            })
        );
        let list = json!({"type": "list", "button": "Stores", "rows": [["choice-1", "Centro"]]});
        assert_eq!(
            outbound(&list).details,
            Some(Details::Choices {
                list: Some("Stores".into()),
                options: vec!["Centro".into()],
            })
        );
    }

    #[test]
    fn an_agents_reaction_points_at_its_message() {
        let p = outbound(&json!({"type": "reaction", "wamid": "wamid.A", "emoji": "👍"}));
        assert_eq!(p.target.as_deref(), Some("wamid.A"));
        assert_eq!(
            p.details,
            Some(Details::Reaction {
                emoji: Some("👍".into())
            })
        );
        assert_eq!(outbound(&json!({"type": "template"})), Parts::default());
    }
}
