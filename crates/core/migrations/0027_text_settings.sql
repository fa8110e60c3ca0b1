-- The user's settings that are words, not numbers (issue 30): the app's
-- language on this profile.
CREATE TABLE text_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
