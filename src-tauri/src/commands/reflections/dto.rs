//! The reflective log.

use casecraft_core::casework::reflection::{
    Model, NewReflection, PcfDomain, Reflection, ReflectionEdit, Visibility,
};
use serde::{Deserialize, Serialize};

use crate::commands::shared::{day_label, optional_day, parse_id, Choice};
use crate::error::IpcError;

/// Which reflections to list; every field may be empty.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReflectionQueryDto {
    pub model: Option<String>,
    pub pcf: Option<String>,
    pub case_id: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub offset: Option<u32>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionDto {
    pub id: String,
    pub model: &'static str,
    pub model_label: &'static str,
    pub title: String,
    pub occurred_on: String,
    /// "Tue 1 Dec 2026".
    pub occurred_label: String,
    pub case_id: Option<String>,
    pub entry_id: Option<String>,
    pub pcf: Vec<Choice>,
    pub visibility: &'static str,
    pub sections: Vec<SectionTextDto>,
}

#[derive(Debug, Serialize)]
pub struct SectionTextDto {
    pub key: String,
    pub heading: String,
    pub text: String,
}

impl From<Reflection> for ReflectionDto {
    fn from(reflection: Reflection) -> Self {
        ReflectionDto {
            id: reflection.id.to_string(),
            model: reflection.model.as_str(),
            model_label: model_label(reflection.model),
            title: reflection.title,
            occurred_on: reflection.occurred_on.to_string(),
            occurred_label: day_label(reflection.occurred_on),
            case_id: reflection.case_id.map(|id| id.to_string()),
            entry_id: reflection.entry_id.map(|id| id.to_string()),
            pcf: reflection
                .pcf
                .iter()
                .map(|domain| Choice {
                    value: domain.as_str(),
                    label: domain.title(),
                })
                .collect(),
            visibility: reflection.visibility.as_str(),
            sections: reflection
                .sections
                .into_iter()
                .map(|section| SectionTextDto {
                    key: section.key,
                    heading: section.heading,
                    text: section.text,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewReflectionDto {
    pub model: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub occurred_on: Option<String>,
    #[serde(default)]
    pub case_id: Option<String>,
    #[serde(default)]
    pub entry_id: Option<String>,
    #[serde(default)]
    pub pcf: Vec<String>,
    #[serde(default)]
    pub shared: bool,
    /// `[key, text]` pairs.
    #[serde(default)]
    pub sections: Vec<(String, String)>,
    /// Labels, e.g. `peer-reflection` for the CPD record.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl TryFrom<NewReflectionDto> for NewReflection {
    type Error = IpcError;
    fn try_from(dto: NewReflectionDto) -> Result<Self, IpcError> {
        let optional_id = |field: &str, id: Option<&str>| match id.map(str::trim) {
            None | Some("") => Ok(None),
            Some(id) => parse_id(field, id).map(Some),
        };
        let case_id = optional_id("case", dto.case_id.as_deref())?;
        let entry_id = optional_id("entry", dto.entry_id.as_deref())?;
        Ok(NewReflection {
            title: dto.title.filter(|s| !s.trim().is_empty()),
            occurred_on: optional_day("day", dto.occurred_on.as_deref())?,
            case_id,
            entry_id,
            pcf: pcf_domains(&dto.pcf)?,
            visibility: visibility(dto.shared),
            sections: dto.sections,
            tags: dto.tags,
            ..NewReflection::new(Model::parse("model", &dto.model)?)
        })
    }
}

/// The PCF domains a reflection form ticked.
fn pcf_domains(values: &[String]) -> Result<Vec<PcfDomain>, IpcError> {
    Ok(values
        .iter()
        .map(|domain| PcfDomain::parse("pcf", domain))
        .collect::<Result<_, _>>()?)
}

/// A reflection form's "share" box: private unless ticked.
fn visibility(shared: bool) -> Visibility {
    if shared {
        Visibility::Shared
    } else {
        Visibility::Private
    }
}

/// The reflection edit form: title, section texts, PCF domains and sharing.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionEditDto {
    pub title: String,
    #[serde(default)]
    pub pcf: Vec<String>,
    #[serde(default)]
    pub shared: bool,
    /// `[key, text]` pairs.
    #[serde(default)]
    pub sections: Vec<(String, String)>,
}

impl TryFrom<ReflectionEditDto> for ReflectionEdit {
    type Error = IpcError;
    fn try_from(dto: ReflectionEditDto) -> Result<Self, IpcError> {
        Ok(ReflectionEdit {
            title: Some(dto.title),
            pcf: Some(pcf_domains(&dto.pcf)?),
            visibility: Some(visibility(dto.shared)),
            sections: dto.sections,
            ..ReflectionEdit::default()
        })
    }
}

/// How a reflective model reads ("Free writing").
pub(crate) fn model_label(model: Model) -> &'static str {
    match model {
        Model::Gibbs => "Gibbs",
        Model::Kolb => "Kolb",
        Model::Driscoll => "Driscoll",
        Model::Schon => "Schön",
        Model::Johns => "Johns",
        Model::Free => "Free writing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reflection_reads_model_domains_links_and_privacy() {
        let dto: NewReflectionDto = serde_json::from_value(json!({
            "model": "gibbs",
            "title": "",
            "occurredOn": "2026-03-14",
            "caseId": "",
            "entryId": null,
            "pcf": ["knowledge", "values-and-ethics"],
            "sections": [["description", "What happened"]]
        }))
        .expect("the UI's shape deserialises");
        let new = NewReflection::try_from(dto).expect("valid");
        assert_eq!(new.model, Model::Gibbs);
        assert_eq!(new.title, None);
        assert_eq!(new.case_id, None);
        assert_eq!(
            new.pcf,
            vec![PcfDomain::Knowledge, PcfDomain::ValuesAndEthics]
        );
        assert_eq!(new.visibility, Visibility::Private, "private by default");

        let bad: NewReflectionDto = serde_json::from_value(json!({
            "model": "gibbs", "pcf": ["astrology"]
        }))
        .expect("deserialises");
        let error = NewReflection::try_from(bad).expect_err("an unknown domain");
        assert_eq!(error.field.as_deref(), Some("pcf"));
    }
}
