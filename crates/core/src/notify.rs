//! What deserves a desktop notification, decided in the core (the shell only
//! shows it): a new message in a conversation assigned to me; a new
//! conversation in the queue, for those who may claim it; a conversation
//! given to me by someone else; a colleague's note that mentions me
//! (`@Ana` or `@Ana Ferreira`). Nothing for admins about colleagues'
//! conversations, nothing for viewers, and at most one notice per
//! conversation per sync round.

use std::collections::HashSet;
use switchboard_protocol::{Direction, Me, may_claim};

use crate::store::Applied;

/// One notification: which conversation, a title and (unless previews are
/// hidden by the shell) a body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    pub conversation_id: i64,
    pub title: String,
    pub body: String,
}

/// `text` as a notification server reads it: servers that advertise
/// `body-markup` take `<b>`, `<a href>` and `<img>` from the body, so `&`,
/// `<` and `>` are escaped (the Desktop Notifications spec's rule), and the
/// bidirectional overrides and embeddings that make a name or a file name
/// read backwards (U+202A–U+202E, U+2066–U+2069) are dropped.
pub fn plain_for_notification(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// What the decision needs to know of a conversation after the round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub assignee: Option<i64>,
    pub name: String,
}

/// Most notices shown for one round; the rest are summed up in one more.
pub const MOST: usize = 5;

/// Decides the notices for one sync round. `lookup` reads a conversation as
/// it is now; `claimed_here` are conversations this desktop just claimed
/// (no notice for taking something oneself).
pub fn decide(
    me: &Me,
    applied: &Applied,
    lookup: impl Fn(i64) -> Option<Seen>,
    claimed_here: &HashSet<i64>,
) -> Vec<Notice> {
    let mut notices: Vec<Notice> = Vec::new();
    let noticed = |notices: &Vec<Notice>, id: i64| notices.iter().any(|n| n.conversation_id == id);
    for &id in &applied.assigned_to_me {
        if claimed_here.contains(&id) || noticed(&notices, id) {
            continue;
        }
        if let Some(c) = lookup(id) {
            notices.push(Notice {
                conversation_id: id,
                title: format!("Assigned to you: {}", c.name),
                body: "A colleague gave you this conversation.".into(),
            });
        }
    }
    for m in &applied.notes {
        let text = m.text.clone().unwrap_or_default();
        if noticed(&notices, m.conversation_id) || !mentions(&text, &me.name) {
            continue;
        }
        if let Some(c) = lookup(m.conversation_id) {
            notices.push(Notice {
                conversation_id: m.conversation_id,
                title: format!("You were mentioned: {}", c.name),
                body: text,
            });
        }
    }
    for m in applied
        .fresh
        .iter()
        .filter(|m| m.direction == Direction::Inbound)
    {
        let text = m.text.clone().unwrap_or_else(|| format!("[{}]", m.kind));
        if let Some(n) = notices
            .iter_mut()
            .find(|n| n.conversation_id == m.conversation_id)
        {
            // One notice per conversation: the latest text wins.
            n.body = text;
            continue;
        }
        let Some(c) = lookup(m.conversation_id) else {
            continue;
        };
        let title = if c.assignee == Some(me.agent_id) {
            c.name
        } else if may_claim(me.role, c.assignee) && applied.opened.contains(&m.conversation_id) {
            format!("New in the queue: {}", c.name)
        } else {
            continue;
        };
        notices.push(Notice {
            conversation_id: m.conversation_id,
            title,
            body: text,
        });
    }
    if notices.len() > MOST {
        let more = notices.len() - (MOST - 1);
        notices.truncate(MOST - 1);
        notices.push(Notice {
            conversation_id: 0,
            title: format!("{more} more conversations need you"),
            body: String::new(),
        });
    }
    notices
}

