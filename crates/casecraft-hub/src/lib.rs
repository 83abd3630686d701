//! Casecraft's team hub: an organisation's PostgreSQL database, and the gateway in front of it
//! through which each worker's devices sync the cases they are members of.
//!
//! - [`schema`]: the tables, migrations, and row-level security on every table as the second
//!   wall behind the gateway's own checks (the gateway works as a role that owns no table and
//!   cannot bypass it, and names the worker it acts for in each transaction);
//! - [`protocol`]: enrolment, push, pull and membership, each one transaction;
//! - [`gateway`]: HTTPS in front of the protocol (a self-signed certificate pinned by devices);
//! - [`admin`]: the administrator's jobs (teams, workers, gateway login, devices, the audit);
//! - [`local_cluster`]: a PostgreSQL cluster of this machine's own, for `make hub` and tests.
//!
//! The hub shares the op format with the core through `casecraft-ops`; it never depends on
//! SQLite.

pub mod admin;
pub mod error;
pub mod gateway;
pub mod local_cluster;
pub mod protocol;
pub mod schema;

pub use error::{Error, Result};
