//! Native test host for Nexus: the same handlers as the Spin components, wired to
//! rusqlite, real loopback HTTP and the routes in spin.toml; plus the fake
//! OpenAI-compatible upstream the tests and benchmarks talk to. Users run Spin; this
//! exists so everything can be tested where the Spin CLI is not installed.

pub mod client;
pub mod fake_upstream;
pub mod manifest;
pub mod platform;
pub mod server;
