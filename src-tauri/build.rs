//! Build script: ACL manifest for the app's own commands, and re-runs when the UI changes
//! (the UI in `../ui` is embedded into the binary; there is no dev server).

include!("src/command_names.rs");

fn main() {
    // Cargo scans a directory given to rerun-if-changed recursively.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=capabilities");
    println!("cargo:rerun-if-changed=src/command_names.rs");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // Fail the build with the whole chain of causes.
        eprintln!("tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}
