//! Exports of a case: JSON with every record (stable field and record
//! order, so the same state always gives the same bytes) and Markdown for
//! people to read.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::action::Action;
use crate::case::Case;
use crate::cowork::CoworkNote;
use crate::entry::Entry;
use crate::person::Person;
use crate::reflection::Reflection;
use crate::zone::Zone;

/// The export format's name and version, written into every JSON export.
pub const FORMAT: &str = "casecraft-case/1";

/// Which document of a case to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The whole case record (Markdown, HTML or JSON).
    Record,
    /// The court-format chronology (HTML or CSV), all events or the significant ones.
    Chronology {
        /// Significant events only.
        significant: bool,
    },
    /// The quality review (HTML or Markdown).
    Quality,
}

/// A document's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    /// Markdown.
    Markdown,
    /// Print-ready HTML.
    Html,
    /// JSON.
    Json,
    /// CSV.
    Csv,
}

impl DocumentFormat {
    /// The file name extension documents of this format take (`md`, `html`, `json`, `csv`).
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Markdown => "md",
            DocumentFormat::Html => "html",
            DocumentFormat::Json => "json",
            DocumentFormat::Csv => "csv",
        }
    }

    /// `md`, `html`, `json` or `csv`, checked against what `kind` can be made as.
    pub fn parse(kind: DocumentKind, s: &str) -> crate::Result<DocumentFormat> {
        let (allowed, hint): (&[DocumentFormat], _) = match kind {
            DocumentKind::Record => (
                &[
                    DocumentFormat::Markdown,
                    DocumentFormat::Html,
                    DocumentFormat::Json,
                ],
                "choose md, html or json",
            ),
            DocumentKind::Chronology { .. } => (
                &[DocumentFormat::Html, DocumentFormat::Csv],
                "choose html or csv",
            ),
            DocumentKind::Quality => (
                &[DocumentFormat::Html, DocumentFormat::Markdown],
                "choose html or md",
            ),
        };
        let format = match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Some(DocumentFormat::Markdown),
            "html" => Some(DocumentFormat::Html),
            "json" => Some(DocumentFormat::Json),
            "csv" => Some(DocumentFormat::Csv),
            _ => None,
        };
        format
            .filter(|f| allowed.contains(f))
            .ok_or_else(|| crate::Error::invalid("format", hint))
    }
}

/// A document made from a case: its text (the file's bytes), a Markdown preview of it for the
/// screen, and the replacements made if it was anonymised.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document in its format.
    pub text: String,
    /// The same content as Markdown, for showing before saving.
    pub preview: String,
    /// What anonymising replaced (`None` when not anonymised).
    pub replacements: Option<Vec<crate::anonymise::Replacement>>,
}

/// Makes `kind` of `export`'s case in `format` on `today`, anonymised if asked (refused while a
/// name would remain).
pub fn document(
    export: &CaseExport,
    kind: DocumentKind,
    format: DocumentFormat,
    anonymise: bool,
    today: chrono::NaiveDate,
    writer: impl Fn(crate::Id) -> Option<String>,
) -> crate::Result<Document> {
    use crate::anonymise;
    let case_format = |f: DocumentFormat| match f {
        DocumentFormat::Html => CaseFormat::Html,
        DocumentFormat::Json => CaseFormat::Json,
        _ => CaseFormat::Markdown,
    };
    match kind {
        DocumentKind::Record | DocumentKind::Quality => {
            let (title, md) = if kind == DocumentKind::Record {
                (export.case.subject.clone(), export.to_markdown())
            } else {
                (
                    format!("Quality review: {}", export.case.subject),
                    crate::quality::to_markdown(export, today),
                )
            };
            if anonymise {
                let preview = anonymise::document(export, &title, &md, CaseFormat::Markdown)?;
                let done = if kind == DocumentKind::Record {
                    anonymise::case(export, case_format(format))?
                } else {
                    anonymise::document(export, &title, &md, case_format(format))?
                };
                return Ok(Document {
                    text: done.text,
                    preview: preview.text,
                    replacements: Some(done.replacements),
                });
            }
            let text = match format {
                DocumentFormat::Html => html_document(&title, &md),
                DocumentFormat::Json => export.to_json()?,
                _ => md.clone(),
            };
            Ok(Document {
                text,
                preview: md,
                replacements: None,
            })
        }
        DocumentKind::Chronology { significant } => {
            let mut chronology = crate::chronology::Chronology::of(export, significant, writer);
            let mut replacements = None;
            if anonymise {
                let (c, r) = anonymise::chronology(export, chronology)?;
                chronology = c;
                replacements = Some(r);
            }
            Ok(Document {
                text: match format {
                    DocumentFormat::Csv => chronology.to_csv(),
                    _ => chronology.to_html(),
                },
                preview: chronology.to_markdown(),
                replacements,
            })
        }
    }
}

