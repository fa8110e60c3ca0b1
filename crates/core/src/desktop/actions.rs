//! Acting on conversations through the hub: claiming, assigning, resolving,
//! read marks, this agent's availability and presence. None is queued: each
//! needs the hub, which checks the role again, and the next sync round
//! brings the result.

use super::Desktop;
use crate::error::{CoreError, Result};
use switchboard_protocol::{ConversationStatus, Permission, may_manage};

impl Desktop {
    /// Who is viewing or typing in conversations this agent may read, as
    /// the hub tells it (while [`Desktop::run`] follows the hub).
    pub fn presence(&self) -> tokio::sync::broadcast::Receiver<switchboard_protocol::Presence> {
        self.presence.subscribe()
    }

    /// Tells the team this agent views, types in or left a conversation.
    /// Needs the hub (presence is not worth queueing).
    pub async fn set_presence(
        &self,
        conversation_id: i64,
        state: switchboard_protocol::PresenceState,
    ) -> Result<()> {
        self.store.conversation(conversation_id)?;
        self.client.presence(conversation_id, state).await?;
        Ok(())
    }

    /// Whether this agent takes new conversations (asks the hub).
    pub async fn available(&self) -> Result<bool> {
        Ok(self.client.me().await?.available)
    }

    /// Available for new conversations, or away (agents and admins). With
    /// the hub's auto-assignment on, becoming available takes waiting
    /// conversations; the next sync round brings them.
    pub async fn set_available(&self, available: bool) -> Result<()> {
        if !self.me().role.allows(Permission::Reply) {
            return Err(CoreError::Invalid("viewers take no conversations"));
        }
        self.client.set_available(available).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Takes an unassigned conversation for oneself.
    pub async fn claim(&self, conversation_id: i64) -> Result<()> {
        let me = self.me();
        if let Ok(mut claimed) = self.claimed_here.lock() {
            claimed.insert(conversation_id);
        }
        self.client
            .assign(conversation_id, Some(me.agent_id))
            .await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Admins: give a conversation to an agent, or back to the queue.
    pub async fn assign(&self, conversation_id: i64, assignee: Option<i64>) -> Result<()> {
        let conversation = self.store.conversation(conversation_id)?;
        if !switchboard_protocol::may_assign(self.me().who(), conversation.place()) {
            return Err(CoreError::Invalid(
                "only an admin or the team's lead can assign conversations",
            ));
        }
        self.client.assign(conversation_id, assignee).await?;
        self.wake.notify_one();
        Ok(())
    }

    pub async fn set_status(&self, conversation_id: i64, status: ConversationStatus) -> Result<()> {
        self.client.set_status(conversation_id, status).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Snoozes a conversation until `until` (unix seconds) or, when none,
    /// until the customer writes: whoever may act on it (the role table's
    /// manage rule, as for resolving); the hub checks again.
    pub async fn snooze(&self, conversation_id: i64, until: Option<i64>) -> Result<()> {
        let c = self.store.conversation(conversation_id)?;
        if !may_manage(self.me().who(), c.place()) {
            return Err(CoreError::Invalid(
                "only whoever holds this conversation (or a lead or an admin) can snooze it",
            ));
        }
        if c.status != ConversationStatus::Open {
            return Err(CoreError::Invalid(
                "only an open conversation can be snoozed",
            ));
        }
        self.client.snooze(conversation_id, until).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// One action on many conversations in one request (at most
    /// [`switchboard_protocol::MAX_BULK`]). The hub checks each one against
    /// the role table and answers what it left as it was, and why.
    pub async fn bulk(
        &self,
        conversations: Vec<i64>,
        action: switchboard_protocol::BulkAction,
    ) -> Result<switchboard_protocol::BulkOutcome> {
        if conversations.is_empty() || conversations.len() > switchboard_protocol::MAX_BULK {
            return Err(CoreError::Invalid("select 1 to 1,000 conversations"));
        }
        let req = switchboard_protocol::BulkRequest {
            conversations,
            action,
        };
        let outcome = self.client.bulk(&req).await?;
        self.wake.notify_one();
        Ok(outcome)
    }

    /// Runs macro `id` on `conversations`, its steps in order: a reply or a
    /// note is queued in the outbox for each conversation (so it waits
    /// offline like any reply, with the canned replies' variables filled
    /// in); every other step is one bulk request (it needs the hub: offline,
    /// that step is reported as not done for each conversation, and the
    /// steps after it still run). Returns what was left undone, and why.
    pub async fn run_macro(
        &self,
        id: i64,
        conversations: Vec<i64>,
    ) -> Result<switchboard_protocol::MacroOutcome> {
        use switchboard_protocol::{BulkAction, BulkRefusal, MacroStep};
        if conversations.is_empty() || conversations.len() > switchboard_protocol::MAX_BULK {
            return Err(CoreError::Invalid("select 1 to 1,000 conversations"));
        }
        let macros = self.macros().await?;
        let m = macros
            .iter()
            .find(|m| m.id == id)
            .ok_or(CoreError::NotFound)?;
        let mut outcome = switchboard_protocol::MacroOutcome {
            steps: 0,
            refused: Vec::new(),
        };
        let refuse = |id: i64, e: CoreError| {
            let ui = e.to_ui();
            BulkRefusal {
                conversation_id: id,
                code: ui.code,
                message: ui.message,
            }
        };
        for step in &m.steps {
            let action = match step {
                MacroStep::Reply { text } | MacroStep::Note { text } => {
                    for &c in &conversations {
                        let done = self.macro_message(c, step, text);
                        if let Err(e) = done {
                            outcome.refused.push(refuse(c, e));
                        }
                    }
                    outcome.steps += 1;
                    continue;
                }
                MacroStep::Label { add, remove } => BulkAction::Label {
                    add: add.clone(),
                    remove: remove.clone(),
                },
                MacroStep::Assign { assignee } => BulkAction::Assign {
                    assignee: *assignee,
                },
                MacroStep::Snooze { hours } => BulkAction::Snooze {
                    until: hours.map(|h| crate::store::unix_now() + h * 3_600),
                },
                MacroStep::Resolve => BulkAction::Resolve,
            };
            match self.bulk(conversations.clone(), action).await {
                Ok(done) => outcome.refused.extend(done.refused),
                Err(e) => {
                    let ui = e.to_ui();
                    outcome
                        .refused
                        .extend(conversations.iter().map(|&c| BulkRefusal {
                            conversation_id: c,
                            code: ui.code.clone(),
                            message: ui.message.clone(),
                        }));
                }
            }
            outcome.steps += 1;
        }
        Ok(outcome)
    }

    /// A macro's reply or note in one conversation, its variables filled.
    fn macro_message(
        &self,
        conversation_id: i64,
        step: &switchboard_protocol::MacroStep,
        text: &str,
    ) -> Result<String> {
        let c = self.store.conversation(conversation_id)?;
        let name = c.contact_name.clone().unwrap_or_else(|| c.wa_id.clone());
        let text = switchboard_protocol::fill_variables(
            text,
            &name,
            &format!("+{}", c.wa_id),
            &self.me().name,
        );
        match step {
            switchboard_protocol::MacroStep::Note { .. } => self.note(conversation_id, &text),
            _ => self.reply(conversation_id, &text),
        }
    }

    /// Brings a snoozed conversation back now.
    pub async fn wake_conversation(&self, conversation_id: i64) -> Result<()> {
        let c = self.store.conversation(conversation_id)?;
        if !may_manage(self.me().who(), c.place()) {
            return Err(CoreError::Invalid(
                "only whoever holds this conversation (or a lead or an admin) can wake it",
            ));
        }
        self.client.wake(conversation_id).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Clears the unread count, if this agent may (admin, or the holder).
    pub async fn mark_read(&self, conversation_id: i64) -> Result<()> {
        let c = self.store.conversation(conversation_id)?;
        let me = self.me();
        if c.unread == 0 || !may_manage(me.who(), c.place()) {
            return Ok(());
        }
        self.client.mark_read(conversation_id).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Leaves a conversation for later: unread again. Only who may act on
    /// it (admin, or the holder); the hub checks again.
    pub async fn mark_unread(&self, conversation_id: i64) -> Result<()> {
        let c = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_manage(me.who(), c.place()) {
            return Err(CoreError::Invalid(
                "only whoever holds this conversation (or an admin) can mark it unread",
            ));
        }
        if c.unread > 0 {
            return Ok(());
        }
        self.client.mark_unread(conversation_id).await?;
        self.wake.notify_one();
        Ok(())
    }
}
