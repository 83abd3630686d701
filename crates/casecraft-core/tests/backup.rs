//! Encrypted backups on real files: a round trip gives the same records under a new device id;
//! nothing readable is in the file; a wrong passphrase, a flipped byte, a cut-short or extended
//! file, something that is not a backup, and a backup of another profile are each a clear error
//! that changes nothing; a backup taken while another connection writes restores healthy.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use casecraft_core::casework::entry::EntryKind;
use casecraft_core::{protection::backup, ErrorKind, Store};

const PASS: &str = "heather lantern ninety";

fn exports(store: &Store, cases: &[casecraft_core::Id]) -> Vec<String> {
    cases
        .iter()
        .map(|c| store.export_case(*c).unwrap().to_json().unwrap())
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_backup_restores_the_same_records_under_a_new_device_id_and_reads_as_noise() {
    let (_dir, mut store, cases) = common::caseload();
    common::draft(
        &mut store,
        cases[0],
        EntryKind::HomeVisit,
        "Marmalade sandwiches in the kitchen.",
    );
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("casework.ccbackup");
    let info = backup::create(&store, &file, PASS).unwrap();
    assert_eq!(info.device_id, store.device_id().unwrap());

    let bytes = std::fs::read(&file).unwrap();
    for secret in ["Marmalade", "Amelia Hughes", "Sam Practitioner", PASS] {
        assert!(!contains(&bytes, secret), "{secret} readable in the backup");
    }
    // Nothing but the backup was left beside it.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
    // An existing file is never overwritten.
    let err = backup::create(&store, &file, PASS).unwrap_err();
    assert_eq!(err.field(), Some("file"), "{err}");

    assert_eq!(backup::verify(&file, PASS).unwrap(), info);
    let target = tempfile::tempdir().unwrap();
    let restored_info = backup::restore(target.path(), &file, PASS, None).unwrap();
    assert_eq!(restored_info, info);
    let mut restored = Store::open_dir(target.path()).unwrap();
    assert_eq!(exports(&restored, &cases), exports(&store, &cases));
    assert_ne!(
        restored.device_id().unwrap(),
        store.device_id().unwrap(),
        "a restored store must not write under the old device id"
    );
    assert!(restored.check().unwrap().is_healthy());
    // The data folder holds the database and nothing left over from the restore.
    let names: Vec<_> = std::fs::read_dir(target.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with("casecraft.db")),
        "{names:?}"
    );
}

#[test]
fn restoring_over_the_same_profile_replaces_its_records() {
    let (dir, mut store, cases) = common::caseload();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("before.ccbackup");
    backup::create(&store, &file, PASS).unwrap();
    let before = exports(&store, &cases);
    let later = common::case(&mut store, "Written after the backup");
    drop(store);

    backup::restore(dir.path(), &file, PASS, None).unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(exports(&store, &cases), before);
    assert!(store.case(later).is_err(), "the later case is gone");
}

