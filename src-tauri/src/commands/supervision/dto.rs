//! Supervision: the agenda, sessions, a case's quality review, and the documents made of a case
//! (the placement's portfolio and CPD record are shown in the same `DocumentDto`).

use casecraft_core::casework::action::NewAction;
use casecraft_core::casework::supervision::{
    Agenda, NewSupervision, Supervision, SupervisionFunction,
};
use serde::{Deserialize, Serialize};

use crate::commands::shared::{optional_day, parse_id, Choice};
use crate::error::IpcError;

/// A proposed supervision agenda.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaDto {
    pub since: String,
    pub items: Vec<AgendaItemDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItemDto {
    pub kind: &'static str,
    pub case_id: Option<String>,
    pub record_id: Option<String>,
    pub title: String,
    pub detail: String,
}

impl From<Agenda> for AgendaDto {
    fn from(agenda: Agenda) -> Self {
        AgendaDto {
            since: agenda.since.to_string(),
            items: agenda
                .items
                .into_iter()
                .map(|i| AgendaItemDto {
                    kind: i.kind.as_str(),
                    case_id: i.case_id.map(|id| id.to_string()),
                    record_id: i.record_id.map(|id| id.to_string()),
                    title: i.title,
                    detail: i.detail,
                })
                .collect(),
        }
    }
}

/// A session as the form sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSupervisionDto {
    pub occurred_on: Option<String>,
    pub supervisor: String,
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub decisions: Vec<DecisionDto>,
    #[serde(default)]
    pub reflections: Vec<String>,
    #[serde(default)]
    pub actions: Vec<AgreedActionDto>,
    pub wellbeing: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDto {
    pub case_id: String,
    pub decision: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreedActionDto {
    pub case_id: String,
    pub text: String,
    pub due_on: Option<String>,
}

impl TryFrom<NewSupervisionDto> for NewSupervision {
    type Error = IpcError;
    fn try_from(dto: NewSupervisionDto) -> Result<Self, IpcError> {
        Ok(NewSupervision {
            occurred_on: optional_day("date", dto.occurred_on.as_deref())?,
            supervisor: dto.supervisor,
            functions: dto
                .functions
                .iter()
                .map(|f| SupervisionFunction::parse("functions", f))
                .collect::<Result<_, _>>()?,
            notes: dto.notes,
            decisions: dto
                .decisions
                .into_iter()
                .map(|d| Ok((parse_id("decision", &d.case_id)?, d.decision)))
                .collect::<Result<_, IpcError>>()?,
            reflections: dto
                .reflections
                .iter()
                .map(|r| parse_id("reflections", r))
                .collect::<Result<_, _>>()?,
            actions: dto
                .actions
                .into_iter()
                .map(|a| {
                    Ok((
                        parse_id("action", &a.case_id)?,
                        NewAction {
                            text: a.text,
                            due_on: optional_day("due", a.due_on.as_deref())?,
                            ..Default::default()
                        },
                    ))
                })
                .collect::<Result<_, IpcError>>()?,
            wellbeing: dto.wellbeing,
        })
    }
}

/// A session, with the subjects of the cases it decided on.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionDto {
    pub id: String,
    pub occurred_on: String,
    pub supervisor: String,
    pub functions: Vec<Choice>,
    pub notes: String,
    pub decisions: Vec<DecisionViewDto>,
    pub reflections: usize,
    pub actions: usize,
    /// Only on the device it was written on.
    pub wellbeing: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionViewDto {
    pub case_id: String,
    pub subject: String,
    pub decision: String,
}

impl SupervisionDto {
    /// The session, naming each case decided on (a case since deleted shows as such).
    pub fn with_subjects(
        s: Supervision,
        store: &casecraft_core::Store,
    ) -> casecraft_core::Result<Self> {
        let decisions = s
            .decisions
            .into_iter()
            .map(|d| DecisionViewDto {
                case_id: d.case_id.to_string(),
                subject: store
                    .case(d.case_id)
                    .map(|c| c.subject)
                    .unwrap_or_else(|_| "(a case no longer here)".into()),
                decision: d.decision,
            })
            .collect();
        Ok(SupervisionDto {
            id: s.id.to_string(),
            occurred_on: s.occurred_on.to_string(),
            supervisor: s.supervisor,
            functions: s
                .functions
                .into_iter()
                .map(|f| Choice {
                    value: f.as_str(),
                    label: function_label(f),
                })
                .collect(),
            notes: s.notes,
            decisions,
            reflections: s.reflections.len(),
            actions: s.actions.len(),
            wellbeing: s.wellbeing,
        })
    }
}

/// Corrections to a recorded session, as the edit form sends them: every part it shows (the
/// reflections brought are left as they are).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionEditDto {
    pub occurred_on: Option<String>,
    pub supervisor: String,
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub notes: String,
    /// The private wellbeing section; empty removes it.
    #[serde(default)]
    pub wellbeing: String,
}

impl TryFrom<SupervisionEditDto> for casecraft_core::casework::supervision::SupervisionEdit {
    type Error = IpcError;

    fn try_from(dto: SupervisionEditDto) -> Result<Self, IpcError> {
        Ok(casecraft_core::casework::supervision::SupervisionEdit {
            occurred_on: optional_day("date", dto.occurred_on.as_deref())?,
            supervisor: Some(dto.supervisor),
            functions: Some(
                dto.functions
                    .iter()
                    .map(|f| SupervisionFunction::parse("functions", f))
                    .collect::<Result<_, _>>()?,
            ),
            notes: Some(dto.notes),
            reflections: None,
            wellbeing: Some(dto.wellbeing),
        })
    }
}

/// A case's quality review: `bodyHtml` is rendered and sanitised by the core.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityReviewDto {
    pub subject: String,
    pub body_html: String,
}

/// What the export panel asks for.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRequestDto {
    pub id: String,
    /// `record`, `chronology` or `quality`.
    pub kind: String,
    pub format: String,
    #[serde(default)]
    pub significant: bool,
    #[serde(default)]
    pub anonymise: bool,
    /// Save it to a new file the person chooses in the save dialog; only previewed when false.
    #[serde(default)]
    pub save: bool,
}

/// One replacement an anonymised document made.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplacementDto {
    pub kind: &'static str,
    pub found: String,
    pub placeholder: String,
    pub count: usize,
}

/// A case document: its preview (rendered and sanitised by the core), what anonymising replaced,
/// and where it was saved.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDto {
    pub preview_html: String,
    pub replacements: Option<Vec<ReplacementDto>>,
    pub saved_to: Option<String>,
    pub bytes: usize,
}

impl DocumentDto {
    /// What the page shows of `doc`: its preview rendered, the replacements, where it was saved.
    pub fn new(
        doc: casecraft_core::documents::model::Document,
        saved_to: Option<std::path::PathBuf>,
    ) -> Self {
        DocumentDto {
            preview_html: casecraft_core::documents::markdown::render(&doc.preview),
            replacements: doc.replacements.map(|list| {
                list.into_iter()
                    .map(|r| ReplacementDto {
                        kind: r.kind,
                        found: r.found,
                        placeholder: r.placeholder,
                        count: r.count,
                    })
                    .collect()
            }),
            saved_to: saved_to.map(|f| f.display().to_string()),
            bytes: doc.text.len(),
        }
    }
}

/// How a function of supervision reads ("Management").
pub(crate) fn function_label(function: SupervisionFunction) -> &'static str {
    match function {
        SupervisionFunction::Management => "Management",
        SupervisionFunction::Development => "Development",
        SupervisionFunction::Support => "Support",
        SupervisionFunction::Mediation => "Mediation",
    }
}
