//! Encrypted single-file backups of a whole store, and restoring them.
//!
//! A backup is made from a consistent snapshot (taken in one read transaction, so it can be taken
//! while the app runs and writes; encrypted with the store's own database key), then sealed in
//! 1 MiB chunks with XChaCha20-Poly1305 under a key derived from
//! the passphrase with Argon2id. Every chunk's associated data binds it to the backup's header,
//! its place in the file and whether it is the last, so a reordered, altered, truncated or
//! extended file fails to open. The database key travels inside the backup, sealed under the
//! backup's passphrase, so a backup restores into a profile whose key is another (after signing
//! out and setting up again): the restored store is re-encrypted with the profile's key. The
//! snapshot is only ever written inside the data folder, never beside the backup, and is
//! encrypted there too.
//!
//! Restoring verifies everything before it replaces anything: every chunk opens, the result is a
//! healthy store (`integrity_check` and a replay of its log), and it belongs to this profile.
//! Only then is the current database moved aside, the restored one put in its place, and the
//! moved-aside copy removed. The restored store takes a new device id, so its next changes never
//! reuse the numbers the old installation may already have published.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::crypto::{self, DbKey, KdfParams};
use crate::error::{io_reason, Error, Result};
use crate::files::durable::{write_atomically_with, Existing};
use crate::ids::Id;
use crate::store::{OpenOptions, Store, DB_FILE};

/// The first bytes of every backup file.
const MAGIC: &[u8] = b"CASECRAFT-BACKUP\n";
/// The backup format version: 2 holds an encrypted snapshot and its key; 1 (before encryption at
/// rest) a plain snapshot. Both are read.
pub const BACKUP_FORMAT: u32 = 2;
/// Plaintext bytes per sealed chunk.
const CHUNK: usize = 1024 * 1024;
/// The largest header accepted (it is a few hundred bytes).
const MAX_HEADER: u32 = 16 * 1024;
/// Sealed chunk = nonce (24) + plaintext + tag (16).
const SEAL_OVERHEAD: usize = 24 + 16;

/// What a backup holds, readable once it has been opened.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BackupInfo {
    /// The backup's own id.
    pub backup_id: Id,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// The profile (worker) it belongs to.
    pub worker_id: Id,
    /// The device it was made on.
    pub device_id: Id,
    /// The store's size when it was made.
    pub bytes: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    kdf: KdfParams,
    /// The info, sealed (it names the profile).
    info: String,
    /// The database key of the snapshot inside, sealed; absent when the store was not encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    db_key: Option<String>,
}

const INFO_AD: &[u8] = b"casecraft-backup-info|1";
const DB_KEY_AD: &[u8] = b"casecraft-backup-db-key|1";

/// Makes an encrypted backup of `store` at `dest`. Refuses to overwrite an existing file.
pub fn create(store: &Store, dest: &Path, passphrase: &str) -> Result<BackupInfo> {
    crypto::check_passphrase(passphrase)?;
    let profile = store.profile()?.ok_or(Error::NotInitialised)?;
    if dest.exists() {
        return Err(exists_already(dest));
    }
    let data_dir = store.path().parent().unwrap_or_else(|| Path::new("."));
    let snapshot = data_dir.join(format!(".backup-snapshot-{}.db", Id::new()));
    let result = (|| {
        // The snapshot is encrypted under a key of its own, sealed into this backup only.
        let snapshot_key = store.key().map(|_| DbKey::random());
        store.snapshot_into(&snapshot, snapshot_key.as_ref().unwrap_or(&DbKey::random()))?;
        let info = BackupInfo {
            backup_id: Id::new(),
            created_at: Utc::now(),
            worker_id: profile.worker_id,
            device_id: profile.device_id,
            bytes: fs::metadata(&snapshot).map(|m| m.len()).unwrap_or(0),
        };
        write_sealed(&snapshot, dest, passphrase, &info, snapshot_key.as_ref())?;
        Ok(info)
    })();
    for suffix in ["", "-journal"] {
        let _ = fs::remove_file(with_suffix(&snapshot, suffix));
    }
    result
}

