//! The folder sync target: any folder (USB stick, network drive, a synced
//! cloud folder) holding `vault.json` and, per device, immutable encrypted
//! segments of its log and an atomically replaced `head`. Each device
//! writes only under its own directory, so there are no write conflicts and
//! no locks; nothing in the folder is ever deleted by Casecraft.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files::durable::write_atomically;
use crate::ids::Id;
use crate::op::Op;
use crate::store::sync::SyncSettings;
use crate::store::Store;
use crate::sync::vault::{open_segment, seal_segment, VaultFile};
use crate::sync::ImportReport;

/// Most ops in one segment.
const SEGMENT_OPS: u32 = 2_000;

/// What one sync round did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// What was taken from other devices.
    pub pulled: ImportReport,
    /// Ops of this device written to the folder.
    pub pushed: u64,
    /// Devices found in the folder.
    pub devices: usize,
    /// Things a person should know that did not stop the round.
    pub warnings: Vec<String>,
}

/// Where sync stands, for a status line.
#[derive(Debug, Clone, Serialize)]
pub struct SyncStatus {
    /// The folder.
    pub folder: PathBuf,
    /// The vault.
    pub vault_id: Id,
    /// When the last round finished.
    pub last_sync: Option<DateTime<Utc>>,
    /// Changes made here and not yet in the folder.
    pub pending: u64,
    /// Things waiting for a person after sync: conflicting values, merged
    /// bodies to review, records deleted on one device and edited on another.
    pub conflicts: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct HeadFile {
    device_id: Id,
    last_seq: u64,
}

/// Creates a vault in an empty (or new) folder and sets this device up on it.
pub fn init(store: &mut Store, folder: &Path, passphrase: &str) -> Result<Id> {
    store.require_profile()?;
    crate::files::whole_path("folder", folder, "/media/usb/casecraft")?;
    if folder.join("vault.json").exists() {
        return Err(Error::Refused(
            "that folder already holds a Casecraft vault; join it with `casecraft sync join FOLDER`".into(),
        ));
    }
    fs::create_dir_all(folder.join("devices")).map_err(|e| io("set up", folder, &e))?;
    let (vault, key) = VaultFile::create(passphrase)?;
    let text = serde_json::to_string_pretty(&vault)?;
    write_atomically(&folder.join("vault.json"), text.as_bytes())
        .map_err(|e| io("set up", folder, &e))?;
    store.save_sync_settings(&SyncSettings {
        folder: folder.to_path_buf(),
        vault_id: vault.vault_id,
        key,
        last_sync: None,
    })?;
    Ok(vault.vault_id)
}

/// Joins the vault in `folder` with its passphrase.
pub fn join(store: &mut Store, folder: &Path, passphrase: &str) -> Result<Id> {
    store.require_profile()?;
    crate::files::whole_path("folder", folder, "/media/usb/casecraft")?;
    let vault = read_vault(folder)?;
    if let Some(current) = store.sync_settings()? {
        if current.vault_id != vault.vault_id {
            return Err(Error::Refused(
                "this device already syncs with another vault; Casecraft syncs with one vault per profile".into(),
            ));
        }
    }
    let key = vault.unlock(passphrase)?;
    store.save_sync_settings(&SyncSettings {
        folder: folder.to_path_buf(),
        vault_id: vault.vault_id,
        key,
        last_sync: None,
    })?;
    Ok(vault.vault_id)
}

/// Where sync stands.
pub fn status(store: &Store) -> Result<SyncStatus> {
    let s = settings(store)?;
    let heads = store.heads()?;
    let mut pending = 0;
    for id in own_ids(store)? {
        let local = heads.get(&id).copied().unwrap_or(0);
        let published = published_seq(&s.folder.join("devices").join(id.to_string())).unwrap_or(0);
        pending += local.saturating_sub(published);
    }
    Ok(SyncStatus {
        folder: s.folder.clone(),
        vault_id: s.vault_id,
        last_sync: s.last_sync,
        pending,
        conflicts: store.to_review()?,
    })
}

/// One round: verify and take every device's new segments (all or
/// nothing), then write this device's new ops. Re-running is a no-op; an
/// interrupted round resumes.
pub fn run(store: &mut Store) -> Result<SyncReport> {
    let mut s = settings(store)?;
    let vault = read_vault(&s.folder)?;
    if vault.vault_id != s.vault_id {
        return Err(Error::Refused(format!(
            "the folder {} holds another vault than the one this device joined; nothing was changed (check the folder, or join that vault)",
            s.folder.display()
        )));
    }
    let mut report = SyncReport::default();
    let heads = store.heads()?;
    let devices_dir = s.folder.join("devices");
    let mut incoming: Vec<Op> = Vec::new();
    let entries = fs::read_dir(&devices_dir).map_err(|e| io("read", &devices_dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io("read", &devices_dir, &e))?;
        let Some(device) = entry
            .file_name()
            .to_str()
            .and_then(|n| Id::parse("device", n).ok())
        else {
            continue;
        };
        report.devices += 1;
        let dir = entry.path();
        let held = heads.get(&device).copied().unwrap_or(0);
        let mut next = held + 1;
        for (first, last, path) in segments(&dir)? {
            if last < next {
                continue;
            }
            if first > next {
                report.warnings.push(format!(
                    "device {device}'s changes {next} to {} are not in the folder yet; they will come with a later sync",
                    first - 1
                ));
                break;
            }
            let bytes = fs::read(&path).map_err(|e| io("read", &path, &e))?;
            let plain = open_segment(&s.key, s.vault_id, device, first, last, &bytes)
                .map_err(|_| bad_segment(&path))?;
            let ops: Vec<Op> = serde_json::from_slice(&plain).map_err(|_| bad_segment(&path))?;
            let expected: Vec<u64> = (first..=last).collect();
            let seqs: Vec<u64> = ops.iter().map(|o| o.seq).collect();
            if seqs != expected || ops.iter().any(|o| o.device_id != device) {
                return Err(bad_segment(&path));
            }
            incoming.extend(ops.into_iter().filter(|o| o.seq >= next));
            next = last + 1;
        }
        if let Ok(text) = fs::read_to_string(dir.join("head")) {
            if let Ok(head) = serde_json::from_str::<HeadFile>(&text) {
                if head.last_seq >= next {
                    report.warnings.push(format!(
                        "device {device}'s head says {} changes but its segments hold {}; the folder may still be copying",
                        head.last_seq,
                        next - 1
                    ));
                }
            }
        }
    }
    report.pulled = store.import_ops(incoming)?;
    report.pushed = push(store, &s)?;
    s.last_sync = Some(Utc::now());
    store.save_sync_settings(&s)?;
    Ok(report)
}

/// This installation's device ids: the current one first, then any it wrote under before (a
/// restore gives a new id; what the old one wrote may not be in the folder yet).
fn own_ids(store: &Store) -> Result<Vec<Id>> {
    let mut ids = vec![store.device_id()?];
    ids.extend(store.retired_device_ids()?);
    Ok(ids)
}

/// Writes every op of this installation that the folder lacks as new segments, then the
/// current id's head (a retired id's head belongs to whoever still writes under it, if anyone).
fn push(store: &Store, s: &SyncSettings) -> Result<u64> {
    let me = store.device_id()?;
    let mut pushed = 0;
    for id in own_ids(store)? {
        pushed += push_device(store, s, id, id == me)?;
    }
    Ok(pushed)
}

fn push_device(store: &Store, s: &SyncSettings, me: Id, write_head: bool) -> Result<u64> {
    let dir = s.folder.join("devices").join(me.to_string());
    fs::create_dir_all(&dir).map_err(|e| io("write to", &dir, &e))?;
    let mut published = published_seq(&dir)?;
    let mut pushed = 0u64;
    loop {
        let ops = store.ops_after(me, published, SEGMENT_OPS)?;
        let (Some(first), Some(last)) = (ops.first().map(|o| o.seq), ops.last().map(|o| o.seq))
        else {
            break;
        };
        let plain = serde_json::to_vec(&ops)?;
        let sealed = seal_segment(&s.key, s.vault_id, me, first, last, &plain)?;
        let path = dir.join(segment_name(first, last));
        write_atomically(&path, &sealed).map_err(|e| io("write to", &dir, &e))?;
        published = last;
        pushed += ops.len() as u64;
    }
    if write_head {
        let head = serde_json::to_vec(&HeadFile {
            device_id: me,
            last_seq: published,
        })?;
        write_atomically(&dir.join("head"), &head).map_err(|e| io("write to", &dir, &e))?;
    }
    Ok(pushed)
}

/// The highest seq covered by this directory's segments with no gap from 1.
fn published_seq(dir: &Path) -> Result<u64> {
    let mut next = 1;
    for (first, last, _) in segments(dir)? {
        if first > next {
            break;
        }
        next = next.max(last + 1);
    }
    Ok(next - 1)
}

/// The segments in a device directory, by first seq.
fn segments(dir: &Path) -> Result<Vec<(u64, u64, PathBuf)>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io("read", dir, &e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| io("read", dir, &e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(range) = name
            .strip_prefix("seg-")
            .and_then(|n| n.strip_suffix(".ccs"))
        else {
            continue;
        };
        let Some((a, b)) = range.split_once('-') else {
            continue;
        };
        if let (Ok(first), Ok(last)) = (a.parse::<u64>(), b.parse::<u64>()) {
            if first >= 1 && last >= first {
                out.push((first, last, entry.path()));
            }
        }
    }
    out.sort_by_key(|(first, last, _)| (*first, *last));
    Ok(out)
}

fn segment_name(first: u64, last: u64) -> String {
    format!("seg-{first:012}-{last:012}.ccs")
}

fn settings(store: &Store) -> Result<SyncSettings> {
    store.sync_settings()?.ok_or_else(|| {
        Error::Refused("this device has no sync folder yet: set one up with `casecraft sync init FOLDER` or `casecraft sync join FOLDER`".into())
    })
}

fn read_vault(folder: &Path) -> Result<VaultFile> {
    if !folder.is_dir() {
        return Err(Error::Refused(format!(
            "the sync folder {} cannot be reached (is the drive connected?); nothing was changed",
            folder.display()
        )));
    }
    match fs::read_to_string(folder.join("vault.json")) {
        Ok(text) => VaultFile::parse(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::Refused(format!(
            "the sync folder {} has no vault.json: it looks empty or is not a Casecraft sync folder (is the drive mounted, or the cloud folder still downloading?); nothing was changed or deleted",
            folder.display()
        ))),
        Err(e) => Err(io("read", folder, &e)),
    }
}

fn bad_segment(path: &Path) -> Error {
    Error::Corrupt(format!(
        "the sync segment {} is damaged or was not written by this vault (truncated, altered or foreign); nothing was applied. Move that file out of the folder: the device that wrote it writes it again at its next sync",
        path.display()
    ))
}

fn io(action: &'static str, path: &Path, e: &std::io::Error) -> Error {
    Error::Storage {
        action: "synced",
        reason: format!(
            "could not {action} {}: {}",
            path.display(),
            crate::error::io_reason(e)
        ),
    }
}
