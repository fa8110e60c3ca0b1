-- A customer's edit replaces a message's text; the desktops mark it edited.
ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
