//! The PostgreSQL backend, for several hubs on one database (ARCHITECTURE.md,
//! "When one hub is not enough"). Being built piece by piece; not yet
//! selectable. What is here is used by the tests that prove each piece.

pub mod audit;
pub mod feed;
pub mod media;
pub mod pacing;
pub mod sends;
pub mod wake;