/// Writes an exported document to `path`, a whole path to a new file: an existing file is never
/// overwritten, and the file is whole or absent, never torn.
pub fn save_new_file(path: &std::path::Path, text: &str) -> crate::Result<()> {
    use std::io::Write as _;
    let path = crate::validate::whole_path("file", path, "/home/you/Documents/chronology.html")?;
    let failed = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            crate::Error::invalid(
                "file",
                format!(
                    "{} already exists; choose a new name so nothing is overwritten",
                    path.display()
                ),
            )
        } else {
            crate::Error::Storage {
                action: "exported",
                reason: format!(
                    "{} could not be written: {}",
                    path.display(),
                    crate::error::io_reason(&e)
                ),
            }
        }
    };
    if path.exists() {
        return Err(failed(std::io::Error::from(
            std::io::ErrorKind::AlreadyExists,
        )));
    }
    crate::durable::write_atomically_with(&path, crate::durable::Existing::Keep, failed, |w| {
        w.write_all(text.as_bytes()).map_err(failed)
    })
}

/// How a case is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseFormat {
    /// Markdown, for people to read and edit.
    Markdown,
    /// A print-ready HTML document.
    Html,
    /// JSON with every record.
    Json,
}

impl CaseFormat {
    /// `md`, `markdown`, `html` or `json`.
    pub fn parse(field: &str, s: &str) -> crate::Result<CaseFormat> {
        match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Ok(CaseFormat::Markdown),
            "html" => Ok(CaseFormat::Html),
            "json" => Ok(CaseFormat::Json),
            _ => Err(crate::Error::invalid(field, "choose md, html or json")),
        }
    }
}

/// A case with all its records.
#[derive(Debug, Clone, Serialize)]
pub struct CaseExport {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// The case.
    pub case: Case,
    /// Its network.
    pub people: Vec<Person>,
    /// People once in its network, now in the trash: not exported, but anonymising still
    /// replaces their names.
    #[serde(skip)]
    pub former_people: Vec<Person>,
    /// Every value its people's names and dates of birth and its reference have had: not
    /// exported, but anonymising replaces old values as well as current ones.
    #[serde(skip)]
    pub history: FieldHistory,
    /// Its chronology, oldest first.
    pub entries: Vec<Entry>,
    /// Reflections linked to it.
    pub reflections: Vec<Reflection>,
    /// Co-working notes, oldest first.
    pub cowork_notes: Vec<CoworkNote>,
    /// Actions.
    pub actions: Vec<Action>,
    /// The worker's time zone: documents made from the export show local dates and times in
    /// it and name it.
    #[serde(skip)]
    pub zone: Zone,
}

/// Every value a case's identifying fields have had, read from the change log (a person renamed,
/// a reference corrected, a date of birth put right): the current values, and every earlier one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldHistory {
    /// Each person's names (people in the trash too), by person, oldest first.
    pub names: BTreeMap<crate::Id, Vec<String>>,
    /// Each person's dates of birth, by person, oldest first.
    pub dates_of_birth: BTreeMap<crate::Id, Vec<NaiveDate>>,
    /// The case's references, oldest first.
    pub references: Vec<String>,
}

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
            if e.status == crate::entry::EntryStatus::Draft {
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

/// A print-ready HTML document of `markdown` (rendered and sanitised as every body is), titled
/// `title`.
pub fn html_document(title: &str, markdown: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{DOCUMENT_STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        crate::chronology::escape(title),
        crate::markdown::render(markdown)
    )
}

const DOCUMENT_STYLE: &str = "@page{size:A4;margin:18mm}\
body{font:11pt/1.5 Georgia,'Times New Roman',serif;color:#000;background:#fff;max-width:180mm;margin:0 auto;padding:6mm 0}\
h1{font-size:18pt}h2{font-size:14pt;border-bottom:1px solid #999;margin-top:8mm}h3{font-size:12pt;break-after:avoid}\
blockquote{border-left:3px solid #999;margin-left:0;padding-left:4mm;color:#222}\
table{border-collapse:collapse;margin:3mm 0}th,td{border:1px solid #999;padding:1mm 3mm;text-align:left;vertical-align:top}\
th{background:#eee}tr{break-inside:avoid}";

/// Text on one line for a Markdown list item or table cell: whitespace (line breaks too) collapsed
/// and table bars escaped.
pub(crate) fn md_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
