-- As the embedded store's 0018: bumped with every token revocation,
-- disable and role change, read with each batch pushed on event streams.
CREATE TABLE auth_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO auth_generation (id, n) VALUES (1, 0);
