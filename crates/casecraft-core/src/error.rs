//! The core's error type: every failure a caller can meet, each with a stable
//! kind for the shells and a message a person can act on.

use std::fmt;

/// A value the op format's rules refuse (the `validate` rules, ids, closed vocabularies): it
/// converts into [`Error`] with its field and message.
pub use casecraft_ops::Error as FieldError;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
///
/// Messages name the field or record concerned and say what to do. They never
/// carry SQL, file paths of the store's internals, or secrets: storage
/// failures are summarised and the detail goes to the log.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given by a person is not acceptable; nothing was changed.
    #[error("{field}: {message}")]
    Invalid {
        /// The field concerned, as the person knows it (e.g. `subject`).
        field: String,
        /// What is wrong and what to do about it.
        message: String,
    },
    /// No record of that kind has that id (or it is in the trash where that
    /// matters).
    #[error("no {what} with id {id}: {hint}")]
    NotFound {
        /// The kind of record looked for (e.g. `case`).
        what: &'static str,
        /// The id as given.
        id: String,
        /// What to try instead.
        hint: &'static str,
    },
    /// The request is understood but breaks a casework rule (e.g. editing a
    /// completed entry); nothing was changed.
    #[error("{0}")]
    Refused(String),
    /// The data directory has no profile yet.
    #[error(
        "no profile here yet: run `casecraft init --name NAME --role ROLE` (or open the app) first"
    )]
    NotInitialised,
    /// The database is busy beyond the wait allowed.
    #[error("the case store is busy in another window or command; try again in a moment")]
    Busy,
    /// A team hub could not be reached or could not answer; nothing is lost, the work waits on
    /// this device for the next sync.
    #[error("the team hub could not be reached ({0}); your work is kept on this device and will be sent at the next sync")]
    Unreachable(String),
    /// The stored data failed a consistency check.
    #[error("the case store is damaged: {0}; run `casecraft doctor --check` for details")]
    Corrupt(String),
    /// Reading or writing the store failed for a reason outside the person's
    /// control.
    #[error("the case store could not be {action}: {reason}")]
    Storage {
        /// What was being done (`opened`, `read`, `written`).
        action: &'static str,
        /// A short, safe description of the cause.
        reason: String,
    },
}

/// The stable, machine-readable class of an [`Error`], shared by the CLI's
/// exit codes and the desktop's IPC errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input from a person.
    InvalidInput,
    /// Unknown id.
    NotFound,
    /// A rule refused the action.
    Refused,
    /// No profile yet.
    NotInitialised,
    /// The store is busy.
    Busy,
    /// A team hub is out of reach.
    Unreachable,
    /// Stored data failed a check.
    Corrupt,
    /// I/O or database failure.
    Storage,
}

impl ErrorKind {
    /// The stable snake_case name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Refused => "refused",
            ErrorKind::NotInitialised => "not_initialised",
            ErrorKind::Busy => "busy",
            ErrorKind::Unreachable => "unreachable",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Storage => "storage",
        }
    }

    /// True when the person can fix the cause by changing what they asked
    /// for (the CLI exits with 2 for these).
    pub fn is_user_error(self) -> bool {
        matches!(
            self,
            ErrorKind::InvalidInput
                | ErrorKind::NotFound
                | ErrorKind::Refused
                | ErrorKind::NotInitialised
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } => ErrorKind::InvalidInput,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Refused(_) => ErrorKind::Refused,
            Error::NotInitialised => ErrorKind::NotInitialised,
            Error::Busy => ErrorKind::Busy,
            Error::Unreachable(_) => ErrorKind::Unreachable,
            Error::Corrupt(_) => ErrorKind::Corrupt,
            Error::Storage { .. } => ErrorKind::Storage,
        }
    }

    /// The field an [`Error::Invalid`] concerns, so a form can show the
    /// message beside it.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Shorthand for an [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn storage(action: &'static str, reason: impl Into<String>) -> Self {
        Error::Storage {
            action,
            reason: reason.into(),
        }
    }
}

/// Why reading or writing a file failed, in words a person can act on: the one place these
/// reasons are worded. Never the system's own text nor a path (callers name the file or folder
/// the person gave); the detail of an unusual failure goes to the log.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => {
            "the disk is full; free some space (or use another drive) and try again".into()
        }
        K::ReadOnlyFilesystem => {
            "the drive is read-only; make it writable or use another drive".into()
        }
        K::FileTooLarge => {
            "the file is too large for this drive (a FAT-formatted stick holds at most 4 GB a \
             file); use a drive formatted as exFAT"
                .into()
        }
        K::PermissionDenied => "permission denied; check the folder's permissions".into(),
        K::NotFound => "the folder is not there (check the path; was the drive removed?)".into(),
        K::AlreadyExists => "a file of that name already exists; choose another name".into(),
        K::NotADirectory => "part of the path is a file, not a folder; check the path".into(),
        K::IsADirectory => "that is a folder; give a file name".into(),
        k => {
            tracing::warn!(error = %e, "a file could not be read or written");
            format!("{k}; try again, and see the log if it happens again")
        }
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        match e {
            FieldError::Invalid { field, message } => Error::Invalid { field, message },
            FieldError::Corrupt(what) => Error::Corrupt(what),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return Error::Busy,
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    return Error::Corrupt("the database file is not readable".into())
                }
                ErrorCode::DiskFull => {
                    return Error::storage("written", "the disk is full; free some space")
                }
                ErrorCode::ReadOnly | ErrorCode::PermissionDenied => {
                    return Error::storage(
                        "written",
                        "the data folder is read-only; check its permissions",
                    )
                }
                _ => {}
            }
        }
        // The detail (which may quote SQL) goes to the log, never to a person.
        tracing::error!(error = %e, "database error");
        Error::storage(
            "read or written",
            "an unexpected database error (see the log)",
        )
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        tracing::error!(error = %e, "migration error");
        Error::storage(
            "opened",
            "its schema could not be brought up to date (see the log)",
        )
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        tracing::error!(error = %e, "stored record failed to decode");
        Error::Corrupt("a stored change could not be decoded".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_stable_strings() {
        assert_eq!(
            Error::invalid("subject", "x").kind().as_str(),
            "invalid_input"
        );
        assert_eq!(Error::NotInitialised.kind().as_str(), "not_initialised");
        assert!(ErrorKind::Refused.is_user_error());
        assert!(!ErrorKind::Storage.is_user_error());
    }

    #[test]
    fn io_reasons_name_the_cause_never_the_system_text() {
        use std::io::{Error as IoError, ErrorKind as K};
        let full = io_reason(&IoError::from(K::StorageFull));
        assert!(full.starts_with("the disk is full"), "{full}");
        let read_only = io_reason(&IoError::from(K::ReadOnlyFilesystem));
        assert!(read_only.contains("read-only"), "{read_only}");
        assert!(!read_only.contains("permission"), "{read_only}");
        let odd = io_reason(&IoError::other("secret /home/sam/.local/path"));
        assert!(!odd.contains("secret") && !odd.contains("/home"), "{odd}");
    }

    #[test]
    fn sqlite_errors_never_leak_sql() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(1),
            Some("near \"SELEC\": syntax error in SELEC * FROM cases".into()),
        );
        let msg = Error::from(e).to_string();
        assert!(!msg.contains("SELEC"), "{msg}");
        assert!(!msg.contains("cases"), "{msg}");
    }
}
