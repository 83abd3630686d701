//! Backups and exports to a USB stick, through the real `casecraft` binary: a FAT filesystem
//! image made with `mkfs.fat` and mounted with the FUSE driver `fusefat` (no kernel module, so
//! it runs wherever `/dev/fuse` does). FAT has no hard links, and its driver reports a full
//! stick as "operation not permitted".
//!
//! Needs `mkfs.fat` (dosfstools), `fusefat` and `fusermount` (`make deps` installs them). Skipped
//! with a note only when not running as root and `/dev/fuse` cannot be opened; as root (as in CI)
//! it always runs.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use casecraft_e2e::Device;

/// How long mounting and unmounting may take.
const MOUNT_WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

#[test]
fn a_backup_and_an_export_go_to_a_fat_stick_and_never_overwrite_a_file_there() {
    if !fuse_usable() {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let laptop = Device::new(&home.path().join("laptop"));
    laptop.ok(&["init", "--name", "Sam Reed"]);
    let case = laptop.ok(&["case", "new", "--subject", "Amelia Hughes"]);
    laptop.ok_with(
        &["entry", "add", &case, "--kind", "home-visit"],
        Some("Amelia showed me her drawings."),
    );
    // A FAT32 stick, as most are formatted.
    let stick = Stick::mount(
        home.path(),
        64 * 1024 * 1024,
        &["-F", "32"],
        Access::ReadWrite,
    );

    let backup = stick.path("casework.ccb");
    let said = laptop.ok(&["backup", &backup]);
    assert!(said.contains("Backed up"), "{said}");
    assert!(laptop
        .refused(&["backup", &backup])
        .contains("already exists"));
    // The backup restores on a new machine, straight from the stick.
    let replacement = Device::new(&home.path().join("replacement"));
    let restored = replacement.ok(&["restore", &backup]);
    assert!(restored.contains("Restored the backup"), "{restored}");
    let json = |d: &Device| d.ok(&["export", "case", &case, "--format", "json"]);
    assert_eq!(json(&replacement), json(&laptop));

    let md = stick.path("amelia.md");
    laptop.ok(&["export", "case", &case, "--format", "md", "--output", &md]);
    let first = fs::read_to_string(&md).expect("the export on the stick");
    assert!(first.contains("Amelia Hughes"), "{first}");
    // The same name again: refused, the first export untouched.
    let again = laptop.refused(&["export", "case", &case, "--format", "json", "--output", &md]);
    assert!(
        again.contains("already exists; choose a new name"),
        "{again}"
    );
    assert_eq!(fs::read_to_string(&md).expect("the export"), first);
    // Nothing but the two files: no temporary file, no placeholder.
    assert_eq!(stick.files(), names(&["amelia.md", "casework.ccb"]));
}

#[test]
fn a_backup_or_export_to_a_full_stick_says_so_and_leaves_nothing_on_it() {
    if !fuse_usable() {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let laptop = Device::new(&home.path().join("laptop"));
    laptop.ok(&["init", "--name", "Sam Reed"]);
    let case = laptop.ok(&["case", "new", "--subject", "Theo Walker"]);
    // About 1 MiB of visit notes: more than the stick holds, backed up or exported.
    laptop.ok_with(
        &["entry", "add", &case, "--kind", "home-visit"],
        Some(&incompressible(1024 * 1024)),
    );
    let stick = Stick::mount(home.path(), 512 * 1024, &[], Access::ReadWrite);

    let backup = stick.path("casework.ccb");
    let md = stick.path("theo.md");
    let attempts: [(&str, Vec<&str>); 2] = [
        ("backup", vec!["backup", &backup]),
        (
            "export",
            vec!["export", "case", &case, "--format", "md", "--output", &md],
        ),
    ];
    for (what, args) in attempts {
        let out = laptop.run(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // A storage failure, not the person's mistake.
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(
            stderr.contains("the disk is full; free some space (or use another drive)"),
            "{what}: {stderr}"
        );
        assert!(!stderr.contains("permission"), "{what}: {stderr}");
        // No partial file, no temporary file, no placeholder.
        assert_eq!(stick.files(), BTreeSet::new(), "{what} left files");
    }
    // The stick is usable again: a small export fits.
    let small = stick.path("small.json");
    let other = laptop.ok(&["case", "new", "--subject", "Kwame Okafor"]);
    laptop.ok(&[
        "export", "case", &other, "--format", "json", "--output", &small,
    ]);
    assert_eq!(stick.files(), names(&["small.json"]));
}

#[test]
fn a_read_only_stick_is_named_as_such() {
    if !fuse_usable() {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let laptop = Device::new(&home.path().join("laptop"));
    laptop.ok(&["init", "--name", "Sam Reed"]);
    let case = laptop.ok(&["case", "new", "--subject", "Amelia Hughes"]);
    let stick = Stick::mount(home.path(), 2 * 1024 * 1024, &[], Access::ReadOnly);

    let backup = stick.path("casework.ccb");
    let md = stick.path("amelia.md");
    let attempts: [(&str, Vec<&str>); 2] = [
        ("backup", vec!["backup", &backup]),
        ("export", vec!["export", "case", &case, "--output", &md]),
    ];
    for (what, args) in attempts {
        let out = laptop.run(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(
            stderr.contains("the drive is read-only"),
            "{what}: {stderr}"
        );
        assert!(!stderr.contains("permission"), "{what}: {stderr}");
    }
    assert_eq!(stick.files(), BTreeSet::new());
}

/// How the stick is mounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    ReadWrite,
    /// As a stick whose lock switch is on.
    ReadOnly,
}

/// A FAT image mounted with `fusefat`: unmounted, and the driver gone, when dropped.
struct Stick {
    mount_point: PathBuf,
    driver: Child,
    log: PathBuf,
}

impl Stick {
    /// Makes a `bytes`-byte FAT image (`mkfs.fat` with `mkfs_args`) under `home` and mounts it;
    /// panics saying what did not happen.
    fn mount(home: &Path, bytes: u64, mkfs_args: &[&str], access: Access) -> Stick {
        let image = home.join("stick.img");
        File::create(&image)
            .and_then(|f| f.set_len(bytes))
            .expect("create the stick's image");
        let made = Command::new("mkfs.fat")
            .args(mkfs_args)
            .arg(&image)
            .output()
            .unwrap_or_else(|e| panic!("mkfs.fat could not run ({e}); run `make deps`"));
        assert!(
            made.status.success(),
            "mkfs.fat failed: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let mount_point = home.join("stick");
        fs::create_dir(&mount_point).expect("create the mount point");
        let mount_point = mount_point.canonicalize().expect("the mount point");
        let log = home.join("fusefat.log");
        let log_file = File::create(&log).expect("create the driver's log");
        // In the foreground, so the driver is this test's child and is waited for.
        let driver = Command::new("fusefat")
            .args(["-f", "-o"])
            .arg(match access {
                // fusefat calls its writing "experimental" and wants it asked for so.
                Access::ReadWrite => "rw+",
                Access::ReadOnly => "ro",
            })
            .arg(&image)
            .arg(&mount_point)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("the driver's log"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("fusefat could not start ({e}); run `make deps`"));
        let mut stick = Stick {
            mount_point,
            driver,
            log,
        };
        let deadline = Instant::now() + MOUNT_WAIT;
        // Nothing is written until the mount is seen: before it, the folder is on the real disk.
        while !mounted(&stick.mount_point) {
            if let Ok(Some(status)) = stick.driver.try_wait() {
                panic!(
                    "fusefat exited ({status}) without mounting the stick: {}",
                    stick.log_tail()
                );
            }
            assert!(
                Instant::now() < deadline,
                "fusefat did not mount the stick within {MOUNT_WAIT:?}: {}",
                stick.log_tail()
            );
            std::thread::sleep(POLL);
        }
        stick
    }

    /// The path of `name` on the stick, as the CLI is given it.
    fn path(&self, name: &str) -> String {
        self.mount_point.join(name).display().to_string()
    }

    /// Every name in the stick's top folder.
    fn files(&self) -> BTreeSet<String> {
        assert!(mounted(&self.mount_point), "the stick is no longer mounted");
        fs::read_dir(&self.mount_point)
            .expect("list the stick")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    fn log_tail(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Stick {
    fn drop(&mut self) {
        for unmount in [
            &["fusermount", "-u"][..],
            &["fusermount3", "-u"],
            &["umount"],
        ] {
            if !mounted(&self.mount_point) {
                break;
            }
            let _ = Command::new(unmount[0])
                .args(&unmount[1..])
                .arg(&self.mount_point)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        if mounted(&self.mount_point) {
            eprintln!(
                "could not unmount the test stick at {}",
                self.mount_point.display()
            );
        }
        // Unmounted, the driver exits by itself; it is killed (by its pid) if it does not.
        let deadline = Instant::now() + MOUNT_WAIT;
        while matches!(self.driver.try_wait(), Ok(None)) {
            if Instant::now() >= deadline {
                eprintln!("fusefat did not exit within {MOUNT_WAIT:?} of unmounting; killing it");
                let _ = self.driver.kill();
                let _ = self.driver.wait();
                break;
            }
            std::thread::sleep(POLL);
        }
    }
}

/// Whether `dir` is a mount point now (per `/proc/self/mountinfo`).
fn mounted(dir: &Path) -> bool {
    let want = dir.display().to_string();
    fs::read_to_string("/proc/self/mountinfo")
        .unwrap_or_default()
        .lines()
        .any(|line| line.split(' ').nth(4) == Some(want.as_str()))
}

/// True when FUSE mounts can be made here. As root (as in CI) it is always true, so a broken
/// setup fails the test rather than skipping it.
fn fuse_usable() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let root = fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if root
        || fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/fuse")
            .is_ok()
    {
        return true;
    }
    eprintln!("skipped: not running as root and /dev/fuse cannot be opened, so no FAT stick can be mounted here");
    false
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|n| n.to_string()).collect()
}

/// `n` letters and spaces that do not compress.
fn incompressible(n: usize) -> String {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let v = (x >> 33) % 27;
            if v == 26 {
                ' '
            } else {
                char::from(b'a' + v as u8)
            }
        })
        .collect()
}
