//! Everything that differs between operating systems, one small module per concern, so a port to
//! Windows or macOS is a matter of filling these in (docs/platforms.md says what each needs):
//!
//! - `owner_only` — files and folders only their owner can read (Unix modes `0600`/`0700`);
//! - `free_space` — whether a drive is full (Unix `statvfs`);
//! - `machine` — the machine's id and a folder's identity (Linux machine id, inodes), for telling
//!   a copied data folder from a moved one;
//! - `data_folder` — where casework lives when no folder is named.
//!
//! Nothing outside this module asks the operating system for these.

pub mod data_folder;
pub mod free_space;
pub mod machine;
pub mod owner_only;
