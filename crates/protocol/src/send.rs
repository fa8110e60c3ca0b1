//! Sending in a conversation (`POST /v1/conversations/{id}/messages`): a
//! text (perhaps with choices for the customer to tap), a template, a
//! reaction, a file or a private note, under an idempotency key chosen by
//! the client so a retry never sends twice.

use serde::{Deserialize, Serialize};

/// `POST /v1/conversations/{id}/messages` body: a text, an approved
/// template (the only kind WhatsApp allows outside the 24-hour window), a
/// reaction, or (with `note`) a private note for the team, which is kept by
/// the hub and never sent to WhatsApp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// Idempotency key chosen by the client; the same key always names the same message.
    pub client_message_id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateSend>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<ReactionSend>,
    /// The text is a private note: seen by whoever may read the
    /// conversation, never sent to the customer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note: bool,
    /// The hub's id of a message of this conversation the text replies to
    /// (shown quoted to the customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<i64>,
    /// A file uploaded to this conversation (`POST /v1/conversations/{id}/uploads`)
    /// to send, with `text` as its caption (which may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<i64>,
    /// Choices the customer answers with a tap, sent with `text` as the
    /// question: reply buttons, or a list opened by a button (WhatsApp's
    /// interactive messages, inside the 24-hour window only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<ChoicesSend>,
}

/// Choices offered with a text: up to three reply buttons, or a list of up
/// to ten rows behind a button (`list`, its label). The customer's tap
/// comes back as an answer naming the choice's title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ChoicesSend {
    /// The label of the button that opens the list; absent for reply buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub list: Option<String>,
    /// The choices' titles, in order.
    pub options: Vec<String>,
}

/// At most this many reply buttons (WhatsApp's limit).
pub const MAX_BUTTONS: usize = 3;
/// At most this many rows in a list message (WhatsApp's limit).
pub const MAX_LIST_ROWS: usize = 10;
/// A button's title, or a list's label, is at most this many characters.
pub const MAX_BUTTON_CHARS: usize = 20;
/// A list row's title is at most this many characters.
pub const MAX_ROW_CHARS: usize = 24;
/// The question above reply buttons is at most this many characters.
pub const MAX_BUTTONS_TEXT_CHARS: usize = 1024;

impl ChoicesSend {
    /// Checks the choices and their question (`text`) against WhatsApp's
    /// limits for interactive messages: 1 to 3 buttons of 1 to 20
    /// characters under a question of at most 1,024, or a list labelled in
    /// 1 to 20 characters with 1 to 10 rows of 1 to 24; titles unique
    /// (ignoring case), visible, without control characters or line breaks.
    pub fn check(&self, text: &str) -> Result<(), &'static str> {
        crate::validate_text(text)?;
        let (most, chars) = match &self.list {
            None => {
                if text.chars().count() > MAX_BUTTONS_TEXT_CHARS {
                    return Err("a question with reply buttons is at most 1024 characters");
                }
                (MAX_BUTTONS, MAX_BUTTON_CHARS)
            }
            Some(label) => {
                if !is_title(label, MAX_BUTTON_CHARS) {
                    return Err(
                        "a list's button label is 1 to 20 characters, on one line, without control characters",
                    );
                }
                (MAX_LIST_ROWS, MAX_ROW_CHARS)
            }
        };
        if self.options.is_empty() || self.options.len() > most {
            return Err(if self.list.is_none() {
                "a message has 1 to 3 reply buttons"
            } else {
                "a list has 1 to 10 rows"
            });
        }
        if !self.options.iter().all(|o| is_title(o, chars)) {
            return Err(if self.list.is_none() {
                "a button's title is 1 to 20 characters, on one line, without control characters"
            } else {
                "a row's title is 1 to 24 characters, on one line, without control characters"
            });
        }
        let mut seen = std::collections::HashSet::new();
        if !self
            .options
            .iter()
            .all(|o| seen.insert(o.trim().to_lowercase()))
        {
            return Err("each choice's title is different from the others");
        }
        Ok(())
    }

    /// The choices with their titles trimmed, as they are sent.
    pub fn trimmed(&self) -> ChoicesSend {
        ChoicesSend {
            list: self.list.as_ref().map(|l| l.trim().to_owned()),
            options: self.options.iter().map(|o| o.trim().to_owned()).collect(),
        }
    }
}

/// A title WhatsApp shows on a button or a row: visible, one line, no
/// control or invisible characters, at most `most` characters once trimmed.
fn is_title(title: &str, most: usize) -> bool {
    let title = title.trim();
    let count = title.chars().count();
    (1..=most).contains(&count)
        && !title
            .chars()
            .any(|c| c.is_control() || crate::is_direction_control(c))
        && title.chars().any(|c| !crate::is_invisible(c))
}

/// A reaction to a message of the conversation; an empty emoji removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactionSend {
    /// The hub's id of the message reacted to.
    pub message_id: i64,
    pub emoji: String,
}

/// Which template to send, with its body parameters in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSend {
    pub name: String,
    pub language: String,
    #[serde(default)]
    pub parameters: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buttons(options: &[&str]) -> ChoicesSend {
        ChoicesSend {
            list: None,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        }
    }

    #[test]
    fn reply_buttons_keep_to_whatsapps_limits() {
        assert_eq!(buttons(&["Yes", "No"]).check("Shall we ship it?"), Ok(()));
        assert!(buttons(&[]).check("Ship?").is_err(), "no button");
        assert!(
            buttons(&["a", "b", "c", "d"]).check("Ship?").is_err(),
            "four"
        );
        assert!(
            buttons(&["Yes", " yes "]).check("Ship?").is_err(),
            "same title"
        );
        assert!(buttons(&["Twenty-one characters"]).check("Ship?").is_err());
        assert_eq!(buttons(&["Twenty characters!!!"]).check("Ship?"), Ok(()));
        assert!(buttons(&["Two\nlines"]).check("Ship?").is_err());
        assert!(buttons(&["\u{200B}"]).check("Ship?").is_err(), "invisible");
        assert!(
            buttons(&["\u{202E}seY"]).check("Ship?").is_err(),
            "override"
        );
        assert!(buttons(&["Yes"]).check("   ").is_err(), "no question");
        assert!(buttons(&["Yes"]).check(&"q".repeat(1025)).is_err());
        assert_eq!(buttons(&["Sí 👍"]).check(&"q".repeat(1024)), Ok(()));
    }

    #[test]
    fn a_list_has_a_label_and_up_to_ten_rows() {
        let rows: Vec<String> = (1..=10).map(|n| format!("Store number {n}")).collect();
        let mut list = ChoicesSend {
            list: Some("Pick a store".into()),
            options: rows,
        };
        assert_eq!(
            list.check(&"q".repeat(4096)),
            Ok(()),
            "a list's question may be long"
        );
        list.options.push("Store number 11".into());
        assert!(list.check("Which store?").is_err(), "eleven rows");
        list.options.truncate(1);
        list.options[0] = "A row title of 25 chars!!".into();
        assert!(list.check("Which store?").is_err());
        list.options[0] = "A row title of 24 chars!".into();
        assert_eq!(list.check("Which store?"), Ok(()));
        list.list = Some(String::new());
        assert!(
            list.check("Which store?").is_err(),
            "a list needs its label"
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let strict: Result<ChoicesSend, _> =
            serde_json::from_str(r#"{"options": ["Yes"], "header": "x"}"#);
        assert!(strict.is_err());
    }
}
