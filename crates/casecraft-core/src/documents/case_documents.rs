//! The documents of a case a person can make — the record, the court-format chronology, the
//! quality review and the transfer pack — in the formats each allows, anonymised on request, and
//! how one is saved.

use crate::casework::case_file::CaseExport;
use crate::documents::model::{html_document, CaseFormat, Document};

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
    /// The transfer pack for a worker taking the case on (HTML or Markdown).
    TransferPack,
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
            DocumentKind::Quality | DocumentKind::TransferPack => (
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
    use crate::documents::anonymise;
    let case_format = |f: DocumentFormat| match f {
        DocumentFormat::Html => CaseFormat::Html,
        DocumentFormat::Json => CaseFormat::Json,
        _ => CaseFormat::Markdown,
    };
    match kind {
        DocumentKind::Record | DocumentKind::Quality | DocumentKind::TransferPack => {
            let (title, md) = match kind {
                DocumentKind::Record => (export.case.subject.clone(), export.to_markdown()),
                DocumentKind::TransferPack => (
                    crate::documents::transfer_pack::title(export),
                    crate::documents::transfer_pack::to_markdown(export, today),
                ),
                _ => (
                    format!("Quality review: {}", export.case.subject),
                    crate::documents::quality::to_markdown(export, today),
                ),
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
            let mut chronology =
                crate::documents::chronology::Chronology::of(export, significant, writer);
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

pub use crate::files::save_new_file;
