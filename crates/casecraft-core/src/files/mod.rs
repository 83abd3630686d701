//! Files a person names and files Casecraft writes: whole paths, safe file names, writes that
//! are whole or absent (`durable`), and files only their owner can read (`owner_only`).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub(crate) mod durable;

pub use crate::platform::owner_only;

/// `name` made safe to suggest as a file name: no folder separators or control characters, no
/// leading dot, at most 120 characters (the extension kept).
pub fn file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c == ':' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    let (stem, extension) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 => (stem, Some(ext)),
        _ => (cleaned.as_str(), None),
    };
    let stem: String = stem.chars().take(110).collect();
    let stem = stem.trim();
    let stem = if stem.is_empty() { "document" } else { stem };
    match extension {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_string(),
    }
}

/// A folder or file named by its whole path (a relative one would depend on where the app was
/// started); `example` shows the person what one looks like.
pub fn whole_path(field: &str, path: &Path, example: &str) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(Error::invalid(
            field,
            format!("is required; give its whole path, e.g. {example}"),
        ));
    }
    if !path.is_absolute() {
        return Err(Error::invalid(
            field,
            format!(
                "\"{}\" is not a whole path; give it from the root, e.g. {example}",
                crate::ids::shorten(&path.to_string_lossy())
            ),
        ));
    }
    Ok(path.to_path_buf())
}

/// Writes an exported document to `path`, a whole path to a new file: an existing file is never
/// overwritten, and the file is whole or absent, never torn.
pub fn save_new_file(path: &std::path::Path, text: &str) -> crate::Result<()> {
    use std::io::Write as _;
    let path = whole_path("file", path, "/home/you/Documents/chronology.html")?;
    let failed = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            crate::Error::invalid(
                "file",
                format!(
                    "{} already exists; choose a new name so nothing is overwritten",
                    path.display()
                ),
            )
        } else {
            crate::Error::Storage {
                action: "exported",
                reason: format!(
                    "{} could not be written: {}",
                    path.display(),
                    crate::error::io_reason(&e)
                ),
            }
        }
    };
    if path.exists() {
        return Err(failed(std::io::Error::from(
            std::io::ErrorKind::AlreadyExists,
        )));
    }
    crate::files::durable::write_atomically_with(
        &path,
        crate::files::durable::Existing::Keep,
        failed,
        |w| w.write_all(text.as_bytes()).map_err(failed),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggested_file_name_has_no_folders_controls_or_hidden_dot() {
        assert_eq!(
            file_name("Chronology - Kwame Okafor - 2026-12-01.csv"),
            "Chronology - Kwame Okafor - 2026-12-01.csv"
        );
        assert_eq!(file_name("../../etc/passwd"), "-..-etc-passwd");
        assert_eq!(file_name(".hidden.md"), "hidden.md");
        assert_eq!(file_name("a\u{7}b\nc:d.html"), "a-b-c-d.html");
        assert_eq!(file_name(".md"), "md");
        let long = format!("{}.csv", "x".repeat(300));
        assert_eq!(file_name(&long).len(), 114);
        assert!(file_name(&long).ends_with(".csv"));
    }

    #[test]
    fn paths_must_be_whole() {
        let ok = whole_path("folder", Path::new("/media/usb/casecraft"), "/x").unwrap();
        assert_eq!(ok, PathBuf::from("/media/usb/casecraft"));
        for bad in ["", "usb/casecraft", "./casecraft"] {
            let err = whole_path("folder", Path::new(bad), "/media/usb").unwrap_err();
            assert_eq!(err.field(), Some("folder"), "{bad}");
            assert!(err.to_string().contains("/media/usb"), "{err}");
        }
    }
}
