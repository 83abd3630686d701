//! The team hub target: joining a team with an invitation code, one sync round (push this
//! device's case work, then pull what colleagues and the worker's other devices sent), and the
//! case's membership (share, unshare, members, transfer).
//!
//! Offline first: every change is written here first; a round sends what the hub lacks and takes
//! what it has, and a hub out of reach only means the work waits. Ops the hub refuses stay in this
//! device's log and on its screens, listed until the worker exports or discards them.

pub mod transport;

use chrono::Utc;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids::Id;
pub use crate::store::hub::RemovalNotice;
pub use crate::store::hub::TransferChecklist;
use crate::store::hub::{HubSettings, RefusedOp};
use crate::store::Store;
use crate::sync::ImportReport;
use casecraft_ops::hub::{
    CaseRole, EnrolAnswer, EnrolRequest, MembersAnswer, MembersRequest, PullAnswer, PullRequest,
    PushAnswer, PushRequest, ShareRequest, TransferRequest, MAX_BATCH,
};
use transport::{Endpoint, Refused};

/// What one round with the hub did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HubReport {
    /// Changes of this device the hub took.
    pub sent: u64,
    /// Changes the hub refused this round (listed by `casecraft hub refused`).
    pub refused: u64,
    /// What the pull brought.
    pub received: ImportReport,
    /// Cases newly shared with this worker.
    pub cases_added: Vec<Id>,
    /// Cases this worker is no longer a member of: nothing new of them arrives.
    pub cases_removed: Vec<Id>,
    /// The hub did not know this device's place (a restored hub): everything was sent and taken
    /// again.
    pub resynced: bool,
}

/// This device's hub set-up and how it stands, for `hub status`.
#[derive(Debug, Clone, Serialize)]
pub struct HubStatus {
    /// The hub's address.
    pub url: String,
    /// Whether the hub's certificate is pinned by fingerprint.
    pub pinned: bool,
    /// The pinned certificate's SHA-256 fingerprint (hex), when pinned.
    pub fingerprint: Option<String>,
    /// The worker this device enrolled as.
    pub worker_id: Id,
    /// The worker's name on the hub.
    pub worker_name: String,
    /// The team's name.
    pub team: String,
    /// The cases this worker is a member of, with their role.
    pub cases: Vec<casecraft_ops::hub::Membership>,
    /// Changes the hub refused, waiting for the worker.
    pub refused: usize,
    /// Changes made here that will go to the hub and have not yet.
    pub pending: u64,
    /// When the last round finished.
    pub last_sync: Option<chrono::DateTime<Utc>>,
}

/// Reads an invitation code: the secret, and the hub certificate's fingerprint when it has one.
fn read_code(code: &str) -> Result<(String, Option<String>)> {
    let code = code.trim();
    let bad = || {
        Error::invalid(
            "code",
            "looks incomplete or mistyped: copy the whole code your administrator gave you",
        )
    };
    let (secret, pin) = match code.split_once('.') {
        Some((s, p)) => (s, Some(p.to_string())),
        None => (code, None),
    };
    if secret.len() < 32
        || !secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad());
    }
    Ok((secret.to_string(), pin))
}

fn refusal(r: Refused) -> Error {
    match r.kind.as_str() {
        "invalid" => Error::invalid("hub", r.message),
        _ => Error::Refused(r.message),
    }
}

/// Joins a team hub with a one-time invitation code; answers the set-up kept. The first round
/// follows with [`run`].
pub fn join(store: &mut Store, url: &str, code: &str) -> Result<HubSettings> {
    if let Some(s) = store.hub_settings()? {
        return Err(Error::Refused(format!(
            "this device has joined the team hub at {} already (as {})",
            s.url, s.worker_name
        )));
    }
    let (secret, pin) = read_code(code)?;
    let endpoint = Endpoint::parse(url, pin.as_deref())?;
    let answer: EnrolAnswer = endpoint
        .post(
            "/v1/enrol",
            None,
            &EnrolRequest {
                secret,
                device_id: store.device_id()?,
            },
        )?
        // The hub refuses an enrolment only for its code (unknown, used or expired).
        .map_err(|r| match r.kind.as_str() {
            "invalid" | "unauthorised" => Error::invalid(
                "code",
                "is not known to the hub, was used already, or has expired: ask your administrator for a new one",
            ),
            _ => refusal(r),
        })?;
    let settings = HubSettings {
        url: endpoint.url(),
        pin: endpoint.pin().map(str::to_string),
        credential: answer.credential,
        hub_id: answer.hub_id,
        worker_id: answer.worker_id,
        worker_name: answer.worker_name,
        team: answer.team,
        cursor: 0,
        pushed_through: 0,
        cases: Vec::new(),
        last_sync: None,
        shared_reflections: Vec::new(),
        team_role: None,
    };
    store.save_hub_settings(&settings)?;
    tracing::info!(hub = %settings.url, "joined a team hub");
    Ok(settings)
}

