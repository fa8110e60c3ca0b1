//! Wire types spoken between the Switchboard desktop core and the hub.
//!
//! Everything here is plain data with serde derives and no I/O, so both
//! sides (and the UI, through the Tauri shell) agree on one definition.
//!
//! ```
//! use switchboard_protocol::{Role, Permission};
//! assert!(Role::Admin.allows(Permission::Assign));
//! assert!(!Role::Viewer.allows(Permission::Reply));
//! ```
//!
//! One module per concern, each re-exported whole here so every type keeps
//! its path at the crate's root: `roles` (the role table), `agents`,
//! `reports`, `conversation`, `label`, `message`, `feed` (the change feed),
//! `send`, `teams` (teams and inboxes), `hours` (business hours), `bulk` (many conversations at once), `sla` (service-level targets), `macros`, `presence`, `attachment`, `template` (templates and canned
//! replies), `error` and `validate` (checks of what people type).

mod agents;
mod attachment;
mod bulk;
mod conversation;
mod error;
mod feed;
mod hours;
mod label;
mod macros;
mod message;
mod presence;
mod reports;
mod roles;
mod send;
mod sla;
mod teams;
mod template;
mod validate;

pub use agents::*;
pub use attachment::*;
pub use bulk::*;
pub use conversation::*;
pub use error::*;
pub use feed::*;
pub use hours::*;
pub use label::*;
pub use macros::*;
pub use message::*;
pub use presence::*;
pub use reports::*;
pub use roles::*;
pub use send::*;
pub use sla::*;
pub use teams::*;
pub use template::*;
pub use validate::*;
