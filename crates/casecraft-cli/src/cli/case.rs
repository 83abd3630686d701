//! `casecraft case`: open, list, show, edit, close, reopen, delete and restore cases.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Open a new case; prints its id.
    New {
        /// The person the case is about.
        #[arg(long)]
        subject: String,
        /// Your organisation's reference.
        #[arg(long)]
        reference: Option<String>,
        /// Summary (Markdown).
        #[arg(long)]
        summary: Option<String>,
        /// A flag such as safeguarding (repeatable).
        #[arg(long = "flag")]
        flags: Vec<String>,
        /// A tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Opening day, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        opened: Option<String>,
    },
    /// The caseload with quality signals.
    List {
        /// open, closed or all.
        #[arg(long, default_value = "open")]
        status: String,
        /// Only cases with this flag.
        #[arg(long)]
        flag: Option<String>,
        /// Only cases with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// attention, name or opened.
        #[arg(long, default_value = "attention")]
        sort: String,
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// One case in full.
    Show { id: String },
    /// Change a case.
    Edit {
        id: String,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        reference: Option<String>,
        /// Replace the flags (repeatable; give --flag "" to clear).
        #[arg(long = "flag")]
        flags: Option<Vec<String>>,
        /// Replace the tags (repeatable).
        #[arg(long = "tag")]
        tags: Option<Vec<String>>,
        /// Correct the opening day (day first, e.g. 14/03/2026).
        #[arg(long)]
        opened: Option<String>,
    },
    /// Close a case; a rationale is required.
    Close {
        id: String,
        #[arg(long)]
        rationale: String,
    },
    /// Reopen a closed case.
    Reopen {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Move a case to the trash.
    Delete { id: String },
    /// Bring a case back from the trash.
    Restore { id: String },
    /// Share a case with a colleague on your team's hub (you must own it).
    Share {
        /// The case.
        id: String,
        /// The colleague: their name or worker id on the hub.
        #[arg(long = "with", value_name = "WORKER")]
        with: String,
        /// owner, co-worker, supervisor (reads, adds supervision decisions) or read-only.
        #[arg(long, default_value = "co-worker")]
        role: String,
    },
    /// Stop sharing a case with a colleague: their devices take nothing new of it.
    Unshare {
        /// The case.
        id: String,
        /// The colleague: their name or worker id on the hub.
        #[arg(long = "with", value_name = "WORKER")]
        with: String,
    },
    /// Who the case is shared with on the team hub, and their roles.
    Members {
        /// The case.
        id: String,
    },
    /// Hand a case on to a colleague (a worker leaving): no drafts may be left; the open actions
    /// are listed in a transfer summary written to the chronology.
    Transfer {
        /// The case.
        id: String,
        /// The colleague taking it on: their name or worker id on the hub.
        #[arg(long, value_name = "WORKER")]
        to: String,
    },
    /// Allocate a case you hold (a referral) to a colleague: a transfer, with its checklist and
    /// summary, after which you stay on the case as its supervisor.
    Allocate {
        /// The case.
        id: String,
        /// The colleague taking it on: their name or worker id on the hub.
        #[arg(long, value_name = "WORKER")]
        to: String,
    },
}
