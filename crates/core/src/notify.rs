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
    /// What it is about, for [`Coalescer`].
    #[serde(skip)]
    pub kind: NoticeKind,
}

/// What a notice is about. New conversations in the queue and new messages
/// in one's own conversations come in bursts and are coalesced; being given
/// a conversation, a mention and an alert are shown each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NoticeKind {
    Queue,
    Mine,
    #[default]
    Personal,
}

impl NoticeKind {
    /// The summary of `n` held notices of this kind.
    fn summary(self, n: usize) -> String {
        match self {
            NoticeKind::Queue => count("notice-queue-summary", n),
            NoticeKind::Mine => count("notice-mine-summary", n),
            NoticeKind::Personal => count("notice-more-summary", n),
        }
    }
}

/// Coalesces bursts (issue 25.2): the first notice of a kind is shown at
/// once; the ones that follow within `window` are held, and when the window
/// ends they are shown as one (the notice itself if it was alone, else a
/// summary: "12 new conversations in the queue"). Several of a kind in one
/// round (a catch-up after reconnecting or waking) are one summary too.
/// Time is passed in, so the rule is tested without waiting.
#[derive(Debug)]
pub struct Coalescer {
    window: std::time::Duration,
    /// When each coalesced kind last showed something, and what it holds.
    kinds: std::collections::HashMap<NoticeKind, (std::time::Instant, Vec<Notice>)>,
}

/// How long a burst of one kind is gathered into one notification.
pub const COALESCE_WINDOW: std::time::Duration = std::time::Duration::from_secs(10);

impl Coalescer {
    pub fn new(window: std::time::Duration) -> Coalescer {
        Coalescer {
            window,
            kinds: std::collections::HashMap::new(),
        }
    }

    /// A round's notices: returns those to show now; the rest are held
    /// until [`Coalescer::due`].
    pub fn offer(&mut self, notices: Vec<Notice>, now: std::time::Instant) -> Vec<Notice> {
        let mut show = Vec::new();
        let mut by_kind: Vec<(NoticeKind, Vec<Notice>)> = Vec::new();
        for n in notices {
            if n.kind == NoticeKind::Personal {
                show.push(n);
                continue;
            }
            match by_kind.iter_mut().find(|(k, _)| *k == n.kind) {
                Some((_, list)) => list.push(n),
                None => by_kind.push((n.kind, vec![n])),
            }
        }
        for (kind, mut list) in by_kind {
            let window = self.window;
            let entry = self.kinds.entry(kind).or_insert((now, Vec::new()));
            let quiet = now.duration_since(entry.0) >= window && entry.1.is_empty();
            let fresh = entry.0 == now && entry.1.is_empty();
            if quiet || fresh {
                // Nothing of this kind lately: shown now (one summary if many).
                entry.0 = now;
                show.push(if list.len() == 1 {
                    list.remove(0)
                } else {
                    summary(kind, list.len())
                });
            } else {
                entry.1.append(&mut list);
            }
        }
        show
    }

    /// The held notices whose window has ended by `now`, as one each kind.
    pub fn due(&mut self, now: std::time::Instant) -> Vec<Notice> {
        let mut show = Vec::new();
        for (kind, (since, held)) in self.kinds.iter_mut() {
            if held.is_empty() || now.duration_since(*since) < self.window {
                continue;
            }
            *since = now;
            let mut held = std::mem::take(held);
            show.push(if held.len() == 1 {
                held.remove(0)
            } else {
                summary(*kind, held.len())
            });
        }
        show
    }

    /// When the next held notices fall due, if any are held.
    pub fn next_due(&self) -> Option<std::time::Instant> {
        self.kinds
            .values()
            .filter(|(_, held)| !held.is_empty())
            .map(|(since, _)| *since + self.window)
            .min()
    }
}

/// A message of the catalogue about `n` things.
fn count(id: &str, n: usize) -> String {
    crate::i18n::text(id, &[("count", crate::i18n::Arg::Count(n))])
}

/// A message of the catalogue about one conversation, by its name.
fn named(id: &str, name: &str) -> String {
    crate::i18n::text(id, &[("name", crate::i18n::Arg::Text(name))])
}

