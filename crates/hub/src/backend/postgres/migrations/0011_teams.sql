-- Teams and inboxes (issue 28). An inbox is a business number the hub has
-- heard from, with a name and the team its new conversations go to. A team
-- has members (agents and viewers; a person may be in several), some of
-- them its leads. Every conversation is in one team's queue, or in none when
-- its inbox is routed to no team: then every agent's queue holds it, as on
-- a hub before teams.
CREATE TABLE teams (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
CREATE TABLE team_members (
  team_id  BIGINT NOT NULL REFERENCES teams(id),
  agent_id BIGINT NOT NULL REFERENCES agents(id),
  lead     BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_by_agent ON team_members (agent_id);
CREATE TABLE inboxes (
  phone_number_id TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  team_id         BIGINT REFERENCES teams(id)
);
INSERT INTO inboxes (phone_number_id, name)
  SELECT DISTINCT phone_number_id, phone_number_id FROM conversations;
ALTER TABLE conversations ADD COLUMN team_id BIGINT REFERENCES teams(id);
CREATE INDEX conversations_by_team ON conversations (team_id, assignee);
