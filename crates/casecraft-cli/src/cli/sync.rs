//! `casecraft sync`: a shared folder to sync through, and where its passphrase comes from.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// Create a vault in a folder (USB stick, network drive, cloud folder) and sync with it.
    Init {
        folder: PathBuf,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// Join the vault another of your devices created in a folder.
    Join {
        folder: PathBuf,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// One round with the folder: take others' changes, then write yours.
    Run,
    /// Changes not yet synced, last sync, the folder.
    Status,
}

/// Where a sync passphrase comes from: a file, `CASECRAFT_SYNC_PASSPHRASE`,
/// or a prompt — never the command line.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Read the sync passphrase from this file (first line).
    #[arg(long, value_name = "FILE")]
    pub sync_passphrase_file: Option<PathBuf>,
}
