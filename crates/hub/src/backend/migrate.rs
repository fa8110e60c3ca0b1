//! Moving a team from the embedded store to PostgreSQL
//! (`switchboard-hub migrate-store --to postgres://…`): every table is
//! copied as it is (sealed bodies stay sealed under the same content keys,
//! ids and feed seqs keep their numbers, so desktops' cursors stay valid),
//! in one transaction on the target, which must be empty. Then the copy is
//! checked: the same number of rows in every table and an intact audit
//! chain of the same length.

use crate::db::StoreError;
use crate::db::{Db, Dialect};
use crate::queries::audit;

/// The tables in the order their references need, with their columns (the
/// same on both backends) and the column that orders them.
const TABLES: &[(&str, &str, &str)] = &[
    (
        "agents",
        "id, name, role, disabled, created_at, available, last_assigned",
        "id",
    ),
    (
        "tokens",
        "id, agent_id, hash, created_at, expires_at, revoked_at, label, first_used_at",
        "id",
    ),
    ("teams", "id, name, created_at", "id"),
    (
        "team_members",
        "team_id, agent_id, lead",
        "team_id, agent_id",
    ),
    (
        "inboxes",
        "phone_number_id, name, team_id, hours, away_reply, greeting, csat_question, csat_answers",
        "phone_number_id",
    ),
    (
        "conversations",
        "id, phone_number_id, wa_id, contact_name, assignee, status, unread, last_inbound_at, last_message_at, team_id, snoozed, snoozed_until, responded, first_response_due, next_response_due, resolution_due, csat, csat_at, csat_agent",
        "id",
    ),
    (
        "messages",
        "id, conversation_id, direction, kind, body, raw, key_id, wamid, client_message_id, status, error, timestamp, sent_by, send_state, attempts, next_attempt_at, edited, lease_owner, lease_until",
        "id",
    ),
    (
        "status_events",
        "wamid, status, timestamp, error",
        "wamid, status, timestamp",
    ),
    (
        "quarantine",
        "id, received_at, reason, body, key_id, digest",
        "id",
    ),
    ("changes", "seq, conversation_id, kind, message_id", "seq"),
    (
        "audit",
        "id, at, actor, action, subject, detail, prev_hash, hash",
        "id",
    ),
    (
        "media",
        "message_id, media_id, mime_type, sha256, state, attempts, next_attempt_at, error, size, body, key_id, lease_owner, lease_until, chunks",
        "message_id",
    ),
    (
        "other_events",
        "id, received_at, field, body, key_id, digest, wa_id",
        "id",
    ),
    (
        "canned_replies",
        "id, name, shortcut, body, updated_at",
        "id",
    ),
    (
        "marketing_preferences",
        "wa_id, opted_out_at, updated_at",
        "wa_id",
    ),
    ("labels", "id, name, colour", "id"),
    (
        "sla_policies",
        "id, name, inbox, team_id, label_id, first_response_secs, next_response_secs, resolution_secs, created_at",
        "id",
    ),
    ("macros", "id, name, steps, created_at", "id"),
    (
        "sla_events",
        "conversation_id, kind, due_at, done_at, met, agent_id, team_id, inbox",
        "conversation_id, kind, due_at",
    ),
    (
        "conversation_labels",
        "conversation_id, label_id",
        "conversation_id, label_id",
    ),
    (
        "uploads",
        "id, conversation_id, agent_id, kind, mime_type, size, sha256, chunks, created_at, message_id, graph_media_id, body, key_id",
        "id",
    ),
    ("upload_chunks", "id, upload_id, seq, body, key_id", "id"),
    ("media_chunks", "id, message_id, seq, body, key_id", "id"),
];

/// Tables whose ids the target hands out from a sequence from now on.
const SEQUENCES: &[(&str, &str)] = &[
    ("agents", "id"),
    ("tokens", "id"),
    ("teams", "id"),
    ("conversations", "id"),
    ("messages", "id"),
    ("quarantine", "id"),
    ("changes", "seq"),
    ("other_events", "id"),
    ("canned_replies", "id"),
    ("labels", "id"),
    ("sla_policies", "id"),
    ("macros", "id"),
    ("uploads", "id"),
    ("upload_chunks", "id"),
    ("media_chunks", "id"),
];

/// Rows copied per table.
pub type Counts = Vec<(&'static str, usize)>;

/// Copies every row of `from` into `to` (an empty PostgreSQL store, inside
/// its transaction). Returns the rows per table.
pub fn copy(from: &dyn Db, to: &dyn Db) -> Result<Counts, StoreError> {
    if to.dialect() != Dialect::Postgres {
        return Err(StoreError::Invalid(
            "wrong_target",
            "the target must be a PostgreSQL database",
        ));
    }
    for (table, _, _) in TABLES {
        if to
            .row(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])?
            .is_some()
        {
            return Err(StoreError::Invalid(
                "target_not_empty",
                "the target database already holds a hub's data: migrate into an empty database",
            ));
        }
    }
    let mut counts = Vec::new();
    for (table, columns, order) in TABLES {
        let n = columns.split(',').count();
        let placeholders: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            placeholders.join(", ")
        );
        let rows = from.rows(
            &format!("SELECT {columns} FROM {table} ORDER BY {order}"),
            &[],
        )?;
        for row in &rows {
            to.exec(&insert, &row.0)?;
        }
        counts.push((*table, rows.len()));
    }
    for (table, column) in SEQUENCES {
        to.rows(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            ),
            &[],
        )?;
    }
    Ok(counts)
}

/// Checks a copy: `expected` rows in every table and an intact audit chain.
pub fn check(to: &dyn Db, expected: &Counts) -> Result<(), StoreError> {
    for (table, n) in expected {
        let found = to
            .one(&format!("SELECT count(*) FROM {table}"), &[])?
            .i64(0)?;
        if found != *n as i64 {
            return Err(StoreError::Backend(format!(
                "{table}: {n} rows copied, {found} found"
            )));
        }
    }
    match audit::verify(to)? {
        Ok(_) => Ok(()),
        Err(t) => Err(StoreError::Backend(format!(
            "the copied audit log breaks at entry {}: {}",
            t.id, t.why
        ))),
    }
}
