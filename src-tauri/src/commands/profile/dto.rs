//! The worker profile, sign-out and backups.

use casecraft_core::casework::profile::{NewProfile, Profile, ProfileEdit, Role};
use casecraft_core::protection::backup::BackupInfo;
use casecraft_core::protection::signout::Unsynced;
use serde::{Deserialize, Serialize};

use crate::commands::shared::local_label;
use crate::error::IpcError;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    /// The worker's id: the author of what they write (their own notes can be amended).
    pub worker_id: String,
    pub display_name: String,
    pub role: &'static str,
    pub role_label: &'static str,
}

impl From<Profile> for ProfileDto {
    fn from(profile: Profile) -> Self {
        ProfileDto {
            worker_id: profile.worker_id.to_string(),
            display_name: profile.display_name,
            role: profile.role.as_str(),
            role_label: role_label(profile.role),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewProfileDto {
    pub display_name: String,
    pub role: String,
}

impl TryFrom<NewProfileDto> for NewProfile {
    type Error = IpcError;
    fn try_from(dto: NewProfileDto) -> Result<Self, IpcError> {
        Ok(NewProfile {
            display_name: dto.display_name,
            role: Role::parse("role", &dto.role)?,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileEditDto {
    pub display_name: String,
    pub role: String,
}

impl TryFrom<ProfileEditDto> for ProfileEdit {
    type Error = IpcError;
    fn try_from(dto: ProfileEditDto) -> Result<Self, IpcError> {
        Ok(ProfileEdit {
            display_name: Some(dto.display_name),
            role: Some(Role::parse("role", &dto.role)?),
        })
    }
}

/// A backup made or restored.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    pub created_label: String,
    pub bytes: u64,
    /// The file the person chose, as they know it (its name).
    pub file_name: String,
}

impl BackupDto {
    /// A backup made at, or restored from, `file`.
    pub fn of(info: BackupInfo, file: &std::path::Path) -> Self {
        BackupDto {
            created_label: local_label(info.created_at),
            bytes: info.bytes,
            file_name: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// What signing out would lose.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnsyncedDto {
    /// Changes made on this device that no other device has.
    pub changes: u64,
    /// Whether this device syncs with a folder.
    pub syncs: bool,
    /// Records kept on this device only, named (supervision wellbeing sections).
    pub device_only: Vec<String>,
    /// What would be lost, in words (empty when nothing would).
    pub message: String,
}

impl From<Unsynced> for UnsyncedDto {
    fn from(u: Unsynced) -> Self {
        UnsyncedDto {
            message: if u.is_empty() {
                String::new()
            } else {
                u.describe()
            },
            changes: u.changes,
            device_only: u.device_only,
            syncs: u.syncs,
        }
    }
}

/// How a role reads ("Practitioner").
pub(crate) fn role_label(role: Role) -> &'static str {
    match role {
        Role::Practitioner => "Practitioner",
        Role::Student => "Student",
        Role::Supervisor => "Supervisor",
    }
}
