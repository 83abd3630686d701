//! The local worker: who is writing on this device, and in what role.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ids::Id;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
    /// What the worker does; shapes prompts and views (a student keeps a
    /// placement log, a supervisor reviews).
    Role, "role", {
        /// A qualified practitioner holding cases.
        Practitioner => "practitioner",
        /// A student on placement keeping a reflective log.
        Student => "student",
        /// A supervisor or practice educator.
        Supervisor => "supervisor",
    }
);

/// The worker profile on this device.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// The worker's id (the author of every op they make).
    pub worker_id: Id,
    /// This device's id (each device appends to its own log).
    pub device_id: Id,
    /// The name shown to co-workers.
    pub display_name: String,
    /// The worker's role.
    pub role: Role,
    /// When the profile was made.
    pub created_at: DateTime<Utc>,
}

/// Minutes without use before the app locks, until the person changes it.
pub const DEFAULT_LOCK_MINUTES: u32 = 10;
/// The idle lock setting's allowed range, in minutes (at most a working day's half).
pub const LOCK_MINUTES: std::ops::RangeInclusive<u32> = 1..=240;

/// What `init` asks for.
#[derive(Debug, Clone)]
pub struct NewProfile {
    /// The name shown to co-workers.
    pub display_name: String,
    /// The worker's role.
    pub role: Role,
}

impl NewProfile {
    /// Checks the profile as creating it would, before anything else is set up.
    pub fn check(&self) -> crate::Result<()> {
        crate::validate::required_line("name", &self.display_name)?;
        Ok(())
    }
}

/// A change to the profile; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    /// A new display name.
    pub display_name: Option<String>,
    /// A new role.
    pub role: Option<Role>,
}
