//! `casecraft search`: everything, by words and filters.

use casecraft_core::search::{KindFilter, SearchHit, SearchQuery};
use casecraft_core::{Result, Store};

use crate::cli::SearchArgs;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft search`.
pub fn run(store: &Store, out: &mut Out<'_>, args: &SearchArgs) -> Result<()> {
    let hits = store.search(&SearchQuery {
        text: args.query.clone(),
        case_id: input::opt_id("case", args.case.as_deref())?,
        kind: args.kind.as_deref().map(KindFilter::parse).transpose()?,
        tag: args.tag.clone(),
        from: input::opt_date("from", args.from.as_deref())?,
        to: input::opt_date("to", args.to.as_deref())?,
        significant: args.significant,
        limit: args.limit,
        offset: args.offset,
    })?;
    if out.json {
        return out::json_list(out, &hits, args.limit.is_some() || args.offset.is_some());
    }
    if hits.total == 0 {
        return out.line("Nothing found.");
    }
    hits.iter().try_for_each(|h| print_hit(out, h))?;
    out::shown(out, &hits, "results")
}

fn print_hit(out: &mut Out<'_>, h: &SearchHit) -> Result<()> {
    let snippet: String = h
        .snippet
        .iter()
        .map(|p| {
            if p.highlight {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect::<String>()
        .replace('\n', " ");
    out.line(&format!(
        "{}  {:<11} {}  {}\n    {}",
        h.record_id,
        h.kind.as_str(),
        h.day,
        h.title,
        snippet
    ))
}
