//! Replies waiting to reach the hub: queued texts (perhaps with choices),
//! notes, templates and files (a file's bytes in chunks, in the encrypted store), their state as
//! they are sent, refused or retried, and their end when the hub's message
//! arrives. Each keeps its idempotency key, so the hub never sends one twice.

use super::{Store, now};
use crate::error::{CoreError, Result};
use rusqlite::{OptionalExtension, params};
use switchboard_protocol::{Change, Me, Message};

/// A reply waiting to reach the hub.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub client_message_id: String,
    pub conversation_id: i64,
    /// The text, or for a template what the customer will read.
    pub text: String,
    pub template: Option<switchboard_protocol::TemplateSend>,
    /// A private note for the team, not a reply.
    pub note: bool,
    /// The message it quotes (the hub's id).
    pub reply_to: Option<i64>,
    /// A file it sends (`text` is then its caption).
    pub attachment: Option<QueuedFile>,
    /// Reply buttons or a list sent with the text, for the customer to tap.
    pub choices: Option<switchboard_protocol::ChoicesSend>,
}

/// A macro's step waiting for the hub: one bulk request, sent in turn.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedAction {
    pub id: i64,
    pub request: switchboard_protocol::BulkRequest,
    /// Tries that did not reach the hub.
    pub attempts: i64,
}

/// A file waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedFile {
    pub name: String,
    pub mime_type: String,
    pub size: i64,
    /// The hub's upload once it has the file (a retry then only sends).
    pub upload_id: Option<i64>,
}

/// Reads a queued file's chunks in order.
struct OutboxFile<'a> {
    store: &'a Store,
    cmid: &'a str,
    seq: i64,
    chunk: Vec<u8>,
    at: usize,
}

impl std::io::Read for OutboxFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.chunk.len() {
            match self
                .store
                .outbox_chunk(self.cmid, self.seq)
                .map_err(|e| std::io::Error::other(e.to_string()))?
            {
                Some(chunk) => {
                    self.chunk = chunk;
                    self.at = 0;
                    self.seq += 1;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The size of one stored chunk of a queued file.
pub const OUTBOX_CHUNK_BYTES: usize = 1024 * 1024;

impl Store {
    /// Queues a reply; returns its idempotency key.
    pub fn queue_reply(&self, conversation_id: i64, text: &str) -> Result<String> {
        self.queue(conversation_id, text, None)
    }

    /// Queues a reply of either kind; returns its idempotency key.
    pub fn queue(
        &self,
        conversation_id: i64,
        text: &str,
        template: Option<&switchboard_protocol::TemplateSend>,
    ) -> Result<String> {
        self.queue_entry(conversation_id, text, template, false, None, None)
    }

    /// Queues a question with reply buttons or a list; returns its key.
    pub fn queue_choices(
        &self,
        conversation_id: i64,
        text: &str,
        choices: &switchboard_protocol::ChoicesSend,
    ) -> Result<String> {
        self.queue_entry(conversation_id, text, None, false, None, Some(choices))
    }

    /// Queues a text reply that quotes message `reply_to`; returns its key.
    pub fn queue_reply_to(
        &self,
        conversation_id: i64,
        text: &str,
        reply_to: i64,
    ) -> Result<String> {
        self.queue_entry(conversation_id, text, None, false, Some(reply_to), None)
    }

    /// Queues a private note for the team; returns its idempotency key.
    pub fn queue_note(&self, conversation_id: i64, text: &str) -> Result<String> {
        self.queue_entry(conversation_id, text, None, true, None, None)
    }

    fn queue_entry(
        &self,
        conversation_id: i64,
        text: &str,
        template: Option<&switchboard_protocol::TemplateSend>,
        note: bool,
        reply_to: Option<i64>,
        choices: Option<&switchboard_protocol::ChoicesSend>,
    ) -> Result<String> {
        let cmid = uuid::Uuid::new_v4().to_string();
        self.lock().execute(
            "INSERT INTO outbox (client_message_id, conversation_id, text, created_at, template, note, reply_to, choices)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                cmid,
                conversation_id,
                text,
                now(),
                as_json(template)?,
                note,
                reply_to,
                as_json(choices)?
            ],
        )?;
        Ok(cmid)
    }

    /// Queues a reply that sends a file read from `file` (`size` bytes as
    /// the caller measured them), with `caption` (may be empty): the bytes
    /// go into the encrypted store a chunk at a time, in the same
    /// transaction as the entry, so a file is queued whole or not at all.
    /// Refuses a file whose bytes come to more than `max_bytes`.
    pub fn queue_attachment(
        &self,
        conversation_id: i64,
        caption: &str,
        reply_to: Option<i64>,
        file: &QueuedFile,
        max_bytes: u64,
        read: &mut dyn std::io::Read,
    ) -> Result<String> {
        let cmid = uuid::Uuid::new_v4().to_string();
        self.queue_attachment_as(
            &cmid,
            conversation_id,
            caption,
            reply_to,
            file,
            max_bytes,
            read,
        )?;
        Ok(cmid)
    }

    /// [`Store::queue_attachment`] under a given key (a reply carried over
    /// from a damaged copy keeps its own: the hub never sends it twice).
    #[allow(clippy::too_many_arguments)]
    pub fn queue_attachment_as(
        &self,
        cmid: &str,
        conversation_id: i64,
        caption: &str,
        reply_to: Option<i64>,
        file: &QueuedFile,
        max_bytes: u64,
        read: &mut dyn std::io::Read,
    ) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut total: u64 = 0;
        let mut seq: i64 = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO outbox_chunks (client_message_id, seq, bytes) VALUES (?1, ?2, ?3)",
            )?;
            let mut buffer = vec![0u8; OUTBOX_CHUNK_BYTES];
            loop {
                let mut filled = 0;
                while filled < buffer.len() {
                    match read.read(&mut buffer[filled..]) {
                        Ok(0) => break,
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => return Err(CoreError::Invalid("the file could not be read")),
                    }
                }
                if filled == 0 {
                    break;
                }
                total += filled as u64;
                if total > max_bytes {
                    return Err(CoreError::Invalid(
                        "the file grew past WhatsApp's limit while it was read",
                    ));
                }
                insert.execute(params![cmid, seq, &buffer[..filled]])?;
                seq += 1;
            }
        }
        if total == 0 {
            return Err(CoreError::Invalid("the file is empty"));
        }
        tx.execute(
            "INSERT INTO outbox (client_message_id, conversation_id, text, created_at, reply_to,
                                 attachment_name, attachment_mime, attachment_size)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                cmid,
                conversation_id,
                caption,
                now(),
                reply_to,
                file.name,
                file.mime_type,
                total as i64
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A queued file's bytes, read a chunk at a time.
    pub fn outbox_file<'a>(&'a self, client_message_id: &'a str) -> impl std::io::Read + 'a {
        OutboxFile {
            store: self,
            cmid: client_message_id,
            seq: 0,
            chunk: Vec::new(),
            at: 0,
        }
    }

