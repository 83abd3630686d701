//! Reflective practice: reflections written through a structured model
//! (Gibbs, Kolb, Driscoll, Schön, Johns, or free), tagged to the domains of
//! the Professional Capabilities Framework, private unless shared.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::ids::Id;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
    /// A model of reflection, each with its ordered sections.
    Model, "reflective model", {
        /// Gibbs' reflective cycle.
        Gibbs => "gibbs",
        /// Kolb's experiential learning cycle.
        Kolb => "kolb",
        /// Driscoll's what / so what / now what.
        Driscoll => "driscoll",
        /// Schön's reflection in and on action.
        Schon => "schon",
        /// Johns' model of structured reflection.
        Johns => "johns",
        /// Free writing.
        Free => "free",
    }
);

/// One section of a model: its key and the prompt shown to the writer.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Section {
    /// Stable key (used in ops and on the command line).
    pub key: &'static str,
    /// Heading shown to the writer.
    pub heading: &'static str,
    /// The question that guides the writer.
    pub prompt: &'static str,
}

const fn s(key: &'static str, heading: &'static str, prompt: &'static str) -> Section {
    Section {
        key,
        heading,
        prompt,
    }
}

impl Model {
    /// The model's sections, in order.
    pub fn sections(self) -> &'static [Section] {
        match self {
            Model::Gibbs => {
                const {
                    &[
                        s(
                            "description",
                            "Description",
                            "What happened? Who was there, what did you do, what did they do?",
                        ),
                        s(
                            "feelings",
                            "Feelings",
                            "What were you thinking and feeling at the time, and afterwards?",
                        ),
                        s(
                            "evaluation",
                            "Evaluation",
                            "What was good and what was difficult about the experience?",
                        ),
                        s(
                            "analysis",
                            "Analysis",
                            "What sense can you make of it? What theory, research or law helps?",
                        ),
                        s(
                            "conclusion",
                            "Conclusion",
                            "What else could you have done? What have you learned?",
                        ),
                        s(
                            "action-plan",
                            "Action plan",
                            "If it happened again, what would you do? What will you do next?",
                        ),
                    ]
                }
            }
            Model::Kolb => {
                const {
                    &[
                        s(
                            "experience",
                            "Concrete experience",
                            "What did you do or see?",
                        ),
                        s(
                            "reflection",
                            "Reflective observation",
                            "Looking back, what do you notice about it?",
                        ),
                        s(
                            "conceptualisation",
                            "Abstract conceptualisation",
                            "What ideas, theories or patterns explain it?",
                        ),
                        s(
                            "experimentation",
                            "Active experimentation",
                            "What will you try next time, and how?",
                        ),
                    ]
                }
            }
            Model::Driscoll => {
                const {
                    &[
                        s("what", "What?", "What happened? What did you see and do?"),
                        s(
                            "so-what",
                            "So what?",
                            "What does it mean? What was its effect on the person and on you?",
                        ),
                        s(
                            "now-what",
                            "Now what?",
                            "What will you do now? What difference will it make?",
                        ),
                    ]
                }
            }
            Model::Schon => {
                const {
                    &[
                        s(
                            "in-action",
                            "Reflection in action",
                            "What did you notice and adjust while it was happening?",
                        ),
                        s(
                            "on-action",
                            "Reflection on action",
                            "Looking back, what would you keep, and what would you change?",
                        ),
                    ]
                }
            }
            Model::Johns => {
                const {
                    &[
                s("description", "Description", "Describe the experience: what were the significant factors?"),
                s("reflection", "Reflection", "What were you trying to achieve? What were the consequences for the person, for others, for you?"),
                s("influencing-factors", "Influencing factors", "What internal and external factors influenced your decisions?"),
                s("alternatives", "Alternatives", "What other choices did you have, and what might they have led to?"),
                s("learning", "Learning", "How do you feel now? How will this change your practice?"),
            ]
                }
            }
            Model::Free => {
                const {
                    &[s(
                        "body",
                        "Reflection",
                        "Write freely about what happened and what you make of it.",
                    )]
                }
            }
        }
    }

    /// The section with `key`, if this model has it.
    pub fn section(self, key: &str) -> Option<&'static Section> {
        self.sections().iter().find(|s| s.key == key)
    }
}

vocabulary!(
    error: crate::Error,
    /// The nine domains of the Professional Capabilities Framework.
    PcfDomain, "PCF domain", {
        /// Professionalism.
        Professionalism => "professionalism",
        /// Values and ethics.
        ValuesAndEthics => "values-and-ethics",
        /// Diversity and equality.
        DiversityAndEquality => "diversity-and-equality",
        /// Rights, justice and economic wellbeing.
        RightsAndJustice => "rights-justice-and-economic-wellbeing",
        /// Knowledge.
        Knowledge => "knowledge",
        /// Critical reflection and analysis.
        CriticalReflection => "critical-reflection-and-analysis",
        /// Skills and interventions.
        SkillsAndInterventions => "skills-and-interventions",
        /// Contexts and organisations.
        ContextsAndOrganisations => "contexts-and-organisations",
        /// Professional leadership.
        ProfessionalLeadership => "professional-leadership",
    }
);

