//! The PostgreSQL backend, for several hubs on one database
//! (docs/architecture.md, "Several hubs"): [`PgStore`] runs the shared SQL on
//! PostgreSQL; the modules beside it hold its driver (`db.rs`, `connect.rs`),
//! its migrations (`migrations/`) and what several hubs need that one does
//! not (ordered feed and audit appends, wake-ups across hubs, shared
//! pacing). Send and download leases are in the shared SQL
//! (`queries/outbound.rs`, `queries/media.rs`).

pub mod audit;
pub mod connect;
pub mod db;
pub mod feed;
pub mod pacing;
pub mod store;
pub mod wake;

pub use store::PgStore;
