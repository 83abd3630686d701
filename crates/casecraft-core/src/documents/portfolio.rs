//! A student's portfolio and the Social Work England CPD record.
//!
//! The portfolio gathers the evidence of a placement by the nine PCF domains: the reflections
//! tagged with each domain, how much evidence each domain has (reflections, direct observations,
//! days logged), the direct observations with their feedback, and the supervision sessions
//! (never their private wellbeing section). The CPD record gives each reflection in the shape of
//! Social Work England's online CPD form: the activity, what was learned, the impact on practice,
//! and whether it was a peer reflection (a reflection tagged `peer-reflection` or `peer`).
//!
//! Both are made from records and a day, so the same records on the same day give the same bytes.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::documents::anonymise::CaseloadAnonymiser;
use crate::documents::model::html_document;
use crate::documents::model::md_line as one_line;
use crate::documents::model::Document;
use crate::error::Result;

pub use crate::casework::placement::Portfolio;
use crate::casework::reflection::{Model, PcfDomain, Reflection};

/// How much evidence one PCF domain has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainEvidence {
    /// The domain.
    pub domain: PcfDomain,
    /// Reflections tagged with it.
    pub reflections: u32,
    /// Direct observations tagged with it.
    pub observations: u32,
    /// Days logged against it.
    pub days: u32,
}

impl Portfolio {
    /// Evidence per domain, all nine in the PCF's order.
    pub fn evidence(&self) -> Vec<DomainEvidence> {
        PcfDomain::ALL
            .iter()
            .enumerate()
            .map(|(i, d)| DomainEvidence {
                domain: *d,
                reflections: count(self.reflections.iter().map(|r| &r.pcf), *d),
                observations: count(self.observations.iter().map(|o| &o.pcf), *d),
                days: self.days_by_domain.get(i).copied().unwrap_or(0),
            })
            .collect()
    }

    /// The portfolio as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Practice portfolio: {}\n", one_line(&self.student));
        let _ = writeln!(md, "Made on {}.\n", self.made_on);
        let _ = writeln!(md, "## Placements\n");
        if self.placements.is_empty() {
            let _ = writeln!(md, "No placement recorded.\n");
        }
        for p in &self.placements {
            let _ = writeln!(
                md,
                "- **{}** — practice educator {}; from {}; {} of {} days logged",
                one_line(&p.setting),
                one_line(&p.educator),
                p.started_on,
                p.days_logged,
                p.required_days
            );
        }
        let _ = writeln!(md, "\n## Evidence by PCF domain\n");
        let _ = writeln!(
            md,
            "| Domain | Reflections | Direct observations | Days logged |"
        );
        let _ = writeln!(md, "| --- | --- | --- | --- |");
        for e in self.evidence() {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                e.domain.title(),
                e.reflections,
                e.observations,
                e.days
            );
        }
        let thin: Vec<&str> = self
            .evidence()
            .iter()
            .filter(|e| e.reflections + e.observations + e.days == 0)
            .map(|e| e.domain.title())
            .collect();
        if !thin.is_empty() {
            let _ = writeln!(md, "\nNo evidence yet for: {}.", thin.join("; "));
        }
        let _ = writeln!(md, "\n## Reflections by domain\n");
        for d in PcfDomain::ALL {
            let tagged: Vec<&Reflection> = self
                .reflections
                .iter()
                .filter(|r| r.pcf.contains(d))
                .collect();
            if tagged.is_empty() {
                continue;
            }
            let _ = writeln!(md, "### {}\n", d.title());
            reflection_items(&mut md, &tagged);
        }
        let untagged: Vec<&Reflection> = self
            .reflections
            .iter()
            .filter(|r| r.pcf.is_empty())
            .collect();
        if !untagged.is_empty() {
            let _ = writeln!(md, "### Not yet tagged with a domain\n");
            reflection_items(&mut md, &untagged);
        }
        let _ = writeln!(md, "## Direct observations\n");
        if self.observations.is_empty() {
            let _ = writeln!(md, "None recorded.\n");
        }
        for o in &self.observations {
            let _ = writeln!(
                md,
                "### {} — {} (observed by {})\n",
                o.observed_on,
                one_line(&o.activity),
                one_line(&o.observer)
            );
            if !o.pcf.is_empty() {
                let domains: Vec<&str> = o.pcf.iter().map(|d| d.title()).collect();
                let _ = writeln!(md, "_Domains: {}_\n", domains.join("; "));
            }
            if !o.feedback.trim().is_empty() {
                let _ = writeln!(md, "{}\n", o.feedback.trim_end());
            }
        }
        let _ = writeln!(md, "## Supervision\n");
        if self.supervisions.is_empty() {
            let _ = writeln!(md, "None recorded.\n");
        }
        for s in &self.supervisions {
            let functions: Vec<&str> = s.functions.iter().map(|f| f.as_str()).collect();
            let mut line = format!("- {} — with {}", s.occurred_on, one_line(&s.supervisor));
            if !functions.is_empty() {
                let _ = write!(line, " ({})", functions.join(", "));
            }
            let _ = write!(
                line,
                "; {} case decision{}, {} reflection{} brought",
                s.decisions.len(),
                if s.decisions.len() == 1 { "" } else { "s" },
                s.reflections.len(),
                if s.reflections.len() == 1 { "" } else { "s" }
            );
            let _ = writeln!(md, "{line}");
        }
        md
    }

    /// The portfolio as a print-ready HTML document.
    pub fn to_html(&self) -> String {
        html_document(&self.title(), &self.to_markdown())
    }

    fn title(&self) -> String {
        format!("Practice portfolio: {}", self.student)
    }

    /// The portfolio as print-ready HTML (`html`) or Markdown; with `anonymiser`, the details of
    /// the people in every case replaced, and refused while a name remains.
    pub fn document(
        &self,
        html: bool,
        anonymiser: Option<&CaseloadAnonymiser>,
    ) -> Result<Document> {
        let markdown = self.to_markdown();
        match anonymiser {
            None => Ok(Document {
                text: if html {
                    self.to_html()
                } else {
                    markdown.clone()
                },
                preview: markdown,
                replacements: None,
            }),
            Some(anonymiser) => anonymiser.document(&self.title(), &markdown, html),
        }
    }
}

