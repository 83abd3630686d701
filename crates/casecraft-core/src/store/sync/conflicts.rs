//! Sync between devices: what a device holds (its head map), what an import
//! did, and the conflicts it left for a person to resolve. The store side is
//! `store::sync`; the folder transport is `folder`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ids::Id;
use crate::record::RecordKind;

/// For each device, the highest seq of its log held here with no gap below.
pub type HeadMap = BTreeMap<Id, u64>;

/// What an import of remote ops did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Ops offered.
    pub received: u64,
    /// Ops new to this device, now in its log and applied.
    pub applied: u64,
    /// Ops this device already had.
    pub duplicates: u64,
    /// Ops not taken because an earlier op of their device is missing (they
    /// come again with the next sync).
    pub out_of_order: u64,
    /// Ops that claim a place another op of the same device already holds:
    /// two installations have used one device id (a restored backup or a
    /// copied data folder). They are not taken.
    pub clashing: u64,
    /// True when ops under this device's own id came from elsewhere; this
    /// device has taken a new id for its next changes.
    pub new_device_id: bool,
}

/// A field whose concurrent values both survived and wait for a person.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    /// Kind of record.
    pub kind: RecordKind,
    /// Record.
    pub record_id: Id,
    /// Its case.
    pub case_id: Option<Id>,
    /// A short label for the record (subject, name, purpose, title).
    pub label: String,
    /// The field.
    pub field: String,
    /// What a person may give instead of keeping one of the values.
    pub shape: ValueShape,
    /// The values, the one shown first (latest clock, then device).
    pub values: Vec<ConflictValue>,
}

/// What a new value for a conflicting field may be: the field decides, not the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueShape {
    /// One line of text (a name, a reference, a purpose…).
    Line,
    /// Text that may run over several lines (a co-working note, a closure rationale).
    Body,
    /// A list of labels (flags, tags): both lists may be combined.
    Labels,
    /// A list of names (who was there).
    Names,
    /// Dates, kinds, numbers, links between records: only one of the values written.
    Fixed,
}

impl ValueShape {
    /// The shape of a register field.
    pub fn of(field: &str) -> Self {
        match field {
            "activity" | "agency" | "display_name" | "educator" | "household" | "location"
            | "name" | "observer" | "owner" | "purpose" | "reference" | "relationship"
            | "setting" | "supervisor" | "text" | "title" => ValueShape::Line,
            "body" | "closure_rationale" => ValueShape::Body,
            "flags" | "tags" => ValueShape::Labels,
            "participants" => ValueShape::Names,
            _ => ValueShape::Fixed,
        }
    }
}

impl Conflict {
    /// Whether "keep both" can settle it: a list of labels or names, whose values combine.
    pub fn can_keep_all(&self) -> bool {
        matches!(self.shape, ValueShape::Labels | ValueShape::Names)
    }

    /// Every value's items as one list, the shown value's first, each item once: what "keep
    /// both" means for a list. `None` for a field whose values do not combine.
    pub fn all_values(&self) -> Option<serde_json::Value> {
        if !self.can_keep_all() {
            return None;
        }
        let mut items: Vec<serde_json::Value> = Vec::new();
        for v in &self.values {
            for item in v.value.as_array().into_iter().flatten() {
                if !items.contains(item) {
                    items.push(item.clone());
                }
            }
        }
        Some(serde_json::Value::from(items))
    }
}

/// One of a conflict's values.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictValue {
    /// The op that wrote it (pass it to `resolve` to keep this value).
    pub op_id: Id,
    /// The value.
    pub value: serde_json::Value,
    /// Who wrote it.
    pub author: Id,
    /// Their display name, when known.
    pub author_name: Option<String>,
    /// When (by the writer's clock).
    pub at: DateTime<Utc>,
    /// The device it came from.
    pub device_id: Id,
}

/// Edits made to a completed record on a device that did not yet know it was completed (or
/// written after it): kept in the log and shown here, never applied to the completed record,
/// until a person adds them as an addendum or discards them.
#[derive(Debug, Clone, Serialize)]
pub struct HeldEdits {
    /// Kind of record (a chronology entry).
    pub kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// Its case.
    pub case_id: Option<Id>,
    /// A short label for the record.
    pub label: String,
    /// Each field the edits would have changed: as completed, and as edited.
    pub fields: Vec<HeldField>,
    /// Who made them (names where known).
    pub authors: Vec<String>,
    /// When the first was made (by its writer's clock).
    pub first_at: DateTime<Utc>,
    /// When the last was made.
    pub last_at: DateTime<Utc>,
    /// The held ops; settling names them, so edits arriving later are listed again.
    pub ops: Vec<Id>,
}

/// One field of a completed record as completed and as the held edits left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldField {
    /// The field (`body`, `location`…).
    pub field: String,
    /// How a person knows it ("What happened").
    pub label: String,
    /// The completed record's value.
    pub completed: String,
    /// The value as the held edits left it.
    pub edited: String,
}

impl HeldEdits {
    /// The addendum proposed for them: who edited what and when, and each edited field in
    /// full, so nothing of the edit is lost. Times are shown in `zone`.
    pub fn addendum_text(&self, zone: &crate::zone::Zone) -> String {
        let when = if self.first_at == self.last_at {
            zone.date_time(self.first_at)
        } else {
            format!(
                "{} to {}",
                zone.date_time(self.first_at),
                zone.date_time(self.last_at)
            )
        };
        let mut out = format!(
            "Edited on another device by {} ({when}) before it knew this entry was completed:",
            self.authors.join(", ")
        );
        for f in &self.fields {
            if f.edited.contains('\n') {
                out.push_str(&format!("\n\n{}:\n\n{}", f.label, f.edited));
            } else {
                out.push_str(&format!("\n\n{}: {}", f.label, f.edited));
            }
        }
        out
    }
}

/// What a person does with held edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldOutcome {
    /// Add them to the completed record as an addendum with this text (usually the proposed
    /// one, perhaps shortened).
    Addendum(String),
    /// Leave them out of the record (they stay in the log).
    Discard,
}
