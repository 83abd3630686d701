//! Sync between devices through a folder any of them can reach: the folder's layout and one sync
//! round (`folder`), and the vault's cryptography (`vault`). The store's side — head maps,
//! importing ops, conflicts and held edits — is `store::sync`; its report types are re-exported
//! here, where a reader of sync looks for them.

pub mod folder;
pub mod vault;

pub use crate::store::sync::conflicts::{
    Conflict, ConflictValue, HeadMap, HeldEdits, HeldField, HeldOutcome, ImportReport, ValueShape,
};
