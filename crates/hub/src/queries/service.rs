//! Service levels (issue 29): an inbox's business hours and the replies a
//! customer gets automatically (a greeting on a new conversation, an away
//! reply while the inbox is closed), and snoozing a conversation.
//!
//! An automatic reply goes through the send queue like an agent's, under
//! an idempotency key the hub derives from what it answers: the greeting's
//! from the conversation, the away reply's from the conversation and the
//! instant the inbox opens again. Two hubs receiving the customer's
//! messages at once write the same key; the second finds it taken
//! (`record_outbound`), so one closed period gets one away reply and one
//! Graph API call, however many messages and hubs.

use super::*;
use switchboard_protocol::{BusinessHours, InboxHoursRequest, Schedule};

/// The longest a conversation may be snoozed: a year.
const MAX_SNOOZE_SECS: i64 = 366 * 86_400;

/// The prefix of an automatic reply's idempotency key; the desktop shows
/// such messages as sent by Switchboard rather than by an agent.
pub const AUTOMATIC_KEY_PREFIX: &str = "auto-";

/// Sets an inbox's business hours, away reply and greeting (each left out
/// is cleared). An away reply needs hours to know when the inbox is closed.
pub fn set_inbox_hours(
    conn: &dyn Db,
    id: &str,
    settings: &InboxHoursRequest,
) -> Result<(), StoreError> {
    if let Some(h) = &settings.hours {
        Schedule::new(h).map_err(|why| StoreError::Invalid("invalid_hours", why))?;
    }
    for text in [&settings.away_reply, &settings.greeting]
        .into_iter()
        .flatten()
    {
        switchboard_protocol::validate_text(text)
            .map_err(|why| StoreError::Invalid("invalid_text", why))?;
    }
    if let Some(q) = &settings.csat_question {
        switchboard_protocol::validate_text(q)
            .map_err(|why| StoreError::Invalid("invalid_text", why))?;
        if q.chars().count() > 1024 {
            return Err(StoreError::Invalid(
                "invalid_text",
                "the survey's question is at most 1,024 characters",
            ));
        }
    }
    let answers = match (&settings.csat_question, &settings.csat_answers) {
        (Some(q), Some(answers)) => Some(csat_answers(q, answers)?),
        // Answers without a question are never sent: not kept.
        _ => None,
    };
    if settings.away_reply.is_some() && settings.hours.is_none() {
        return Err(StoreError::Invalid(
            "invalid_hours",
            "an away reply needs business hours (when the inbox is closed)",
        ));
    }
    super::teams::valid_inbox_id(id)?;
    let hours = settings
        .hours
        .as_ref()
        .map(|h| serde_json::to_string(h).map_err(|_| StoreError::Conflict("hours")))
        .transpose()?;
    conn.exec(
        "INSERT INTO inboxes (phone_number_id, name, hours, away_reply, greeting, csat_question, csat_answers)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (phone_number_id) DO UPDATE SET hours = excluded.hours,
           away_reply = excluded.away_reply, greeting = excluded.greeting,
           csat_question = excluded.csat_question, csat_answers = excluded.csat_answers",
        vals![id, hours, &settings.away_reply, &settings.greeting, &settings.csat_question, answers],
    )?;
    bump_lists(conn)?;
    Ok(())
}

