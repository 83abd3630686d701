//! Encryption at rest as a person meets it (DESIGN §5): setting a passphrase (and being shown
//! the recovery code once), unlocking, changing the passphrase, recovering with the code, and
//! encrypting a store made before encryption existed.
//!
//! The database is a SQLCipher file opened with the key ring's random key ([`crate::protection::keyring`]);
//! the passphrase and the recovery code only unseal that key, so changing the passphrase
//! re-encrypts nothing. Wrong passphrases and codes are slowed down: after a few, each further
//! attempt waits longer ([`delay_after`]), counted in a small file beside the database so that
//! restarting the app does not reset it.

use std::fs;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::crypto::DbKey;
use crate::error::{Error, Result};
use crate::files::durable::write_atomically;
use crate::ids::Id;
use crate::protection::keyring::{KeyRing, RecoveryCode, Unlock};
use crate::store::{is_plaintext, OpenOptions, Store, DB_FILE};

/// The file counting wrong attempts since the last unlock.
pub const ATTEMPTS_FILE: &str = "unlock-attempts.json";
/// Wrong attempts allowed without any wait.
const FREE_ATTEMPTS: u32 = 3;
/// The longest wait between attempts.
const MAX_DELAY: Duration = Duration::from_secs(300);

/// What the data folder holds, before anything is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LockState {
    /// Nothing yet: first run.
    Empty,
    /// A store from before encryption at rest, with no passphrase: it is encrypted when one is
    /// set.
    Unencrypted,
    /// An encrypted store: the passphrase (or the recovery code) opens it.
    Locked,
}

/// What the data folder in `dir` holds.
pub fn state(dir: &Path) -> Result<LockState> {
    if KeyRing::load(dir)?.is_some() {
        Ok(LockState::Locked)
    } else if dir.join(DB_FILE).exists() {
        Ok(LockState::Unencrypted)
    } else {
        Ok(LockState::Empty)
    }
}

/// Sets the first passphrase of the profile in `dir`: a new database key sealed by it and by a
/// recovery code, returned to be shown once. An existing unencrypted store is encrypted
/// (copied, verified, then put in place); a new one is created encrypted.
pub fn set_up(dir: &Path, passphrase: &str) -> Result<(Store, RecoveryCode)> {
    if KeyRing::load(dir)?.is_some() {
        return Err(Error::Refused(
            "this casework already has a passphrase; change it in Settings (or `casecraft passphrase change`)".into(),
        ));
    }
    let (ring, key, code) = KeyRing::create(passphrase)?;
    crate::files::owner_only::folder(dir).map_err(|e| {
        Error::storage(
            "opened",
            format!("its data folder could not be created ({})", e.kind()),
        )
    })?;
    if dir.join(DB_FILE).exists() {
        encrypt_existing(dir, &key, Some(&ring))?;
    } else {
        ring.save_new(dir)?;
    }
    let store = match open_with_key(dir, &key) {
        Ok(store) => store,
        Err(e) => {
            // Nothing was written under the new key that the code (never shown) would be needed
            // for: take the key ring back so set-up can simply be tried again.
            if !dir.join(DB_FILE).exists() || is_plaintext(&dir.join(DB_FILE)).unwrap_or(false) {
                let _ = fs::remove_file(dir.join(crate::protection::keyring::KEY_FILE));
            }
            return Err(e);
        }
    };
    tracing::info!("passphrase set");
    Ok((store, code))
}

/// Opens the encrypted store in `dir` with the passphrase or the recovery code. Refused without
/// trying while the wait after earlier wrong attempts is not over.
pub fn unlock(dir: &Path, with: Unlock<'_>) -> Result<Store> {
    let key = unseal(dir, with, Utc::now())?;
    open_with_key(dir, &key)
}

/// Opens the store with the recovery code and seals its key under a new passphrase (the
/// forgotten one no longer opens it; the code still does).
pub fn recover(dir: &Path, code: &str, new_passphrase: &str) -> Result<Store> {
    crate::crypto::check_passphrase(new_passphrase)?;
    let key = unseal(dir, Unlock::Recovery(code), Utc::now())?;
    let ring = load_ring(dir)?.with_new_passphrase(Unlock::Recovery(code), new_passphrase)?;
    ring.save(dir)?;
    tracing::info!("passphrase reset with the recovery code");
    open_with_key(dir, &key)
}

