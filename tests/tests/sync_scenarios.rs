//! Devices syncing through one shared folder, each its own data folder,
//! all through the real `casecraft` binary.

use std::path::Path;

use casecraft_e2e::Device;

const PASS: &str = "orange kettle seventeen";

/// A laptop and a desktop that share a vault in `folder`.
fn two_devices(home: &Path, folder: &Path) -> (Device, Device) {
    let laptop = Device::new(&home.join("laptop")).with_env("CASECRAFT_SYNC_PASSPHRASE", PASS);
    let desktop = Device::new(&home.join("desktop")).with_env("CASECRAFT_SYNC_PASSPHRASE", PASS);
    laptop.ok(&["init", "--name", "Sam Reed"]);
    desktop.ok(&["init", "--name", "Sam Reed (office)"]);
    laptop.ok(&["sync", "init", &folder.display().to_string()]);
    desktop.ok(&["sync", "join", &folder.display().to_string()]);
    (laptop, desktop)
}

fn export(d: &Device, case: &str) -> String {
    d.ok(&["export", "case", case, "--format", "json"])
}

#[test]
fn offline_edits_on_both_sides_converge() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("usb");
    let (laptop, desktop) = two_devices(home.path(), &folder);
    let case = laptop.ok(&["case", "new", "--subject", "Amelia Hughes"]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    // Both offline for a while.
    laptop.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        "Visit from the car.",
    ]);
    desktop.ok(&[
        "person",
        "add",
        &case,
        "--name",
        "Rosie Hughes",
        "--relationship",
        "mother",
    ]);
    desktop.ok(&["action", "add", &case, "--text", "Book review"]);
    let status = desktop.json(&["sync", "status"]);
    assert!(
        status["pending"].as_u64().expect("pending") >= 2,
        "{status}"
    );
    for _ in 0..2 {
        laptop.ok(&["sync", "run"]);
        desktop.ok(&["sync", "run"]);
    }
    assert_eq!(export(&laptop, &case), export(&desktop, &case));
    assert_eq!(desktop.json(&["sync", "status"])["pending"], 0);
    assert!(laptop.ok(&["doctor"]).contains("Healthy"));
}

#[test]
fn the_same_reflection_section_edited_on_two_devices_keeps_both_edits() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("cloud");
    let (laptop, desktop) = two_devices(home.path(), &folder);
    let r = laptop.ok(&[
        "reflect",
        "new",
        "--model",
        "driscoll",
        "--section",
        "what=I visited the family.\nThey were tired.",
    ]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&[
        "reflect",
        "edit",
        &r,
        "--section",
        "what=I visited the family on Monday.\nThey were tired.",
    ]);
    desktop.ok(&[
        "reflect",
        "edit",
        &r,
        "--section",
        "what=I visited the family.\nThey were tired but welcoming.",
    ]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    for d in [&laptop, &desktop] {
        let shown = d.json(&["reflect", "show", &r]);
        assert_eq!(
            shown["sections"][0]["text"],
            "I visited the family on Monday.\nThey were tired but welcoming."
        );
        let merged = d.json(&["conflicts", "list"])["merged_bodies"].clone();
        assert_eq!(
            merged[0]["field"], "section.what",
            "flagged merged — review: {merged}"
        );
    }
    laptop.ok(&[
        "conflicts",
        "resolve",
        &r,
        "--field",
        "section.what",
        "--reviewed",
    ]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    let merged = desktop.json(&["conflicts", "list"])["merged_bodies"].clone();
    assert!(merged.as_array().expect("list").is_empty(), "{merged}");
}

#[test]
fn a_field_set_differently_on_two_devices_is_a_conflict_resolved_once_for_all() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("share");
    let (laptop, desktop) = two_devices(home.path(), &folder);
    let case = laptop.ok(&["case", "new", "--subject", "Kwame Okafor"]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["case", "edit", &case, "--reference", "LAP-1"]);
    desktop.ok(&["case", "edit", &case, "--reference", "DESK-2"]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["sync", "run"]);
    let conflicts = desktop.json(&["conflicts", "list"])["fields"].clone();
    assert_eq!(conflicts.as_array().expect("list").len(), 1, "{conflicts}");
    assert_eq!(conflicts[0]["field"], "reference");
    assert_eq!(
        laptop.json(&["conflicts", "list"])["fields"]
            .as_array()
            .expect("list")
            .len(),
        1
    );
    let keep = conflicts[0]["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|v| v["value"] == "LAP-1")
        .and_then(|v| v["op_id"].as_str())
        .expect("LAP-1 is one of the values")
        .to_string();
    desktop.ok(&[
        "conflicts",
        "resolve",
        &case,
        "--field",
        "reference",
        "--keep",
        &keep,
    ]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["sync", "run"]);
    for d in [&laptop, &desktop] {
        assert!(d.json(&["conflicts", "list"])["fields"]
            .as_array()
            .expect("list")
            .is_empty());
        assert_eq!(d.json(&["case", "show", &case])["reference"], "LAP-1");
    }
}

#[test]
fn clocks_a_day_fast_and_a_day_slow_still_converge_and_order_edits() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("usb");
    let fast = Device::new(&home.path().join("fast"))
        .with_env("CASECRAFT_SYNC_PASSPHRASE", PASS)
        .with_clock_offset("+24h");
    let slow = Device::new(&home.path().join("slow"))
        .with_env("CASECRAFT_SYNC_PASSPHRASE", PASS)
        .with_clock_offset("-24h");
    fast.ok(&["init", "--name", "Fast clock"]);
    slow.ok(&["init", "--name", "Slow clock"]);
    fast.ok(&["sync", "init", &folder.display().to_string()]);
    slow.ok(&["sync", "join", &folder.display().to_string()]);
    let case = fast.ok(&["case", "new", "--subject", "Ivy Nowak"]);
    fast.ok(&["case", "edit", &case, "--reference", "FAST"]);
    fast.ok(&["sync", "run"]);
    slow.ok(&["sync", "run"]);
    // The slow device edits after seeing the fast one's edit: its edit wins
    // although its wall clock is two days behind.
    slow.ok(&["case", "edit", &case, "--reference", "SLOW-LATER"]);
    slow.ok(&["sync", "run"]);
    fast.ok(&["sync", "run"]);
    for d in [&fast, &slow] {
        assert_eq!(d.json(&["case", "show", &case])["reference"], "SLOW-LATER");
        assert!(d.json(&["conflicts", "list"])["fields"]
            .as_array()
            .expect("list")
            .is_empty());
    }
    assert_eq!(export(&fast, &case), export(&slow, &case));
}

