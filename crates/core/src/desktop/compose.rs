//! Writing in a conversation: replies (quoting or not, with choices or
//! not), notes, templates, files, reactions and drafts. Each is checked
//! here against the role and WhatsApp's rules before it is queued, so a
//! refusal is said at once rather than after it waited in the outbox;
//! queueing wakes the sync loop.

use super::Desktop;
use crate::error::{CoreError, Result};
use switchboard_protocol::{
    DeliveryStatus, Direction, Permission, SendRequest, Template, TemplateSend, may_reply,
};

/// A type as WhatsApp names it: lower case, without parameters.
fn kind_mime(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

impl Desktop {
    /// Queues a reply (it survives being offline and restarts) and wakes the sync loop.
    pub fn reply(&self, conversation_id: i64, text: &str) -> Result<String> {
        self.reply_quoting(conversation_id, text, None)
    }

    /// Whether this agent may reply in the conversation (the local re-check
    /// of the hub's rule), quoting `quote` if given: only a message of this
    /// conversation can be quoted.
    fn may_reply_in(&self, conversation_id: i64, quote: Option<i64>) -> Result<()> {
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_reply(me.who(), conversation.place()) {
            return Err(CoreError::Invalid(if me.role.allows(Permission::Claim) {
                "claim the conversation before replying"
            } else {
                "your role cannot reply"
            }));
        }
        if let Some(id) = quote {
            let (of, ..) = self.store.message_brief(id)?;
            if of != conversation_id {
                return Err(CoreError::NotFound);
            }
        }
        Ok(())
    }

    /// [`Desktop::reply`], quoting message `quote` of the conversation when given.
    pub fn reply_quoting(
        &self,
        conversation_id: i64,
        text: &str,
        quote: Option<i64>,
    ) -> Result<String> {
        switchboard_protocol::validate_text(text).map_err(CoreError::Invalid)?;
        self.may_reply_in(conversation_id, quote)?;
        let cmid = match quote {
            Some(id) => self.store.queue_reply_to(conversation_id, text, id)?,
            None => self.store.queue_reply(conversation_id, text)?,
        };
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Queues a question with reply buttons or a list for the customer to
    /// tap (checked against WhatsApp's limits here, so a refusal is said at
    /// once) and wakes the sync loop.
    pub fn ask(
        &self,
        conversation_id: i64,
        text: &str,
        choices: &switchboard_protocol::ChoicesSend,
    ) -> Result<String> {
        choices.check(text).map_err(CoreError::Invalid)?;
        self.may_reply_in(conversation_id, None)?;
        let cmid = self
            .store
            .queue_choices(conversation_id, text, &choices.trimmed())?;
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Sends a text reply that WhatsApp refused again, as a new message (a new
    /// idempotency key); the refused one stays in the thread as it was.
    pub fn resend(&self, message_id: i64) -> Result<String> {
        let (conversation_id, direction, status, kind, text) =
            self.store.message_brief(message_id)?;
        match (direction, status, kind.as_str(), text) {
            (Direction::Outbound, DeliveryStatus::Failed, "text", Some(text)) => {
                self.reply(conversation_id, &text)
            }
            _ => Err(CoreError::Invalid(
                "only a text reply WhatsApp refused can be sent again",
            )),
        }
    }

    /// Queues a private note for the team (never sent to the customer; no
    /// 24-hour window) and wakes the sync loop. `@name` in it notifies that
    /// agent.
    pub fn note(&self, conversation_id: i64, text: &str) -> Result<String> {
        switchboard_protocol::validate_text(text).map_err(CoreError::Invalid)?;
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !switchboard_protocol::may_note(me.who(), conversation.place()) {
            return Err(CoreError::Invalid("your role cannot write notes"));
        }
        let cmid = self.store.queue_note(conversation_id, text)?;
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Queues an approved template (allowed outside the 24-hour window).
    pub async fn reply_template(
        &self,
        conversation_id: i64,
        template: TemplateSend,
    ) -> Result<String> {
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_reply(me.who(), conversation.place()) {
            return Err(CoreError::Invalid(
                "this conversation is not yours to reply to",
            ));
        }
        let known = self
            .client
            .templates()
            .await?
            .into_iter()
            .find(|t| t.name == template.name && t.language == template.language)
            .ok_or(CoreError::Invalid(
                "no approved template has that name and language",
            ))?;
        if template.parameters.len() != known.parameter_count() {
            return Err(CoreError::Invalid(
                "fill in every parameter of the template",
            ));
        }
        let text = known.render(&template.parameters);
        let cmid = self.store.queue(conversation_id, &text, Some(&template))?;
        self.wake.notify_one();
        Ok(cmid)
    }

    pub async fn templates(&self) -> Result<Vec<Template>> {
        self.client.templates().await
    }

    /// Queues a file to send in a conversation, with a caption (may be
    /// empty), quoting message `quote` when given. Checked against
    /// WhatsApp's types and limits before anything is queued; the bytes
    /// wait in the encrypted store (sent once, even after a restart).
    pub fn attach(
        &self,
        conversation_id: i64,
        file: &crate::store::QueuedFile,
        caption: &str,
        quote: Option<i64>,
        read: &mut dyn std::io::Read,
    ) -> Result<String> {
        let name = crate::files::safe_file_name(Some(&file.name), &file.mime_type, 0);
        let kind = switchboard_protocol::check_attachment(
            &file.mime_type,
            u64::try_from(file.size).unwrap_or_default(),
        )
        .map_err(CoreError::Attachment)?;
        // The hub refuses a name that does not fit the type: said now, not
        // after the file waited in the outbox.
        let mime_type = kind_mime(&file.mime_type);
        switchboard_protocol::check_file_name(&name, &mime_type).map_err(CoreError::Attachment)?;
        switchboard_protocol::validate_caption(caption).map_err(CoreError::Invalid)?;
        self.may_reply_in(conversation_id, quote)?;
        let queued = crate::store::QueuedFile {
            name,
            mime_type,
            size: file.size,
            upload_id: None,
        };
        let cmid = self.store.queue_attachment(
            conversation_id,
            caption.trim(),
            quote,
            &queued,
            kind.max_bytes,
            read,
        )?;
        self.wake.notify_one();
        Ok(cmid)
    }

    /// Reacts to a message of the conversation (an empty emoji takes the
    /// reaction back). Needs the hub: a reaction is not worth queueing.
    pub async fn react(&self, conversation_id: i64, message_id: i64, emoji: &str) -> Result<()> {
        switchboard_protocol::validate_emoji(emoji).map_err(CoreError::Invalid)?;
        let conversation = self.store.conversation(conversation_id)?;
        let me = self.me();
        if !may_reply(me.who(), conversation.place()) {
            return Err(CoreError::Invalid(
                "this conversation is not yours to react in",
            ));
        }
        let req = SendRequest {
            client_message_id: uuid::Uuid::new_v4().to_string(),
            text: String::new(),
            template: None,
            reaction: Some(switchboard_protocol::ReactionSend {
                message_id,
                emoji: emoji.to_owned(),
            }),
            note: false,
            reply_to: None,
            attachment: None,
            choices: None,
        };
        self.client.send(conversation_id, &req).await?;
        self.wake.notify_one();
        Ok(())
    }

    pub fn save_draft(&self, conversation_id: i64, text: &str) -> Result<()> {
        if text.chars().count() > switchboard_protocol::MAX_TEXT_CHARS * 2 {
            return Err(CoreError::Invalid("a draft is at most 8,192 characters"));
        }
        self.store.save_draft(conversation_id, text)
    }

    pub fn draft(&self, conversation_id: i64) -> Result<Option<String>> {
        self.store.draft(conversation_id)
    }
}
