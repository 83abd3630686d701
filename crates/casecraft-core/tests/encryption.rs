//! Encryption at rest on real files (SQLCipher): a new profile's casework is unreadable in the
//! database, its journal, the sync folder and a backup; the passphrase and the recovery code
//! open it and nothing else does; wrong attempts wait longer and longer; changing the passphrase
//! re-encrypts nothing; casework from before encryption is encrypted without loss, even when the
//! set-up is cut short; a backup restores under another key; a damaged database is an error.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use casecraft_core::casework::case::NewCase;
use casecraft_core::casework::entry::{EntryKind, NewEntry};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::protection::keyring::{KeyRing, Unlock};
use casecraft_core::protection::lock::{self, LockState};
use casecraft_core::search::SearchQuery;
use casecraft_core::store::{is_plaintext, DB_FILE};
use casecraft_core::{protection::backup, sync::folder, ErrorKind, Id, OpenOptions, Store};

const PASS: &str = "otter kettle seventy";
const SYNC_PASS: &str = "lantern quarry ninety";
/// Words written into the casework, looked for in every file at rest.
const WORDS: [&str; 4] = [
    "Zanzibar",
    "Quennell-Ashworth",
    "marmalade",
    "Practitioner Okonkwo",
];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn fill(store: &mut Store) -> Id {
    store
        .init_profile(NewProfile {
            display_name: "Practitioner Okonkwo".into(),
            role: Role::Practitioner,
        })
        .unwrap();
    let case = store
        .create_case(NewCase {
            subject: "Tilly Quennell-Ashworth".into(),
            summary: Some("Moved from Zanzibar last spring.".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut entry = NewEntry::new(EntryKind::HomeVisit);
    entry.body = "Tilly made marmalade toast and showed me her room.".into();
    store.create_entry(case, entry).unwrap();
    case
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..Default::default()
    }
}

fn unlock(dir: &Path, pass: &str) -> casecraft_core::Result<Store> {
    lock::unlock(dir, Unlock::Passphrase(pass))
}

#[test]
fn nothing_written_is_readable_at_rest_in_the_database_its_journal_the_sync_folder_or_a_backup() {
    let data = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(lock::state(data.path()).unwrap(), LockState::Empty);
    let (mut store, code) = lock::set_up(data.path(), PASS).unwrap();
    assert_eq!(lock::state(data.path()).unwrap(), LockState::Locked);
    let case = fill(&mut store);
    folder::init(&mut store, shared.path(), SYNC_PASS).unwrap();
    folder::run(&mut store).unwrap();
    let backup_file = out.path().join("casework.ccbackup");
    backup::create(&store, &backup_file, "a separate backup phrase").unwrap();

    // The store is still open: its latest pages are in the journal.
    let wal = data.path().join(format!("{DB_FILE}-wal"));
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the WAL holds the latest writes"
    );
    let mut scanned = files(data.path());
    scanned.extend(files(shared.path()));
    scanned.push(backup_file.clone());
    assert!(scanned.len() >= 5, "{scanned:?}");
    let code = code.to_string();
    for file in &scanned {
        let bytes = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        for secret in WORDS
            .iter()
            .copied()
            .chain([PASS, SYNC_PASS, code.as_str()])
        {
            assert!(
                !contains(&bytes, secret),
                "{secret:?} is readable in {name}"
            );
        }
    }
    assert!(!is_plaintext(&data.path().join(DB_FILE)).unwrap());

    // Without the key the database does not open, even while it is open elsewhere.
    let err = Store::open(&data.path().join(DB_FILE), &OpenOptions::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    drop(store);
    let store = unlock(data.path(), PASS).unwrap();
    assert_eq!(
        store.export_case(case).unwrap().case.subject,
        "Tilly Quennell-Ashworth"
    );
    let hits = store.search(&query("marmalade")).unwrap();
    assert_eq!(hits.len(), 1, "the search index works under encryption");
}

#[test]
fn a_wrong_passphrase_is_refused_and_repeated_ones_wait_longer_even_for_the_right_one() {
    let data = tempfile::tempdir().unwrap();
    let (store, _) = lock::set_up(data.path(), PASS).unwrap();
    drop(store);
    for _ in 0..3 {
        let err = unlock(data.path(), "otter kettle seventy-one").unwrap_err();
        assert_eq!(err.field(), Some("passphrase"), "{err}");
    }
    // The fourth attempt waits a second: refused without trying, the right passphrase too.
    let err = unlock(data.path(), PASS).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    assert!(err.to_string().contains("wait 1 second"), "{err}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let err = unlock(data.path(), "still wrong, still wrong").unwrap_err();
    assert_eq!(err.field(), Some("passphrase"), "{err}");
    let err = unlock(data.path(), PASS).unwrap_err();
    assert!(err.to_string().contains("wait 2 seconds"), "{err}");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    unlock(data.path(), PASS).unwrap();
    // A success starts the count again.
    let err = unlock(data.path(), "wrong again, once").unwrap_err();
    assert_eq!(err.field(), Some("passphrase"), "{err}");
    unlock(data.path(), PASS).unwrap();
}

#[test]
fn the_recovery_code_opens_the_casework_and_sets_a_new_passphrase() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, code) = lock::set_up(data.path(), PASS).unwrap();
    let case = fill(&mut store);
    drop(store);
    let err = lock::recover(
        data.path(),
        "0000-0000-0000-0000-0000-0000-0000-0000",
        "new phrase here",
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("recovery code"), "{err}");
    // Typed loosely: lower case, spaces instead of dashes.
    let typed = code.to_string().to_lowercase().replace('-', " ");
    let store = lock::recover(data.path(), &typed, "a brand new phrase").unwrap();
    assert_eq!(store.export_case(case).unwrap().case.id, case);
    drop(store);
    assert_eq!(
        unlock(data.path(), PASS).unwrap_err().field(),
        Some("passphrase")
    );
    unlock(data.path(), "a brand new phrase").unwrap();
    lock::unlock(data.path(), Unlock::Recovery(&code.to_string())).unwrap();
}

#[test]
fn changing_the_passphrase_re_encrypts_nothing_and_needs_the_current_one() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = lock::set_up(data.path(), PASS).unwrap();
    fill(&mut store);
    drop(store);
    let db = std::fs::read(data.path().join(DB_FILE)).unwrap();
    let ring = std::fs::read(data.path().join("keys.json")).unwrap();
    let err = lock::change_passphrase(data.path(), "not the passphrase", "a new phrase here")
        .unwrap_err();
    assert_eq!(err.field(), Some("current passphrase"), "{err}");
    let err = lock::change_passphrase(data.path(), PASS, "short").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(std::fs::read(data.path().join("keys.json")).unwrap(), ring);
    lock::change_passphrase(data.path(), PASS, "a new phrase here").unwrap();
    assert_eq!(std::fs::read(data.path().join(DB_FILE)).unwrap(), db);
    assert_ne!(std::fs::read(data.path().join("keys.json")).unwrap(), ring);
    unlock(data.path(), "a new phrase here").unwrap();
}

