//! Reading what a person gives on the command line into core values, with
//! the core's own validation errors.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use casecraft_core::validate;
use casecraft_core::{Error, Id, Result};
use chrono::{DateTime, NaiveDate, Utc};

/// An id argument.
pub fn id(field: &str, s: &str) -> Result<Id> {
    Ok(Id::parse(field, s)?)
}

/// An optional id argument.
pub fn opt_id(field: &str, s: Option<&str>) -> Result<Option<Id>> {
    s.map(|s| id(field, s)).transpose()
}

/// An optional day argument, read day first (`validate::date`).
pub fn opt_date(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>> {
    Ok(s.map(|s| validate::date(field, s)).transpose()?)
}

/// An optional moment argument (RFC 3339).
pub fn opt_moment(field: &str, s: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    Ok(s.map(|s| validate::moment(field, s)).transpose()?)
}

/// `CASE=TEXT`: a case id and some text about it (a decision, an action).
pub fn case_and_text(field: &str, s: &str) -> Result<(Id, String)> {
    match s.split_once('=') {
        Some((case, text)) if !case.trim().is_empty() => {
            Ok((id("case", case.trim())?, text.to_string()))
        }
        _ => Err(Error::invalid(
            field,
            format!(
                "should be CASE=TEXT (a case id, then the text), not \"{}\"",
                s.chars().take(60).collect::<String>()
            ),
        )),
    }
}

/// An action's text with an optional due day at its end: `Book the visit @2026-12-09`.
pub fn text_and_due(field: &str, s: &str) -> Result<(String, Option<NaiveDate>)> {
    match s.trim_end().rsplit_once(" @") {
        Some((text, day)) if day.len() == 10 && day.as_bytes()[4] == b'-' => {
            Ok((text.to_string(), Some(validate::date(field, day)?)))
        }
        _ => Ok((s.to_string(), None)),
    }
}

/// `KEY=TEXT` pairs for reflection sections.
pub fn sections(list: &[String]) -> Result<Vec<(String, String)>> {
    list.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Error::invalid(
                "section",
                format!("\"{s}\" should be KEY=TEXT, e.g. feelings=I felt anxious"),
            )),
        })
        .collect()
}

/// The body of an entry: `--body`, `--body-file`, or standard input when it
/// is piped.
pub fn body(text: Option<&str>, file: Option<&Path>, allow_stdin: bool) -> Result<Option<String>> {
    if let Some(t) = text {
        return Ok(Some(t.to_string()));
    }
    if let Some(f) = file {
        let bytes = std::fs::read(f).map_err(|e| {
            Error::invalid(
                "body-file",
                format!("could not be read ({}); check the path", e.kind()),
            )
        })?;
        return utf8("body-file", bytes).map(Some);
    }
    if allow_stdin && !std::io::stdin().is_terminal() {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(validate::MAX_BODY_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::invalid("stdin", format!("could not be read ({})", e.kind())))?;
        if bytes.is_empty() {
            return Ok(None);
        }
        return utf8("stdin", bytes).map(Some);
    }
    Ok(None)
}

fn utf8(field: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            field,
            format!(
                "is not valid UTF-8 text (bad byte at position {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The sync passphrase: from `--passphrase-file`, `CASECRAFT_SYNC_PASSPHRASE`,
/// or a prompt on the terminal (asked twice when `confirm`). Never argv.
pub fn passphrase(file: Option<&Path>, confirm: bool) -> Result<String> {
    secret(
        file,
        confirm,
        "CASECRAFT_SYNC_PASSPHRASE",
        "Sync passphrase: ",
    )
}

/// Your own passphrase, which unlocks the casework: `--passphrase-file`, then
/// `CASECRAFT_PASSPHRASE`, then a prompt (asked twice when `confirm`).
pub fn own_passphrase(file: Option<&Path>, confirm: bool) -> Result<String> {
    secret(file, confirm, "CASECRAFT_PASSPHRASE", "Passphrase: ")
}

/// A new passphrase: `--new-passphrase-file`, then `CASECRAFT_NEW_PASSPHRASE`, then a prompt
/// asked twice.
pub fn new_passphrase(file: Option<&Path>) -> Result<String> {
    secret(file, true, "CASECRAFT_NEW_PASSPHRASE", "New passphrase: ")
}

/// The recovery code: `--code-file`, then `CASECRAFT_RECOVERY_CODE`, then a prompt.
pub fn recovery_code(file: Option<&Path>) -> Result<String> {
    secret(file, false, "CASECRAFT_RECOVERY_CODE", "Recovery code: ")
}

/// A backup's passphrase: `--backup-passphrase-file`, then `CASECRAFT_BACKUP_PASSPHRASE`; `None`
/// when neither is given (the backup then uses your own passphrase).
pub fn backup_passphrase(file: Option<&Path>) -> Result<Option<String>> {
    if file.is_none() && std::env::var_os("CASECRAFT_BACKUP_PASSPHRASE").is_none() {
        return Ok(None);
    }
    secret(
        file,
        false,
        "CASECRAFT_BACKUP_PASSPHRASE",
        "Backup passphrase: ",
    )
    .map(Some)
}

/// A secret from a file's first line, an environment variable, or a prompt — never argv.
fn secret(file: Option<&Path>, confirm: bool, env: &str, prompt: &str) -> Result<String> {
    if let Some(f) = file {
        let text = std::fs::read_to_string(f).map_err(|e| {
            Error::invalid(
                "passphrase-file",
                format!("could not be read ({}); check the path", e.kind()),
            )
        })?;
        return Ok(text.lines().next().unwrap_or("").to_string());
    }
    if let Ok(p) = std::env::var(env) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "passphrase",
            format!("is needed: give --passphrase-file FILE or set {env} (there is no terminal to ask on)"),
        ));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| Error::invalid("passphrase", format!("could not be read ({})", e.kind())))
    };
    let first = ask(prompt)?;
    if confirm && ask("Again, to be sure: ")? != first {
        return Err(Error::invalid(
            "passphrase",
            "the two entries differ; nothing was set up",
        ));
    }
    Ok(first)
}

/// A sync folder as given on the command line, made whole against the
/// current directory (the core keeps whole paths only).
pub fn folder(path: &Path) -> Result<PathBuf> {
    whole_path("folder", path, "the folder to sync through")
}

/// A file to write an export to, made whole against the current directory.
pub fn output_file(path: &Path) -> Result<PathBuf> {
    whole_path("file", path, "the file to write")
}

fn whole_path(field: &'static str, path: &Path, what: &str) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(Error::invalid(field, format!("is required; give {what}")));
    }
    std::path::absolute(path).map_err(|_| {
        Error::invalid(
            field,
            "could not be resolved from the current directory; give its whole path",
        )
    })
}
