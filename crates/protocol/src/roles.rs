//! The role table: what each role may do, as explicit sets of permissions
//! (docs/architecture.md has the table), and the rules built on it that the
//! hub enforces and the desktop applies again before asking.

use serde::{Deserialize, Serialize};

/// What an agent is allowed to do, as an explicit set per role rather than a
/// comparison of role numbers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Agent,
    Viewer,
}

/// One action of the role table in docs/architecture.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read every conversation of every team.
    ReadAll,
    /// Read every conversation of one's own teams, whoever holds it.
    ReadTeam,
    /// Reply in a conversation assigned to oneself.
    Reply,
    /// Reply in any conversation, whoever holds it.
    ReplyAny,
    /// Take an unassigned conversation of one's teams for oneself.
    Claim,
    /// Set, change or clear any assignee, and move a conversation to
    /// another team.
    Assign,
    /// Resolve or reopen a conversation assigned to oneself.
    Resolve,
    /// Resolve or reopen any conversation.
    ResolveAny,
    /// Export or erase a contact's data.
    ContactData,
    /// Manage agents, tokens, teams and inboxes, read the audit log.
    Manage,
}

impl Role {
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[
                ReadAll,
                ReadTeam,
                Reply,
                ReplyAny,
                Claim,
                Assign,
                Resolve,
                ResolveAny,
                ContactData,
                Manage,
            ],
            Role::Agent => &[Reply, Claim, Resolve],
            Role::Viewer => &[ReadTeam],
        }
    }

    pub fn allows(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "agent" => Some(Role::Agent),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// One team a person is in, and whether it leads it. A lead is a member
/// with the team's own powers (every conversation of the team, assigning
/// within it, its reports), not a role: the same person may lead one team
/// and answer in another.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ts_rs::TS,
    utoipa::ToSchema,
)]
#[ts(export)]
pub struct Membership {
    pub team_id: i64,
    #[serde(default)]
    pub lead: bool,
}

/// Who asks, as the role table sees it: a role, an id and its teams.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub role: Role,
    pub id: i64,
    pub teams: &'a [Membership],
}

/// Where a conversation is, as the role table sees it: who holds it and
/// which team's queue it is in (`None`: an inbox routed to no team, whose
/// conversations every agent's queue holds, as on a hub without teams).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    pub assignee: Option<i64>,
    pub team: Option<i64>,
}

