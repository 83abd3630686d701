//! Sync through a shared folder between stores on real files: the happy
//! path, and every fault reported clearly with nothing applied.
#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use casecraft_core::casework::case::{CaseEdit, NewCase};
use casecraft_core::casework::entry::{EntryKind, NewEntry};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::{sync::folder, ErrorKind, Id, Store};
use tempfile::TempDir;

const PASS: &str = "correct horse battery staple";

fn device(name: &str) -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_dir(dir.path()).unwrap();
    s.init_profile(NewProfile {
        display_name: name.into(),
        role: Role::Practitioner,
    })
    .unwrap();
    (dir, s)
}

fn pair() -> (TempDir, PathBuf, (TempDir, Store), (TempDir, Store)) {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Casecraft sync");
    let mut a = device("Laptop");
    let mut b = device("Desktop");
    folder::init(&mut a.1, &folder, PASS).unwrap();
    folder::join(&mut b.1, &folder, PASS).unwrap();
    (shared, folder, a, b)
}

fn segment_files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(folder.join("devices")).unwrap() {
        for f in std::fs::read_dir(d.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "ccs") {
                out.push(p);
            }
        }
    }
    out
}

fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.extend(std::fs::read(entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn two_devices_converge_through_a_folder_and_nothing_readable_is_left_there() {
    let (_shared, folder, (_da, mut a), (_db, mut b)) = pair();
    let case = a
        .create_case(NewCase {
            subject: "Zephyrine Quellbright".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    a.create_entry(
        case,
        NewEntry {
            body: "Discussed the marmalade incident".into(),
            ..NewEntry::new(EntryKind::HomeVisit)
        },
    )
    .unwrap();
    assert!(folder::status(&a).unwrap().pending > 0);
    let first = folder::run(&mut a).unwrap();
    assert!(first.pushed > 0);
    assert_eq!(folder::status(&a).unwrap().pending, 0);
    let got = folder::run(&mut b).unwrap();
    assert!(got.pulled.applied > 0);
    assert_eq!(b.case(case).unwrap().subject, "Zephyrine Quellbright");
    b.edit_case(
        case,
        CaseEdit {
            reference: Some("DESK-7".into()),
            ..Default::default()
        },
    )
    .unwrap();
    folder::run(&mut b).unwrap();
    folder::run(&mut a).unwrap();
    assert_eq!(a.case(case).unwrap().reference.as_deref(), Some("DESK-7"));
    assert_eq!(
        a.export_case(case).unwrap().to_json().unwrap(),
        b.export_case(case).unwrap().to_json().unwrap()
    );
    // Running again changes nothing.
    let again = folder::run(&mut a).unwrap();
    assert_eq!((again.pulled.applied, again.pushed), (0, 0));
    let bytes = all_bytes(&folder);
    for secret in ["Zephyrine", "Quellbright", "marmalade", "DESK-7", PASS] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} readable in the folder"
        );
    }
}

#[test]
fn damaged_segments_are_refused_and_nothing_is_applied() {
    for damage in ["flip", "truncate", "foreign", "rename"] {
        let (_shared, folder, (_da, mut a), (_db, mut b)) = pair();
        let case = a
            .create_case(NewCase {
                subject: "Amelia".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        folder::run(&mut a).unwrap();
        let seg = segment_files(&folder).into_iter().next().unwrap();
        match damage {
            "flip" => {
                let mut bytes = std::fs::read(&seg).unwrap();
                let mid = bytes.len() / 2;
                bytes[mid] ^= 0x40;
                std::fs::write(&seg, bytes).unwrap();
            }
            "truncate" => {
                let bytes = std::fs::read(&seg).unwrap();
                std::fs::write(&seg, &bytes[..bytes.len() - 7]).unwrap();
            }
            "foreign" => {
                // A segment from another vault, put in this device's place.
                let other_shared = tempfile::tempdir().unwrap();
                let other_folder = other_shared.path().join("other");
                let (_dc, mut c) = device("Elsewhere");
                folder::init(&mut c, &other_folder, PASS).unwrap();
                c.create_case(NewCase {
                    subject: "Foreign".into(),
                    ..Default::default()
                })
                .unwrap();
                folder::run(&mut c).unwrap();
                let theirs = segment_files(&other_folder).into_iter().next().unwrap();
                std::fs::copy(theirs, &seg).unwrap();
            }
            _ => {
                let renamed = seg.with_file_name("seg-000000000001-000000000001.ccs");
                std::fs::rename(&seg, &renamed).unwrap();
            }
        }
        let before = b.op_count().unwrap();
        let err = folder::run(&mut b).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Corrupt, "{damage}: {err}");
        assert!(
            err.to_string().contains("seg-"),
            "{damage}: the message names the file: {err}"
        );
        assert_eq!(b.op_count().unwrap(), before, "{damage}: nothing applied");
        assert!(b.case(case).is_err());
        assert!(b.check().unwrap().is_healthy());
        // The writer puts the segment back once the bad file is moved away.
        for f in segment_files(&folder) {
            std::fs::remove_file(f).unwrap();
        }
        folder::run(&mut a).unwrap();
        folder::run(&mut b).unwrap();
        assert_eq!(
            b.case(case).unwrap().subject,
            "Amelia",
            "{damage}: recovers on the next run"
        );
    }
}

#[test]
fn wrong_passphrase_foreign_vault_missing_or_empty_folder_are_clear_refusals() {
    let (_shared, folder, (_da, mut a), _b) = pair();
    let (_dc, mut c) = device("Stranger");
    let e = folder::join(&mut c, &folder, "not the passphrase at all").unwrap_err();
    assert_eq!(e.field(), Some("passphrase"));
    assert!(
        c.sync_settings().unwrap().is_none(),
        "a failed join saves nothing"
    );
    // The folder disappears (drive unplugged).
    std::fs::rename(&folder, folder.with_file_name("unplugged")).unwrap();
    let e = folder::run(&mut a).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused);
    assert!(e.to_string().contains("cannot be reached"), "{e}");
    // An empty folder in its place: refused, nothing deleted locally.
    std::fs::create_dir_all(&folder).unwrap();
    let ops = a.op_count().unwrap();
    let e = folder::run(&mut a).unwrap_err();
    assert!(e.to_string().contains("no vault.json"), "{e}");
    assert_eq!(a.op_count().unwrap(), ops);
    // Another vault in its place.
    let (_dd, mut d) = device("Other");
    folder::init(&mut d, &folder, PASS).unwrap();
    let e = folder::run(&mut a).unwrap_err();
    assert!(e.to_string().contains("another vault"), "{e}");
    let e = folder::init(&mut a, &folder, PASS).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused);
}

