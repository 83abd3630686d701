//! Where Casecraft keeps its data: `CASECRAFT_DATA_DIR` when set (as for the CLI), otherwise the
//! platform's data folder (`casecraft_core::platform::data_folder`).

use std::path::PathBuf;

pub use casecraft_core::platform::data_folder::DATA_DIR_ENV;

/// The data directory, or `None` when neither the variable nor a home directory is available.
pub fn resolve() -> Option<PathBuf> {
    casecraft_core::platform::data_folder::data_folder()
}