/// After a customer's new message in `conversation_id` (written to inbox
/// `inbox` at `written`, unix seconds): queues the inbox's greeting when
/// the conversation is new, and its away reply when the inbox is closed.
/// Returns how many replies it queued (0 when they were queued before).
pub fn automatic_replies(
    conn: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    inbox: &str,
    written: i64,
) -> Result<usize, StoreError> {
    let Some(row) = conn.row(
        "SELECT hours, away_reply, greeting FROM inboxes WHERE phone_number_id = ?1
           AND (away_reply IS NOT NULL OR greeting IS NOT NULL)",
        vals![inbox],
    )?
    else {
        return Ok(0);
    };
    let now = now();
    // Only inside the 24-hour window the message opened, and only for a
    // message written now (a webhook redelivered hours late is not a
    // customer waiting).
    if written < now - 3_600 {
        return Ok(0);
    }
    let mut queued = 0;
    if let Some(greeting) = row.opt_text(2)? {
        let first = conn
            .row(
                "SELECT count(*) FROM messages WHERE conversation_id = ?1 AND direction = 'inbound'",
                vals![conversation_id],
            )?
            .map(|r| r.i64(0))
            .transpose()?
            == Some(1);
        if first {
            let key = format!("{AUTOMATIC_KEY_PREFIX}greeting-{conversation_id}");
            queued += queue_automatic(conn, keys, conversation_id, key, greeting)?;
        }
    }
    let hours: Option<BusinessHours> = row.opt_text(0)?.and_then(|h| serde_json::from_str(&h).ok());
    if let (Some(hours), Some(away)) = (hours, row.opt_text(1)?)
        && let Ok(schedule) = Schedule::new(&hours)
    {
        let state = schedule.state(now);
        if !state.open {
            // The closed period is named by when it ends (never, for an
            // inbox that does not open again within a year).
            let until = state.until.unwrap_or(0);
            let key = format!("{AUTOMATIC_KEY_PREFIX}away-{conversation_id}-{until}");
            queued += queue_automatic(conn, keys, conversation_id, key, away)?;
        }
    }
    Ok(queued)
}

/// The survey's answers: the reply buttons' ids, their titles when the
/// inbox names none (English), and the rating each gives; best first.
pub const CSAT_BUTTONS: [(&str, &str, i64); 3] = [
    ("csat:3", "😀 Good", 3),
    ("csat:2", "😐 OK", 2),
    ("csat:1", "🙁 Poor", 1),
];

/// An inbox's own titles for the survey's buttons, checked as WhatsApp
/// checks reply buttons (three, 1 to 20 characters each, on one line, all
/// different) under `question`; as they are kept: trimmed, a JSON array.
fn csat_answers(question: &str, answers: &[String]) -> Result<String, StoreError> {
    if answers.len() != CSAT_BUTTONS.len() {
        return Err(StoreError::Invalid(
            "invalid_text",
            "the survey has three answers: good, OK and poor",
        ));
    }
    let choices = switchboard_protocol::ChoicesSend {
        list: None,
        options: answers.to_vec(),
    };
    choices
        .check(question)
        .map_err(|why| StoreError::Invalid("invalid_text", why))?;
    serde_json::to_string(&choices.trimmed().options).map_err(|_| StoreError::Conflict("answers"))
}

/// A conversation resolved by `agent`: asks its customer the inbox's
/// satisfaction question with three reply buttons, once per customer
/// period (keyed by the customer's last message), inside the 24-hour
/// window. Returns whether it queued one.
pub fn csat_survey(
    conn: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    agent: Option<i64>,
) -> Result<bool, StoreError> {
    let Some(row) = conn.row(
        "SELECT i.csat_question, c.last_inbound_at, i.csat_answers FROM conversations c
           JOIN inboxes i ON i.phone_number_id = c.phone_number_id
          WHERE c.id = ?1 AND i.csat_question IS NOT NULL",
        vals![conversation_id],
    )?
    else {
        return Ok(false);
    };
    let (question, last) = (row.text(0)?, row.opt_i64(1)?);
    let Some(last) = last.filter(|l| *l > now() - 86_400) else {
        return Ok(false);
    };
    conn.exec(
        "UPDATE conversations SET csat_agent = ?1 WHERE id = ?2",
        vals![agent, conversation_id],
    )?;
    // The inbox's own titles (checked when kept), or English.
    let titles: Option<Vec<String>> = row
        .opt_text(2)?
        .and_then(|a| serde_json::from_str(&a).ok())
        .filter(|a: &Vec<String>| a.len() == CSAT_BUTTONS.len());
    let buttons = CSAT_BUTTONS
        .iter()
        .enumerate()
        .map(|(i, (id, title, _))| {
            let title = titles
                .as_ref()
                .and_then(|t| t.get(i))
                .map_or(*title, String::as_str);
            ((*id).to_owned(), title.to_owned())
        })
        .collect();
    let key = format!("{AUTOMATIC_KEY_PREFIX}csat-{conversation_id}-{last}");
    let queued = queue_automatic_with(
        conn,
        keys,
        conversation_id,
        key,
        question,
        Some(Payload::Buttons { buttons }),
    )?;
    Ok(queued > 0)
}

