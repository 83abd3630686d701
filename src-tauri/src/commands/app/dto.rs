//! The vocabulary the forms offer.

use casecraft_core::casework::case::COMMON_FLAGS;
use casecraft_core::casework::cowork::CoworkKind;
use casecraft_core::casework::entry::EntryKind;
use casecraft_core::casework::profile::Role;
use casecraft_core::casework::reflection::{Model, PcfDomain};
use casecraft_core::casework::supervision::SupervisionFunction;
use serde::Serialize;

use crate::commands::cowork::dto::cowork_label;
use crate::commands::profile::dto::role_label;
use crate::commands::reflections::dto::model_label;
use crate::commands::shared::Choice;
use crate::commands::supervision::dto::function_label;

/// A common flag: its stable value and how it reads ("Lone working risk").
#[derive(Debug, Serialize)]
pub struct FlagChoice {
    pub value: &'static str,
    pub label: String,
}

/// The closed lists the forms offer, so the UI never hard-codes the domain's vocabulary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    pub roles: Vec<Choice>,
    pub entry_kinds: Vec<Choice>,
    pub common_flags: Vec<FlagChoice>,
    pub cowork_kinds: Vec<Choice>,
    pub pcf_domains: Vec<Choice>,
    pub models: Vec<ModelDto>,
    pub supervision_functions: Vec<Choice>,
}

/// A reflective model and the prompts of its sections, in order.
#[derive(Debug, Serialize)]
pub struct ModelDto {
    pub value: &'static str,
    pub label: &'static str,
    pub sections: Vec<SectionDto>,
}

#[derive(Debug, Serialize)]
pub struct SectionDto {
    pub key: &'static str,
    pub heading: &'static str,
    pub prompt: &'static str,
}

impl Vocabulary {
    pub fn current() -> Self {
        Vocabulary {
            roles: Role::ALL
                .iter()
                .map(|role| Choice {
                    value: role.as_str(),
                    label: role_label(*role),
                })
                .collect(),
            entry_kinds: EntryKind::recordable()
                .map(|kind| Choice {
                    value: kind.as_str(),
                    label: kind.label(),
                })
                .collect(),
            common_flags: COMMON_FLAGS
                .iter()
                .map(|flag| FlagChoice {
                    value: flag,
                    label: casecraft_core::casework::case::flag_label(flag),
                })
                .collect(),
            cowork_kinds: CoworkKind::ALL
                .iter()
                .map(|kind| Choice {
                    value: kind.as_str(),
                    label: cowork_label(*kind),
                })
                .collect(),
            pcf_domains: PcfDomain::ALL
                .iter()
                .map(|domain| Choice {
                    value: domain.as_str(),
                    label: domain.title(),
                })
                .collect(),
            supervision_functions: SupervisionFunction::ALL
                .iter()
                .map(|function| Choice {
                    value: function.as_str(),
                    label: function_label(*function),
                })
                .collect(),
            models: Model::ALL
                .iter()
                .map(|model| ModelDto {
                    value: model.as_str(),
                    label: model_label(*model),
                    sections: model
                        .sections()
                        .iter()
                        .map(|section| SectionDto {
                            key: section.key,
                            heading: section.heading,
                            prompt: section.prompt,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_offers_only_recordable_kinds() {
        let vocabulary = serde_json::to_value(Vocabulary::current()).expect("serialises");
        let kinds: Vec<&str> = vocabulary["entryKinds"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|choice| choice["value"].as_str())
            .collect();
        assert!(kinds.contains(&"home-visit"));
        assert!(!kinds.contains(&"closure"));
    }
}

/// What the app is: its version and the database schema it writes (as `casecraft --version`
/// says), so a person or their IT team can tell which casework it opens.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AboutDto {
    /// The release, e.g. `0.1.0`.
    pub version: &'static str,
    /// The database schema this release writes and reads up to.
    pub schema_version: u32,
    /// Both in a sentence: "Casecraft 0.1.0 · database schema 5".
    pub label: String,
}

impl AboutDto {
    /// This build's.
    pub fn current() -> AboutDto {
        let version = env!("CARGO_PKG_VERSION");
        let schema_version = casecraft_core::store::SCHEMA_VERSION;
        AboutDto {
            version,
            schema_version,
            label: format!("Casecraft {version} · database schema {schema_version}"),
        }
    }
}
