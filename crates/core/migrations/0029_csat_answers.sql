-- The satisfaction survey's reply buttons in the customers' language
-- (issue 30), kept with the inbox's question: a JSON array of three
-- titles, good first; none: English.
ALTER TABLE inboxes ADD COLUMN csat_answers TEXT;
