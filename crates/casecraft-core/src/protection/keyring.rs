//! The profile's database key and the two ways to reach it (DESIGN §5): a random 256-bit key,
//! kept only sealed — once under a key derived from the person's passphrase (Argon2id), once
//! under a key derived from a recovery code shown a single time at set-up. Changing the
//! passphrase re-seals the key and re-encrypts nothing; a forgotten passphrase is recovered with
//! the code. The key ring (`keys.json` beside the database) holds nothing readable: no key, no
//! passphrase, no code.

use std::path::Path;

use base64::Engine as _;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::crypto::{self, DbKey, KdfParams};
use crate::error::{Error, Result};
use crate::files::durable::write_atomically;

/// The key ring's file in the data folder.
pub const KEY_FILE: &str = "keys.json";
/// The key ring's format version.
pub const KEYRING_FORMAT: u32 = 1;
/// Random bytes in a recovery code (160 bits: 32 characters of base32).
const RECOVERY_BYTES: usize = 20;
/// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A recovery code, shown once: `XXXX-XXXX-…` (eight groups of four).
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl std::fmt::Display for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let groups: Vec<&str> = self
            .0
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        f.write_str(&groups.join("-"))
    }
}

impl RecoveryCode {
    fn generate() -> Self {
        let mut bytes = [0u8; RECOVERY_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        RecoveryCode(base32(&bytes))
    }

    /// Reads a code as a person types it: case, spaces and dashes do not matter, and the
    /// letters easily mistaken for digits are read as those digits.
    pub fn parse(typed: &str) -> Result<Self> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        if code.len() != 32 || !code.bytes().all(|b| BASE32.contains(&b)) {
            return Err(Error::invalid(
                "recovery code",
                "is not a recovery code: it has 32 letters and digits in groups of four, as shown when the passphrase was set",
            ));
        }
        Ok(RecoveryCode(code))
    }
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// What opens the key ring.
#[derive(Debug, Clone, Copy)]
pub enum Unlock<'a> {
    /// The person's passphrase.
    Passphrase(&'a str),
    /// The recovery code shown at set-up.
    Recovery(&'a str),
}

/// The key ring: the database key sealed twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRing {
    format: u32,
    by_passphrase: Sealed,
    by_recovery: Sealed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Sealed {
    kdf: KdfParams,
    /// nonce ‖ ciphertext, base64.
    key: String,
}

const PASSPHRASE_AD: &[u8] = b"casecraft-keyring|1|passphrase";
const RECOVERY_AD: &[u8] = b"casecraft-keyring|1|recovery";

impl KeyRing {
    /// A new random database key, sealed by `passphrase` and by a new recovery code (to be
    /// shown to the person once, then forgotten).
    pub fn create(passphrase: &str) -> Result<(KeyRing, DbKey, RecoveryCode)> {
        crypto::check_passphrase(passphrase)?;
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        let key = DbKey(raw);
        let code = RecoveryCode::generate();
        let ring = KeyRing {
            format: KEYRING_FORMAT,
            by_passphrase: seal(&key, passphrase, PASSPHRASE_AD)?,
            by_recovery: seal(&key, &code.0, RECOVERY_AD)?,
        };
        Ok((ring, key, code))
    }

    /// The database key, with the passphrase.
    pub fn unlock(&self, passphrase: &str) -> Result<DbKey> {
        self.check_format()?;
        open(&self.by_passphrase, passphrase, PASSPHRASE_AD).ok_or_else(|| {
            Error::invalid("passphrase", "is not this profile's passphrase; check it and try again (or use the recovery code)")
        })
    }

    /// The database key, with the recovery code.
    pub fn recover(&self, code: &str) -> Result<DbKey> {
        self.check_format()?;
        let code = RecoveryCode::parse(code)?;
        open(&self.by_recovery, &code.0, RECOVERY_AD).ok_or_else(|| {
            Error::invalid(
                "recovery code",
                "does not open this profile; check it against the one written down at set-up",
            )
        })
    }

    /// The same key ring with its key sealed by a new passphrase, opened with the current one or
    /// the recovery code; the recovery code still works and nothing needs re-encrypting.
    pub fn with_new_passphrase(&self, current: Unlock<'_>, passphrase: &str) -> Result<KeyRing> {
        let key = match current {
            Unlock::Passphrase(p) => self.unlock(p)?,
            Unlock::Recovery(code) => self.recover(code)?,
        };
        crypto::check_passphrase(passphrase)?;
        Ok(KeyRing {
            format: self.format,
            by_passphrase: seal(&key, passphrase, PASSPHRASE_AD)?,
            by_recovery: self.by_recovery.clone(),
        })
    }

    /// The key ring in `dir`, if the profile there has one.
    pub fn load(dir: &Path) -> Result<Option<KeyRing>> {
        let path = dir.join(KEY_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Error::storage(
                    "opened",
                    format!("its key file could not be read ({})", e.kind()),
                ))
            }
        };
        serde_json::from_str(&text).map(Some).map_err(|_| damaged())
    }

