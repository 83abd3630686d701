//! The app's state: the core store opened on start from the data directory, behind a mutex so
//! commands take turns. When it could not be opened, every command reports why.

use std::path::Path;
use std::sync::Mutex;

use casecraft_core::Store;

use crate::error::IpcError;

#[derive(Debug)]
pub struct AppState {
    store: Result<Mutex<Store>, IpcError>,
}

impl AppState {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: Option<&Path>) -> Self {
        let store = match data_dir {
            Some(dir) => Store::open_dir(dir).map(Mutex::new).map_err(IpcError::from),
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
        AppState { store }
    }

    /// Runs one core call on the store, mapping its error for the UI.
    pub fn with_store<T>(
        &self,
        call: impl FnOnce(&mut Store) -> casecraft_core::Result<T>,
    ) -> Result<T, IpcError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let mut store = store.lock().map_err(IpcError::internal)?;
        call(&mut store).map_err(IpcError::from)
    }
}
