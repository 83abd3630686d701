//! Each command: parse its arguments, make one core call, print.

use std::io::Write;
use std::path::Path;

use casecraft_core::action::NewAction;
use casecraft_core::case::{CaseEdit, CaseFilter, CaseSort, NewCase, StatusFilter};
use casecraft_core::cowork::{CoworkKind, NewCoworkNote};
use casecraft_core::entry::{EntryEdit, EntryFilter, EntryKind, NewEntry};
use casecraft_core::keyring::Unlock;
use casecraft_core::lock::{self, LockState};
use casecraft_core::person::NewPerson;
use casecraft_core::profile::{NewProfile, ProfileEdit, Role};
use casecraft_core::reflection::{
    Model, NewReflection, PcfDomain, ReflectionEdit, ReflectionFilter, Visibility,
};
use casecraft_core::search::{KindFilter, SearchQuery};
use casecraft_core::seed::SeedOptions;
use casecraft_core::sync::HeldOutcome;
use casecraft_core::{Error, Id, Result, Store};

use crate::cli::*;
use crate::input;
use crate::print::{self, Out};

/// Runs one command against the store in `dir`.
pub fn run(cli: &Cli, dir: &Path, w: &mut dyn Write) -> Result<()> {
    let mut out = Out { w, json: cli.json };
    let out = &mut out;
    let own = cli.passphrase_file.as_deref();
    if let Command::Passphrase(cmd) = &cli.command {
        return passphrase(dir, out, own, cmd);
    }
    if let Command::Init { name, role } = &cli.command {
        let role = Role::parse("role", role)?;
        let (mut store, code) = match lock::state(dir)? {
            LockState::Locked => (
                lock::unlock(dir, Unlock::Passphrase(&input::own_passphrase(own, false)?))?,
                None,
            ),
            LockState::Empty | LockState::Unencrypted => {
                let (store, code) = lock::set_up(dir, &input::own_passphrase(own, true)?)?;
                (store, Some(code))
            }
        };
        let profile = store.init_profile(NewProfile {
            display_name: name.clone(),
            role,
        })?;
        let code = code.map(|c| c.to_string());
        // The profile as before, with the recovery code beside its fields.
        let mut record = serde_json::to_value(&profile)?;
        if let (Some(fields), Some(code)) = (record.as_object_mut(), &code) {
            fields.insert("recoveryCode".into(), code.clone().into());
        }
        return out.record(&record, |o| {
            o.line(&format!(
                "Profile created for {} ({}) on device {}",
                profile.display_name, profile.role, profile.device_id
            ))?;
            match &code {
                Some(code) => recovery_notice(o, code),
                None => Ok(()),
            }
        });
    }
    // Restoring a backup replaces the database file: it must not be open here meanwhile.
    if let Command::Restore { target, passphrase } = &cli.command {
        let file = Path::new(target);
        if file.is_file() {
            return restore_backup(dir, out, own, file, passphrase);
        }
    }
    let mut store = open(dir, own)?;
    match &cli.command {
        Command::Init { .. } | Command::Passphrase(_) => Ok(()),
        Command::Profile(cmd) => profile(&mut store, out, cmd),
        Command::Case(cmd) => case(&mut store, out, cmd),
        Command::Person(cmd) => person(&mut store, out, cmd),
        Command::Entry(cmd) => entry(&mut store, out, cmd),
        Command::Reflect(cmd) => reflect(&mut store, out, cmd),
        Command::Cowork(cmd) => cowork(&mut store, out, cmd),
        Command::Action(cmd) => action(&mut store, out, cmd),
        Command::Supervision(cmd) => supervision(&mut store, out, cmd),
        Command::Placement(cmd) => placement(&mut store, out, cmd),
        Command::Search(args) => search(&store, out, args),
        Command::Export(cmd) => export(&store, out, cmd),
        Command::Sync(cmd) => sync(&mut store, out, cmd),
        Command::Conflicts(cmd) => conflicts(&mut store, out, cmd),
        Command::Trash { limit, offset } => {
            let items = store.list_trash(*limit, *offset)?;
            if out.json {
                return print::json_list(out, &items, limit.is_some() || offset.is_some());
            }
            if items.total == 0 {
                return out.line("The trash is empty.");
            }
            items.iter().try_for_each(|t| print::trash(out, t))?;
            print::shown(out, &items, "records in the trash")
        }
        Command::Restore { target, .. } => {
            let id = Id::parse("id", target.trim()).map_err(|_| {
                Error::invalid(
                    "target",
                    format!(
                        "\"{}\" is neither a record id nor a backup file; give a trashed record's id (see `casecraft trash`) or the path of a backup",
                        target.chars().take(60).collect::<String>()
                    ),
                )
            })?;
            let kind = store.restore(id)?;
            out.line(&format!("Restored the {kind}."))
        }
        Command::SignOut { discard_unsynced } => {
            let lost = casecraft_core::signout::sign_out(store, *discard_unsynced)?;
            out.record(&lost, |o| {
                if !lost.is_empty() {
                    o.line(&format!(
                        "Signed out; {} unsynced change(s) and {} record(s) kept on this device only were discarded. This machine holds no casework now.",
                        lost.changes,
                        lost.device_only.len()
                    ))
                } else {
                    o.line("Signed out. This machine holds no casework now; your changes are in the sync folder.")
                }
            })
        }
        Command::Backup { file, passphrase } => {
            let pass = match input::backup_passphrase(passphrase.backup_passphrase_file.as_deref())?
            {
                Some(p) => p,
                None => input::own_passphrase(own, false)?,
            };
            let info = casecraft_core::backup::create(&store, file, &pass)?;
            out.record(&info, |o| {
                o.line(&format!(
                    "Backed up {} MiB to {}. Keep the passphrase: the backup cannot be opened without it.",
                    info.bytes / (1024 * 1024),
                    file.display()
                ))
            })
        }
        Command::Doctor { check: _, rebuild } => {
            if *rebuild {
                let r = store.rebuild()?;
                return out.record(&r, |o| {
                    o.line(&format!(
                        "Rebuilt {} records from {} ops.",
                        r.records, r.ops
                    ))?;
                    if r.changed_tables.is_empty() {
                        o.line("The rebuild matched what was there.")
                    } else {
                        o.line(&format!("Mended: {}", r.changed_tables.join(", ")))
                    }
                });
            }
            let report = store.check()?;
            out.record(&report, |o| {
                o.line(&format!(
                    "{} ops from {} device(s).",
                    report.ops, report.devices
                ))?;
                report
                    .problems
                    .iter()
                    .try_for_each(|p| o.line(&format!("problem: {p}")))?;
                if report.is_healthy() {
                    o.line("Healthy.")
                } else {
                    Ok(())
                }
            })?;
            if report.is_healthy() {
                Ok(())
            } else {
                Err(Error::Corrupt(format!(
                    "{} problem(s) found",
                    report.problems.len()
                )))
            }
        }
        Command::Log { limit } => {
            let ops = store.ops(*limit, 0)?;
            if out.json {
                return out.json(&ops);
            }
            for op in &ops {
                out.line(&format!(
                    "{}#{:<6} {}  {} {} {}",
                    op.device_id,
                    op.seq,
                    print::local(op.hlc.to_datetime()),
                    op.record_kind,
                    op.record_id,
                    op.body.summary()
                ))?;
            }
            Ok(())
        }
        Command::Seed {
            cases,
            entries,
            reflections,
            cowork,
            seed,
        } => {
            let report = store.seed(SeedOptions {
                cases: *cases,
                entries: *entries,
                reflections: reflections.unwrap_or(entries / 5),
                cowork_notes: cowork.unwrap_or(entries / 5),
                seed: *seed,
                anchor: store.today(),
            })?;
            out.record(&report, |o| {
                o.line(&format!(
                    "Generated {} cases, {} people, {} entries, {} reflections, {} co-working notes, {} actions (synthetic).",
                    report.cases, report.people, report.entries, report.reflections, report.cowork_notes, report.actions
                ))
            })
        }
    }
}

