//! The keys that protect casework and how things are sealed with them: the database key, the
//! sync vault's key, Argon2id key derivation from a passphrase (with limits, so a forged file
//! cannot make a device spend gigabytes), and XChaCha20-Poly1305 sealing bound to associated
//! data. The key ring, backups and the sync vault build on these.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const NONCE_LEN: usize = 24;

/// The database key.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(pub(crate) [u8; 32]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    /// The raw key, for sealing it into a backup.
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A new random key (for one backup's snapshot).
    pub(crate) fn random() -> DbKey {
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        DbKey(raw)
    }

    /// A key read back from a backup; `None` unless exactly 32 bytes.
    pub(crate) fn from_slice(bytes: &[u8]) -> Option<DbKey> {
        <[u8; 32]>::try_from(bytes).ok().map(DbKey)
    }

    /// The key as SQLCipher's raw-key literal (`x'…'`, 64 hex digits), for `PRAGMA key`.
    pub fn sqlcipher_literal(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("x'{hex}'")
    }
}

/// A 256-bit vault key.
#[derive(Clone)]
pub struct VaultKey(pub(crate) [u8; 32]);

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

/// Most memory a key derivation may ask for (1 GiB), and most passes.
const MAX_KDF_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_KDF_ITERATIONS: u32 = 16;

/// Shortest sync passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

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

/// The 256-bit key `passphrase` derives under `kdf` (Argon2id); settings weaker than Casecraft
/// accepts, or costlier than it spends, are refused.
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
    let salt = b64().decode(&kdf.salt).map_err(|_| damaged_settings())?;
    let params = Params::new(
        kdf.memory_kib,
        kdf.iterations,
        kdf.parallelism.max(1),
        Some(32),
    )
    .map_err(|_| damaged_settings())?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), &salt, &mut out)
        .map_err(|_| damaged_settings())?;
    Ok(out)
}

/// `plain` sealed under `key` with XChaCha20-Poly1305, bound to `ad`: nonce ‖ ciphertext.
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

/// Opens what [`seal`] made with the same key and `ad`; anything else is refused.
pub(crate) fn open(key: &[u8; 32], ad: &[u8], sealed: &[u8]) -> std::result::Result<Vec<u8>, ()> {
    if sealed.len() < NONCE_LEN {
        return Err(());
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(Key::from_slice(key))
        .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: ad })
        .map_err(|_| ())
}

/// Key settings that cannot be read: the file holding them is damaged.
pub(crate) fn damaged_settings() -> Error {
    Error::Corrupt("the sync folder's vault.json is damaged; restore it from another device's copy of the folder".into())
}

pub(crate) fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forged_key_settings_cannot_make_a_device_spend_gigabytes() {
        let mut kdf = KdfParams::fresh();
        kdf.memory_kib = 64 * 1024 * 1024;
        assert!(derive("a long enough passphrase", &kdf).is_err());
        let mut kdf = KdfParams::fresh();
        kdf.iterations = 1_000_000;
        assert!(derive("a long enough passphrase", &kdf).is_err());
    }
}
