-- A question with choices for the customer to tap (issue 29): the reply
-- buttons or the list, as JSON, sent with the text.
ALTER TABLE outbox ADD COLUMN choices TEXT;
