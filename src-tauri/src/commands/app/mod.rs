//! App-level commands: the vocabulary the forms offer, what the app is (Settings' *About*) and
//! the "UI is interactive" signal.

pub mod dto;

use tauri::{AppHandle, Runtime, State};

use crate::launch::Launch;
use dto::{AboutDto, Vocabulary};

#[tauri::command]
pub fn vocabulary() -> Vocabulary {
    Vocabulary::current()
}

/// What this app is: its version and the database schema it writes, for Settings' *About*.
#[tauri::command]
pub fn app_about() -> AboutDto {
    AboutDto::current()
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