fn settings(store: &Store) -> Result<(HubSettings, Endpoint)> {
    let Some(s) = store.hub_settings()? else {
        return Err(Error::Refused(match store.hub_rejoin()? {
            Some(r) => format!(
                "this device has a new identity (it was restored from a backup, or its data folder was copied), and its team hub credential was the old one's: join {} at {} again with a new invitation code from your administrator",
                r.team, r.url
            ),
            None => "this device has not joined a team hub; `casecraft hub join URL --code CODE` does".into(),
        }));
    };
    let endpoint = Endpoint::parse(&s.url, s.pin.as_deref())?;
    Ok((s, endpoint))
}

/// Whether this device has joined a hub.
pub fn joined(store: &Store) -> Result<bool> {
    Ok(store.hub_settings()?.is_some())
}

/// How this device stands with its hub.
pub fn status(store: &Store) -> Result<HubStatus> {
    let (s, _) = settings(store)?;
    Ok(HubStatus {
        pending: store.hub_unsent(s.pushed_through)?.values().sum(),
        url: s.url,
        pinned: s.pin.is_some(),
        fingerprint: s.pin,
        worker_id: s.worker_id,
        worker_name: s.worker_name,
        team: s.team,
        cases: s.cases,
        refused: store.hub_refused()?.len(),
        last_sync: s.last_sync,
    })
}

/// Writes the changes the hub did not accept to a new file (JSON: each change whole, with the
/// hub's reason and when); answers how many. They stay listed until discarded.
pub fn export_refused(store: &Store, file: &std::path::Path) -> Result<usize> {
    let refused = store.hub_refused()?;
    crate::files::save_new_file(file, &serde_json::to_string_pretty(&refused)?)?;
    Ok(refused.len())
}

/// What leaving the team now would lose; asked before [`leave`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct Leaving {
    /// The team's name.
    pub team: String,
    /// Whether the hub was reached just now and took what this device had for it.
    pub reached: bool,
    /// Changes to colleagues' cases that have not reached the hub: lost with those cases.
    pub unsent: u64,
    /// Changes the hub refused, still listed: lost unless exported first.
    pub refused: usize,
    /// The cases colleagues shared with this worker, by name: they leave this device.
    pub shared_cases: Vec<String>,
    /// The worker's own cases: they stay on this device.
    pub own_cases: usize,
}

impl Leaving {
    /// Nothing would be lost that the worker has not already seen go.
    pub fn loses_nothing(&self) -> bool {
        self.unsent == 0 && self.refused == 0
    }

    /// What leaving does and loses, in words.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.reached {
            parts.push("The team hub could not be reached just now".to_string());
        }
        if self.unsent > 0 {
            parts.push(format!(
                "{} change(s) you made to cases colleagues shared with you have not reached the hub and would be lost",
                self.unsent
            ));
        }
        if self.refused > 0 {
            parts.push(format!(
                "{} change(s) the hub did not accept are still listed and would be lost; export them first",
                self.refused
            ));
        }
        if !self.shared_cases.is_empty() {
            parts.push(format!(
                "{} case(s) colleagues shared with you leave this device: {}",
                self.shared_cases.len(),
                self.shared_cases.join("; ")
            ));
        }
        parts.push(format!(
            "your own {} case(s) stay on this device",
            self.own_cases
        ));
        let mut text = parts.join(". ");
        text.push('.');
        text
    }
}

/// Sends what the hub lacks (if it can be reached), then says what leaving would lose.
pub fn leave_check(store: &mut Store) -> Result<Leaving> {
    let (mut s, endpoint) = settings(store)?;
    let reached = push(store, &mut s, &endpoint, &mut HubReport::default()).is_ok();
    leaving(store, &s, reached)
}

