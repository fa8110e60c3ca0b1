//! What WhatsApp tells the business about its account, numbers and
//! templates (restrictions, policy violations, a disabled or deleted
//! account, a template rejected or paused, a quality or category change).
//! These arrive as webhook fields of their own; each is kept (sealed, with
//! the other events), logged, counted, and listed for admins.

use serde_json::Value;

/// The webhook fields that are alerts for admins (plain words: the store
/// writes them into a statement).
pub const FIELDS: &[&str] = &[
    "account_alerts",
    "account_update",
    "account_review_update",
    "business_capability_update",
    "phone_number_name_update",
    "phone_number_quality_update",
    "message_template_status_update",
    "message_template_quality_update",
    "template_category_update",
];

pub fn is_alert(field: &str) -> bool {
    FIELDS.contains(&field)
}

/// One line an admin can act on, from the event's own words.
pub fn summary(field: &str, v: &Value) -> String {
    let line = match field {
        "message_template_status_update" => template_status(v),
        "message_template_quality_update" => format!(
            "{}: quality {} → {}",
            template(v),
            text(v, "previous_quality_score"),
            text(v, "new_quality_score")
        ),
        "template_category_update" => format!(
            "{}: category {} → {}",
            template(v),
            text(v, "previous_category"),
            text(v, "new_category")
        ),
        "account_update" => account_update(v),
        "account_alerts" => account_alert(v),
        "phone_number_quality_update" => number_quality(v),
        _ => text(v, "event"),
    };
    one_line(line)
}

/// The event's string field `k`, or "" when it has none.
fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_owned()
}

/// The template an event is about: its name, and its language when given.
fn template(v: &Value) -> String {
    let lang = text(v, "message_template_language");
    let name = text(v, "message_template_name");
    if lang.is_empty() {
        format!("template “{name}”")
    } else {
        format!("template “{name}” ({lang})")
    }
}

/// A template's new status, with why when the event says (the rejection's
/// reason first, else a reason other than `NONE`).
fn template_status(v: &Value) -> String {
    let reason = text(v, "reason");
    let why = v
        .get("rejection_info")
        .and_then(|r| r.get("reason"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| (!reason.is_empty() && reason != "NONE").then_some(reason));
    match why {
        Some(why) => format!("{}: {} — {why}", template(v), text(v, "event")),
        None => format!("{}: {}", template(v), text(v, "event")),
    }
}

/// An account's event, with its restrictions, its violation or its ban.
fn account_update(v: &Value) -> String {
    let mut line = text(v, "event");
    let detail = v
        .get("restriction_info")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|i| i.get("restriction_type").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .or_else(|| {
            v.get("violation_info")
                .and_then(|i| i.get("violation_type"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .or_else(|| {
            v.get("ban_info")
                .and_then(|i| i.get("waba_ban_state"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|d| !d.is_empty());
    if let Some(d) = detail {
        line = format!("{line}: {d}");
    }
    line
}

/// An account alert: its severity, type and description, those it has.
fn account_alert(v: &Value) -> String {
    let severity = text(v, "alert_severity");
    let what = [text(v, "alert_type"), text(v, "alert_description")]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    if severity.is_empty() {
        what
    } else {
        format!("{severity} {what}")
    }
}

/// A number's quality event, with its messaging limit when given.
fn number_quality(v: &Value) -> String {
    let limit = text(v, "current_limit");
    let mut line = format!(
        "number {}: {}",
        text(v, "display_phone_number"),
        text(v, "event")
    );
    if !limit.is_empty() {
        line = format!("{line} (limit {limit})");
    }
    line
}

/// The line trimmed, "(no details)" when nothing is left, with control
/// characters as spaces and cut at 300 characters.
fn one_line(line: String) -> String {
    let line = line.trim().to_owned();
    let line = if line.is_empty() || line == ":" {
        "(no details)".to_owned()
    } else {
        line
    };
    // One line, of a sane length: it goes to the log and to a list.
    let mut one: String = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    if line.chars().count() > 300 {
        one.push('…');
    }
    one
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn summaries_say_what_happened() {
        assert_eq!(
            summary(
                "account_update",
                &json!({"phone_number": "15550783881", "event": "ACCOUNT_RESTRICTION",
                        "restriction_info": [{"restriction_type": "RESTRICTED_CUSTOMER_INITIATED_MESSAGING"}]})
            ),
            "ACCOUNT_RESTRICTION: RESTRICTED_CUSTOMER_INITIATED_MESSAGING"
        );
        assert_eq!(
            summary(
                "message_template_quality_update",
                &json!({"previous_quality_score": "GREEN", "new_quality_score": "YELLOW",
                        "message_template_name": "order_confirmation", "message_template_language": "en_US"})
            ),
            "template “order_confirmation” (en_US): quality GREEN → YELLOW"
        );
        assert_eq!(
            summary(
                "message_template_status_update",
                &json!({"event": "REJECTED", "message_template_name": "abandoned_cart", "reason": "INVALID_FORMAT"})
            ),
            "template “abandoned_cart”: REJECTED — INVALID_FORMAT"
        );
        assert_eq!(summary("account_update", &json!({})), "(no details)");
        assert!(is_alert("template_category_update") && !is_alert("calls"));
        assert!(
            FIELDS
                .iter()
                .all(|f| f.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
    }
}