/// Opens and checks a backup without restoring it: every chunk must open.
pub fn verify(src: &Path, passphrase: &str) -> Result<BackupInfo> {
    read_sealed(src, passphrase, &mut std::io::sink()).map(|(info, _)| info)
}

/// Restores the backup `src` into `data_dir`, replacing its store only once the backup has been
/// verified whole and healthy. A store holding another profile is refused. `key` is the
/// profile's database key (`None` for an unencrypted store): the restored store is encrypted
/// with it whatever key it was backed up under.
pub fn restore(
    data_dir: &Path,
    src: &Path,
    passphrase: &str,
    key: Option<&DbKey>,
) -> Result<BackupInfo> {
    crate::files::owner_only::folder(data_dir).map_err(|e| restore_io(&e))?;
    let mut staged = data_dir.join(format!(".restore-{}.db", Id::new()));
    let mut leftovers = vec![staged.clone()];
    let result = (|| {
        let (info, backup_key) = {
            let file = private_file(&staged).map_err(|e| restore_io(&e))?;
            let mut out = BufWriter::new(file);
            let opened = read_sealed(src, passphrase, &mut out)?;
            let file = out.into_inner().map_err(|e| restore_io(e.error()))?;
            file.sync_all().map_err(|e| restore_io(&e))?;
            opened
        };
        if backup_key.as_ref() != key {
            let Some(key) = key else {
                return Err(Error::Refused(
                    "this backup is of encrypted casework: set a passphrase for this profile first, then restore; nothing was changed".into(),
                ));
            };
            let rekeyed = data_dir.join(format!(".restore-{}.db", Id::new()));
            leftovers.push(rekeyed.clone());
            Store::export_encrypted(&staged, backup_key.as_ref(), &rekeyed, key)?;
            staged = rekeyed;
        }
        let keyed = OpenOptions {
            key: key.cloned(),
            ..OpenOptions::default()
        };
        let current = data_dir.join(DB_FILE);
        if current.exists() {
            let store = Store::open(&current, &keyed)?;
            if let Some(p) = store.profile()? {
                if p.worker_id != info.worker_id {
                    return Err(Error::Refused(format!(
                        "this backup belongs to another profile than {}'s; nothing was changed (restore it into an empty data folder)",
                        p.display_name
                    )));
                }
            }
        }
        {
            let mut restored = Store::open(&staged, &keyed)?;
            let check = restored.check()?;
            if !check.is_healthy() {
                return Err(Error::Corrupt(format!(
                    "the backup opened but its contents are not healthy ({}); nothing was changed",
                    check.problems.join("; ")
                )));
            }
            if restored.profile()?.map(|p| p.worker_id) != Some(info.worker_id) {
                return Err(Error::Corrupt(
                    "the backup's contents do not match its header; nothing was changed".into(),
                ));
            }
            restored.take_new_device_id()?;
        }
        Store::claim_exclusive(data_dir, key)?;
        swap_in(data_dir, &staged)?;
        Ok(info)
    })();
    for leftover in &leftovers {
        if result.is_err() || *leftover != staged {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = fs::remove_file(with_suffix(leftover, suffix));
            }
        }
    }
    result
}

/// A new file only its owner can read (a restore of a backup from before encryption stages a
/// plaintext store in it for a moment).
fn private_file(path: &Path) -> std::io::Result<File> {
    crate::files::owner_only::create_new(path)
}

