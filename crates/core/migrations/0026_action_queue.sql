-- A macro's steps that need the hub (label, assign, snooze, resolve),
-- queued while it cannot be reached (issue 29): each a bulk request, sent
-- in order once the hub answers again, after the replies queued with them.
CREATE TABLE queued_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    -- The bulk request's body: {"conversations": [...], "action": {...}}.
    request TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