impl<'a> Who<'a> {
    pub fn new(role: Role, id: i64, teams: &'a [Membership]) -> Who<'a> {
        Who { role, id, teams }
    }

    /// Whether `team`'s queue is one of this person's (every agent's for a
    /// conversation in no team).
    pub fn in_team(&self, team: Option<i64>) -> bool {
        team.is_none_or(|t| self.teams.iter().any(|m| m.team_id == t))
    }

    /// Whether this person leads `team`.
    pub fn leads(&self, team: Option<i64>) -> bool {
        team.is_some_and(|t| self.teams.iter().any(|m| m.team_id == t && m.lead))
    }

    fn holds(&self, place: Place) -> bool {
        place.assignee == Some(self.id)
    }
}

/// Whether `who` may read a conversation at `place`: admins every one;
/// anyone what they hold; viewers and team leads every conversation of
/// their teams; agents their teams' unassigned queues.
pub fn may_read(who: Who<'_>, place: Place) -> bool {
    who.role.allows(Permission::ReadAll)
        || who.holds(place)
        || (who.in_team(place.team)
            && (place.assignee.is_none()
                || who.role.allows(Permission::ReadTeam)
                || who.leads(place.team)))
}

/// Whether `who` may reply in a conversation at `place`: admins in any,
/// agents in their own.
pub fn may_reply(who: Who<'_>, place: Place) -> bool {
    who.role.allows(Permission::ReplyAny)
        || (who.role.allows(Permission::Reply) && who.holds(place))
}

/// Whether `who` may resolve, reopen or mark read a conversation at
/// `place`: admins any, agents their own.
pub fn may_manage(who: Who<'_>, place: Place) -> bool {
    who.role.allows(Permission::ResolveAny)
        || (who.role.allows(Permission::Resolve) && who.holds(place))
}

/// Whether `who` may leave a private note on a conversation at `place`:
/// agents and admins, on any conversation they may read (a note in the
/// queue warns whoever claims it); viewers read notes but write none.
pub fn may_note(who: Who<'_>, place: Place) -> bool {
    who.role.allows(Permission::Reply) && may_read(who, place)
}

/// Whether `who` may say it is typing in a conversation at `place`: whoever
/// may write in it (a reply or a note); viewers write nothing, so they may
/// say they are viewing, never typing.
pub fn may_type(who: Who<'_>, place: Place) -> bool {
    may_note(who, place)
}

/// Whether `who` may take a conversation at `place` for itself: an
/// unassigned one it may read.
pub fn may_claim(who: Who<'_>, place: Place) -> bool {
    who.role.allows(Permission::Claim) && place.assignee.is_none() && may_read(who, place)
}

/// Whether `who` may give a conversation at `place` to someone (or back to
/// its queue): admins any, a team's leads the team's conversations. Whom it
/// may go to is [`may_hold`]'s rule.
pub fn may_assign(who: Who<'_>, place: Place) -> bool {
    who.role.allows(Permission::Assign)
        || (who.role.allows(Permission::Reply) && who.leads(place.team))
}

/// Whether `who` may move a conversation at `place` to another team's
/// queue: admins any, a team's leads the team's, agents the ones they hold.
pub fn may_transfer(who: Who<'_>, place: Place) -> bool {
    may_assign(who, place) || (who.role.allows(Permission::Reply) && who.holds(place))
}

/// Whether `who` can hold a conversation in `team`: someone who answers
/// (an agent or an admin), an admin in any team, an agent in its own.
pub fn may_hold(who: Who<'_>, team: Option<i64>) -> bool {
    who.role.allows(Permission::Reply)
        && (who.role.allows(Permission::ReadAll) || who.in_team(team))
}

/// Whether `who` reads colleagues' conversations anywhere (admins, viewers,
/// leads): the desktop then shows an "All" view and one per colleague.
pub fn sees_colleagues(who: Who<'_>) -> bool {
    who.role.allows(Permission::ReadTeam) || who.teams.iter().any(|m| m.lead)
}

/// Whether `who` may read a team's reports: admins every team's, viewers
/// and leads their teams'.
pub fn may_report(who: Who<'_>, team: i64) -> bool {
    who.role.allows(Permission::ReadAll)
        || (who.in_team(Some(team))
            && (who.role.allows(Permission::ReadTeam) || who.leads(Some(team))))
}

// The doc comment below is copied into ui/src/lib/generated/Actions.ts, so
// it changes with that file.
/// What the signed-in agent may do with one conversation: the role table of
/// docs/architecture.md applied to it, in the one place it is written. The hub
/// enforces the same functions; the desktop hands these flags to the UI,
/// which never works roles out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Actions {
    /// Send a reply (text, template, reaction).
    pub can_reply: bool,
    /// Take it from the unassigned queue.
    pub can_claim: bool,
    /// Give it to anyone, or back to the queue.
    pub can_assign: bool,
    /// Resolve, reopen, mark read.
    pub can_resolve: bool,
    /// Leave a private note for the team.
    pub can_note: bool,
    /// Move it to another team's queue.
    #[serde(default)]
    pub can_transfer: bool,
}

