//! A case's chronology in the shape courts and case reviews expect: a numbered table of dated
//! events, each naming the record it comes from, all events or the significant ones only, as
//! print-ready HTML or as CSV. Only completed entries are included (a draft is not yet a record),
//! oldest first; addenda follow the entry they correct. Dates and times are the worker's local
//! ones, and every document names its zone; the same case in the same zone always gives the same
//! bytes.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::casework::case_file::CaseExport;
use crate::casework::entry::EntryStatus;
use crate::documents::model::escape;
use crate::error::Result;
use crate::zone::Zone;

/// One event in the chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChronologyRow {
    /// 1, 2, 3… in date order.
    pub serial: usize,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// What happened: the kind, the purpose and the record's text, in plain words.
    pub event: String,
    /// The record it comes from: its kind, its writer and its id.
    pub source: String,
    /// Marked as a significant event.
    pub significant: bool,
}

/// A case's chronology, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chronology {
    /// The case's subject.
    pub subject: String,
    /// The case's reference.
    pub reference: Option<String>,
    /// Only significant events were taken.
    pub significant_only: bool,
    /// The events, oldest first.
    pub rows: Vec<ChronologyRow>,
    /// Draft entries that would have been taken had they been completed (a draft is not yet a
    /// record): the document says how many, so an empty table is never a mystery.
    pub drafts_left_out: usize,
    /// The zone dates and times are shown in.
    #[serde(skip)]
    pub zone: Zone,
}

