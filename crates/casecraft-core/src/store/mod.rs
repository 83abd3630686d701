//! The store: the SQLite database behind everything, the only place that
//! holds SQL. Writes go through [`Store::write`]: one transaction that
//! appends ops, applies them to the derived tables and updates the search
//! index.

mod apply;
mod cases;
mod closure;
mod completion;
mod cowork;
mod doctor;
mod drafts;
mod entries;
mod export;
pub mod hub;
mod ingest;
mod log;
mod people;
mod placement;
mod profile;
mod purged;
mod reflections;
mod row;
mod schema;
pub mod search;
mod seed;
mod supervision;
pub mod sync;
mod trash;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::crypto::DbKey;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::op::Op;
use crate::zone::Zone;

pub use doctor::{CheckReport, RebuildReport};
pub use schema::fingerprint as schema_fingerprint;
pub use schema::SCHEMA_VERSION;

/// How many of the newest matches search ranks by relevance before older ones follow, newest
/// first.
pub fn search_ranking_window() -> u32 {
    search::RANKING_WINDOW
}
pub use trash::TrashItem;
pub(crate) use writer::Writer;

/// Compiled statements kept per connection: every statement of the write and apply paths
/// (including one per record table for the generic ones) fits.
const STATEMENT_CACHE: usize = 256;

/// `execute` and `query_row` through the connection's statement cache. The write and apply
/// paths run the same statements for every op; compiling them each time was half the cost of
/// an import.
pub(crate) trait Cached {
    /// Runs a statement, compiled once per connection.
    fn exec_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
    /// Reads one row with a statement compiled once per connection.
    fn row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn exec_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

/// The file name of the database inside a data directory.
pub const DB_FILE: &str = "casecraft.db";

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long a write waits for another process (the app, the CLI) to
    /// finish its transaction before giving up with [`Error::Busy`].
    pub busy_timeout: Duration,
    /// The database key (SQLCipher). `None` opens an unencrypted database: the stores of
    /// tests and benchmarks, and a store from before encryption on its way to being migrated.
    pub key: Option<DbKey>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(10),
            key: None,
        }
    }
}

/// An open case store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: Option<DbKey>,
    /// The worker's time zone: days, signals and documents are in it.
    zone: Zone,
}

/// The first bytes of an unencrypted SQLite database; an encrypted one starts with random salt.
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the database file at `path` is an unencrypted SQLite database (a store from before
/// encryption at rest). A missing or empty file is not.
pub fn is_plaintext(path: &Path) -> Result<bool> {
    use std::io::Read as _;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(Error::storage(
                "opened",
                format!("the database file could not be read ({})", e.kind()),
            ))
        }
    };
    let mut head = [0u8; 16];
    match file.read_exact(&mut head) {
        Ok(()) => Ok(&head == PLAINTEXT_HEADER),
        Err(_) => Ok(false),
    }
}

/// Makes the database at `path`, its journal files and its data folder readable by their owner
/// only: a new database is created so (SQLite gives its journal files the database file's
/// permissions), and one written under a looser umask is tightened.
fn owner_only_database(path: &Path) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::storage(
            "opened",
            format!(
                "the database file's permissions could not be set ({})",
                e.kind()
            ),
        )
    };
    match crate::files::owner_only::create_new(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(failed(e)),
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::files::owner_only::tighten(folder).map_err(failed)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        crate::files::owner_only::tighten(Path::new(&file)).map_err(failed)?;
    }
    Ok(())
}

/// Copies the main database into the attached one named `schema`, in one read transaction so
/// the copy is consistent while other connections write. `sqlcipher_export` copies tables and
/// rows but not the schema version the migrations keep in `user_version`; that is copied too.
fn export_attached(conn: &Connection, schema: &str) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN;")?;
    let done = conn
        .query_row("SELECT sqlcipher_export(?1)", [schema], |_| Ok(()))
        .and_then(|()| conn.query_row("PRAGMA main.user_version", [], |r| r.get::<_, i64>(0)))
        .and_then(|version| {
            // `schema` is one of this module's own names, never input.
            conn.execute_batch(&format!("PRAGMA {schema}.user_version = {version};"))
        })
        .and_then(|()| conn.execute_batch("COMMIT;"));
    if done.is_err() {
        let _ = conn.execute_batch("ROLLBACK;");
    }
    done
}

