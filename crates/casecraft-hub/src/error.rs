//! The hub's errors, each with a message an administrator can act on; database detail goes to
//! the log, never to a device.

/// Result alias for the hub.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the hub.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be reached or refused the hub's credentials.
    #[error("the hub's database could not be reached: {0}")]
    Unreachable(String),
    /// The database's schema is newer than this hub knows.
    #[error("the hub's database was set up by a newer casecraft-hub (schema {found}; this one knows up to {known}); run that version")]
    TooNew {
        /// The schema found.
        found: i32,
        /// The newest this build knows.
        known: i32,
    },
    /// The database has no hub tables yet.
    #[error("the hub's database is not set up yet: run `casecraft-hub migrate` first")]
    NotSetUp,
    /// What the administrator asked for is not acceptable; nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// A statement failed; the detail is in the log.
    #[error("the hub's database refused a request ({0}); see the hub's log")]
    Database(&'static str),
}

impl Error {
    /// Logs `e` and names the step that failed.
    pub(crate) fn database(step: &'static str, e: &tokio_postgres::Error) -> Error {
        if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) {
            return Error::NotSetUp;
        }
        tracing::error!(error = %e, step, "database error");
        Error::Database(step)
    }

    /// True when the administrator can fix the cause by changing what they asked (exit code 2).
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Invalid(_) | Error::NotSetUp)
    }
}
