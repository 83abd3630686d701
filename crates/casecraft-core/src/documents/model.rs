//! The document model every document shares: a document's text, its preview and what
//! anonymising replaced in it; the formats a case record is made in; and the HTML and Markdown
//! pieces documents are built from. Everything in `documents` builds on this and nothing here
//! uses the rest of `documents`.

use serde::Serialize;

/// A document made from a case: its text (the file's bytes), a Markdown preview of it for the
/// screen, and the replacements made if it was anonymised.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document in its format.
    pub text: String,
    /// The same content as Markdown, for showing before saving.
    pub preview: String,
    /// What anonymising replaced (`None` when not anonymised).
    pub replacements: Option<Vec<crate::documents::model::Replacement>>,
}

/// One replacement made, for the preview: the text as found, what replaced it, how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// What kind of detail it was: `name`, `date of birth`, `reference`, `address`, `postcode`,
    /// `email` or `phone`.
    pub kind: &'static str,
    /// The text as it was found (one line: line breaks inside a name shown as spaces).
    pub found: String,
    /// Its placeholder.
    pub placeholder: String,
    /// How many times it was replaced.
    pub count: usize,
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

/// A print-ready HTML document of `markdown` (rendered and sanitised as every body is), titled
/// `title`.
pub fn html_document(title: &str, markdown: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{DOCUMENT_STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape(title),
        crate::documents::markdown::render(markdown)
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

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
