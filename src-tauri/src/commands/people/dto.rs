//! A case's network.

use casecraft_core::casework::person::{NewPerson, Person, PersonEdit};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonDto {
    pub id: String,
    pub name: String,
    pub relationship: String,
    pub household: Option<String>,
    pub agency: Option<String>,
    pub notes: String,
    pub is_subject: bool,
    /// The worker's role on the case lets them change and remove people (always, off a hub).
    pub may_edit: bool,
}

impl From<Person> for PersonDto {
    fn from(person: Person) -> Self {
        PersonDto {
            id: person.id.to_string(),
            name: person.name,
            relationship: person.relationship,
            household: person.household,
            agency: person.agency,
            notes: person.notes,
            is_subject: person.is_subject,
            may_edit: true,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPersonDto {
    pub name: String,
    #[serde(default)]
    pub relationship: String,
    #[serde(default)]
    pub household: Option<String>,
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl From<NewPersonDto> for NewPerson {
    fn from(dto: NewPersonDto) -> Self {
        let blank_is_none = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        NewPerson {
            name: dto.name,
            relationship: dto.relationship,
            household: blank_is_none(dto.household),
            agency: blank_is_none(dto.agency),
            date_of_birth: None,
            notes: blank_is_none(dto.notes),
            is_subject: false,
        }
    }
}

/// The person edit form: every field is written (an empty household or agency clears it).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonEditDto {
    pub name: String,
    #[serde(default)]
    pub relationship: String,
    #[serde(default)]
    pub household: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub notes: String,
}

impl From<PersonEditDto> for PersonEdit {
    fn from(dto: PersonEditDto) -> Self {
        PersonEdit {
            name: Some(dto.name),
            relationship: Some(dto.relationship),
            household: Some(dto.household),
            agency: Some(dto.agency),
            date_of_birth: None,
            notes: Some(dto.notes),
        }
    }
}
