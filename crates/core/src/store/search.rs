//! Full-text search over the local copy (FTS5), offline: ranked when a query
//! has few enough matches, newest first when it has many, with the last word
//! typed read as a prefix through the store's own list of indexed words
//! (see `crate::terms`), which this file also keeps up to date.

use super::Store;
use crate::error::{CoreError, Result};
use crate::terms::{self, TermCounts};
use rusqlite::{Connection, params};
use serde::Serialize;

/// One search result: a message and where it is.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct SearchHit {
    pub conversation_id: i64,
    pub contact: String,
    pub message_id: i64,
    /// A few words around the match.
    pub snippet: String,
    pub timestamp: i64,
}

/// What a person typed, as FTS5 will read it: every word but the last a
/// whole word (quoted, so punctuation and operators are just text), the last
/// one a prefix, expanded to the words of the index that start with it.
enum Typed {
    Nothing,
    /// The last word starts no word of the index: nothing can match.
    NoMatch,
    Query(String),
}

fn typed_query(conn: &Connection, input: &str) -> Result<Typed> {
    let words: Vec<String> = terms::words(input).take(12).collect();
    let Some((last, whole)) = words.split_last() else {
        return Ok(Typed::Nothing);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY docs DESC LIMIT ?3",
    )?;
    let expanded = stmt
        .query_map(
            params![last, terms::upper_bound(last), terms::PREFIX_TERMS],
            |r| r.get::<_, String>(0),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    if expanded.is_empty() {
        return Ok(Typed::NoMatch);
    }
    let mut query: Vec<String> = whole.iter().map(|w| terms::quoted(w)).collect();
    query.push(format!(
        "({})",
        expanded
            .iter()
            .map(|w| terms::quoted(w))
            .collect::<Vec<_>>()
            .join(" OR ")
    ));
    // Explicit ANDs: FTS5 takes no implicit AND before a parenthesised
    // group (`"pedido" ("entrega" OR …)` is a syntax error).
    Ok(Typed::Query(query.join(" AND ")))
}

/// Search ranks a query with up to this many matches; a broader one lists
/// its newest matches (see [`Store::search`]).
pub const RANK_WINDOW: i64 = 2_000;

/// Where a matched word starts and ends in a search snippet.
pub const MATCH_START: char = '\u{E000}';

pub const MATCH_END: char = '\u{E001}';

impl Store {
    /// Messages matching `input`, best matches first (see below), in every
    /// conversation or in one. The snippet marks each matched word between
    /// [`MATCH_START`] and [`MATCH_END`] (private-use characters the UI turns
    /// into highlights; message text never contains them as markup).
    pub fn search(&self, input: &str, limit: i64) -> Result<Vec<SearchHit>> {
        self.search_in(input, None, limit)
    }

    pub fn search_in(
        &self,
        input: &str,
        conversation: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let conn = self.read();
        let query = match typed_query(&conn, input)? {
            Typed::Query(q) => q,
            Typed::Nothing | Typed::NoMatch => return Ok(Vec::new()),
        };
        // Ranking every match of a common word costs a second on a large
        // store. So a query with up to RANK_WINDOW matches is ranked (best
        // first); a broader one (a common word, a short prefix as the person
        // starts typing) lists its newest matches, which FTS5 finds without
        // reading the whole index. Typing another word narrows it to ranked.
        if let Some(conversation_id) = conversation {
            // One conversation: its matches are few enough to rank whole.
            let mut stmt = conn.prepare_cached(
                "SELECT m.conversation_id, COALESCE(c.contact_name, '+' || c.wa_id), m.id,
                        snippet(messages_fts, 0, char(57344), char(57345), '…', 10), m.timestamp
                 FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
                 JOIN conversations c ON c.id = m.conversation_id
                 WHERE messages_fts MATCH ?1 AND m.conversation_id = ?3 ORDER BY rank LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![query, limit, conversation_id], hit_from_row)?;
            return Ok(rows.collect::<Result<Vec<_>, _>>()?);
        }
        let matches: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 LIMIT ?2)",
            )?
            .query_row(params![query, RANK_WINDOW + 1], |r| r.get(0))?;
        let (order, outer) = if matches > RANK_WINDOW {
            ("rowid DESC", "h.id DESC")
        } else {
            ("rank", "h.score")
        };
        // The full-text index is read first, with the limit inside, so the
        // planner cannot start from the messages table and test each row.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT m.conversation_id, COALESCE(c.contact_name, '+' || c.wa_id), m.id, h.snip, m.timestamp
             FROM (SELECT rowid AS id, rank AS score, snippet(messages_fts, 0, char(57344), char(57345), '…', 10) AS snip
                   FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY {order} LIMIT ?2) h
             JOIN messages m ON m.id = h.id
             JOIN conversations c ON c.id = m.conversation_id
             ORDER BY {outer}"
        ))?;
        let rows = stmt.query_map(params![query, limit], hit_from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Words of the local copy that start with what was typed, most frequent
    /// first (a revoked conversation's own words are gone from it).
    pub fn suggest(&self, prefix: &str, limit: i64) -> Result<Vec<String>> {
        let prefix = terms::fold(prefix.trim());
        if prefix.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY docs DESC, term LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![prefix, terms::upper_bound(&prefix), limit.clamp(1, 100)],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Checks that the full-text index holds exactly the messages' texts
    /// (FTS5's own integrity check against its content table).
    pub fn check_search_index(&self) -> Result<()> {
        self.lock().execute(
            "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
        Ok(())
    }
}

fn hit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SearchHit> {
    Ok(SearchHit {
        conversation_id: r.get(0)?,
        contact: r.get(1)?,
        message_id: r.get(2)?,
        snippet: r.get(3)?,
        timestamp: r.get(4)?,
    })
}

/// Writes the changes to how many messages hold each word; a word no message
/// holds any more leaves the list.
pub(super) fn write_terms(tx: &rusqlite::Transaction<'_>, counts: &mut TermCounts) -> Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    // Two statements for the whole page, not two per word.
    let changes: Vec<(String, i64)> = counts.drain().collect();
    let changes = serde_json::to_string(&changes).map_err(|_| CoreError::Invalid("word counts"))?;
    tx.prepare_cached(
        "INSERT INTO search_terms (term, docs)
         SELECT value ->> 0, value ->> 1 FROM json_each(?1) WHERE true
         ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
    )?
    .execute([&changes])?;
    tx.prepare_cached(
        "DELETE FROM search_terms
         WHERE term IN (SELECT value ->> 0 FROM json_each(?1)) AND docs <= 0",
    )?
    .execute([&changes])?;
    Ok(())
}

/// Lists the words of the messages a store held before it kept that list.
pub(super) fn backfill_terms(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut counts = TermCounts::default();
    {
        let mut stmt = tx.prepare("SELECT text FROM messages WHERE text IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            counts.add(&row.get::<_, String>(0)?);
        }
    }
    write_terms(tx, &mut counts)
}
