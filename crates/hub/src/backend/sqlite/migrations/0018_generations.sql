-- Two numbers, each bumped in the transaction of the changes it stands for:
-- `tokens` by every change that can stop a token working or change what its
-- agent may read (a token revoked, an agent disabled, a role changed);
-- `lists` by every change to the lists desktops keep (the team's names,
-- canned replies, labels). Each hub reads them for all its event streams,
-- whichever hub or command line made the change: a stream reads its caller
-- again when `tokens` moved, and tells its desktop when `lists` did.
CREATE TABLE generations (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tokens BIGINT NOT NULL,
    lists BIGINT NOT NULL
);
INSERT INTO generations (id, tokens, lists) VALUES (1, 0, 0);
