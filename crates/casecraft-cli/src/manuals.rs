//! What a package installs beside the binary: a manual page for `casecraft` and one for each of
//! its subcommands (`casecraft-case(1)`, `casecraft-case-new(1)`, …), generated from the clap
//! definitions, and completions for bash, zsh and fish.

use std::io;
use std::path::Path;

use clap_complete::Shell;

/// Writes `casecraft.1` and a page for every subcommand, at every depth, into `dir`; answers
/// the files' names.
pub fn write_manuals(dir: &Path) -> io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    write_page(crate::command(), "casecraft", dir, &mut written)?;
    Ok(written)
}

fn write_page(
    cmd: clap::Command,
    name: &str,
    dir: &Path,
    written: &mut Vec<String>,
) -> io::Result<()> {
    let cmd = cmd.name(name.to_string());
    let file = format!("{name}.1");
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    std::fs::write(dir.join(&file), page)?;
    written.push(file);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_name = format!("{name}-{}", sub.get_name());
        let sub = sub.clone().version(crate::version());
        write_page(sub, &sub_name, dir, written)?;
    }
    Ok(())
}

/// Writes completions for bash (`casecraft`), zsh (`_casecraft`) and fish (`casecraft.fish`)
/// into `dir`; answers the files' names.
pub fn write_completions(dir: &Path) -> io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let mut cmd = crate::command();
        let path = clap_complete::generate_to(shell, &mut cmd, "casecraft", dir)?;
        if let Some(name) = path.file_name() {
            written.push(name.to_string_lossy().into_owned());
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_has_its_manual_page_naming_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let pages = write_manuals(dir.path()).unwrap();
        for expected in [
            "casecraft.1",
            "casecraft-case.1",
            "casecraft-case-new.1",
            "casecraft-sync-run.1",
            "casecraft-export-chronology.1",
            "casecraft-backup.1",
        ] {
            assert!(pages.iter().any(|p| p == expected), "{expected} missing");
        }
        let top = std::fs::read_to_string(dir.path().join("casecraft.1")).unwrap();
        assert!(top.contains("database schema"), "{top}");
        assert!(
            top.contains("casecraft\\-case(1)"),
            "no SEE ALSO to subcommands: {top}"
        );
        let new_case = std::fs::read_to_string(dir.path().join("casecraft-case-new.1")).unwrap();
        assert!(new_case.contains("\\-\\-subject"), "{new_case}");
    }

    #[test]
    fn completions_are_written_for_bash_zsh_and_fish() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = write_completions(dir.path()).unwrap();
        files.sort();
        assert_eq!(files, ["_casecraft", "casecraft.bash", "casecraft.fish"]);
        let bash = std::fs::read_to_string(dir.path().join("casecraft.bash")).unwrap();
        assert!(
            bash.contains("supervision"),
            "subcommands missing from bash completion"
        );
    }
}
