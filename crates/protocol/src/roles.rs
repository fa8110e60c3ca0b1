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
    /// Read every conversation, not only one's own and the unassigned queue.
    ReadAll,
    /// Reply in a conversation assigned to oneself.
    Reply,
    /// Reply in any conversation, whoever holds it.
    ReplyAny,
    /// Take an unassigned conversation for oneself.
    Claim,
    /// Set, change or clear any assignee.
    Assign,
    /// Resolve or reopen a conversation assigned to oneself.
    Resolve,
    /// Resolve or reopen any conversation.
    ResolveAny,
    /// Export or erase a contact's data.
    ContactData,
    /// Manage agents and tokens, read the audit log.
    Manage,
}

impl Role {
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[
                ReadAll,
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
            Role::Viewer => &[ReadAll],
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

/// Whether `agent_id` with `role` may read a conversation held by `assignee`.
/// Agents see their own conversations and the unassigned queue.
pub fn may_read(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::ReadAll) || assignee.is_none() || assignee == Some(agent_id)
}

/// Whether `agent_id` with `role` may reply in a conversation held by `assignee`.
pub fn may_reply(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::ReplyAny)
        || (role.allows(Permission::Reply) && assignee == Some(agent_id))
}

/// Whether `agent_id` with `role` may resolve, reopen or mark read a
/// conversation held by `assignee`: admins any, agents their own.
pub fn may_manage(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::ResolveAny)
        || (role.allows(Permission::Resolve) && assignee == Some(agent_id))
}

/// Whether `agent_id` with `role` may leave a private note on a
/// conversation held by `assignee`: agents and admins, on any conversation
/// they may read (a note in the queue warns whoever claims it); viewers
/// read notes but write none.
pub fn may_note(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    role.allows(Permission::Reply) && may_read(role, agent_id, assignee)
}

/// Whether `agent_id` with `role` may say it is typing in a conversation
/// held by `assignee`: whoever may write in it (a reply or a note); viewers
/// write nothing, so they may say they are viewing, never typing.
pub fn may_type(role: Role, agent_id: i64, assignee: Option<i64>) -> bool {
    may_note(role, agent_id, assignee)
}

/// Whether `role` may take a conversation held by `assignee` for itself.
pub fn may_claim(role: Role, assignee: Option<i64>) -> bool {
    role.allows(Permission::Claim) && assignee.is_none()
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
}

impl Actions {
    pub fn of(role: Role, agent_id: i64, assignee: Option<i64>) -> Actions {
        Actions {
            can_reply: may_reply(role, agent_id, assignee),
            can_claim: may_claim(role, assignee),
            can_assign: role.allows(Permission::Assign),
            can_resolve: may_manage(role, agent_id, assignee),
            can_note: may_note(role, agent_id, assignee),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_the_role_table() {
        let a = Actions::of(Role::Agent, 7, None);
        assert_eq!(
            a,
            Actions {
                can_reply: false,
                can_claim: true,
                can_assign: false,
                can_resolve: false,
                can_note: true,
            },
            "an agent claims before replying in the queue, and may leave a note there"
        );
        assert_eq!(
            Actions::of(Role::Agent, 7, Some(7)),
            Actions {
                can_reply: true,
                can_claim: false,
                can_assign: false,
                can_resolve: true,
                can_note: true,
            }
        );
        assert_eq!(Actions::of(Role::Agent, 7, Some(8)), Actions::default());
        let admin = Actions::of(Role::Admin, 1, Some(8));
        assert!(admin.can_reply && admin.can_assign && admin.can_resolve && !admin.can_claim);
        assert_eq!(
            Actions::of(Role::Viewer, 3, None),
            Actions::default(),
            "viewers read only"
        );
    }

    #[test]
    fn agents_read_own_and_unassigned_only() {
        assert!(may_read(Role::Agent, 7, None));
        assert!(may_read(Role::Agent, 7, Some(7)));
        assert!(!may_read(Role::Agent, 7, Some(8)));
        assert!(may_read(Role::Viewer, 7, Some(8)));
        assert!(!may_reply(Role::Viewer, 7, None));
        assert!(
            !may_reply(Role::Agent, 7, None),
            "an agent claims before replying"
        );
        assert!(may_reply(Role::Admin, 1, Some(8)));
    }
}
