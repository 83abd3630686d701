//! What can be wrong with an op or a value written into one: a value a person gave that a
//! field does not accept, or stored bytes that do not decode. The core turns these into its own
//! error, with the same field and message.

/// Result alias used throughout the op format.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A value the op format does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A value given by a person is not acceptable for `field`.
    #[error("{field}: {message}")]
    Invalid {
        /// The field concerned, as the person knows it (e.g. `subject`).
        field: String,
        /// What is wrong and what to do about it.
        message: String,
    },
    /// Stored or received bytes (a text update) could not be decoded or applied.
    #[error("{0}")]
    Corrupt(String),
}

impl Error {
    /// Shorthand for an [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The field an [`Error::Invalid`] concerns.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            Error::Corrupt(_) => None,
        }
    }
}
