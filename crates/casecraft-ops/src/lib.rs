//! Casecraft's op format: everything a program needs to read, write or check the ops devices
//! exchange, and nothing about where they are kept (no SQLite here).
//!
//! - [`ids`]: record, device and op ids (UUIDv7), parsed from what a person types.
//! - [`hlc`]: the hybrid logical clock stamped on every op; its order is the merge order.
//! - [`op`]: the op and its bodies (`Create`, `Set`, `Text`, `Reviewed`, `Settle`).
//! - [`record`]: the record table — each kind's fields, how each merges, how a kind is completed.
//! - [`text`]: text bodies as `yrs` documents and the updates that change them.
//! - [`vocabulary!`]: closed vocabularies with one stable spelling per value.
//! - [`hub`]: what a device and the team hub say to each other, and which ops may reach a hub.
//! - [`validate`]: the rules every field value meets (lines, bodies, days, times, labels).
//!
//! The core (`casecraft-core`) applies ops to its store; the team hub checks and relays them with
//! this crate alone.

pub mod error;
pub mod hlc;
pub mod hub;
pub mod ids;
pub mod op;
pub mod record;
pub mod text;
pub mod validate;
mod vocab;

pub use error::{Error, Result};
pub use hlc::Hlc;
pub use ids::Id;
pub use op::{Op, OpBody};
pub use record::RecordKind;
