-- The words the full-text index holds, with how many messages hold each
-- (kept as texts come, change and go; a word leaves when no message holds
-- it any more, so a revoked conversation's own words leave with it). Typing a prefix expands to the most frequent
-- of them (crates/core/src/terms.rs).
CREATE TABLE search_terms (
  term TEXT PRIMARY KEY,
  docs INTEGER NOT NULL
) WITHOUT ROWID;
