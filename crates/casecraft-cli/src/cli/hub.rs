//! `casecraft hub`: joining your organisation's team hub, and the changes it did not accept.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum HubCmd {
    /// Join your team's hub with the one-time invitation code your administrator gave you; the
    /// first sync follows.
    Join {
        /// The hub's address, https://HOST:PORT.
        url: String,
        /// The invitation code (it also names the hub's certificate).
        #[arg(long, allow_hyphen_values = true)]
        code: String,
    },
    /// The hub this device syncs with, your cases on it, and changes it did not accept.
    Status,
    /// The team as you oversee it: each colleague whose cases are shared with you for
    /// supervision or oversight, with each case's quality signals, and the cases you hold (as of
    /// the last sync).
    Team,
    /// Changes the team hub did not accept, with why. They stay on this device until you export
    /// or discard them.
    Refused {
        /// Write them (their full content) to this file as JSON.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["discard", "discard_all"])]
        export: Option<PathBuf>,
        /// Stop listing this one (its change stays in your records on this device).
        #[arg(long, value_name = "ID")]
        discard: Option<String>,
        /// Stop listing all of them.
        #[arg(long, conflicts_with = "discard")]
        discard_all: bool,
    },
}
