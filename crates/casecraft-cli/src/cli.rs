//! The command line: every job without a window.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Casecraft: an offline-first casework notebook.
#[derive(Debug, Parser)]
#[command(name = "casecraft", version, about, long_about = None)]
pub struct Cli {
    /// Data folder (default: the platform's data directory).
    #[arg(long, global = true, env = "CASECRAFT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print records as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Read your passphrase (the one that unlocks your casework) from this file's first line;
    /// otherwise `CASECRAFT_PASSPHRASE`, otherwise you are asked. Never on the command line.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the worker profile in the data folder, protected by a passphrase you choose (and
    /// a recovery code shown once).
    Init {
        /// Your name, as co-workers will see it.
        #[arg(long)]
        name: String,
        /// practitioner, student or supervisor.
        #[arg(long, default_value = "practitioner")]
        role: String,
    },
    /// Show or change the worker profile.
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// The passphrase that encrypts your casework: set it on casework from before encryption,
    /// change it, or reset a forgotten one with the recovery code.
    #[command(subcommand)]
    Passphrase(PassphraseCmd),
    /// Cases: open, list, show, edit, close, reopen, delete, restore.
    #[command(subcommand)]
    Case(CaseCmd),
    /// People in a case's network.
    #[command(subcommand)]
    Person(PersonCmd),
    /// The chronology: record visits and contacts.
    #[command(subcommand)]
    Entry(EntryCmd),
    /// The reflective log.
    #[command(subcommand)]
    Reflect(ReflectCmd),
    /// Co-working notes on a case.
    #[command(subcommand)]
    Cowork(CoworkCmd),
    /// Next steps on cases.
    #[command(subcommand)]
    Action(ActionCmd),
    /// A student's placement: the placement itself, the day log and direct observations.
    #[command(subcommand)]
    Placement(PlacementCmd),
    /// Supervision sessions: record one (decisions go into the cases' chronologies, agreed
    /// actions onto the cases), list, show, and the agenda proposed for the next.
    #[command(subcommand)]
    Supervision(SupervisionCmd),
    /// Search everything.
    Search(SearchArgs),
    /// Export a case.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Sync with your other devices through a shared folder.
    #[command(subcommand)]
    Sync(SyncCmd),
    /// Values written concurrently on two devices, waiting for you.
    #[command(subcommand)]
    Conflicts(ConflictsCmd),
    /// Records in the trash.
    Trash {
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// Bring a record back from the trash (give its id), or restore a backup file (give its
    /// path): the backup is verified whole before anything is replaced.
    Restore {
        /// A record's id, or a backup file.
        target: String,
        #[command(flatten)]
        passphrase: BackupPassphraseArgs,
    },
    /// Remove this profile's data from this machine (a shared desk): refused while changes made
    /// here are not synced, unless told to discard them.
    SignOut {
        /// Sign out even though changes made here are not synced (they are lost).
        #[arg(long)]
        discard_unsynced: bool,
    },
    /// Make an encrypted backup of everything in one file (safe while the app runs).
    Backup {
        /// The new backup file (an existing file is never overwritten).
        file: PathBuf,
        #[command(flatten)]
        passphrase: BackupPassphraseArgs,
    },
    /// Check the store, or rebuild its tables from the ops log.
    Doctor {
        /// Check only (the default).
        #[arg(long)]
        check: bool,
        /// Rebuild every derived table and the search index from the ops log.
        #[arg(long)]
        rebuild: bool,
    },
    /// The ops log, newest first.
    Log {
        /// How many ops to show.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Fill the store with synthetic casework (invented people only).
    Seed {
        /// Cases to generate.
        #[arg(long)]
        cases: u32,
        /// Entries, spread over the cases.
        #[arg(long, default_value_t = 0)]
        entries: u32,
        /// Reflections (default: a fifth of the entries).
        #[arg(long)]
        reflections: Option<u32>,
        /// Co-working notes (default: a fifth of the entries).
        #[arg(long)]
        cowork: Option<u32>,
        /// Random seed: the same seed gives the same content.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Open a new case; prints its id.
    New {
        /// The person the case is about.
        #[arg(long)]
        subject: String,
        /// Your organisation's reference.
        #[arg(long)]
        reference: Option<String>,
        /// Summary (Markdown).
        #[arg(long)]
        summary: Option<String>,
        /// A flag such as safeguarding (repeatable).
        #[arg(long = "flag")]
        flags: Vec<String>,
        /// A tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Opening day, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        opened: Option<String>,
    },
    /// The caseload with quality signals.
    List {
        /// open, closed or all.
        #[arg(long, default_value = "open")]
        status: String,
        /// Only cases with this flag.
        #[arg(long)]
        flag: Option<String>,
        /// Only cases with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// attention, name or opened.
        #[arg(long, default_value = "attention")]
        sort: String,
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// One case in full.
    Show { id: String },
    /// Change a case.
    Edit {
        id: String,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        reference: Option<String>,
        /// Replace the flags (repeatable; give --flag "" to clear).
        #[arg(long = "flag")]
        flags: Option<Vec<String>>,
        /// Replace the tags (repeatable).
        #[arg(long = "tag")]
        tags: Option<Vec<String>>,
        /// Correct the opening day (day first, e.g. 14/03/2026).
        #[arg(long)]
        opened: Option<String>,
    },
    /// Close a case; a rationale is required.
    Close {
        id: String,
        #[arg(long)]
        rationale: String,
    },
    /// Reopen a closed case.
    Reopen {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Move a case to the trash.
    Delete { id: String },
    /// Bring a case back from the trash.
    Restore { id: String },
}

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Add someone to a case's network.
    Add {
        case: String,
        #[arg(long)]
        name: String,
        /// Relationship to the subject (mother, teacher, GP…).
        #[arg(long)]
        relationship: String,
        #[arg(long)]
        household: Option<String>,
        #[arg(long)]
        agency: Option<String>,
        /// Date of birth, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        born: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// This person is (also) who the case is about.
        #[arg(long)]
        subject: bool,
    },
    /// The people in a case's network.
    List { case: String },
}

#[derive(Debug, Args)]
pub struct EntryFields {
    /// When it happened (RFC 3339, e.g. 2026-03-14T10:30:00+00:00; default now).
    #[arg(long)]
    pub at: Option<String>,
    /// Minutes spent.
    #[arg(long)]
    pub duration: Option<u32>,
    /// Where.
    #[arg(long = "where")]
    pub location: Option<String>,
    /// Who was there (repeatable).
    #[arg(long = "with")]
    pub participants: Option<Vec<String>>,
    /// Why it happened.
    #[arg(long)]
    pub purpose: Option<String>,
    /// What happened (Markdown).
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read what happened from a file.
    #[arg(long)]
    pub body_file: Option<PathBuf>,
    /// The person's own words.
    #[arg(long)]
    pub voice: Option<String>,
    /// Your analysis.
    #[arg(long)]
    pub analysis: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EntryCmd {
    /// Record a visit or contact as a draft (body from --body, --body-file or stdin).
    Add {
        case: String,
        /// home-visit, office-visit, phone-call, meeting, message, case-note, significant-event.
        #[arg(long)]
        kind: String,
        #[command(flatten)]
        fields: EntryFields,
        /// Mark as a significant event.
        #[arg(long)]
        significant: bool,
        /// Complete it straight away.
        #[arg(long)]
        complete: bool,
    },
    /// Change a draft.
    Edit {
        id: String,
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        fields: EntryFields,
        #[arg(long)]
        significant: Option<bool>,
    },
    /// Move a draft to the trash.
    Delete { id: String },
    /// Complete a draft; it can then only be corrected by addenda.
    Complete { id: String },
    /// Add a correction to a completed entry.
    Addendum {
        id: String,
        #[arg(long)]
        text: String,
    },
    /// A case's chronology, newest first.
    List {
        case: String,
        /// Significant events only.
        #[arg(long)]
        significant: bool,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        offset: Option<u32>,
    },
    /// One entry in full.
    Show { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ReflectCmd {
    /// Write a reflection through a model.
    New {
        /// gibbs, kolb, driscoll, schon, johns or free.
        #[arg(long)]
        model: String,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        entry: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// Day it is about, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        /// A section's text, KEY=TEXT (repeatable).
        #[arg(long = "section")]
        sections: Vec<String>,
        /// A PCF domain it evidences (repeatable).
        #[arg(long)]
        pcf: Vec<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Share with the case's co-workers (private by default).
        #[arg(long)]
        shared: bool,
    },
    /// Change a reflection.
    Edit {
        id: String,
        #[arg(long = "section")]
        sections: Vec<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        pcf: Option<Vec<String>>,
        /// private or shared.
        #[arg(long)]
        visibility: Option<String>,
    },
    /// The reflective log.
    List {
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        pcf: Option<String>,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// One reflection in full, with its prompts.
    Show { id: String },
    /// Move a reflection to the trash.
    Delete { id: String },
}

#[derive(Debug, Subcommand)]
pub enum CoworkCmd {
    /// Write a co-working note.
    Add {
        case: String,
        /// joint-visit-plan, handover, discussion or differing-view.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        body: String,
        /// The note this replies to.
        #[arg(long)]
        reply_to: Option<String>,
    },
    /// Amend your own note (the earlier text is kept).
    Amend {
        id: String,
        #[arg(long)]
        body: String,
    },
    /// A case's co-working thread.
    List { case: String },
}

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// Add a next step to a case.
    Add {
        case: String,
        #[arg(long)]
        text: String,
        /// Due day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Mark an action done.
    Done { id: String },
    /// Open actions, of one case or all.
    List {
        case: Option<String>,
        /// Include done actions.
        #[arg(long)]
        all: bool,
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// A case with all its records.
    Case {
        id: String,
        /// md, html (print-ready) or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// Replace the names, dates of birth, addresses and reference of the case's people with
        /// placeholders ("Child A", "Mother", "[address]"); the replacements are listed on
        /// standard error. Refused while a name still appears.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: list the replacements only, without exporting.
        #[arg(long, requires = "anonymise")]
        preview: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Your practice portfolio: evidence by PCF domain, reflections, direct observations,
    /// supervision (never its wellbeing sections).
    Portfolio {
        /// html (print-ready) or md.
        #[arg(long, default_value = "html")]
        format: String,
        /// Replace the details of the people in all your cases with placeholders ("Child A
        /// (case 2)", "Mother (case 1)"); refused while a name still appears.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: list the replacements only, without exporting.
        #[arg(long, requires = "anonymise")]
        preview: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Your reflections as Social Work England CPD entries: activity, learning, impact on
    /// practice, peer reflection (tag a reflection `peer-reflection`).
    Cpd {
        /// md or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// Replace the details of the people in all your cases with placeholders, as for
        /// `export portfolio`.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: list the replacements only, without exporting.
        #[arg(long, requires = "anonymise")]
        preview: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// A case's quality review for supervision and audit: contact month by month, significant
    /// events, reflections and supervision decisions, co-working, open actions.
    Quality {
        /// The case.
        case: String,
        /// html (print-ready) or md.
        #[arg(long, default_value = "html")]
        format: String,
        /// Replace the case's people's details with placeholders, as for `export case`.
        #[arg(long)]
        anonymise: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// A case's chronology as courts expect it: serial number, date, event, source record.
    Chronology {
        /// The case.
        case: String,
        /// html (print-ready) or csv.
        #[arg(long, default_value = "html")]
        format: String,
        /// Significant events only.
        #[arg(long)]
        significant: bool,
        /// Replace the case's people's details with placeholders, as for `export case`.
        #[arg(long)]
        anonymise: bool,
        /// Write to this new file instead of standard output (an existing file is never overwritten).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlacementCmd {
    /// Record a placement.
    New {
        /// The setting (team, service, agency).
        #[arg(long)]
        setting: String,
        /// The practice educator.
        #[arg(long)]
        educator: String,
        /// First day, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        start: Option<String>,
        /// Days the placement requires.
        #[arg(long)]
        days: u32,
    },
    /// Placements, the latest first, with the days logged.
    List,
    /// Correct a placement (the latest unless --placement).
    Edit {
        #[arg(long)]
        placement: Option<String>,
        #[arg(long)]
        setting: Option<String>,
        #[arg(long)]
        educator: Option<String>,
        /// First day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        start: Option<String>,
        /// Days required.
        #[arg(long)]
        days: Option<u32>,
    },
    /// Log a day of placement (the latest placement unless --placement).
    LogDay {
        #[arg(long)]
        placement: Option<String>,
        /// The day, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        date: Option<String>,
        /// What you did and learned (or --text-file, or standard input).
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_name = "FILE")]
        text_file: Option<PathBuf>,
        /// A PCF domain the day evidences (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
    /// Correct a day of the log, named by its date (the latest placement unless --placement).
    EditDay {
        /// The day as logged, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        day: String,
        #[arg(long)]
        placement: Option<String>,
        /// Move it to this day, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        /// What you did and learned (or --text-file).
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_name = "FILE")]
        text_file: Option<PathBuf>,
        /// The PCF domains it evidences, replacing those given before (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
    /// Direct observations of your practice, oldest first, with their ids.
    Observations {
        #[arg(long)]
        placement: Option<String>,
    },
    /// Correct a direct observation.
    EditObservation {
        id: String,
        /// When, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        observer: Option<String>,
        #[arg(long)]
        activity: Option<String>,
        /// The observer's feedback (or --feedback-file).
        #[arg(long)]
        feedback: Option<String>,
        #[arg(long, value_name = "FILE")]
        feedback_file: Option<PathBuf>,
        /// The PCF domains it evidences, replacing those given before (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
    /// Move a placement, a day of the log or an observation to the trash.
    Delete { id: String },
    /// The day log of a placement (the latest unless --placement).
    Days {
        #[arg(long)]
        placement: Option<String>,
    },
    /// Record a direct observation of your practice.
    Observe {
        #[arg(long)]
        placement: Option<String>,
        /// When, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        date: Option<String>,
        /// Who observed.
        #[arg(long)]
        observer: String,
        /// What was observed.
        #[arg(long)]
        activity: String,
        /// The observer's feedback (or --feedback-file, or standard input).
        #[arg(long)]
        feedback: Option<String>,
        #[arg(long, value_name = "FILE")]
        feedback_file: Option<PathBuf>,
        /// A PCF domain it evidences (repeat for more).
        #[arg(long = "pcf")]
        pcf: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SupervisionCmd {
    /// Record a session.
    New {
        /// The supervisor's name.
        #[arg(long)]
        supervisor: String,
        /// When, day first, e.g. 14/03/2026 (default today).
        #[arg(long)]
        date: Option<String>,
        /// A function covered: management, development, support, mediation (repeat for more).
        #[arg(long = "function")]
        functions: Vec<String>,
        /// What was discussed (or --notes-file, or standard input).
        #[arg(long)]
        notes: Option<String>,
        #[arg(long, value_name = "FILE")]
        notes_file: Option<PathBuf>,
        /// A case discussed and the decision: CASE=TEXT (repeat for more). Each becomes a
        /// significant entry in that case's chronology.
        #[arg(long = "decision", value_name = "CASE=TEXT")]
        decisions: Vec<String>,
        /// A reflection brought to the session (repeat for more).
        #[arg(long = "reflection", value_name = "ID")]
        reflections: Vec<String>,
        /// An agreed action: CASE=TEXT, with " @YYYY-MM-DD" at the end for a due day.
        #[arg(long = "action", value_name = "CASE=TEXT")]
        actions: Vec<String>,
        /// The private wellbeing section, from this file: kept on this device only, never synced.
        #[arg(long, value_name = "FILE")]
        wellbeing_file: Option<PathBuf>,
    },
    /// Sessions, newest first.
    List {
        /// At most this many (all when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many (with --limit, for the next page).
        #[arg(long)]
        offset: Option<u32>,
    },
    /// Correct a session. Its decisions are in the case chronologies already: a new date or
    /// supervisor is added to each of them as an addendum.
    Edit {
        id: String,
        #[arg(long)]
        supervisor: Option<String>,
        /// When, day first (14/03/2026, 14 Mar 2026 or 2026-03-14).
        #[arg(long)]
        date: Option<String>,
        /// The functions covered, replacing those given before (repeat for more).
        #[arg(long = "function")]
        functions: Vec<String>,
        /// What was discussed (or --notes-file).
        #[arg(long)]
        notes: Option<String>,
        #[arg(long, value_name = "FILE")]
        notes_file: Option<PathBuf>,
        /// The reflections brought, replacing those given before (repeat for more).
        #[arg(long = "reflection", value_name = "ID")]
        reflections: Vec<String>,
        /// The private wellbeing section, from this file (an empty file removes it).
        #[arg(long, value_name = "FILE")]
        wellbeing_file: Option<PathBuf>,
    },
    /// Move a session to the trash (its decisions stay in the chronologies).
    Delete { id: String },
    /// One session in full.
    Show { id: String },
    /// Cases closed in the last DAYS days without the person being seen in the four weeks
    /// before closing (or ever).
    Closures {
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
    /// The agenda proposed for the next session: cases not seen for a while, overdue actions,
    /// recent closures, significant events and reflections since the last session.
    Agenda,
}

/// Where a sync passphrase comes from: a file, `CASECRAFT_SYNC_PASSPHRASE`,
/// or a prompt — never the command line.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Read the sync passphrase from this file (first line).
    #[arg(long, value_name = "FILE")]
    pub sync_passphrase_file: Option<PathBuf>,
}

/// Where a backup's passphrase comes from: a file, `CASECRAFT_BACKUP_PASSPHRASE`, or else your
/// own passphrase (the one that unlocks your casework).
#[derive(Debug, Args)]
pub struct BackupPassphraseArgs {
    /// Read the backup's passphrase from this file (first line).
    #[arg(long, value_name = "FILE")]
    pub backup_passphrase_file: Option<PathBuf>,
}

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

#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// Create a vault in a folder (USB stick, network drive, cloud folder) and sync with it.
    Init {
        folder: PathBuf,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// Join the vault another of your devices created in a folder.
    Join {
        folder: PathBuf,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// One round with the folder: take others' changes, then write yours.
    Run,
    /// Changes not yet synced, last sync, the folder.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCmd {
    /// Conflicts waiting for a person.
    List,
    /// Keep one of a conflict's values (or give a new one with --value).
    Resolve {
        /// The record's id.
        id: String,
        /// The field in conflict (as `conflicts list` shows it).
        #[arg(long)]
        field: String,
        /// The id of the value to keep.
        #[arg(long, conflicts_with = "value")]
        keep: Option<String>,
        /// A new value instead (text; for lists, comma-separated).
        #[arg(long)]
        value: Option<String>,
        /// For a merged body: you have read it as it stands.
        #[arg(long, conflicts_with_all = ["keep", "value"])]
        reviewed: bool,
    },
    /// Deal with edits made to a completed entry on a device that did not yet know it was
    /// completed: add them as an addendum, or discard them (they stay in the change log).
    Settle {
        /// The completed entry's id.
        id: String,
        /// Add them to the entry as an addendum (the proposed text, or --text).
        #[arg(long, required_unless_present = "discard", conflicts_with = "discard")]
        addendum: bool,
        /// The addendum's text instead of the proposed one.
        #[arg(long, requires = "addendum")]
        text: Option<String>,
        /// Leave them out of the record.
        #[arg(long)]
        discard: bool,
    },
}
