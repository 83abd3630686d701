//! Build script: ACL manifest for the app's own commands, and re-runs when the UI changes
//! (the UI in `../ui` is embedded into the binary; there is no dev server).

/// Every `#[tauri::command]` the app registers. Each gets generated `allow-<command>`
/// permissions, granted to the main window only in `capabilities/main.json`.
const COMMANDS: &[&str] = &["app_info", "app_ready"];

fn main() {
    // Cargo scans a directory given to rerun-if-changed recursively.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=capabilities");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; print the cause in full first.
        eprintln!("tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}
