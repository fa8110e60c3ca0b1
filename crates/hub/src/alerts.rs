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
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let template = || {
        let lang = s("message_template_language");
        let name = s("message_template_name");
        if lang.is_empty() {
            format!("template “{name}”")
        } else {
            format!("template “{name}” ({lang})")
        }
    };
    let line = match field {
        "message_template_status_update" => {
            let reason = s("reason");
            let why = v
                .get("rejection_info")
                .and_then(|r| r.get("reason"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| (!reason.is_empty() && reason != "NONE").then_some(reason));
            match why {
                Some(why) => format!("{}: {} — {why}", template(), s("event")),
                None => format!("{}: {}", template(), s("event")),
            }
        }
        "message_template_quality_update" => format!(
            "{}: quality {} → {}",
            template(),
            s("previous_quality_score"),
            s("new_quality_score")
        ),
        "template_category_update" => format!(
            "{}: category {} → {}",
            template(),
            s("previous_category"),
            s("new_category")
        ),
        "account_update" => {
            let mut line = s("event");
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
        "account_alerts" => {
            let severity = s("alert_severity");
            let what = [s("alert_type"), s("alert_description")]
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
        "phone_number_quality_update" => {
            let limit = s("current_limit");
            let mut line = format!("number {}: {}", s("display_phone_number"), s("event"));
            if !limit.is_empty() {
                line = format!("{line} (limit {limit})");
            }
            line
        }
        _ => s("event"),
    };
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
