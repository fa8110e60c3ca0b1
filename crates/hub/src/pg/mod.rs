//! The PostgreSQL backend, for several hubs on one database (ARCHITECTURE.md,
//! "When one hub is not enough"): [`PgStore`] runs the store's functions on
//! PostgreSQL; the modules beside it hold what several hubs need that one
//! does not (ordered feed and audit appends, wake-ups across hubs, leases,
//! shared pacing).

pub mod audit;
pub mod connect;
pub mod feed;
pub mod media;
pub mod pacing;
pub mod sends;
pub mod store;
pub mod wake;

pub use store::PgStore;
