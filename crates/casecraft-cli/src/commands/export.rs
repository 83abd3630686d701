//! `casecraft export`: a case, its chronology, quality review or transfer pack, the portfolio and CPD entries,
//! to standard output or a new file; what anonymising replaced goes to standard error.

use casecraft_core::{Error, Result, Store};

use crate::cli::ExportCmd;
use crate::input;
use crate::out::Out;

/// Runs `casecraft export …`.
pub fn run(store: &Store, out: &mut Out<'_>, cmd: &ExportCmd) -> Result<()> {
    use casecraft_core::documents::case_documents::{self, DocumentFormat, DocumentKind};
    let today = store.today();
    // A document of one case: the record, its chronology, or its quality review.
    let case_document = |case: &str, kind: DocumentKind, format: &str, anonymise: bool| {
        let format = DocumentFormat::parse(kind, format)?;
        let export = store.export_case(input::id("case", case)?)?;
        case_documents::document(&export, kind, format, anonymise, today, |id| {
            store.worker_name(id).ok().flatten()
        })
    };
    let (text, replacements, output) = match cmd {
        ExportCmd::Case {
            id,
            format,
            anonymise,
            preview,
            output,
        } => {
            let doc = case_document(id, DocumentKind::Record, format, *anonymise)?;
            if *preview {
                return print_replacements(out, doc.replacements.as_deref().unwrap_or(&[]));
            }
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Chronology {
            case,
            format,
            significant,
            anonymise,
            output,
        } => {
            let kind = DocumentKind::Chronology {
                significant: *significant,
            };
            let doc = case_document(case, kind, format, *anonymise)?;
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Quality {
            case,
            format,
            anonymise,
            output,
        } => {
            let doc = case_document(case, DocumentKind::Quality, format, *anonymise)?;
            (doc.text, doc.replacements, output)
        }
        ExportCmd::TransferPack {
            case,
            format,
            anonymise,
            output,
        } => {
            let doc = case_document(case, DocumentKind::TransferPack, format, *anonymise)?;
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Portfolio {
            format,
            anonymise,
            preview,
            output,
        } => {
            let html = match format.trim().to_lowercase().as_str() {
                "html" => true,
                "md" | "markdown" => false,
                _ => return Err(Error::invalid("format", "choose html or md")),
            };
            let anonymiser = anonymise.then(|| store.caseload_anonymiser()).transpose()?;
            let doc = store
                .portfolio(today)?
                .document(html, anonymiser.as_ref())?;
            if *preview {
                return print_replacements(out, doc.replacements.as_deref().unwrap_or(&[]));
            }
            (doc.text, doc.replacements, output)
        }
        ExportCmd::Cpd {
            format,
            anonymise,
            preview,
            output,
        } => {
            let json = match format.trim().to_lowercase().as_str() {
                "md" | "markdown" => false,
                "json" => true,
                _ => return Err(Error::invalid("format", "choose md or json")),
            };
            let portfolio = store.portfolio(today)?;
            let entries = casecraft_core::documents::portfolio::cpd_entries(&portfolio.reflections);
            let anonymiser = anonymise.then(|| store.caseload_anonymiser()).transpose()?;
            let doc = casecraft_core::documents::portfolio::cpd_document(
                &entries,
                json,
                anonymiser.as_ref(),
            )?;
            if *preview {
                return print_replacements(out, doc.replacements.as_deref().unwrap_or(&[]));
            }
            (doc.text, doc.replacements, output)
        }
    };
    match output {
        // Like the app's *Save…*: a new file only, never one overwritten.
        Some(path) => case_documents::save_new_file(&input::output_file(path)?, &text)?,
        None => write!(out.w, "{text}").map_err(|e| Error::Storage {
            action: "exported",
            reason: format!("standard output failed ({})", e.kind()),
        })?,
    }
    if let Some(list) = replacements {
        // The list goes to standard error, so the export itself can be piped on.
        let mut err = std::io::stderr().lock();
        let mut o = Out {
            w: &mut err,
            json: false,
        };
        print_replacements(&mut o, &list)?;
    }
    Ok(())
}

/// The replacements an anonymised export made, one line each.
fn print_replacements(
    out: &mut Out<'_>,
    list: &[casecraft_core::documents::model::Replacement],
) -> Result<()> {
    if out.json {
        return out.json(&list);
    }
    if list.is_empty() {
        return out.line("Anonymised: nothing needed replacing.");
    }
    out.line(&format!("Anonymised: {} replacement(s).", list.len()))?;
    for r in list {
        out.line(&format!(
            "  {} \"{}\" -> {} ({}x)",
            r.kind, r.found, r.placeholder, r.count
        ))?;
    }
    Ok(())
}
