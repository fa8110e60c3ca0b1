//! Media downloads with several hubs: each inbound file is fetched from
//! WhatsApp by one hub at a time. A hub takes due downloads with a lease
//! (`FOR UPDATE SKIP LOCKED` and the lease in one statement:
//! `store/media.rs`, `due_media`). Fetching is only reading from Meta, so
//! when a hub stops mid-download nothing is lost or doubled: once its lease
//! runs out the download is simply due again, for whichever hub takes it
//! next.

/// How long a hub holds a download it took (seconds): longer than fetching
/// the largest file WhatsApp allows takes.
pub const LEASE_SECS: i64 = 300;