impl Actions {
    pub fn of(who: Who<'_>, place: Place) -> Actions {
        Actions {
            can_reply: may_reply(who, place),
            can_claim: may_claim(who, place),
            can_assign: may_assign(who, place),
            can_resolve: may_manage(who, place),
            can_note: may_note(who, place),
            can_transfer: may_transfer(who, place),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: &[Membership] = &[];

    fn at(assignee: Option<i64>) -> Place {
        Place {
            assignee,
            team: None,
        }
    }

    #[test]
    fn actions_follow_the_role_table() {
        let agent = Who::new(Role::Agent, 7, NONE);
        let a = Actions::of(agent, at(None));
        assert_eq!(
            a,
            Actions {
                can_reply: false,
                can_claim: true,
                can_assign: false,
                can_resolve: false,
                can_note: true,
                can_transfer: false,
            },
            "an agent claims before replying in the queue, and may leave a note there"
        );
        assert_eq!(
            Actions::of(agent, at(Some(7))),
            Actions {
                can_reply: true,
                can_claim: false,
                can_assign: false,
                can_resolve: true,
                can_note: true,
                can_transfer: true,
            }
        );
        assert_eq!(Actions::of(agent, at(Some(8))), Actions::default());
        let admin = Actions::of(Who::new(Role::Admin, 1, NONE), at(Some(8)));
        assert!(admin.can_reply && admin.can_assign && admin.can_resolve && !admin.can_claim);
        assert_eq!(
            Actions::of(Who::new(Role::Viewer, 3, NONE), at(None)),
            Actions::default(),
            "viewers read only"
        );
    }

    #[test]
    fn agents_read_own_and_unassigned_only() {
        let agent = Who::new(Role::Agent, 7, NONE);
        assert!(may_read(agent, at(None)));
        assert!(may_read(agent, at(Some(7))));
        assert!(!may_read(agent, at(Some(8))));
        assert!(may_read(Who::new(Role::Viewer, 7, NONE), at(Some(8))));
        assert!(!may_reply(Who::new(Role::Viewer, 7, NONE), at(None)));
        assert!(
            !may_reply(agent, at(None)),
            "an agent claims before replying"
        );
        assert!(may_reply(Who::new(Role::Admin, 1, NONE), at(Some(8))));
    }

    #[test]
    fn teams_bound_what_agents_viewers_and_leads_read() {
        let sales = Membership {
            team_id: 1,
            lead: false,
        };
        let support_lead = Membership {
            team_id: 2,
            lead: true,
        };
        let teams = [sales, support_lead];
        let agent = Who::new(Role::Agent, 7, &teams[..1]);
        let lead = Who::new(Role::Agent, 9, &teams);
        let viewer = Who::new(Role::Viewer, 5, &teams[..1]);
        let admin = Who::new(Role::Admin, 1, NONE);
        let place = |assignee, team| Place { assignee, team };
        // The agent: its team's queue and what it holds, nothing of another team.
        assert!(may_read(agent, place(None, Some(1))));
        assert!(!may_read(agent, place(None, Some(2))));
        assert!(!may_read(agent, place(Some(8), Some(1))));
        assert!(may_read(agent, place(Some(7), Some(2))));
        // The lead: all of the team it leads, the queue of the one it is in.
        assert!(may_read(lead, place(Some(8), Some(2))));
        assert!(!may_read(lead, place(Some(8), Some(1))));
        assert!(may_assign(lead, place(Some(8), Some(2))));
        assert!(!may_assign(lead, place(None, Some(1))));
        assert!(may_report(lead, 2) && !may_report(lead, 1) && !may_report(agent, 1));
        // The viewer: all of its teams, nothing else.
        assert!(may_read(viewer, place(Some(8), Some(1))));
        assert!(!may_read(viewer, place(None, Some(2))));
        // The admin: everything.
        assert!(may_read(admin, place(Some(8), Some(2))));
        assert!(may_hold(admin, Some(2)));
        // Only members hold a team's conversations; viewers hold none.
        assert!(may_hold(agent, Some(1)) && !may_hold(agent, Some(2)));
        assert!(!may_hold(viewer, Some(1)));
        // A conversation in no team is every agent's queue, as before teams.
        assert!(may_claim(agent, place(None, None)));
        assert!(!may_claim(agent, place(None, Some(2))));
    }
}
