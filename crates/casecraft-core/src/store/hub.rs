//! The store's side of a team hub: this device's hub set-up and places (local only: never an op,
//! never synced; the credential lives in the encrypted database), which of its ops may travel to
//! the hub, and the ops the hub did not accept, kept and listed until the worker exports or
//! discards them.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::log::{op_from_row, OP_COLUMNS};
use super::sync::conflicts::ImportReport;
use super::{meta_get, meta_set, Cached, Store};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::op::Op;
use crate::record::RecordKind;
use casecraft_ops::hub::{may_reach_hub, Author, Membership};

/// This device's membership of a team hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubSettings {
    /// The hub's address (`https://host:port`).
    pub url: String,
    /// The SHA-256 fingerprint of the hub's certificate, when pinned.
    pub pin: Option<String>,
    /// This device's credential (`device:secret`).
    pub credential: String,
    /// The hub's identity.
    pub hub_id: Id,
    /// The worker this device belongs to on the hub.
    pub worker_id: Id,
    /// Their name on the hub.
    pub worker_name: String,
    /// Their team.
    pub team: String,
    /// The pull cursor: ops after this place in the hub's order are new.
    pub cursor: u64,
    /// This device's log is covered on the hub up to here.
    pub pushed_through: u64,
    /// The cases this worker was a member of at the last pull.
    pub cases: Vec<Membership>,
    /// When the last round finished.
    pub last_sync: Option<DateTime<Utc>>,
    /// The reflections that were shared at the last push: one shared since then has its earlier
    /// ops (withheld while it was private) sent too.
    #[serde(default)]
    pub shared_reflections: Vec<Id>,
    /// The worker's role in the team, as the last pull said (a manager may hand on cases they
    /// oversee).
    #[serde(default)]
    pub team_role: Option<String>,
}

/// An op the hub did not accept: kept on this device, listed until dealt with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusedOp {
    /// The op, as it stands in this device's log.
    pub op: Op,
    /// Why the hub refused it.
    pub reason: String,
    /// When.
    pub refused_at: DateTime<Utc>,
}

/// What stands in the way of handing a case on, and what goes with it.
#[derive(Debug, Clone, Serialize)]
pub struct TransferChecklist {
    /// Chronology entries still in draft (a transfer waits until none is left).
    pub drafts: u64,
    /// Open actions, listed in the transfer summary.
    pub open_actions: Vec<String>,
}

const SETTINGS: &str = "hub.settings";
const OPENED: &str = "hub.opened";
/// Openings of one case closer together than this are recorded once.
const OPENED_EVERY_SECONDS: i64 = 10 * 60;
const REFUSED: &str = "hub.refused";
/// The team's names for the author ids of colleagues' ops (kept after leaving a team: the
/// worker's own cases may hold colleagues' work).
const AUTHORS: &str = "hub.authors";
/// Cases that left this device because the worker was removed from them, until the app has said
/// so once.
const REMOVALS: &str = "hub.removals";
/// The hub this device had joined before it took a new identity (a restore, a copied data
/// folder): its credential was the old identity's, so the device joins again.
const REJOIN: &str = "hub.rejoin";

/// The team hub a device must join again, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejoin {
    /// The hub's address.
    pub url: String,
    /// The team's name.
    pub team: String,
}

/// Forgets the hub credential of a device taking a new identity, keeping where it was.
pub(super) fn forget_credential(tx: &rusqlite::Connection) -> Result<()> {
    let Some(text) = meta_get(tx, SETTINGS)? else {
        return Ok(());
    };
    let s: HubSettings = serde_json::from_str(&text)
        .map_err(|_| Error::Corrupt("the team hub set-up is damaged".into()))?;
    let rejoin = Rejoin {
        url: s.url,
        team: s.team,
    };
    meta_set(tx, REJOIN, &serde_json::to_string(&rejoin)?)?;
    tx.exec_cached("DELETE FROM meta WHERE key = ?1", [SETTINGS])?;
    Ok(())
}

/// A case that left this device because the worker is no longer a member of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovalNotice {
    /// The case (no longer on this device).
    pub case_id: Id,
    /// Whom it was about, as the worker knew it.
    pub subject: String,
    /// Who stopped sharing it, when the hub said.
    pub by: Option<String>,
    /// The worker transferred it themselves.
    pub by_me: bool,
    /// When.
    pub at: DateTime<Utc>,
}

