//! The sync vault's cryptography: a random vault key wrapped by a key
//! derived from the sync passphrase (Argon2id), and segments sealed with
//! XChaCha20-Poly1305 whose associated data binds them to their vault,
//! device and place in the log, so a moved, truncated or altered segment
//! fails to open.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::Id;

/// The vault file's format version.
pub const VAULT_FORMAT: u32 = 1;
/// The segment format version (bound into every segment).
pub const SEGMENT_FORMAT: u32 = 1;
const SEGMENT_MAGIC: &[u8; 4] = b"CCS1";
const NONCE_LEN: usize = 24;

/// A 256-bit vault key.
#[derive(Clone)]
pub struct VaultKey([u8; 32]);

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey(…)")
    }
}

impl VaultKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        VaultKey(k)
    }

    /// The key for local storage (base64).
    pub fn to_base64(&self) -> String {
        b64().encode(self.0)
    }

    /// Reads a key kept in local storage.
    pub fn from_base64(s: &str) -> Result<Self> {
        let bytes = b64()
            .decode(s)
            .map_err(|_| Error::Corrupt("the stored sync key is not readable".into()))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::Corrupt("the stored sync key has the wrong length".into()))?;
        Ok(VaultKey(key))
    }
}

/// Argon2id parameters, stored in the vault file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Always `argon2id`.
    pub algorithm: String,
    /// Memory in KiB (at least 19 MiB).
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
    /// Salt (base64).
    pub salt: String,
}

impl KdfParams {
    /// Argon2id with a fresh random salt (OWASP's minimum: 19 MiB, two passes).
    pub(crate) fn fresh() -> Self {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        KdfParams {
            algorithm: "argon2id".into(),
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
            salt: b64().encode(salt),
        }
    }
}

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

/// Most memory a key derivation may ask for (1 GiB), and most passes.
const MAX_KDF_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_KDF_ITERATIONS: u32 = 16;

/// Shortest sync passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

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

/// Refuses passphrases too short to protect case records.
pub fn check_passphrase(p: &str) -> Result<()> {
    if p.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!(
                "needs at least {MIN_PASSPHRASE_CHARS} characters; a few unrelated words work well"
            ),
        ));
    }
    Ok(())
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

pub(crate) fn derive(passphrase: &str, kdf: &KdfParams) -> Result<[u8; 32]> {
    if kdf.algorithm != "argon2id" || kdf.memory_kib < 19 * 1024 || kdf.iterations < 2 {
        return Err(Error::Refused(
            "the sync folder's key settings are weaker than Casecraft accepts".into(),
        ));
    }
    // A forged file must not make this device spend gigabytes or minutes deriving a key.
    if kdf.memory_kib > MAX_KDF_MEMORY_KIB
        || kdf.iterations > MAX_KDF_ITERATIONS
        || kdf.parallelism > 16
    {
        return Err(Error::Refused(
            "the key settings in this file ask for more memory or time than Casecraft spends; the file was not made by Casecraft".into(),
        ));
    }
    let salt = b64().decode(&kdf.salt).map_err(|_| damaged_vault())?;
    let params = Params::new(
        kdf.memory_kib,
        kdf.iterations,
        kdf.parallelism.max(1),
        Some(32),
    )
    .map_err(|_| damaged_vault())?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), &salt, &mut out)
        .map_err(|_| damaged_vault())?;
    Ok(out)
}

pub(crate) fn seal(key: &[u8; 32], ad: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: ad,
            },
        )
        .map_err(|_| Error::Corrupt("encryption failed".into()))?;
    let mut out = nonce.to_vec();
    out.extend(sealed);
    Ok(out)
}

pub(crate) fn open(key: &[u8; 32], ad: &[u8], sealed: &[u8]) -> std::result::Result<Vec<u8>, ()> {
    if sealed.len() < NONCE_LEN {
        return Err(());
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(Key::from_slice(key))
        .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: ad })
        .map_err(|_| ())
}

fn wrap_ad(vault: Id) -> Vec<u8> {
    format!("casecraft-vault-key|{VAULT_FORMAT}|{vault}").into_bytes()
}

fn segment_ad(vault: Id, device: Id, first: u64, last: u64) -> Vec<u8> {
    format!("casecraft-segment|{SEGMENT_FORMAT}|{vault}|{device}|{first}|{last}").into_bytes()
}

fn damaged_vault() -> Error {
    Error::Corrupt("the sync folder's vault.json is damaged; restore it from another device's copy of the folder".into())
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

#[cfg(test)]
mod tests {

    #[test]
    fn forged_key_settings_cannot_make_a_device_spend_gigabytes() {
        let mut kdf = KdfParams::fresh();
        kdf.memory_kib = 64 * 1024 * 1024;
        assert!(derive("a long enough passphrase", &kdf).is_err());
        let mut kdf = KdfParams::fresh();
        kdf.iterations = 1_000_000;
        assert!(derive("a long enough passphrase", &kdf).is_err());
    }
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
