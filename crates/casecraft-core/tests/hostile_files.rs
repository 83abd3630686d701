//! Arbitrary and mangled bytes where Casecraft reads files it did not necessarily write: sync
//! segments and backups. Whatever the bytes, the readers answer an error (never a panic, never
//! plaintext from altered data), and a genuine file opens only while it is exactly as written.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::OnceLock;

use casecraft_core::sync::vault::{open_segment, seal_segment, VaultKey};
use casecraft_core::{protection::backup, Id};
use proptest::prelude::*;

const PASS: &str = "heather lantern ninety";

/// How a genuine file is damaged.
#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, bit: u8 },
    Cut { keep: usize },
    Insert { at: usize, byte: u8 },
    Append(Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Damage::Flip { at, bit }),
        any::<usize>().prop_map(|keep| Damage::Cut { keep }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Damage::Insert { at, byte }),
        proptest::collection::vec(any::<u8>(), 1..64).prop_map(Damage::Append),
    ]
}

fn apply(good: &[u8], d: &Damage) -> Vec<u8> {
    let mut bytes = good.to_vec();
    match d {
        Damage::Flip { at, bit } => {
            let i = at % bytes.len();
            bytes[i] ^= 1 << bit;
        }
        Damage::Cut { keep } => bytes.truncate(keep % bytes.len()),
        Damage::Insert { at, byte } => bytes.insert(at % (bytes.len() + 1), *byte),
        Damage::Append(more) => bytes.extend_from_slice(more),
    }
    bytes
}

struct Segment {
    key: VaultKey,
    vault: Id,
    device: Id,
    bytes: Vec<u8>,
}

fn segment() -> &'static Segment {
    static SEGMENT: OnceLock<Segment> = OnceLock::new();
    SEGMENT.get_or_init(|| {
        let key = VaultKey::generate();
        let (vault, device) = (Id::new(), Id::new());
        let bytes = seal_segment(
            &key,
            vault,
            device,
            1,
            3,
            b"[{\"op\":1},{\"op\":2},{\"op\":3}]",
        )
        .unwrap();
        Segment {
            key,
            vault,
            device,
            bytes,
        }
    })
}

/// A real backup of a small store, made once (its key derivation is deliberately slow).
fn backup_bytes() -> &'static Vec<u8> {
    static BACKUP: OnceLock<Vec<u8>> = OnceLock::new();
    BACKUP.get_or_init(|| {
        let (_dir, store, _cases) = common::caseload();
        let out = tempfile::tempdir().unwrap();
        let file = out.path().join("b.ccbackup");
        backup::create(&store, &file, PASS).unwrap();
        std::fs::read(file).unwrap()
    })
}

fn verify(bytes: &[u8]) -> casecraft_core::Result<backup::BackupInfo> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.ccbackup");
    std::fs::write(&file, bytes).unwrap();
    backup::verify(&file, PASS)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_are_never_a_segment(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let s = segment();
        prop_assert!(open_segment(&s.key, s.vault, s.device, 1, 3, &bytes).is_err());
    }

    #[test]
    fn a_damaged_segment_never_opens(d in damage()) {
        let s = segment();
        let bad = apply(&s.bytes, &d);
        prop_assume!(bad != s.bytes);
        prop_assert!(open_segment(&s.key, s.vault, s.device, 1, 3, &bad).is_err());
    }

    #[test]
    fn arbitrary_bytes_behind_the_backup_header_are_refused(
        tail in proptest::collection::vec(any::<u8>(), 0..256),
        header in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
    ) {
        let mut bytes = b"CASECRAFT-BACKUP\n".to_vec();
        if let Some(h) = header {
            bytes.extend_from_slice(&u32::try_from(h.len()).unwrap().to_le_bytes());
            bytes.extend_from_slice(&h);
        }
        bytes.extend_from_slice(&tail);
        prop_assert!(verify(&bytes).is_err());
    }
}

proptest! {
    // Each case derives the backup key with Argon2id: fewer cases, each a real attack.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_backup_never_opens(d in damage()) {
        let good = backup_bytes();
        let bad = apply(good, &d);
        prop_assume!(&bad != good);
        prop_assert!(verify(&bad).is_err());
    }
}

#[test]
fn the_genuine_files_open() {
    let s = segment();
    assert!(open_segment(&s.key, s.vault, s.device, 1, 3, &s.bytes).is_ok());
    assert!(verify(backup_bytes()).is_ok());
}