#[test]
fn bad_backups_and_wrong_passphrases_change_nothing() {
    let (dir, mut store, cases) = common::caseload();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("good.ccbackup");
    backup::create(&store, &file, PASS).unwrap();
    let good = std::fs::read(&file).unwrap();
    let before = common::snapshot(&mut store);
    let exported = exports(&store, &cases);
    drop(store);

    let write = |name: &str, bytes: &[u8]| {
        let p = out.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x20;
    let mut extended = good.clone();
    extended.extend_from_slice(b"more");
    let cases_: [(&str, std::path::PathBuf, ErrorKind, &str); 5] = [
        (
            "wrong passphrase",
            file.clone(),
            ErrorKind::InvalidInput,
            "passphrase",
        ),
        (
            "flipped byte",
            write("flipped", &flipped),
            ErrorKind::Corrupt,
            "damaged",
        ),
        (
            "cut short",
            write("short", &good[..good.len() - 100]),
            ErrorKind::Corrupt,
            "incomplete",
        ),
        (
            "extended",
            write("extended", &extended),
            ErrorKind::Corrupt,
            "damaged",
        ),
        (
            "not a backup",
            write("notes.txt", b"just some notes"),
            ErrorKind::InvalidInput,
            "not a Casecraft backup",
        ),
    ];
    for (what, path, kind, says) in cases_ {
        let pass = if what == "wrong passphrase" {
            "not the passphrase at all"
        } else {
            PASS
        };
        let err = backup::restore(dir.path(), &path, pass, None).unwrap_err();
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert!(err.to_string().contains(says), "{what}: {err}");
        assert!(backup::verify(&path, pass).is_err(), "{what}");
        let mut store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(
            common::snapshot(&mut store),
            before,
            "{what} changed the store"
        );
        assert_eq!(exports(&store, &cases), exported, "{what}");
        leftovers(dir.path());
    }

    // A backup of another profile is refused, not merged or overwritten.
    let (_other_dir, other) = common::practitioner();
    let foreign = out.path().join("foreign.ccbackup");
    backup::create(&other, &foreign, PASS).unwrap();
    let err = backup::restore(dir.path(), &foreign, PASS, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    let mut store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(common::snapshot(&mut store), before);
    leftovers(dir.path());
}

/// Only the database's own files are in the data folder.
fn leftovers(dir: &Path) {
    let names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("casecraft.db") && n != "casecraft.log")
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

#[test]
fn a_backup_taken_while_another_connection_writes_restores_healthy() {
    let (dir, mut store, cases) = common::caseload();
    let data = dir.path().to_path_buf();
    let case = cases[0];
    let writer = std::thread::spawn(move || {
        let mut other = Store::open_dir(&data).unwrap();
        for i in 0..300 {
            common::draft(
                &mut other,
                case,
                EntryKind::PhoneCall,
                &format!("Call {i}."),
            );
        }
    });
    let before = store.op_count().unwrap();
    while store.op_count().unwrap() == before {
        std::thread::yield_now();
    }
    let out = tempfile::tempdir().unwrap();
    let mut taken = Vec::new();
    for i in 0..5 {
        let file = out.path().join(format!("b{i}.ccbackup"));
        backup::create(&store, &file, PASS).unwrap();
        taken.push(file);
    }
    writer.join().unwrap();
    let mut sizes = std::collections::BTreeSet::new();
    for file in taken {
        let target = tempfile::tempdir().unwrap();
        backup::restore(target.path(), &file, PASS, None).unwrap();
        let mut restored = Store::open_dir(target.path()).unwrap();
        let check = restored.check().unwrap();
        assert!(check.is_healthy(), "{:?}", check.problems);
        sizes.insert(restored.op_count().unwrap());
    }
    // The backups really were taken while the other connection wrote.
    assert!(
        sizes.len() > 1,
        "every backup saw the same store: {sizes:?}"
    );
    // The store itself is still whole after all that.
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn changes_not_yet_synced_when_the_backup_was_made_still_sync_after_a_restore() {
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("sync");
    let (_dir, mut laptop) = common::practitioner();
    casecraft_core::sync::folder::init(&mut laptop, &target, PASS).unwrap();
    let first = common::case(&mut laptop, "Synced before the backup");
    casecraft_core::sync::folder::run(&mut laptop).unwrap();
    let second = common::case(&mut laptop, "Not yet synced at the backup");
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("b.ccbackup");
    backup::create(&laptop, &file, PASS).unwrap();
    drop(laptop); // the laptop is lost

    let replacement = tempfile::tempdir().unwrap();
    backup::restore(replacement.path(), &file, PASS, None).unwrap();
    let mut restored = Store::open_dir(replacement.path()).unwrap();
    // Its changes under the old device id are still waiting, and signing out would say so.
    let status = casecraft_core::sync::folder::status(&restored).unwrap();
    assert!(status.pending >= 2, "{status:?}");
    assert!(!casecraft_core::protection::signout::unsynced(&restored)
        .unwrap()
        .is_empty());
    casecraft_core::sync::folder::run(&mut restored).unwrap();
    assert_eq!(
        casecraft_core::sync::folder::status(&restored)
            .unwrap()
            .pending,
        0
    );

    let (_office_dir, mut office) = common::practitioner();
    casecraft_core::sync::folder::join(&mut office, &target, PASS).unwrap();
    casecraft_core::sync::folder::run(&mut office).unwrap();
    assert!(office.case(first).is_ok());
    assert_eq!(
        office.case(second).unwrap().subject,
        "Not yet synced at the backup"
    );
}
