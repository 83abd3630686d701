//! Which machine this is, and which folder a data folder is, so a copied data folder is told from
//! the same one moved (ARCHITECTURE: a copied data folder takes its own device id). Linux reads
//! the machine id systemd and D-Bus keep and the folder's inode; a port fills in its system's
//! (Windows: the `MachineGuid` registry value and the volume serial number with the file index;
//! macOS: `IOPlatformUUID` and the inode).

use std::path::Path;

/// This machine's id; empty when the system keeps none (the check then looks at the folder only).
pub fn machine_id() -> String {
    ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|f| std::fs::read_to_string(f).ok())
        .map(|id| id.trim().to_string())
        .unwrap_or_default()
}

/// What stays the same for `folder` when it is moved or renamed on its drive, and differs for a
/// copy: its inode. `None` when the folder cannot be read. Where there are no inodes, its
/// canonical path (a moved folder then reads as a copy, and takes a new device id: safe).
pub fn folder_identity(folder: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some(std::fs::metadata(folder).ok()?.ino().to_string())
    }
    #[cfg(not(unix))]
    {
        Some(std::fs::canonicalize(folder).ok()?.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_keeps_its_identity_when_renamed_and_a_copy_has_another() {
        let home = tempfile::tempdir().unwrap();
        let first = home.path().join("casecraft");
        std::fs::create_dir(&first).unwrap();
        let id = folder_identity(&first).unwrap();
        let moved = home.path().join("moved");
        std::fs::rename(&first, &moved).unwrap();
        assert_eq!(folder_identity(&moved).unwrap(), id);
        let copy = home.path().join("copy");
        std::fs::create_dir(&copy).unwrap();
        assert_ne!(folder_identity(&copy).unwrap(), id);
        assert_eq!(folder_identity(&home.path().join("absent")), None);
    }
}
