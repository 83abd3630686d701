//! Upgrades keep every record. Each folder under `tests/fixtures/upgrades/` is casework written by
//! an earlier release (made once with `tests/fixtures/make_fixture.py` and never rewritten): an
//! encrypted data folder, a sync folder it synced with, a backup, and what that release read
//! back. This release opens a copy of each — migrating it — and must read back every field the
//! old one printed, unchanged; `doctor --check` must find it healthy; the backup must restore and
//! the sync folder must bring every case to a new device.

use std::path::{Path, PathBuf};

use casecraft_e2e::Device;
use serde_json::Value;

/// Fields that differ by design once a fixture is opened from a copy: a copied data folder takes
/// its own device id before it writes anything (ARCHITECTURE: Sync), as does a restored one.
const CHANGES_BY_DESIGN: &[&str] = &["device_id"];

struct Fixture {
    name: String,
    root: PathBuf,
    about: Value,
    reads: Vec<(String, Vec<String>)>,
}

impl Fixture {
    fn all() -> Vec<Fixture> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/upgrades");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&root)
            .expect("tests/fixtures/upgrades")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.join("fixture.json").is_file())
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|root| {
                let read = |f: &str| -> Value {
                    serde_json::from_str(
                        &std::fs::read_to_string(root.join(f)).expect("fixture file"),
                    )
                    .expect("fixture JSON")
                };
                let reads = read("expected/reads.json")
                    .as_object()
                    .expect("reads")
                    .iter()
                    .map(|(file, args)| {
                        let args = args
                            .as_array()
                            .expect("arguments")
                            .iter()
                            .map(|a| a.as_str().expect("argument").to_string())
                            .collect();
                        (file.clone(), args)
                    })
                    .collect();
                Fixture {
                    name: root
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned(),
                    about: read("fixture.json"),
                    reads,
                    root,
                }
            })
            .collect()
    }

    fn secret(&self, key: &str) -> &str {
        self.about[key]
            .as_str()
            .expect("a passphrase in fixture.json")
    }

    /// This fixture's data folder copied into `home` and opened as a device of this release.
    fn device(&self, home: &Path) -> Device {
        let dir = home.join(&self.name);
        copy_folder(&self.root.join("data"), &dir);
        Device::new(&dir)
            .with_env("CASECRAFT_PASSPHRASE", self.secret("passphrase"))
            .with_env("TZ", "Europe/London")
    }

    /// Every read the old release made gives at least what it gave, on `device`.
    fn reads_back(&self, device: &Device, only_cases: bool) {
        assert!(
            self.reads.len() >= 5,
            "{}: a fixture reads its cases and more",
            self.name
        );
        for (file, args) in &self.reads {
            if only_cases && !file.starts_with("case-") {
                continue;
            }
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(self.root.join("expected").join(file))
                    .expect("expected output"),
            )
            .expect("expected JSON");
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let now: Value = serde_json::from_str(&device.ok(&args)).unwrap_or_else(|e| {
                panic!("{}: `{}` printed no JSON: {e}", self.name, args.join(" "))
            });
            let mut differences = Vec::new();
            keeps(&expected, &now, file, &mut differences);
            assert!(
                differences.is_empty(),
                "{}: `casecraft {}` lost or changed what the release that made it recorded:\n{}",
                self.name,
                args.join(" "),
                differences.join("\n")
            );
        }
    }
}

/// Whether `now` still holds everything `before` held: every field of an object (new fields
/// may be added), every item of a list in order, every value the same.
fn keeps(before: &Value, now: &Value, at: &str, differences: &mut Vec<String>) {
    match (before, now) {
        (Value::Object(b), Value::Object(n)) => {
            for (key, value) in b {
                if CHANGES_BY_DESIGN.contains(&key.as_str()) {
                    continue;
                }
                match n.get(key) {
                    Some(v) => keeps(value, v, &format!("{at}.{key}"), differences),
                    None => differences.push(format!("{at}.{key}: gone (was {value})")),
                }
            }
        }
        (Value::Array(b), Value::Array(n)) if b.len() == n.len() => {
            for (i, (x, y)) in b.iter().zip(n).enumerate() {
                keeps(x, y, &format!("{at}[{i}]"), differences);
            }
        }
        (Value::Array(b), Value::Array(n)) => {
            differences.push(format!("{at}: {} items, was {}", n.len(), b.len()))
        }
        _ if before == now => {}
        _ => differences.push(format!("{at}: {now}, was {before}")),
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy fixture file");
        }
    }
}

