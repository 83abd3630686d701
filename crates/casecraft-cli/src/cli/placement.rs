//! `casecraft placement`: a student's placement, its day log and direct observations.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PlacementCmd {
    /// Record a placement.
    New {
        /// The setting (team, service, agency).
        #[arg(long)]
        setting: String,
        /// The practice educator.
        #[arg(long)]
        educator: String,
        /// First day, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        start: Option<String>,
        /// Days the placement requires.
        #[arg(long)]
        days: u32,
    },
    /// Placements, the latest first, with the days logged.
    List,
    /// Correct a placement (the latest unless --placement).
    Edit {
        #[arg(long)]
        placement: Option<String>,
        #[arg(long)]
        setting: Option<String>,
        #[arg(long)]
        educator: Option<String>,
        /// First day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        start: Option<String>,
        /// Days required.
        #[arg(long)]
        days: Option<u32>,
    },
    /// Log a day of placement (the latest placement unless --placement).
    LogDay {
        #[arg(long)]
        placement: Option<String>,
        /// The day, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        date: Option<String>,
        /// What you did and learned (or --text-file, or standard input).
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_name = "FILE")]
        text_file: Option<PathBuf>,
        /// A PCF domain the day evidences (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
    /// Correct a day of the log, named by its date (the latest placement unless --placement).
    EditDay {
        /// The day as logged, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        day: String,
        #[arg(long)]
        placement: Option<String>,
        /// Move it to this day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        /// What you did and learned (or --text-file).
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_name = "FILE")]
        text_file: Option<PathBuf>,
        /// The PCF domains it evidences, replacing those given before (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
    /// Direct observations of your practice, oldest first, with their ids.
    Observations {
        #[arg(long)]
        placement: Option<String>,
    },
    /// Correct a direct observation.
    EditObservation {
        id: String,
        /// When, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        observer: Option<String>,
        #[arg(long)]
        activity: Option<String>,
        /// The observer's feedback (or --feedback-file).
        #[arg(long)]
        feedback: Option<String>,
        #[arg(long, value_name = "FILE")]
        feedback_file: Option<PathBuf>,
        /// The PCF domains it evidences, replacing those given before (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
    /// Move a placement, a day of the log or an observation to the trash.
    Delete { id: String },
    /// The day log of a placement (the latest unless --placement).
    Days {
        #[arg(long)]
        placement: Option<String>,
    },
    /// Record a direct observation of your practice.
    Observe {
        #[arg(long)]
        placement: Option<String>,
        /// When, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        date: Option<String>,
        /// Who observed.
        #[arg(long)]
        observer: String,
        /// What was observed.
        #[arg(long)]
        activity: String,
        /// The observer's feedback (or --feedback-file, or standard input).
        #[arg(long)]
        feedback: Option<String>,
        #[arg(long, value_name = "FILE")]
        feedback_file: Option<PathBuf>,
        /// A PCF domain it evidences (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
}
