//! What each [`HubStore`] call does, written once for every backend: which
//! store functions (`store/*.rs`, on a [`Db`]) run in one transaction, and
//! which audit entry goes with each change (committed together or not at
//! all). A backend only says how to run a transaction ([`Backend`]).

use async_trait::async_trait;
use serde_json::Value;
use switchboard_protocol::{Change, Conversation, ConversationStatus, Message, Role};
use switchboard_whatsapp::webhook::{Event, Source};

use crate::crypto::Keyring;
use crate::db::Db;
use crate::db::types::*;
use crate::queries::{self, audit};
use crate::repo::{HubStore, StoreError};

/// How a backend runs the store's functions.
#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Runs `f` in a write transaction, durable when this returns.
    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static;
    /// Runs `f` on a consistent read.
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static;
    /// This hub's name as the holder of send and download leases.
    fn owner(&self) -> String;
    /// Whether other hubs may write the same store (leases then matter).
    fn shared(&self) -> bool;
    /// After a contact's data was erased: make sure nothing of it stays
    /// readable in the backend's files (logs, free pages).
    async fn after_erase(&self) -> Result<(), StoreError>;
    /// Fails unless a write can be committed now.
    async fn writable(&self) -> Result<(), StoreError>;
    /// Tells the other hubs sharing this store who is viewing or typing
    /// where (`payload`: a [`crate::presence::SharedPresence`] as JSON).
    /// Nothing to do for a hub of its own.
    async fn share_presence(&self, _payload: String) -> Result<(), StoreError> {
        Ok(())
    }
    /// Takes a send token from the bucket every hub shares, if the backend
    /// has shared buckets (`None`: the hub paces on its own).
    async fn take_token(
        &self,
        _key: String,
        _capacity: f64,
        _per_sec: f64,
    ) -> Result<Option<Result<(), std::time::Duration>>, StoreError> {
        Ok(None)
    }
}

fn mask(wa_id: &str) -> String {
    format!("contact:{}", switchboard_whatsapp::mask_phone(wa_id))
}

#[async_trait]
impl<B: Backend> HubStore for B {
    async fn ingest_with(
        &self,
        events: Vec<Event>,
        auto_assign: Option<i64>,
    ) -> Result<IngestOutcome, StoreError> {
        self.write(move |tx, keys| {
            let mut outcome = IngestOutcome::default();
            for event in &events {
                match event {
                    Event::Message(m) => match queries::ingest::ingest_message(tx, keys, m)? {
                        Some(conversation_id) => {
                            outcome.messages_new += 1;
                            if m.source == Source::Customer {
                                customer_wrote(
                                    tx,
                                    keys,
                                    conversation_id,
                                    m,
                                    auto_assign,
                                    &mut outcome,
                                )?;
                            }
                        }
                        None => outcome.messages_duplicate += 1,
                    },
                    Event::Status(s) => {
                        if queries::ingest::ingest_status(tx, s)? {
                            outcome.statuses_new += 1;
                        } else {
                            outcome.statuses_duplicate += 1;
                        }
                    }
                    Event::Other {
                        field,
                        contact,
                        raw,
                    } => {
                        if queries::ingest::keep_other_event(
                            tx,
                            keys,
                            field,
                            contact.as_deref(),
                            raw,
                        )? {
                            outcome.other += 1;
                            if field == "user_preferences" {
                                queries::ingest::record_marketing_preferences(tx, raw)?;
                            }
                            if crate::alerts::is_alert(field) {
                                outcome
                                    .alerts
                                    .push((field.clone(), crate::alerts::summary(field, raw)));
                            }
                        } else {
                            outcome.other_duplicate += 1;
                        }
                    }
                }
            }
            Ok(outcome)
        })
        .await
    }

    async fn quarantine(&self, reason: String, body: Vec<u8>) -> Result<(), StoreError> {
        self.write(move |conn, keys| queries::ingest::quarantine(conn, keys, &reason, &body))
            .await
    }

    async fn authenticate(
        &self,
        token_hash: Vec<u8>,
    ) -> Result<Result<AgentRow, TokenRejection>, StoreError> {
        self.read(move |conn, _| queries::agents::authenticate(conn, &token_hash))
            .await
    }