/// Whether `text` mentions the agent called `name`: `@` and their whole
/// name or its first word, in any case, not followed by more of a word.
pub fn mentions(text: &str, name: &str) -> bool {
    let whole = name.trim().to_lowercase();
    let first = whole
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    if first.is_empty() {
        return false;
    }
    let text = text.to_lowercase();
    text.match_indices('@').any(|(at, _)| {
        let rest = &text[at + 1..];
        [&whole, &first].iter().any(|n| {
            rest.starts_with(n.as_str())
                && rest[n.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{DeliveryStatus, Message, Role};

    fn me(role: Role) -> Me {
        Me {
            agent_id: 2,
            name: "Sam".into(),
            role,
            available: false,
        }
    }

    fn inbound(id: i64, conversation_id: i64, text: &str) -> Message {
        Message {
            id,
            conversation_id,
            direction: Direction::Inbound,
            kind: "text".into(),
            text: Some(text.into()),
            wamid: None,
            client_message_id: None,
            status: DeliveryStatus::Read,
            error: None,
            timestamp: id,
            sent_by: None,
            media: None,
            details: None,
            reply_to: None,
            target: None,
            edited: false,
        }
    }

    /// Conversation 1 is mine, 2 a colleague's, 3 unassigned.
    fn lookup(id: i64) -> Option<Seen> {
        let assignee = match id {
            1 => Some(2),
            2 => Some(7),
            3 => None,
            _ => return None,
        };
        Some(Seen {
            assignee,
            name: format!("Customer {id}"),
        })
    }

    fn titles(role: Role, applied: &Applied) -> Vec<String> {
        decide(&me(role), applied, lookup, &HashSet::new())
            .into_iter()
            .map(|n| n.title)
            .collect()
    }

    #[test]
    fn a_new_message_in_my_conversation_is_told_to_me_whatever_my_role() {
        let applied = Applied {
            fresh: vec![inbound(10, 1, "hello"), inbound(11, 1, "are you there?")],
            ..Applied::default()
        };
        for role in [Role::Agent, Role::Admin] {
            let notices = decide(&me(role), &applied, lookup, &HashSet::new());
            assert_eq!(notices.len(), 1, "one notice per conversation ({role:?})");
            assert_eq!(notices[0].title, "Customer 1");
            assert_eq!(notices[0].body, "are you there?", "the latest text");
        }
    }

    #[test]
    fn a_note_that_mentions_me_is_told_to_me() {
        let note = |id: i64, conversation_id: i64, text: &str| Message {
            kind: "note".into(),
            direction: Direction::Outbound,
            sent_by: Some(7),
            ..inbound(id, conversation_id, text)
        };
        let applied = Applied {
            notes: vec![
                note(10, 2, "@sam can you take this one?"),
                note(11, 1, "@Samantha has the details"),
                note(12, 3, "ask sam@example.com"),
            ],
            ..Applied::default()
        };
        let notices = decide(&me(Role::Agent), &applied, lookup, &HashSet::new());
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert_eq!(notices[0].title, "You were mentioned: Customer 2");
        assert_eq!(notices[0].body, "@sam can you take this one?");
        assert!(mentions("Thanks @Ana Ferreira!", "Ana Ferreira"));
        assert!(mentions("@ana, see above", "Ana Ferreira"));
        assert!(!mentions("@anabela", "Ana Ferreira"));
        assert!(!mentions("Ana", "Ana Ferreira"), "no @, no mention");
    }

    #[test]
    fn colleagues_conversations_are_nobody_elses_business() {
        let applied = Applied {
            fresh: vec![inbound(10, 2, "hello")],
            opened: vec![2],
            ..Applied::default()
        };
        assert!(titles(Role::Admin, &applied).is_empty());
        assert!(titles(Role::Viewer, &applied).is_empty());
    }

    #[test]
    fn a_new_conversation_in_the_queue_is_told_to_those_who_may_claim_it() {
        let opened = Applied {
            fresh: vec![inbound(10, 3, "hi, a question")],
            opened: vec![3],
            ..Applied::default()
        };
        assert_eq!(
            titles(Role::Agent, &opened),
            vec!["New in the queue: Customer 3"]
        );
        assert_eq!(
            titles(Role::Admin, &opened),
            vec!["New in the queue: Customer 3"]
        );
        assert!(
            titles(Role::Viewer, &opened).is_empty(),
            "viewers cannot claim"
        );
        let follow_up = Applied {
            fresh: vec![inbound(11, 3, "me again")],
            ..Applied::default()
        };
        assert!(
            titles(Role::Agent, &follow_up).is_empty(),
            "a further message in a queued conversation is not news"
        );
    }

    #[test]
    fn being_given_a_conversation_is_told_unless_i_took_it_myself() {
        let given = Applied {
            assigned_to_me: vec![1],
            ..Applied::default()
        };
        assert_eq!(
            titles(Role::Agent, &given),
            vec!["Assigned to you: Customer 1"]
        );
        let claimed: HashSet<i64> = [1].into_iter().collect();
        assert!(decide(&me(Role::Agent), &given, lookup, &claimed).is_empty());
    }

    #[test]
    fn customers_text_reaches_the_notification_server_as_plain_text() {
        assert_eq!(
            super::plain_for_notification(
                "<img src=x onerror=alert(1)> & <a href=\"javascript:x\">click me</a>"
            ),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;a href=\"javascript:x\"&gt;click me&lt;/a&gt;"
        );
        assert_eq!(
            super::plain_for_notification("\u{202E}gnp.exe\u{202C} invoice"),
            "gnp.exe invoice",
            "no override turns a file name around"
        );
        assert_eq!(super::plain_for_notification("Olá, João"), "Olá, João");
    }

    #[test]
    fn a_busy_round_is_summed_up() {
        let applied = Applied {
            fresh: (0..9).map(|i| inbound(100 + i, 1000 + i, "hi")).collect(),
            opened: (0..9).map(|i| 1000 + i).collect(),
            ..Applied::default()
        };
        let many = |id: i64| {
            Some(Seen {
                assignee: None,
                name: format!("C{id}"),
            })
        };
        let notices = decide(&me(Role::Agent), &applied, many, &HashSet::new());
        assert_eq!(notices.len(), MOST);
        assert_eq!(notices[MOST - 1].title, "5 more conversations need you");
    }
}