fn snapshot(store: &Store, cases: &[Id]) -> (Vec<String>, u64, Id, usize) {
    (
        cases
            .iter()
            .map(|c| store.export_case(*c).unwrap().to_json().unwrap())
            .collect(),
        store.op_count().unwrap(),
        store.device_id().unwrap(),
        store.search(&query("attendance")).unwrap().len(),
    )
}

#[test]
fn casework_from_before_encryption_is_encrypted_without_loss() {
    let (dir, store, cases) = common::caseload();
    let before = snapshot(&store, &cases);
    assert!(before.3 > 0);
    drop(store);
    assert_eq!(lock::state(dir.path()).unwrap(), LockState::Unencrypted);
    assert!(is_plaintext(&dir.path().join(DB_FILE)).unwrap());

    let (mut store, _) = lock::set_up(dir.path(), PASS).unwrap();
    assert_eq!(snapshot(&store, &cases), before);
    assert!(store.check().unwrap().is_healthy());
    drop(store);
    assert!(!is_plaintext(&dir.path().join(DB_FILE)).unwrap());
    let bytes = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    assert!(!contains(&bytes, "Amelia Hughes"));
    // Only the database, the key ring (and the log, if any) remain: no copy left behind.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [DB_FILE, "keys.json"]);
    assert_eq!(snapshot(&unlock(dir.path(), PASS).unwrap(), &cases), before);
    // Setting a passphrase again is refused.
    let err = lock::set_up(dir.path(), "another phrase entirely").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
}