impl PcfDomain {
    /// The domain's name as the framework writes it.
    pub fn title(self) -> &'static str {
        match self {
            PcfDomain::Professionalism => "Professionalism",
            PcfDomain::ValuesAndEthics => "Values and ethics",
            PcfDomain::DiversityAndEquality => "Diversity and equality",
            PcfDomain::RightsAndJustice => "Rights, justice and economic wellbeing",
            PcfDomain::Knowledge => "Knowledge",
            PcfDomain::CriticalReflection => "Critical reflection and analysis",
            PcfDomain::SkillsAndInterventions => "Skills and interventions",
            PcfDomain::ContextsAndOrganisations => "Contexts and organisations",
            PcfDomain::ProfessionalLeadership => "Professional leadership",
        }
    }
}

vocabulary!(
    error: crate::Error,
    /// Who may see a reflection.
    Visibility, "visibility", {
        /// Only its author (the default).
        Private => "private",
        /// The author chose to share it with the case's co-workers.
        Shared => "shared",
    }
);

/// A reflection.
#[derive(Debug, Clone, Serialize)]
pub struct Reflection {
    /// The reflection id.
    pub id: Id,
    /// Its model.
    pub model: Model,
    /// Title.
    pub title: String,
    /// The day it is about.
    pub occurred_on: NaiveDate,
    /// The case it concerns, if any.
    pub case_id: Option<Id>,
    /// The entry it concerns, if any.
    pub entry_id: Option<Id>,
    /// PCF domains it evidences.
    pub pcf: Vec<PcfDomain>,
    /// Tags.
    pub tags: Vec<String>,
    /// Private or shared.
    pub visibility: Visibility,
    /// The sections in the model's order, each with its text.
    pub sections: Vec<SectionText>,
    /// The author.
    pub author: Id,
    /// In the trash.
    pub deleted: bool,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// A section of a reflection with what was written in it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionText {
    /// The section's key.
    pub key: String,
    /// Heading.
    pub heading: String,
    /// Prompt.
    pub prompt: String,
    /// What was written.
    pub text: String,
}

/// A new reflection.
#[derive(Debug, Clone)]
pub struct NewReflection {
    /// Model.
    pub model: Model,
    /// Title; a default from the model and day when absent.
    pub title: Option<String>,
    /// Day; today when absent.
    pub occurred_on: Option<NaiveDate>,
    /// Linked case.
    pub case_id: Option<Id>,
    /// Linked entry.
    pub entry_id: Option<Id>,
    /// PCF domains.
    pub pcf: Vec<PcfDomain>,
    /// Tags.
    pub tags: Vec<String>,
    /// Visibility (private by default).
    pub visibility: Visibility,
    /// Section texts by key.
    pub sections: Vec<(String, String)>,
}

impl NewReflection {
    /// An empty, private reflection with `model`.
    pub fn new(model: Model) -> Self {
        NewReflection {
            model,
            title: None,
            occurred_on: None,
            case_id: None,
            entry_id: None,
            pcf: Vec::new(),
            tags: Vec::new(),
            visibility: Visibility::Private,
            sections: Vec::new(),
        }
    }
}

/// A change to a reflection; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct ReflectionEdit {
    /// Title.
    pub title: Option<String>,
    /// Day.
    pub occurred_on: Option<NaiveDate>,
    /// Linked case (`Some(None)` unlinks).
    pub case_id: Option<Option<Id>>,
    /// Linked entry (`Some(None)` unlinks).
    pub entry_id: Option<Option<Id>>,
    /// PCF domains (replaces).
    pub pcf: Option<Vec<PcfDomain>>,
    /// Tags (replaces).
    pub tags: Option<Vec<String>>,
    /// Visibility.
    pub visibility: Option<Visibility>,
    /// Section texts to replace, by key.
    pub sections: Vec<(String, String)>,
}

/// Which reflections to list.
#[derive(Debug, Clone, Default)]
pub struct ReflectionFilter {
    /// Only this model.
    pub model: Option<Model>,
    /// Only those tagged with this domain.
    pub pcf: Option<PcfDomain>,
    /// Only those linked to this case.
    pub case_id: Option<Id>,
    /// From this day.
    pub from: Option<NaiveDate>,
    /// To this day.
    pub to: Option<NaiveDate>,
    /// At most this many (every reflection when absent).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_model_has_the_sections_of_the_design() {
        let keys = |m: Model| m.sections().iter().map(|s| s.key).collect::<Vec<_>>();
        assert_eq!(
            keys(Model::Gibbs),
            [
                "description",
                "feelings",
                "evaluation",
                "analysis",
                "conclusion",
                "action-plan"
            ]
        );
        assert_eq!(
            keys(Model::Kolb),
            [
                "experience",
                "reflection",
                "conceptualisation",
                "experimentation"
            ]
        );
        assert_eq!(keys(Model::Driscoll), ["what", "so-what", "now-what"]);
        assert_eq!(keys(Model::Schon), ["in-action", "on-action"]);
        assert_eq!(
            keys(Model::Johns),
            [
                "description",
                "reflection",
                "influencing-factors",
                "alternatives",
                "learning"
            ]
        );
        assert_eq!(keys(Model::Free), ["body"]);
        assert!(Model::ALL
            .iter()
            .all(|m| m.sections().iter().all(|s| !s.prompt.is_empty())));
    }

    #[test]
    fn nine_pcf_domains() {
        assert_eq!(PcfDomain::ALL.len(), 9);
        assert_eq!(Model::parse("model", "Schon").unwrap(), Model::Schon);
        assert!(Model::parse("model", "freud")
            .unwrap_err()
            .to_string()
            .contains("gibbs"));
    }
}