/// Opens the casework in `dir`: unlocked with your passphrase. Casework from before encryption
/// at rest is refused until a passphrase is set, so nothing is written unencrypted.
fn open(dir: &Path, own: Option<&Path>) -> Result<Store> {
    match lock::state(dir)? {
        LockState::Locked => open_with(dir, &input::own_passphrase(own, false)?),
        _ => open_with(dir, ""),
    }
}

/// [`open`] with the passphrase already read.
fn open_with(dir: &Path, passphrase: &str) -> Result<Store> {
    match lock::state(dir)? {
        LockState::Empty => Err(Error::NotInitialised),
        LockState::Unencrypted => Err(Error::Refused(
            "this casework is not encrypted yet: set a passphrase first with `casecraft passphrase set` (or open the app)".into(),
        )),
        LockState::Locked => lock::unlock(dir, Unlock::Passphrase(passphrase)),
    }
}

/// `casecraft restore FILE`: over this profile's casework, or into an empty folder, which is set
/// up with your passphrase once the backup has been seen to open (a wrong one sets up nothing).
fn restore_backup(
    dir: &Path,
    out: &mut Out<'_>,
    own: Option<&Path>,
    file: &Path,
    args: &BackupPassphraseArgs,
) -> Result<()> {
    let empty = lock::state(dir)? == LockState::Empty;
    let own_pass = input::own_passphrase(own, empty)?;
    let backup_pass = input::backup_passphrase(args.backup_passphrase_file.as_deref())?
        .unwrap_or_else(|| own_pass.clone());
    let store = if empty {
        casecraft_core::backup::verify(file, &backup_pass)?;
        let (store, code) = lock::set_up(dir, &own_pass)?;
        // Shown now, before the restore: the passphrase is set whatever happens next (on
        // standard error when standard output carries JSON).
        if out.json {
            let mut err = std::io::stderr().lock();
            recovery_notice(
                &mut Out {
                    w: &mut err,
                    json: false,
                },
                &code.to_string(),
            )?;
        } else {
            recovery_notice(out, &code.to_string())?;
        }
        store
    } else {
        open_with(dir, &own_pass)?
    };
    let key = store.key().cloned();
    drop(store);
    let info = casecraft_core::backup::restore(dir, file, &backup_pass, key.as_ref())?;
    out.record(&info, |o| {
        o.line(&format!(
            "Restored the backup of {} ({} MiB). This device now writes under a new device id.",
            print::local(info.created_at),
            info.bytes / (1024 * 1024)
        ))
    })
}

