//! The search index: one document per searchable record, kept in step by the
//! write path, and the query that reads it.

pub mod query;

use rusqlite::{params, Connection, OptionalExtension};

use super::{row, Cached, Store};
use crate::casework::entry::EntryKind;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::page::Page;
use crate::record::RecordKind;
use crate::validate;
use query::{parse_query, snippet, KindFilter, SearchHit, SearchQuery};

impl Store {
    /// Searches every text the worker holds, a page at a time, with how many records match in
    /// all. Every match can be reached: the most recently written [`RANKING_WINDOW`] matches
    /// come first, best first; older matches follow, newest first.
    pub fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>> {
        let query = parse_query(&q.text)?;
        let tag = q
            .tag
            .as_deref()
            .map(|t| validate::label("tag", t))
            .transpose()?;
        if let (Some(from), Some(to)) = (q.from, q.to) {
            if from > to {
                return Err(Error::invalid(
                    "from",
                    "the start of the date range is after its end",
                ));
            }
        }
        let (kind, entry_kind) = match q.kind {
            None => (None, None),
            Some(KindFilter::Record(k)) => (Some(k.as_str()), None),
            Some(KindFilter::Entry(k)) => (None, Some(k.as_str())),
        };
        // Ranking every match of a common word costs more than the budget allows, so relevance
        // is computed over the most recently written matches (a window far larger than a
        // page); the older matches follow it newest first, so every match can be reached.
        let matching = |select: &str, tail: &str| {
            format!(
                "SELECT {select}
                 FROM search_fts f
                 JOIN search_docs d ON d.rowid = f.rowid
                 WHERE search_fts MATCH ?1
                   AND (?2 IS NULL OR d.case_id = ?2)
                   AND (?3 IS NULL OR d.kind = ?3)
                   AND (?4 IS NULL OR d.entry_kind = ?4)
                   AND (?5 IS NULL OR (d.at IS NULL AND d.day >= ?5) OR d.at >= ?9)
                   AND (?6 IS NULL OR (d.at IS NULL AND d.day <= ?6) OR d.at < ?10)
                   AND (?7 = 0 OR d.significant = 1)
                   AND (?8 IS NULL OR EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value = ?8)
                                   OR EXISTS (SELECT 1 FROM cases c, json_each(c.tags)
                                              WHERE c.id = d.case_id AND value = ?8))
                 {tail}"
            )
        };
        let case_id = q.case_id.map(|c| c.to_string());
        let from = q.from.map(|d| d.to_string());
        let to = q.to.map(|d| d.to_string());
        // A record with a moment (a visit, a note) is in range by the worker's own days.
        let zone = self.zone();
        let from_moment = q.from.map(|d| validate::stored_moment(zone.start_of(d)));
        let to_moment =
            q.to.map(|d| validate::stored_moment(zone.start_of(d + chrono::Duration::days(1))));
        let filters = params![
            query.expression,
            case_id,
            kind,
            entry_kind,
            from,
            to,
            q.significant,
            tag,
            from_moment,
            to_moment
        ];
        let offset = usize::try_from(q.offset.unwrap_or(0)).unwrap_or(usize::MAX);
        let limit = q
            .limit
            .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
        let mut candidates: Vec<(i64, f64)> = self
            .conn
            .prepare_cached(&matching(
                "f.rowid, bm25(search_fts)",
                &format!("ORDER BY f.rowid DESC LIMIT {RANKING_WINDOW}"),
            ))?
            .query_map(filters, |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(query_error)?;
        candidates.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let window = candidates.len();
        // With no filter every indexed match counts (records of cases in the trash have no
        // document), and the index alone counts them: a few milliseconds for the commonest word.
        let filtered = q.case_id.is_some()
            || q.kind.is_some()
            || q.from.is_some()
            || q.to.is_some()
            || q.significant
            || tag.is_some();
        let total: i64 = if u32::try_from(window).unwrap_or(u32::MAX) < RANKING_WINDOW {
            // The window holds every match.
            Ok::<i64, rusqlite::Error>(i64::try_from(window).unwrap_or(i64::MAX))
        } else if filtered {
            self.conn
                .prepare_cached(&matching("count(*)", ""))?
                .query_row(filters, |r| r.get(0))
        } else {
            self.conn
                .prepare_cached("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1")?
                .query_row([&query.expression], |r| r.get(0))
        }
        .map_err(query_error)?;
        if offset.saturating_add(limit) > window
            && i64::try_from(window).unwrap_or(i64::MAX) < total
        {
            // The page reaches past the ranked window: the older matches, newest first.
            let older = offset.saturating_sub(window);
            let wanted = offset
                .saturating_add(limit)
                .saturating_sub(window.max(offset));
            let rest: Vec<(i64, f64)> = self
                .conn
                .prepare_cached(&matching(
                    "f.rowid, 0.0",
                    "ORDER BY f.rowid DESC LIMIT -1 OFFSET ?11",
                ))?
                .query_map(
                    params![
                        query.expression,
                        case_id,
                        kind,
                        entry_kind,
                        from,
                        to,
                        q.significant,
                        tag,
                        from_moment,
                        to_moment,
                        i64::try_from(window + older).unwrap_or(i64::MAX)
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .and_then(|rows| rows.take(wanted).collect::<rusqlite::Result<Vec<_>>>())
                .map_err(query_error)?;
            candidates.extend(rest);
        }
        let mut doc = self.conn.prepare_cached(
            "SELECT d.kind, d.record_id, d.case_id, d.entry_kind, coalesce(d.at, d.day), d.significant, f.title, f.body
             FROM search_docs d JOIN search_fts f ON f.rowid = d.rowid WHERE d.rowid = ?1",
        )?;
        // Every hit names its case, so identical texts in different cases can be told apart.
        let mut case_label = self.conn.prepare_cached(concat!(
            "SELECT ",
            super::cases::case_subject_sql!(),
            ", c.reference FROM cases c WHERE c.id = ?1"
        ))?;
        let mut hits = Vec::new();
        let skip = offset.min(window);
        for (rowid, _) in candidates.into_iter().skip(skip).take(limit) {
            let (kind, id, case_id, entry_kind, day, significant, title, body) =
                doc.query_row([rowid], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, bool>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                })?;
            let case_name = match &case_id {
                Some(c) => case_label
                    .query_row([c], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
                    })
                    .optional()?
                    .map(|(subject, reference)| match reference {
                        Some(r) if !r.trim().is_empty() => format!("{subject} ({r})"),
                        _ => subject,
                    }),
                None => None,
            };
            hits.push(SearchHit {
                case_label: case_name,
                kind: row::vocab(&kind)?,
                record_id: row::id(&id)?,
                case_id: row::opt_id(case_id)?,
                entry_kind: entry_kind.map(|k| row::vocab(&k)).transpose()?,
                // A moment is shown as the worker's own day; a day as it is.
                day: if day.len() > 10 {
                    zone.day(row::moment(&day)?).to_string()
                } else {
                    day
                },
                significant,
                snippet: snippet(&title, &body, &query.words),
                title,
            });
        }
        Ok(Page {
            items: hits,
            total: u64::try_from(total).unwrap_or(0),
            offset: u64::try_from(offset).unwrap_or(u64::MAX),
        })
    }
}

