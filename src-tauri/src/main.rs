//! Casecraft desktop: the Tauri builder. Commands live in `commands`, the IPC contract in `dto`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod data_dir;
mod launch;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CASECRAFT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();

    let launch = launch::Launch::from_env();
    if let Err(message) = launch.prepare_data_dir() {
        eprintln!("casecraft-desktop could not start: {message}");
        std::process::exit(1);
    }
    let result = tauri::Builder::default()
        .manage(launch)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::app_ready,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("casecraft-desktop could not start: {error}");
        std::process::exit(1);
    }
}
