//! The Debian package as an organisation's IT installs it: `make package` builds it, and
//! `make installed-test` runs this test with `CASECRAFT_DEB` naming it (as root, or with
//! `CASECRAFT_SUDO=sudo`). It installs the package, runs the installed `casecraft --version` and
//! `man casecraft`, opens the installed app through tauri-driver, sets up a passphrase, records a
//! visit, quits, starts it again and finds the visit; then removes the package and checks the
//! person's data folder is untouched.
//!
//! Without `CASECRAFT_DEB` it says so and checks nothing: the lane needs a package to install.

use std::path::{Path, PathBuf};
use std::process::Command;

use casecraft_e2e::{App, Device, DEFAULT_WAIT};

const INSTALLED_CLI: &str = "/usr/bin/casecraft";
const INSTALLED_APP: &str = "/usr/bin/casecraft-desktop";

fn admin(args: &[&str]) -> String {
    let sudo = std::env::var("CASECRAFT_SUDO").unwrap_or_default();
    let mut command = if sudo.is_empty() {
        Command::new(args[0])
    } else {
        let mut c = Command::new(&sudo);
        c.arg(args[0]);
        c
    };
    let out = command
        .args(&args[1..])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", args.join(" ")));
    assert!(
        out.status.success(),
        "`{}` failed: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` with its bytes, sorted.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read data folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                all.push((path, bytes));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn the_installed_package_runs_keeps_casework_and_leaves_it_when_removed() {
    let Some(deb) = std::env::var_os("CASECRAFT_DEB").map(PathBuf::from) else {
        eprintln!(
            "CASECRAFT_DEB is not set: run `make installed-test` to install and test the package"
        );
        return;
    };
    assert!(deb.is_file(), "{} is not a package", deb.display());
    let info = admin(&[
        "dpkg-deb",
        "--field",
        &deb.display().to_string(),
        "Package",
        "Depends",
    ]);
    assert!(info.contains("Package: casecraft"), "{info}");
    assert!(
        info.contains("libwebkit2gtk-4.1-0"),
        "the runtime, not -dev: {info}"
    );
    assert!(!info.contains("-dev"), "{info}");

    // apt resolves the package's Depends from the archive, as IT's tooling would. Slimmed
    // images tell dpkg to leave manual pages out; this test reads them, so it asks for them.
    admin(&[
        "apt-get",
        "install",
        "-y",
        "-q",
        "-o",
        "Dpkg::Options::=--path-include=/usr/share/man/*",
        &deb.display().to_string(),
    ]);
    std::env::set_var("CASECRAFT_CLI_BIN", INSTALLED_CLI);
    std::env::set_var("CASECRAFT_DESKTOP_BIN", INSTALLED_APP);

    let version = Command::new(INSTALLED_CLI)
        .arg("--version")
        .output()
        .expect("run the installed casecraft");
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.starts_with("casecraft ") && version.contains("database schema "),
        "{version}"
    );
    let manual = Command::new("man")
        .args(["-P", "cat", "casecraft"])
        .env("MANWIDTH", "100")
        .output()
        .expect("run man");
    let manual = String::from_utf8_lossy(&manual.stdout);
    assert!(
        manual.contains("casecraft-case(1)"),
        "man casecraft: {manual}"
    );
    let sub = Command::new("man")
        .args(["-P", "cat", "casecraft-export-chronology"])
        .output()
        .expect("run man");
    assert!(
        String::from_utf8_lossy(&sub.stdout).contains("--significant"),
        "a subcommand's page"
    );
    for installed in [
        "/usr/share/applications/Casecraft.desktop",
        "/usr/share/metainfo/org.casecraft.desktop.metainfo.xml",
        "/usr/share/bash-completion/completions/casecraft",
        "/usr/share/zsh/vendor-completions/_casecraft",
        "/usr/share/fish/vendor_completions.d/casecraft.fish",
        "/usr/share/icons/hicolor/128x128/apps/casecraft-desktop.png",
        "/usr/share/doc/casecraft/copyright",
    ] {
        assert!(Path::new(installed).is_file(), "{installed} not installed");
    }

    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let app = App::launch(&data_dir);
    app.first_run("Sam Installed", "practitioner");
    app.type_into("#case-subject", "Alex Rivers");
    app.click("#new-case button[type=submit]");
    app.wait_text("#case-subject", "Alex Rivers", DEFAULT_WAIT);
    app.select("#entry-kind", "home-visit");
    app.type_into("#entry-purpose", "Visit from the installed app");
    app.type_into("#entry-body", "Recorded after installing the package.");
    app.click("#new-entry button[type=submit]");
    app.wait_text(
        "#chronology .entry",
        "Visit from the installed app",
        DEFAULT_WAIT,
    );
    app.quit();

    let app = App::launch_unlocked(&data_dir);
    app.click("#cases .case-link");
    app.wait_text(
        "#chronology .entry",
        "Recorded after installing the package.",
        DEFAULT_WAIT,
    );
    app.go("#/settings");
    app.wait_for(DEFAULT_WAIT, "About to name the schema", |app| {
        app.texts("#about-version")
            .first()
            .is_some_and(|t| t.contains("database schema "))
    });
    app.quit();
    // The installed command reads what the installed app wrote.
    let cli = Device::new(&data_dir);
    assert!(cli.ok(&["doctor", "--check"]).contains("Healthy"));

    let before = contents(&data_dir);
    admin(&["apt-get", "remove", "-y", "-q", "casecraft"]);
    assert!(!Path::new(INSTALLED_CLI).exists(), "the command is removed");
    assert!(!Path::new(INSTALLED_APP).exists(), "the app is removed");
    assert_eq!(
        contents(&data_dir),
        before,
        "removing the package touched the person's data folder"
    );
}
