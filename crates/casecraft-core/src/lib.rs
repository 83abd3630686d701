//! Casecraft's core: the casework domain, the store built on an ops log,
//! search and export. GUI-free and shared by the `casecraft` CLI and the
//! desktop app, which are thin shells over [`Store`].

pub mod action;
pub mod anonymise;
pub mod backup;
pub mod case;
pub mod chronology;
pub mod cowork;
pub mod draft;
mod durable;
pub mod entry;
pub mod error;
pub mod export;
pub mod folder;
pub mod hlc;
pub mod ids;
pub mod keyring;
pub mod lock;
pub mod markdown;
pub mod ops;
pub mod owner_only;
pub mod page;
pub mod person;
pub mod placement;
pub mod portfolio;
pub mod profile;
pub mod quality;
pub mod record;
pub mod reflection;
pub mod search;
pub mod seed;
pub mod signout;
pub mod store;
pub mod supervision;
pub mod sync;
pub mod text;
pub mod validate;
pub mod vault;
mod vocab;
pub mod zone;

pub use error::{Error, ErrorKind, Result};
pub use ids::Id;
pub use store::{OpenOptions, Store};
