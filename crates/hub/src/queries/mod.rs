//! The SQL the hub's rules run, written once for both backends: each
//! function takes a [`Db`] (a transaction on the embedded SQLite file or on
//! PostgreSQL) and does one step of a rule; `repo/rules.rs` says which
//! steps make one transaction. One file per area of the data. This layer
//! imports only `db` (and the `crypto` and `details` leaves); it knows no
//! backend, no HTTP and no worker.

// What every area's SQL uses, shared with the files below through `use super::*`.
use crate::crypto::Keyring;
use crate::db::types::*;
use crate::db::{Db, Dialect, Order, Row, StoreError, Val, now};
use crate::vals;
use sha2::{Digest, Sha256};
use switchboard_protocol::{
    Change, Conversation, ConversationStatus, DeliveryStatus, Direction, Message, Role,
};
use switchboard_whatsapp::webhook::{InboundMessage, Source, StatusUpdate};

pub mod admin;
pub mod agents;
pub mod assign;
pub mod audit;
pub mod canned;
pub mod contacts;
pub mod conversations;
pub mod feed;
pub mod ingest;
pub mod keys;
pub mod labels;
pub mod macros;
pub mod media;
pub mod outbound;
pub mod reports;
pub mod service;
pub mod sla;
pub mod teams;
pub mod uploads;

// Each area calls the others' steps by name (private: from outside this
// layer, a step is named with its area, `queries::feed::latest_seq`).
use agents::*;
use feed::*;
use ingest::*;
use outbound::*;
use uploads::*;
