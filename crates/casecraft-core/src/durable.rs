//! Files written so that a crash, a full disk or a pulled drive never leaves a torn one: the
//! bytes go to a temporary name in the same folder, are flushed to disk, and the file is renamed
//! into place (readers see the old file or the whole new one). The temporary file is removed if
//! anything fails.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::ids::Id;

/// Writes `bytes` to `path` atomically and durably.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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

/// Writes `path` atomically and durably with what `fill` writes; `io_error` turns this
/// function's own I/O failures into the caller's error type.
pub(crate) fn write_atomically_with<E>(
    path: &Path,
    existing: Existing,
    io_error: impl Fn(std::io::Error) -> E,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
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
    let result = (|| {
        let mut out = BufWriter::new(File::create(&tmp).map_err(&io_error)?);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| io_error(e.into_error()))?;
        file.sync_all().map_err(&io_error)?;
        match existing {
            Existing::Replace => fs::rename(&tmp, path).map_err(&io_error)?,
            // A hard link is never made over an existing file; the temporary name then goes.
            Existing::Keep => {
                fs::hard_link(&tmp, path).map_err(&io_error)?;
                let _ = fs::remove_file(&tmp);
            }
        }
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