#[test]
fn a_head_pointing_past_the_segments_is_a_warning_not_a_failure() {
    let (_shared, folder, (_da, mut a), (_db, mut b)) = pair();
    a.create_case(NewCase {
        subject: "Theo".into(),
        ..Default::default()
    })
    .unwrap();
    folder::run(&mut a).unwrap();
    let me: Id = a.device_id().unwrap();
    let head = folder.join("devices").join(me.to_string()).join("head");
    std::fs::write(
        &head,
        format!("{{\"device_id\":\"{me}\",\"last_seq\":999}}"),
    )
    .unwrap();
    let report = folder::run(&mut b).unwrap();
    assert!(report.pulled.applied > 0);
    assert!(
        report.warnings.iter().any(|w| w.contains("999")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn ops_from_a_hub_with_gaps_are_taken_and_the_folder_fills_the_gaps_later() {
    let (_shared, _folder, (_da, mut a), (_db, mut b)) = pair();
    let case = a
        .create_case(NewCase {
            subject: "Wilhelmina Oyelaran".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    for n in 0..3 {
        a.edit_case(
            case,
            CaseEdit {
                reference: Some(format!("REF-{n}")),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let me = a.device_id().unwrap();
    let log = a.ops_after(me, 0, 1000).unwrap();
    assert!(log.len() >= 4, "{} ops", log.len());
    // The hub relays some of them, with a gap, newest first.
    let mut relayed: Vec<_> = log.iter().step_by(2).cloned().collect();
    relayed.reverse();
    let count = relayed.len() as u64;
    let report = b.import_hub_ops(relayed.clone()).unwrap();
    assert_eq!(report.applied, count);
    assert_eq!(
        b.heads().unwrap().get(&me).copied(),
        Some(1),
        "the run from 1"
    );
    // The same again is nothing new.
    assert_eq!(b.import_hub_ops(relayed).unwrap().duplicates, count);
    // The folder brings the whole stream: the gaps are filled, nothing is taken twice.
    folder::run(&mut a).unwrap();
    let report = folder::run(&mut b).unwrap();
    assert_eq!(report.pulled.applied, log.len() as u64 - count);
    assert_eq!(b.heads().unwrap().get(&me).copied(), Some(log.len() as u64));
    assert_eq!(
        b.case(case).unwrap().reference,
        a.case(case).unwrap().reference
    );
}