    /// Writes a first key ring to `dir`; refused if one is there already (two set-ups at once
    /// must not leave a database under one key and a ring holding another).
    pub fn save_new(&self, dir: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        let failed = |e: std::io::Error| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Refused(
                    "this casework already has a passphrase (set up meanwhile in another window?); unlock it with that one".into(),
                )
            } else {
                Error::storage(
                    "written",
                    format!(
                        "its key file could not be written: {}",
                        crate::error::io_reason(&e)
                    ),
                )
            }
        };
        crate::files::durable::write_atomically_with(
            &dir.join(KEY_FILE),
            crate::files::durable::Existing::Keep,
            failed,
            |w| std::io::Write::write_all(w, text.as_bytes()).map_err(failed),
        )
    }

    /// Writes the key ring to `dir` (atomically: the old one or the new one, never half).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        write_atomically(&dir.join(KEY_FILE), text.as_bytes()).map_err(|e| {
            Error::storage(
                "written",
                format!(
                    "its key file could not be written: {}",
                    crate::error::io_reason(&e)
                ),
            )
        })
    }

    fn check_format(&self) -> Result<()> {
        if self.format != KEYRING_FORMAT {
            return Err(Error::Refused(format!(
                "this profile's key file has format {}, which this version of Casecraft does not know; update Casecraft",
                self.format
            )));
        }
        Ok(())
    }
}

fn seal(key: &DbKey, secret: &str, ad: &[u8]) -> Result<Sealed> {
    let kdf = KdfParams::fresh();
    let wrapping = crypto::derive(secret, &kdf)?;
    let sealed = crypto::seal(&wrapping, ad, &key.0)?;
    Ok(Sealed {
        kdf,
        key: base64::engine::general_purpose::STANDARD.encode(sealed),
    })
}

/// `None` for a wrong secret or a damaged seal (they cannot be told apart, by design).
fn open(sealed: &Sealed, secret: &str, ad: &[u8]) -> Option<DbKey> {
    let wrapping = crypto::derive(secret, &sealed.kdf).ok()?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&sealed.key)
        .ok()?;
    let raw: [u8; 32] = crypto::open(&wrapping, ad, &bytes).ok()?.try_into().ok()?;
    Some(DbKey(raw))
}

