//! The team hub as the window shows it: the team this device joined, what leaving would lose, a
//! case's members, the team as a supervisor or manager oversees it, and handing a case on.

use casecraft_core::hub::{CaseRole, MembersAnswer};
use casecraft_core::sync::hub::{HubStatus, Leaving, Oversight, TransferChecklist};
use casecraft_core::Id;
use serde::Serialize;

use super::super::cases::dto::CaseRowDto;
use super::super::sync::dto::short_local_label;

/// The team this device joined, for Settings → Team.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamDto {
    pub team: String,
    pub worker_name: String,
    pub url: String,
    /// The pinned certificate's SHA-256 fingerprint in pairs (`AB:CD:…`); `None` when the hub is
    /// checked by this machine's certificate authorities.
    pub fingerprint: Option<String>,
    pub cases: usize,
    pub pending: u64,
    pub refused: usize,
    pub last_sync_label: Option<String>,
}

impl From<HubStatus> for TeamDto {
    fn from(s: HubStatus) -> Self {
        TeamDto {
            team: s.team,
            worker_name: s.worker_name,
            url: s.url,
            fingerprint: s.fingerprint.as_deref().map(pairs),
            cases: s.cases.len(),
            pending: s.pending,
            refused: s.refused,
            last_sync_label: s.last_sync.map(short_local_label),
        }
    }
}

/// A hex fingerprint as administrators read it out: upper-case pairs joined by colons.
fn pairs(hex: &str) -> String {
    hex.as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).to_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

/// What leaving the team would do and lose.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeavingDto {
    /// Leaving would lose changes (unsent to colleagues' cases, or refused and still listed).
    pub loses: bool,
    pub message: String,
    pub shared_cases: Vec<String>,
}

impl From<Leaving> for LeavingDto {
    fn from(l: Leaving) -> Self {
        LeavingDto {
            loses: !l.loses_nothing(),
            message: l.describe(),
            shared_cases: l.shared_cases,
        }
    }
}

/// Who a case is shared with, and with whom it could be.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseMembersDto {
    pub members: Vec<MemberDto>,
    /// This worker owns the case: they may share it and stop sharing it.
    pub may_share: bool,
    /// The team's workers who are not members yet.
    pub colleagues: Vec<ColleagueDto>,
    /// The roles a case may be shared in.
    pub roles: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberDto {
    pub worker_id: String,
    pub name: String,
    pub role: &'static str,
    /// This worker.
    pub you: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColleagueDto {
    pub worker_id: String,
    pub name: String,
    /// Their role in the team.
    pub role: String,
}

impl CaseMembersDto {
    pub fn of(answer: MembersAnswer, me: Id) -> Self {
        let may_share = answer
            .members
            .iter()
            .any(|m| m.worker_id == me && m.role == CaseRole::Owner);
        let colleagues = answer
            .team
            .into_iter()
            .filter(|c| !answer.members.iter().any(|m| m.worker_id == c.worker_id))
            .map(|c| ColleagueDto {
                worker_id: c.worker_id.to_string(),
                name: c.name,
                role: c.role,
            })
            .collect();
        CaseMembersDto {
            members: answer
                .members
                .into_iter()
                .map(|m| MemberDto {
                    you: m.worker_id == me,
                    worker_id: m.worker_id.to_string(),
                    name: m.name,
                    role: m.role.as_str(),
                })
                .collect(),
            may_share,
            colleagues,
            roles: [CaseRole::CoWorker, CaseRole::Supervisor, CaseRole::ReadOnly]
                .iter()
                .map(|r| r.as_str())
                .collect(),
        }
    }
}

/// The hub a device must join again.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejoinDto {
    pub url: String,
    pub team: String,
}

/// A case that left this device, said once.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeDto {
    pub case_id: String,
    pub text: String,
}

/// The team as this worker oversees it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OversightDto {
    pub workers: Vec<OverseenDto>,
    /// Cases this worker holds: to keep, transfer or allocate.
    pub held: Vec<CaseRowDto>,
    /// Cases shared with this worker that the next sync brings.
    pub arriving: usize,
    /// This worker is one of the team's managers: they may hand on cases they oversee.
    pub manager: bool,
}

/// A colleague whose cases this worker oversees.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OverseenDto {
    pub worker_id: String,
    pub name: String,
    /// Their role in the team.
    pub role: String,
    pub cases: Vec<CaseRowDto>,
}

impl From<Oversight> for OversightDto {
    fn from(o: Oversight) -> Self {
        OversightDto {
            workers: o
                .workers
                .into_iter()
                .map(|w| OverseenDto {
                    worker_id: w.worker.worker_id.to_string(),
                    name: w.worker.name,
                    role: w.worker.role,
                    cases: w.cases.into_iter().map(CaseRowDto::from).collect(),
                })
                .collect(),
            held: o.held.into_iter().map(CaseRowDto::from).collect(),
            arriving: o.arriving,
            manager: o.manager,
        }
    }
}

/// What handing a case on checks.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistDto {
    /// Draft entries left: they must be completed (or deleted) first.
    pub drafts: u64,
    /// The open actions that go with the case, with their due days.
    pub open_actions: Vec<String>,
}

impl From<TransferChecklist> for ChecklistDto {
    fn from(c: TransferChecklist) -> Self {
        ChecklistDto {
            drafts: c.drafts,
            open_actions: c.open_actions,
        }
    }
}

/// A case's transfer pack for the printable page.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferPackDto {
    pub title: String,
    /// Rendered and sanitised by the core.
    pub body_html: String,
}

#[cfg(test)]
mod tests {
    use super::pairs;

    #[test]
    fn a_fingerprint_reads_in_upper_case_pairs() {
        assert_eq!(pairs("0a1bff"), "0A:1B:FF");
        assert_eq!(pairs(""), "");
    }
}
