//! The chaos soak (issue 32): a real deployment on this machine (three
//! hubs on one PostgreSQL, the sandbox as Meta, headless desktops as
//! processes) under a seeded schedule of faults, then a checker that reads
//! what Meta received and every store. `make soak` runs a long one
//! (`tests/src/bin/soak.rs`); `make test` a short one
//! (`tests/tests/soak.rs`).

pub mod check;
pub mod cluster;
pub mod desk;
pub mod faults;
pub mod proxy;
mod run;

pub use run::{Report, SoakConfig, soak};
