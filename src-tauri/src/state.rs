//! The app's state: the data folder and, while unlocked, the core store open on it, behind a
//! mutex so commands take turns. The app starts locked: nothing is opened until the passphrase
//! (or the recovery code) is given, and locking closes the store again.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use casecraft_core::casework::profile::{NewProfile, Profile};
use casecraft_core::protection::backup::BackupInfo;
use casecraft_core::protection::keyring::{RecoveryCode, Unlock};
use casecraft_core::protection::lock::{self, LockState};
use casecraft_core::protection::signout::Unsynced;
use casecraft_core::Store;

use crate::error::IpcError;

#[derive(Debug)]
pub struct AppState {
    /// The open store; `None` while locked (and at start).
    store: Mutex<Option<Store>>,
    dir: Result<PathBuf, IpcError>,
}

/// What the UI shows first: set-up, unlock, or the casework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Access {
    /// First run: nothing here yet.
    Empty,
    /// Casework from before encryption: a passphrase must be set.
    Unencrypted,
    /// Encrypted and closed: the passphrase opens it.
    Locked,
    /// Open.
    Unlocked,
}

impl AppState {
    /// The state for the data folder `data_dir`; nothing is opened yet.
    pub fn new(data_dir: Option<&Path>) -> Self {
        let dir = data_dir.map(Path::to_path_buf).ok_or_else(|| IpcError {
            kind: "storage",
            message: format!(
                "Casecraft has no data folder: set {} or a home directory.",
                crate::data_dir::DATA_DIR_ENV
            ),
            field: None,
        });
        if let Err(error) = &dir {
            tracing::error!(%error, "no data folder");
        }
        AppState {
            store: Mutex::new(None),
            dir,
        }
    }

    fn dir(&self) -> Result<&Path, IpcError> {
        self.dir.as_deref().map_err(Clone::clone)
    }

    /// Where the app stands: open, locked, or not set up.
    pub fn access(&self) -> Result<Access, IpcError> {
        let guard = self.store.lock().map_err(IpcError::internal)?;
        if guard.is_some() {
            return Ok(Access::Unlocked);
        }
        Ok(match lock::state(self.dir()?)? {
            LockState::Empty => Access::Empty,
            LockState::Unencrypted => Access::Unencrypted,
            LockState::Locked => Access::Locked,
        })
    }

    /// Opens the store with the passphrase or the recovery code.
    pub fn unlock(&self, with: Unlock<'_>) -> Result<(), IpcError> {
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        if guard.is_none() {
            *guard = Some(lock::unlock(self.dir()?, with)?);
        }
        Ok(())
    }

    /// Opens the store with the recovery code and sets a new passphrase.
    pub fn recover(&self, code: &str, new_passphrase: &str) -> Result<(), IpcError> {
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        let store = lock::recover(self.dir()?, code, new_passphrase)?;
        *guard = Some(store);
        Ok(())
    }

    /// First run: checks the profile, sets the passphrase (encrypting any casework from before
    /// encryption), creates the profile when one is given, and opens the store. The recovery code
    /// is returned to be shown once.
    pub fn set_up(
        &self,
        passphrase: &str,
        profile: Option<NewProfile>,
    ) -> Result<(RecoveryCode, Option<Profile>), IpcError> {
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        if let Some(new) = &profile {
            new.check()?;
        }
        let (mut store, code) = lock::set_up(self.dir()?, passphrase)?;
        let profile = match profile {
            Some(new) => match store.init_profile(new) {
                Ok(p) => Some(p),
                Err(e) => {
                    *guard = Some(store);
                    return Err(e.into());
                }
            },
            None => None,
        };
        *guard = Some(store);
        Ok((code, profile))
    }

    /// Changes the passphrase; nothing is re-encrypted.
    pub fn change_passphrase(&self, current: &str, new: &str) -> Result<(), IpcError> {
        let _guard = self.store.lock().map_err(IpcError::internal)?;
        lock::change_passphrase(self.dir()?, current, new)?;
        Ok(())
    }

    /// Closes the store: until the next unlock, every command but these answers "locked".
    pub fn lock(&self) -> Result<(), IpcError> {
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        drop(guard.take());
        tracing::info!("locked");
        Ok(())
    }

    /// Runs one core call on the store, mapping its error for the UI.
    pub fn with_store<T>(
        &self,
        call: impl FnOnce(&mut Store) -> casecraft_core::Result<T>,
    ) -> Result<T, IpcError> {
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        let store = guard.as_mut().ok_or_else(locked)?;
        call(store).map_err(IpcError::from)
    }

    /// Signs out: the core removes the store's files (or refuses, changing nothing). Afterwards
    /// the app is at first run; a refusal leaves the store open.
    pub fn sign_out(&self, discard_unsynced: bool) -> Result<Unsynced, IpcError> {
        let dir = self.dir()?;
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        let current = guard.take().ok_or_else(locked)?;
        let key = current.key().cloned();
        let result = casecraft_core::protection::signout::sign_out(current, discard_unsynced);
        if result.is_err() {
            if let Some(key) = key {
                *guard = Some(lock::open_with_key(dir, &key)?);
            }
        }
        result.map_err(IpcError::from)
    }

    /// Restores a backup over this folder's store: the store is closed, the core verifies the
    /// backup and swaps it in (or changes nothing), and the store is opened again either way.
    pub fn restore(&self, file: &Path, passphrase: &str) -> Result<BackupInfo, IpcError> {
        let dir = self.dir()?;
        let mut guard = self.store.lock().map_err(IpcError::internal)?;
        let current = guard.take().ok_or_else(locked)?;
        let key = current.key().cloned().ok_or_else(locked)?;
        drop(current);
        let result = casecraft_core::protection::backup::restore(dir, file, passphrase, Some(&key));
        *guard = Some(lock::open_with_key(dir, &key)?);
        result.map_err(IpcError::from)
    }
}

/// The answer to any command while the app is locked; the UI goes to the unlock screen.
fn locked() -> IpcError {
    IpcError {
        kind: "locked",
        message: "Casecraft is locked; unlock it with your passphrase.".into(),
        field: None,
    }
}
