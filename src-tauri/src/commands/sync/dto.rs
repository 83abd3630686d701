//! Sync through a folder: the status line, what a sync did, and the inbox.

use casecraft_core::record::RecordKind;
use casecraft_core::store::hub::RefusedOp;
use casecraft_core::store::sync::{DeletionConflict, MergedBody};
use casecraft_core::sync::folder::{SyncReport, SyncStatus};
use casecraft_core::sync::hub::HubStatus;
use casecraft_core::sync::RoundReport;
use casecraft_core::sync::{Conflict, HeldEdits, ValueShape};
use casecraft_core::Id;
use chrono::{DateTime, Local, Utc};
use serde::Serialize;

use crate::commands::shared::local_label;

/// Where sync stands, for the status line and the sync screen.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusDto {
    pub configured: bool,
    pub folder: Option<String>,
    /// Changes made here and not yet in the folder.
    pub pending: u64,
    /// `10:42` today, a day and time before; `None` when never synced.
    pub last_sync_label: Option<String>,
    /// Conflicts, merged bodies, deletions, held edits and changes the hub refused, waiting for
    /// a person.
    pub to_review: usize,
    /// How the team hub stands, when this device joined one.
    pub hub: Option<HubLineDto>,
}

/// The team hub's part of the status line.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HubLineDto {
    pub team: String,
    /// Changes made here that will go to the hub and have not yet.
    pub pending: u64,
    /// Changes the hub did not accept, listed in the inbox.
    pub refused: usize,
    pub last_sync_label: Option<String>,
}

impl From<HubStatus> for HubLineDto {
    fn from(s: HubStatus) -> Self {
        HubLineDto {
            team: s.team,
            pending: s.pending,
            refused: s.refused,
            last_sync_label: s.last_sync.map(short_local_label),
        }
    }
}

impl SyncStatusDto {
    pub fn not_configured() -> Self {
        SyncStatusDto {
            configured: false,
            folder: None,
            pending: 0,
            last_sync_label: None,
            to_review: 0,
            hub: None,
        }
    }
}

impl From<SyncStatus> for SyncStatusDto {
    fn from(s: SyncStatus) -> Self {
        SyncStatusDto {
            configured: true,
            folder: Some(s.folder.display().to_string()),
            pending: s.pending,
            last_sync_label: s.last_sync.map(short_local_label),
            to_review: s.conflicts,
            hub: None,
        }
    }
}

/// What one "Sync now" did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReportDto {
    /// Whether a folder took part (`devices` counts its devices).
    pub folder: bool,
    pub received: u64,
    pub sent: u64,
    pub devices: usize,
    pub warnings: Vec<String>,
    /// Another installation was using this device's id; this one took a new id.
    pub new_device_id: bool,
    /// The team hub's part, when this device joined one and reached it.
    pub hub: Option<HubReportDto>,
}

impl From<SyncReport> for SyncReportDto {
    fn from(r: SyncReport) -> Self {
        SyncReportDto {
            folder: true,
            received: r.pulled.applied,
            sent: r.pushed,
            devices: r.devices,
            warnings: r.warnings,
            new_device_id: r.pulled.new_device_id,
            hub: None,
        }
    }
}

/// What the team hub's part of a round did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HubReportDto {
    pub received: u64,
    pub sent: u64,
    /// Changes the hub did not accept this round (listed in the inbox).
    pub refused: u64,
    pub cases_added: usize,
    pub cases_removed: usize,
}

impl From<RoundReport> for SyncReportDto {
    fn from(r: RoundReport) -> Self {
        let mut dto = match r.folder {
            Some(folder) => SyncReportDto::from(folder),
            None => SyncReportDto {
                folder: false,
                received: 0,
                sent: 0,
                devices: 0,
                warnings: Vec::new(),
                new_device_id: false,
                hub: None,
            },
        };
        if let Some(hub) = r.hub {
            dto.received += hub.received.applied;
            dto.sent += hub.sent;
            dto.new_device_id |= hub.received.new_device_id;
            dto.hub = Some(HubReportDto {
                received: hub.received.applied,
                sent: hub.sent,
                refused: hub.refused,
                cases_added: hub.cases_added.len(),
                cases_removed: hub.cases_removed.len(),
            });
        }
        dto.warnings.extend(
            r.failed
                .into_iter()
                .map(|f| format!("Not synced with the {f}.")),
        );
        dto
    }
}

/// A change the team hub did not accept: kept on this device, listed until exported or
/// discarded.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefusedDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub op_id: String,
    /// What the change did ("set summary, flags").
    pub change: String,
    /// The hub's reason.
    pub reason: String,
    pub at_label: String,
}