fn summary(kind: NoticeKind, n: usize) -> Notice {
    Notice {
        conversation_id: 0,
        title: kind.summary(n),
        body: String::new(),
        kind: NoticeKind::Personal,
    }
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
            c if switchboard_protocol::is_direction_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// What the decision needs to know of a conversation after the round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub assignee: Option<i64>,
    /// Its team's queue (none: every agent's).
    pub team: Option<i64>,
    pub name: String,
}

impl Seen {
    fn place(&self) -> switchboard_protocol::Place {
        switchboard_protocol::Place {
            assignee: self.assignee,
            team: self.team,
        }
    }
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
                title: named("notice-assigned", &c.name),
                body: crate::i18n::text("notice-assigned-body", &[]),
                kind: NoticeKind::Personal,
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
                title: named("notice-mentioned", &c.name),
                body: text,
                kind: NoticeKind::Personal,
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
        let (title, kind) = if c.assignee == Some(me.agent_id) {
            (c.name, NoticeKind::Mine)
        } else if may_claim(me.who(), c.place()) && applied.opened.contains(&m.conversation_id) {
            (named("notice-new-in-queue", &c.name), NoticeKind::Queue)
        } else {
            continue;
        };
        notices.push(Notice {
            conversation_id: m.conversation_id,
            title,
            body: text,
            kind,
        });
    }
    if notices.len() > MOST {
        let more = notices.len() - (MOST - 1);
        notices.truncate(MOST - 1);
        notices.push(Notice {
            conversation_id: 0,
            title: count("notice-more-summary", more),
            body: String::new(),
            kind: NoticeKind::Personal,
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
            teams: Vec::new(),
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
            team: None,
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

    fn queue(id: i64) -> Notice {
        Notice {
            conversation_id: id,
            title: format!("New in the queue: Customer {id}"),
            body: "hello".into(),
            kind: NoticeKind::Queue,
        }
    }

    /// Regression (issue 25.2): 37 customers writing within seconds gave 37
    /// notifications, one per sync round.
    #[test]
    fn a_burst_of_customers_is_one_notification_and_a_summary() {
        use std::time::{Duration, Instant};
        let mut c = super::Coalescer::new(Duration::from_secs(10));
        let t0 = Instant::now();
        let first = c.offer(vec![queue(1)], t0);
        assert_eq!(first.len(), 1, "the first is shown at once");
        assert_eq!(first[0].title, "New in the queue: Customer 1");
        let mut shown = 0;
        for i in 2..=37 {
            shown += c
                .offer(vec![queue(i)], t0 + Duration::from_millis(100 * i as u64))
                .len();
        }
        assert_eq!(shown, 0, "the rest of the burst is held");
        assert!(
            c.due(t0 + Duration::from_secs(9)).is_empty(),
            "until the window ends"
        );
        assert_eq!(c.next_due(), Some(t0 + Duration::from_secs(10)));
        let summary = c.due(t0 + Duration::from_secs(10));
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].title, "36 new conversations in the queue");
        assert!(c.next_due().is_none());
        // A mention in the middle of a burst is shown at once.
        let mentioned = Notice {
            conversation_id: 5,
            title: "You were mentioned: Ana".into(),
            body: "@sam".into(),
            kind: NoticeKind::Personal,
        };
        let later = t0 + Duration::from_secs(11);
        assert_eq!(c.offer(vec![queue(40), mentioned.clone()], later).len(), 1);
        // A catch-up round (after sleep) with many of a kind: one summary.
        let mut d = super::Coalescer::new(Duration::from_secs(10));
        let round: Vec<Notice> = (1..=12).map(queue).collect();
        let shown = d.offer(round, t0);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].title, "12 new conversations in the queue");
        // Quiet for the window: the next one is shown at once again.
        assert_eq!(
            d.offer(vec![queue(13)], t0 + Duration::from_secs(30)).len(),
            1
        );
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
                team: None,
                name: format!("C{id}"),
            })
        };
        let notices = decide(&me(Role::Agent), &applied, many, &HashSet::new());
        assert_eq!(notices.len(), MOST);
        assert_eq!(notices[MOST - 1].title, "5 more conversations need you");
    }
}
