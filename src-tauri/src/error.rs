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

impl From<casecraft_core::FieldError> for IpcError {
    fn from(error: casecraft_core::FieldError) -> Self {
        casecraft_core::Error::from(error).into()
    }
}

impl From<casecraft_core::Error> for IpcError {
    fn from(error: casecraft_core::Error) -> Self {
        let kind = error.kind().as_str();
        match error {
            // A field's error reads as a sentence that names the field in the person's words
            // ("Name is required; …"), beside the field or above the form alike.
            casecraft_core::Error::Invalid { field, message } => IpcError {
                kind,
                message: sentence(&format!("{} {message}", field_words(&field))),
                field: Some(field),
            },
            // The app never asks for a record by typing its id: one that is not there has gone
            // (deleted here or on another device) since the screen was drawn.
            casecraft_core::Error::NotFound { what, .. } => IpcError {
                kind,
                message: format!(
                    "This {what} is not there any more: it may have been moved to the trash, here or on another device. Go back and open it again."
                ),
                field: None,
            },
            other => IpcError {
                kind,
                message: sentence(&other.to_string()),
                field: None,
            },
        }
    }
}

/// A field's name in the words the app's forms use for it.
fn field_words(field: &str) -> String {
    let words = match field {
        "occurred_at" | "when" => "When",
        "occurred_on" | "day" | "date" => "The day",
        "duration_minutes" | "duration" => "Duration",
        "display_name" | "name" => "Name",
        "due_on" => "The due day",
        "text" => "The text",
        "body" => "This text",
        "voice" => "The person's own words",
        "rationale" => "The closure rationale",
        "reply_to" => "The note replied to",
        "keep" | "value" => "The value",
        "query" => "The search",
        "pcf" => "PCF domains",
        "required_days" => "Days required",
        "started_on" => "The start day",
        "current passphrase" => "The current passphrase",
        "passphrase" => "The passphrase",
        "hub" => "The hub's address",
        "code" => "The invitation code",
        other if other.starts_with("section:") => "This section",
        other => {
            let plain = other.replace(['_', ':', '-'], " ");
            let mut chars = plain.chars();
            return match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => "This value".into(),
            };
        }
    };
    words.to_owned()
}

/// `text` as a sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', ')']) {
        out.push('.');
    }
    out
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
            json!({ "kind": "invalid_input", "message": "Subject is required.", "field": "subject" })
        );
        let refused = IpcError::from(casecraft_core::Error::Refused("no".into()));
        assert_eq!(
            serde_json::to_value(&refused).expect("serialises"),
            json!({ "kind": "refused", "message": refused.message })
        );
    }

    #[test]
    fn messages_name_fields_in_words_and_never_an_id() {
        let invalid = |field: &str, message: &str| {
            IpcError::from(casecraft_core::Error::invalid(field, message)).message
        };
        assert_eq!(
            invalid("name", "is required; type at least one visible character"),
            "Name is required; type at least one visible character."
        );
        assert_eq!(
            invalid(
                "passphrase",
                "is not this profile's passphrase; check it and try again"
            ),
            "The passphrase is not this profile's passphrase; check it and try again."
        );
        assert_eq!(
            invalid("occurred_at", "is in the future"),
            "When is in the future."
        );
        assert_eq!(
            invalid("date_of_birth", "is not a date"),
            "Date of birth is not a date."
        );
        assert_eq!(
            invalid("section:what", "is too long"),
            "This section is too long."
        );
        let id = casecraft_core::Id::new().to_string();
        let gone = IpcError::from(casecraft_core::Error::NotFound {
            what: "entry",
            id: id.clone(),
            hint: "list entries with `casecraft entry list`",
        });
        assert!(!gone.message.contains(&id), "{}", gone.message);
        assert!(!gone.message.contains("casecraft "), "{}", gone.message);
        assert!(gone.message.starts_with("This entry is not there any more"));
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
