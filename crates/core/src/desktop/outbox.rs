//! Sending what the outbox holds: each reply (a queued file uploaded first,
//! streamed from the encrypted store), a refusal kept on the reply, being
//! offline leaving it queued; and retrying or discarding a failed one.

use super::Desktop;
use crate::error::{CoreError, Result};
use switchboard_protocol::SendRequest;

impl Desktop {
    /// Sends what the outbox holds. A refusal by the hub is final and shown on
    /// the reply; being offline leaves it queued for the next round.
    pub async fn flush_outbox(&self) -> Result<usize> {
        let mut sent = 0;
        for entry in self.store.outbox()? {
            let attachment = match &entry.attachment {
                Some(file) => match self.upload_queued(&entry, file).await {
                    Ok(id) => Some(id),
                    Err(CoreError::Hub {
                        status,
                        code,
                        message,
                    }) if (400..500).contains(&status) && status != 429 => {
                        self.store
                            .reply_refused(&entry.client_message_id, &code, &message)?;
                        continue;
                    }
                    Err(e) => {
                        self.store
                            .reply_attempted(&entry.client_message_id, &e.to_ui().message)?;
                        return Err(e);
                    }
                },
                None => None,
            };
            let req = SendRequest {
                client_message_id: entry.client_message_id.clone(),
                text: if entry.template.is_some() {
                    String::new()
                } else {
                    entry.text.clone()
                },
                template: entry.template.clone(),
                reaction: None,
                note: entry.note,
                reply_to: entry.reply_to,
                attachment,
                choices: entry.choices.clone(),
            };
            self.store.reply_sending(&entry.client_message_id)?;
            match self.client.send(entry.conversation_id, &req).await {
                Ok(message) => {
                    self.store.reply_accepted(&message, &self.me())?;
                    sent += 1;
                }
                // The hub no longer has the file (unsent uploads go after a
                // day): upload it again next round.
                Err(CoreError::Hub { code, message, .. }) if code == "unknown_attachment" => {
                    self.store.set_upload(&entry.client_message_id, None)?;
                    self.store
                        .reply_attempted(&entry.client_message_id, &message)?;
                }
                Err(CoreError::Hub {
                    status,
                    code,
                    message,
                }) if (400..500).contains(&status) && status != 429 => {
                    self.store
                        .reply_refused(&entry.client_message_id, &code, &message)?;
                }
                Err(e) => {
                    self.store
                        .reply_attempted(&entry.client_message_id, &e.to_ui().message)?;
                    return Err(e);
                }
            }
        }
        Ok(sent)
    }

    /// The hub's upload of a queued file: uploads it first if the hub does
    /// not have it yet, streamed from the encrypted store a chunk at a time
    /// (never whole in memory).
    async fn upload_queued(
        &self,
        entry: &crate::store::OutboxEntry,
        file: &crate::store::QueuedFile,
    ) -> Result<i64> {
        if let Some(id) = file.upload_id {
            return Ok(id);
        }
        self.store.reply_sending(&entry.client_message_id)?;
        let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(1);
        let cmid = entry.client_message_id.clone();
        let produce = async move {
            let mut seq = 0;
            loop {
                let chunk = match self.store.outbox_chunk(&cmid, seq) {
                    Ok(Some(chunk)) => Ok(chunk),
                    Ok(None) => break,
                    Err(e) => Err(std::io::Error::other(e.to_string())),
                };
                let failed = chunk.is_err();
                // The request ended (refused or cut): nothing more to read.
                if tx.send(chunk).await.is_err() || failed {
                    break;
                }
                seq += 1;
            }
        };
        let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        });
        let body = reqwest::Body::wrap_stream(chunks);
        let upload = self.client.upload(
            entry.conversation_id,
            &file.name,
            &file.mime_type,
            u64::try_from(file.size).unwrap_or_default(),
            body,
        );
        let ((), uploaded) = tokio::join!(produce, upload);
        let uploaded = uploaded?;
        self.store
            .set_upload(&entry.client_message_id, Some(uploaded.id))?;
        Ok(uploaded.id)
    }

    /// Sends a failed reply again.
    pub fn retry_reply(&self, client_message_id: &str) -> Result<()> {
        self.store.retry_reply(client_message_id)?;
        self.wake.notify_one();
        Ok(())
    }

    /// Drops a queued or failed reply.
    pub fn discard_reply(&self, client_message_id: &str) -> Result<()> {
        self.store.discard_reply(client_message_id)
    }
}