#[test]
fn faults_are_clear_errors_that_change_nothing() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("usb");
    let (laptop, desktop) = two_devices(home.path(), &folder);
    let case = laptop.ok(&["case", "new", "--subject", "Theo Walker"]);
    laptop.ok(&["sync", "run"]);

    // Wrong passphrase: refused, nothing set up.
    let stranger = Device::new(&home.path().join("stranger"))
        .with_env("CASECRAFT_SYNC_PASSPHRASE", "a different passphrase");
    stranger.ok(&["init", "--name", "Stranger"]);
    let err = stranger.refused(&["sync", "join", &folder.display().to_string()]);
    assert!(err.contains("passphrase"), "{err}");
    // No passphrase source at all, and no terminal: told how to give one.
    let bare = Device::new(&home.path().join("bare"));
    bare.ok(&["init", "--name", "Bare"]);
    let err = bare.refused(&["sync", "init", &home.path().join("x").display().to_string()]);
    assert!(err.contains("CASECRAFT_SYNC_PASSPHRASE"), "{err}");

    // A flipped byte in a segment: exit non-zero, the message names the file, nothing applied.
    let segment = std::fs::read_dir(folder.join("devices"))
        .expect("devices")
        .flat_map(|d| std::fs::read_dir(d.expect("dir").path()).expect("device dir"))
        .map(|f| f.expect("file").path())
        .find(|p| p.extension().is_some_and(|e| e == "ccs"))
        .expect("a segment");
    let good = std::fs::read(&segment).expect("segment bytes");
    let mut bad = good.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 1;
    std::fs::write(&segment, &bad).expect("write");
    let out = desktop.run(&["sync", "run"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "damage is not the person's input error"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("seg-") && err.contains("damaged"), "{err}");
    assert!(
        desktop
            .refused(&["case", "show", &case])
            .contains("no case"),
        "nothing from the damaged segment was applied"
    );
    // Put it back: the next run works.
    std::fs::write(&segment, &good).expect("restore");
    desktop.ok(&["sync", "run"]);
    assert_eq!(
        desktop.json(&["case", "show", &case])["subject"],
        "Theo Walker"
    );

    // The drive is unplugged: refused, local data untouched.
    std::fs::rename(&folder, home.path().join("unplugged")).expect("unplug");
    let err = laptop.refused(&["sync", "run"]);
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(laptop.ok(&["doctor"]).contains("Healthy"));
}

#[test]
fn a_case_deleted_on_one_device_while_edited_on_the_other_is_kept_and_flagged() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("usb");
    let (laptop, desktop) = two_devices(home.path(), &folder);
    let case = laptop.ok(&["case", "new", "--subject", "Oscar Green"]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["case", "delete", &case]);
    desktop.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "phone-call",
        "--body",
        "Mum called about the move.",
    ]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["sync", "run"]);
    for d in [&laptop, &desktop] {
        assert_eq!(d.json(&["case", "show", &case])["deleted"], false, "kept");
        let deletions = d.json(&["conflicts", "list"])["deletions"].clone();
        assert_eq!(deletions[0]["record_id"], case.as_str(), "{deletions}");
    }
    desktop.ok(&[
        "conflicts",
        "resolve",
        &case,
        "--field",
        "deleted",
        "--value",
        "keep",
    ]);
    desktop.ok(&["sync", "run"]);
    laptop.ok(&["sync", "run"]);
    for d in [&laptop, &desktop] {
        assert!(d.json(&["conflicts", "list"])["deletions"]
            .as_array()
            .expect("list")
            .is_empty());
        assert_eq!(
            d.json(&["entry", "list", &case])
                .as_array()
                .expect("entries")
                .len(),
            1
        );
    }
}