fn placement(store: &mut Store, out: &mut Out<'_>, cmd: &PlacementCmd) -> Result<()> {
    use casecraft_core::placement::{NewObservation, NewPlacement, NewPlacementDay};
    let domains = |list: &[String]| -> Result<Vec<PcfDomain>> {
        list.iter().map(|d| PcfDomain::parse("pcf", d)).collect()
    };
    match cmd {
        PlacementCmd::New {
            setting,
            educator,
            start,
            days,
        } => {
            let p = store.create_placement(NewPlacement {
                setting: setting.clone(),
                educator: educator.clone(),
                started_on: input::opt_date("start", start.as_deref())?,
                required_days: *days,
            })?;
            out.record(&p, |o| print::placement(o, &p))
        }
        PlacementCmd::List => {
            let list = store.placements()?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line("No placement yet: `casecraft placement new --setting … --educator … --days 70`.");
            }
            list.iter().try_for_each(|p| print::placement(out, p))
        }
        PlacementCmd::LogDay {
            placement,
            date,
            text,
            text_file,
            pcf,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let d = store.log_placement_day(
                p.id,
                NewPlacementDay {
                    day: input::opt_date("date", date.as_deref())?,
                    activities: input::body(text.as_deref(), text_file.as_deref(), true)?
                        .unwrap_or_default(),
                    pcf: domains(pcf)?,
                },
            )?;
            out.record(&d, |o| {
                o.line(&format!(
                    "Logged {} for {} ({} of {} days).",
                    d.day,
                    p.setting,
                    p.days_logged + 1,
                    p.required_days
                ))
            })
        }
        PlacementCmd::Edit {
            placement,
            setting,
            educator,
            start,
            days,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let p = store.edit_placement(
                p.id,
                casecraft_core::placement::PlacementEdit {
                    setting: setting.clone(),
                    educator: educator.clone(),
                    started_on: input::opt_date("start", start.as_deref())?,
                    required_days: *days,
                },
            )?;
            out.record(&p, |o| print::placement(o, &p))
        }
        PlacementCmd::EditDay {
            day,
            placement,
            date,
            text,
            text_file,
            pcf,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let found =
                store.placement_day_on(p.id, casecraft_core::validate::date("day", day)?)?;
            let d = store.edit_placement_day(
                found.id,
                casecraft_core::placement::PlacementDayEdit {
                    day: input::opt_date("date", date.as_deref())?,
                    activities: input::body(text.as_deref(), text_file.as_deref(), false)?,
                    pcf: (!pcf.is_empty()).then(|| domains(pcf)).transpose()?,
                },
            )?;
            out.record(&d, |o| print::placement_day(o, &d))
        }
        PlacementCmd::Observations { placement } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let list = store.observations(Some(p.id))?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line(
                    "No observation yet: `casecraft placement observe --observer … --activity …`.",
                );
            }
            list.iter().try_for_each(|o| print::observation(out, o))
        }
        PlacementCmd::EditObservation {
            id,
            date,
            observer,
            activity,
            feedback,
            feedback_file,
            pcf,
        } => {
            let o = store.edit_observation(
                input::id("observation", id)?,
                casecraft_core::placement::ObservationEdit {
                    observed_on: input::opt_date("date", date.as_deref())?,
                    observer: observer.clone(),
                    activity: activity.clone(),
                    feedback: input::body(feedback.as_deref(), feedback_file.as_deref(), false)?,
                    pcf: (!pcf.is_empty()).then(|| domains(pcf)).transpose()?,
                },
            )?;
            out.record(&o, |w| print::observation(w, &o))
        }
        PlacementCmd::Delete { id } => {
            let kind = store.move_to_trash(input::id("id", id)?)?;
            out.line(&format!(
                "Moved the {kind} to the trash (`casecraft restore {id}` brings it back)."
            ))
        }
        PlacementCmd::Days { placement } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let days = store.placement_days(p.id)?;
            if out.json {
                return out.json(&days);
            }
            out.line(&format!(
                "{}: {} of {} days logged",
                p.setting, p.days_logged, p.required_days
            ))?;
            days.iter().try_for_each(|d| print::placement_day(out, d))
        }
        PlacementCmd::Observe {
            placement,
            date,
            observer,
            activity,
            feedback,
            feedback_file,
            pcf,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let o = store.add_observation(
                p.id,
                NewObservation {
                    observed_on: input::opt_date("date", date.as_deref())?,
                    observer: observer.clone(),
                    activity: activity.clone(),
                    feedback: input::body(feedback.as_deref(), feedback_file.as_deref(), true)?
                        .unwrap_or_default(),
                    pcf: domains(pcf)?,
                },
            )?;
            out.record(&o, |w| {
                w.line(&format!(
                    "Observation of {} on {} by {} recorded.",
                    o.activity, o.observed_on, o.observer
                ))
            })
        }
    }
}

