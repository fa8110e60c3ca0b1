-- A short label for each token (e.g. "laptop"), so admins can tell them apart.
ALTER TABLE tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
