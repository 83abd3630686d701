//! The `casecraft` command's definition, shared by the binary and by what is generated from it
//! for packages: the manual pages (`clap_mangen`) and shell completions (`clap_complete`).

pub mod cli;
pub mod manuals;

/// The version `casecraft --version` and the manual pages give: the release and the database
/// schema it writes, so a person (or their IT team) can tell what a data folder needs.
pub fn version() -> String {
    format!(
        "{} (database schema {})",
        env!("CARGO_PKG_VERSION"),
        casecraft_core::store::SCHEMA_VERSION
    )
}

/// The `casecraft` command with its version.
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    cli::Cli::command().version(version())
}
