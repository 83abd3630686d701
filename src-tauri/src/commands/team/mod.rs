//! The team hub in the window: joining a team with an invitation code (Settings → Team), how the
//! device stands with it, leaving it, the changes the hub did not accept (export, discard), and a
//! case's members (share with a colleague in a role, stop sharing), the team as a supervisor or
//! manager oversees it, and handing a case on (transfer, allocation) with its checklist and pack.

pub mod dto;

use tauri::State;

use casecraft_core::sync::hub;

use crate::commands::shared::parse_id;
use crate::error::IpcError;
use crate::files::{self, Ask};
use crate::state::AppState;
use dto::{
    CaseMembersDto, ChecklistDto, LeavingDto, NoticeDto, OversightDto, RejoinDto, TeamDto,
    TransferPackDto,
};

/// The team this device joined; `None` before it joins one.
#[tauri::command]
pub async fn team_get(state: State<'_, AppState>) -> Result<Option<TeamDto>, IpcError> {
    state.with_store(|store| {
        if !hub::joined(store)? {
            return Ok(None);
        }
        hub::status(store).map(|s| Some(TeamDto::from(s)))
    })
}

/// The hub this device must join again after taking a new identity (a restored backup, a copied
/// data folder), to say so above the join form.
#[tauri::command]
pub async fn team_rejoin(state: State<'_, AppState>) -> Result<Option<RejoinDto>, IpcError> {
    state.with_store(|store| {
        Ok(store.hub_rejoin()?.map(|r| RejoinDto {
            url: r.url,
            team: r.team,
        }))
    })
}

/// Joins a team hub with an invitation code, then takes a first round (shared cases arrive);
/// a first round that cannot finish leaves the device joined, to sync later. A hub that cannot
/// be reached, or whose certificate is not the one the code names, is said beside the address.
#[tauri::command]
pub async fn team_join(
    state: State<'_, AppState>,
    url: String,
    code: String,
) -> Result<TeamDto, IpcError> {
    state
        .with_store(|store| hub::join(store, &url, &code))
        .map_err(beside_address)?;
    state
        .with_store(|store| {
            if let Err(e) = hub::run(store) {
                tracing::warn!(error = %e, "the first round with the team hub did not finish");
            }
            hub::status(store)
        })
        .map(TeamDto::from)
}

/// An error about reaching the hub belongs beside the hub's address.
fn beside_address(mut e: IpcError) -> IpcError {
    if e.field.is_none() && matches!(e.kind, "unreachable" | "refused") {
        e.field = Some("hub".into());
    }
    e
}

/// Sends what the hub lacks (when it can be reached) and says what leaving would lose.
#[tauri::command]
pub async fn team_leave_check(state: State<'_, AppState>) -> Result<LeavingDto, IpcError> {
    state.with_store(hub::leave_check).map(LeavingDto::from)
}

/// Leaves the team: colleagues' cases leave this device, the worker's own stay. Refused while
/// something would be lost, unless `discard`.
#[tauri::command]
pub async fn team_leave(state: State<'_, AppState>, discard: bool) -> Result<(), IpcError> {
    state.with_store(|store| hub::leave(store, discard).map(|_| ()))
}

/// Writes the changes the hub did not accept to a new file the person chooses; `None` when they
/// cancelled.
#[tauri::command]
pub async fn hub_refused_export<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<usize>, IpcError> {
    // Nothing to export asks nothing (and a locked store is said before any dialog).
    let waiting = state.with_store(|store| Ok(store.hub_refused()?.len()))?;
    if waiting == 0 {
        return Err(IpcError::from(casecraft_core::Error::Refused(
            "every change sent was accepted by the team hub; there is nothing to export".into(),
        )));
    }
    let name = format!(
        "casecraft-not-accepted-{}.json",
        chrono::Local::now().format("%Y-%m-%d")
    );
    let ask = Ask::titled("Export the changes the team hub did not accept")
        .named(&name)
        .showing("JSON", &["json"]);
    let Some(file) = files::save_to(&app, ask) else {
        return Ok(None);
    };
    state
        .with_store(|store| hub::export_refused(store, &file))
        .map(Some)
}

/// Stops listing a change the hub did not accept (all of them with no `op_id`); it stays in the
/// records on this device.
#[tauri::command]
pub async fn hub_refused_discard(
    state: State<'_, AppState>,
    op_id: Option<String>,
) -> Result<usize, IpcError> {
    let which = op_id
        .as_deref()
        .map(|o| parse_id("change", o))
        .transpose()?;
    state.with_store(|store| store.discard_hub_refused(which))
}

