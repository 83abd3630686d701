//! `casecraft passphrase`: set, change or recover the passphrase that encrypts your casework.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PassphraseCmd {
    /// Encrypt casework made before encryption at rest, with a new passphrase (a recovery code
    /// is shown once).
    Set,
    /// Change the passphrase (the current one as usual; the new one from
    /// `--new-passphrase-file`, `CASECRAFT_NEW_PASSPHRASE` or a prompt). Nothing is re-encrypted.
    Change {
        /// Read the new passphrase from this file (first line).
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Forgot the passphrase: open with the recovery code (`--code-file`,
    /// `CASECRAFT_RECOVERY_CODE` or a prompt) and set a new passphrase.
    Recover {
        /// Read the recovery code from this file (first line).
        #[arg(long, value_name = "FILE")]
        code_file: Option<PathBuf>,
        /// Read the new passphrase from this file (first line).
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
}
