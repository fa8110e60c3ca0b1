-- One number, bumped in the transaction of every change that can stop a
-- token working or change what its agent may read (a token revoked, an
-- agent disabled, a role changed). A hub reads it with each batch of the
-- feed it pushes on event streams: a stream re-reads its caller before
-- pushing when it moved, whichever hub or CLI made the change.
CREATE TABLE auth_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO auth_generation (id, n) VALUES (1, 0);
