//! Drafts of the forms that take more than a line (a reflection, a supervision session, a
//! co-working note, a visit's next steps): what a person has typed and not yet saved, kept by the
//! store from the first keystroke so that leaving the screen, locking or a crash never loses it.
//!
//! A form draft is this device's own working copy, like a supervision's wellbeing section: it is
//! not an op and is never synced (two devices typing into one draft would otherwise have one of
//! them silently replaced). Sign-out names each one; saving the form turns it into the record
//! (which syncs) and discards the draft.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::Id;
use crate::validate::MAX_BODY_BYTES;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
    /// A form whose unsaved text is kept as a draft.
    DraftForm, "form", {
        /// A new reflection.
        Reflection => "reflection",
        /// Changes to a saved reflection (`about` names it).
        ReflectionEdit => "reflection-edit",
        /// A new supervision session.
        Supervision => "supervision",
        /// A new co-working note on a case (`about` names the case).
        CoworkNote => "cowork-note",
        /// The next steps of a draft entry (`about` names the entry).
        NextSteps => "next-steps",
    }
);

impl DraftForm {
    /// What the form makes, as a person says it ("a reflection").
    pub fn noun(self) -> &'static str {
        match self {
            DraftForm::Reflection => "a new reflection",
            DraftForm::ReflectionEdit => "changes to a reflection",
            DraftForm::Supervision => "a supervision session",
            DraftForm::CoworkNote => "a co-working note",
            DraftForm::NextSteps => "next steps of a draft entry",
        }
    }

    /// Whether the form belongs to a record (`about`): an edit, a case's note, an entry's steps.
    pub fn needs_about(self) -> bool {
        matches!(
            self,
            DraftForm::ReflectionEdit | DraftForm::CoworkNote | DraftForm::NextSteps
        )
    }
}

/// The value of one control of a form: text, a ticked box, or the boxes ticked in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DraftValue {
    /// A text box, a text area, a date or a choice.
    Text(String),
    /// A checkbox.
    Flag(bool),
    /// A group of checkboxes or a list.
    List(Vec<String>),
}

impl DraftValue {
    /// Whether the value holds nothing a person typed or chose.
    pub fn is_blank(&self) -> bool {
        match self {
            DraftValue::Text(t) => t.trim().is_empty(),
            DraftValue::Flag(f) => !f,
            DraftValue::List(l) => l.iter().all(|v| v.trim().is_empty()),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            DraftValue::Text(t) => t.len(),
            DraftValue::Flag(_) => 1,
            DraftValue::List(l) => l.iter().map(String::len).sum(),
        }
    }
}

/// The most controls a form draft holds (a reflection has fewer than 40).
pub const MAX_DRAFT_FIELDS: usize = 200;

/// A form's unsaved contents, as the store keeps them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormDraft {
    /// The form.
    pub form: DraftForm,
    /// The record it belongs to, for forms that need one.
    pub about: Option<Id>,
    /// Each control's value by its name.
    pub fields: BTreeMap<String, DraftValue>,
    /// When it was last typed into (UTC).
    pub updated_at: DateTime<Utc>,
}

impl FormDraft {
    /// A line naming the draft for a person: what it is and how it starts (its title, or the
    /// longest text typed into it).
    pub fn describe(&self) -> String {
        let text = |v: &DraftValue| match v {
            DraftValue::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        };
        let start = self
            .fields
            .get("title")
            .and_then(text)
            .or_else(|| {
                self.fields
                    .values()
                    .filter_map(text)
                    .max_by_key(|t| t.chars().count())
            })
            .map(|t| {
                let mut words: String = t.chars().take(40).collect();
                if t.chars().count() > 40 {
                    words.push('…');
                }
                format!(" (“{words}”)")
            })
            .unwrap_or_default();
        format!("{}{start}", self.form.noun())
    }
}

