//! Nexus core: the whole domain, with no Spin imports. It builds natively (tests, the
//! test host) and for `wasm32-wasip2` (the Spin components, through `nexus-spin`).
//!
//! Only `store` and `schema` write SQL; only `provider` knows the providers' wire formats;
//! only `events` encodes what the browser receives.

pub mod api;
pub mod auth;
pub mod checkin;
pub mod connections;
pub mod crypto;
pub mod db;
pub mod error;
pub mod events;
pub mod follow;
pub mod generation;
pub mod household;
pub mod images;
pub mod moderation;
pub mod platform;
pub mod prompt;
pub mod schema;
pub mod search;
pub mod secret;
pub mod settings;
pub mod store;
pub mod throttle;
pub mod transfer;
pub mod provider;
pub mod validate;
pub mod waiters;
pub mod web;

pub use api::{Component, Reply, handle};