    async fn authenticate_until(
        &self,
        token_hash: Vec<u8>,
    ) -> Result<Result<(AgentRow, i64), TokenRejection>, StoreError> {
        self.read(move |conn, _| queries::agents::authenticate_until(conn, &token_hash))
            .await
    }

    async fn generations(&self) -> Result<(i64, i64), StoreError> {
        self.read(|conn, _| queries::agents::generations(conn))
            .await
    }

    async fn record_sign_in(&self, token_hash: Vec<u8>, agent_id: i64) -> Result<bool, StoreError> {
        self.write(move |conn, _| queries::admin::record_sign_in(conn, &token_hash, agent_id))
            .await
    }

    async fn audit(
        &self,
        actor: Option<i64>,
        action: &'static str,
        subject: String,
        detail: String,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| audit::append(conn, actor, action, &subject, &detail))
            .await
    }

    async fn list_agents(&self) -> Result<Vec<AgentRow>, StoreError> {
        self.read(|conn, _| queries::agents::list_agents(conn))
            .await
    }

    async fn create_agent(
        &self,
        name: String,
        role: Role,
        token_days: i64,
        actor: Option<i64>,
    ) -> Result<(i64, String), StoreError> {
        self.write(move |conn, _| {
            queries::admin::create_agent(conn, &name, role, token_days, actor)
        })
        .await
    }

    async fn update_agent(
        &self,
        agent_id: i64,
        role: Option<Role>,
        disabled: Option<bool>,
        actor: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            queries::admin::update_agent(conn, agent_id, role, disabled, actor)
        })
        .await
    }

    async fn list_tokens(&self, agent_id: i64) -> Result<Vec<TokenInfo>, StoreError> {
        self.read(move |conn, _| {
            queries::agents::agent(conn, agent_id)?;
            queries::agents::list_tokens(conn, agent_id)
        })
        .await
    }

    async fn issue_token(
        &self,
        agent_id: i64,
        days: i64,
        rotate: bool,
        actor: Option<i64>,
    ) -> Result<String, StoreError> {
        self.write(move |conn, _| queries::admin::new_token(conn, agent_id, days, rotate, actor))
            .await
    }

    async fn revoke_tokens(
        &self,
        agent_id: i64,
        token_id: Option<i64>,
        actor: Option<i64>,
    ) -> Result<usize, StoreError> {
        self.write(move |conn, _| queries::admin::revoke(conn, agent_id, token_id, actor))
            .await
    }

    async fn verify_audit(&self) -> Result<Result<usize, audit::Tampered>, StoreError> {
        self.read(|conn, _| audit::verify(conn)).await
    }

    async fn missing_keys(&self) -> Result<Vec<i64>, StoreError> {
        self.read(|conn, keys| queries::keys::missing_keys(conn, keys))
            .await
    }

    async fn wrong_keys(&self) -> Result<Vec<i64>, StoreError> {
        self.read(|conn, keys| queries::keys::wrong_keys(conn, keys))
            .await
    }

    async fn rotate_content_key(&self) -> Result<usize, StoreError> {
        self.write(|conn, keys| {
            if !queries::keys::missing_keys(conn, keys)?.is_empty() {
                return Err(StoreError::Invalid(
                    "missing_keys",
                    "rows are sealed under key ids that are not loaded: add them to SWITCHBOARD_PREVIOUS_CONTENT_KEYS",
                ));
            }
            let n = queries::keys::rotate_content_key(conn, keys)?;
            audit::append(
                conn,
                None,
                "key_rotate",
                &format!("key:{}", keys.current_id()),
                &format!("{n} rows"),
            )?;
            Ok(n)
        })
        .await
    }

    async fn audit_log(&self, after: i64, limit: i64) -> Result<Vec<audit::Entry>, StoreError> {
        self.read(move |conn, _| audit::list(conn, after, limit))
            .await
    }

    async fn latest_seq(&self) -> Result<i64, StoreError> {
        self.read(|conn, _| queries::feed::latest_seq(conn)).await
    }

    async fn changes_for(
        &self,
        agent: AgentRow,
        after: i64,
        limit: i64,
    ) -> Result<(Vec<Change>, i64, bool), StoreError> {
        self.read(move |conn, keys| queries::feed::changes_for(conn, keys, &agent, after, limit))
            .await
    }

    async fn feed_tail(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<(queries::feed::Tail, i64), StoreError> {
        self.read(move |conn, keys| {
            let tail = queries::feed::tail(conn, keys, after, limit)?;
            Ok((tail, queries::agents::generations(conn)?.0))
        })
        .await
    }

    async fn conversation(&self, id: i64) -> Result<Conversation, StoreError> {
        self.read(move |conn, _| queries::feed::conversation(conn, id))
            .await
    }

    async fn conversations_by_id(
        &self,
        ids: Vec<i64>,
    ) -> Result<Vec<Option<Conversation>>, StoreError> {
        self.read(move |conn, _| {
            ids.iter()
                .map(|&id| match queries::feed::conversation(conn, id) {
                    Ok(c) => Ok(Some(c)),
                    Err(StoreError::NotFound) => Ok(None),
                    Err(e) => Err(e),
                })
                .collect()
        })
        .await
    }

    async fn bulk(
        &self,
        ids: Vec<i64>,
        action: switchboard_protocol::BulkAction,
        actor: i64,
    ) -> Result<Vec<(i64, StoreError)>, StoreError> {
        self.write(move |conn, keys| {
            let mut refused = Vec::new();
            for id in ids {
                match bulk_step(conn, keys, id, &action, actor) {
                    Ok(()) => {}
                    // What this conversation's state refuses (checked before
                    // anything is written for it): the others go on.
                    Err(
                        e @ (StoreError::Invalid(..)
                        | StoreError::Conflict(_)
                        | StoreError::Clash(..)
                        | StoreError::Held(_)
                        | StoreError::NotFound),
                    ) => refused.push((id, e)),
                    Err(e) => return Err(e),
                }
            }
            Ok(refused)
        })
        .await
    }

    async fn message(&self, id: i64) -> Result<Message, StoreError> {
        self.read(move |conn, keys| queries::feed::message(conn, keys, id))
            .await
    }

    // Every change below and its audit entry are one job of the single
    // writer: they commit together, and audit ids are handed out in order.
    async fn queue_outbound(&self, m: NewOutbound) -> Result<SendSlot, StoreError> {
        self.write(move |conn, keys| {
            let slot = queries::outbound::record_outbound(conn, keys, &m)?;
            if let (SendSlot::New(msg), Some(agent), false) = (&slot, m.agent_id, m.note)
                && msg.kind != "reaction"
            {
                queries::sla::on_agent_reply(conn, m.conversation_id, agent)?;
            }
            if let SendSlot::New(msg) = &slot {
                let subject = format!("message:{}", msg.id);
                audit::append(
                    conn,
                    m.agent_id,
                    if m.note { "note" } else { "send" },
                    &subject,
                    &format!("conversation:{}", m.conversation_id),
                )?;
            }
            Ok(slot)
        })
        .await
    }

    async fn report(
        &self,
        from: i64,
        to: i64,
        scope: queries::reports::ReportScope,
    ) -> Result<switchboard_protocol::Report, StoreError> {
        self.read(move |conn, _| queries::reports::report(conn, from, to, &scope))
            .await
    }

    async fn teams(&self) -> Result<Vec<switchboard_protocol::Team>, StoreError> {
        self.read(|conn, _| queries::teams::list_teams(conn)).await
    }

    async fn inboxes(&self) -> Result<Vec<switchboard_protocol::Inbox>, StoreError> {
        self.read(|conn, _| queries::teams::list_inboxes(conn))
            .await
    }

    async fn change_service(&self, change: ServiceChange, actor: i64) -> Result<i64, StoreError> {
        self.write(move |conn, _| {
            let (id, action, subject, detail) = match change {
                ServiceChange::SavePolicy { id, rule } => {
                    let saved = queries::sla::save_policy(conn, id, &rule)?;
                    let action = if id.is_some() {
                        "sla_policy_set"
                    } else {
                        "sla_policy_add"
                    };
                    (saved, action, format!("sla_policy:{saved}"), rule.name)
                }
                ServiceChange::DeletePolicy { id } => {
                    queries::sla::delete_policy(conn, id)?;
                    (
                        0,
                        "sla_policy_delete",
                        format!("sla_policy:{id}"),
                        String::new(),
                    )
                }
                ServiceChange::SaveMacro { id, rule } => {
                    let saved = queries::macros::save_macro(conn, id, &rule)?;
                    let action = if id.is_some() {
                        "macro_set"
                    } else {
                        "macro_add"
                    };
                    (saved, action, format!("macro:{saved}"), rule.name)
                }
                ServiceChange::DeleteMacro { id } => {
                    queries::macros::delete_macro(conn, id)?;
                    (0, "macro_delete", format!("macro:{id}"), String::new())
                }
                ServiceChange::SetInboxHours { id, settings } => {
                    queries::service::set_inbox_hours(conn, &id, &settings)?;
                    let detail = match &settings.hours {
                        Some(h) => format!("{} shifts in {}", h.shifts.len(), h.time_zone),
                        None => "always open".to_owned(),
                    };
                    (0, "inbox_hours", format!("inbox:{id}"), detail)
                }
            };
            audit::append(conn, Some(actor), action, &subject, &detail)?;
            Ok(id)
        })
        .await
    }

    async fn macros(&self) -> Result<Vec<switchboard_protocol::Macro>, StoreError> {
        self.read(|conn, _| queries::macros::list_macros(conn))
            .await
    }

    async fn sla_policies(&self) -> Result<Vec<switchboard_protocol::SlaPolicy>, StoreError> {
        self.read(|conn, _| queries::sla::list_policies(conn)).await
    }

    async fn record_sla_breaches(&self, at: i64) -> Result<usize, StoreError> {
        self.write(move |conn, _| queries::sla::record_breaches(conn, at))
            .await
    }

    async fn change_teams(&self, change: TeamChange, actor: i64) -> Result<i64, StoreError> {
        use queries::teams;
        self.write(move |conn, keys| {
            let team = |id: i64| format!("team:{id}");
            let (id, action, subject, detail) = match change {
                TeamChange::AddTeam { name } => {
                    let id = teams::add_team(conn, &name)?;
                    (id, "team_add", team(id), name)
                }
                TeamChange::RenameTeam { id, name } => {
                    teams::rename_team(conn, id, &name)?;
                    (0, "team_rename", team(id), name)
                }
                TeamChange::DeleteTeam { id } => {
                    teams::delete_team(conn, id)?;
                    (0, "team_delete", team(id), String::new())
                }
                TeamChange::SetMember {
                    team: t,
                    agent,
                    lead,
                } => {
                    if !teams::set_member(conn, t, agent, lead)? {
                        return Ok(0);
                    }
                    let role = if lead { "lead" } else { "member" };
                    (0, "team_member", team(t), format!("agent:{agent} {role}"))
                }
                TeamChange::RemoveMember { team: t, agent } => {
                    if !teams::remove_member(conn, t, agent)? {
                        return Ok(0);
                    }
                    (0, "team_member_remove", team(t), format!("agent:{agent}"))
                }
                TeamChange::SetInbox { id, name, team: t } => {
                    let moved = teams::set_inbox(conn, keys, &id, &name, t, actor)?;
                    let to = t.map_or_else(|| "no team".to_owned(), team);
                    (
                        0,
                        "inbox_set",
                        format!("inbox:{id}"),
                        format!("{name} -> {to}, {} moved", moved.len()),
                    )
                }
                TeamChange::Transfer {
                    conversation,
                    team: t,
                    note,
                } => {
                    if !teams::move_to_team(
                        conn,
                        keys,
                        conversation,
                        Some(t),
                        note.as_deref(),
                        actor,
                    )? {
                        return Ok(0);
                    }
                    (
                        0,
                        "transfer",
                        format!("conversation:{conversation}"),
                        team(t),
                    )
                }
            };
            audit::append(conn, Some(actor), action, &subject, &detail)?;
            Ok(id)
        })
        .await
    }

    async fn labels(&self) -> Result<Vec<switchboard_protocol::Label>, StoreError> {
        self.read(|conn, _| queries::labels::list_labels(conn))
            .await
    }

    async fn save_label(
        &self,
        id: Option<i64>,
        req: switchboard_protocol::LabelRequest,
        actor: i64,
    ) -> Result<i64, StoreError> {
        self.write(move |conn, _| {
            let (id, action) = match id {
                Some(id) => {
                    queries::labels::update_label(conn, id, &req)?;
                    (id, "label_update")
                }
                None => (queries::labels::add_label(conn, &req)?, "label_add"),
            };
            queries::agents::bump_lists(conn)?;
            audit::append(conn, Some(actor), action, &format!("label:{id}"), &req.name)?;
            Ok(id)
        })
        .await
    }

    async fn delete_label(&self, id: i64, actor: i64) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            queries::labels::delete_label(conn, id)?;
            queries::agents::bump_lists(conn)?;
            audit::append(
                conn,
                Some(actor),
                "label_delete",
                &format!("label:{id}"),
                "",
            )
        })
        .await
    }

    async fn set_labels(
        &self,
        conversation_id: i64,
        labels: Vec<i64>,
        actor: i64,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            if queries::labels::set_labels(conn, conversation_id, &labels)? {
                let ids: Vec<String> = labels.iter().map(i64::to_string).collect();
                audit::append(
                    conn,
                    Some(actor),
                    "labels",
                    &format!("conversation:{conversation_id}"),
                    &ids.join(","),
                )?;
            }
            Ok(())
        })
        .await
    }

    async fn canned(&self) -> Result<Vec<switchboard_protocol::CannedReply>, StoreError> {
        self.read(|conn, _| queries::canned::list_canned(conn))
            .await
    }

    async fn add_canned(
        &self,
        req: switchboard_protocol::CannedReplyRequest,
        actor: i64,
    ) -> Result<i64, StoreError> {
        self.write(move |conn, _| {
            let id = queries::canned::add_canned(conn, &req)?;
            queries::agents::bump_lists(conn)?;
            audit::append(
                conn,
                Some(actor),
                "canned_add",
                &format!("canned:{id}"),
                &format!("/{}", req.shortcut),
            )?;
            Ok(id)
        })
        .await
    }

    async fn update_canned(
        &self,
        id: i64,
        req: switchboard_protocol::CannedReplyRequest,
        actor: i64,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            queries::canned::update_canned(conn, id, &req)?;
            queries::agents::bump_lists(conn)?;
            audit::append(
                conn,
                Some(actor),
                "canned_update",
                &format!("canned:{id}"),
                &format!("/{}", req.shortcut),
            )
        })
        .await
    }

    async fn delete_canned(&self, id: i64, actor: i64) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            queries::canned::delete_canned(conn, id)?;
            queries::agents::bump_lists(conn)?;
            audit::append(
                conn,
                Some(actor),
                "canned_delete",
                &format!("canned:{id}"),
                "",
            )
        })
        .await
    }

    async fn set_available(
        &self,
        agent_id: i64,
        available: bool,
        auto_assign: Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        self.write(move |conn, _| {
            // Audited when it changes, not each time a desktop says it again.
            if queries::assign::set_available(conn, agent_id, available)? {
                audit::append(
                    conn,
                    Some(agent_id),
                    "availability",
                    &format!("agent:{agent_id}"),
                    if available { "available" } else { "away" },
                )?;
            }
            let taken = match auto_assign {
                Some(limit) if available => {
                    queries::assign::fill_from_queue(conn, agent_id, limit)?
                }
                _ => Vec::new(),
            };
            for id in &taken {
                audit::append(
                    conn,
                    None,
                    "auto_assign",
                    &format!("conversation:{id}"),
                    &format!("agent:{agent_id}"),
                )?;
            }
            Ok(taken)
        })
        .await
    }

    async fn available_agents(&self) -> Result<Vec<i64>, StoreError> {
        self.read(|conn, _| queries::assign::available_agents(conn))
            .await
    }

    async fn team(&self) -> Result<Vec<switchboard_protocol::TeamMember>, StoreError> {
        self.read(|conn, _| {
            Ok(queries::agents::list_agents(conn)?
                .into_iter()
                .filter(|a| !a.disabled)
                .map(|a| switchboard_protocol::TeamMember {
                    id: a.id,
                    name: a.name,
                })
                .collect())
        })
        .await
    }

    async fn assign(
        &self,
        conversation_id: i64,
        assignee: Option<i64>,
        actor: i64,
        claim: bool,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            queries::outbound::set_assignee(conn, conversation_id, assignee, claim)?;
            let to = assignee
                .map(|a| format!("agent:{a}"))
                .unwrap_or_else(|| "nobody".into());
            let what = if claim { "claim" } else { "assign" };
            audit::append(
                conn,
                Some(actor),
                what,
                &format!("conversation:{conversation_id}"),
                &to,
            )
        })
        .await
    }

    async fn set_status(
        &self,
        conversation_id: i64,
        status: ConversationStatus,
        actor: i64,
    ) -> Result<(), StoreError> {
        self.write(move |conn, keys| {
            if queries::conversations::set_status(conn, keys, conversation_id, status, Some(actor))?
            {
                let what = if status == ConversationStatus::Resolved {
                    "resolve"
                } else {
                    "reopen"
                };
                audit::append(
                    conn,
                    Some(actor),
                    what,
                    &format!("conversation:{conversation_id}"),
                    "",
                )?;
            }
            Ok(())
        })
        .await
    }

    async fn snooze(
        &self,
        conversation_id: i64,
        until: Option<i64>,
        actor: i64,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            if queries::service::snooze(conn, conversation_id, until)? {
                let detail = until.map_or_else(
                    || "until the customer writes".to_owned(),
                    |u| format!("until {u}"),
                );
                audit::append(
                    conn,
                    Some(actor),
                    "snooze",
                    &format!("conversation:{conversation_id}"),
                    &detail,
                )?;
            }
            Ok(())
        })
        .await
    }

    async fn wake(&self, conversation_id: i64, actor: i64) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            if queries::service::wake(conn, conversation_id)? {
                audit::append(
                    conn,
                    Some(actor),
                    "wake",
                    &format!("conversation:{conversation_id}"),
                    "",
                )?;
            }
            Ok(())
        })
        .await
    }

    async fn mark_read(&self, conversation_id: i64) -> Result<Option<ReadReceipt>, StoreError> {
        self.write(move |conn, _| queries::conversations::mark_read(conn, conversation_id))
            .await
    }

    async fn mark_unread(&self, conversation_id: i64) -> Result<(), StoreError> {
        self.write(move |conn, _| queries::conversations::mark_unread(conn, conversation_id))
            .await
    }

    async fn media_source(&self, message_id: i64) -> Result<MediaSource, StoreError> {
        self.read(move |conn, keys| queries::media::media_source(conn, keys, message_id))
            .await
    }

    async fn begin_upload(&self, upload: NewUpload) -> Result<i64, StoreError> {
        self.write(move |conn, keys| queries::uploads::begin_upload(conn, keys, &upload))
            .await
    }

    async fn put_upload_chunk(&self, id: i64, seq: i64, bytes: Vec<u8>) -> Result<(), StoreError> {
        self.write(move |conn, keys| queries::uploads::put_chunk(conn, keys, id, seq, &bytes))
            .await
    }

    async fn finish_upload(
        &self,
        id: i64,
        size: i64,
        sha256: String,
        chunks: i64,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| queries::uploads::finish_upload(conn, id, size, &sha256, chunks))
            .await
    }

    async fn drop_upload(&self, id: i64) -> Result<(), StoreError> {
        self.write(move |conn, _| queries::uploads::drop_upload(conn, id))
            .await
    }

    async fn upload(&self, id: i64) -> Result<UploadRow, StoreError> {
        self.read(move |conn, keys| queries::uploads::upload(conn, keys, id))
            .await
    }

    async fn media_chunk(&self, message_id: i64, seq: i64) -> Result<Vec<u8>, StoreError> {
        self.read(move |conn, keys| queries::media::media_chunk(conn, keys, message_id, seq))
            .await
    }

    async fn upload_chunk(&self, id: i64, seq: i64) -> Result<Vec<u8>, StoreError> {
        self.read(move |conn, keys| queries::uploads::upload_chunk(conn, keys, id, seq))
            .await
    }

    async fn set_graph_media_id(&self, id: i64, media_id: String) -> Result<(), StoreError> {
        self.write(move |conn, _| queries::uploads::set_graph_media_id(conn, id, &media_id))
            .await
    }

    async fn unsent_upload_bytes(&self, agent_id: i64) -> Result<i64, StoreError> {
        self.read(move |conn, _| queries::uploads::unsent_upload_bytes(conn, agent_id))
            .await
    }

    async fn sweep_uploads(&self, before: i64) -> Result<usize, StoreError> {
        self.write(move |conn, _| queries::uploads::sweep_uploads(conn, before))
            .await
    }

    async fn reaction_target(
        &self,
        conversation_id: i64,
        message_id: i64,
    ) -> Result<String, StoreError> {
        self.read(move |conn, _| {
            queries::outbound::reaction_target(conn, conversation_id, message_id)
        })
        .await
    }

    async fn export_contact(&self, wa_id: String, actor: i64) -> Result<Value, StoreError> {
        self.write(move |conn, keys| {
            let data = queries::contacts::export_contact(conn, keys, &wa_id)?;
            audit::append(conn, Some(actor), "contact_export", &mask(&wa_id), "")?;
            Ok(data)
        })
        .await
    }

    async fn erase_contact(&self, wa_id: String, actor: i64) -> Result<usize, StoreError> {
        let n = self
            .write(move |conn, keys| {
                let n = queries::contacts::erase_contact(conn, keys, &wa_id)?;
                audit::append(
                    conn,
                    Some(actor),
                    "contact_erase",
                    &mask(&wa_id),
                    &format!("{n} messages"),
                )?;
                Ok(n)
            })
            .await?;
        self.after_erase().await?;
        Ok(n)
    }

    async fn quarantined(&self) -> Result<Vec<Value>, StoreError> {
        self.read(|conn, _| queries::contacts::list_quarantine(conn))
            .await
    }

    async fn alerts(&self, before: Option<i64>, limit: i64) -> Result<Vec<AlertInfo>, StoreError> {
        self.read(move |conn, keys| queries::contacts::list_alerts(conn, keys, before, limit))
            .await
    }

    async fn check_writable(&self) -> Result<(), StoreError> {
        self.writable().await
    }

    async fn tell_presence(&self, payload: String) -> Result<(), StoreError> {
        self.share_presence(payload).await
    }

    async fn gauges(&self) -> Result<Gauges, StoreError> {
        self.read(|conn, _| {
            let (send_queue, quarantined) = queries::contacts::gauges(conn)?;
            let (media_pending, media_failed) = queries::contacts::media_gauges(conn)?;
            Ok(Gauges {
                send_queue,
                quarantined,
                media_pending,
                media_failed,
            })
        })
        .await
    }

    async fn due_sends(&self, now: i64, limit: i64) -> Result<Vec<DueSend>, StoreError> {
        self.read(move |conn, keys| queries::outbound::due_sends(conn, keys, now, limit))
            .await
    }

    async fn next_send_due(&self) -> Result<Option<i64>, StoreError> {
        self.read(|conn, _| queries::outbound::next_due(conn)).await
    }

    async fn mark_in_flight(&self, message_id: i64) -> Result<bool, StoreError> {
        let owner = self.owner();
        self.write(move |conn, _| queries::outbound::mark_in_flight(conn, message_id, &owner))
            .await
    }

    async fn record_send_outcome(
        &self,
        message_id: i64,
        outcome: SendOutcome,
    ) -> Result<(), StoreError> {
        self.write(move |conn, _| {
            queries::outbound::record_send_outcome(conn, message_id, &outcome)
        })
        .await
    }

    async fn reconcile_in_flight(&self) -> Result<usize, StoreError> {
        let owner = self.owner();
        self.write(move |conn, _| queries::outbound::reconcile_in_flight(conn, &owner, true))
            .await
    }

    async fn reconcile_expired(&self) -> Result<usize, StoreError> {
        if !self.shared() {
            // One hub: nothing of another's can be in flight.
            return Ok(0);
        }
        let owner = self.owner();
        self.write(move |conn, _| queries::outbound::reconcile_in_flight(conn, &owner, false))
            .await
    }

    async fn take_send_token(
        &self,
        key: String,
        capacity: f64,
        per_sec: f64,
    ) -> Result<Option<Result<(), std::time::Duration>>, StoreError> {
        self.take_token(key, capacity, per_sec).await
    }

    async fn due_media(&self, now: i64, limit: i64) -> Result<Vec<DueMedia>, StoreError> {
        let owner = self.owner();
        if self.shared() {
            // Taking downloads leases them: a write.
            self.write(move |conn, _| queries::media::due_media(conn, now, limit, &owner))
                .await
        } else {
            self.read(move |conn, _| queries::media::due_media(conn, now, limit, &owner))
                .await
        }
    }

    async fn next_media_due(&self) -> Result<Option<i64>, StoreError> {
        self.read(|conn, _| queries::media::next_media_due(conn))
            .await
    }

    async fn record_media(
        &self,
        message_id: i64,
        outcome: MediaOutcome,
    ) -> Result<bool, StoreError> {
        self.write(move |conn, keys| queries::media::record_media(conn, keys, message_id, outcome))
            .await
    }
}

