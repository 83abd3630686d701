//! `casecraft person`: the people in a case's network.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Add someone to a case's network.
    Add {
        case: String,
        #[arg(long)]
        name: String,
        /// Relationship to the subject (mother, teacher, GP…).
        #[arg(long)]
        relationship: String,
        #[arg(long)]
        household: Option<String>,
        #[arg(long)]
        agency: Option<String>,
        /// Date of birth, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        born: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// This person is (also) who the case is about.
        #[arg(long)]
        subject: bool,
    },
    /// The people in a case's network.
    List { case: String },
}