fn damaged() -> Error {
    Error::Corrupt(
        "this profile's key file (keys.json) is damaged; restore it from a backup of the data folder"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "a passphrase long enough";

    #[test]
    fn the_passphrase_and_the_recovery_code_both_reach_the_same_key() {
        let (ring, key, code) = KeyRing::create(PASS).unwrap();
        assert_eq!(ring.unlock(PASS).unwrap(), key);
        assert_eq!(ring.recover(&code.to_string()).unwrap(), key);
        // Typed loosely: lower case, spaces, no dashes.
        let loose = code.to_string().to_lowercase().replace('-', " ");
        assert_eq!(ring.recover(&loose).unwrap(), key);
        assert_eq!(
            ring.unlock("not the passphrase").unwrap_err().field(),
            Some("passphrase")
        );
        let mut wrong = code.to_string().into_bytes();
        wrong[0] = if wrong[0] == b'0' { b'1' } else { b'0' };
        let err = ring
            .recover(std::str::from_utf8(&wrong).unwrap())
            .unwrap_err();
        assert_eq!(err.field(), Some("recovery code"));
        assert_eq!(
            ring.recover("12345").unwrap_err().field(),
            Some("recovery code")
        );
    }

    #[test]
    fn a_new_passphrase_replaces_the_old_and_keeps_the_recovery_code() {
        let (ring, key, code) = KeyRing::create(PASS).unwrap();
        let renewed = ring
            .with_new_passphrase(Unlock::Passphrase(PASS), "another long passphrase")
            .unwrap();
        assert!(renewed.unlock(PASS).is_err());
        assert_eq!(renewed.unlock("another long passphrase").unwrap(), key);
        assert_eq!(renewed.recover(&code.to_string()).unwrap(), key);
        // A forgotten passphrase: the recovery code sets a new one.
        let code_text = code.to_string();
        let recovered = renewed
            .with_new_passphrase(Unlock::Recovery(&code_text), "a third long passphrase")
            .unwrap();
        assert_eq!(recovered.unlock("a third long passphrase").unwrap(), key);
        // Neither a wrong current passphrase nor a short new one makes a key ring.
        let wrong =
            ring.with_new_passphrase(Unlock::Passphrase("not the passphrase"), "another long one");
        assert_eq!(wrong.unwrap_err().field(), Some("passphrase"));
        let short = ring.with_new_passphrase(Unlock::Passphrase(PASS), "short");
        assert_eq!(short.unwrap_err().field(), Some("passphrase"));
    }

    #[test]
    fn the_key_file_holds_nothing_readable_and_refuses_tampering() {
        let dir = tempfile::tempdir().unwrap();
        assert!(KeyRing::load(dir.path()).unwrap().is_none());
        let (ring, key, code) = KeyRing::create(PASS).unwrap();
        ring.save(dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap();
        let hex = key.sqlcipher_literal();
        for secret in [
            PASS,
            hex.trim_start_matches("x'").trim_end_matches('\''),
            &code.0,
            &code.to_string(),
        ] {
            assert!(!text.contains(secret), "{secret} readable in keys.json");
        }
        let loaded = KeyRing::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded, ring);
        assert_eq!(loaded.unlock(PASS).unwrap(), key);
        // A changed seal opens nothing.
        let mut tampered = ring.clone();
        let mut sealed = base64::engine::general_purpose::STANDARD
            .decode(&tampered.by_passphrase.key)
            .unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        tampered.by_passphrase.key = base64::engine::general_purpose::STANDARD.encode(sealed);
        assert!(tampered.unlock(PASS).is_err());
        // A file that is not a key ring is reported as damaged, not as a wrong passphrase.
        std::fs::write(dir.path().join(KEY_FILE), "{not json").unwrap();
        assert_eq!(
            KeyRing::load(dir.path()).unwrap_err().kind(),
            crate::ErrorKind::Corrupt
        );
    }

    #[test]
    fn keys_and_codes_never_show_in_debug_output() {
        let (ring, key, code) = KeyRing::create(PASS).unwrap();
        assert_eq!(format!("{key:?}"), "DbKey(…)");
        assert_eq!(format!("{code:?}"), "RecoveryCode(…)");
        assert!(!format!("{ring:?}").contains(&code.0));
        assert_eq!(key.sqlcipher_literal().len(), 2 + 64 + 1);
        let shown = code.to_string();
        assert_eq!(shown.len(), 32 + 7);
        assert_eq!(shown.split('-').count(), 8);
    }
}
