//! The hub's integration tests, in one binary: each file a module, every
//! module on the shared test app (`common/`). One binary links the hub once
//! (on two cores each extra test binary cost a link of the whole hub).
//! Run one area with a filter: `cargo test -p switchboard-hub --test api starvation::`.

mod common;

mod assign;
mod authz;
mod backends;
mod bulk;
mod connections;
mod disk_full;
mod events;
mod first_run;
mod fuzz_api;
mod hardening;
mod keys;
mod macros;
mod openapi;
mod ops;
mod pg_audit;
mod pg_feed;
mod pg_leases;
mod pg_outage;
mod pg_pacing;
mod pg_tls;
mod pg_writer;
mod pushed;
mod replay;
mod reports;
mod sending;
mod service;
mod sla;
mod starvation;
mod teams;
mod tls;
mod webhooks;
