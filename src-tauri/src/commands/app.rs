//! App-level commands: version information and the "UI is interactive" signal.

use serde::Serialize;
use tauri::{AppHandle, State};

use crate::launch::Launch;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// Called by the UI once the first screen is rendered and usable.
#[tauri::command]
pub fn app_ready(app: AppHandle, launch: State<'_, Launch>) {
    let elapsed = launch.started.elapsed();
    tracing::info!(ms = elapsed.as_millis() as u64, "interactive");
    if launch.exit_on_ready {
        eprintln!("ready in {} ms", elapsed.as_millis());
        app.exit(0);
    }
}
