//! `casecraft action`: next steps on cases.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// Add a next step to a case.
    Add {
        case: String,
        #[arg(long)]
        text: String,
        /// Due day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Mark an action done.
    Done { id: String },
    /// Open actions, of one case or all.
    List {
        case: Option<String>,
        /// Include done actions.
        #[arg(long)]
        all: bool,
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
}