fn leaving(store: &Store, s: &HubSettings, reached: bool) -> Result<Leaving> {
    let unsent = store.hub_unsent(s.pushed_through)?;
    let mut out = Leaving {
        team: s.team.clone(),
        reached,
        refused: store.hub_refused()?.len(),
        ..Leaving::default()
    };
    for m in &s.cases {
        if m.role == CaseRole::Owner {
            out.own_cases += 1;
            continue;
        }
        out.unsent += unsent.get(&m.case_id).copied().unwrap_or(0);
        if let Ok(case) = store.case(m.case_id) {
            out.shared_cases.push(case.subject);
        }
    }
    Ok(out)
}

/// Leaves the team: sends what the hub lacks first, then removes the cases colleagues shared
/// with this worker from this device, and forgets the hub. Refused while something would be
/// lost (see [`Leaving`]), unless `discard`.
pub fn leave(store: &mut Store, discard: bool) -> Result<Leaving> {
    let lost = leave_check(store)?;
    if !lost.loses_nothing() && !discard {
        return Err(Error::Refused(format!(
            "{} Or leave anyway and discard them",
            lost.describe()
        )));
    }
    let (s, endpoint) = settings(store)?;
    // The credential stops working on the hub at once; out of reach, it is merely forgotten here
    // (the administrator can revoke the device).
    match endpoint.post::<_, serde_json::Value>(
        "/v1/leave",
        Some(&s.credential),
        &serde_json::json!({}),
    ) {
        Ok(Ok(_)) => {}
        Ok(Err(r)) => {
            tracing::warn!(reason = %r.message, "the hub did not take this device's leaving")
        }
        Err(e) => tracing::warn!(error = %e, "the hub was not told this device left"),
    }
    for m in s.cases.iter().filter(|m| m.role != CaseRole::Owner) {
        store.purge_case(m.case_id)?;
    }
    store.forget_hub()?;
    tracing::info!(team = %s.team, "left the team hub");
    Ok(lost)
}

/// One round: send this device's new case work, then take what the hub has for this worker.
pub fn run(store: &mut Store) -> Result<HubReport> {
    let (mut s, endpoint) = settings(store)?;
    let mut report = HubReport::default();
    push(store, &mut s, &endpoint, &mut report)?;
    pull(store, &mut s, &endpoint, &mut report)?;
    if report.resynced {
        // The hub lost this device's place: send everything again (it keeps what it has).
        push(store, &mut s, &endpoint, &mut report)?;
    }
    s.last_sync = Some(Utc::now());
    store.save_hub_settings(&s)?;
    Ok(report)
}

fn push(
    store: &mut Store,
    s: &mut HubSettings,
    endpoint: &Endpoint,
    report: &mut HubReport,
) -> Result<()> {
    let mut restarted = false;
    // The cases opened here since the last push go with the first request (alone if need be).
    let mut opened = store.hub_opened()?;
    loop {
        let (ops, through) = store.ops_for_hub(s.pushed_through, MAX_BATCH as u32)?;
        if through == s.pushed_through && opened.is_empty() {
            // The ordinary run went first, so a newly shared reflection's sharing is on the hub
            // before what was written while it was private.
            return send_newly_shared(store, s, endpoint, report);
        }
        let request = PushRequest {
            from_seq: s.pushed_through + 1,
            through_seq: through,
            ops,
            opened: opened.clone(),
        };
        let answer: PushAnswer = match endpoint.post("/v1/push", Some(&s.credential), &request)? {
            Ok(a) => a,
            Err(r) if r.kind == "gap" && !restarted => {
                // The hub holds less of this log than this device thought (it was restored):
                // send it all again; what it holds is taken once.
                restarted = true;
                s.pushed_through = 0;
                continue;
            }
            Err(r) => return Err(refusal(r)),
        };
        if !request.opened.is_empty() {
            store.forget_hub_opened(&request.opened)?;
            opened.clear();
        }
        note_answer(store, &request, &answer, report)?;
        s.pushed_through = answer.pushed_through.max(through);
        store.save_hub_settings(s)?;
    }
}

