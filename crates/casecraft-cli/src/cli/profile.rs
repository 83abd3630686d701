//! `casecraft profile`: show or change the worker profile.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// Show the profile and this device.
    Show,
    /// Change your name or role.
    Edit {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<String>,
    },
}
