//! The store's schema and its migrations. The `ops` table is the source of
//! truth; every other table is derived from it and can be rebuilt.

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first. Never edit a released one: add another (and a fixture made
/// by the release before it, under `tests/fixtures/`).
const STEPS: [&str; 6] = [V1, V2, V3, V4, V5, V6];

/// The schema version this build writes: the number of migrations (SQLite's `user_version`).
pub const SCHEMA_VERSION: u32 = STEPS.len() as u32;

/// The migrations, oldest first.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|step| M::up(step)).collect())
}

/// A fingerprint of the schema's text (FNV-1a), for caches of generated stores (the benchmark
/// dataset) that must be rebuilt when the schema changes, even within an unreleased migration.
pub fn fingerprint() -> u64 {
    STEPS
        .iter()
        .flat_map(|step| step.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// Derived tables, emptied and refilled by a rebuild (order matters for
/// nothing: there are no foreign keys between derived tables, since ops may
/// arrive in any order).
pub(crate) const DERIVED_TABLES: &[&str] = &[
    "records",
    "pending_ops",
    "delete_conflicts",
    "field_heads",
    "superseded",
    "text_docs",
    "text_heads",
    "workers",
    "cases",
    "people",
    "entries",
    "addenda",
    "reflections",
    "reflection_sections",
    "cowork_notes",
    "actions",
    "supervisions",
    "placements",
    "placement_days",
    "observations",
    "completions",
    "held_ops",
    "settled_ops",
    "search_docs",
    "search_fts",
];

/// The `meta` key set by a migration whose new derived tables are filled by replaying the log:
/// the store rebuilds them when it is next opened.
pub(crate) const REBUILD_NEEDED: &str = "rebuild_needed";

/// Supervision sessions (derived from ops like every record), and the private wellbeing section
/// of each, which is kept on this device only: it is not derived, never in an op, never synced,
/// and survives a rebuild.
const V2: &str = r#"
CREATE TABLE supervisions (
    id          TEXT PRIMARY KEY,
    occurred_on TEXT    NOT NULL DEFAULT '',
    supervisor  TEXT    NOT NULL DEFAULT '',
    functions   TEXT    NOT NULL DEFAULT '[]',
    notes       TEXT    NOT NULL DEFAULT '',
    decisions   TEXT    NOT NULL DEFAULT '[]',
    reflections TEXT    NOT NULL DEFAULT '[]',
    actions     TEXT    NOT NULL DEFAULT '[]',
    deleted     INTEGER NOT NULL DEFAULT 0,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX supervisions_day ON supervisions (deleted, occurred_on);

CREATE TABLE supervision_private (
    supervision_id TEXT PRIMARY KEY,
    wellbeing      TEXT NOT NULL
) STRICT;
"#;

/// A student's placements, their day log and the direct observations of their practice.
const V3: &str = r#"
CREATE TABLE placements (
    id            TEXT PRIMARY KEY,
    setting       TEXT    NOT NULL DEFAULT '',
    educator      TEXT    NOT NULL DEFAULT '',
    started_on    TEXT    NOT NULL DEFAULT '',
    required_days INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE placement_days (
    id           TEXT PRIMARY KEY,
    placement_id TEXT    NOT NULL DEFAULT '',
    day          TEXT    NOT NULL DEFAULT '',
    activities   TEXT    NOT NULL DEFAULT '',
    pcf          TEXT    NOT NULL DEFAULT '[]',
    deleted      INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX placement_days_day ON placement_days (placement_id, day);

CREATE TABLE observations (
    id           TEXT PRIMARY KEY,
    placement_id TEXT    NOT NULL DEFAULT '',
    observed_on  TEXT    NOT NULL DEFAULT '',
    observer     TEXT    NOT NULL DEFAULT '',
    activity     TEXT    NOT NULL DEFAULT '',
    feedback     TEXT    NOT NULL DEFAULT '',
    pcf          TEXT    NOT NULL DEFAULT '[]',
    deleted      INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;
"#;

/// Completed records never change, through sync too: the op that completed each record, the ops
/// its completion did not cover (kept in the log, never applied: edits made on another device
/// before it knew), and those a person has dealt with. Existing stores are rebuilt so records
/// completed before this rule are held to it too.
const V4: &str = r#"
CREATE TABLE completions (
    record_id TEXT PRIMARY KEY,
    op_id     TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    hlc       INTEGER NOT NULL,
    covers    TEXT    NOT NULL
) STRICT;

CREATE TABLE held_ops (
    op_id     TEXT PRIMARY KEY,
    record_id TEXT NOT NULL
) STRICT;
CREATE INDEX held_ops_record ON held_ops (record_id);

CREATE TABLE settled_ops (op_id TEXT PRIMARY KEY) STRICT;

-- A searched record's moment (a visit, a note), so a day range is the worker's own days; and a
-- case's documents found at once (they leave the index while the case is in the trash).
ALTER TABLE search_docs ADD COLUMN at TEXT;
CREATE INDEX search_docs_case ON search_docs (case_id);

-- Direct contact is a completed visit or meeting: the caseload's last contact read from the
-- index's end.
DROP INDEX entries_contact;
CREATE INDEX entries_contact ON entries (case_id, kind, occurred_at) WHERE deleted = 0 AND status = 'completed';

INSERT INTO meta (key, value) SELECT 'rebuild_needed', '4' WHERE EXISTS (SELECT 1 FROM ops);
"#;

/// Drafts of the longer forms (a reflection, a supervision session, a co-working note, a visit's
/// next steps): this device's own, like the wellbeing section, never in an op and kept through a
/// rebuild. `about` is the record a form belongs to, or '' for a form of its own. And two indexes
/// for the caseload's signals.
const V5: &str = r#"
CREATE TABLE form_drafts (
    form       TEXT NOT NULL,
    about      TEXT NOT NULL DEFAULT '',
    fields     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (form, about)
) STRICT;

-- The caseload's last reflection and last co-working note of each case, read from an index's end.
CREATE INDEX reflections_case_day ON reflections (case_id, occurred_on) WHERE deleted = 0;
CREATE INDEX cowork_case_time ON cowork_notes (case_id, created_at) WHERE deleted = 0;
"#;

/// Cases this device may no longer hold: the worker was removed from them on a team hub. Their
/// records are gone from every table; an op of one that arrives later (from a folder, a backup,
/// a rebuild) stays in the log unapplied. Not derived: kept through a rebuild.
const V6: &str = r#"
CREATE TABLE purged_cases (
    case_id   TEXT PRIMARY KEY,
    purged_at TEXT NOT NULL
) STRICT;
"#;

const V1: &str = r#"
-- Local settings: this device's id, the worker profile, the clock.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The change log, the source of truth. Append-only; seq contiguous per device.
CREATE TABLE ops (
    device_id   TEXT    NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    op_id       TEXT    NOT NULL UNIQUE,
    hlc         INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    record_kind TEXT    NOT NULL,
    record_id   TEXT    NOT NULL,
    case_id     TEXT,
    body        TEXT    NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT;
CREATE INDEX ops_record ON ops (record_id);
CREATE INDEX ops_clock ON ops (hlc, device_id, seq);

CREATE INDEX ops_case ON ops (case_id);

-- Records deleted on one device while edited on another: kept visible,
-- listed until a person restores or deletes them again.
CREATE TABLE delete_conflicts (
    record_id TEXT NOT NULL,
    delete_op TEXT NOT NULL,
    edit_op   TEXT NOT NULL,
    PRIMARY KEY (record_id, edit_op)
) STRICT;

-- Ops received before the record they change; applied when it arrives.
CREATE TABLE pending_ops (op_id TEXT PRIMARY KEY) STRICT;

-- Every record ever created, with the op that created it.
CREATE TABLE records (
    record_id     TEXT PRIMARY KEY,
    kind          TEXT    NOT NULL,
    case_id       TEXT,
    create_op     TEXT    NOT NULL,
    create_hlc    INTEGER NOT NULL,
    create_device TEXT    NOT NULL
) STRICT;

-- Multi-value registers: the current values of fields written after
-- creation. More than one row for a field is a conflict to resolve.
CREATE TABLE field_heads (
    record_id TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    op_id     TEXT    NOT NULL,
    hlc       INTEGER NOT NULL,
    device_id TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (record_id, field, op_id)
) STRICT;

-- Ops whose register values a later write has replaced.
CREATE TABLE superseded (op_id TEXT PRIMARY KEY) STRICT;

-- The text ops each body's text rests on; more than one means concurrent
-- edits were merged ("merged — review").
CREATE TABLE text_heads (
    record_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    PRIMARY KEY (record_id, field, op_id)
) STRICT;

-- CRDT state of every text body.
CREATE TABLE text_docs (
    record_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    state     BLOB NOT NULL,
    PRIMARY KEY (record_id, field)
) STRICT;

CREATE TABLE workers (
    id           TEXT PRIMARY KEY,
    display_name TEXT    NOT NULL DEFAULT '',
    role         TEXT    NOT NULL DEFAULT 'practitioner',
    deleted      INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;

CREATE TABLE cases (
    id                TEXT PRIMARY KEY,
    reference         TEXT,
    status            TEXT    NOT NULL DEFAULT 'open',
    opened_on         TEXT    NOT NULL DEFAULT '',
    closed_on         TEXT,
    closure_rationale TEXT,
    summary           TEXT    NOT NULL DEFAULT '',
    flags             TEXT    NOT NULL DEFAULT '[]',
    tags              TEXT    NOT NULL DEFAULT '[]',
    members           TEXT    NOT NULL DEFAULT '[]',
    deleted           INTEGER NOT NULL DEFAULT 0,
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
) STRICT;

CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    case_id       TEXT    NOT NULL DEFAULT '',
    name          TEXT    NOT NULL DEFAULT '',
    relationship  TEXT    NOT NULL DEFAULT '',
    household     TEXT,
    agency        TEXT,
    date_of_birth TEXT,
    notes         TEXT    NOT NULL DEFAULT '',
    is_subject    INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX people_case ON people (case_id);

CREATE TABLE entries (
    id               TEXT PRIMARY KEY,
    case_id          TEXT    NOT NULL DEFAULT '',
    kind             TEXT    NOT NULL DEFAULT 'case-note',
    status           TEXT    NOT NULL DEFAULT 'draft',
    occurred_at      TEXT    NOT NULL DEFAULT '',
    duration_minutes INTEGER,
    location         TEXT,
    participants     TEXT    NOT NULL DEFAULT '[]',
    purpose          TEXT,
    body             TEXT    NOT NULL DEFAULT '',
    voice            TEXT    NOT NULL DEFAULT '',
    analysis         TEXT    NOT NULL DEFAULT '',
    significant      INTEGER NOT NULL DEFAULT 0,
    completed_at     TEXT,
    deleted          INTEGER NOT NULL DEFAULT 0,
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
) STRICT;
CREATE INDEX entries_case_time ON entries (case_id, occurred_at DESC);
-- The caseload's quality signals: last direct contact and drafts per case.
CREATE INDEX entries_contact ON entries (case_id, kind, occurred_at) WHERE deleted = 0;
CREATE INDEX entries_drafts ON entries (case_id) WHERE status = 'draft' AND deleted = 0;

CREATE TABLE addenda (
    id         TEXT PRIMARY KEY,
    entry_id   TEXT    NOT NULL DEFAULT '',
    case_id    TEXT    NOT NULL DEFAULT '',
    text       TEXT    NOT NULL DEFAULT '',
    deleted    INTEGER NOT NULL DEFAULT 0,
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX addenda_entry ON addenda (entry_id);

CREATE TABLE reflections (
    id          TEXT PRIMARY KEY,
    model       TEXT    NOT NULL DEFAULT 'free',
    title       TEXT    NOT NULL DEFAULT '',
    occurred_on TEXT    NOT NULL DEFAULT '',
    case_id     TEXT,
    entry_id    TEXT,
    pcf         TEXT    NOT NULL DEFAULT '[]',
    tags        TEXT    NOT NULL DEFAULT '[]',
    visibility  TEXT    NOT NULL DEFAULT 'private',
    deleted     INTEGER NOT NULL DEFAULT 0,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX reflections_case ON reflections (case_id, occurred_on);

CREATE TABLE reflection_sections (
    reflection_id TEXT NOT NULL,
    key           TEXT NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (reflection_id, key)
) STRICT;

CREATE TABLE cowork_notes (
    id         TEXT PRIMARY KEY,
    case_id    TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL DEFAULT 'discussion',
    body       TEXT    NOT NULL DEFAULT '',
    reply_to   TEXT,
    deleted    INTEGER NOT NULL DEFAULT 0,
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX cowork_case ON cowork_notes (case_id, created_at);

CREATE TABLE actions (
    id         TEXT PRIMARY KEY,
    case_id    TEXT    NOT NULL DEFAULT '',
    text       TEXT    NOT NULL DEFAULT '',
    owner      TEXT,
    due_on     TEXT,
    done       INTEGER NOT NULL DEFAULT 0,
    done_at    TEXT,
    deleted    INTEGER NOT NULL DEFAULT 0,
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX actions_case ON actions (case_id, done, due_on);

-- Search: one document per searchable record, and its full-text index.
CREATE TABLE search_docs (
    rowid       INTEGER PRIMARY KEY,
    record_id   TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    case_id     TEXT,
    entry_kind  TEXT,
    day         TEXT NOT NULL,
    significant INTEGER NOT NULL DEFAULT 0,
    tags        TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;
