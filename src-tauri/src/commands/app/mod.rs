//! App-level commands: the vocabulary the forms offer and the "UI is interactive" signal.

pub mod dto;

use tauri::{AppHandle, Runtime, State};

use crate::launch::Launch;
use dto::Vocabulary;

#[tauri::command]
pub fn vocabulary() -> Vocabulary {
    Vocabulary::current()
}

/// Called by the UI once the first screen is rendered and usable.
#[tauri::command]
pub fn app_ready<R: Runtime>(app: AppHandle<R>, launch: State<'_, Launch>) {
    let elapsed = launch.started.elapsed();
    tracing::info!(ms = elapsed.as_millis() as u64, "interactive");
    if launch.exit_on_ready {
        eprintln!("ready in {} ms", elapsed.as_millis());
        app.exit(0);
    }
}