/// How many of the newest matches are ranked by relevance.
pub(crate) const RANKING_WINDOW: u32 = 1000;

/// A query the index still refuses is the person's to rephrase, not a
/// storage failure (the expression builder should make this unreachable).
fn query_error(e: rusqlite::Error) -> Error {
    if e.to_string().contains("fts5") {
        tracing::warn!("search expression refused by the index");
        return Error::invalid("query", "could not be understood; search with plain words");
    }
    Error::from(e)
}

/// Brings the search documents of `ids` in line with their rows: every other record first,
/// then cases (a case moved to the trash takes its records' documents with it, and brings back
/// those of its records that lack one when it is restored).
pub(crate) fn reindex_all(conn: &Connection, ids: impl IntoIterator<Item = Id>) -> Result<()> {
    let mut cases = Vec::new();
    for id in ids {
        let is_case = conn
            .row_cached(
                "SELECT kind = 'case' FROM records WHERE record_id = ?1",
                [id.to_string()],
                |r| r.get::<_, bool>(0),
            )
            .optional()?
            .unwrap_or(false);
        if is_case {
            cases.push(id);
        } else {
            reindex(conn, id)?;
        }
    }
    for case in cases {
        reindex(conn, case)?;
    }
    Ok(())
}

/// Brings a record's search document in line with its row. The records of a case in the trash
/// have none (search never shows them), so a case leaving or coming back from the trash takes
/// its records' documents with it.
pub(crate) fn reindex(conn: &Connection, id: Id) -> Result<()> {
    let rid = id.to_string();
    let had: Option<i64> = conn
        .row_cached(
            "SELECT rowid FROM search_docs WHERE record_id = ?1",
            [&rid],
            |r| r.get(0),
        )
        .optional()?;
    let has_document = index_one(conn, id, &rid, had)?;
    match (had.is_some(), has_document) {
        // A live case that was not indexed: its records without a document get one (a restore;
        // a new case's records are indexed before it, so there are none). A record's row comes
        // from its creating op, which names the same case, so the case's ops (indexed by case)
        // name every record of the case.
        (false, Some(RecordKind::Case)) => {
            let missing: Vec<String> = {
                let mut stmt = conn.prepare_cached(
                    "SELECT r.record_id FROM records r
                      WHERE r.record_id IN (SELECT o.record_id FROM ops o WHERE o.case_id = ?1)
                        AND r.case_id = ?1 AND r.record_id <> ?1
                        AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.record_id = r.record_id)",
                )?;
                let rows = stmt.query_map([&rid], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for record in missing {
                index_one(conn, row::id(&record)?, &record, None)?;
            }
        }
        // A case gone to the trash (cases are the only kind whose document can vanish with
        // records depending on it): its records' documents go too.
        (true, None) if is_case(conn, id)? => {
            conn.exec_cached(
                "DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_docs WHERE case_id = ?1)",
                [&rid],
            )?;
            conn.exec_cached("DELETE FROM search_docs WHERE case_id = ?1", [&rid])?;
        }
        _ => {}
    }
    Ok(())
}

fn is_case(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .row_cached(
            "SELECT kind = 'case' FROM records WHERE record_id = ?1",
            [id.to_string()],
            |r| r.get::<_, bool>(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// Writes one record's document (none for a record not searched, in the trash, or in a case in
/// the trash), replacing the one at `had` (its row in `search_docs`, if it had one). Gives the
/// kind of the document written, if one was.
fn index_one(conn: &Connection, id: Id, rid: &str, had: Option<i64>) -> Result<Option<RecordKind>> {
    if let Some(rowid) = had {
        conn.exec_cached("DELETE FROM search_fts WHERE rowid = ?1", [rowid])?;
        conn.exec_cached("DELETE FROM search_docs WHERE rowid = ?1", [rowid])?;
    }
    let Some(doc) = document(conn, id)? else {
        return Ok(None);
    };
    conn.exec_cached(
        "INSERT INTO search_docs (record_id, kind, case_id, entry_kind, day, significant, tags, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            rid,
            doc.kind.as_str(),
            doc.case_id,
            doc.entry_kind,
            doc.day.get(..10).unwrap_or(&doc.day),
            doc.significant,
            doc.tags,
            // A moment (a visit, a note) is kept whole: its day is the worker's, found at search.
            (doc.day.len() > 10).then_some(doc.day.as_str())
        ],
    )?;
    conn.exec_cached(
        "INSERT INTO search_fts (rowid, title, body) VALUES (last_insert_rowid(), ?1, ?2)",
        params![doc.title, doc.body],
    )?;
    Ok(Some(doc.kind))
}

/// A document row as the per-kind queries give it: case, entry kind, day,
/// significant, tags, title, body.
type DocRow = (
    Option<String>,
    Option<String>,
    String,
    bool,
    String,
    String,
    String,
);

struct Document {
    kind: RecordKind,
    case_id: Option<String>,
    entry_kind: Option<String>,
    day: String,
    significant: bool,
    tags: String,
    title: String,
    body: String,
}

/// What a record contributes to the index; `None` for records not searched
/// (workers) or in the trash.
fn document(conn: &Connection, id: Id) -> Result<Option<Document>> {
    let kind: Option<String> = conn
        .row_cached(
            "SELECT kind FROM records WHERE record_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(kind) = kind else { return Ok(None) };
    let kind: RecordKind = row::vocab(&kind)?;
    let rid = id.to_string();
    let doc = |sql: &str| -> Result<Option<DocRow>> {
        Ok(conn
            .row_cached(sql, [&rid], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .optional()?)
    };
    // Each query gives: case, entry kind, day, significant, tags, title, body.
    let found = match kind {
        RecordKind::Worker => None,
        RecordKind::Case => doc(
            "SELECT id, NULL, opened_on, 0, tags, coalesce(reference, 'Case'),
                    summary || ' ' || replace(replace(replace(flags, '[', ''), ']', ''), '\"', '')
             FROM cases WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::Person => doc(
            "SELECT case_id, NULL, created_at, 0, '[]', name,
                    relationship || ' ' || coalesce(household, '') || ' ' || coalesce(agency, '') || ' ' || notes
             FROM people WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::Entry => doc(
            "SELECT case_id, kind, occurred_at, significant, '[]', coalesce(purpose, ''),
                    body || ' ' || voice || ' ' || analysis || ' ' || coalesce(location, '') || ' '
                    || replace(replace(replace(participants, '[', ''), ']', ''), '\"', '')
             FROM entries WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::Addendum => doc(
            "SELECT a.case_id, e.kind, a.created_at, 0, '[]', 'Addendum', a.text
             FROM addenda a LEFT JOIN entries e ON e.id = a.entry_id
             WHERE a.id = ?1 AND a.deleted = 0",
        )?,
        RecordKind::Reflection => doc(
            "SELECT case_id, NULL, occurred_on, 0, tags, title,
                    coalesce((SELECT group_concat(text, ' ') FROM reflection_sections WHERE reflection_id = r.id), '')
             FROM reflections r WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::CoworkNote => doc(
            "SELECT case_id, NULL, created_at, 0, '[]', kind, body
             FROM cowork_notes WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::Action => doc(
            "SELECT case_id, NULL, coalesce(due_on, created_at), 0, '[]', text, coalesce(owner, '')
             FROM actions WHERE id = ?1 AND deleted = 0",
        )?,
        // The wellbeing section is never indexed: the index may be rebuilt from ops anywhere.
        RecordKind::Supervision => doc(
            "SELECT NULL, NULL, occurred_on, 0, '[]', 'Supervision with ' || supervisor,
                    notes || ' ' || coalesce((SELECT group_concat(json_extract(d.value, '$.decision'), ' ')
                                              FROM json_each(s.decisions) d), '')
             FROM supervisions s WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::Placement => doc(
            "SELECT NULL, NULL, started_on, 0, '[]', 'Placement: ' || setting, educator
             FROM placements WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::PlacementDay => doc(
            "SELECT NULL, NULL, day, 0, pcf, 'Placement day ' || day, activities
             FROM placement_days WHERE id = ?1 AND deleted = 0",
        )?,
        RecordKind::Observation => doc(
            "SELECT NULL, NULL, observed_on, 0, pcf, 'Observation: ' || activity, observer || ' ' || feedback
             FROM observations WHERE id = ?1 AND deleted = 0",
        )?,
    };
    // The records of a case in the trash are not searched.
    if let Some((Some(case), ..)) = &found {
        if kind != RecordKind::Case {
            let case_live: Option<bool> = conn
                .row_cached("SELECT deleted = 0 FROM cases WHERE id = ?1", [case], |r| {
                    r.get(0)
                })
                .optional()?;
            if case_live == Some(false) {
                return Ok(None);
            }
        }
    }
    Ok(found.map(
        |(case_id, entry_kind, day, significant, tags, title, body)| {
            let title = match (
                kind,
                entry_kind
                    .as_deref()
                    .and_then(|k| EntryKind::parse("kind", k).ok()),
            ) {
                (RecordKind::Entry, Some(k)) if title.is_empty() => k.label().to_string(),
                (RecordKind::Entry, Some(k)) => format!("{} — {title}", k.label()),
                _ => title,
            };
            Document {
                kind,
                case_id,
                entry_kind,
                day,
                significant,
                tags,
                title,
                body,
            }
        },
    ))
}
