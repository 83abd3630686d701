//! `casecraft cowork`: co-working notes on a case.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CoworkCmd {
    /// Write a co-working note.
    Add {
        case: String,
        /// joint-visit-plan, handover, discussion or differing-view.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        body: String,
        /// The note this replies to.
        #[arg(long)]
        reply_to: Option<String>,
    },
    /// Amend your own note (the earlier text is kept).
    Amend {
        id: String,
        #[arg(long)]
        body: String,
    },
    /// A case's co-working thread.
    List { case: String },
}
