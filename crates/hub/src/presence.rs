//! Who is viewing or typing in which conversation: kept in memory only,
//! told to the team through `/v1/events` as it changes, forgotten when it
//! runs out (a desktop renews what holds). Nothing of it is stored or
//! enters the feed.

use std::collections::HashMap;
use std::sync::Mutex;
use switchboard_protocol::{
    Place, Presence, PresencePerson, PresenceState, TYPING_SECS, VIEWING_SECS,
};
use tokio::sync::broadcast;

/// A change of who is in one conversation, with who may hear of it.
#[derive(Debug, Clone)]
pub struct PresenceEvent {
    pub presence: Presence,
    /// Where the conversation was when it changed (who may read it).
    pub place: Place,
}

/// One agent's presence as one hub tells the others (several hubs on
/// PostgreSQL): the same call, made on every hub's board.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SharedPresence {
    /// The hub it happened on (it does not apply it twice).
    pub hub: String,
    pub conversation_id: i64,
    pub assignee: Option<i64>,
    /// The conversation's team (none from hubs before teams).
    #[serde(default)]
    pub team: Option<i64>,
    pub agent_id: i64,
    pub name: String,
    pub state: PresenceState,
    pub at: i64,
}

pub struct PresenceBoard {
    people: Mutex<HashMap<i64, Vec<PresencePerson>>>,
    events: broadcast::Sender<PresenceEvent>,
}

impl Default for PresenceBoard {
    fn default() -> Self {
        PresenceBoard {
            people: Mutex::new(HashMap::new()),
            events: broadcast::channel(256).0,
        }
    }
}

impl PresenceBoard {
    pub fn subscribe(&self) -> broadcast::Receiver<PresenceEvent> {
        self.events.subscribe()
    }

    /// Records what `agent` does in `conversation_id` at `now` (unix
    /// seconds) and tells every open stream; returns who is there now.
    pub fn set(
        &self,
        conversation_id: i64,
        place: Place,
        agent_id: i64,
        name: &str,
        state: PresenceState,
        now: i64,
    ) -> Presence {
        let people = {
            let Ok(mut all) = self.people.lock() else {
                return Presence {
                    conversation_id,
                    people: Vec::new(),
                    at: now,
                };
            };
            // Whatever ran out anywhere goes (the map stays small).
            all.retain(|_, people| {
                people.retain(|p| p.until >= now);
                !people.is_empty()
            });
            let people = all.entry(conversation_id).or_default();
            people.retain(|p| p.agent_id != agent_id);
            let hold = match state {
                PresenceState::Viewing => Some(VIEWING_SECS),
                PresenceState::Typing => Some(TYPING_SECS),
                PresenceState::Left => None,
            };
            if let Some(secs) = hold {
                people.push(PresencePerson {
                    agent_id,
                    name: name.to_owned(),
                    state,
                    until: now + secs,
                });
                people.sort_by_key(|p| p.agent_id);
            }
            people.clone()
        };
        let presence = Presence {
            conversation_id,
            people,
            at: now,
        };
        // No stream open is no one to tell.
        let _ = self.events.send(PresenceEvent {
            presence: presence.clone(),
            place,
        });
        presence
    }
}

impl PresenceBoard {
    /// What another hub's desktop said, told to this hub's streams.
    pub fn apply(&self, p: &SharedPresence) {
        self.set(
            p.conversation_id,
            Place {
                assignee: p.assignee,
                team: p.team,
            },
            p.agent_id,
            &p.name,
            p.state,
            p.at,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_replace_run_out_and_leave() {
        let board = PresenceBoard::default();
        let mut heard = board.subscribe();
        board.set(7, Place::default(), 1, "Ada", PresenceState::Viewing, 100);
        let p = board.set(7, Place::default(), 2, "Sam", PresenceState::Typing, 100);
        assert_eq!(p.people.len(), 2);
        assert_eq!(p.people[1].until, 100 + TYPING_SECS);
        let p = board.set(7, Place::default(), 2, "Sam", PresenceState::Viewing, 101);
        assert_eq!(
            p.people.iter().map(|p| p.state).collect::<Vec<_>>(),
            [PresenceState::Viewing, PresenceState::Viewing],
            "one state per agent"
        );
        let p = board.set(7, Place::default(), 2, "Sam", PresenceState::Left, 102);
        assert_eq!(p.people.len(), 1);
        let p = board.set(
            8,
            Place::default(),
            2,
            "Sam",
            PresenceState::Viewing,
            100 + VIEWING_SECS + 1,
        );
        assert_eq!(p.people.len(), 1);
        assert!(
            board
                .people
                .lock()
                .map(|m| !m.contains_key(&7))
                .unwrap_or(false),
            "Ada's viewing ran out"
        );
        assert_eq!(
            heard.try_recv().map(|e| e.presence.conversation_id).ok(),
            Some(7)
        );
    }
}