/// Opens a bare connection on `path` with `key` given first, as SQLCipher requires, and checks
/// the key opens it (a wrong key only shows when the first page is read).
fn connect(path: &Path, flags: OpenFlags, key: Option<&DbKey>) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        tracing::error!(error = %e, "open failed");
        Error::storage(
            "opened",
            "the database file could not be opened; check the data folder exists and is writable",
        )
    })?;
    // SQLCipher reports a wrong key on stderr as well as in its result; the result is enough.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(key) = key {
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher_literal()))?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| {
            tracing::error!(error = %e, "first read failed");
            if key.is_some() {
                Error::Corrupt("the database does not open with this profile's key".into())
            } else {
                Error::Refused(
                    "this casework is encrypted; unlock it with its passphrase first".into(),
                )
            }
        })?;
    Ok(conn)
}

/// Refuses a database written by a newer Casecraft (a downgrade), before anything is written to
/// it: this build cannot know what the newer schema means, and migrating "back" would lose it.
fn refuse_newer_schema(conn: &Connection) -> Result<()> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::Refused(format!(
            "this casework was written by a newer version of Casecraft (database schema {found}; \
             this version reads up to schema {SCHEMA_VERSION}); install that version or a later \
             one to open it — nothing was changed"
        )));
    }
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the store in a data directory.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        crate::files::owner_only::folder(dir).map_err(|e| {
            Error::storage(
                "opened",
                format!("its data folder could not be created ({})", e.kind()),
            )
        })?;
        Store::open(&dir.join(DB_FILE), &OpenOptions::default())
    }

    /// Opens (creating if needed) the database file at `path`: WAL journal
    /// with `synchronous=FULL` so an acknowledged write survives a power
    /// cut, foreign keys on, a busy timeout so the app and the CLI can share
    /// it, and the schema migrated to the latest version.
    ///
    /// This is the one way a database is opened; encryption at rest extends
    /// it with a key.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        owner_only_database(path)?;
        let mut conn = connect(path, flags, options.key.as_ref())?;
        refuse_newer_schema(&conn)?;
        conn.busy_timeout(options.busy_timeout)?;
        // Applying an op runs a few dozen distinct statements; keep them all compiled.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::storage(
                "opened",
                "the data folder does not support the WAL journal; use a local folder",
            ));
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA cache_size = -65536;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;",
        )?;
        schema::migrations().to_latest(&mut conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key: options.key.clone(),
            zone: Zone::worker(),
        };
        store.ensure_device()?;
        if meta_get(&store.conn, schema::REBUILD_NEEDED)?.is_some() {
            // A migration added derived tables that only a replay of the log can fill. A replay
            // that fails leaves the tables as they were (one transaction) and the casework
            // openable; the next open tries again, and `doctor --check` names the problem.
            match store.rebuild() {
                Ok(_) => {
                    store
                        .conn
                        .execute("DELETE FROM meta WHERE key = ?1", [schema::REBUILD_NEEDED])?;
                    tracing::info!("derived tables rebuilt after a schema upgrade");
                }
                Err(e) => tracing::error!(error = %e, "the rebuild after a schema upgrade failed"),
            }
        }
        tracing::info!("store opened");
        Ok(store)
    }

    /// The time zone days are counted in (the worker's own, from the system).
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// Counts days in `zone` from now on (a worker who moved; tests).
    pub fn set_zone(&mut self, zone: Zone) {
        self.zone = zone;
    }

    /// Today, in the worker's zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.zone.today()
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key the database was opened with (`None`: not encrypted).
    pub fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// Copies the database at `src` (opened with `src_key`, `None` for an unencrypted one) into
    /// the new file `dest`, encrypted with `dest_key`: page by page through SQLCipher's
    /// `sqlcipher_export`, in one read transaction, so the copy is consistent while others write.
    /// Used to encrypt a store from before encryption, to take backups and to re-key a restore.
    pub fn export_encrypted(
        src: &Path,
        src_key: Option<&DbKey>,
        dest: &Path,
        dest_key: &DbKey,
    ) -> Result<()> {
        let failed = |e: rusqlite::Error| {
            tracing::error!(error = %e, "encrypted export failed");
            Error::storage(
                "copied",
                "an encrypted copy could not be written to its data folder; check the free space",
            )
        };
        // CREATE: an attached database takes the main one's flags, and the copy is a new file.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = connect(src, flags, src_key)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(failed)?;
        conn.execute(
            &format!(
                "ATTACH DATABASE ?1 AS encrypted KEY \"{}\"",
                dest_key.sqlcipher_literal()
            ),
            [dest.to_string_lossy()],
        )
        .map_err(failed)?;
        export_attached(&conn, "encrypted").map_err(failed)?;
        conn.execute_batch("DETACH DATABASE encrypted;")
            .map_err(failed)?;
        Ok(())
    }

    /// Makes sure no other connection (the app, another command) has the store in `dir` open,
    /// before its files are replaced or removed: an exclusive lock in WAL mode is refused while
    /// anyone else holds the database. The journal is checkpointed into the database file, then
    /// the lock is let go; the caller replaces the files straight after.
    pub fn claim_exclusive(dir: &Path, key: Option<&DbKey>) -> Result<()> {
        let path = dir.join(DB_FILE);
        if !path.exists() {
            return Ok(());
        }
        let refused = || {
            Error::Refused(
                "another Casecraft window or command has this casework open; close it and try again"
                    .into(),
            )
        };
        let conn = connect(&path, OpenFlags::SQLITE_OPEN_READ_WRITE, key)?;
        conn.busy_timeout(Duration::from_millis(300))?;
        conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
            .map_err(|e| {
                tracing::info!(error = %e, "exclusive access refused");
                refused()
            })?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        drop(conn);
        Ok(())
    }

    /// Writes a consistent, compact copy of the whole store to `path` (a new file), while other
    /// connections may go on writing. An encrypted store's copy is encrypted with `key` (a backup
    /// gives a fresh one, so no backup ever carries the store's own key), so even a snapshot on
    /// its way into a backup is never readable on disk; an unencrypted store's copy is plain.
    pub fn snapshot_into(&self, path: &Path, key: &DbKey) -> Result<()> {
        let failed = |e: rusqlite::Error| {
            tracing::error!(error = %e, "snapshot failed");
            Error::storage(
                "backed up",
                "a snapshot of the store could not be written to its data folder; check the free space",
            )
        };
        match &self.key {
            None => {
                self.conn
                    .execute("VACUUM INTO ?1", [path.to_string_lossy()])
                    .map_err(failed)?;
            }
            Some(_) => {
                self.conn
                    .execute(
                        &format!(
                            "ATTACH DATABASE ?1 AS snapshot KEY \"{}\"",
                            key.sqlcipher_literal()
                        ),
                        [path.to_string_lossy()],
                    )
                    .map_err(failed)?;
                let exported = export_attached(&self.conn, "snapshot").map_err(failed);
                self.conn
                    .execute_batch("DETACH DATABASE snapshot;")
                    .map_err(failed)?;
                exported?;
            }
        }
        Ok(())
    }

    /// Gives this installation a new device id for its next changes: after a restore, the old
    /// id's later numbers may already have been published by the device that was backed up.
    /// The old id is kept as retired: its ops held here but not yet in a sync folder are still
    /// this installation's to publish.
    pub fn take_new_device_id(&mut self) -> Result<Id> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let new = retire_device_id(&tx)?;
        tx.commit()?;
        tracing::info!("took a new device id");
        Ok(new)
    }

    /// Ids this installation wrote under before its current one (kept across a restore).
    pub fn retired_device_ids(&self) -> Result<Vec<Id>> {
        match meta_get(&self.conn, "retired_device_ids")? {
            None => Ok(Vec::new()),
            Some(text) => serde_json::from_str(&text)
                .map_err(|_| Error::Corrupt("the list of retired device ids is damaged".into())),
        }
    }

    /// This device's id, minted on first open.
    pub fn device_id(&self) -> Result<Id> {
        meta_id(&self.conn, "device_id")?
            .ok_or_else(|| Error::Corrupt("this device has no id".into()))
    }

    /// Runs `f` as one write: a single immediate transaction in which every
    /// change appends ops, applies them and re-indexes what they touched.
    /// Nothing is written if `f` fails.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let author = meta_id(&self.conn, "worker_id")?.ok_or(Error::NotInitialised)?;
        self.write_as(author, f)
    }

    fn write_as<T>(
        &mut self,
        author: Id,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut writer = Writer::begin(tx, author, self.zone.clone())?;
        let out = f(&mut writer)?;
        writer.commit()?;
        Ok(out)
    }

    /// The ops of the log, newest first.
    pub fn ops(&self, limit: u32, offset: u32) -> Result<Vec<Op>> {
        let sql = format!(
            "SELECT {} FROM ops ORDER BY rowid DESC LIMIT ?1 OFFSET ?2",
            log::OP_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([limit.min(10_000), offset])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(log::op_from_row(r)?);
        }
        Ok(out)
    }

    /// How many ops the log holds.
    pub fn op_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Mints the device id on first open, and gives a copy of the data folder an id of its own.
    ///
    /// A store remembers where it lives ([`Place`]). Opened on another machine, or from another
    /// folder at another path, it is a copy — a data folder copied to a new laptop, a disk image
    /// on another machine — and both the copy and the original would otherwise number their next
    /// changes under one id, which sync cannot tell apart. So the copy takes a new id before it
    /// writes anything (the old one is retired: its history is shared, and the original goes on
    /// with it). Only a write when something changed: an ordinary open takes no lock.
    fn ensure_device(&mut self) -> Result<()> {
        let here = Place::of(&self.path);
        let stored = |conn: &Connection| -> Result<Option<Place>> {
            Ok(meta_get(conn, "data_folder_place")?.and_then(|t| serde_json::from_str(&t).ok()))
        };
        let settled = |conn: &Connection| -> Result<bool> {
            Ok(meta_id(conn, "device_id")?.is_some()
                && (here.is_none() || stored(conn)?.as_ref() == here.as_ref()))
        };
        if settled(&self.conn)? {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if meta_id(&tx, "device_id")?.is_none() {
            meta_set(&tx, "device_id", &Id::new().to_string())?;
        } else if let (Some(here), Some(before)) = (&here, stored(&tx)?) {
            if here.is_copy_of(&before) {
                retire_device_id(&tx)?;
                tracing::info!("the data folder was copied here: took a new device id");
            }
        }
        if let Some(here) = &here {
            meta_set(&tx, "data_folder_place", &serde_json::to_string(here)?)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Where a store's data folder is: the machine, the folder's inode and its canonical path.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Place {
    /// The machine's id (`platform::machine`; empty when there is none).
    machine: String,
    /// The folder's identity: its inode (its path where there are no inodes).
    folder: String,
    /// The folder's canonical path.
    path: String,
}

impl Place {
    /// The place of the store whose database file is `db_path`; `None` when its folder cannot
    /// be read (the check is then skipped).
    fn of(db_path: &Path) -> Option<Place> {
        let folder = match db_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let path = std::fs::canonicalize(folder).ok()?.display().to_string();
        Some(Place {
            machine: crate::platform::machine::machine_id(),
            folder: crate::platform::machine::folder_identity(folder)?,
            path,
        })
    }

    /// Whether a store that lived at `before` and is opened here is a copy: another machine, or
    /// another folder at another path. The same folder moved (same inode) or remounted where its
    /// inode numbers are not stable (same path) is not; nor is the database file replaced inside
    /// it (an encryption, a restore).
    fn is_copy_of(&self, before: &Place) -> bool {
        let other_machine = !self.machine.is_empty()
            && !before.machine.is_empty()
            && self.machine != before.machine;
        let other_folder = self.folder != before.folder && self.path != before.path;
        other_machine || other_folder
    }
}

/// Retires the current device id (kept in the list of ids this installation wrote under, whose
/// ops it still publishes) and takes a new one, inside `tx`.
fn retire_device_id(tx: &Connection) -> Result<Id> {
    let old =
        meta_id(tx, "device_id")?.ok_or_else(|| Error::Corrupt("this device has no id".into()))?;
    let mut retired: Vec<Id> = match meta_get(tx, "retired_device_ids")? {
        None => Vec::new(),
        Some(text) => serde_json::from_str(&text)
            .map_err(|_| Error::Corrupt("the list of retired device ids is damaged".into()))?,
    };
    if !retired.contains(&old) {
        retired.push(old);
    }
    let new = Id::new();
    meta_set(tx, "retired_device_ids", &serde_json::to_string(&retired)?)?;
    meta_set(tx, "device_id", &new.to_string())?;
    // The team hub's credential was the old id's: the device joins again.
    hub::forget_credential(tx)?;
    Ok(new)
}

fn meta_id(conn: &Connection, key: &str) -> Result<Option<Id>> {
    let v: Option<String> = conn
        .row_cached("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    v.map(|s| {
        Id::parse(key, &s).map_err(|_| Error::Corrupt(format!("the stored {key} is not an id")))
    })
    .transpose()
}

fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .row_cached("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.exec_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// A caller's page size as SQL's `LIMIT`: every row when absent (`-1`), never silently fewer
/// than asked.
fn sql_limit(limit: Option<u32>) -> i64 {
    limit.map_or(-1, i64::from)
}

/// A store in a new temporary folder with a practitioner's profile named `name`, for unit tests.
#[cfg(test)]
pub(crate) fn practitioner_store(name: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open_dir(dir.path()).expect("store");
    store
        .init_profile(crate::casework::profile::NewProfile {
            display_name: name.into(),
            role: crate::casework::profile::Role::Practitioner,
        })
        .expect("profile");
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::Place;

    fn place(machine: &str, folder: &str, path: &str) -> Place {
        Place {
            machine: machine.into(),
            folder: folder.into(),
            path: path.into(),
        }
    }

    #[test]
    fn only_another_machine_or_another_folder_elsewhere_is_a_copy() {
        let home = place("m1", "42", "/home/sam/.local/share/casecraft");
        let cases = [
            (place("m1", "42", "/home/sam/.local/share/casecraft"), false),
            // Copied to a new laptop, even to the same path.
            (place("m2", "42", "/home/sam/.local/share/casecraft"), true),
            // Copied to another folder on this machine.
            (place("m1", "77", "/home/sam/copy"), true),
            // Moved (renamed) on the same filesystem: the same folder.
            (place("m1", "42", "/home/sam/casework"), false),
            // The same path remounted where inode numbers are not stable (a USB stick, sshfs).
            (place("m1", "91", "/home/sam/.local/share/casecraft"), false),
            // No machine id to compare: the folder decides.
            (place("", "42", "/home/sam/.local/share/casecraft"), false),
            (place("", "77", "/elsewhere"), true),
        ];
        for (here, copy) in cases {
            assert_eq!(here.is_copy_of(&home), copy, "{here:?}");
        }
    }
}
