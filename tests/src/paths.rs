//! Where the workspace and the built binaries are.

use std::path::PathBuf;

/// The workspace root (the parent of this package's directory).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// `<target dir>/debug/casecraft-desktop` (`CASECRAFT_DESKTOP_BIN` overrides it, to drive a
/// release build for example). Panics with the command to run when it is missing.
pub fn desktop_binary() -> PathBuf {
    built_binary(
        "casecraft-desktop",
        "CASECRAFT_DESKTOP_BIN",
        "casecraft-desktop",
    )
}

/// The debug build of binary `name` from `package`, in `CARGO_TARGET_DIR` when set, otherwise in
/// the workspace's `target/`; the variable `override_var` replaces the whole path. Panics with
/// the command to run when the binary is missing: tests never build it themselves.
pub fn built_binary(name: &str, override_var: &str, package: &str) -> PathBuf {
    let binary = match std::env::var_os(override_var) {
        Some(path) => PathBuf::from(path),
        None => target_dir().join("debug").join(name),
    };
    assert!(
        binary.is_file(),
        "{name} is not built: {} does not exist. Run `cargo build -p {package}` first \
         (with the same CARGO_TARGET_DIR), or set {override_var}.",
        binary.display()
    );
    binary
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_relative() => workspace_root().join(dir),
        Some(dir) => dir,
        None => workspace_root().join("target"),
    }
}
