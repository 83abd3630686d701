//! The IPC error: what a failed command sends to the UI, as `{kind, message, field?}`. The kind is the
//! core error's stable kind (or one of the shell's own below); the message is for a person and
//! never carries SQL, file paths or secrets.

use serde::Serialize;

/// A command failure as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub kind: &'static str,
    pub message: String,
    /// The form field an invalid-input error concerns, so the UI can show it beside that field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IpcError {
    /// A value sent by the UI that the shell cannot read (a bad date, a bad id…).
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        Self::from(casecraft_core::Error::invalid(field, message.to_string()))
    }

    /// A failure of the shell itself; the detail goes to the log only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        IpcError {
            kind: "internal",
            message: "Something went wrong inside Casecraft; restart the app and try again.".into(),
            field: None,
        }
    }
}

impl From<casecraft_core::Error> for IpcError {
    fn from(error: casecraft_core::Error) -> Self {
        IpcError {
            kind: error.kind().as_str(),
            field: error.field().map(str::to_owned),
            message: error.to_string(),
        }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wire_shape_is_kind_message_and_field() {
        let error = IpcError::from(casecraft_core::Error::invalid("subject", "is required"));
        assert_eq!(
            serde_json::to_value(&error).expect("serialises"),
            json!({ "kind": "invalid_input", "message": "subject: is required", "field": "subject" })
        );
        let refused = IpcError::from(casecraft_core::Error::Refused("no".into()));
        assert_eq!(
            serde_json::to_value(&refused).expect("serialises"),
            json!({ "kind": "refused", "message": refused.message })
        );
    }

    #[test]
    fn kinds_come_from_the_core() {
        let cases = [
            (casecraft_core::Error::NotInitialised, "not_initialised"),
            (casecraft_core::Error::Busy, "busy"),
            (casecraft_core::Error::Refused("no".into()), "refused"),
        ];
        for (error, kind) in cases {
            assert_eq!(IpcError::from(error).kind, kind);
        }
    }

    #[test]
    fn internal_errors_hide_their_detail() {
        let error = IpcError::internal("lock poisoned at /home/someone/.local/share/casecraft");
        assert_eq!(error.kind, "internal");
        assert!(!error.message.contains('/'), "{}", error.message);
    }
}
