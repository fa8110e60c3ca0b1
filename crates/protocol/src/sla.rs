//! Service-level targets (issue 29): how long a customer may wait for the
//! first answer, for the next one, and for the conversation to be resolved,
//! counted in the inbox's business hours. Admins define policies, each
//! applying to an inbox, a team, a label or every conversation; the hub
//! works out each conversation's due times, and the desktop shows the time
//! left from its own copy (so "Overdue" is right offline).

use serde::{Deserialize, Serialize};

/// Which target a due time is for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SlaKind {
    /// The first agent's reply after the customer opened the conversation.
    FirstResponse,
    /// An agent's reply to a customer who wrote again after being answered.
    NextResponse,
    /// The conversation resolved.
    Resolution,
}

impl SlaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaKind::FirstResponse => "first_response",
            SlaKind::NextResponse => "next_response",
            SlaKind::Resolution => "resolution",
        }
    }

    pub fn parse(s: &str) -> Option<SlaKind> {
        Some(match s {
            "first_response" => SlaKind::FirstResponse,
            "next_response" => SlaKind::NextResponse,
            "resolution" => SlaKind::Resolution,
            _ => return None,
        })
    }
}

/// An SLA policy (`GET /v1/sla-policies`: every role reads them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SlaPolicy {
    pub id: i64,
    pub name: String,
    pub inbox: Option<String>,
    pub team_id: Option<i64>,
    pub label_id: Option<i64>,
    pub first_response_secs: Option<i64>,
    pub next_response_secs: Option<i64>,
    pub resolution_secs: Option<i64>,
}

impl SlaPolicy {
    /// A policy with `id` and `rule`.
    pub fn new(id: i64, rule: SlaPolicyRequest) -> SlaPolicy {
        SlaPolicy {
            id,
            name: rule.name,
            inbox: rule.inbox,
            team_id: rule.team_id,
            label_id: rule.label_id,
            first_response_secs: rule.first_response_secs,
            next_response_secs: rule.next_response_secs,
            resolution_secs: rule.resolution_secs,
        }
    }

    /// Its rule, as an admin would send it.
    pub fn rule(&self) -> SlaPolicyRequest {
        SlaPolicyRequest {
            name: self.name.clone(),
            inbox: self.inbox.clone(),
            team_id: self.team_id,
            label_id: self.label_id,
            first_response_secs: self.first_response_secs,
            next_response_secs: self.next_response_secs,
            resolution_secs: self.resolution_secs,
        }
    }
}

/// `POST /v1/sla-policies` and `PUT /v1/sla-policies/{id}` (admins). A
/// policy applies to the conversations of its inbox, its team or its label
/// (at most one of the three; none: every conversation). When several
/// apply, the most specific wins: a label's, then a team's, then an
/// inbox's, then the one for every conversation; the oldest among equals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyRequest {
    /// 1 to 80 characters, unique.
    pub name: String,
    #[serde(default)]
    pub inbox: Option<String>,
    #[serde(default)]
    pub team_id: Option<i64>,
    #[serde(default)]
    pub label_id: Option<i64>,
    /// Business seconds, 60 to 90 days' worth; none: no such target.
    #[serde(default)]
    pub first_response_secs: Option<i64>,
    #[serde(default)]
    pub next_response_secs: Option<i64>,
    #[serde(default)]
    pub resolution_secs: Option<i64>,
}

/// The longest target (90 days).
pub const MAX_TARGET_SECS: i64 = 90 * 86_400;

impl SlaPolicyRequest {
    /// Checks the rule; the error is a sentence for the admin.
    pub fn check(&self) -> Result<(), &'static str> {
        let n = self.name.trim().chars().count();
        if n == 0 || n > 80 {
            return Err("a policy's name is 1 to 80 characters");
        }
        let scopes = [
            self.inbox.is_some(),
            self.team_id.is_some(),
            self.label_id.is_some(),
        ];
        if scopes.iter().filter(|s| **s).count() > 1 {
            return Err("a policy applies to one inbox, one team or one label, or to everything");
        }
        let targets = [
            self.first_response_secs,
            self.next_response_secs,
            self.resolution_secs,
        ];
        if targets.iter().all(Option::is_none) {
            return Err("a policy sets at least one target");
        }
        if targets
            .iter()
            .flatten()
            .any(|t| !(60..=MAX_TARGET_SECS).contains(t))
        {
            return Err("a target is a minute to 90 days");
        }
        Ok(())
    }

    /// How specific its scope is (higher wins): label 3, team 2, inbox 1,
    /// everything 0.
    pub fn specificity(&self) -> u8 {
        if self.label_id.is_some() {
            3
        } else if self.team_id.is_some() {
            2
        } else if self.inbox.is_some() {
            1
        } else {
            0
        }
    }

    /// Whether it applies to a conversation in `inbox` and `team` with `labels`.
    pub fn applies(&self, inbox: &str, team: Option<i64>, labels: &[i64]) -> bool {
        self.label_id.is_none_or(|l| labels.contains(&l))
            && self.team_id.is_none_or(|t| team == Some(t))
            && self.inbox.as_deref().is_none_or(|i| i == inbox)
    }
}

/// The policy that applies to a conversation, of `policies` (in id order).
pub fn policy_for<'a>(
    policies: &'a [SlaPolicy],
    inbox: &str,
    team: Option<i64>,
    labels: &[i64],
) -> Option<&'a SlaPolicy> {
    policies
        .iter()
        .filter(|p| p.rule().applies(inbox, team, labels))
        .max_by_key(|p| (p.rule().specificity(), std::cmp::Reverse(p.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(id: i64, inbox: Option<&str>, team: Option<i64>, label: Option<i64>) -> SlaPolicy {
        SlaPolicy::new(
            id,
            SlaPolicyRequest {
                name: format!("p{id}"),
                inbox: inbox.map(str::to_owned),
                team_id: team,
                label_id: label,
                first_response_secs: Some(3_600),
                next_response_secs: None,
                resolution_secs: None,
            },
        )
    }

    #[test]
    fn the_most_specific_policy_applies_and_the_oldest_among_equals() {
        let all = vec![
            policy(1, None, None, None),
            policy(2, Some("111"), None, None),
            policy(3, None, Some(7), None),
            policy(4, None, None, Some(9)),
            policy(5, None, Some(7), None),
        ];
        let id = |inbox: &str, team: Option<i64>, labels: &[i64]| {
            policy_for(&all, inbox, team, labels).map(|p| p.id)
        };
        assert_eq!(id("222", None, &[]), Some(1), "everything");
        assert_eq!(id("111", None, &[]), Some(2), "the inbox's");
        assert_eq!(
            id("111", Some(7), &[]),
            Some(3),
            "the team's, the older of two"
        );
        assert_eq!(id("111", Some(7), &[2, 9]), Some(4), "the label's");
        assert_eq!(policy_for(&all[1..2], "222", None, &[]), None);
    }

    #[test]
    fn a_rule_is_checked() {
        let mut p = policy(1, None, None, None).rule();
        assert_eq!(p.check(), Ok(()));
        p.first_response_secs = Some(59);
        assert!(p.check().is_err(), "under a minute");
        p.first_response_secs = None;
        assert!(p.check().is_err(), "no target");
        let mut q = policy(1, Some("111"), Some(2), None).rule();
        assert!(q.check().is_err(), "two scopes");
        q.inbox = None;
        q.name = " ".into();
        assert!(q.check().is_err(), "no name");
    }
}
