//! `casecraft search`: its query and filters.

use clap::Args;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; "quoted phrases", prefix*, OR.
    pub query: String,
    #[arg(long)]
    pub case: Option<String>,
    /// A record kind (entry, reflection, person…) or an entry kind (home-visit…).
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    /// From this day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
    #[arg(long)]
    pub from: Option<String>,
    /// To this day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
    #[arg(long)]
    pub to: Option<String>,
    /// Significant entries only.
    #[arg(long)]
    pub significant: bool,
    /// At most this many (all when not given).
    #[arg(long)]
    pub limit: Option<u32>,
    /// Skip this many (with --limit, for the next page).
    #[arg(long)]
    pub offset: Option<u32>,
}
