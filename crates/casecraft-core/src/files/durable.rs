//! Files written so that a crash, a full disk or a pulled drive never leaves a torn one: the
//! bytes go to a temporary name in the same folder, are flushed to disk, and the file is renamed
//! into place (readers see the old file or the whole new one). The temporary file is removed if
//! anything fails.
//!
//! A file that must never overwrite another ([`Existing::Keep`]: backups, exports, a first key
//! ring) is put in place the same way on every filesystem a person saves to, FAT and exFAT USB
//! sticks included (they have no hard links): once the new bytes are on disk, the final name is
//! reserved by creating it exclusively, which fails if a file of that name exists or appears
//! meanwhile and leaves that file untouched, and the temporary file is renamed over the empty
//! placeholder this write made. A crash between those two steps leaves at worst an empty file
//! under the final name, never a partial one.
//!
//! Some drivers report a full drive as something else (the FUSE FAT driver says "operation not
//! permitted"): once the temporary file exists, a failure while the drive has no room left is
//! reported as [`std::io::ErrorKind::StorageFull`].

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::ids::Id;

/// Writes `bytes` to `path` atomically and durably.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, Existing::Replace, |e| e, |w| w.write_all(bytes))
}

/// What to do when the file already exists when the new one is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// Replace it (the old file or the new one, never half).
    Replace,
    /// Fail with `AlreadyExists` and leave it untouched, even if it appeared meanwhile.
    Keep,
}

/// The temporary file being filled; its write errors say when the drive is full.
#[derive(Debug)]
pub(crate) struct Staging {
    file: File,
    dir: PathBuf,
}

impl Write for Staging {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(|e| explained(e, &self.dir))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|e| explained(e, &self.dir))
    }
}

/// Writes `path` atomically and durably with what `fill` writes; `io_error` turns this
/// function's own I/O failures into the caller's error type.
pub(crate) fn write_atomically_with<E>(
    path: &Path,
    existing: Existing,
    io_error: impl Fn(io::Error) -> E,
    fill: impl FnOnce(&mut BufWriter<Staging>) -> Result<(), E>,
) -> Result<(), E> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        Id::new()
    ));
    // Readable by its owner only: a backup, an export, the key ring (`owner_only`).
    let file = crate::files::owner_only::create_new(&tmp).map_err(&io_error)?;
    let failed = |e: io::Error| io_error(explained(e, dir));
    let mut placeholder = false;
    let result = (|| {
        let mut out = BufWriter::new(Staging {
            file,
            dir: dir.to_path_buf(),
        });
        fill(&mut out)?;
        let staged = out.into_inner().map_err(|e| io_error(e.into_error()))?;
        staged.file.sync_all().map_err(failed)?;
        drop(staged);
        if existing == Existing::Keep {
            // The final name is ours once this succeeds; it fails if that name is taken.
            crate::files::owner_only::create_new(path).map_err(failed)?;
            placeholder = true;
        }
        fs::rename(&tmp, path).map_err(failed)?;
        placeholder = false;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        if placeholder {
            let _ = fs::remove_file(path);
        }
    }
    result
}

/// `e` as [`io::ErrorKind::StorageFull`] when the drive holding `dir` has no room left and `e`
/// does not already name a cause that explains it.
fn explained(e: io::Error, dir: &Path) -> io::Error {
    use io::ErrorKind as K;
    match e.kind() {
        K::StorageFull
        | K::AlreadyExists
        | K::NotFound
        | K::ReadOnlyFilesystem
        | K::FileTooLarge
        | K::Interrupted => e,
        _ if crate::platform::free_space::no_room(dir) => io::Error::new(K::StorageFull, e),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    fn keep(path: &Path, bytes: &[u8]) -> io::Result<()> {
        write_atomically_with(path, Existing::Keep, |e| e, |w| w.write_all(bytes))
    }

    #[test]
    fn a_new_file_is_written_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("backup.ccb");
        keep(&path, b"the whole backup").expect("written");
        assert_eq!(fs::read(&path).expect("read"), b"the whole backup");
        assert_eq!(names(dir.path()), ["backup.ccb"]);
    }

    #[test]
    fn an_existing_file_is_never_overwritten_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("chronology.html");
        fs::write(&path, b"the first export").expect("first");
        let e = keep(&path, b"another").expect_err("refused");
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).expect("read"), b"the first export");
        assert_eq!(names(dir.path()), ["chronology.html"]);
    }

    #[test]
    fn a_failed_fill_leaves_neither_a_temporary_file_nor_the_final_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("export.md");
        let e = write_atomically_with(
            &path,
            Existing::Keep,
            |e| e,
            |w| {
                w.write_all(b"half")?;
                Err(io::Error::from(io::ErrorKind::StorageFull))
            },
        )
        .expect_err("failed");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn replace_puts_the_new_file_over_the_old_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("head");
        fs::write(&path, b"old").expect("old");
        write_atomically(&path, b"new").expect("replaced");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        assert_eq!(names(dir.path()), ["head"]);
    }

    #[test]
    fn a_missing_folder_is_reported_as_such() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = keep(&dir.path().join("gone").join("x.md"), b"x").expect_err("no folder");
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_failure_on_a_drive_with_room_keeps_its_own_kind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = explained(io::Error::from(io::ErrorKind::PermissionDenied), dir.path());
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
    }
}