impl RemovalNotice {
    /// "Morgan Ellis stopped sharing Ivy Nowak with you on 3 Dec", the day in the worker's zone.
    pub fn describe(&self, zone: &crate::zone::Zone) -> String {
        let day = zone.day(self.at).format("%-d %b");
        match (&self.by, self.by_me) {
            (_, true) => format!(
                "You transferred {} on {day}; it has left this device",
                self.subject
            ),
            (Some(by), false) => format!(
                "{by} stopped sharing {} with you on {day}; it has left this device",
                self.subject
            ),
            (None, false) => format!(
                "{} is no longer shared with you (since {day}); it has left this device",
                self.subject
            ),
        }
    }
}

impl Store {
    /// This device's hub set-up, if it joined one.
    pub fn hub_settings(&self) -> Result<Option<HubSettings>> {
        meta_get(&self.conn, SETTINGS)?
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|_| Error::Corrupt("the team hub set-up is damaged".into()))
            })
            .transpose()
    }

    /// The hub this device must join again after taking a new identity, if any.
    pub fn hub_rejoin(&self) -> Result<Option<Rejoin>> {
        meta_get(&self.conn, REJOIN)?
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|_| Error::Corrupt("the team hub set-up is damaged".into()))
            })
            .transpose()
    }

    /// Saves the hub set-up.
    pub fn save_hub_settings(&mut self, s: &HubSettings) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        write_hub_settings(&tx, s)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a page of the hub's ops and keeps `s`, the set-up with the pull's cursor moved past
    /// the page, in one transaction: a page is never kept without the place after it, nor the
    /// place without the page (and a page costs one commit, not two).
    pub fn import_hub_page(&mut self, ops: Vec<Op>, s: &HubSettings) -> Result<ImportReport> {
        self.import_hub_ops_with(ops, |tx| write_hub_settings(tx, s))
    }

    /// This device's own ops after `after` that may travel to a hub (case records, shared
    /// reflections), at most `limit` looked at; answers them and the last seq looked at (the run
    /// the hub is told is covered).
    pub fn ops_for_hub(&self, after: u64, limit: u32) -> Result<(Vec<Op>, u64)> {
        let me = self.device_id()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM ops WHERE device_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
        ))?;
        let mut rows = stmt.query(params![
            me.to_string(),
            i64::try_from(after).unwrap_or(i64::MAX),
            limit
        ])?;
        let mut out = Vec::new();
        let mut through = after;
        while let Some(r) = rows.next()? {
            let op = op_from_row(r)?;
            through = op.seq;
            if self.travels(&op)? {
                out.push(op);
            }
        }
        Ok((out, through))
    }

    /// This device's changes after `after` that will travel to the hub and have not yet, counted
    /// by case (the same rule as [`Store::ops_for_hub`], in one query over the log's columns:
    /// the status line asks on every refresh, and nothing is decoded).
    pub fn hub_unsent(&self, after: u64) -> Result<std::collections::BTreeMap<Id, u64>> {
        let me = self.device_id()?;
        let kinds: Vec<&str> = RecordKind::ALL
            .iter()
            .filter(|k| may_reach_hub(**k))
            .map(|k| k.as_str())
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT CASE WHEN o.record_kind = 'case' THEN o.record_id ELSE o.case_id END AS c,
                    count(*)
               FROM ops o LEFT JOIN reflections r
                 ON o.record_kind = 'reflection' AND r.id = o.record_id
              WHERE o.device_id = ?1 AND o.seq > ?2
                AND o.record_kind IN (SELECT value FROM json_each(?3))
                AND (o.record_kind <> 'reflection' OR r.visibility = 'shared')
                AND c IS NOT NULL
              GROUP BY c",
        )?;
        let rows = stmt.query_map(
            params![
                me.to_string(),
                i64::try_from(after).unwrap_or(i64::MAX),
                serde_json::to_string(&kinds)?
            ],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?;
        let mut by_case = std::collections::BTreeMap::new();
        for row in rows {
            let (case, n) = row?;
            by_case.insert(super::row::id(&case)?, u64::try_from(n).unwrap_or(0));
        }
        Ok(by_case)
    }

    /// The team's names (and team roles) for author ids, as the hub gave them.
    pub fn hub_authors(&self) -> Result<Vec<Author>> {
        meta_get(&self.conn, AUTHORS)?
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|_| Error::Corrupt("the team's list of authors is damaged".into()))
            })
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// The colleagues behind author ids, as the team hub named them (this worker's own devices
    /// left out): what shows whose a note, entry or action is.
    pub fn colleagues(&self) -> Result<Colleagues> {
        let me = self.hub_settings()?.map(|s| s.worker_id);
        let by_author = self
            .hub_authors()?
            .into_iter()
            .filter(|a| me.is_none() || a.worker_id != me)
            .map(|a| (a.author, a))
            .collect();
        Ok(Colleagues { by_author })
    }

    /// Keeps the names the hub gave for author ids (a newer name replaces an older one).
    pub fn note_hub_authors(&mut self, authors: &[Author]) -> Result<()> {
        if authors.is_empty() {
            return Ok(());
        }
        let mut all = self.hub_authors()?;
        let mut changed = false;
        for a in authors {
            match all.iter_mut().find(|k| k.author == a.author) {
                Some(known) if known == a => {}
                Some(known) => {
                    *known = a.clone();
                    changed = true;
                }
                None => {
                    all.push(a.clone());
                    changed = true;
                }
            }
        }
        if changed {
            self.save_meta_list(AUTHORS, &all)?;
        }
        Ok(())
    }

    /// Cases that left this device since the worker last dismissed the notice, oldest first.
    pub fn removal_notices(&self) -> Result<Vec<RemovalNotice>> {
        meta_get(&self.conn, REMOVALS)?
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|_| Error::Corrupt("the list of cases that left is damaged".into()))
            })
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Keeps a notice to show (one per case: a later removal replaces an earlier notice).
    pub fn note_removal(&mut self, notice: RemovalNotice) -> Result<()> {
        let mut all = self.removal_notices()?;
        all.retain(|n| n.case_id != notice.case_id);
        all.push(notice);
        self.save_meta_list(REMOVALS, &all)
    }

    /// The worker has read the notice about a case (every notice with `None`).
    pub fn dismiss_removal(&mut self, case: Option<Id>) -> Result<()> {
        let mut all = self.removal_notices()?;
        all.retain(|n| case.is_some_and(|c| c != n.case_id));
        self.save_meta_list(REMOVALS, &all)
    }

    /// Forgets this device's team hub: its set-up, its places, the changes the hub refused and
    /// the openings not yet sent. The casework stays; [`Store::purge_case`] removes a case.
    pub fn forget_hub(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for key in [SETTINGS, OPENED, REFUSED] {
            tx.exec_cached("DELETE FROM meta WHERE key = ?1", [key])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The reflections shared with their case now.
    pub fn shared_reflections(&self) -> Result<Vec<Id>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM reflections WHERE visibility = 'shared' ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter()
            .map(|id| Id::parse("reflection", id).map_err(Into::into))
            .collect()
    }

    /// This device's own ops of one record up to `through`, in seq order: what the hub was not
    /// sent of a reflection while it was private.
    pub fn own_ops_of(&self, record: Id, through: u64) -> Result<Vec<Op>> {
        let me = self.device_id()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM ops WHERE device_id = ?1 AND record_id = ?2 AND seq <= ?3
              ORDER BY seq"
        ))?;
        let mut rows = stmt.query(params![
            me.to_string(),
            record.to_string(),
            i64::try_from(through).unwrap_or(i64::MAX)
        ])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(op_from_row(r)?);
        }
        Ok(out)
    }

    /// Whether an op of this device goes to the hub: case records, and a reflection only while
    /// it is shared with its case (a private one never leaves the worker's devices).
    fn travels(&self, op: &Op) -> Result<bool> {
        if !may_reach_hub(op.record_kind) || casecraft_ops::hub::case_of(op).is_none() {
            return Ok(false);
        }
        if op.record_kind != RecordKind::Reflection {
            return Ok(true);
        }
        let visibility: Option<String> = self
            .conn
            .row_cached(
                "SELECT visibility FROM reflections WHERE id = ?1",
                [op.record_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(visibility.as_deref() == Some("shared"))
    }

    /// The ops the hub did not accept, oldest first.
    pub fn hub_refused(&self) -> Result<Vec<RefusedOp>> {
        meta_get(&self.conn, REFUSED)?
            .map(|t| {
                serde_json::from_str(&t).map_err(|_| {
                    Error::Corrupt("the list of changes the hub refused is damaged".into())
                })
            })
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Adds ops the hub refused to the list (each once).
    pub fn note_hub_refused(&mut self, refused: Vec<RefusedOp>) -> Result<()> {
        let mut all = self.hub_refused()?;
        for r in refused {
            if !all.iter().any(|a| a.op.op_id == r.op.op_id) {
                all.push(r);
            }
        }
        self.save_refused(&all)
    }

    /// Takes ops off the refused list (all when `which` is `None`); answers how many. Their
    /// changes stay in this device's log and on its screens; they are only no longer listed.
    pub fn discard_hub_refused(&mut self, which: Option<Id>) -> Result<usize> {
        let mut all = self.hub_refused()?;
        let before = all.len();
        match which {
            None => all.clear(),
            Some(id) => {
                all.retain(|r| r.op.op_id != id);
                if all.len() == before {
                    return Err(Error::NotFound {
                        what: "refused change",
                        id: id.to_string(),
                        hint: "`casecraft hub refused` lists them",
                    });
                }
            }
        }
        self.save_refused(&all)?;
        Ok(before - all.len())
    }

    fn save_refused(&mut self, all: &[RefusedOp]) -> Result<()> {
        self.save_meta_list(REFUSED, all)
    }

    /// Keeps a list of this device's hub bookkeeping in `meta` (the key removed when it is empty).
    fn save_meta_list<T: Serialize>(&mut self, key: &str, list: &[T]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if list.is_empty() {
            tx.exec_cached("DELETE FROM meta WHERE key = ?1", [key])?;
        } else {
            meta_set(&tx, key, &serde_json::to_string(list)?)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Colleagues by the author ids their devices write under (see [`Store::colleagues`]).
#[derive(Debug, Default)]
pub struct Colleagues {
    by_author: std::collections::HashMap<Id, Author>,
}

impl Colleagues {
    /// "Ben Okafor (practitioner)" for a colleague's author id; none for this worker's own
    /// or an author the team has not named.
    pub fn label(&self, author: Id) -> Option<String> {
        self.by_author.get(&author).map(|a| match a.role.trim() {
            "" => a.name.clone(),
            role => format!("{} ({role})", a.name),
        })
    }

    /// [`Colleagues::label`] of an author that may be unknown.
    pub fn label_of(&self, author: Option<Id>) -> Option<String> {
        author.and_then(|a| self.label(a))
    }
}

impl Store {
    /// What a transfer of `case` checks: its draft entries, and its open actions (by text, with
    /// their due day).
    pub fn transfer_checklist(&self, case: Id) -> Result<TransferChecklist> {
        self.case(case)?;
        let drafts: i64 = self.conn.row_cached(
            "SELECT count(*) FROM entries WHERE case_id = ?1 AND status = 'draft' AND deleted = 0",
            [case.to_string()],
            |r| r.get(0),
        )?;
        let open_actions = self
            .list_actions(Some(case), false, None, None)?
            .items
            .into_iter()
            .map(|a| match a.due_on {
                Some(d) => format!("{} (due {d})", a.text),
                None => a.text,
            })
            .collect();
        Ok(TransferChecklist {
            drafts: u64::try_from(drafts).unwrap_or(0),
            open_actions,
        })
    }

    /// Writes and completes the transfer summary entry of `case`: to whom, and the open actions
    /// that go with it.
    pub fn write_transfer_summary(&mut self, case: Id, to: &str, open: &[String]) -> Result<()> {
        let mut body = format!("Case transferred to {to}.\n\n");
        if open.is_empty() {
            body.push_str("No actions were open.");
        } else {
            body.push_str("Open actions handed on:\n\n");
            for a in open {
                body.push_str(&format!("- {a}\n"));
            }
        }
        let mut entry =
            crate::casework::entry::NewEntry::new(crate::casework::entry::EntryKind::CaseNote);
        entry.purpose = Some("Transfer summary".into());
        entry.body = body;
        let entry = self.create_entry(case, entry)?;
        self.complete_entry(entry.id)?;
        Ok(())
    }
}

impl Store {
    /// Removes a case this worker is no longer a member of from this device, in one
    /// transaction: its records and their text, merge state and search documents, form drafts
    /// about it, and other devices' ops of it; answers how many records went. Reflections written
    /// on this installation stay (the worker's own log). From now on an op of the case that
    /// arrives is kept in the log but never applied.
    pub fn purge_case(&mut self, case: Id) -> Result<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let own: Vec<String> = super::purged::own_devices(&tx)?
            .iter()
            .map(Id::to_string)
            .collect();
        let own = serde_json::to_string(&own)?;
        let cid = case.to_string();
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS purge_records (record_id TEXT PRIMARY KEY);
             DELETE FROM purge_records;",
        )?;
        tx.execute(
            "INSERT INTO purge_records (record_id)
             SELECT record_id FROM records
              WHERE (case_id = ?1 OR record_id = ?1)
                AND NOT (kind = 'reflection' AND create_device IN (SELECT value FROM json_each(?2)))",
            params![cid, own],
        )?;
        let records: i64 = tx.query_row("SELECT count(*) FROM purge_records", [], |r| r.get(0))?;
        for table in ["superseded", "pending_ops", "settled_ops"] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE op_id IN (SELECT op_id FROM ops
                      WHERE record_id IN (SELECT record_id FROM purge_records))"
                ),
                [],
            )?;
        }
        tx.execute(
            "DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_docs
              WHERE record_id IN (SELECT record_id FROM purge_records) OR case_id = ?1)",
            [&cid],
        )?;
        tx.execute(
            "DELETE FROM search_docs
              WHERE record_id IN (SELECT record_id FROM purge_records) OR case_id = ?1",
            [&cid],
        )?;
        for (table, column) in [
            ("records", "record_id"),
            ("field_heads", "record_id"),
            ("text_heads", "record_id"),
            ("text_docs", "record_id"),
            ("completions", "record_id"),
            ("held_ops", "record_id"),
            ("delete_conflicts", "record_id"),
            ("reflection_sections", "reflection_id"),
            ("form_drafts", "about"),
            ("cases", "id"),
            ("people", "id"),
            ("entries", "id"),
            ("addenda", "id"),
            ("reflections", "id"),
            ("cowork_notes", "id"),
            ("actions", "id"),
        ] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE {column} IN (SELECT record_id FROM purge_records)"
                ),
                [],
            )?;
        }
        tx.execute(
            "DELETE FROM ops WHERE record_id IN (SELECT record_id FROM purge_records)
                AND device_id NOT IN (SELECT value FROM json_each(?1))",
            [&own],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO purged_cases (case_id, purged_at) VALUES (?1, ?2)",
            params![cid, crate::validate::stored_moment(Utc::now())],
        )?;
        tx.execute("DELETE FROM purge_records", [])?;
        tx.commit()?;
        tracing::info!(
            records,
            "removed a case this worker is no longer a member of"
        );
        Ok(u64::try_from(records).unwrap_or(0))
    }
}