#[test]
fn an_encryption_cut_short_after_the_key_ring_was_written_finishes_at_the_next_unlock() {
    let (dir, store, cases) = common::caseload();
    let before = snapshot(&store, &cases);
    drop(store);
    // The state a power cut leaves between writing the key ring and replacing the database.
    let (ring, _, _) = KeyRing::create(PASS).unwrap();
    ring.save(dir.path()).unwrap();
    assert!(is_plaintext(&dir.path().join(DB_FILE)).unwrap());
    let store = unlock(dir.path(), PASS).unwrap();
    assert_eq!(snapshot(&store, &cases), before);
    drop(store);
    assert!(!is_plaintext(&dir.path().join(DB_FILE)).unwrap());
}

#[test]
fn a_backup_of_encrypted_casework_restores_into_a_profile_with_another_key() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = lock::set_up(data.path(), PASS).unwrap();
    let case = fill(&mut store);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("casework.ccbackup");
    backup::create(&store, &file, "backup phrase ninety").unwrap();
    let expected = store.export_case(case).unwrap().to_json().unwrap();

    // A new machine: set up with its own passphrase (so its own key), then restore.
    let other = tempfile::tempdir().unwrap();
    let (fresh, _) = lock::set_up(other.path(), "the new machine's phrase").unwrap();
    let key = fresh.key().cloned().unwrap();
    assert_ne!(Some(&key), store.key());
    drop(fresh);
    // Into an unencrypted profile it is refused: it would have to be decrypted.
    let plain = tempfile::tempdir().unwrap();
    let err = backup::restore(plain.path(), &file, "backup phrase ninety", None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    backup::restore(other.path(), &file, "backup phrase ninety", Some(&key)).unwrap();
    let mut restored = unlock(other.path(), "the new machine's phrase").unwrap();
    assert_eq!(
        restored.export_case(case).unwrap().to_json().unwrap(),
        expected
    );
    assert!(restored.check().unwrap().is_healthy());
    // Nothing left beside the restored store.
    let leftovers: Vec<_> = std::fs::read_dir(other.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_damaged_encrypted_database_is_an_error_not_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let (mut store, _) = lock::set_up(data.path(), PASS).unwrap();
    fill(&mut store);
    drop(store);
    let path = data.path().join(DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[200] ^= 0x40;
    std::fs::write(&path, &bytes).unwrap();
    let err = unlock(data.path(), PASS).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{err}");
    // Cut short to its first page: also an error.
    std::fs::write(&path, &bytes[..4096]).unwrap();
    assert!(unlock(data.path(), PASS).is_err());
}

#[cfg(unix)]
#[test]
fn every_file_of_the_casework_is_its_owners_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("casecraft");
    let (mut store, _code) = lock::set_up(&dir, PASS).unwrap();
    fill(&mut store);
    let backup_file = home.path().join("casework.ccb");
    backup::create(&store, &backup_file, PASS).unwrap();
    let exported = home.path().join("case.md");
    casecraft_core::documents::case_documents::save_new_file(&exported, "# A case\n").unwrap();
    assert_eq!(mode(&dir), 0o700, "the data folder");
    for file in files(&dir) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert!(
        dir.join(format!("{DB_FILE}-wal")).exists(),
        "the journal is checked too"
    );
    assert_eq!(mode(&backup_file), 0o600, "a backup");
    assert_eq!(mode(&exported), 0o600, "an exported document");
    drop(store);

    // Files an earlier version left readable by others are tightened when the casework opens.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for file in files(&dir) {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let _store = lock::unlock(&dir, Unlock::Passphrase(PASS)).unwrap();
    assert_eq!(mode(&dir), 0o700);
    for name in [DB_FILE.to_string(), format!("{DB_FILE}-wal")] {
        assert_eq!(mode(&dir.join(&name)), 0o600, "{name}");
    }
}