/// The rating a customer's message gives, when it is a tap on one of the
/// survey's buttons.
pub fn csat_answer(m: &InboundMessage) -> Option<i64> {
    if m.kind != "interactive" {
        return None;
    }
    let id = m.raw.pointer("/interactive/button_reply/id")?.as_str()?;
    CSAT_BUTTONS
        .iter()
        .find(|(b, _, _)| *b == id)
        .map(|(_, _, rating)| *rating)
}

/// Keeps a customer's rating on its conversation.
pub fn record_csat(
    conn: &dyn Db,
    conversation_id: i64,
    rating: i64,
    at: i64,
) -> Result<(), StoreError> {
    conn.exec(
        "UPDATE conversations SET csat = ?1, csat_at = ?2 WHERE id = ?3",
        vals![rating, at, conversation_id],
    )?;
    Ok(())
}

/// Queues one automatic reply under `key`; 0 when it was queued before.
fn queue_automatic(
    conn: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    key: String,
    text: String,
) -> Result<usize, StoreError> {
    queue_automatic_with(conn, keys, conversation_id, key, text, None)
}

/// [`queue_automatic`] with what the Graph API is sent beyond the text.
fn queue_automatic_with(
    conn: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    key: String,
    text: String,
    payload: Option<Payload>,
) -> Result<usize, StoreError> {
    let slot = record_outbound(
        conn,
        keys,
        &NewOutbound {
            conversation_id,
            agent_id: None,
            client_message_id: key,
            text,
            payload,
            note: false,
        },
    )?;
    Ok(usize::from(matches!(slot, SendSlot::New(_))))
}

/// Snoozes an open conversation until `until` (unix seconds, within a
/// year) or, when none, until the customer writes. Returns whether it
/// changed.
pub fn snooze(conn: &dyn Db, conversation_id: i64, until: Option<i64>) -> Result<bool, StoreError> {
    if let Some(u) = until
        && !(now() < u && u <= now() + MAX_SNOOZE_SECS)
    {
        return Err(StoreError::Invalid(
            "invalid_snooze",
            "a snooze ends in the future, within a year",
        ));
    }
    let open = conn
        .row(
            "SELECT status FROM conversations WHERE id = ?1",
            vals![conversation_id],
        )?
        .ok_or(StoreError::NotFound)?
        .text(0)?
        == "open";
    if !open {
        return Err(StoreError::Invalid(
            "not_open",
            "only an open conversation can be snoozed",
        ));
    }
    let changed = conn.exec(
        "UPDATE conversations SET snoozed = 1, snoozed_until = ?1
          WHERE id = ?2 AND NOT (snoozed = 1 AND snoozed_until IS NOT DISTINCT FROM ?1)",
        vals![until, conversation_id],
    )?;
    if changed > 0 {
        append_change(conn, conversation_id, "conversation", None)?;
    }
    Ok(changed > 0)
}

/// Brings a snoozed conversation back now. Returns whether it changed.
pub fn wake(conn: &dyn Db, conversation_id: i64) -> Result<bool, StoreError> {
    let changed = conn.exec(
        "UPDATE conversations SET snoozed = 0, snoozed_until = NULL WHERE id = ?1 AND snoozed <> 0",
        vals![conversation_id],
    )?;
    if changed > 0 {
        append_change(conn, conversation_id, "conversation", None)?;
    }
    Ok(changed > 0)
}