/// Puts the staged store in place of the current one: the current files are moved aside first
/// and removed only once the staged one is in place (put back if that fails).
fn swap_in(data_dir: &Path, staged: &Path) -> Result<()> {
    let current = data_dir.join(DB_FILE);
    let aside = data_dir.join(format!(".before-restore-{}.db", Id::new()));
    let had_current = current.exists();
    if had_current {
        fs::rename(&current, &aside).map_err(|e| restore_io(&e))?;
    }
    if let Err(e) = fs::rename(staged, &current) {
        if had_current {
            let _ = fs::rename(&aside, &current);
        }
        return Err(restore_io(&e));
    }
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(with_suffix(&current, suffix));
        let _ = fs::remove_file(with_suffix(&aside, suffix));
        let _ = fs::remove_file(with_suffix(staged, suffix));
    }
    if let Ok(dir) = File::open(data_dir) {
        let _ = dir.sync_all();
    }
    if had_current {
        let _ = fs::remove_file(&aside);
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn write_sealed(
    plain: &Path,
    dest: &Path,
    passphrase: &str,
    info: &BackupInfo,
    db_key: Option<&DbKey>,
) -> Result<()> {
    let kdf = KdfParams::fresh();
    let key = crypto::derive(passphrase, &kdf)?;
    let info_json = serde_json::to_vec(info)?;
    let header = Header {
        format: BACKUP_FORMAT,
        info: b64().encode(crypto::seal(&key, INFO_AD, &info_json)?),
        db_key: db_key
            .map(|k| crypto::seal(&key, DB_KEY_AD, k.as_bytes()).map(|s| b64().encode(s)))
            .transpose()?,
        kdf,
    };
    let header_bytes = serde_json::to_vec(&header)?;
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let w = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists_already(dest)
        } else {
            io("write the backup to", dir, &e)
        }
    };
    write_atomically_with(dest, Existing::Keep, w, |out| {
        out.write_all(MAGIC).map_err(w)?;
        let len = u32::try_from(header_bytes.len())
            .map_err(|_| Error::Corrupt("backup header too large".into()))?;
        out.write_all(&len.to_le_bytes()).map_err(w)?;
        out.write_all(&header_bytes).map_err(w)?;
        let r = |e: std::io::Error| Error::Storage {
            action: "backed up",
            reason: format!("its snapshot could not be read: {}", io_reason(&e)),
        };
        let mut reader = BufReader::new(File::open(plain).map_err(r)?);
        let mut chunk = vec![0u8; CHUNK];
        let mut filled = read_full(&mut reader, &mut chunk).map_err(r)?;
        let mut index = 0u64;
        loop {
            // A chunk is sealed as the last one when nothing follows it.
            let mut following = vec![0u8; CHUNK];
            let next = if filled == CHUNK {
                read_full(&mut reader, &mut following).map_err(r)?
            } else {
                0
            };
            let last = next == 0;
            let sealed = crypto::seal(
                &key,
                &chunk_ad(&header_bytes, index, last),
                &chunk[..filled],
            )?;
            let sealed_len = u32::try_from(sealed.len())
                .map_err(|_| Error::Corrupt("backup chunk too large".into()))?;
            out.write_all(&sealed_len.to_le_bytes()).map_err(w)?;
            out.write_all(&sealed).map_err(w)?;
            if last {
                return Ok(());
            }
            chunk = following;
            filled = next;
            index += 1;
        }
    })
}

/// Opens `src`, writing the snapshot to `out` chunk by chunk as each is verified; returns the
/// info and the snapshot's database key.
fn read_sealed(
    src: &Path,
    passphrase: &str,
    out: &mut impl Write,
) -> Result<(BackupInfo, Option<DbKey>)> {
    let file = File::open(src).map_err(|e| {
        Error::invalid(
            "file",
            format!(
                "{} could not be opened ({}); check the path",
                src.display(),
                e.kind()
            ),
        )
    })?;
    read_from(&mut BufReader::new(file), src, passphrase, out)
}

/// Checks a backup read from `r` (named `src` in messages) without writing its contents
/// anywhere: the reader the fuzz targets drive.
pub fn verify_from(r: &mut impl Read, src: &Path, passphrase: &str) -> Result<BackupInfo> {
    read_from(r, src, passphrase, &mut std::io::sink()).map(|(info, _)| info)
}

