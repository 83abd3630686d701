//! `casecraft supervision`: sessions, closures without contact, the proposed agenda.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SupervisionCmd {
    /// Record a session.
    New {
        /// The supervisor's name.
        #[arg(long)]
        supervisor: String,
        /// When, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        date: Option<String>,
        /// A function covered: management, development, support, mediation (repeat for more).
        #[arg(long = "function")]
        functions: Vec<String>,
        /// What was discussed (or --notes-file, or standard input).
        #[arg(long)]
        notes: Option<String>,
        #[arg(long, value_name = "FILE")]
        notes_file: Option<PathBuf>,
        /// A case discussed and the decision: CASE=TEXT (repeat for more). Each becomes a
        /// significant entry in that case's chronology.
        #[arg(long = "decision", value_name = "CASE=TEXT")]
        decisions: Vec<String>,
        /// A reflection brought to the session (repeat for more).
        #[arg(long = "reflection", value_name = "ID")]
        reflections: Vec<String>,
        /// An agreed action: CASE=TEXT, with " @YYYY-MM-DD" at the end for a due day.
        #[arg(long = "action", value_name = "CASE=TEXT")]
        actions: Vec<String>,
        /// The private wellbeing section, from this file: kept on this device only, never synced.
        #[arg(long, value_name = "FILE")]
        wellbeing_file: Option<PathBuf>,
    },
    /// Sessions, newest first.
    List {
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// Correct a session. Its decisions are in the case chronologies already: a new date or
    /// supervisor is added to each of them as an addendum.
    Edit {
        id: String,
        #[arg(long)]
        supervisor: Option<String>,
        /// When, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        /// The functions covered, replacing those given before (repeat for more).
        #[arg(long = "function")]
        functions: Vec<String>,
        /// What was discussed (or --notes-file).
        #[arg(long)]
        notes: Option<String>,
        #[arg(long, value_name = "FILE")]
        notes_file: Option<PathBuf>,
        /// The reflections brought, replacing those given before (repeat for more).
        #[arg(long = "reflection", value_name = "ID")]
        reflections: Vec<String>,
        /// The private wellbeing section, from this file (an empty file removes it).
        #[arg(long, value_name = "FILE")]
        wellbeing_file: Option<PathBuf>,
    },
    /// Move a session to the trash (its decisions stay in the chronologies).
    Delete { id: String },
    /// One session in full.
    Show { id: String },
    /// Cases closed in the last DAYS days without the person being seen in the four weeks
    /// before closing (or ever).
    Closures {
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
    /// The agenda proposed for the next session: cases not seen for a while, overdue actions,
    /// recent closures, significant events and reflections since the last session.
    Agenda,
}
