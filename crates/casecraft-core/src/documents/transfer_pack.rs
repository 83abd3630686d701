//! The transfer pack: what a worker taking a case on needs first — who the person is and why the
//! case is open (the summary), their network, the significant events, what is still open, and the
//! latest direct work with them — on one printable page. Made from an export of the case and the
//! day it is made for, so the same case on the same day gives the same bytes.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::casework::case::days_ago;
use crate::casework::case_file::CaseExport;
use crate::casework::entry::{Entry, EntryStatus};
use crate::documents::model::md_line as one_line;

/// How many of the latest direct contacts (visits and meetings) the pack carries in full.
pub const LATEST_DIRECT_WORK: usize = 3;

/// The pack's title.
pub fn title(export: &CaseExport) -> String {
    format!("Transfer pack: {}", export.case.subject)
}

/// The pack as Markdown.
pub fn to_markdown(export: &CaseExport, today: NaiveDate) -> String {
    let c = &export.case;
    let zone = &export.zone;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", title(export));
    if let Some(r) = &c.reference {
        let _ = writeln!(md, "- Reference: {}", one_line(r));
    }
    let _ = writeln!(md, "- Status: {}; opened {}", c.status, c.opened_on);
    if !c.flags.is_empty() {
        let _ = writeln!(md, "- Flags: {}", one_line(&c.flags.join(", ")));
    }
    let _ = writeln!(md, "- Made on {today}; times local to {}", zone.name());

    let completed: Vec<&Entry> = export
        .entries
        .iter()
        .filter(|e| !e.deleted && e.status == EntryStatus::Completed)
        .collect();
    let direct: Vec<&Entry> = completed
        .iter()
        .copied()
        .filter(|e| e.kind.is_direct_contact() && zone.day(e.occurred_at) <= today)
        .collect();
    let _ = writeln!(md, "\n## Where the case stands\n");
    match direct.last() {
        Some(e) => {
            let days = zone.days_since(e.occurred_at, today);
            let _ = writeln!(
                md,
                "- Last seen directly: {} ({})",
                zone.day(e.occurred_at),
                days_ago(days)
            );
        }
        None => {
            let _ = writeln!(md, "- Never seen directly in this record");
        }
    }
    let open: Vec<_> = export.actions.iter().filter(|a| !a.done).collect();
    let overdue = open
        .iter()
        .filter(|a| a.due_on.is_some_and(|d| d < today))
        .count();
    let _ = writeln!(
        md,
        "- Open actions: {}{}",
        open.len(),
        if overdue > 0 {
            format!(", {overdue} overdue")
        } else {
            String::new()
        }
    );
    let drafts = export
        .entries
        .iter()
        .filter(|e| !e.deleted && e.status == EntryStatus::Draft)
        .count();
    if drafts > 0 {
        let _ = writeln!(
            md,
            "- **{drafts} draft entr{} not completed**: complete {} before the case is handed on",
            if drafts == 1 { "y" } else { "ies" },
            if drafts == 1 { "it" } else { "them" }
        );
    }

    let _ = writeln!(md, "\n## Summary\n");
    if c.summary.trim().is_empty() {
        let _ = writeln!(md, "No summary has been written.");
    } else {
        let _ = writeln!(md, "{}", c.summary.trim_end());
    }

    let _ = writeln!(md, "\n## Network\n");
    if export.people.is_empty() {
        let _ = writeln!(md, "No one is recorded in the network.");
    }
    for p in &export.people {
        let mut line = format!("- **{}**: {}", one_line(&p.name), one_line(&p.relationship));
        for extra in [&p.household, &p.agency].into_iter().flatten() {
            let _ = write!(line, "; {}", one_line(extra));
        }
        if let Some(d) = p.date_of_birth {
            let _ = write!(line, "; born {d}");
        }
        let _ = writeln!(md, "{line}");
    }

    let _ = writeln!(md, "\n## Significant events\n");
    let significant: Vec<&Entry> = completed
        .iter()
        .copied()
        .filter(|e| e.significant)
        .collect();
    if significant.is_empty() {
        let _ = writeln!(md, "None recorded.");
    }
    for e in significant {
        let mut line = format!("- **{}** {}", zone.day(e.occurred_at), e.kind.label());
        if let Some(p) = &e.purpose {
            let _ = write!(line, ": {}", one_line(p));
        }
        if !e.body.trim().is_empty() {
            let _ = write!(line, " — {}", one_line(&e.body));
        }
        let _ = writeln!(md, "{line}");
    }

    let _ = writeln!(md, "\n## Open actions\n");
    if open.is_empty() {
        let _ = writeln!(md, "None open.");
    }
    for a in &open {
        let mut line = format!("- {}", one_line(&a.text));
        if let Some(o) = &a.owner {
            let _ = write!(line, " ({})", one_line(o));
        }
        if let Some(d) = a.due_on {
            let _ = write!(
                line,
                "; due {d}{}",
                if d < today { ", overdue" } else { "" }
            );
        }
        let _ = writeln!(md, "{line}");
    }

    let _ = writeln!(md, "\n## Latest direct work\n");
    if direct.is_empty() {
        let _ = writeln!(md, "No visit or meeting is recorded yet.");
    }
    for e in direct.iter().rev().take(LATEST_DIRECT_WORK) {
        let mut heading = format!(
            "### {} — {}",
            zone.iso_minute(e.occurred_at),
            e.kind.label()
        );
        if let Some(p) = &e.purpose {
            let _ = write!(heading, " — {}", one_line(p));
        }
        let _ = writeln!(md, "{heading}\n");
        if !e.body.trim().is_empty() {
            let _ = writeln!(md, "{}\n", e.body.trim_end());
        }
        if !e.voice.trim().is_empty() {
            let _ = writeln!(md, "**In their own words:** {}\n", e.voice.trim_end());
        }
        if !e.analysis.trim().is_empty() {
            let _ = writeln!(md, "**Analysis:** {}\n", e.analysis.trim_end());
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::action::NewAction;
    use crate::casework::case::NewCase;
    use crate::casework::entry::{EntryKind, NewEntry};
    use crate::casework::person::NewPerson;
    use chrono::{Duration, Utc};

    #[test]
    fn a_pack_carries_the_summary_network_significant_events_open_actions_and_latest_visits() {
        let (_dir, mut store) = crate::store::practitioner_store("Ana Silva");
        let case = store
            .create_case(NewCase {
                subject: "Ivy Nowak".into(),
                reference: Some("NL-7".into()),
                summary: Some("Referred by school for *neglect* concerns.".into()),
                opened_on: Some(store.today() - Duration::days(120)),
                ..NewCase::default()
            })
            .expect("case")
            .id;
        store
            .add_person(
                case,
                NewPerson {
                    name: "Zoë <script>alert(1)</script>".into(),
                    relationship: "aunt".into(),
                    agency: Some("Kinship carer".into()),
                    ..NewPerson::default()
                },
            )
            .expect("person");
        let mut entry = |kind, days: i64, purpose: &str, significant, complete| {
            let mut e = NewEntry::new(kind);
            e.occurred_at = Some(Utc::now() - Duration::days(days));
            e.purpose = Some(purpose.into());
            e.body = format!("Body of {purpose}");
            e.significant = significant;
            let id = store.create_entry(case, e).expect("entry").id;
            if complete {
                store.complete_entry(id).expect("completed");
            }
        };
        for (days, purpose) in [
            (40, "visit A"),
            (30, "visit B"),
            (20, "visit C"),
            (10, "visit D"),
        ] {
            entry(EntryKind::HomeVisit, days, purpose, false, true);
        }
        entry(
            EntryKind::SignificantEvent,
            50,
            "moved to aunt's",
            true,
            true,
        );
        entry(EntryKind::PhoneCall, 5, "call", false, true);
        entry(EntryKind::HomeVisit, 1, "unfinished visit", false, false);
        store
            .add_action(
                case,
                NewAction {
                    text: "Book the network meeting".into(),
                    due_on: Some(store.today() - Duration::days(2)),
                    ..NewAction::default()
                },
            )
            .expect("action");
        let done = store
            .add_action(
                case,
                NewAction {
                    text: "Ring the school".into(),
                    ..NewAction::default()
                },
            )
            .expect("action");
        store.set_action_done(done.id, true).expect("done");

        let export = store.export_case(case).expect("export");
        let md = to_markdown(&export, store.today());
        let at = |needle: &str| {
            md.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {md}"))
        };
        assert!(at("# Transfer pack: Ivy Nowak") < at("## Summary"));
        assert!(at("*neglect*") > at("## Summary"));
        assert!(md.contains("- **Zoë <script>alert(1)</script>**: aunt; Kinship carer"));
        // The printable page: what was typed shows as text, never as markup that runs.
        let html = crate::documents::case_documents::document(
            &export,
            crate::documents::case_documents::DocumentKind::TransferPack,
            crate::documents::case_documents::DocumentFormat::Html,
            false,
            store.today(),
            |_| None,
        )
        .expect("html")
        .text;
        assert!(html.contains("<h2>Latest direct work</h2>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(at("moved to aunt's") > at("## Significant events"));
        assert!(md.contains("Book the network meeting; due"), "{md}");
        assert!(md.contains(", overdue"));
        assert!(!md.contains("Ring the school"), "done actions stay out");
        assert!(md.contains("- Open actions: 1, 1 overdue"));
        assert!(md.contains("**1 draft entry not completed**"));
        // The latest three visits, newest first; not the draft, the call or the oldest visit.
        let latest = &md[at("## Latest direct work")..];
        assert!(latest.find("visit D") < latest.find("visit C"));
        assert!(latest.find("visit C") < latest.find("visit B"));
        for absent in ["visit A", "unfinished visit", "call"] {
            assert!(!latest.contains(absent), "{absent} in {latest}");
        }
        assert!(md.contains("(10 days ago)"), "{md}");
        // The same case on the same day gives the same bytes.
        assert_eq!(md, to_markdown(&export, store.today()));
    }
}