/// A reflection shared since the last push: its ops this device wrote while it was private were
/// withheld (the push went past them), so they go now, under their own seqs, after the ordinary
/// run has taken the sharing itself to the hub; the hub takes what it never had.
fn send_newly_shared(
    store: &mut Store,
    s: &mut HubSettings,
    endpoint: &Endpoint,
    report: &mut HubReport,
) -> Result<()> {
    let shared = store.shared_reflections()?;
    for reflection in shared.iter().filter(|r| !s.shared_reflections.contains(r)) {
        let ops: Vec<_> = store
            .own_ops_of(*reflection, s.pushed_through)?
            .into_iter()
            .filter(|op| casecraft_ops::hub::case_of(op).is_some())
            .collect();
        for batch in ops.chunks(MAX_BATCH) {
            let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
                continue;
            };
            let request = PushRequest {
                from_seq: first.seq,
                through_seq: last.seq,
                ops: batch.to_vec(),
                opened: Vec::new(),
            };
            let answer: PushAnswer = endpoint
                .post("/v1/push", Some(&s.credential), &request)?
                .map_err(refusal)?;
            note_answer(store, &request, &answer, report)?;
        }
    }
    if s.shared_reflections != shared {
        s.shared_reflections = shared;
        store.save_hub_settings(s)?;
    }
    Ok(())
}

/// Counts what the hub took and keeps what it refused, listed with the hub's reasons.
fn note_answer(
    store: &mut Store,
    request: &PushRequest,
    answer: &PushAnswer,
    report: &mut HubReport,
) -> Result<()> {
    report.sent += answer.accepted;
    report.refused += answer.refused.len() as u64;
    if answer.refused.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let refused = answer
        .refused
        .iter()
        .filter_map(|r| {
            request
                .ops
                .iter()
                .find(|o| o.op_id == r.op_id)
                .map(|op| RefusedOp {
                    op: op.clone(),
                    reason: r.reason.clone(),
                    refused_at: now,
                })
        })
        .collect();
    store.note_hub_refused(refused)
}

