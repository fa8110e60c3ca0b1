//! Acting on conversations through the hub: claiming, assigning, resolving,
//! read marks, this agent's availability and presence. Each needs the hub,
//! which checks the role again, and the next sync round brings the result;
//! only a macro's steps wait for the hub when it cannot be reached
//! ([`Desktop::flush_actions`]).

use super::Desktop;
use crate::error::{CoreError, Result};
use crate::i18n::Arg;
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
    /// in); every other step is one bulk request. When the hub cannot be
    /// reached (or earlier steps still wait for it), that request and the
    /// ones after it are queued, and sent in order once it answers, after
    /// the queued replies. Returns what was done, queued and left undone.
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
            queued: 0,
        };
        // Steps wait behind ones already waiting, so they keep their order.
        let mut waiting = self.store.queued_action_count()? > 0;
        for step in &m.steps {
            let action = match step {
                MacroStep::Reply { text } | MacroStep::Note { text } => {
                    for &c in &conversations {
                        if let Err(e) = self.macro_message(c, step, text) {
                            let ui = e.to_ui();
                            outcome.refused.push(BulkRefusal {
                                conversation_id: c,
                                code: ui.code,
                                message: ui.message,
                            });
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
            let request = switchboard_protocol::BulkRequest {
                conversations: conversations.clone(),
                action,
            };
            waiting = self.macro_bulk_step(request, waiting, &mut outcome).await?;
        }
        Ok(outcome)
    }

    /// One of a macro's bulk steps: sent, or queued when earlier ones wait
    /// (`waiting`) or the hub cannot be reached. Returns whether the steps
    /// after it must wait.
    async fn macro_bulk_step(
        &self,
        request: switchboard_protocol::BulkRequest,
        waiting: bool,
        outcome: &mut switchboard_protocol::MacroOutcome,
    ) -> Result<bool> {
        if waiting {
            self.store.queue_action(&request)?;
            outcome.queued += 1;
            return Ok(true);
        }
        match self
            .bulk(request.conversations.clone(), request.action.clone())
            .await
        {
            Ok(done) => outcome.refused.extend(done.refused),
            Err(e) if unreached(&e) => {
                self.store.queue_action(&request)?;
                outcome.queued += 1;
                return Ok(true);
            }
            Err(e) => {
                let ui = e.to_ui();
                outcome
                    .refused
                    .extend(request.conversations.iter().map(|&c| {
                        switchboard_protocol::BulkRefusal {
                            conversation_id: c,
                            code: ui.code.clone(),
                            message: ui.message.clone(),
                        }
                    }));
            }
        }
        outcome.steps += 1;
        Ok(false)
    }

    /// Sends the macro steps that waited for the hub, in order; called by
    /// each sync round after the outbox. A request the hub answers is done
    /// (what it refused comes back as a notice); one that does not reach it
    /// waits for the next round. Returns the notices.
    pub async fn flush_actions(&self) -> Result<Vec<crate::notify::Notice>> {
        let mut notices = Vec::new();
        for queued in self.store.queued_actions()? {
            match self.client.bulk(&queued.request).await {
                Ok(done) => {
                    self.store.action_done(queued.id)?;
                    if let Some(first) = done.refused.first() {
                        notices.push(crate::notify::Notice {
                            conversation_id: first.conversation_id,
                            title: crate::i18n::text("notice-macro-partly", &[]),
                            body: crate::i18n::text(
                                "notice-macro-partly-body",
                                &[
                                    ("refused", Arg::Count(done.refused.len())),
                                    ("count", Arg::Count(queued.request.conversations.len())),
                                    ("reason", Arg::Text(&first.message)),
                                ],
                            ),
                            kind: crate::notify::NoticeKind::Personal,
                        });
                    }
                }
                Err(e) if unreached(&e) => {
                    self.store.action_attempted(queued.id, &e.to_ui().message)?;
                    return Err(e);
                }
                // Refused whole (a role changed, say): said, and not retried.
                Err(e) => {
                    self.store.action_done(queued.id)?;
                    let first = queued.request.conversations.first().copied();
                    notices.push(crate::notify::Notice {
                        conversation_id: first.unwrap_or_default(),
                        title: crate::i18n::text("notice-macro-refused", &[]),
                        body: e.to_ui().message,
                        kind: crate::notify::NoticeKind::Personal,
                    });
                }
            }
        }
        Ok(notices)
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

/// The hub was not reached, or could not answer now (it is down, busy or
/// asks to slow down): worth trying again later, unlike a refusal.
fn unreached(e: &CoreError) -> bool {
    match e {
        CoreError::Offline(_) => true,
        CoreError::Hub { status, .. } => *status == 429 || *status >= 500,
        _ => false,
    }
}