impl Store {
    /// Takes a case back after the worker was added to it again: it is no longer purged, and this
    /// installation's own ops of it are applied again (the hub sends the rest).
    pub fn unpurge_case(&mut self, case: Id) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let removed = tx.execute(
            "DELETE FROM purged_cases WHERE case_id = ?1",
            [case.to_string()],
        )?;
        if removed > 0 {
            let ops = {
                let mut stmt = tx.prepare(&format!(
                    "SELECT {OP_COLUMNS} FROM ops WHERE case_id = ?1 OR record_id = ?1"
                ))?;
                let mut rows = stmt.query([case.to_string()])?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(op_from_row(r)?);
                }
                out
            };
            let touched = super::sync::apply_in_causal_order(&tx, ops)?;
            super::search::reindex_all(&tx, touched)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The cases this device was removed from.
    pub fn purged_cases(&self) -> Result<Vec<Id>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT case_id FROM purged_cases ORDER BY purged_at")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| super::row::id(&r?)).collect()
    }
}

impl Store {
    /// Reads a case a person opens (a case's screen, `casecraft case show`), and — when this
    /// device syncs with a team hub — notes the opening for the hub's audit (sent with the next
    /// push; nothing of the case's content).
    pub fn open_case(&mut self, id: Id) -> Result<crate::casework::case::Case> {
        let case = self.case(id)?;
        if self.hub_settings()?.is_some() {
            let now = Utc::now();
            let mut opened = self.hub_opened()?;
            let recent = opened
                .iter()
                .any(|o| o.case_id == id && (now - o.at).num_seconds() < OPENED_EVERY_SECONDS);
            if !recent && opened.len() < casecraft_ops::hub::MAX_OPENED {
                opened.push(casecraft_ops::hub::CaseOpened {
                    case_id: id,
                    at: now,
                });
                self.save_meta_list(OPENED, &opened)?;
            }
        }
        Ok(case)
    }

