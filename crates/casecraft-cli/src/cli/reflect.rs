//! `casecraft reflect`: the reflective log.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ReflectCmd {
    /// Write a reflection through a model.
    New {
        /// gibbs, kolb, driscoll, schon, johns or free.
        #[arg(long)]
        model: String,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        entry: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// Day it is about, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        /// A section's text, KEY=TEXT (repeatable).
        #[arg(long = "section")]
        sections: Vec<String>,
        /// A PCF domain it evidences (repeatable).
        #[arg(long)]
        pcf: Vec<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Share with the case's co-workers (private by default).
        #[arg(long)]
        shared: bool,
    },
    /// Change a reflection.
    Edit {
        id: String,
        #[arg(long = "section")]
        sections: Vec<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        pcf: Option<Vec<String>>,
        /// private or shared.
        #[arg(long)]
        visibility: Option<String>,
    },
    /// The reflective log.
    List {
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        pcf: Option<String>,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// One reflection in full, with its prompts.
    Show { id: String },
    /// Move a reflection to the trash.
    Delete { id: String },
}
