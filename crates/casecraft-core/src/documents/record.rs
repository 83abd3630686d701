//! The case record: a case file as JSON with every record (stable field and record order, so
//! the same state always gives the same bytes), as Markdown for people to read, or as a
//! print-ready HTML page.

use std::fmt::Write as _;

use crate::casework::case_file::CaseExport;
use crate::documents::model::{html_document, CaseFormat};

impl CaseExport {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> crate::Result<String> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }

    /// The export in `format`.
    pub fn render(&self, format: CaseFormat) -> crate::Result<String> {
        Ok(match format {
            CaseFormat::Markdown => self.to_markdown(),
            CaseFormat::Html => html_document(&self.case.subject, &self.to_markdown()),
            CaseFormat::Json => self.to_json()?,
        })
    }

    /// A readable Markdown document of the case.
    pub fn to_markdown(&self) -> String {
        let c = &self.case;
        let mut md = String::new();
        let _ = writeln!(md, "# {}", c.subject);
        let _ = writeln!(md);
        if let Some(r) = &c.reference {
            let _ = writeln!(md, "- Reference: {r}");
        }
        let _ = writeln!(md, "- Status: {}", c.status);
        let _ = writeln!(md, "- Times: local to {}", self.zone.name());
        let _ = writeln!(md, "- Opened: {}", c.opened_on);
        if let Some(d) = c.closed_on {
            let _ = writeln!(md, "- Closed: {d}");
        }
        if !c.flags.is_empty() {
            let _ = writeln!(md, "- Flags: {}", c.flags.join(", "));
        }
        if !c.tags.is_empty() {
            let _ = writeln!(md, "- Tags: {}", c.tags.join(", "));
        }
        if let Some(r) = &c.closure_rationale {
            let _ = writeln!(md, "\n## Closure rationale\n\n{}", r.trim_end());
        }
        if !c.summary.trim().is_empty() {
            let _ = writeln!(md, "\n## Summary\n\n{}", c.summary.trim_end());
        }
        if !self.people.is_empty() {
            let _ = writeln!(md, "\n## Network\n");
            for p in &self.people {
                let mut line = format!("- **{}** — {}", p.name, p.relationship);
                for extra in [&p.household, &p.agency].into_iter().flatten() {
                    let _ = write!(line, "; {extra}");
                }
                if let Some(d) = p.date_of_birth {
                    let _ = write!(line, "; born {d}");
                }
                let _ = writeln!(md, "{line}");
            }
        }
        let _ = writeln!(md, "\n## Chronology\n");
        if self.entries.is_empty() {
            let _ = writeln!(md, "No entries yet.");
        }
        for e in &self.entries {
            let mut heading = format!(
                "### {} — {}",
                self.zone.iso_minute(e.occurred_at),
                e.kind.label()
            );
            if let Some(p) = &e.purpose {
                let _ = write!(heading, " — {p}");
            }
            if e.significant {
                heading.push_str(" (significant)");
            }
            if e.status == crate::casework::entry::EntryStatus::Draft {
                heading.push_str(" [draft]");
            }
            let _ = writeln!(md, "{heading}\n");
            let mut facts = Vec::new();
            if let Some(d) = e.duration_minutes {
                facts.push(format!("{d} minutes"));
            }
            if let Some(l) = &e.location {
                facts.push(l.clone());
            }
            if !e.participants.is_empty() {
                facts.push(format!("with {}", e.participants.join(", ")));
            }
            if !facts.is_empty() {
                let _ = writeln!(md, "_{}_\n", facts.join(" · "));
            }
            if !e.body.trim().is_empty() {
                let _ = writeln!(md, "{}\n", e.body.trim_end());
            }
            if !e.voice.trim().is_empty() {
                let _ = writeln!(md, "**In their own words:** {}\n", e.voice.trim_end());
            }
            if !e.analysis.trim().is_empty() {
                let _ = writeln!(md, "**Analysis:** {}\n", e.analysis.trim_end());
            }
            for a in &e.addenda {
                let _ = writeln!(
                    md,
                    "> **Addendum, {}:** {}\n",
                    self.zone.iso_minute(a.created_at),
                    a.text.trim_end()
                );
            }
        }
        if !self.cowork_notes.is_empty() {
            let _ = writeln!(md, "## Co-working\n");
            for n in &self.cowork_notes {
                let who = n
                    .author_name
                    .clone()
                    .unwrap_or_else(|| n.author.to_string());
                let _ = writeln!(
                    md,
                    "### {} — {} — {}\n\n{}\n",
                    self.zone.iso_minute(n.created_at),
                    n.kind,
                    who,
                    n.body.trim_end()
                );
            }
        }
        if !self.reflections.is_empty() {
            let _ = writeln!(md, "## Reflections\n");
            for r in &self.reflections {
                let _ = writeln!(
                    md,
                    "### {} — {} ({}, {})\n",
                    r.occurred_on, r.title, r.model, r.visibility
                );
                for s in r.sections.iter().filter(|s| !s.text.trim().is_empty()) {
                    let _ = writeln!(md, "**{}.** {}\n", s.heading, s.text.trim_end());
                }
            }
        }
        if !self.actions.is_empty() {
            let _ = writeln!(md, "## Actions\n");
            for a in &self.actions {
                let tick = if a.done { "x" } else { " " };
                let mut line = format!("- [{tick}] {}", a.text);
                if let Some(o) = &a.owner {
                    let _ = write!(line, " ({o})");
                }
                if let Some(d) = a.due_on {
                    let _ = write!(line, " — due {d}");
                }
                let _ = writeln!(md, "{line}");
            }
        }
        md
    }
}
