//! Where the workspace and the built desktop binary are.

use std::path::PathBuf;

/// The workspace root (the parent of this package's directory).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// `<target dir>/debug/casecraft-desktop`, where the target dir is `CARGO_TARGET_DIR` when set,
/// otherwise the workspace's `target/`. `CASECRAFT_DESKTOP_BIN` overrides the whole path
/// (to drive a release build, for example). Panics with the command to run when it is missing.
pub fn desktop_binary() -> PathBuf {
    let binary = match std::env::var_os("CASECRAFT_DESKTOP_BIN") {
        Some(path) => PathBuf::from(path),
        None => {
            let target_dir = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .map(|dir| {
                    if dir.is_relative() {
                        workspace_root().join(dir)
                    } else {
                        dir
                    }
                })
                .unwrap_or_else(|| workspace_root().join("target"));
            target_dir.join("debug").join("casecraft-desktop")
        }
    };
    assert!(
        binary.is_file(),
        "the desktop app is not built: {} does not exist. Run `cargo build -p casecraft-desktop` first \
         (with the same CARGO_TARGET_DIR).",
        binary.display()
    );
    binary
}
