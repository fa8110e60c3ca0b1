-- Which hub holds a send in flight, and until when. With one hub (this
-- embedded store) they are written and never needed; the PostgreSQL backend
-- shares the same statements and uses them to tell a stopped hub's sends
-- from a live one's.
ALTER TABLE messages ADD COLUMN lease_owner TEXT;
ALTER TABLE messages ADD COLUMN lease_until INTEGER;
ALTER TABLE media ADD COLUMN lease_owner TEXT;
ALTER TABLE media ADD COLUMN lease_until INTEGER;
