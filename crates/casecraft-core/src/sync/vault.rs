//! The sync vault: a random vault key wrapped by a key
//! derived from the sync passphrase (Argon2id), and segments sealed with
//! XChaCha20-Poly1305 whose associated data binds them to their vault,
//! device and place in the log, so a moved, truncated or altered segment
//! fails to open.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::crypto::{b64, damaged_settings as damaged_vault, derive, open, seal};
use crate::error::{Error, Result};
use crate::ids::Id;

pub use crate::crypto::{check_passphrase, KdfParams, VaultKey, MIN_PASSPHRASE_CHARS};

/// The vault file's format version.
pub const VAULT_FORMAT: u32 = 1;
/// The segment format version (bound into every segment).
pub const SEGMENT_FORMAT: u32 = 1;
const SEGMENT_MAGIC: &[u8; 4] = b"CCS1";

/// The vault file (`vault.json`): everything needed to join, nothing secret
/// in the clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultFile {
    /// Format version.
    pub format: u32,
    /// The vault's id.
    pub vault_id: Id,
    /// How the passphrase becomes the wrapping key.
    pub kdf: KdfParams,
    /// The vault key sealed by the wrapping key (base64 of nonce ‖ ciphertext).
    pub wrapped_key: String,
}

impl VaultFile {
    /// Creates a vault: a random key, wrapped by the passphrase.
    pub fn create(passphrase: &str) -> Result<(VaultFile, VaultKey)> {
        check_passphrase(passphrase)?;
        let vault_id = Id::new();
        let kdf = KdfParams::fresh();
        let key = VaultKey::generate();
        let wrapping = derive(passphrase, &kdf)?;
        let wrapped = seal(&wrapping, &wrap_ad(vault_id), &key.0)?;
        Ok((
            VaultFile {
                format: VAULT_FORMAT,
                vault_id,
                kdf,
                wrapped_key: b64().encode(wrapped),
            },
            key,
        ))
    }

    /// Opens the vault key with the passphrase; a wrong passphrase is a
    /// clear error.
    pub fn unlock(&self, passphrase: &str) -> Result<VaultKey> {
        if self.format != VAULT_FORMAT {
            return Err(Error::Refused(format!(
                "this sync folder uses vault format {}, which this version of Casecraft does not know; update Casecraft",
                self.format
            )));
        }
        let wrapping = derive(passphrase, &self.kdf)?;
        let sealed = b64()
            .decode(&self.wrapped_key)
            .map_err(|_| damaged_vault())?;
        let bytes = open(&wrapping, &wrap_ad(self.vault_id), &sealed).map_err(|_| {
            Error::invalid(
                "passphrase",
                "is not this vault's sync passphrase; check it and try again",
            )
        })?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| damaged_vault())?;
        Ok(VaultKey(key))
    }

    /// Reads `vault.json` text.
    pub fn parse(text: &str) -> Result<VaultFile> {
        serde_json::from_str(text).map_err(|_| damaged_vault())
    }
}

/// Seals a segment's plaintext, binding it to its vault, device and seqs.
pub fn seal_segment(
    key: &VaultKey,
    vault: Id,
    device: Id,
    first: u64,
    last: u64,
    plain: &[u8],
) -> Result<Vec<u8>> {
    let mut out = SEGMENT_MAGIC.to_vec();
    out.extend(seal(
        &key.0,
        &segment_ad(vault, device, first, last),
        plain,
    )?);
    Ok(out)
}

/// Opens a segment; anything torn, altered, moved or from another vault is
/// refused.
pub fn open_segment(
    key: &VaultKey,
    vault: Id,
    device: Id,
    first: u64,
    last: u64,
    bytes: &[u8],
) -> Result<Vec<u8>> {
    let body = bytes
        .strip_prefix(SEGMENT_MAGIC.as_slice())
        .ok_or_else(|| {
            Error::Corrupt("a sync segment is not a Casecraft segment (bad header)".into())
        })?;
    open(&key.0, &segment_ad(vault, device, first, last), body).map_err(|_| {
        Error::Corrupt(
            "a sync segment failed its integrity check (truncated, altered, from another vault, or renamed)".into(),
        )
    })
}

fn wrap_ad(vault: Id) -> Vec<u8> {
    format!("casecraft-vault-key|{VAULT_FORMAT}|{vault}").into_bytes()
}

fn segment_ad(vault: Id, device: Id, first: u64, last: u64) -> Vec<u8> {
    format!("casecraft-segment|{SEGMENT_FORMAT}|{vault}|{device}|{first}|{last}").into_bytes()
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn the_right_passphrase_unlocks_and_a_wrong_one_is_refused_clearly() {
        let (vault, key) = VaultFile::create("correct horse battery").unwrap();
        assert_eq!(vault.unlock("correct horse battery").unwrap().0, key.0);
        let e = vault.unlock("wrong horse battery").unwrap_err();
        assert_eq!(e.field(), Some("passphrase"));
        assert!(VaultFile::create("short").is_err());
        let text = serde_json::to_string(&vault).unwrap();
        assert!(!text.contains(&key.to_base64()));
        assert_eq!(VaultFile::parse(&text).unwrap(), vault);
    }

    #[test]
    fn segments_are_bound_to_vault_device_and_place() {
        let key = VaultKey::generate();
        let (v, d) = (Id::new(), Id::new());
        let sealed = seal_segment(&key, v, d, 1, 10, b"ops").unwrap();
        assert_eq!(open_segment(&key, v, d, 1, 10, &sealed).unwrap(), b"ops");
        assert!(
            open_segment(&key, Id::new(), d, 1, 10, &sealed).is_err(),
            "another vault"
        );
        assert!(
            open_segment(&key, v, Id::new(), 1, 10, &sealed).is_err(),
            "another device"
        );
        assert!(open_segment(&key, v, d, 1, 11, &sealed).is_err(), "renamed");
        assert!(
            open_segment(&key, v, d, 1, 10, &sealed[..sealed.len() - 1]).is_err(),
            "truncated"
        );
        let mut flipped = sealed.clone();
        flipped[30] ^= 1;
        assert!(
            open_segment(&key, v, d, 1, 10, &flipped).is_err(),
            "altered"
        );
        assert!(
            open_segment(&VaultKey::generate(), v, d, 1, 10, &sealed).is_err(),
            "another key"
        );
        assert!(open_segment(&key, v, d, 1, 10, b"CC").is_err());
    }
}