fn pull(
    store: &mut Store,
    s: &mut HubSettings,
    endpoint: &Endpoint,
    report: &mut HubReport,
) -> Result<()> {
    let before: Vec<Id> = s.cases.iter().map(|m| m.case_id).collect();
    let learnt_at = s.cursor;
    // Cases new to this worker's list, and whether this device held them before this round (its
    // own new cases are not news).
    let mut new_here: Vec<Id> = Vec::new();
    let mut looked: Vec<Id> = Vec::new();
    // The hub's pages are read on another thread, a few ahead, while this one applies them: the
    // hub's reading and the device's writing overlap instead of taking turns. Pages are applied
    // in groups of about IMPORT_GROUP ops, each group and the cursor after it in one transaction
    // (a transaction's fixed cost — the commit, the pages of the log's indexes it writes — is
    // paid once a group, not once a page).
    let (cases, removed, removals) = loop {
        let round = std::thread::scope(|scope| -> Result<Option<_>> {
            let (send, pages) = std::sync::mpsc::sync_channel::<Result<PullAnswer>>(PAGES_AHEAD);
            let asking = PageAsk {
                credential: s.credential.clone(),
                hub_id: s.hub_id,
            };
            let start = s.cursor;
            scope.spawn(move || {
                let mut after = start;
                loop {
                    let page = asking.page(endpoint, after);
                    let last = match &page {
                        Ok(answer) => {
                            after = answer.next;
                            !answer.more || answer.resync
                        }
                        Err(_) => true,
                    };
                    // A closed channel means the applying side stopped (an error): so does this.
                    if send.send(page).is_err() || last {
                        break;
                    }
                }
            });
            let mut group = Vec::new();
            for page in pages {
                let answer = page?;
                if answer.resync {
                    if report.resynced {
                        return Err(Error::Unreachable(
                            "the hub asked twice to start again; try again later".into(),
                        ));
                    }
                    report.resynced = true;
                    s.hub_id = answer.hub_id;
                    s.cursor = 0;
                    s.pushed_through = 0;
                    s.cases.clear();
                    store.save_hub_settings(s)?;
                    return Ok(None);
                }
                for m in &answer.cases {
                    if !before.contains(&m.case_id) && !looked.contains(&m.case_id) {
                        looked.push(m.case_id);
                        if store.case(m.case_id).is_err() {
                            new_here.push(m.case_id);
                        }
                    }
                }
                store.note_hub_authors(&answer.authors)?;
                if answer.team_role.is_some() {
                    s.team_role = answer.team_role.clone();
                }
                s.cursor = answer.next;
                group.extend(answer.ops);
                if group.len() >= IMPORT_GROUP || !answer.more {
                    let ops = std::mem::take(&mut group);
                    add(&mut report.received, store.import_hub_page(ops, s)?);
                }
                if !answer.more {
                    return Ok(Some((answer.cases, answer.removed, answer.removals)));
                }
            }
            Err(Error::Unreachable(
                "reading from the team hub stopped".into(),
            ))
        })?;
        if let Some(done) = round {
            break done;
        }
    };
    // A case newly shared with this worker, or shared again after they were removed from it: its
    // earlier ops, which came before the cursor (and what this device kept of it, applied again).
    let purged = store.purged_cases()?;
    for m in &cases {
        let returning = purged.contains(&m.case_id);
        let new = !before.contains(&m.case_id);
        if !returning && (!new || report.resynced) {
            continue;
        }
        if returning {
            store.unpurge_case(m.case_id)?;
            store.dismiss_removal(Some(m.case_id))?;
        }
        if new_here.contains(&m.case_id) {
            report.cases_added.push(m.case_id);
        }
        let until = if returning { s.cursor } else { learnt_at };
        if until == 0 {
            continue;
        }
        let mut after = 0;
        loop {
            let answer = pull_page(endpoint, s, after, Some((m.case_id, until)))?;
            store.note_hub_authors(&answer.authors)?;
            add(&mut report.received, store.import_hub_ops(answer.ops)?);
            after = answer.next;
            if !answer.more {
                break;
            }
        }
    }
    // Removed from a case — the hub lists it, or it left the worker's list — nothing of it stays
    // on this device, however it came (what this device wrote of it went to the hub in this
    // round's push, before the pull; a later copy from a folder is never applied).
    let mut gone: Vec<Id> = removed;
    gone.extend(
        before
            .iter()
            .filter(|c| !cases.iter().any(|m| m.case_id == **c)),
    );
    gone.sort();
    gone.dedup();
    for case in gone {
        if cases.iter().any(|m| m.case_id == case) || purged.contains(&case) {
            continue;
        }
        let subject = store.case(case).ok().map(|c| c.subject);
        let held = subject.is_some() || before.contains(&case);
        // Said once in the app: who stopped sharing the case, and when.
        if let Some(subject) = subject {
            let removal = removals.iter().find(|r| r.case_id == case);
            store.note_removal(RemovalNotice {
                case_id: case,
                subject,
                by: removal.and_then(|r| r.by_name.clone()),
                by_me: removal.and_then(|r| r.by) == Some(s.worker_id),
                at: removal.map_or_else(Utc::now, |r| r.at),
            })?;
        }
        store.purge_case(case)?;
        if held {
            report.cases_removed.push(case);
        }
    }
    s.cases = cases;
    store.save_hub_settings(s)?;
    Ok(())
}

/// How many ops of the hub's pages are applied in one transaction, at most a page more.
const IMPORT_GROUP: usize = 5 * MAX_BATCH;

/// How many pages may wait, read from the hub and not yet applied.
const PAGES_AHEAD: usize = 8;

/// What asking for the next page takes, apart from the store (so it can be asked on another
/// thread while this one applies a page).
struct PageAsk {
    credential: String,
    hub_id: Id,
}

impl PageAsk {
    fn page(&self, endpoint: &Endpoint, after: u64) -> Result<PullAnswer> {
        endpoint
            .post(
                "/v1/pull",
                Some(&self.credential),
                &PullRequest {
                    hub_id: Some(self.hub_id),
                    after,
                    case: None,
                    until: None,
                },
            )?
            .map_err(refusal)
    }
}

/// One page of ops after `after`: of every case of the worker's, or (with `backlog`) of one case
/// up to the cursor the device had when it learnt of the case.
fn pull_page(
    endpoint: &Endpoint,
    s: &HubSettings,
    after: u64,
    backlog: Option<(Id, u64)>,
) -> Result<PullAnswer> {
    endpoint
        .post(
            "/v1/pull",
            Some(&s.credential),
            &PullRequest {
                hub_id: Some(s.hub_id),
                after,
                case: backlog.map(|(case, _)| case),
                until: backlog.map(|(_, until)| until),
            },
        )?
        .map_err(refusal)
}