    /// Chunk `seq` of a queued file, if there is one.
    pub fn outbox_chunk(&self, client_message_id: &str, seq: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .read()
            .query_row(
                "SELECT bytes FROM outbox_chunks WHERE client_message_id = ?1 AND seq = ?2",
                params![client_message_id, seq],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keeps (or forgets) the hub's upload of a queued file.
    pub fn set_upload(&self, client_message_id: &str, upload_id: Option<i64>) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET upload_id = ?2 WHERE client_message_id = ?1",
            params![client_message_id, upload_id],
        )?;
        Ok(())
    }

    /// Replies still to be sent, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT client_message_id, conversation_id, text, template, note, reply_to,
                    attachment_name, attachment_mime, attachment_size, upload_id, choices
             FROM outbox WHERE failed = 0 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            let template: Option<String> = r.get(3)?;
            let name: Option<String> = r.get(6)?;
            Ok(OutboxEntry {
                client_message_id: r.get(0)?,
                conversation_id: r.get(1)?,
                text: r.get(2)?,
                template: template.and_then(|t| serde_json::from_str(&t).ok()),
                note: r.get(4)?,
                reply_to: r.get(5)?,
                attachment: match name {
                    Some(name) => Some(QueuedFile {
                        name,
                        mime_type: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        size: r.get::<_, Option<i64>>(8)?.unwrap_or_default(),
                        upload_id: r.get(9)?,
                    }),
                    None => None,
                },
                choices: r
                    .get::<_, Option<String>>(10)?
                    .and_then(|c| serde_json::from_str(&c).ok()),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The hub accepted a reply: keep its message, drop the outbox entry, in one step.
    pub fn reply_accepted(&self, message: &Message, me: &Me) -> Result<()> {
        let change = Change::Message {
            seq: 0,
            message: Box::new(message.clone()),
        };
        let cursor = self.cursor()?;
        self.apply(std::slice::from_ref(&change), cursor, me)?;
        Ok(())
    }

    /// The hub refused a reply for good: keep it, marked failed, with the
    /// refusal's code and reason.
    pub fn reply_refused(&self, client_message_id: &str, code: &str, reason: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET failed = 1, sending = 0, last_error = ?2, last_error_code = ?3,
                               attempts = attempts + 1
             WHERE client_message_id = ?1",
            params![client_message_id, reason, code],
        )?;
        Ok(())
    }

    /// Puts back a reply carried over from a damaged copy, with its own
    /// idempotency key (the hub never sends it twice).
    pub fn restore_outbox(&self, entry: &OutboxEntry) -> Result<()> {
        self.lock().execute(
            "INSERT INTO outbox (client_message_id, conversation_id, text, created_at, template, note, reply_to, choices)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (client_message_id) DO NOTHING",
            params![
                entry.client_message_id,
                entry.conversation_id,
                entry.text,
                now(),
                as_json(entry.template.as_ref())?,
                entry.note,
                entry.reply_to,
                as_json(entry.choices.as_ref())?
            ],
        )?;
        Ok(())
    }

    /// Sends a failed reply again (same idempotency key: the hub never sends
    /// it twice).
    pub fn retry_reply(&self, client_message_id: &str) -> Result<()> {
        found(self.lock().execute(
            "UPDATE outbox SET failed = 0, last_error = NULL, last_error_code = NULL WHERE client_message_id = ?1",
            [client_message_id],
        )?)
    }

    /// Drops a queued or failed reply from the outbox. One already on its way
    /// to the hub may still arrive; it then shows in the thread as sent.
    pub fn discard_reply(&self, client_message_id: &str) -> Result<()> {
        found(self.lock().execute(
            "DELETE FROM outbox WHERE client_message_id = ?1",
            [client_message_id],
        )?)
    }

    /// The reply is on its way to the hub now ("sending" in the thread).
    pub fn reply_sending(&self, client_message_id: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET sending = 1 WHERE client_message_id = ?1",
            [client_message_id],
        )?;
        Ok(())
    }