/// Changes the passphrase: the key is sealed again, nothing is re-encrypted.
pub fn change_passphrase(dir: &Path, current: &str, new_passphrase: &str) -> Result<()> {
    crate::crypto::check_passphrase(new_passphrase)?;
    // A wrong current passphrase is named as such, apart from a new one that is too short.
    unseal(dir, Unlock::Passphrase(current), Utc::now()).map_err(|e| match e {
        Error::Invalid { message, .. } => Error::invalid("current passphrase", message),
        other => other,
    })?;
    let ring = load_ring(dir)?.with_new_passphrase(Unlock::Passphrase(current), new_passphrase)?;
    ring.save(dir)?;
    tracing::info!("passphrase changed");
    Ok(())
}

/// How long to wait before the next attempt after `failures` wrong ones in a row: none for the
/// first few, then one second doubling each time, at most five minutes.
pub fn delay_after(failures: u32) -> Duration {
    if failures < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Attempts {
    failures: u32,
    last_failure: Option<DateTime<Utc>>,
}

impl Attempts {
    fn load(dir: &Path) -> Attempts {
        // A damaged or unreadable count starts again from the free attempts' end, never from zero.
        match fs::read_to_string(dir.join(ATTEMPTS_FILE)) {
            Ok(text) => serde_json::from_str(&text).unwrap_or(Attempts {
                failures: FREE_ATTEMPTS,
                last_failure: None,
            }),
            Err(_) => Attempts::default(),
        }
    }

    fn save(&self, dir: &Path) {
        if let Ok(text) = serde_json::to_string(self) {
            if let Err(e) = write_atomically(&dir.join(ATTEMPTS_FILE), text.as_bytes()) {
                tracing::warn!(error = %e.kind(), "the count of wrong attempts could not be saved");
            }
        }
    }

    /// Time still to wait at `now`.
    fn wait_at(&self, now: DateTime<Utc>) -> Duration {
        let Some(last) = self.last_failure else {
            return Duration::ZERO;
        };
        let elapsed = (now - last).to_std().unwrap_or(Duration::ZERO);
        delay_after(self.failures).saturating_sub(elapsed)
    }
}

fn load_ring(dir: &Path) -> Result<KeyRing> {
    KeyRing::load(dir)?.ok_or_else(|| {
        Error::Refused(
            "this casework has no passphrase yet; set one first (the app asks at start, or `casecraft passphrase set`)".into(),
        )
    })
}

/// The database key, counting a wrong passphrase or code and refusing while a wait is due.
fn unseal(dir: &Path, with: Unlock<'_>, now: DateTime<Utc>) -> Result<DbKey> {
    let ring = load_ring(dir)?;
    let mut attempts = Attempts::load(dir);
    let wait = attempts.wait_at(now);
    if !wait.is_zero() {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Err(Error::Refused(format!(
            "too many wrong attempts; wait {secs} second{} and try again",
            if secs == 1 { "" } else { "s" }
        )));
    }
    let key = match with {
        Unlock::Passphrase(p) => ring.unlock(p),
        Unlock::Recovery(code) => ring.recover(code),
    };
    match key {
        Ok(key) => {
            if attempts.failures > 0 {
                let _ = fs::remove_file(dir.join(ATTEMPTS_FILE));
            }
            Ok(key)
        }
        Err(e @ Error::Invalid { .. }) => {
            attempts.failures = attempts.failures.saturating_add(1);
            attempts.last_failure = Some(now);
            attempts.save(dir);
            tracing::info!(failures = attempts.failures, "wrong passphrase or code");
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// Opens the store in `dir` with its key (already unsealed: after a restore, say), first
/// finishing the encryption of a store that is still unencrypted (a set-up cut short after the
/// key ring was written).
pub fn open_with_key(dir: &Path, key: &DbKey) -> Result<Store> {
    if is_plaintext(&dir.join(DB_FILE))? {
        encrypt_existing(dir, key, None)?;
    }
    sweep_leftovers(dir, LEFTOVER_AGE);
    Store::open(
        &dir.join(DB_FILE),
        &OpenOptions {
            key: Some(key.clone()),
            ..OpenOptions::default()
        },
    )
}

/// How old a copy a backup, restore or encryption left behind must be before an unlock removes it
/// (younger ones may belong to one still running in another window).
const LEFTOVER_AGE: Duration = Duration::from_secs(60 * 60);

/// Removes the copies of the casework that a backup, a restore or an encryption cut short by a
/// crash left in the data folder (a restore of a backup from before encryption stages a plaintext
/// one), once they are older than `age`. Failures are only logged: this is housekeeping.
pub(crate) fn sweep_leftovers(dir: &Path, age: Duration) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover = [
            ".backup-snapshot-",
            ".restore-",
            ".before-restore-",
            ".encrypting-",
        ]
        .iter()
        .any(|p| name.starts_with(p));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|elapsed| elapsed >= age);
        if leftover && old {
            match fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!("removed a copy an interrupted operation left behind"),
                Err(e) => tracing::warn!(error = %e.kind(), "a leftover copy could not be removed"),
            }
        }
    }
}

