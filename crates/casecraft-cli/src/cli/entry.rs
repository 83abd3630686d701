//! `casecraft entry`: the chronology, and the fields an entry is written with.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct EntryFields {
    /// When it happened (RFC 3339, e.g. 2026-03-14T10:30:00+00:00; default now).
    #[arg(long)]
    pub at: Option<String>,
    /// Minutes spent.
    #[arg(long)]
    pub duration: Option<u32>,
    /// Where.
    #[arg(long = "where")]
    pub location: Option<String>,
    /// Who was there (repeatable).
    #[arg(long = "with")]
    pub participants: Option<Vec<String>>,
    /// Why it happened.
    #[arg(long)]
    pub purpose: Option<String>,
    /// What happened (Markdown).
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read what happened from a file.
    #[arg(long)]
    pub body_file: Option<PathBuf>,
    /// The person's own words.
    #[arg(long)]
    pub voice: Option<String>,
    /// Your analysis.
    #[arg(long)]
    pub analysis: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EntryCmd {
    /// Record a visit or contact as a draft (body from --body, --body-file or stdin).
    Add {
        case: String,
        /// home-visit, office-visit, phone-call, meeting, message, case-note, significant-event.
        #[arg(long)]
        kind: String,
        #[command(flatten)]
        fields: EntryFields,
        /// Mark as a significant event.
        #[arg(long)]
        significant: bool,
        /// Complete it straight away.
        #[arg(long)]
        complete: bool,
    },
    /// Change a draft.
    Edit {
        id: String,
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        fields: EntryFields,
        #[arg(long)]
        significant: Option<bool>,
    },
    /// Move a draft to the trash.
    Delete { id: String },
    /// Complete a draft; it can then only be corrected by addenda.
    Complete { id: String },
    /// Add a correction to a completed entry.
    Addendum {
        id: String,
        #[arg(long)]
        text: String,
    },
    /// A case's chronology, newest first.
    List {
        case: String,
        /// Significant events only.
        #[arg(long)]
        significant: bool,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        offset: Option<u32>,
    },
    /// One entry in full.
    Show { id: String },
}