impl Chronology {
    /// The chronology of an exported case: every completed entry, or only the significant ones.
    /// `writer` names an entry's author (their display name) when known.
    pub fn of(
        export: &CaseExport,
        significant_only: bool,
        writer: impl Fn(crate::Id) -> Option<String>,
    ) -> Chronology {
        let mut entries: Vec<_> = export
            .entries
            .iter()
            .filter(|e| !e.deleted && e.status == EntryStatus::Completed)
            .filter(|e| e.significant || !significant_only)
            .collect();
        let drafts_left_out = export
            .entries
            .iter()
            .filter(|e| !e.deleted && e.status != EntryStatus::Completed)
            .filter(|e| e.significant || !significant_only)
            .count();
        entries.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at).then(a.id.cmp(&b.id)));
        let rows = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let mut event = e.kind.label().to_string();
                if let Some(purpose) = e.purpose.as_deref().filter(|p| !p.trim().is_empty()) {
                    let _ = write!(event, ": {}", purpose.trim());
                }
                let body = plain(&e.body);
                if !body.is_empty() {
                    let _ = write!(event, ". {body}");
                }
                let voice = plain(&e.voice);
                if !voice.is_empty() {
                    let _ = write!(event, " In their own words: \"{voice}\"");
                }
                for a in &e.addenda {
                    let _ = write!(
                        event,
                        " [Addendum {}: {}]",
                        export.zone.format(a.created_at, "%d/%m/%Y"),
                        plain(&a.text)
                    );
                }
                let by = writer(e.author)
                    .map(|name| format!(" by {name}"))
                    .unwrap_or_default();
                ChronologyRow {
                    serial: i + 1,
                    occurred_at: e.occurred_at,
                    event,
                    source: format!("{} record{by} ({})", e.kind.label(), e.id),
                    significant: e.significant,
                }
            })
            .collect();
        Chronology {
            subject: export.case.subject.clone(),
            reference: export.case.reference.clone(),
            significant_only,
            rows,
            drafts_left_out,
            zone: export.zone.clone(),
        }
    }

    /// The same chronology with `f` applied to every piece of text (to anonymise it).
    pub fn map_text(mut self, mut f: impl FnMut(&str) -> Result<String>) -> Result<Chronology> {
        self.subject = f(&self.subject)?;
        self.reference = self.reference.as_deref().map(&mut f).transpose()?;
        for row in &mut self.rows {
            row.event = f(&row.event)?;
            row.source = f(&row.source)?;
        }
        Ok(self)
    }

    /// "2 draft entries are not included: complete them to include them." when there are any.
    pub fn drafts_note(&self) -> Option<String> {
        match self.drafts_left_out {
            0 => None,
            1 => Some("1 draft entry is not included: complete it to include it.".into()),
            n => Some(format!(
                "{n} draft entries are not included: complete them to include them."
            )),
        }
    }

    /// A Markdown table of the same rows, for a preview on screen.
    pub fn to_markdown(&self) -> String {
        let cell = |t: &str| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace('|', "\\|")
        };
        let mut md = format!(
            "# Chronology: {}{}\n\nDates and times are local to {}.\n\n| No. | Date | Event | Source |\n| --- | --- | --- | --- |\n",
            cell(&self.subject),
            self.reference
                .as_deref()
                .map(|r| format!(" ({})", cell(r)))
                .unwrap_or_default(),
            self.zone.name()
        );
        if let Some(note) = self.drafts_note() {
            md = md.replacen("\n\n| No.", &format!(" {note}\n\n| No."), 1);
        }
        for r in &self.rows {
            let _ = writeln!(
                md,
                "| {} | {} | {}{} | {} |",
                r.serial,
                self.zone.format(r.occurred_at, "%d/%m/%Y %H:%M %Z"),
                if r.significant {
                    "**Significant.** "
                } else {
                    ""
                },
                cell(&r.event),
                cell(&r.source)
            );
        }
        md
    }

    /// CSV (RFC 4180, CRLF line ends, a header row). A cell that a spreadsheet would run as a
    /// formula (starting `=`, `+`, `-`, `@`) is prefixed with `'`.
    pub fn to_csv(&self) -> String {
        let mut out = format!(
            "Serial,Date,Time ({}),Event,Source,Significant\r\n",
            csv_cell(&self.zone.name())
        );
        for r in &self.rows {
            let cells = [
                r.serial.to_string(),
                self.zone.format(r.occurred_at, "%d/%m/%Y"),
                self.zone.format(r.occurred_at, "%H:%M %Z"),
                r.event.clone(),
                r.source.clone(),
                if r.significant { "Yes" } else { "No" }.to_string(),
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// A print-ready HTML document (A4 landscape, the header row repeated on each page); every
    /// piece of text escaped, no script and nothing fetched.
    pub fn to_html(&self) -> String {
        let title = match &self.reference {
            Some(r) => format!("Chronology: {} ({r})", self.subject),
            None => format!("Chronology: {}", self.subject),
        };
        let scope = if self.significant_only {
            "Significant events only"
        } else {
            "All recorded events"
        };
        let mut h = String::new();
        let _ = write!(
            h,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"scope\">{scope} · {} event{} · dates and times local to {}</p>\n",
            escape(&title),
            escape(&title),
            self.rows.len(),
            if self.rows.len() == 1 { "" } else { "s" },
            escape(&self.zone.name())
        );
        if let Some(note) = self.drafts_note() {
            let _ = writeln!(h, "<p class=\"scope drafts\">{}</p>", escape(&note));
        }
        h.push_str("<table>\n<thead><tr><th class=\"serial\">No.</th><th class=\"date\">Date</th><th>Event</th><th class=\"source\">Source</th></tr></thead>\n<tbody>\n");
        for r in &self.rows {
            let _ = writeln!(
                h,
                "<tr{}><td class=\"serial\">{}</td><td class=\"date\">{}<br>{}</td><td>{}{}</td><td class=\"source\">{}</td></tr>",
                if r.significant { " class=\"significant\"" } else { "" },
                r.serial,
                self.zone.format(r.occurred_at, "%d/%m/%Y"),
                self.zone.format(r.occurred_at, "%H:%M %Z"),
                if r.significant { "<strong>Significant.</strong> " } else { "" },
                escape(&r.event),
                escape(&r.source)
            );
        }
        if self.rows.is_empty() {
            h.push_str("<tr><td colspan=\"4\">No completed entries.</td></tr>\n");
        }
        h.push_str("</tbody>\n</table>\n</body>\n</html>\n");
        h
    }
}

const STYLE: &str = "@page{size:A4 landscape;margin:15mm}\
body{font:11pt/1.4 Georgia,'Times New Roman',serif;color:#000;background:#fff;margin:0 auto;padding:6mm 0;max-width:270mm}\
h1{font-size:16pt;margin:0 0 2mm}.scope{margin:0 0 5mm;color:#333}\
table{width:100%;border-collapse:collapse}thead{display:table-header-group}\
th,td{border:1px solid #555;padding:2mm 3mm;vertical-align:top;text-align:left}\
th{background:#e8e8e8}tr{break-inside:avoid}\
.serial{width:10mm}.date{width:24mm;white-space:nowrap}.source{width:55mm;font-size:9pt}\
tr.significant td{background:#f4f4f4}";

/// Markdown as plain text on one line: emphasis and links dropped, whitespace collapsed.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_are_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn markdown_becomes_one_line_of_plain_text() {
        assert_eq!(
            plain("**Calm** and [talkative](https://x.example).\n\n- one\n- two"),
            "Calm and talkative. one two"
        );
    }

    #[test]
    fn html_escapes_everything() {
        assert_eq!(
            escape("<b a=\"1\">'&'</b>"),
            "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;"
        );
    }
}