#[test]
fn there_is_a_fixture_from_before_the_trust_issue_and_one_from_the_current_schema() {
    let fixtures = Fixture::all();
    let made_by: Vec<&str> = fixtures
        .iter()
        .map(|f| f.about["made_by"].as_str().expect("made_by"))
        .collect();
    assert!(fixtures.len() >= 2, "fixtures: {made_by:?}");
    for fixture in &fixtures {
        for part in ["data/casecraft.db", "data/keys.json", "backup.ccbackup"] {
            assert!(
                fixture.root.join(part).is_file(),
                "{}: {part} is missing (is it committed?)",
                fixture.name
            );
        }
    }
    assert!(
        made_by.iter().any(|m| !m.contains("schema")),
        "the release before the trust issue printed no schema: {made_by:?}"
    );
    let current = format!(
        "database schema {}",
        casecraft_e2e::Device::new(Path::new("/nonexistent"))
            .ok(&["--version"])
            .rsplit("schema ")
            .next()
            .expect("schema")
            .trim_end_matches(')')
    );
    assert!(
        made_by.iter().any(|m| m.contains(&current)),
        "no fixture made at the current schema ({current}): {made_by:?}"
    );
}

#[test]
fn casework_written_by_an_earlier_release_reads_back_the_same_after_upgrading() {
    let home = tempfile::tempdir().expect("temp dir");
    for fixture in Fixture::all() {
        let device = fixture.device(home.path());
        fixture.reads_back(&device, false);
        // Read twice: the migration ran once and the second open changes nothing.
        fixture.reads_back(&device, false);
        let health = device.ok(&["doctor", "--check"]);
        assert!(health.contains("Healthy"), "{}: {health}", fixture.name);
        // The upgraded store takes new work and stays healthy.
        let case = device.ok(&["case", "new", "--subject", "After the upgrade"]);
        device.ok(&[
            "entry",
            "add",
            &case,
            "--kind",
            "phone-call",
            "--body",
            "First call after upgrading.",
        ]);
        assert!(device.ok(&["doctor", "--check"]).contains("Healthy"));
    }
}

#[test]
fn a_backup_made_by_an_earlier_release_restores_every_record() {
    let home = tempfile::tempdir().expect("temp dir");
    for fixture in Fixture::all() {
        let device = Device::new(&home.path().join(&fixture.name))
            .with_env("CASECRAFT_PASSPHRASE", fixture.secret("passphrase"))
            .with_env(
                "CASECRAFT_BACKUP_PASSPHRASE",
                fixture.secret("backup_passphrase"),
            )
            .with_env("TZ", "Europe/London");
        let backup = fixture.root.join("backup.ccbackup");
        let restored = device.ok(&["restore", &backup.display().to_string()]);
        assert!(
            restored.contains("new device id"),
            "{}: {restored}",
            fixture.name
        );
        fixture.reads_back(&device, false);
        assert!(device.ok(&["doctor", "--check"]).contains("Healthy"));
    }
}

#[test]
fn a_sync_folder_written_by_an_earlier_release_brings_every_case_to_a_new_device() {
    let home = tempfile::tempdir().expect("temp dir");
    for fixture in Fixture::all() {
        let folder = home.path().join(format!("{}-sync", fixture.name));
        copy_folder(&fixture.root.join("sync"), &folder);
        let device = Device::new(&home.path().join(format!("{}-new", fixture.name)))
            .with_env(
                "CASECRAFT_SYNC_PASSPHRASE",
                fixture.secret("sync_passphrase"),
            )
            .with_env("TZ", "Europe/London");
        device.ok(&["init", "--name", "Sam on a new laptop"]);
        device.ok(&["sync", "join", &folder.display().to_string()]);
        device.ok(&["sync", "run"]);
        fixture.reads_back(&device, true);
        assert!(device.ok(&["doctor", "--check"]).contains("Healthy"));
    }
}