    /// The case openings not yet sent to the hub.
    pub fn hub_opened(&self) -> Result<Vec<casecraft_ops::hub::CaseOpened>> {
        meta_get(&self.conn, OPENED)?
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|_| Error::Corrupt("the list of cases opened is damaged".into()))
            })
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Forgets openings the hub has recorded.
    pub fn forget_hub_opened(&mut self, sent: &[casecraft_ops::hub::CaseOpened]) -> Result<()> {
        let left: Vec<_> = self
            .hub_opened()?
            .into_iter()
            .filter(|o| !sent.contains(o))
            .collect();
        self.save_meta_list(OPENED, &left)
    }
}

/// Keeps the hub set-up (a device that keeps one has no rejoin pending).
fn write_hub_settings(conn: &rusqlite::Connection, s: &HubSettings) -> Result<()> {
    meta_set(conn, SETTINGS, &serde_json::to_string(s)?)?;
    conn.exec_cached("DELETE FROM meta WHERE key = ?1", [REJOIN])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;

    #[test]
    fn unsent_changes_are_counted_by_case_as_the_push_would_send_them() {
        use crate::casework::case::NewCase;
        use crate::casework::entry::{EntryKind, NewEntry};
        use crate::casework::reflection::{Model, NewReflection, Visibility};
        let (_dir, mut store) = crate::store::practitioner_store("Ana Silva");
        let mut case = |subject: &str| {
            store
                .create_case(NewCase {
                    subject: subject.into(),
                    ..NewCase::default()
                })
                .expect("case")
                .id
        };
        let (ivy, jo) = (case("Ivy Nowak"), case("Jo Ng"));
        let mut entry = NewEntry::new(EntryKind::HomeVisit);
        entry.body = "Saw Ivy.".into();
        let e = store.create_entry(ivy, entry).expect("entry").id;
        store.complete_entry(e).expect("completed");
        for visibility in [Visibility::Private, Visibility::Shared] {
            let mut r = NewReflection::new(Model::Free);
            r.case_id = Some(jo);
            r.visibility = visibility;
            r.sections = vec![("body".into(), "Thinking.".into())];
            store.create_reflection(r).expect("reflection");
        }
        // The rule the push follows, op by op.
        let by_push = |store: &Store, after| {
            let mut by_case = std::collections::BTreeMap::new();
            let mut from = after;
            loop {
                let (ops, through) = store.ops_for_hub(from, 7).expect("ops");
                for op in &ops {
                    let case = casecraft_ops::hub::case_of(op).expect("a case");
                    *by_case.entry(case).or_insert(0u64) += 1;
                }
                if through == from {
                    return by_case;
                }
                from = through;
            }
        };
        let counted = store.hub_unsent(0).expect("counted");
        assert_eq!(counted, by_push(&store, 0));
        assert!(counted[&ivy] >= 3, "{counted:?}");
        assert!(counted.contains_key(&jo));
        // From part-way through the log.
        for after in [2, 5, 9] {
            assert_eq!(
                store.hub_unsent(after).expect("counted"),
                by_push(&store, after)
            );
        }
    }

    fn notice(by: Option<&str>, by_me: bool, at: &str) -> RemovalNotice {
        RemovalNotice {
            case_id: Id::new(),
            subject: "Ivy Nowak".into(),
            by: by.map(str::to_string),
            by_me,
            at: at.parse().expect("a moment"),
        }
    }

    fn joined(cursor: u64) -> HubSettings {
        HubSettings {
            url: "https://hub.example.org:7443".into(),
            pin: None,
            credential: "device:secret".into(),
            hub_id: Id::new(),
            worker_id: Id::new(),
            worker_name: "Ana Silva".into(),
            team: "North locality".into(),
            cursor,
            pushed_through: 0,
            cases: Vec::new(),
            last_sync: None,
            shared_reflections: Vec::new(),
            team_role: None,
        }
    }

    #[test]
    fn a_page_from_the_hub_and_the_cursor_after_it_are_kept_together_or_not_at_all() {
        // A device of Ana's holding one case, and the case.
        let holding = |subject: &str| {
            let (dir, mut store) = crate::store::practitioner_store("Ana Silva");
            let case = store
                .create_case(crate::casework::case::NewCase {
                    subject: subject.into(),
                    ..Default::default()
                })
                .expect("case")
                .id;
            (dir, store, case)
        };
        let (_laptop_dir, laptop, ivy) = holding("Ivy Nowak");
        let (_other_dir, other, jo) = holding("Jo Ng");
        let (_desk_dir, mut desktop) = crate::store::practitioner_store("Ana Silva");
        let mut s = joined(5);
        desktop.save_hub_settings(&s).expect("joined");

        // A page that applies: its ops and the cursor after it.
        s.cursor = 9;
        let report = desktop
            .import_hub_page(laptop.ops(100, 0).expect("ops"), &s)
            .expect("page");
        assert!(report.applied > 0);
        assert_eq!(desktop.case(ivy).expect("arrived").subject, "Ivy Nowak");
        assert_eq!(
            desktop.hub_settings().expect("read").map(|h| h.cursor),
            Some(9)
        );

        // A page with an op the device cannot apply: nothing of it is kept, the good ops beside it
        // included, and the cursor stays before it, so the next round asks for it again.
        let mut page = other.ops(100, 0).expect("ops");
        let mut broken = page[0].clone();
        broken.op_id = Id::new();
        broken.seq += 100;
        broken.body = crate::op::OpBody::Set {
            field: "no_such_field".into(),
            value: serde_json::Value::from("x"),
            prev: Vec::new(),
            seen: Default::default(),
        };
        page.push(broken);
        s.cursor = 12;
        desktop
            .import_hub_page(page, &s)
            .expect_err("a field no record has is refused");
        assert!(desktop.case(jo).is_err(), "nothing of the page was kept");
        assert_eq!(
            desktop.hub_settings().expect("read").map(|h| h.cursor),
            Some(9)
        );

        // An empty page still moves the cursor (the hub skipped other teams' ops).
        s.cursor = 20;
        let report = desktop.import_hub_page(Vec::new(), &s).expect("empty page");
        assert_eq!(report.applied, 0);
        assert_eq!(
            desktop.hub_settings().expect("read").map(|h| h.cursor),
            Some(20)
        );
    }

    #[test]
    fn a_device_taking_a_new_identity_forgets_its_hub_credential_and_says_to_join_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open_dir(dir.path()).expect("store");
        let settings = HubSettings {
            pushed_through: 3,
            ..joined(7)
        };
        store.save_hub_settings(&settings).expect("saved");
        store.take_new_device_id().expect("a new identity");
        assert_eq!(store.hub_settings().expect("read"), None);
        assert_eq!(
            store.hub_rejoin().expect("read"),
            Some(Rejoin {
                url: settings.url.clone(),
                team: settings.team.clone()
            })
        );
        let said = crate::sync::hub::status(&store)
            .expect_err("not joined")
            .to_string();
        assert!(
            said.contains("new identity") && said.contains("North locality"),
            "{said}"
        );
        // Joining again clears it.
        store.save_hub_settings(&settings).expect("saved");
        assert_eq!(store.hub_rejoin().expect("read"), None);
    }

    #[test]
    fn a_removal_is_told_by_whom_and_on_the_worker_s_own_day() {
        let london = Zone::named("Europe/London").expect("zone");
        let auckland = Zone::named("Pacific/Auckland").expect("zone");
        let late = notice(Some("Morgan Ellis"), false, "2026-12-02T23:30:00Z");
        assert_eq!(
            late.describe(&london),
            "Morgan Ellis stopped sharing Ivy Nowak with you on 2 Dec; it has left this device"
        );
        // Already the next morning in Auckland.
        assert!(late.describe(&auckland).contains("on 3 Dec"));
        assert!(notice(None, true, "2026-12-02T10:00:00Z")
            .describe(&london)
            .starts_with("You transferred Ivy Nowak on 2 Dec"));
        assert!(notice(None, false, "2026-12-02T10:00:00Z")
            .describe(&london)
            .starts_with("Ivy Nowak is no longer shared with you (since 2 Dec)"));
    }
}