/// Checks a draft's key and contents; the error names what is wrong.
pub(crate) fn check(
    form: DraftForm,
    about: Option<Id>,
    fields: &BTreeMap<String, DraftValue>,
) -> Result<()> {
    match (form.needs_about(), about) {
        (true, None) => {
            return Err(Error::invalid(
                "about",
                format!("a draft of {} names the record it belongs to", form.noun()),
            ))
        }
        (false, Some(_)) => {
            return Err(Error::invalid(
                "about",
                format!("a draft of {} belongs to no record", form.noun()),
            ))
        }
        _ => {}
    }
    if fields.len() > MAX_DRAFT_FIELDS {
        return Err(Error::invalid(
            "draft",
            format!("a draft keeps at most {MAX_DRAFT_FIELDS} fields"),
        ));
    }
    for name in fields.keys() {
        let ok = !name.is_empty()
            && name.len() <= 100
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
        if !ok {
            return Err(Error::invalid(
                "draft",
                "a field of a draft is named with letters, digits and - _ : . only",
            ));
        }
    }
    // Each text is held to the body's limit, and the whole draft to a few bodies'.
    let total: usize = fields.values().map(DraftValue::bytes).sum();
    if fields.values().any(|v| v.bytes() > MAX_BODY_BYTES) || total > 4 * MAX_BODY_BYTES {
        return Err(Error::invalid(
            "draft",
            "this draft is too long to keep; save part of it as its own record",
        ));
    }
    Ok(())
}

/// Whether the fields hold nothing typed or chosen (such a draft is not kept).
pub(crate) fn is_blank(fields: &BTreeMap<String, DraftValue>) -> bool {
    fields.values().all(DraftValue::is_blank)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, DraftValue)]) -> BTreeMap<String, DraftValue> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn values_read_from_json_as_the_page_sends_them() {
        let parsed: BTreeMap<String, DraftValue> = serde_json::from_str(
            r#"{"title":"Home visit","shared":true,"pcf":["values","ethics"]}"#,
        )
        .expect("parse");
        assert_eq!(parsed["title"], DraftValue::Text("Home visit".into()));
        assert_eq!(parsed["shared"], DraftValue::Flag(true));
        assert_eq!(
            parsed["pcf"],
            DraftValue::List(vec!["values".into(), "ethics".into()])
        );
    }

    #[test]
    fn blank_is_nothing_typed_or_chosen() {
        assert!(is_blank(&fields(&[
            ("title", DraftValue::Text("  \n".into())),
            ("shared", DraftValue::Flag(false)),
            ("pcf", DraftValue::List(vec![])),
        ])));
        assert!(!is_blank(&fields(&[("shared", DraftValue::Flag(true))])));
        assert!(!is_blank(&fields(&[("t", DraftValue::Text("é".into()))])));
    }

    #[test]
    fn keys_and_sizes_are_checked() {
        let ok = fields(&[("section:what", DraftValue::Text("x".into()))]);
        assert!(check(DraftForm::Reflection, None, &ok).is_ok());
        assert!(check(DraftForm::Reflection, Some(Id::new()), &ok).is_err());
        assert!(check(DraftForm::CoworkNote, None, &ok).is_err());
        assert!(check(DraftForm::CoworkNote, Some(Id::new()), &ok).is_ok());
        let bad_name = fields(&[("<script>", DraftValue::Text("x".into()))]);
        assert!(check(DraftForm::Reflection, None, &bad_name).is_err());
        let huge = fields(&[("t", DraftValue::Text("a".repeat(MAX_BODY_BYTES + 1)))]);
        assert!(check(DraftForm::Reflection, None, &huge).is_err());
        let many: BTreeMap<String, DraftValue> = (0..=MAX_DRAFT_FIELDS)
            .map(|i| (format!("f{i}"), DraftValue::Flag(true)))
            .collect();
        assert!(check(DraftForm::Reflection, None, &many).is_err());
    }

    #[test]
    fn a_draft_is_named_by_its_form_and_first_words() {
        let d = FormDraft {
            form: DraftForm::Reflection,
            about: None,
            fields: fields(&[
                ("a-model", DraftValue::Text("gibbs".into())),
                (
                    "section:feelings",
                    DraftValue::Text("Anxious before the visit".into()),
                ),
                ("shared", DraftValue::Flag(true)),
            ]),
            updated_at: Utc::now(),
        };
        assert_eq!(
            d.describe(),
            "a new reflection (“Anxious before the visit”)"
        );
        let mut titled = d.clone();
        titled
            .fields
            .insert("title".into(), DraftValue::Text("First home visit".into()));
        assert_eq!(titled.describe(), "a new reflection (“First home visit”)");
        let long = FormDraft {
            fields: fields(&[("t", DraftValue::Text("Zoë ".repeat(20)))]),
            ..d
        };
        assert!(long.describe().ends_with("…”)"), "{}", long.describe());
    }
}