/// Who a case is shared with (asked of the hub); `None` when this device has joined no team.
#[tauri::command]
pub async fn case_members(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<Option<CaseMembersDto>, IpcError> {
    let case = parse_id("case", &case_id)?;
    let call = state.with_store(|store| {
        if !hub::joined(store)? {
            return Ok(None);
        }
        hub::members_call(store, case).map(Some)
    })?;
    let Some(call) = call else {
        return Ok(None);
    };
    // Asked with the store free: a hub slow to answer holds up nothing else.
    let answer = tauri::async_runtime::spawn_blocking(move || call.send().map(|m| (m, call.me)))
        .await
        .map_err(IpcError::internal)??;
    Ok(Some(CaseMembersDto::of(answer.0, answer.1)))
}

/// Shares a case with a colleague of the team (by worker id or name) in a role.
#[tauri::command]
pub async fn case_share(
    state: State<'_, AppState>,
    case_id: String,
    worker: String,
    role: String,
) -> Result<(), IpcError> {
    let case = parse_id("case", &case_id)?;
    let role = casecraft_core::hub::CaseRole::parse("role", &role)?;
    state.with_store(|store| hub::share(store, case, &worker, role))
}

/// Stops sharing a case with a colleague: their devices take nothing new of it and remove it.
#[tauri::command]
pub async fn case_unshare(
    state: State<'_, AppState>,
    case_id: String,
    worker: String,
) -> Result<(), IpcError> {
    let case = parse_id("case", &case_id)?;
    state.with_store(|store| hub::unshare(store, case, &worker))
}

/// Cases that left this device because the worker was removed from them, each said once:
/// "Morgan Ellis stopped sharing Ivy Nowak with you on 3 Dec".
#[tauri::command]
pub async fn removal_notices(state: State<'_, AppState>) -> Result<Vec<NoticeDto>, IpcError> {
    state.with_store(|store| {
        let zone = casecraft_core::zone::Zone::worker();
        Ok(store
            .removal_notices()?
            .into_iter()
            .map(|n| NoticeDto {
                case_id: n.case_id.to_string(),
                text: n.describe(&zone),
            })
            .collect())
    })
}

/// The worker has read the notice about a case.
#[tauri::command]
pub async fn removal_dismiss(state: State<'_, AppState>, case_id: String) -> Result<(), IpcError> {
    let case = parse_id("case", &case_id)?;
    state.with_store(|store| store.dismiss_removal(Some(case)))
}

/// The team as this worker oversees it (read from this device: as of the last sync): each
/// colleague whose cases are shared with them for supervision or oversight, with each case's
/// quality signals, and the cases they hold; `None` when this device has joined no team.
#[tauri::command]
pub async fn team_oversight(state: State<'_, AppState>) -> Result<Option<OversightDto>, IpcError> {
    state.with_store(|store| {
        if !hub::joined(store)? {
            return Ok(None);
        }
        hub::oversight(store).map(|o| Some(OversightDto::from(o)))
    })
}

/// What handing a case on checks: its drafts (which must be completed first) and the open
/// actions that go with it.
#[tauri::command]
pub async fn case_transfer_check(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<ChecklistDto, IpcError> {
    let case = parse_id("case", &case_id)?;
    state.with_store(|store| hub::transfer_checklist(store, case).map(ChecklistDto::from))
}

/// Hands a case on to a colleague (by worker id or name): a transfer, or with `allocate` an
/// allocation after which this worker stays on the case as its supervisor. Refused while drafts
/// are left; a transfer summary is written to the chronology first.
#[tauri::command]
pub async fn case_transfer(
    state: State<'_, AppState>,
    case_id: String,
    to: String,
    allocate: bool,
) -> Result<ChecklistDto, IpcError> {
    let case = parse_id("case", &case_id)?;
    state
        .with_store(|store| {
            if allocate {
                hub::allocate(store, case, &to)
            } else {
                hub::transfer(store, case, &to)
            }
        })
        .map(ChecklistDto::from)
        .map_err(|mut e| {
            if e.field.as_deref() == Some("colleague") || e.kind == "invalid" {
                e.field.get_or_insert_with(|| "colleague".into());
            }
            e
        })
}

/// A case's transfer pack, rendered by the core (Markdown to sanitised HTML) for the printable
/// page.
#[tauri::command]
pub async fn case_transfer_pack(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<TransferPackDto, IpcError> {
    let case = parse_id("case", &case_id)?;
    state.with_store(|store| {
        let export = store.export_case(case)?;
        let today = store.today();
        Ok(TransferPackDto {
            title: casecraft_core::documents::transfer_pack::title(&export),
            body_html: casecraft_core::documents::markdown::render(
                &casecraft_core::documents::transfer_pack::to_markdown(&export, today),
            ),
        })
    })
}