fn read_from(
    r: &mut impl Read,
    src: &Path,
    passphrase: &str,
    out: &mut impl Write,
) -> Result<(BackupInfo, Option<DbKey>)> {
    let mut magic = vec![0u8; MAGIC.len()];
    if r.read_exact(&mut magic).is_err() || magic != MAGIC {
        return Err(Error::invalid(
            "file",
            format!("{} is not a Casecraft backup", src.display()),
        ));
    }
    let len = read_u32(r).ok_or_else(|| damaged(src))?;
    if len > MAX_HEADER {
        return Err(damaged(src));
    }
    let mut header_bytes = vec![0u8; len as usize];
    r.read_exact(&mut header_bytes).map_err(|_| damaged(src))?;
    let header: Header = serde_json::from_slice(&header_bytes).map_err(|_| damaged(src))?;
    if !(1..=BACKUP_FORMAT).contains(&header.format) {
        return Err(Error::Refused(format!(
            "this backup uses format {}, which this version of Casecraft does not know; update Casecraft",
            header.format
        )));
    }
    let key = crypto::derive(passphrase, &header.kdf).map_err(|_| damaged(src))?;
    let sealed_info = b64().decode(&header.info).map_err(|_| damaged(src))?;
    let info_json = crypto::open(&key, INFO_AD, &sealed_info).map_err(|()| {
        Error::invalid(
            "passphrase",
            "does not open this backup; check it and try again",
        )
    })?;
    let info: BackupInfo = serde_json::from_slice(&info_json).map_err(|_| damaged(src))?;
    let db_key = match &header.db_key {
        None => None,
        Some(sealed) => {
            let sealed = b64().decode(sealed).map_err(|_| damaged(src))?;
            let raw = crypto::open(&key, DB_KEY_AD, &sealed).map_err(|()| damaged(src))?;
            Some(DbKey::from_slice(&raw).ok_or_else(|| damaged(src))?)
        }
    };
    let mut index = 0u64;
    loop {
        let Some(sealed_len) = read_u32(r) else {
            return Err(truncated(src));
        };
        if sealed_len as usize > CHUNK + SEAL_OVERHEAD {
            return Err(damaged(src));
        }
        let mut sealed = vec![0u8; sealed_len as usize];
        r.read_exact(&mut sealed).map_err(|_| truncated(src))?;
        // A chunk opens as the last one or as one in the middle, never both.
        if let Ok(plain) = crypto::open(&key, &chunk_ad(&header_bytes, index, true), &sealed) {
            out.write_all(&plain)
                .map_err(|e| io("restore from", src, &e))?;
            let mut extra = [0u8; 1];
            if r.read(&mut extra).map_err(|e| io("read", src, &e))? != 0 {
                return Err(damaged(src));
            }
            return Ok((info, db_key));
        }
        let plain = crypto::open(&key, &chunk_ad(&header_bytes, index, false), &sealed)
            .map_err(|()| damaged(src))?;
        out.write_all(&plain)
            .map_err(|e| io("restore from", src, &e))?;
        index += 1;
    }
}

fn chunk_ad(header: &[u8], index: u64, last: bool) -> Vec<u8> {
    let mut ad = b"casecraft-backup-chunk|1|".to_vec();
    ad.extend_from_slice(header);
    ad.extend_from_slice(&index.to_le_bytes());
    ad.push(u8::from(last));
    ad
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn read_u32(r: &mut impl Read) -> Option<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b).ok()?;
    Some(u32::from_le_bytes(b))
}

fn damaged(src: &Path) -> Error {
    Error::Corrupt(format!(
        "the backup {} is damaged or was altered; nothing was restored (use another copy)",
        src.display()
    ))
}

fn truncated(src: &Path) -> Error {
    Error::Corrupt(format!(
        "the backup {} is incomplete (cut short while copying?); nothing was restored (use another copy)",
        src.display()
    ))
}

/// A failure in the data folder while restoring: named as such, without its (internal) path.
fn restore_io(e: &std::io::Error) -> Error {
    Error::Storage {
        action: "restored",
        reason: format!("the data folder could not be written: {}", io_reason(e)),
    }
}

/// The backup's file is there already (before the backup began or since).
fn exists_already(dest: &Path) -> Error {
    Error::invalid(
        "file",
        format!(
            "{} already exists; choose a new name so no earlier backup is overwritten",
            dest.display()
        ),
    )
}

fn io(action: &str, path: &Path, e: &std::io::Error) -> Error {
    Error::Storage {
        action: "backed up",
        reason: format!("could not {action} {}: {}", path.display(), io_reason(e)),
    }
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}
