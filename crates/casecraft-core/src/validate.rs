//! Input rules shared by every record: required text, sizes, dates. Each
//! check names the field and says what to do.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Result};

/// The largest body a record accepts (1 MiB of UTF-8).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The largest one-line field (names, references, titles).
pub const MAX_LINE_CHARS: usize = 500;

/// A required one-line value: trimmed, not empty, not too long.
pub fn required_line(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(
            field,
            "is required; type at least one visible character",
        ));
    }
    line_len(field, v)?;
    Ok(v.to_string())
}

/// An optional one-line value: trimmed; empty becomes `None`.
pub fn optional_line(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            line_len(field, v)?;
            Ok(Some(v.to_string()))
        }
    }
}

/// A required body (Markdown): not blank, at most [`MAX_BODY_BYTES`]. Kept
/// exactly as typed.
pub fn required_body(field: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "is required; write at least a few words",
        ));
    }
    body(field, value)
}

/// A body that may be empty, at most [`MAX_BODY_BYTES`]. Kept exactly as typed.
pub fn body(field: &str, value: &str) -> Result<String> {
    if value.len() > MAX_BODY_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "is {} KiB, over the 1024 KiB limit; split it into several records or attach less text",
                value.len() / 1024
            ),
        ));
    }
    Ok(value.to_string())
}

fn line_len(field: &str, v: &str) -> Result<()> {
    if v.chars().count() > MAX_LINE_CHARS {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_LINE_CHARS} characters; shorten it"),
        ));
    }
    if v.contains(['\n', '\r']) {
        return Err(Error::invalid(field, "must be a single line"));
    }
    Ok(())
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!(
                "\"{}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14",
                crate::ids::shorten(value)
            ),
        )
    })
}

/// A moment written in RFC 3339 (`2026-03-14T10:30:00+00:00`), or a date,
/// read as midnight UTC.
pub fn moment(field: &str, value: &str) -> Result<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(t.and_utc());
        }
    }
    Err(Error::invalid(
        field,
        format!(
            "\"{}\" is not a date and time; write it as 2026-03-14T10:30:00+00:00 (or just 2026-03-14)",
            crate::ids::shorten(v)
        ),
    ))
}

/// A short label (flag, tag): trimmed, lower-case, no spaces at the ends,
/// letters, digits, `-` and `_` only.
pub fn label(field: &str, value: &str) -> Result<String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(Error::invalid(field, "cannot be empty"));
    }
    if v.chars().count() > 60
        || !v
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::invalid(
            field,
            format!(
                "\"{}\" is not a valid label; use up to 60 letters, digits, '-' or '_' (e.g. lone-working-risk)",
                crate::ids::shorten(value)
            ),
        ));
    }
    Ok(v)
}

/// A de-duplicated, sorted list of labels.
pub fn labels(field: &str, values: &[String]) -> Result<Vec<String>> {
    let mut out = values
        .iter()
        .map(|v| label(field, v))
        .collect::<Result<Vec<_>>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// Formats a UTC moment the way the store keeps it: sortable text with
/// millisecond precision.
pub fn stored_moment(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

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
    fn blank_required_fields_are_refused_with_the_field_name() {
        for blank in ["", "   ", "\t\n"] {
            let e = required_line("subject", blank).unwrap_err();
            assert_eq!(e.field(), Some("subject"));
        }
        assert_eq!(
            required_line("subject", "  Amy Smith ").unwrap(),
            "Amy Smith"
        );
    }

    #[test]
    fn bodies_over_one_mebibyte_are_refused() {
        let big = "a".repeat(MAX_BODY_BYTES + 1);
        assert!(body("body", &big).is_err());
        assert!(body("body", &big[1..]).is_ok());
    }

    #[test]
    fn dates_and_moments() {
        assert!(date("due", "2026-02-30").is_err());
        assert!(date("due", "2026-02-28").is_ok());
        let t = moment("at", "2026-03-14T10:30:00+01:00").unwrap();
        assert_eq!(stored_moment(t), "2026-03-14T09:30:00.000Z");
        assert!(moment("at", "yesterday").is_err());
    }

    #[test]
    fn labels_are_normalised() {
        assert_eq!(label("flag", " Safeguarding ").unwrap(), "safeguarding");
        assert!(label("flag", "two words").is_err());
        assert_eq!(
            labels("tag", &["b".into(), "a".into(), "b".into()]).unwrap(),
            vec!["a", "b"]
        );
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
