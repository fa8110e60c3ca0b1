-- The satisfaction survey's reply buttons in the customers' language
-- (issue 30): three titles, good first, as a JSON array; none: English.
ALTER TABLE inboxes ADD COLUMN csat_answers TEXT;