#[test]
fn logs_never_hold_case_content_or_the_passphrase() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("usb");
    let (laptop, desktop) = two_devices(home.path(), &folder);
    let case = laptop.ok(&[
        "case",
        "new",
        "--subject",
        "Quentin Zarathustra",
        "--summary",
        "marmalade incident",
    ]);
    laptop.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        "Spoke about the xylophone.",
    ]);
    laptop.refused(&["case", "close", &case, "--rationale", " "]);
    laptop.ok(&["search", "xylophone"]);
    laptop.ok(&["sync", "run"]);
    desktop.ok(&["sync", "run"]);
    for d in [&laptop, &desktop] {
        let log = std::fs::read_to_string(d.dir().join("casecraft.log"))
            .expect("a log in the data folder");
        assert!(!log.is_empty());
        for secret in [
            "Quentin",
            "Zarathustra",
            "marmalade",
            "xylophone",
            PASS,
            casecraft_e2e::DEVICE_PASSPHRASE,
        ] {
            assert!(!log.contains(secret), "{secret} in the log:\n{log}");
        }
    }
}

/// Text that neither compresses nor repeats: `n` letters and spaces from a fixed LCG.
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

#[test]
fn a_full_sync_drive_is_a_clear_error_and_the_next_round_completes() {
    let home = tempfile::tempdir().expect("temp dir");
    let drive = home.path().join("drive");
    std::fs::create_dir_all(&drive).expect("drive mount point");
    let laptop = Device::new(&home.path().join("laptop"));
    let desktop = Device::new(&home.path().join("desktop"));
    laptop.ok(&["init", "--name", "Sam Reed"]);
    desktop.ok(&["init", "--name", "Sam Reed (office)"]);
    let case = laptop.ok(&["case", "new", "--subject", "Theo Walker"]);
    // About 300 KiB of visit notes: more than the 128 KiB drive holds.
    laptop.ok_with(
        &["entry", "add", &case, "--kind", "home-visit"],
        Some(&incompressible(300 * 1024)),
    );
    // A small drive of its own (tmpfs in a private mount namespace; no root needed): full at
    // the first push, then "swapped" for a bigger one by resizing it.
    let script = r#"
        mount -t tmpfs -o size=128k casecraft-drive "$DRIVE" || exit 90
        "$BIN" --data-dir "$LAPTOP" sync init "$DRIVE/vault" >/dev/null || exit 91
        "$BIN" --data-dir "$DESKTOP" sync join "$DRIVE/vault" >/dev/null || exit 92
        "$BIN" --data-dir "$LAPTOP" sync run
        echo "full-exit=$?"
        echo "left-on-drive=$(find "$DRIVE/vault/devices" -type f | wc -l)"
        "$BIN" --data-dir "$LAPTOP" doctor
        mount -o remount,size=8m "$DRIVE" || exit 93
        "$BIN" --data-dir "$LAPTOP" sync run >/dev/null; echo "retry-exit=$?"
        "$BIN" --data-dir "$DESKTOP" sync run >/dev/null; echo "pull-exit=$?"
    "#;
    let out = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("BIN", casecraft_e2e::cli_binary())
        .env("DRIVE", &drive)
        .env("LAPTOP", laptop.dir())
        .env("DESKTOP", desktop.dir())
        .env("CASECRAFT_SYNC_PASSPHRASE", PASS)
        .env("CASECRAFT_PASSPHRASE", casecraft_e2e::DEVICE_PASSPHRASE)
        .output()
        .expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the drive script failed ({}): {stdout}\n{stderr}",
        out.status
    );
    // Reported as a storage failure, naming the cause and what to do.
    assert!(stdout.contains("full-exit=1"), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("the disk is full; free some space (or use another drive) and try again"),
        "{stderr}"
    );
    // No partial segment left behind, the local store untouched and healthy.
    assert!(stdout.contains("left-on-drive=0"), "{stdout}");
    assert!(stdout.contains("Healthy"), "{stdout}");
    // With room again, the round completes and the other device gets everything.
    assert!(stdout.contains("retry-exit=0"), "{stdout}\n{stderr}");
    assert!(stdout.contains("pull-exit=0"), "{stdout}\n{stderr}");
    assert_eq!(export(&laptop, &case), export(&desktop, &case));
}