/// The CPD record of `entries` as Markdown, or as JSON (`json`); with `anonymiser`, the details
/// of the people in every case replaced, and refused while a name remains.
pub fn cpd_document(
    entries: &[CpdEntry],
    json: bool,
    anonymiser: Option<&CaseloadAnonymiser>,
) -> Result<Document> {
    let markdown = cpd_markdown(entries);
    let text = if json {
        let mut text = serde_json::to_string_pretty(entries)?;
        text.push('\n');
        text
    } else {
        markdown.clone()
    };
    let Some(anonymiser) = anonymiser else {
        return Ok(Document {
            text,
            preview: markdown,
            replacements: None,
        });
    };
    let doc = anonymiser.document("CPD record", &markdown, false)?;
    if !json {
        return Ok(doc);
    }
    let done = anonymiser.json(serde_json::to_value(entries)?)?;
    Ok(Document {
        text: done.text,
        preview: doc.preview,
        replacements: Some(done.replacements),
    })
}

/// One entry of the CPD record, in the shape of Social Work England's online form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CpdEntry {
    /// The reflection's title.
    pub title: String,
    /// Its day.
    pub date: NaiveDate,
    /// The activity: what happened.
    pub activity: String,
    /// What was learned.
    pub learning: String,
    /// The impact on practice: what will be done differently.
    pub impact: String,
    /// Discussed with a peer (tagged `peer-reflection` or `peer`).
    pub peer_reflection: bool,
    /// PCF domains (a student's; qualified workers' CPD is recorded against the standards).
    pub pcf: Vec<PcfDomain>,
}

/// Which of a model's sections answer the CPD form's questions: (activity, learning, impact).
fn cpd_sections(
    model: Model,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    match model {
        Model::Gibbs => (
            &["description"],
            &["analysis", "conclusion"],
            &["action-plan"],
        ),
        Model::Kolb => (
            &["experience"],
            &["reflection", "conceptualisation"],
            &["experimentation"],
        ),
        Model::Driscoll => (&["what"], &["so-what"], &["now-what"]),
        Model::Schon => (&[], &["in-action"], &["on-action"]),
        Model::Johns => (
            &["description"],
            &["reflection", "influencing-factors", "alternatives"],
            &["learning"],
        ),
        Model::Free => (&[], &["body"], &[]),
    }
}

/// The CPD record of `reflections`, oldest first.
pub fn cpd_entries(reflections: &[Reflection]) -> Vec<CpdEntry> {
    let mut list: Vec<&Reflection> = reflections.iter().filter(|r| !r.deleted).collect();
    list.sort_by(|a, b| a.occurred_on.cmp(&b.occurred_on).then(a.id.cmp(&b.id)));
    list.into_iter()
        .map(|r| {
            let (activity, learning, impact) = cpd_sections(r.model);
            let join = |keys: &[&str]| {
                r.sections
                    .iter()
                    .filter(|s| keys.contains(&s.key.as_str()) && !s.text.trim().is_empty())
                    .map(|s| s.text.trim().to_string())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            };
            CpdEntry {
                title: r.title.clone(),
                date: r.occurred_on,
                activity: join(activity),
                learning: join(learning),
                impact: join(impact),
                peer_reflection: r.tags.iter().any(|t| t == "peer-reflection" || t == "peer"),
                pcf: r.pcf.clone(),
            }
        })
        .collect()
}

/// The CPD record as Markdown: one section per entry, the form's questions as headings.
pub fn cpd_markdown(entries: &[CpdEntry]) -> String {
    let mut md = String::from("# CPD record\n\n");
    let peers = entries.iter().filter(|e| e.peer_reflection).count();
    let _ = writeln!(
        md,
        "{} entr{}, {peers} of them peer reflection{}.\n",
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" },
        if peers == 1 { "" } else { "s" }
    );
    for e in entries {
        let _ = writeln!(md, "## {} — {}\n", e.date, one_line(&e.title));
        let answer = |text: &str| {
            if text.trim().is_empty() {
                "_Not written yet._".to_string()
            } else {
                text.trim_end().to_string()
            }
        };
        if !e.activity.is_empty() {
            let _ = writeln!(
                md,
                "**What was the activity?**\n\n{}\n",
                e.activity.trim_end()
            );
        }
        let _ = writeln!(md, "**What did you learn?**\n\n{}\n", answer(&e.learning));
        let _ = writeln!(
            md,
            "**How has it had an impact on your practice?**\n\n{}\n",
            answer(&e.impact)
        );
        let _ = writeln!(
            md,
            "**Peer reflection:** {}\n",
            if e.peer_reflection { "yes" } else { "no" }
        );
    }
    md
}

fn count<'a>(lists: impl Iterator<Item = &'a Vec<PcfDomain>>, d: PcfDomain) -> u32 {
    u32::try_from(lists.filter(|l| l.contains(&d)).count()).unwrap_or(u32::MAX)
}

/// Reflections as list items: day, title, model.
fn reflection_items(md: &mut String, list: &[&Reflection]) {
    for r in list {
        let _ = writeln!(
            md,
            "- {} — {} ({})",
            r.occurred_on,
            one_line(&r.title),
            r.model
        );
    }
    let _ = writeln!(md);
}
