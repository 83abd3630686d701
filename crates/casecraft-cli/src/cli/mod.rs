//! The command line: every job without a window. The top level is here; each command group's
//! subcommands and their arguments are in the module named for it.

mod action;
mod case;
mod conflicts;
mod cowork;
mod entry;
mod export;
mod hub;
mod passphrase;
mod person;
mod placement;
mod profile;
mod reflect;
mod search;
mod supervision;
mod sync;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use self::action::ActionCmd;
pub use self::case::CaseCmd;
pub use self::conflicts::ConflictsCmd;
pub use self::cowork::CoworkCmd;
pub use self::entry::EntryCmd;
pub use self::export::ExportCmd;
pub use self::hub::HubCmd;
pub use self::passphrase::PassphraseCmd;
pub use self::person::PersonCmd;
pub use self::placement::PlacementCmd;
pub use self::profile::ProfileCmd;
pub use self::reflect::ReflectCmd;
pub use self::search::SearchArgs;
pub use self::supervision::SupervisionCmd;
pub use self::sync::SyncCmd;

/// Casecraft: an offline-first casework notebook.
#[derive(Debug, Parser)]
#[command(name = "casecraft", about, long_about = None)]
pub struct Cli {
    /// Data folder (default: the platform's data directory).
    #[arg(long, global = true, env = "CASECRAFT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print records as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Read your passphrase (the one that unlocks your casework) from this file's first line;
    /// otherwise `CASECRAFT_PASSPHRASE`, otherwise you are asked. Never on the command line.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the worker profile in the data folder, protected by a passphrase you choose (and
    /// a recovery code shown once).
    Init {
        /// Your name, as co-workers will see it.
        #[arg(long)]
        name: String,
        /// practitioner, student or supervisor.
        #[arg(long, default_value = "practitioner")]
        role: String,
    },
    /// Show or change the worker profile.
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// The passphrase that encrypts your casework: set it on casework from before encryption,
    /// change it, or reset a forgotten one with the recovery code.
    #[command(subcommand)]
    Passphrase(PassphraseCmd),
    /// Cases: open, list, show, edit, close, reopen, delete, restore.
    #[command(subcommand)]
    Case(CaseCmd),
    /// People in a case's network.
    #[command(subcommand)]
    Person(PersonCmd),
    /// The chronology: record visits and contacts.
    #[command(subcommand)]
    Entry(EntryCmd),
    /// The reflective log.
    #[command(subcommand)]
    Reflect(ReflectCmd),
    /// Co-working notes on a case.
    #[command(subcommand)]
    Cowork(CoworkCmd),
    /// Next steps on cases.
    #[command(subcommand)]
    Action(ActionCmd),
    /// A student's placement: the placement itself, the day log and direct observations.
    #[command(subcommand)]
    Placement(PlacementCmd),
    /// Supervision sessions: record one (decisions go into the cases' chronologies, agreed
    /// actions onto the cases), list, show, and the agenda proposed for the next.
    #[command(subcommand)]
    Supervision(SupervisionCmd),
    /// Search everything.
    Search(SearchArgs),
    /// Export a case.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Sync with your other devices through a shared folder, and with your team's hub.
    #[command(subcommand)]
    Sync(SyncCmd),
    /// Your team's hub: join it, see how this device stands, the changes it did not accept.
    #[command(subcommand)]
    Hub(HubCmd),
    /// Values written concurrently on two devices, waiting for you.
    #[command(subcommand)]
    Conflicts(ConflictsCmd),
    /// Records in the trash.
    Trash {
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// Bring a record back from the trash (give its id), or restore a backup file (give its
    /// path): the backup is verified whole before anything is replaced.
    Restore {
        /// A record's id, or a backup file.
        target: String,
        #[command(flatten)]
        passphrase: BackupPassphraseArgs,
    },
    /// Remove this profile's data from this machine (a shared desk): refused while changes made
    /// here are not synced, unless told to discard them.
    SignOut {
        /// Sign out even though changes made here are not synced (they are lost).
        #[arg(long)]
        discard_unsynced: bool,
    },
    /// Make an encrypted backup of everything in one file (safe while the app runs).
    Backup {
        /// The new backup file (an existing file is never overwritten).
        file: PathBuf,
        #[command(flatten)]
        passphrase: BackupPassphraseArgs,
    },
    /// Check the store, or rebuild its tables from the ops log.
    Doctor {
        /// Check only (the default).
        #[arg(long)]
        check: bool,
        /// Rebuild every derived table and the search index from the ops log.
        #[arg(long)]
        rebuild: bool,
    },
    /// The ops log, newest first.
    Log {
        /// How many ops to show.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Fill the store with synthetic casework (invented people only).
    Seed {
        /// Cases to generate.
        #[arg(long)]
        cases: u32,
        /// Entries, spread over the cases.
        #[arg(long, default_value_t = 0)]
        entries: u32,
        /// Reflections (default: a fifth of the entries).
        #[arg(long)]
        reflections: Option<u32>,
        /// Co-working notes (default: a fifth of the entries).
        #[arg(long)]
        cowork: Option<u32>,
        /// Random seed: the same seed gives the same content.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Where a backup's passphrase comes from: a file, `CASECRAFT_BACKUP_PASSPHRASE`, or else your
/// own passphrase (the one that unlocks your casework).
#[derive(Debug, Args)]
pub struct BackupPassphraseArgs {
    /// Read the backup's passphrase from this file (first line).
    #[arg(long, value_name = "FILE")]
    pub backup_passphrase_file: Option<PathBuf>,
}
