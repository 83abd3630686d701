//! `casecraft conflicts`: values written concurrently on two devices, waiting for you.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ConflictsCmd {
    /// Conflicts waiting for a person.
    List,
    /// Keep one of a conflict's values (or give a new one with --value).
    Resolve {
        /// The record's id.
        id: String,
        /// The field in conflict (as `conflicts list` shows it).
        #[arg(long)]
        field: String,
        /// The id of the value to keep.
        #[arg(long, conflicts_with = "value")]
        keep: Option<String>,
        /// A new value instead (text; for lists, comma-separated).
        #[arg(long)]
        value: Option<String>,
        /// For a merged body: you have read it as it stands.
        #[arg(long, conflicts_with_all = ["keep", "value"])]
        reviewed: bool,
    },
    /// Deal with edits made to a completed entry on a device that did not yet know it was
    /// completed: add them as an addendum, or discard them (they stay in the change log).
    Settle {
        /// The completed entry's id.
        id: String,
        /// Add them to the entry as an addendum (the proposed text, or --text).
        #[arg(long, required_unless_present = "discard", conflicts_with = "discard")]
        addendum: bool,
        /// The addendum's text instead of the proposed one.
        #[arg(long, requires = "addendum")]
        text: Option<String>,
        /// Leave them out of the record.
        #[arg(long)]
        discard: bool,
    },
}