fn add(total: &mut ImportReport, r: ImportReport) {
    total.received += r.received;
    total.applied += r.applied;
    total.duplicates += r.duplicates;
    total.out_of_order += r.out_of_order;
    total.clashing += r.clashing;
    total.new_device_id |= r.new_device_id;
}

/// Shares a case with a colleague (by name or worker id) in a role; the case's owner only.
pub fn share(store: &mut Store, case: Id, worker: &str, role: CaseRole) -> Result<()> {
    membership(store, case, worker, Some(role))
}

/// Removes a colleague from a case; their devices take nothing new of it.
pub fn unshare(store: &mut Store, case: Id, worker: &str) -> Result<()> {
    membership(store, case, worker, None)
}

fn membership(store: &mut Store, case: Id, worker: &str, role: Option<CaseRole>) -> Result<()> {
    let worker = crate::validate::required_line("worker", worker)?;
    let (mut s, endpoint) = settings(store)?;
    // A case opened here since the last round is not on the hub yet: what the hub lacks goes
    // first, so that it knows who owns the case.
    push(store, &mut s, &endpoint, &mut HubReport::default())?;
    endpoint
        .post::<_, serde_json::Value>(
            "/v1/share",
            Some(&s.credential),
            &ShareRequest {
                case_id: case,
                worker,
                role,
            },
        )?
        .map_err(refusal)?;
    Ok(())
}

/// The members of a case, owner first.
pub fn members(store: &mut Store, case: Id) -> Result<MembersAnswer> {
    members_call(store, case)?.send()
}

/// Asking the hub for a case's members, prepared with the store and sent without it (so a hub
/// slow to answer never holds up the worker's own writing).
#[derive(Debug, Clone)]
pub struct MembersCall {
    endpoint: Endpoint,
    credential: String,
    case: Id,
    /// The worker asking.
    pub me: Id,
}

/// Prepares [`MembersCall`]: a case the hub has not been told of yet (opened here since the last
/// round) is sent first, so that the hub knows its owner; a case it knows is asked about at once.
pub fn members_call(store: &mut Store, case: Id) -> Result<MembersCall> {
    let (mut s, endpoint) = settings(store)?;
    let known = s.cases.iter().any(|m| m.case_id == case);
    if !known && store.hub_unsent(s.pushed_through)?.contains_key(&case) {
        push(store, &mut s, &endpoint, &mut HubReport::default())?;
    }
    Ok(MembersCall {
        endpoint,
        credential: s.credential,
        case,
        me: s.worker_id,
    })
}

impl MembersCall {
    /// Asks the hub.
    pub fn send(&self) -> Result<MembersAnswer> {
        self.endpoint
            .post(
                "/v1/members",
                Some(&self.credential),
                &MembersRequest { case_id: self.case },
            )?
            .map_err(refusal)
    }
}

/// Hands a case to a colleague: no draft entries may be left; the open actions are listed in a
/// transfer summary entry written to the chronology, which is sent before the hub is asked.
pub fn transfer(store: &mut Store, case: Id, to: &str) -> Result<TransferChecklist> {
    hand_on(store, case, to, false)
}

/// Allocates a case this worker holds (a referral a manager opened) to a colleague: a transfer
/// with its checklist, after which this worker stays on the case as its supervisor.
pub fn allocate(store: &mut Store, case: Id, to: &str) -> Result<TransferChecklist> {
    hand_on(store, case, to, true)
}

/// What handing `case` on checks: this device's drafts of it and, when another worker holds it
/// (a manager handing on a case they oversee), the drafts the hub counts for others; and the
/// open actions that go with it.
pub fn transfer_checklist(store: &Store, case: Id) -> Result<TransferChecklist> {
    let mut checklist = store.transfer_checklist(case)?;
    let theirs = store
        .hub_settings()?
        .and_then(|s| s.cases.into_iter().find(|m| m.case_id == case))
        .filter(|m| m.role != CaseRole::Owner)
        .map_or(0, |m| m.drafts);
    checklist.drafts += u64::from(theirs);
    Ok(checklist)
}

