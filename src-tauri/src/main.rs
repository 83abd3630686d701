//! Casecraft desktop: the Tauri builder. Commands live in `commands`, each concept's beside its
//! part of the IPC contract (`commands/<concept>/dto.rs`); the opened store in `state`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod command_names;
mod commands;
mod data_dir;
mod error;
mod files;
#[cfg(test)]
mod ipc_tests;
mod launch;
mod logging;
mod navigation;
#[cfg(test)]
mod security_tests;
mod state;

fn main() {
    let launch = launch::Launch::from_env();
    let data_dir = data_dir::resolve();
    logging::init(data_dir.as_deref());
    let state = state::AppState::new(data_dir.as_deref());
    let result = app(tauri::Builder::default(), launch, state).run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("casecraft-desktop could not start: {error}");
        std::process::exit(1);
    }
}

/// The app on any runtime: its state and its commands (the tests drive it on the mock runtime).
fn app<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    launch: launch::Launch,
    state: state::AppState,
) -> tauri::Builder<R> {
    builder
        .plugin(navigation::guard())
        // Its dialogs are opened from Rust only (`files`); no permission grants it to the page.
        .plugin(tauri_plugin_dialog::init())
        .manage(launch)
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::vocabulary,
            commands::app::app_ready,
            commands::app::app_about,
            commands::lock::access_get,
            commands::lock::set_up,
            commands::lock::unlock,
            commands::lock::unlock_with_recovery,
            commands::lock::passphrase_change,
            commands::lock::lock,
            commands::lock::lock_after_get,
            commands::lock::lock_after_set,
            commands::profile::profile_get,
            commands::profile::profile_init,
            commands::cases::cases_list,
            commands::cases::case_get,
            commands::cases::case_create,
            commands::cases::case_edit,
            commands::entries::entries_list,
            commands::entries::entry_create,
            commands::entries::entry_complete,
            commands::people::people_list,
            commands::cases::case_checklist,
            commands::cases::case_close,
            commands::cases::case_reopen,
            commands::cases::case_delete,
            commands::entries::entry_get,
            commands::entries::entry_edit,
            commands::entries::addendum_add,
            commands::entries::entry_delete,
            commands::people::person_add,
            commands::people::person_edit,
            commands::people::person_delete,
            commands::profile::profile_edit,
            commands::profile::sign_out_check,
            commands::profile::sign_out,
            commands::profile::backup_create,
            commands::profile::backup_restore,
            commands::cowork::cowork_list,
            commands::cowork::cowork_add,
            commands::cowork::cowork_amend,
            commands::cowork::actions_list,
            commands::cowork::action_add,
            commands::cowork::action_set_done,
            commands::reflections::reflections_list,
            commands::reflections::reflection_create,
            commands::reflections::reflection_edit,
            commands::reflections::reflection_delete,
            commands::search::search,
            commands::search::trash_list,
            commands::search::trash_restore,
            commands::sync::sync_status,
            commands::sync::sync_setup,
            commands::sync::sync_run,
            commands::sync::sync_inbox,
            commands::team::team_get,
            commands::team::team_rejoin,
            commands::team::team_join,
            commands::team::team_leave_check,
            commands::team::team_leave,
            commands::team::hub_refused_export,
            commands::team::hub_refused_discard,
            commands::team::case_members,
            commands::team::team_oversight,
            commands::team::case_transfer_check,
            commands::team::case_transfer,
            commands::team::case_transfer_pack,
            commands::team::case_share,
            commands::team::case_unshare,
            commands::team::removal_notices,
            commands::team::removal_dismiss,
            commands::sync::conflict_resolve,
            commands::sync::merged_reviewed,
            commands::sync::deletion_resolve,
            commands::sync::held_settle,
            commands::drafts::draft_save,
            commands::drafts::draft_get,
            commands::drafts::draft_discard,
            commands::supervision::supervision_agenda,
            commands::supervision::supervision_create,
            commands::supervision::supervision_edit,
            commands::supervision::supervisions_list,
            commands::supervision::closures_without_contact,
            commands::supervision::case_quality,
            commands::supervision::case_document,
            commands::supervision::record_trash,
            commands::placement::placements_list,
            commands::placement::placement_create,
            commands::placement::placement_edit,
            commands::placement::placement_days,
            commands::placement::placement_log_day,
            commands::placement::placement_day_edit,
            commands::placement::observations_list,
            commands::placement::observation_add,
            commands::placement::observation_edit,
            commands::placement::portfolio_view,
            commands::placement::cpd_view,
        ])
}
