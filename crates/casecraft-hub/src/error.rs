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
    /// A device's credential is not one the hub knows.
    #[error(
        "the team hub does not know this device; join the team again with a new invitation code"
    )]
    Unauthorised,
    /// The device was revoked by the team's administrator.
    #[error("this device was removed from the team hub (revoked); ask your administrator")]
    Revoked,
    /// The caller may not do what they asked; nothing was changed.
    #[error("{0}")]
    Forbidden(String),
    /// A push starts past what the hub holds of the device's log.
    #[error("the team hub holds this device's changes up to {held}; send from {} on", held + 1)]
    Gap {
        /// The last seq the hub holds.
        held: u64,
    },
    /// A different op under a (device, seq) the hub holds: two installations write as one device.
    #[error("the team hub holds a different change {seq} from this device: another installation is writing under this device's id; nothing was taken")]
    Clash {
        /// The seq.
        seq: u64,
    },
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

    /// The kind a device matches on (`ErrorAnswer::kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::Unauthorised => "unauthorised",
            Error::Revoked => "revoked",
            Error::Forbidden(_) => "refused",
            Error::Gap { .. } => "gap",
            Error::Clash { .. } => "clash",
            Error::Unreachable(_) | Error::TooNew { .. } | Error::NotSetUp | Error::Database(_) => {
                "unavailable"
            }
        }
    }

    /// True when the administrator can fix the cause by changing what they asked (exit code 2).
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Invalid(_) | Error::NotSetUp)
    }
}
