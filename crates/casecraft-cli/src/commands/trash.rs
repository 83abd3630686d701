//! `casecraft trash` and `casecraft restore ID`: records in the trash, and bringing one back.
//! (`casecraft restore FILE`, a backup, is in [`super::backup`].)

use casecraft_core::store::TrashItem;
use casecraft_core::{Error, Id, Result, Store};

use crate::out::{self, Out};

/// `casecraft trash`: the records in the trash, a page at a time when asked.
pub fn list(
    store: &Store,
    out: &mut Out<'_>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<()> {
    let items = store.list_trash(limit, offset)?;
    if out.json {
        return out::json_list(out, &items, limit.is_some() || offset.is_some());
    }
    if items.total == 0 {
        return out.line("The trash is empty.");
    }
    items.iter().try_for_each(|t| print_trash_item(out, t))?;
    out::shown(out, &items, "records in the trash")
}

/// `casecraft restore ID`: brings a record back from the trash.
pub fn restore(store: &mut Store, out: &mut Out<'_>, target: &str) -> Result<()> {
    let id = Id::parse("id", target.trim()).map_err(|_| {
        Error::invalid(
            "target",
            format!(
                "\"{}\" is neither a record id nor a backup file; give a trashed record's id (see `casecraft trash`) or the path of a backup",
                target.chars().take(60).collect::<String>()
            ),
        )
    })?;
    let kind = store.restore(id)?;
    out.line(&format!("Restored the {kind}."))
}

fn print_trash_item(out: &mut Out<'_>, t: &TrashItem) -> Result<()> {
    out.line(&format!(
        "{}  {:<11} {}  deleted {}",
        t.id,
        t.kind.as_str(),
        t.label,
        out::local(t.deleted_at)
    ))
}