fn hand_on(store: &mut Store, case: Id, to: &str, oversee: bool) -> Result<TransferChecklist> {
    let to = crate::validate::required_line("colleague", to)?;
    let checklist = transfer_checklist(store, case)?;
    if checklist.drafts > 0 {
        return Err(Error::Refused(format!(
            "this case has {} draft entr{} left: complete or delete {} before transferring it",
            checklist.drafts,
            if checklist.drafts == 1 { "y" } else { "ies" },
            if checklist.drafts == 1 { "it" } else { "them" }
        )));
    }
    let (s, endpoint) = settings(store)?;
    store.write_transfer_summary(case, &to, &checklist.open_actions)?;
    run(store)?;
    endpoint
        .post::<_, serde_json::Value>(
            "/v1/transfer",
            Some(&s.credential),
            &TransferRequest {
                case_id: case,
                to,
                oversee,
            },
        )?
        .map_err(refusal)?;
    Ok(checklist)
}

/// A worker whose cases this worker oversees, with those cases.
#[derive(Debug, Clone, Serialize)]
pub struct OverseenWorker {
    /// The worker holding the cases, as the team knows them.
    pub worker: casecraft_ops::hub::Colleague,
    /// Their cases this worker oversees (as supervisor or read-only), most in need of attention
    /// first, with their quality signals.
    pub cases: Vec<crate::casework::case::CaseSummary>,
}

/// The team as this worker oversees it: for a supervisor, each supervisee's cases shared for
/// supervision; for a manager, each worker's cases shared with them, and the cases they hold
/// themselves (referrals to allocate).
#[derive(Debug, Clone, Serialize)]
pub struct Oversight {
    /// Workers whose cases this worker oversees, by name.
    pub workers: Vec<OverseenWorker>,
    /// Cases this worker holds (owns) on the hub: to keep, transfer or allocate.
    pub held: Vec<crate::casework::case::CaseSummary>,
    /// Cases shared with this worker that have not reached this device yet (the next sync
    /// brings them).
    pub arriving: usize,
    /// This worker is one of the team's managers: they may hand on a case they oversee.
    pub manager: bool,
}

