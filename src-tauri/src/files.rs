//! Files and folders a person chooses: always in the system's own dialog, opened here, in Rust.
//! No command takes a path from the page, so page script — even hostile text that somehow ran —
//! cannot make the app write over, read or send a file of its choosing. The dialog plugin's
//! JavaScript API is not granted to the window (`capabilities/main.json`), and nothing is asked
//! while the store's lock is held: a dialog waits for a person.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// What a dialog asks for: its title (what the person reads, and how the end-to-end tests find
/// the window), a suggested file name, and the kind of file it shows.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub title: &'a str,
    pub file_name: Option<&'a str>,
    pub kind: Option<(&'a str, &'a [&'a str])>,
}

impl<'a> Ask<'a> {
    pub fn titled(title: &'a str) -> Self {
        Ask {
            title,
            file_name: None,
            kind: None,
        }
    }

    pub fn named(mut self, file_name: &'a str) -> Self {
        self.file_name = Some(file_name);
        self
    }

    pub fn showing(mut self, label: &'a str, extensions: &'a [&'a str]) -> Self {
        self.kind = Some((label, extensions));
        self
    }
}

fn dialog<R: Runtime>(app: &AppHandle<R>, ask: Ask<'_>) -> FileDialogBuilder<R> {
    let mut dialog = app.dialog().file().set_title(ask.title);
    // Start in the person's documents (or home) rather than GTK's "Recent" view.
    if let Some(dirs) = directories::UserDirs::new() {
        let start = dirs.document_dir().unwrap_or(dirs.home_dir());
        dialog = dialog.set_directory(start);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    if let Some(name) = ask.file_name {
        dialog = dialog.set_file_name(name);
    }
    if let Some((label, extensions)) = ask.kind {
        dialog = dialog.add_filter(label, extensions);
    }
    dialog
}

/// A file to save to, chosen by the person; `None` when they cancelled.
pub fn save_to<R: Runtime>(app: &AppHandle<R>, ask: Ask<'_>) -> Option<PathBuf> {
    dialog(app, ask).blocking_save_file()?.into_path().ok()
}

/// A file to open, chosen by the person; `None` when they cancelled.
pub fn open<R: Runtime>(app: &AppHandle<R>, ask: Ask<'_>) -> Option<PathBuf> {
    dialog(app, ask).blocking_pick_file()?.into_path().ok()
}

/// A folder, chosen by the person; `None` when they cancelled.
pub fn folder<R: Runtime>(app: &AppHandle<R>, ask: Ask<'_>) -> Option<PathBuf> {
    dialog(app, ask).blocking_pick_folder()?.into_path().ok()
}
