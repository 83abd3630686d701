//! People in a case's network: family, community and agencies around the
//! person the case is about.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::ids::Id;

/// Someone in the case's network.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// The person's id.
    pub id: Id,
    /// The case whose network they are in.
    pub case_id: Id,
    /// Name.
    pub name: String,
    /// Relationship to the subject (mother, teacher, GP…); `subject` for the
    /// subject.
    pub relationship: String,
    /// Household they live in, if known.
    pub household: Option<String>,
    /// Agency they work for, if a professional.
    pub agency: Option<String>,
    /// Date of birth, if known.
    pub date_of_birth: Option<NaiveDate>,
    /// Contact notes (Markdown).
    pub notes: String,
    /// The person the case is about.
    pub is_subject: bool,
    /// In the trash.
    pub deleted: bool,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
}

/// A new person in a network.
#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    /// Name.
    pub name: String,
    /// Relationship to the subject.
    pub relationship: String,
    /// Household.
    pub household: Option<String>,
    /// Agency.
    pub agency: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Contact notes.
    pub notes: Option<String>,
    /// Whether this is the person the case is about.
    pub is_subject: bool,
}

/// A change to a person; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct PersonEdit {
    /// Name.
    pub name: Option<String>,
    /// Relationship.
    pub relationship: Option<String>,
    /// Household (`Some("")` clears).
    pub household: Option<String>,
    /// Agency (`Some("")` clears).
    pub agency: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

/// `text` folded for comparison: decomposed, in lower case, without accents, and with the few
/// letters Unicode does not decompose (ø, ł, đ, ħ, ŧ, dotless ı) as their base letter.
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .flat_map(char::to_lowercase)
        .filter(|c| !is_combining_mark(*c))
        .map(unstroked)
        .collect()
}

/// A letter with a stroke or bar, which has no canonical decomposition, as its base letter.
fn unstroked(c: char) -> char {
    match c {
        'ø' => 'o',
        'ł' => 'l',
        'đ' => 'd',
        'ħ' => 'h',
        'ŧ' => 't',
        'ı' => 'i',
        _ => c,
    }
}
