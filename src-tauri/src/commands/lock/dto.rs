//! What setting the passphrase answers.

use serde::Serialize;

use crate::commands::profile::dto::ProfileDto;

/// What setting the passphrase returns: the recovery code (shown once) and the profile made with
/// it, if one was asked for.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetUpDto {
    pub recovery_code: String,
    pub profile: Option<ProfileDto>,
}
