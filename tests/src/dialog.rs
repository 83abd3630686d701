//! The system's file dialogs — GTK's, which the app opens from Rust so page script never names a
//! path — answered as a person would: the dialog is found on the X display by its title, and the
//! path is typed into it with `xdotool` (a GTK file dialog takes a whole typed path). Nothing here
//! bypasses the dialog: what the app gets is what GTK gives it.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(100);
/// How long a dialog may take to appear (GTK builds it on first use) or to close.
const DIALOG_WAIT: Duration = Duration::from_secs(20);

/// What kind of dialog is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileDialog {
    /// Save: the name field, with the suggested name selected, takes a whole path.
    Save,
    /// Save over a file that exists: GTK asks whether to replace it, and the person says
    /// *Replace* (the app still never overwrites a file).
    SaveReplacing,
    /// Open a file: Ctrl+L opens the location field.
    Open,
    /// Choose a folder: Ctrl+L opens the location field.
    Folder,
}

fn xdotool(args: &[&str]) -> Output {
    Command::new("xdotool")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run xdotool (install the xdotool package): {e}"))
}

/// The visible windows whose title is exactly `title`.
fn windows(title: &str) -> Vec<String> {
    let pattern = format!("^{}$", regex_escape(title));
    let out = xdotool(&["search", "--onlyvisible", "--name", &pattern]);
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// Waits for the dialog titled `title`; fails saying it never opened.
pub fn wait_for(title: &str) -> String {
    let deadline = Instant::now() + DIALOG_WAIT;
    loop {
        if let Some(id) = windows(title).into_iter().next() {
            return id;
        }
        assert!(
            Instant::now() < deadline,
            "no dialog titled {title:?} opened within {DIALOG_WAIT:?}"
        );
        std::thread::sleep(POLL);
    }
}

fn wait_closed(title: &str, what: &str) {
    let deadline = Instant::now() + DIALOG_WAIT;
    while !windows(title).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the dialog {title:?} did not close within {DIALOG_WAIT:?} after {what}"
        );
        std::thread::sleep(POLL);
    }
}

/// Presses `keys` in the window that has the keyboard (the dialog, once focused).
fn keys(keys: &[&str]) {
    let mut args = vec!["key", "--clearmodifiers"];
    args.extend_from_slice(keys);
    let out = xdotool(&args);
    assert!(out.status.success(), "xdotool key {keys:?} failed: {out:?}");
}

/// Answers the dialog titled `title` with `path`, as a person typing it would, and waits until
/// the dialog has closed.
pub fn answer(title: &str, kind: FileDialog, path: &Path) {
    let window = wait_for(title);
    // No window manager runs under Xvfb: give the dialog the keyboard directly.
    let _ = xdotool(&["windowfocus", "--sync", &window]);
    match kind {
        FileDialog::Save | FileDialog::SaveReplacing => keys(&["ctrl+a"]),
        FileDialog::Open | FileDialog::Folder => keys(&["ctrl+l"]),
    }
    let typed = path.display().to_string();
    let out = xdotool(&["type", "--clearmodifiers", "--delay", "15", &typed]);
    assert!(
        out.status.success(),
        "xdotool could not type the path: {out:?}"
    );
    // GTK looks the typed path up before it will accept it; press again (as a person would)
    // until the dialog closes.
    for attempt in 0..5 {
        std::thread::sleep(Duration::from_millis(400));
        match kind {
            // GTK's "A file named … already exists" question: _Replace.
            FileDialog::SaveReplacing if attempt > 0 => keys(&["alt+r"]),
            // Return on a folder's path opens it; the dialog's _Open button chooses the path
            // typed.
            FileDialog::Folder => keys(&["alt+o"]),
            _ => keys(&["Return"]),
        }
        let settle = Instant::now() + Duration::from_millis(1500);
        while Instant::now() < settle && !windows(title).is_empty() {
            std::thread::sleep(POLL);
        }
        if windows(title).is_empty() {
            return;
        }
    }
    wait_closed(title, &format!("typing {typed}"));
}

/// Cancels the dialog titled `title` (Escape), as a person changing their mind would.
pub fn cancel(title: &str) {
    let window = wait_for(title);
    let _ = xdotool(&["windowfocus", "--sync", &window]);
    keys(&["Escape"]);
    wait_closed(title, "Escape");
}