/// Encrypts the unencrypted store in `dir` with `key`: an encrypted copy is made beside it and
/// checked (healthy, the same ops and the same device), then the key ring is written (if given)
/// and only then does the copy replace the original. Interrupted at any point, the folder holds
/// either the original alone, or the original and the key ring (the next unlock does this
/// again), or the encrypted store and the key ring.
fn encrypt_existing(dir: &Path, key: &DbKey, ring: Option<&KeyRing>) -> Result<()> {
    let db = dir.join(DB_FILE);
    Store::claim_exclusive(dir, None)?;
    let (ops, device) = {
        let plain = Store::open(&db, &OpenOptions::default())?;
        (plain.op_count()?, plain.device_id()?)
    };
    let copy = dir.join(format!(".encrypting-{}.db", Id::new()));
    let result = (|| {
        Store::export_encrypted(&db, None, &copy, key)?;
        {
            let mut encrypted = Store::open(
                &copy,
                &OpenOptions {
                    key: Some(key.clone()),
                    ..OpenOptions::default()
                },
            )?;
            let check = encrypted.check()?;
            if !check.is_healthy()
                || encrypted.op_count()? != ops
                || encrypted.device_id()? != device
            {
                return Err(Error::Corrupt(format!(
                    "the encrypted copy did not match the original ({}); nothing was changed",
                    check.problems.join("; ")
                )));
            }
        }
        if let Some(ring) = ring {
            ring.save_new(dir)?;
        }
        let swapped = Store::claim_exclusive(dir, None)
            .and_then(|()| {
                // Nothing written meanwhile (another window, a command) may be lost.
                let now = Store::open(&db, &OpenOptions::default())?.op_count()?;
                if now == ops {
                    Ok(())
                } else {
                    Err(Error::Refused(
                        "the casework changed while it was being encrypted; try again".into(),
                    ))
                }
            })
            .and_then(|()| {
                Store::claim_exclusive(dir, None)?;
                fs::rename(&copy, &db).map_err(|e| {
                    Error::storage(
                        "encrypted",
                        format!(
                            "the encrypted copy could not replace the original ({})",
                            e.kind()
                        ),
                    )
                })
            });
        if let Err(e) = swapped {
            // The original is still in place, unencrypted: the key ring written for it goes, so
            // the recovery code that was never shown is not needed.
            if ring.is_some() {
                let _ = fs::remove_file(dir.join(crate::protection::keyring::KEY_FILE));
            }
            return Err(e);
        }
        for suffix in ["-wal", "-shm"] {
            let _ = fs::remove_file(dir.join(format!("{DB_FILE}{suffix}")));
        }
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(dir.join(format!(
            "{}{suffix}",
            copy.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        )));
    }
    if result.is_ok() {
        tracing::info!(ops, "store encrypted");
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_wrong_attempts_are_free_then_each_waits_twice_as_long_up_to_five_minutes() {
        assert_eq!(delay_after(0), Duration::ZERO);
        assert_eq!(delay_after(2), Duration::ZERO);
        assert_eq!(delay_after(3), Duration::from_secs(1));
        assert_eq!(delay_after(4), Duration::from_secs(2));
        assert_eq!(delay_after(7), Duration::from_secs(16));
        assert_eq!(delay_after(12), Duration::from_secs(300));
        assert_eq!(delay_after(u32::MAX), Duration::from_secs(300));
    }

    #[test]
    fn copies_left_by_interrupted_operations_are_swept_once_old_and_nothing_else_is() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".restore-1.db",
            ".backup-snapshot-2.db",
            ".encrypting-3.db-wal",
            ".before-restore-4.db",
            "casecraft.db",
            "keys.json",
            "notes.restore-5.db",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        // Young copies may belong to an operation still running: kept.
        sweep_leftovers(dir.path(), Duration::from_secs(3600));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 7);
        sweep_leftovers(dir.path(), Duration::ZERO);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["casecraft.db", "keys.json", "notes.restore-5.db"]);
    }

    #[test]
    fn the_wait_counts_from_the_last_wrong_attempt() {
        let last = Utc::now();
        let attempts = Attempts {
            failures: 5,
            last_failure: Some(last),
        };
        assert_eq!(attempts.wait_at(last), Duration::from_secs(4));
        assert_eq!(
            attempts.wait_at(last + chrono::Duration::seconds(3)),
            Duration::from_secs(1)
        );
        assert_eq!(
            attempts.wait_at(last + chrono::Duration::seconds(10)),
            Duration::ZERO
        );
    }
}
