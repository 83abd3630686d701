//! The app's `#[tauri::command]`s, one module per screen or domain concept. Each command is a
//! few lines: deserialise, call one core function, map the error. Every command here must also
//! be listed in `build.rs` (`COMMANDS`) and granted in `capabilities/main.json`.
//!
//! The IPC contract lives beside the commands: `<concept>/mod.rs` holds a concept's commands and
//! `<concept>/dto.rs` its DTOs; the few pieces every screen uses (ids, days, labels, choices,
//! pages) are in `shared`.
//!
//! Commands that touch the store are `async` so Tauri runs them off the main (UI) thread.

pub mod app;
pub mod cases;
pub mod cowork;
pub mod drafts;
pub mod entries;
pub mod lock;
pub mod people;
pub mod placement;
pub mod profile;
pub mod reflections;
pub mod search;
pub mod shared;
pub mod supervision;
pub mod sync;
pub mod team;