impl RefusedDto {
    pub fn new(r: RefusedOp, label: String) -> Self {
        RefusedDto {
            record: RecordRefDto::new(
                r.op.record_kind,
                r.op.record_id,
                casecraft_core::hub::case_of(&r.op),
                label,
            ),
            op_id: r.op.op_id.to_string(),
            change: r.op.body.summary(),
            reason: r.reason,
            at_label: local_label(r.refused_at),
        }
    }
}

/// Everything sync left for a person: conflicting values, merged bodies, deletions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxDto {
    pub conflicts: Vec<ConflictDto>,
    pub merged: Vec<MergedDto>,
    pub deletions: Vec<DeletionDto>,
    pub held: Vec<HeldDto>,
    pub refused: Vec<RefusedDto>,
}

/// Edits made to a completed entry on a device that did not yet know it was completed: shown,
/// never applied, until added as an addendum or discarded.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub fields: Vec<HeldFieldDto>,
    /// Who made them.
    pub authors: String,
    /// When (the last of them).
    pub at_label: String,
    /// The addendum the core proposes: who, when, and each edited field in full.
    pub addendum: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldFieldDto {
    pub label: String,
    pub completed: String,
    pub edited: String,
}

impl From<HeldEdits> for HeldDto {
    fn from(h: HeldEdits) -> Self {
        HeldDto {
            addendum: h.addendum_text(&casecraft_core::zone::Zone::worker()),
            at_label: local_label(h.last_at),
            authors: h.authors.join(", "),
            fields: h
                .fields
                .into_iter()
                .map(|f| HeldFieldDto {
                    label: f.label,
                    completed: f.completed,
                    edited: f.edited,
                })
                .collect(),
            record: RecordRefDto::new(h.kind, h.record_id, h.case_id, h.label),
        }
    }
}

/// Which record an inbox item is about, and how a person recognises it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRefDto {
    pub kind: &'static str,
    pub record_id: String,
    pub case_id: Option<String>,
    pub label: String,
}

impl RecordRefDto {
    fn new(kind: RecordKind, record_id: Id, case_id: Option<Id>, label: String) -> Self {
        RecordRefDto {
            kind: kind.as_str(),
            record_id: record_id.to_string(),
            case_id: case_id.map(|id| id.to_string()),
            label,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub field: String,
    pub field_label: String,
    /// `text` (one line), `body` (several lines), `list` (combining takes both) or `other`
    /// (keep one): the core decides from the field.
    pub shape: &'static str,
    pub values: Vec<ConflictValueDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValueDto {
    pub op_id: String,
    /// The value itself, to send back when combining.
    pub value: serde_json::Value,
    /// The value as a person reads it.
    pub display: String,
    pub author: String,
    pub at_label: String,
}

impl From<Conflict> for ConflictDto {
    fn from(c: Conflict) -> Self {
        let shape = match c.shape {
            ValueShape::Line => "text",
            ValueShape::Body => "body",
            ValueShape::Labels | ValueShape::Names => "list",
            ValueShape::Fixed => "other",
        };
        ConflictDto {
            record: RecordRefDto::new(c.kind, c.record_id, c.case_id, c.label),
            field_label: field_label(&c.field),
            field: c.field,
            shape,
            values: c
                .values
                .into_iter()
                .map(|v| ConflictValueDto {
                    op_id: v.op_id.to_string(),
                    display: value_display(&v.value),
                    value: v.value,
                    author: v.author_name.unwrap_or_else(|| "another worker".into()),
                    at_label: local_label(v.at),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergedDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub field: String,
    pub field_label: String,
    pub text: String,
}

impl From<MergedBody> for MergedDto {
    fn from(m: MergedBody) -> Self {
        MergedDto {
            record: RecordRefDto::new(m.kind, m.record_id, m.case_id, m.label),
            field_label: field_label(&m.field),
            field: m.field,
            text: m.text,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletionDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub edits: u64,
}

impl From<DeletionConflict> for DeletionDto {
    fn from(d: DeletionConflict) -> Self {
        DeletionDto {
            record: RecordRefDto::new(d.kind, d.record_id, d.case_id, d.label),
            edits: d.edits,
        }
    }
}

/// `reference` → `Reference`, `section.feelings` → `Section: feelings`, `duration_minutes` →
/// `Duration minutes`.
fn field_label(field: &str) -> String {
    let readable = match field.split_once('.') {
        Some((head, rest)) => format!("{head}: {}", rest.replace(['_', '-'], " ")),
        None => field.replace(['_', '-'], " "),
    };
    let mut chars = readable.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A register value as a person reads it: text as it is, lists joined, nothing as "(empty)".
fn value_display(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(empty)".into(),
        serde_json::Value::String(s) if s.is_empty() => "(empty)".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        serde_json::Value::Array(items) if items.is_empty() => "(none)".into(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(value_display)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// `10:42` today, `Tue 24 Nov 2026, 10:42` on another day.
pub(crate) fn short_local_label(moment: DateTime<Utc>) -> String {
    let local = moment.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local_label(moment)
    }
}
