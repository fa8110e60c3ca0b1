//! The send queue with several hubs: each reply goes to WhatsApp from
//! exactly one hub, and a hub that dies mid-send is noticed.
//!
//! The queue's statements are the store's own (`store/outbound.rs`), the
//! same on both backends: a hub reads what is due, then marks each send in
//! flight with `UPDATE … WHERE send_state = 'queued'`, durably, under its
//! name and with a lease until now + [`LEASE_SECS`], before any Graph API
//! call. Only the hub whose update changed the row sends it: on PostgreSQL
//! writes are one at a time (`store.rs`), so a second hub's update finds
//! the send no longer queued.
//!
//! A send still in flight when its lease runs out belongs to a hub that
//! stopped mid-call: WhatsApp may or may not have the message, so it is
//! marked "unknown" (shown to the agent, never sent again blindly) by
//! whichever hub's send queue looks next. Only expired leases are
//! reconciled, so a live hub's sends are never touched; a hub coming back
//! under the same name reconciles its own at once (it knows it stopped).
//! `crates/hub/tests/pg_leases.rs` shows both with three hubs.

/// How long a hub holds a send it took (seconds): longer than the Graph
/// API call's timeout with its retries inside one attempt.
pub const LEASE_SECS: i64 = 120;
