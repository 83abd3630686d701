// Shared by build.rs (through `include!`) and the binary's tests: keep it a plain constant.

/// Every `#[tauri::command]` the app registers. Each gets generated `allow-<command>`
/// permissions, granted to the main window only in `capabilities/main.json`.
pub const COMMANDS: &[&str] = &[
    "vocabulary",
    "app_ready",
    "profile_get",
    "profile_init",
    "cases_list",
    "case_get",
    "case_create",
    "entries_list",
    "entry_create",
    "entry_complete",
    "people_list",
];
