-- As the embedded store's 0018: `tokens` bumped with every token
-- revocation, disable and role change, `lists` with every change to the
-- team's names, canned replies and labels; read by each hub for all its
-- event streams.
CREATE TABLE generations (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tokens BIGINT NOT NULL,
    lists BIGINT NOT NULL
);
INSERT INTO generations (id, tokens, lists) VALUES (1, 0, 0);
