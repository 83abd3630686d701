//! Global search and the trash.

use casecraft_core::casework::entry::EntryKind;
use casecraft_core::search::SearchHit;
use casecraft_core::store::TrashItem;
use serde::{Deserialize, Serialize};

use crate::commands::shared::{day_label, local_label};

/// The filters under the search box; empty ones are not applied.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchFiltersDto {
    /// A record kind (`entry`, `reflection`…) or an entry kind (`home-visit`…).
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub tag: Option<String>,
    pub significant: bool,
    /// Results already shown (for "more results").
    pub offset: Option<u32>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitDto {
    pub kind: &'static str,
    pub record_id: String,
    pub case_id: Option<String>,
    /// "Amelia Hughes (CR-2041)": whose case the hit is in.
    pub case_label: Option<String>,
    pub entry_kind: Option<&'static str>,
    pub day: String,
    pub title: String,
    /// `[text, highlighted]` runs; the UI sets each with textContent.
    pub snippet: Vec<(String, bool)>,
}

impl From<SearchHit> for SearchHitDto {
    fn from(hit: SearchHit) -> Self {
        SearchHitDto {
            kind: hit.kind.as_str(),
            record_id: hit.record_id.to_string(),
            case_id: hit.case_id.map(|id| id.to_string()),
            case_label: hit.case_label,
            entry_kind: hit.entry_kind.map(EntryKind::label),
            // The app's one style for a day ("Tue 1 Dec 2026").
            day: chrono::NaiveDate::parse_from_str(&hit.day, "%Y-%m-%d")
                .map(day_label)
                .unwrap_or(hit.day),
            title: hit.title,
            snippet: hit
                .snippet
                .into_iter()
                .map(|part| (part.text, part.highlight))
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrashItemDto {
    pub kind: &'static str,
    pub id: String,
    pub case_id: Option<String>,
    pub label: String,
    pub deleted_label: String,
}

impl From<TrashItem> for TrashItemDto {
    fn from(item: TrashItem) -> Self {
        TrashItemDto {
            kind: item.kind.as_str(),
            id: item.id.to_string(),
            case_id: item.case_id.map(|id| id.to_string()),
            label: item.label,
            deleted_label: local_label(item.deleted_at),
        }
    }
}
