//! The app's state: the core store opened on start from the data directory, behind a mutex so
//! commands take turns. When it could not be opened, every command reports why.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use casecraft_core::backup::BackupInfo;
use casecraft_core::signout::Unsynced;
use casecraft_core::Store;

use crate::error::IpcError;

#[derive(Debug)]
pub struct AppState {
    /// `None` only for the moment signing out closes the store and opens a fresh one.
    store: Result<Mutex<Option<Store>>, IpcError>,
    dir: Option<PathBuf>,
}

impl AppState {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: Option<&Path>) -> Self {
        let store = match data_dir {
            Some(dir) => Store::open_dir(dir)
                .map(|s| Mutex::new(Some(s)))
                .map_err(IpcError::from),
            None => Err(IpcError {
                kind: "storage",
                message: format!(
                    "Casecraft has no data folder: set {} or a home directory.",
                    crate::data_dir::DATA_DIR_ENV
                ),
                field: None,
            }),
        };
        if let Err(error) = &store {
            tracing::error!(%error, "the store could not be opened");
        }
        AppState {
            store,
            dir: data_dir.map(Path::to_path_buf),
        }
    }

    /// Runs one core call on the store, mapping its error for the UI.
    pub fn with_store<T>(
        &self,
        call: impl FnOnce(&mut Store) -> casecraft_core::Result<T>,
    ) -> Result<T, IpcError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let mut guard = store.lock().map_err(IpcError::internal)?;
        let store = guard.as_mut().ok_or_else(closed)?;
        call(store).map_err(IpcError::from)
    }

    /// Signs out: the core removes the store's files (or refuses, changing nothing), then a
    /// fresh store is opened in the same folder, so the app carries on at first run.
    pub fn sign_out(&self, discard_unsynced: bool) -> Result<Unsynced, IpcError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let dir = self.dir.as_deref().ok_or_else(closed)?;
        let mut guard = store.lock().map_err(IpcError::internal)?;
        let current = guard.take().ok_or_else(closed)?;
        let result = casecraft_core::signout::sign_out(current, discard_unsynced);
        *guard = Some(Store::open_dir(dir).map_err(IpcError::from)?);
        result.map_err(IpcError::from)
    }

    /// Restores a backup over this folder's store: the store is closed, the core verifies the
    /// backup and swaps it in (or changes nothing), and the store is opened again either way.
    pub fn restore(&self, file: &Path, passphrase: &str) -> Result<BackupInfo, IpcError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let dir = self.dir.as_deref().ok_or_else(closed)?;
        let mut guard = store.lock().map_err(IpcError::internal)?;
        drop(guard.take());
        let result = casecraft_core::backup::restore(dir, file, passphrase);
        *guard = Some(Store::open_dir(dir).map_err(IpcError::from)?);
        result.map_err(IpcError::from)
    }
}

fn closed() -> IpcError {
    IpcError {
        kind: "storage",
        message: "Casecraft's store is closed; restart the app.".into(),
        field: None,
    }
}
