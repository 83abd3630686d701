//! The kinds of record the ops log describes and the fields each one has:
//! the one table that tells the store how an op becomes a row.

use serde::{Deserialize, Serialize};

use crate::vocabulary;

vocabulary!(
    /// A kind of record in the ops log.
    RecordKind, "record kind", {
        /// A worker profile.
        Worker => "worker",
        /// A case.
        Case => "case",
        /// A person in a case's network.
        Person => "person",
        /// A chronology entry.
        Entry => "entry",
        /// An addendum to a completed entry.
        Addendum => "addendum",
        /// A reflection.
        Reflection => "reflection",
        /// A co-working note.
        CoworkNote => "cowork-note",
        /// An action.
        Action => "action",
        /// A supervision session.
        Supervision => "supervision",
        /// A student's placement.
        Placement => "placement",
        /// A day of placement in the day log.
        PlacementDay => "placement-day",
        /// A direct observation of practice.
        Observation => "observation",
    }
);

/// How a field is stored and merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldType {
    /// Text register (one line or a short value).
    Str,
    /// Integer or boolean register.
    Int,
    /// A JSON list register (flags, tags, participants…).
    Json,
    /// A text body merged character by character (a `yrs` document).
    Text,
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Name in ops and column name in the record's table.
    pub name: &'static str,
    /// Storage and merge rule.
    pub ty: FieldType,
}

const fn f(name: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec { name, ty }
}

use FieldType::{Int, Json, Str, Text};

impl RecordKind {
    /// The table holding records of this kind.
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Worker => "workers",
            RecordKind::Case => "cases",
            RecordKind::Person => "people",
            RecordKind::Entry => "entries",
            RecordKind::Addendum => "addenda",
            RecordKind::Reflection => "reflections",
            RecordKind::CoworkNote => "cowork_notes",
            RecordKind::Action => "actions",
            RecordKind::Supervision => "supervisions",
            RecordKind::Placement => "placements",
            RecordKind::PlacementDay => "placement_days",
            RecordKind::Observation => "observations",
        }
    }

    /// The fields an op may write. Every kind also has `deleted` (the
    /// tombstone register).
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            RecordKind::Worker => {
                const { &[f("display_name", Str), f("role", Str), f("deleted", Int)] }
            }
            RecordKind::Case => {
                const {
                    &[
                        f("reference", Str),
                        f("status", Str),
                        f("opened_on", Str),
                        f("closed_on", Str),
                        f("closure_rationale", Str),
                        f("summary", Text),
                        f("flags", Json),
                        f("tags", Json),
                        f("members", Json),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Person => {
                const {
                    &[
                        f("case_id", Str),
                        f("name", Str),
                        f("relationship", Str),
                        f("household", Str),
                        f("agency", Str),
                        f("date_of_birth", Str),
                        f("notes", Text),
                        f("is_subject", Int),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Entry => {
                const {
                    &[
                        f("case_id", Str),
                        f("kind", Str),
                        f("status", Str),
                        f("occurred_at", Str),
                        f("duration_minutes", Int),
                        f("location", Str),
                        f("participants", Json),
                        f("purpose", Str),
                        f("body", Text),
                        f("voice", Text),
                        f("analysis", Text),
                        f("significant", Int),
                        f("completed_at", Str),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Addendum => {
                const {
                    &[
                        f("entry_id", Str),
                        f("case_id", Str),
                        f("text", Str),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Reflection => {
                const {
                    &[
                        f("model", Str),
                        f("title", Str),
                        f("occurred_on", Str),
                        f("case_id", Str),
                        f("entry_id", Str),
                        f("pcf", Json),
                        f("tags", Json),
                        f("visibility", Str),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::CoworkNote => {
                const {
                    &[
                        f("case_id", Str),
                        f("kind", Str),
                        f("body", Str),
                        f("reply_to", Str),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Action => {
                const {
                    &[
                        f("case_id", Str),
                        f("text", Str),
                        f("owner", Str),
                        f("due_on", Str),
                        f("done", Int),
                        f("done_at", Str),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Supervision => {
                const {
                    &[
                        f("occurred_on", Str),
                        f("supervisor", Str),
                        f("functions", Json),
                        f("notes", Text),
                        f("decisions", Json),
                        f("reflections", Json),
                        f("actions", Json),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Placement => {
                const {
                    &[
                        f("setting", Str),
                        f("educator", Str),
                        f("started_on", Str),
                        f("required_days", Int),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::PlacementDay => {
                const {
                    &[
                        f("placement_id", Str),
                        f("day", Str),
                        f("activities", Text),
                        f("pcf", Json),
                        f("deleted", Int),
                    ]
                }
            }
            RecordKind::Observation => {
                const {
                    &[
                        f("placement_id", Str),
                        f("observed_on", Str),
                        f("observer", Str),
                        f("activity", Str),
                        f("feedback", Text),
                        f("pcf", Json),
                        f("deleted", Int),
                    ]
                }
            }
        }
    }

    /// How records of this kind are completed, if they are: from then on their content never
    /// changes, on this device or through sync (enforced where ops are applied).
    pub fn completion(self) -> Option<CompletionRule> {
        match self {
            RecordKind::Entry => Some(CompletionRule {
                field: "status",
                value: "completed",
                stamp: "completed_at",
            }),
            _ => None,
        }
    }

    /// The spec of `name`, if this kind has it. Reflection sections are the
    /// text fields `section.<key>`.
    pub fn field(self, name: &str) -> Option<FieldSpec> {
        if self == RecordKind::Reflection && name.starts_with(SECTION_PREFIX) {
            return Some(FieldSpec {
                name: "section",
                ty: Text,
            });
        }
        self.fields().iter().copied().find(|f| f.name == name)
    }
}

/// How a record kind is completed: the register write that completes a record, and the field
/// stamped with the moment in the same write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletionRule {
    /// The register that says a record is completed.
    pub field: &'static str,
    /// Its value once completed.
    pub value: &'static str,
    /// The field written with the moment of completion, straight after `field`.
    pub stamp: &'static str,
}

/// Reflection section fields are named `section.<key>`.
pub const SECTION_PREFIX: &str = "section.";
