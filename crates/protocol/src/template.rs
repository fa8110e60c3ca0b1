//! Texts prepared in advance: WhatsApp's approved templates (the only
//! messages allowed outside the 24-hour window), filled in as the customer
//! will read them, and the team's canned replies.

use serde::{Deserialize, Serialize};

/// `GET /v1/templates` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TemplateList {
    pub templates: Vec<Template>,
}

/// An approved template, as `GET /v1/templates` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Template {
    pub name: String,
    pub language: String,
    /// The body with `{{1}}`, `{{2}}` ... placeholders.
    pub body: String,
    /// WhatsApp's category (`MARKETING`, `UTILITY`, `AUTHENTICATION`): a
    /// marketing template is not sent to a customer who opted out of
    /// marketing messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub category: Option<String>,
    /// The business numbers (phone number ids) Meta approved it for, when
    /// the hub answers several accounts' numbers; none: every number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub inboxes: Option<Vec<String>>,
}

impl Template {
    /// Whether it may be sent from business number `inbox`.
    pub fn approved_for(&self, inbox: &str) -> bool {
        self.inboxes
            .as_ref()
            .is_none_or(|numbers| numbers.iter().any(|n| n == inbox))
    }
}

impl Template {
    /// Whether WhatsApp files it as marketing.
    pub fn is_marketing(&self) -> bool {
        self.category
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("marketing"))
    }
}

impl Template {
    /// Number of `{{n}}` placeholders in the body.
    pub fn parameter_count(&self) -> usize {
        (1..=20)
            .take_while(|n| self.body.contains(&format!("{{{{{n}}}}}")))
            .count()
    }

    /// The body with the parameters filled in, as the customer will read it.
    pub fn render(&self, parameters: &[String]) -> String {
        let mut out = self.body.clone();
        for (i, p) in parameters.iter().enumerate() {
            out = out.replace(&format!("{{{{{}}}}}", i + 1), p);
        }
        out
    }
}

/// A text admins wrote once for every agent to insert (`/` and its
/// shortcut in the composer). `{{contact.name}}`, `{{contact.number}}` and
/// `{{agent.name}}` in it are filled in when it is inserted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CannedReply {
    pub id: i64,
    pub name: String,
    pub shortcut: String,
    pub text: String,
}

/// `POST /v1/canned` and `PUT /v1/canned/{id}` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct CannedReplyRequest {
    /// What it is for, 1 to 80 characters.
    pub name: String,
    /// 1 to 32 of a-z, 0-9, `-` and `_`, starting with a letter or digit.
    pub shortcut: String,
    pub text: String,
}

/// A canned reply's shortcut: 1 to 32 of `a-z 0-9 - _`, not starting with
/// `-` or `_` (typed after `/` in the composer).
pub fn validate_shortcut(s: &str) -> Result<(), &'static str> {
    let ok = (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err("a shortcut is 1 to 32 of a-z, 0-9, - and _, starting with a letter or digit")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_count_and_fill_parameters() {
        let t = Template {
            name: "order".into(),
            language: "en_US".into(),
            body: "Order {{1}} ships {{2}}.".into(),
            category: None,
            inboxes: None,
        };
        assert_eq!(t.parameter_count(), 2);
        assert_eq!(
            t.render(&["#7".into(), "today".into()]),
            "Order #7 ships today."
        );
    }
}
