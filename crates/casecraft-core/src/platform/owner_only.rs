//! Files and folders only their owner can read. On a shared machine another account must not be
//! able to copy the casework, its journal, the sealed key ring (to try passphrases offline) or an
//! exported document: the data folder is made `0700`, and every file Casecraft writes `0600`,
//! whatever the umask. Files written by an earlier version are tightened when next opened.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates the folder `dir` (and its parents) and makes `dir` itself readable by its owner only.
pub fn folder(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Options that create a file readable and writable by its owner only.
pub fn options() -> OpenOptions {
    #[allow(unused_mut)] // `mut` is used on Unix only
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// A new file (refused if one exists) readable by its owner only.
pub fn create_new(path: &Path) -> io::Result<File> {
    options().write(true).create_new(true).open(path)
}

/// Takes every permission but the owner's from `path`, if it exists.
pub fn tighten(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        match fs::metadata(path) {
            Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                let mode = meta.permissions().mode() & 0o700;
                fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn folders_and_files_are_the_owners_only_whatever_they_were() {
        use super::*;
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("casecraft");
        fs::create_dir(&data).unwrap();
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        folder(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        let file = data.join("new");
        create_new(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(create_new(&file).is_err(), "never over an existing file");
        let old = data.join("old");
        fs::write(&old, b"x").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o644)).unwrap();
        tighten(&old).unwrap();
        assert_eq!(mode(&old), 0o600);
        tighten(&data.join("missing")).unwrap();
    }
}