    pub fn reply_attempted(&self, client_message_id: &str, reason: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET attempts = attempts + 1, sending = 0, last_error = ?2 WHERE client_message_id = ?1",
            params![client_message_id, reason],
        )?;
        Ok(())
    }
}

impl Store {
    /// Queues a bulk request until the hub answers (a macro's step run
    /// offline); they go in the order queued.
    pub fn queue_action(&self, request: &switchboard_protocol::BulkRequest) -> Result<()> {
        let body = as_json(Some(request))?.unwrap_or_default();
        self.lock().execute(
            "INSERT INTO queued_actions (created_at, request) VALUES (?1, ?2)",
            params![now(), body],
        )?;
        Ok(())
    }

    /// The queued bulk requests, oldest first. One that no longer reads
    /// (written by a later version) is left out, and said in the log.
    pub fn queued_actions(&self) -> Result<Vec<QueuedAction>> {
        let conn = self.read();
        let mut stmt =
            conn.prepare_cached("SELECT id, request, attempts FROM queued_actions ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        let mut queued = Vec::new();
        for row in rows {
            let (id, body, attempts) = row?;
            match serde_json::from_str(&body) {
                Ok(request) => queued.push(QueuedAction {
                    id,
                    request,
                    attempts,
                }),
                Err(_) => tracing::warn!(id, "a queued action could not be read; left aside"),
            }
        }
        Ok(queued)
    }

    /// How many bulk requests wait for the hub.
    pub fn queued_action_count(&self) -> Result<i64> {
        Ok(self
            .read()
            .query_row("SELECT count(*) FROM queued_actions", [], |r| r.get(0))?)
    }

    /// The hub answered a queued request (done, or refused for good).
    pub fn action_done(&self, id: i64) -> Result<()> {
        self.lock()
            .execute("DELETE FROM queued_actions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A queued request did not reach the hub; it is tried again later.
    pub fn action_attempted(&self, id: i64, reason: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE queued_actions SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }
}

/// A queued part kept as JSON (a template, choices), or NULL.
fn as_json<T: serde::Serialize>(part: Option<&T>) -> Result<Option<String>> {
    part.map(serde_json::to_string)
        .transpose()
        .map_err(|_| CoreError::Invalid("the reply could not be queued"))
}

/// A change that touched no row was aimed at nothing.
fn found(changed: usize) -> Result<()> {
    if changed == 0 {
        Err(CoreError::NotFound)
    } else {
        Ok(())
    }
}
