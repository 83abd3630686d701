//! Casecraft's team hub: an organisation's PostgreSQL database, and the gateway in front of it
//! through which each worker's devices sync the cases they are members of.
//!
//! This first part is the database and its administration (`admin`: teams, workers, devices,
//! the audit): its schema and migrations (`schema`), with row-level
//! security on every table as the second wall behind the gateway's own checks — the gateway
//! connects as a role that owns no table and cannot bypass it, and says which worker it acts for
//! in each transaction (`schema::act_as`). The hub shares the op format with the core through
//! `casecraft-ops`; it never depends on SQLite.

pub mod admin;
pub mod error;
pub mod gateway;
pub mod local_cluster;
pub mod protocol;
pub mod schema;

pub use error::{Error, Result};