/// What [`Oversight`] this worker has, read from this device (no network): the memberships the
/// last pull gave, and each case's quality signals computed here. Drafts are the hub's count of
/// colleagues' unfinished entries, since the drafts themselves never leave their author.
pub fn oversight(store: &Store) -> Result<Oversight> {
    let (s, _) = settings(store)?;
    let mut workers: Vec<OverseenWorker> = Vec::new();
    let mut held = Vec::new();
    let mut arriving = 0;
    for m in &s.cases {
        let mut summary = match store.case_summary(m.case_id) {
            Ok(summary) => summary,
            Err(Error::NotFound { .. }) => {
                arriving += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        match (m.role, &m.owner) {
            (CaseRole::Owner, _) => held.push(summary),
            (CaseRole::Supervisor | CaseRole::ReadOnly, Some(owner)) => {
                summary.signals.drafts = summary.signals.drafts.max(m.drafts);
                match workers
                    .iter_mut()
                    .find(|w| w.worker.worker_id == owner.worker_id)
                {
                    Some(w) => w.cases.push(summary),
                    None => workers.push(OverseenWorker {
                        worker: owner.clone(),
                        cases: vec![summary],
                    }),
                }
            }
            _ => {}
        }
    }
    let by_need = |a: &crate::casework::case::CaseSummary,
                   b: &crate::casework::case::CaseSummary| {
        b.signals
            .attention
            .cmp(&a.signals.attention)
            .then_with(|| a.subject.cmp(&b.subject))
    };
    for w in &mut workers {
        w.cases.sort_by(by_need);
    }
    workers.sort_by_cached_key(|w| crate::casework::person::fold(&w.worker.name));
    held.sort_by(by_need);
    Ok(Oversight {
        workers,
        held,
        arriving,
        manager: s.team_role.as_deref() == Some("manager"),
    })
}

/// This worker's role on a case, as the last pull said (none when not joined to a team, or the
/// case is not on the hub yet).
pub fn role_on(store: &Store, case: Id) -> Result<Option<CaseRole>> {
    Ok(store
        .hub_settings()?
        .and_then(|s| s.cases.iter().find(|m| m.case_id == case).map(|m| m.role)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_with_and_without_a_fingerprint() {
        let secret = "A".repeat(43);
        let pin = "0f".repeat(32);
        assert_eq!(read_code(&secret).unwrap(), (secret.clone(), None));
        assert_eq!(
            read_code(&format!("  {secret}.{pin}\n")).unwrap(),
            (secret.clone(), Some(pin))
        );
        for bad in [
            "",
            "short",
            "has spaces in it and is long enough to pass",
            "ü".repeat(40).as_str(),
        ] {
            assert!(read_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn oversight_groups_overseen_cases_by_their_holder_with_the_hub_s_draft_counts() {
        use crate::casework::case::NewCase;
        use casecraft_ops::hub::{Author, Colleague, Membership};
        let (_dir, mut store) = crate::store::practitioner_store("Morgan Ellis");
        let case = |store: &mut Store, subject: &str| {
            store
                .create_case(NewCase {
                    subject: subject.into(),
                    ..NewCase::default()
                })
                .expect("case")
                .id
        };
        let (ivy, jo, mine) = (
            case(&mut store, "Ivy Nowak"),
            case(&mut store, "Jo Ng"),
            case(&mut store, "Referral: Kim Lee"),
        );
        let colleague = |name: &str| Colleague {
            worker_id: Id::new(),
            name: name.into(),
            role: "practitioner".into(),
        };
        let (ana, zoe) = (colleague("Ána Silva"), colleague("zoe Park"));
        let me = Id::new();
        let member = |case_id, role, owner: &Colleague, drafts| Membership {
            case_id,
            role,
            owner: Some(owner.clone()),
            drafts,
        };
        let boss = Colleague {
            worker_id: me,
            name: "Morgan Ellis".into(),
            role: "manager".into(),
        };
        store
            .save_hub_settings(&HubSettings {
                url: "https://hub.example.org:7443".into(),
                pin: None,
                credential: "device:secret".into(),
                hub_id: Id::new(),
                worker_id: me,
                worker_name: "Morgan Ellis".into(),
                team: "North locality".into(),
                cursor: 0,
                pushed_through: 0,
                cases: vec![
                    member(jo, CaseRole::ReadOnly, &zoe, 0),
                    member(ivy, CaseRole::Supervisor, &ana, 2),
                    member(mine, CaseRole::Owner, &boss, 0),
                    // Shared, not pulled yet.
                    member(Id::new(), CaseRole::Supervisor, &ana, 0),
                ],
                last_sync: None,
                shared_reflections: Vec::new(),
                team_role: Some("manager".into()),
            })
            .expect("saved");
        let o = oversight(&store).expect("oversight");
        let names: Vec<&str> = o.workers.iter().map(|w| w.worker.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["Ána Silva", "zoe Park"],
            "by name, whatever the case"
        );
        assert_eq!(o.workers[0].cases[0].id, ivy);
        assert_eq!(o.workers[0].cases[0].signals.drafts, 2, "the hub's count");
        assert_eq!(o.workers[1].cases[0].id, jo);
        assert_eq!(o.held.iter().map(|c| c.id).collect::<Vec<_>>(), vec![mine]);
        assert_eq!(o.arriving, 1);
        assert!(o.manager);
        assert_eq!(
            role_on(&store, ivy).expect("role"),
            Some(CaseRole::Supervisor)
        );
        assert_eq!(role_on(&store, Id::new()).expect("role"), None);

        // Colleagues are named with their team role; this worker's own devices are not.
        let (theirs, own) = (Id::new(), Id::new());
        store
            .note_hub_authors(&[
                Author {
                    author: theirs,
                    name: "Ána Silva".into(),
                    role: "practitioner".into(),
                    worker_id: Some(ana.worker_id),
                },
                Author {
                    author: own,
                    name: "Morgan Ellis".into(),
                    role: "manager".into(),
                    worker_id: Some(me),
                },
            ])
            .expect("authors");
        let colleagues = store.colleagues().expect("colleagues");
        assert_eq!(
            colleagues.label(theirs).as_deref(),
            Some("Ána Silva (practitioner)")
        );
        assert_eq!(colleagues.label(own), None);
        assert_eq!(colleagues.label(Id::new()), None);
    }
}