/// One conversation's part of a bulk request, audited as the same action on
/// it alone would be.
fn bulk_step(
    conn: &dyn crate::db::Db,
    keys: &crate::crypto::Keyring,
    id: i64,
    action: &switchboard_protocol::BulkAction,
    actor: i64,
) -> Result<(), StoreError> {
    use switchboard_protocol::BulkAction as A;
    let subject = format!("conversation:{id}");
    let (what, detail) = match action {
        A::Assign { assignee } => {
            queries::outbound::set_assignee(conn, id, *assignee, false)?;
            let to = assignee.map_or_else(|| "nobody".to_owned(), |a| format!("agent:{a}"));
            ("assign", to)
        }
        A::Transfer { team_id } => {
            if !queries::teams::move_to_team(conn, keys, id, Some(*team_id), None, actor)? {
                return Ok(());
            }
            ("transfer", format!("team:{team_id}"))
        }
        A::Label { add, remove } => {
            let mut labels = queries::labels::labels_of(conn, id)?;
            labels.retain(|l| !remove.contains(l));
            labels.extend(add.iter().filter(|l| !remove.contains(l)));
            if !queries::labels::set_labels(conn, id, &labels)? {
                return Ok(());
            }
            let ids: Vec<String> = labels.iter().map(i64::to_string).collect();
            ("labels", ids.join(","))
        }
        A::Snooze { until } => {
            if !queries::service::snooze(conn, id, *until)? {
                return Ok(());
            }
            let detail = until.map_or_else(
                || "until the customer writes".to_owned(),
                |u| format!("until {u}"),
            );
            ("snooze", detail)
        }
        A::Resolve | A::Reopen => {
            let (status, what) = match action {
                A::Resolve => (ConversationStatus::Resolved, "resolve"),
                _ => (ConversationStatus::Open, "reopen"),
            };
            if !queries::conversations::set_status(conn, keys, id, status, Some(actor))? {
                return Ok(());
            }
            (what, String::new())
        }
    };
    audit::append(conn, Some(actor), what, &subject, &detail)
}

