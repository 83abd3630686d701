//! `casecraft export`: a case, its chronology or quality review, the portfolio, CPD entries.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// A case with all its records.
    Case {
        id: String,
        /// md, html (print-ready) or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// Replace the names, dates of birth, addresses and reference of the case's people with
        /// placeholders ("Child A", "Mother", "[address]"); the replacements are listed on
        /// standard error. Refused while a name still appears.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: list the replacements only, without exporting.
        #[arg(long, requires = "anonymise")]
        preview: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Your practice portfolio: evidence by PCF domain, reflections, direct observations,
    /// supervision (never its wellbeing sections).
    Portfolio {
        /// html (print-ready) or md.
        #[arg(long, default_value = "html")]
        format: String,
        /// Replace the details of the people in all your cases with placeholders ("Child A
        /// (case 2)", "Mother (case 1)"); refused while a name still appears.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: list the replacements only, without exporting.
        #[arg(long, requires = "anonymise")]
        preview: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Your reflections as Social Work England CPD entries: activity, learning, impact on
    /// practice, peer reflection (tag a reflection `peer-reflection`).
    Cpd {
        /// md or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// Replace the details of the people in all your cases with placeholders, as for
        /// `export portfolio`.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: list the replacements only, without exporting.
        #[arg(long, requires = "anonymise")]
        preview: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The transfer pack for a colleague taking a case on: summary, network, significant
    /// events, open actions and the latest direct work, on one printable page.
    TransferPack {
        /// The case.
        case: String,
        /// html (print-ready) or md.
        #[arg(long, default_value = "html")]
        format: String,
        /// Replace the case's people's details with placeholders, as for `export case`.
        #[arg(long)]
        anonymise: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// A case's quality review for supervision and audit: contact month by month, significant
    /// events, reflections and supervision decisions, co-working, open actions.
    Quality {
        /// The case.
        case: String,
        /// html (print-ready) or md.
        #[arg(long, default_value = "html")]
        format: String,
        /// Replace the case's people's details with placeholders, as for `export case`.
        #[arg(long)]
        anonymise: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// A case's chronology as courts expect it: serial number, date, event, source record.
    Chronology {
        /// The case.
        case: String,
        /// html (print-ready) or csv.
        #[arg(long, default_value = "html")]
        format: String,
        /// Significant events only.
        #[arg(long)]
        significant: bool,
        /// Replace the case's people's details with placeholders, as for `export case`.
        #[arg(long)]
        anonymise: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}
