//! Macros (issue 29): a named sequence of actions an admin defines and
//! anyone who may act runs on one or many conversations from the command
//! palette. Replies and notes go through the desktop's outbox (so they
//! wait offline like any reply); the other steps are one bulk request each,
//! checked conversation by conversation against the role table.

use serde::{Deserialize, Serialize};

/// The most steps a macro has.
pub const MAX_MACRO_STEPS: usize = 20;

/// One step of a macro.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum MacroStep {
    /// Adds and takes off labels.
    Label {
        #[serde(default)]
        add: Vec<i64>,
        #[serde(default)]
        remove: Vec<i64>,
    },
    /// To an agent, or back to the queue (`null`).
    Assign {
        assignee: Option<i64>,
    },
    /// A reply to the customer; `{{contact.name}}`, `{{contact.number}}`
    /// and `{{agent.name}}` are filled in, as in canned replies.
    Reply {
        text: String,
    },
    /// A private note for the team.
    Note {
        text: String,
    },
    /// For `hours` (1 to a year's worth) or, when none, until the customer writes.
    Snooze {
        hours: Option<i64>,
    },
    Resolve,
}

/// A macro (`GET /v1/macros`: every role reads them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Macro {
    pub id: i64,
    pub name: String,
    pub steps: Vec<MacroStep>,
}

/// `POST /v1/macros` and `PUT /v1/macros/{id}` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct MacroRequest {
    /// 1 to 80 characters, unique.
    pub name: String,
    /// 1 to 20 steps, run in order.
    pub steps: Vec<MacroStep>,
}

impl MacroRequest {
    /// Checks the macro; the error is a sentence for the admin.
    pub fn check(&self) -> Result<(), &'static str> {
        let n = self.name.trim().chars().count();
        if n == 0 || n > 80 {
            return Err("a macro's name is 1 to 80 characters");
        }
        if self.steps.is_empty() || self.steps.len() > MAX_MACRO_STEPS {
            return Err("a macro has 1 to 20 steps");
        }
        for step in &self.steps {
            match step {
                MacroStep::Reply { text } | MacroStep::Note { text } => {
                    crate::validate_text(text)?;
                }
                MacroStep::Snooze { hours: Some(h) } if !(1..=8_784).contains(h) => {
                    return Err("a snooze is 1 hour to a year");
                }
                MacroStep::Label { add, remove } if add.len() + remove.len() > 50 => {
                    return Err("a step changes at most 50 labels");
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// What running a macro did (the desktop's answer to the app).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct MacroOutcome {
    /// Steps run (each on every conversation it could be).
    pub steps: usize,
    /// Each conversation a step left as it was, and why (a conversation
    /// may be listed once per step).
    pub refused: Vec<crate::BulkRefusal>,
    /// Steps that need the hub and wait for it (it could not be reached):
    /// sent in order, after the replies queued with them, once it answers.
    #[serde(default)]
    pub queued: usize,
}

/// Fills a canned text's variables (`{{contact.name}}`, `{{contact.number}}`,
/// `{{agent.name}}`, spaces inside the braces allowed); any other `{{…}}`
/// is left as written.
pub fn fill_variables(
    text: &str,
    contact_name: &str,
    contact_number: &str,
    agent_name: &str,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let value = match after[..end].trim() {
                    "contact.name" => Some(contact_name),
                    "contact.number" => Some(contact_number),
                    "agent.name" => Some(agent_name),
                    _ => None,
                };
                match value {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_filled_and_others_left_as_written() {
        let t = "Olá {{ contact.name }}, aqui é {{agent.name}} ({{contact.number}}) {{order}} {{";
        assert_eq!(
            fill_variables(t, "Ana", "+351 912", "Sam"),
            "Olá Ana, aqui é Sam (+351 912) {{order}} {{"
        );
    }

    #[test]
    fn a_macro_is_checked() {
        let ok = MacroRequest {
            name: "Refund done".into(),
            steps: vec![
                MacroStep::Label {
                    add: vec![1],
                    remove: vec![],
                },
                MacroStep::Reply {
                    text: "Done, {{contact.name}}!".into(),
                },
                MacroStep::Resolve,
            ],
        };
        assert_eq!(ok.check(), Ok(()));
        let mut bad = ok.clone();
        bad.steps.clear();
        assert!(bad.check().is_err());
        let mut bad = ok.clone();
        bad.steps.push(MacroStep::Snooze { hours: Some(0) });
        assert!(bad.check().is_err());
        let mut bad = ok;
        bad.steps.push(MacroStep::Note { text: " ".into() });
        assert!(bad.check().is_err());
    }
}