/// A customer's new message in `conversation_id`: the inbox's automatic
/// replies, the service-level clocks, and (with `auto_assign`) an available
/// agent with room for the conversation.
fn customer_wrote(
    tx: &dyn Db,
    keys: &Keyring,
    conversation_id: i64,
    m: &switchboard_whatsapp::webhook::InboundMessage,
    auto_assign: Option<i64>,
    outcome: &mut IngestOutcome,
) -> Result<(), StoreError> {
    if let Some(rating) = queries::service::csat_answer(m) {
        let at = if m.timestamp > 0 {
            m.timestamp
        } else {
            crate::db::now()
        };
        return queries::service::record_csat(tx, conversation_id, rating, at);
    }
    outcome.automatic += queries::service::automatic_replies(
        tx,
        keys,
        conversation_id,
        &m.phone_number_id,
        m.timestamp,
    )?;
    let at = if m.timestamp > 0 {
        m.timestamp
    } else {
        crate::db::now()
    };
    queries::sla::on_customer_message(tx, conversation_id, at)?;
    if let Some(limit) = auto_assign
        && let Some(agent) = queries::assign::auto_assign(tx, conversation_id, limit)?
    {
        audit::append(
            tx,
            None,
            "auto_assign",
            &format!("conversation:{conversation_id}"),
            &format!("agent:{agent}"),
        )?;
        outcome.assigned += 1;
    }
    Ok(())
}
