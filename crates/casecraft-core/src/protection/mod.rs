//! Protecting casework on a device: the database key and the key ring that seals it
//! (`keyring`), locking and unlocking (`lock`), encrypted backups and restores (`backup`), and
//! signing out of a shared machine (`signout`).

pub mod backup;
pub mod keyring;
pub mod lock;
pub mod signout;