fn supervision(store: &mut Store, out: &mut Out<'_>, cmd: &SupervisionCmd) -> Result<()> {
    use casecraft_core::action::NewAction;
    use casecraft_core::supervision::{NewSupervision, SupervisionFunction};
    match cmd {
        SupervisionCmd::New {
            supervisor,
            date,
            functions,
            notes,
            notes_file,
            decisions,
            reflections,
            actions,
            wellbeing_file,
        } => {
            let new = NewSupervision {
                occurred_on: input::opt_date("date", date.as_deref())?,
                supervisor: supervisor.clone(),
                functions: functions
                    .iter()
                    .map(|f| SupervisionFunction::parse("function", f))
                    .collect::<Result<_>>()?,
                notes: input::body(notes.as_deref(), notes_file.as_deref(), true)?
                    .unwrap_or_default(),
                decisions: decisions
                    .iter()
                    .map(|d| input::case_and_text("decision", d))
                    .collect::<Result<_>>()?,
                reflections: reflections
                    .iter()
                    .map(|r| input::id("reflection", r))
                    .collect::<Result<_>>()?,
                actions: actions
                    .iter()
                    .map(|a| {
                        let (case, text) = input::case_and_text("action", a)?;
                        let (text, due_on) = input::text_and_due("action", &text)?;
                        Ok((
                            case,
                            NewAction {
                                text,
                                due_on,
                                ..Default::default()
                            },
                        ))
                    })
                    .collect::<Result<_>>()?,
                wellbeing: wellbeing_file
                    .as_deref()
                    .map(|f| input::body(None, Some(f), false))
                    .transpose()?
                    .flatten(),
            };
            let s = store.create_supervision(new)?;
            out.record(&s, |o| print::supervision(o, &s))
        }
        SupervisionCmd::List { limit, offset } => {
            let list = store.list_supervisions(*limit, *offset)?;
            if out.json {
                return print::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line(
                    "No supervision sessions yet: `casecraft supervision new --supervisor NAME`.",
                );
            }
            list.iter()
                .try_for_each(|s| print::supervision_line(out, s))?;
            print::shown(out, &list, "sessions")
        }
        SupervisionCmd::Edit {
            id,
            supervisor,
            date,
            functions,
            notes,
            notes_file,
            reflections,
            wellbeing_file,
        } => {
            let edit = casecraft_core::supervision::SupervisionEdit {
                occurred_on: input::opt_date("date", date.as_deref())?,
                supervisor: supervisor.clone(),
                functions: (!functions.is_empty())
                    .then(|| {
                        functions
                            .iter()
                            .map(|f| SupervisionFunction::parse("function", f))
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?,
                notes: input::body(notes.as_deref(), notes_file.as_deref(), false)?,
                reflections: (!reflections.is_empty())
                    .then(|| {
                        reflections
                            .iter()
                            .map(|r| input::id("reflection", r))
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?,
                // An empty file is an empty section: it removes the one written before.
                wellbeing: wellbeing_file
                    .as_deref()
                    .map(|f| input::body(None, Some(f), false))
                    .transpose()?
                    .map(Option::unwrap_or_default),
            };
            let s = store.edit_supervision(input::id("id", id)?, edit)?;
            out.record(&s, |o| print::supervision(o, &s))
        }
        SupervisionCmd::Delete { id } => {
            let kind = store.move_to_trash(input::id("id", id)?)?;
            out.line(&format!(
                "Moved the {kind} to the trash (`casecraft restore {id}` brings it back)."
            ))
        }
        SupervisionCmd::Show { id } => {
            let s = store.supervision(input::id("id", id)?)?;
            out.record(&s, |o| print::supervision(o, &s))
        }
        SupervisionCmd::Closures { days } => {
            let list = store.closed_without_contact(*days)?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line(&format!(
                    "No case closed in the last {days} days without direct contact."
                ));
            }
            print::caseload(out, &list)
        }
        SupervisionCmd::Agenda => {
            let agenda = store.supervision_agenda()?;
            out.record(&agenda, |o| print::agenda(o, &agenda))
        }
    }
}

fn export(store: &Store, out: &mut Out<'_>, cmd: &ExportCmd) -> Result<()> {
    use casecraft_core::export::{self, DocumentFormat, DocumentKind};
    let today = store.today();
    // A document of one case: the record, its chronology, or its quality review.
    let case_document = |case: &str, kind: DocumentKind, format: &str, anonymise: bool| {
        let format = DocumentFormat::parse(kind, format)?;
        let export = store.export_case(input::id("case", case)?)?;
        export::document(&export, kind, format, anonymise, today, |id| {
            store.worker_name(id).ok().flatten()
        })
    };
    let (text, replacements, output) = match cmd {
        ExportCmd::Case {
            id,
            format,
            anonymise,
            preview,
            output,
        } => {
            let doc = case_document(id, DocumentKind::Record, format, *anonymise)?;
            if *preview {
                return print::replacements(out, doc.replacements.as_deref().unwrap_or(&[]));
            }
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Chronology {
            case,
            format,
            significant,
            anonymise,
            output,
        } => {
            let kind = DocumentKind::Chronology {
                significant: *significant,
            };
            let doc = case_document(case, kind, format, *anonymise)?;
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Quality {
            case,
            format,
            anonymise,
            output,
        } => {
            let doc = case_document(case, DocumentKind::Quality, format, *anonymise)?;
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Portfolio {
            format,
            anonymise,
            preview,
            output,
        } => {
            let html = match format.trim().to_lowercase().as_str() {
                "html" => true,
                "md" | "markdown" => false,
                _ => return Err(Error::invalid("format", "choose html or md")),
            };
            let anonymiser = anonymise.then(|| store.caseload_anonymiser()).transpose()?;
            let doc = store
                .portfolio(today)?
                .document(html, anonymiser.as_ref())?;
            if *preview {
                return print::replacements(out, doc.replacements.as_deref().unwrap_or(&[]));
            }
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Cpd {
            format,
            anonymise,
            preview,
            output,
        } => {
            let json = match format.trim().to_lowercase().as_str() {
                "md" | "markdown" => false,
                "json" => true,
                _ => return Err(Error::invalid("format", "choose md or json")),
            };
            let portfolio = store.portfolio(today)?;
            let entries = casecraft_core::portfolio::cpd_entries(&portfolio.reflections);
            let anonymiser = anonymise.then(|| store.caseload_anonymiser()).transpose()?;
            let doc = casecraft_core::portfolio::cpd_document(&entries, json, anonymiser.as_ref())?;
            if *preview {
                return print::replacements(out, doc.replacements.as_deref().unwrap_or(&[]));
            }
            (doc.text, doc.replacements, output)
        }
    };
    match output {
        // Like the app's *Save…*: a new file only, never one overwritten.
        Some(path) => export::save_new_file(&input::output_file(path)?, &text)?,
        None => write!(out.w, "{text}").map_err(|e| Error::Storage {
            action: "exported",
            reason: format!("standard output failed ({})", e.kind()),
        })?,
    }
    if let Some(list) = replacements {
        // The list goes to standard error, so the export itself can be piped on.
        let mut err = std::io::stderr().lock();
        let mut o = Out {
            w: &mut err,
            json: false,
        };
        print::replacements(&mut o, &list)?;
    }
    Ok(())
}

fn recovery_notice(o: &mut Out<'_>, code: &str) -> Result<()> {
    o.line("")?;
    o.line(&format!("Recovery code: {code}"))?;
    o.line(
        "Write it down and keep it somewhere safe, away from this device. It is shown only now;",
    )?;
    o.line("with it you can set a new passphrase if you forget yours. Without either, the casework cannot be opened.")
}

fn passphrase(
    dir: &Path,
    out: &mut Out<'_>,
    own: Option<&Path>,
    cmd: &PassphraseCmd,
) -> Result<()> {
    match cmd {
        PassphraseCmd::Set => {
            if lock::state(dir)? != LockState::Unencrypted {
                return Err(Error::Refused(
                    "there is no unencrypted casework here: `casecraft init` sets up a new profile, `casecraft passphrase change` changes a passphrase".into(),
                ));
            }
            let (_, code) = lock::set_up(dir, &input::own_passphrase(own, true)?)?;
            let code = code.to_string();
            out.record(&serde_json::json!({ "recoveryCode": &code }), |o| {
                o.line("Your casework is now encrypted with your passphrase.")?;
                recovery_notice(o, &code)
            })
        }
        PassphraseCmd::Change {
            new_passphrase_file,
        } => {
            let current = input::own_passphrase(own, false)?;
            let new = input::new_passphrase(new_passphrase_file.as_deref())?;
            lock::change_passphrase(dir, &current, &new)?;
            out.line("Passphrase changed. Your recovery code still works.")
        }
        PassphraseCmd::Recover {
            code_file,
            new_passphrase_file,
        } => {
            let code = input::recovery_code(code_file.as_deref())?;
            let new = input::new_passphrase(new_passphrase_file.as_deref())?;
            lock::recover(dir, &code, &new)?;
            out.line("New passphrase set. The old one no longer opens your casework; the recovery code still does.")
        }
    }
}

fn profile(store: &mut Store, out: &mut Out<'_>, cmd: &ProfileCmd) -> Result<()> {
    let p = match cmd {
        ProfileCmd::Show => store.require_profile()?,
        ProfileCmd::Edit { name, role } => store.edit_profile(ProfileEdit {
            display_name: name.clone(),
            role: role
                .as_deref()
                .map(|r| Role::parse("role", r))
                .transpose()?,
        })?,
    };
    out.record(&p, |o| {
        o.line(&format!(
            "{} ({}) · worker {} · device {}",
            p.display_name, p.role, p.worker_id, p.device_id
        ))
    })
}

fn case(store: &mut Store, out: &mut Out<'_>, cmd: &CaseCmd) -> Result<()> {
    match cmd {
        CaseCmd::New {
            subject,
            reference,
            summary,
            flags,
            tags,
            opened,
        } => {
            let c = store.create_case(NewCase {
                subject: subject.clone(),
                reference: reference.clone(),
                summary: summary.clone(),
                flags: flags.clone(),
                tags: tags.clone(),
                opened_on: input::opt_date("opened", opened.as_deref())?,
            })?;
            out.record(&c, |o| o.line(&c.id.to_string()))
        }
        CaseCmd::List {
            status,
            flag,
            tag,
            sort,
            limit,
            offset,
        } => {
            let sort = match sort.trim().to_lowercase().as_str() {
                "attention" => CaseSort::NeedsAttention,
                "name" => CaseSort::Name,
                "opened" => CaseSort::Opened,
                _ => return Err(Error::invalid("sort", "choose attention, name or opened")),
            };
            let list = store.list_cases(&CaseFilter {
                status: StatusFilter::parse("status", status)?,
                flag: flag.clone(),
                tag: tag.clone(),
                sort,
                limit: *limit,
                offset: *offset,
            })?;
            if out.json {
                return print::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            print::caseload(out, &list)?;
            print::shown(out, &list, "cases")
        }
        CaseCmd::Show { id } => {
            let c = store.case(input::id("case", id)?)?;
            out.record(&c, |o| print::case(o, &c))
        }
        CaseCmd::Edit {
            id,
            summary,
            reference,
            flags,
            tags,
            opened,
        } => {
            let clean = |v: &Option<Vec<String>>| {
                v.as_ref()
                    .map(|l| l.iter().filter(|s| !s.trim().is_empty()).cloned().collect())
            };
            let c = store.edit_case(
                input::id("case", id)?,
                CaseEdit {
                    reference: reference.clone(),
                    summary: summary.clone(),
                    flags: clean(flags),
                    tags: clean(tags),
                    opened_on: input::opt_date("opened", opened.as_deref())?,
                },
            )?;
            out.record(&c, |o| print::case(o, &c))
        }
        CaseCmd::Close { id, rationale } => {
            let c = store.close_case(input::id("case", id)?, rationale)?;
            out.record(&c, |o| {
                o.line(&format!("Closed case {} ({}).", c.id, c.subject))
            })
        }
        CaseCmd::Reopen { id, reason } => {
            let c = store.reopen_case(input::id("case", id)?, reason.as_deref())?;
            out.record(&c, |o| {
                o.line(&format!("Reopened case {} ({}).", c.id, c.subject))
            })
        }
        CaseCmd::Delete { id } => {
            let c = store.delete_case(input::id("case", id)?)?;
            out.record(&c, |o| {
                o.line(&format!(
                    "Moved case {} ({}) to the trash; `casecraft case restore {}` brings it back.",
                    c.id, c.subject, c.id
                ))
            })
        }
        CaseCmd::Restore { id } => {
            let c = store.restore_case(input::id("case", id)?)?;
            out.record(&c, |o| {
                o.line(&format!("Restored case {} ({}).", c.id, c.subject))
            })
        }
    }
}

fn person(store: &mut Store, out: &mut Out<'_>, cmd: &PersonCmd) -> Result<()> {
    match cmd {
        PersonCmd::Add {
            case,
            name,
            relationship,
            household,
            agency,
            born,
            notes,
            subject,
        } => {
            let p = store.add_person(
                input::id("case", case)?,
                NewPerson {
                    name: name.clone(),
                    relationship: relationship.clone(),
                    household: household.clone(),
                    agency: agency.clone(),
                    date_of_birth: input::opt_date("born", born.as_deref())?,
                    notes: notes.clone(),
                    is_subject: *subject,
                },
            )?;
            out.record(&p, |o| o.line(&p.id.to_string()))
        }
        PersonCmd::List { case } => {
            let people = store.list_people(input::id("case", case)?)?;
            if out.json {
                return out.json(&people);
            }
            people.iter().try_for_each(|p| print::person(out, p))
        }
    }
}

fn entry(store: &mut Store, out: &mut Out<'_>, cmd: &EntryCmd) -> Result<()> {
    match cmd {
        EntryCmd::Add {
            case,
            kind,
            fields,
            significant,
            complete,
        } => {
            let case = input::id("case", case)?;
            let mut new = NewEntry::new(EntryKind::parse("kind", kind)?);
            new.occurred_at = input::opt_moment("at", fields.at.as_deref())?;
            new.duration_minutes = fields.duration;
            new.location = fields.location.clone();
            new.participants = fields.participants.clone().unwrap_or_default();
            new.purpose = fields.purpose.clone();
            new.body = input::body(fields.body.as_deref(), fields.body_file.as_deref(), true)?
                .unwrap_or_default();
            new.voice = fields.voice.clone().unwrap_or_default();
            new.analysis = fields.analysis.clone().unwrap_or_default();
            new.significant = *significant;
            let mut e = store.create_entry(case, new)?;
            if *complete {
                e = store.complete_entry(e.id)?;
            }
            out.record(&e, |o| o.line(&e.id.to_string()))
        }
        EntryCmd::Edit {
            id,
            kind,
            fields,
            significant,
        } => {
            let edit = EntryEdit {
                kind: kind
                    .as_deref()
                    .map(|k| EntryKind::parse("kind", k))
                    .transpose()?,
                occurred_at: input::opt_moment("at", fields.at.as_deref())?,
                duration_minutes: fields.duration.map(Some),
                location: fields.location.clone(),
                participants: fields.participants.clone(),
                purpose: fields.purpose.clone(),
                body: input::body(fields.body.as_deref(), fields.body_file.as_deref(), false)?,
                voice: fields.voice.clone(),
                analysis: fields.analysis.clone(),
                significant: *significant,
            };
            let e = store.edit_entry(input::id("entry", id)?, edit)?;
            out.record(&e, |o| print::entry(o, &e))
        }
        EntryCmd::Delete { id } => {
            let e = store.delete_entry(input::id("entry", id)?)?;
            out.record(&e, |o| {
                o.line(&format!("Moved draft {} to the trash.", e.id))
            })
        }
        EntryCmd::Complete { id } => {
            let e = store.complete_entry(input::id("entry", id)?)?;
            out.record(&e, |o| {
                o.line(&format!(
                    "Completed entry {}; correct it from now on with an addendum.",
                    e.id
                ))
            })
        }
        EntryCmd::Addendum { id, text } => {
            let a = store.add_addendum(input::id("entry", id)?, text)?;
            out.record(&a, |o| o.line(&a.id.to_string()))
        }
        EntryCmd::List {
            case,
            significant,
            limit,
            offset,
        } => {
            let list = store.list_entries(
                input::id("case", case)?,
                &EntryFilter {
                    significant_only: *significant,
                    exclude_drafts: false,
                    limit: *limit,
                    offset: *offset,
                },
            )?;
            if out.json {
                return print::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line("No entries yet.");
            }
            list.iter().try_for_each(|e| print::entry_line(out, e))?;
            print::shown(out, &list, "entries")
        }
        EntryCmd::Show { id } => {
            let e = store.entry(input::id("entry", id)?)?;
            out.record(&e, |o| print::entry(o, &e))
        }
    }
}

fn reflect(store: &mut Store, out: &mut Out<'_>, cmd: &ReflectCmd) -> Result<()> {
    let domains = |list: &[String]| {
        list.iter()
            .map(|d| PcfDomain::parse("pcf", d))
            .collect::<Result<Vec<_>>>()
    };
    match cmd {
        ReflectCmd::New {
            model,
            case,
            entry,
            title,
            date,
            sections,
            pcf,
            tags,
            shared,
        } => {
            let mut new = NewReflection::new(Model::parse("model", model)?);
            new.case_id = input::opt_id("case", case.as_deref())?;
            new.entry_id = input::opt_id("entry", entry.as_deref())?;
            new.title = title.clone();
            new.occurred_on = input::opt_date("date", date.as_deref())?;
            new.sections = input::sections(sections)?;
            new.pcf = domains(pcf)?;
            new.tags = tags.clone();
            new.visibility = if *shared {
                Visibility::Shared
            } else {
                Visibility::Private
            };
            let r = store.create_reflection(new)?;
            out.record(&r, |o| o.line(&r.id.to_string()))
        }
        ReflectCmd::Edit {
            id,
            sections,
            title,
            pcf,
            visibility,
        } => {
            let r = store.edit_reflection(
                input::id("reflection", id)?,
                ReflectionEdit {
                    title: title.clone(),
                    pcf: pcf.as_deref().map(domains).transpose()?,
                    visibility: visibility
                        .as_deref()
                        .map(|v| Visibility::parse("visibility", v))
                        .transpose()?,
                    sections: input::sections(sections)?,
                    ..Default::default()
                },
            )?;
            out.record(&r, |o| print::reflection(o, &r))
        }
        ReflectCmd::List {
            model,
            pcf,
            case,
            from,
            to,
            limit,
            offset,
        } => {
            let list = store.list_reflections(&ReflectionFilter {
                model: model
                    .as_deref()
                    .map(|m| Model::parse("model", m))
                    .transpose()?,
                pcf: pcf
                    .as_deref()
                    .map(|d| PcfDomain::parse("pcf", d))
                    .transpose()?,
                case_id: input::opt_id("case", case.as_deref())?,
                from: input::opt_date("from", from.as_deref())?,
                to: input::opt_date("to", to.as_deref())?,
                limit: *limit,
                offset: *offset,
            })?;
            if out.json {
                return print::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line(
                    "No reflections yet. Start one with `casecraft reflect new --model gibbs`.",
                );
            }
            list.iter()
                .try_for_each(|r| print::reflection_line(out, r))?;
            print::shown(out, &list, "reflections")
        }
        ReflectCmd::Show { id } => {
            let r = store.reflection(input::id("reflection", id)?)?;
            out.record(&r, |o| print::reflection(o, &r))
        }
        ReflectCmd::Delete { id } => {
            let r = store.delete_reflection(input::id("reflection", id)?)?;
            out.record(&r, |o| {
                o.line(&format!("Moved reflection {} to the trash.", r.id))
            })
        }
    }
}

fn cowork(store: &mut Store, out: &mut Out<'_>, cmd: &CoworkCmd) -> Result<()> {
    match cmd {
        CoworkCmd::Add {
            case,
            kind,
            body,
            reply_to,
        } => {
            let n = store.add_cowork_note(
                input::id("case", case)?,
                NewCoworkNote {
                    kind: CoworkKind::parse("kind", kind)?,
                    body: body.clone(),
                    reply_to: input::opt_id("reply-to", reply_to.as_deref())?,
                },
            )?;
            out.record(&n, |o| o.line(&n.id.to_string()))
        }
        CoworkCmd::Amend { id, body } => {
            let n = store.amend_cowork_note(input::id("note", id)?, body)?;
            out.record(&n, |o| print::cowork(o, &n))
        }
        CoworkCmd::List { case } => {
            let list = store.list_cowork_notes(input::id("case", case)?)?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line("No co-working notes yet.");
            }
            list.iter().try_for_each(|n| print::cowork(out, n))
        }
    }
}

fn action(store: &mut Store, out: &mut Out<'_>, cmd: &ActionCmd) -> Result<()> {
    match cmd {
        ActionCmd::Add {
            case,
            text,
            due,
            owner,
        } => {
            let a = store.add_action(
                input::id("case", case)?,
                NewAction {
                    text: text.clone(),
                    owner: owner.clone(),
                    due_on: input::opt_date("due", due.as_deref())?,
                },
            )?;
            out.record(&a, |o| o.line(&a.id.to_string()))
        }
        ActionCmd::Done { id } => {
            let a = store.set_action_done(input::id("action", id)?, true)?;
            out.record(&a, |o| print::action(o, &a))
        }
        ActionCmd::List {
            case,
            all,
            limit,
            offset,
        } => {
            let list = store.list_actions(
                input::opt_id("case", case.as_deref())?,
                *all,
                *limit,
                *offset,
            )?;
            if out.json {
                return print::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line("No open actions.");
            }
            list.iter().try_for_each(|a| print::action(out, a))?;
            print::shown(out, &list, "actions")
        }
    }
}

fn search(store: &Store, out: &mut Out<'_>, args: &SearchArgs) -> Result<()> {
    let hits = store.search(&SearchQuery {
        text: args.query.clone(),
        case_id: input::opt_id("case", args.case.as_deref())?,
        kind: args.kind.as_deref().map(KindFilter::parse).transpose()?,
        tag: args.tag.clone(),
        from: input::opt_date("from", args.from.as_deref())?,
        to: input::opt_date("to", args.to.as_deref())?,
        significant: args.significant,
        limit: args.limit,
        offset: args.offset,
    })?;
    if out.json {
        return print::json_list(out, &hits, args.limit.is_some() || args.offset.is_some());
    }
    if hits.total == 0 {
        return out.line("Nothing found.");
    }
    hits.iter().try_for_each(|h| print::hit(out, h))?;
    print::shown(out, &hits, "results")
}

fn sync(store: &mut Store, out: &mut Out<'_>, cmd: &SyncCmd) -> Result<()> {
    match cmd {
        SyncCmd::Init { folder, passphrase } => {
            let folder = &input::folder(folder)?;
            let pass = input::passphrase(passphrase.sync_passphrase_file.as_deref(), true)?;
            let vault = casecraft_core::folder::init(store, folder, &pass)?;
            out.line(&format!(
                "Created vault {vault} in {}. On your other devices: `casecraft sync join {}` with the same passphrase.",
                folder.display(),
                folder.display()
            ))
        }
        SyncCmd::Join { folder, passphrase } => {
            let folder = &input::folder(folder)?;
            let pass = input::passphrase(passphrase.sync_passphrase_file.as_deref(), false)?;
            let vault = casecraft_core::folder::join(store, folder, &pass)?;
            out.line(&format!(
                "Joined vault {vault}; run `casecraft sync run` to sync."
            ))
        }
        SyncCmd::Run => {
            let r = casecraft_core::folder::run(store)?;
            out.record(&r, |o| {
                for w in &r.warnings {
                    o.line(&format!("warning: {w}"))?;
                }
                if r.pulled.new_device_id {
                    o.line("note: another installation was using this device's id (a copied folder or a restored backup); this device now has a new id")?;
                }
                o.line(&format!(
                    "Synced: {} change(s) received, {} sent, {} device(s) in the folder.",
                    r.pulled.applied, r.pushed, r.devices
                ))
            })
        }
        SyncCmd::Status => {
            let s = casecraft_core::folder::status(store)?;
            out.record(&s, |o| {
                let last = s
                    .last_sync
                    .map(print::local)
                    .unwrap_or_else(|| "never".into());
                o.line(&format!(
                    "{} change(s) not yet synced · last synced {last} · {} conflict(s) · folder {}",
                    s.pending,
                    s.conflicts,
                    s.folder.display()
                ))
            })
        }
    }
}

fn conflicts(store: &mut Store, out: &mut Out<'_>, cmd: &ConflictsCmd) -> Result<()> {
    match cmd {
        ConflictsCmd::List => {
            let list = store.conflicts()?;
            let merged = store.merged_bodies()?;
            let deletions = store.deletion_conflicts()?;
            let held = store.held_edits(None)?;
            if out.json {
                return out.json(&serde_json::json!({ "fields": list, "merged_bodies": merged, "deletions": deletions, "held_edits": held }));
            }
            if list.is_empty() && merged.is_empty() && deletions.is_empty() && held.is_empty() {
                return out.line("No conflicts.");
            }
            for h in &held {
                out.line(&format!(
                    "{} {} ({}) — edited by {} on a device that did not yet know it was completed ({}); not applied: `casecraft conflicts settle {} --addendum` (or `--discard`)",
                    h.kind,
                    h.record_id,
                    h.label,
                    h.authors.join(", "),
                    print::local(h.last_at),
                    h.record_id
                ))?;
                for f in &h.fields {
                    out.line(&format!("  {}: completed as {:?}", f.label, f.completed))?;
                    out.line(&format!("  {}: edited to   {:?}", f.label, f.edited))?;
                }
            }
            for d in &deletions {
                out.line(&format!(
                    "{} {} — deleted on one device while edited ({} change(s)) on another; kept for now: `casecraft conflicts resolve {} --field deleted --value keep` (or `--value delete`)",
                    d.kind, d.record_id, d.edits, d.record_id
                ))?;
            }
            for m in &merged {
                out.line(&format!(
                    "{} {} — {} merged from edits made on two devices: read it, then `casecraft conflicts resolve {} --field {} --reviewed`",
                    m.kind, m.record_id, m.field, m.record_id, m.field
                ))?;
            }
            for c in &list {
                out.line(&format!("{} {} — field {}", c.kind, c.record_id, c.field))?;
                for v in &c.values {
                    let who = v
                        .author_name
                        .clone()
                        .unwrap_or_else(|| v.author.to_string());
                    out.line(&format!(
                        "  value {}  {}  by {who}, {}",
                        v.op_id,
                        v.value,
                        print::local(v.at)
                    ))?;
                }
            }
            Ok(())
        }
        ConflictsCmd::Resolve {
            id,
            field,
            keep,
            value,
            reviewed,
        } => {
            let record = input::id("id", id)?;
            if *reviewed {
                store.mark_reviewed(record, field)?;
                return out.line(
                    "Marked as reviewed; the flag clears on your other devices with the next sync.",
                );
            }
            if field == "deleted" {
                let keep = match value.as_deref().map(str::trim) {
                    Some("keep") => true,
                    Some("delete") => false,
                    _ => {
                        return Err(Error::invalid(
                            "value",
                            "for a deletion conflict, give --value keep or --value delete",
                        ))
                    }
                };
                store.resolve_deletion(record, keep)?;
                return out
                    .line("Resolved; the choice syncs to your other devices with the next sync.");
            }
            match (keep, value) {
                (Some(k), _) => store.resolve_conflict(record, field, input::id("keep", k)?)?,
                (None, Some(v)) => {
                    let current = store
                        .conflicts()?
                        .into_iter()
                        .find(|c| c.record_id == record && c.field == *field)
                        .and_then(|c| c.values.first().map(|v| v.value.clone()));
                    let value = match current {
                        Some(serde_json::Value::Array(_)) => serde_json::Value::from(
                            v.split(',')
                                .map(|s| s.trim().to_string())
                                .filter(|s| !s.is_empty())
                                .collect::<Vec<_>>(),
                        ),
                        Some(serde_json::Value::Number(_)) => {
                            serde_json::Value::from(v.trim().parse::<i64>().map_err(|_| {
                                Error::invalid("value", "should be a whole number here")
                            })?)
                        }
                        _ => serde_json::Value::from(v.clone()),
                    };
                    store.resolve_conflict_with(record, field, value)?
                }
                (None, None) => {
                    return Err(Error::invalid(
                        "keep",
                        "give --keep VALUE_ID (from `casecraft conflicts list`) or --value TEXT",
                    ))
                }
            }
            out.line("Resolved; the choice syncs to your other devices with the next sync.")
        }
        ConflictsCmd::Settle {
            id,
            addendum,
            text,
            discard: _,
        } => {
            let record = input::id("id", id)?;
            let outcome = if *addendum {
                let text = match text {
                    Some(t) => t.clone(),
                    None => store
                        .held_edits(None)?
                        .into_iter()
                        .find(|h| h.record_id == record)
                        .map(|h| h.addendum_text(&casecraft_core::zone::Zone::worker()))
                        .unwrap_or_default(),
                };
                HeldOutcome::Addendum(text)
            } else {
                HeldOutcome::Discard
            };
            store.settle_held_edits(record, outcome)?;
            out.line(if *addendum {
                "Added as an addendum; it syncs to your other devices with the next sync."
            } else {
                "Discarded (the change log keeps them); this syncs to your other devices with the next sync."
            })
        }
    }
}
