//! Casecraft's core: the casework domain, the store built on an ops log, documents, sync and
//! the protection of the data on a device. GUI-free and shared by the `casecraft` CLI and the
//! desktop app, which are thin shells over [`Store`].
//!
//! Layers, bottom to top; a module uses only its own layer and those below
//! (`tests/layering.rs` checks it):
//!
//! 1. the op format (the `casecraft-ops` crate, re-exported here: [`ids`], [`hlc`], [`op`],
//!    [`record`], [`text`], [`validate`]);
//! 2. foundations: [`error`], [`page`], [`zone`], [`crypto`], [`files`], [`platform`];
//! 3. [`casework`]: the domain's concepts and rules;
//! 4. [`store`]: SQLite, ops applied, queries, search, the store's side of sync;
//! 5. [`documents`], [`sync`], [`protection`]: built on the store, side by side (sign-out uses
//!    sync to send unsent work first; nothing uses `protection`).

pub use casecraft_ops::{hlc, hub, ids, op, record, text, validate};

pub mod crypto;
pub mod error;
pub mod files;
pub mod page;
pub mod platform;
pub mod zone;

pub mod casework;

pub mod store;

pub mod documents;
pub mod protection;
pub mod sync;

pub use error::{Error, ErrorKind, FieldError, Result};
pub use ids::Id;
pub use store::search::query as search;
pub use store::{OpenOptions, Store};
