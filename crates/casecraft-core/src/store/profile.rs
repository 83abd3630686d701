//! The worker profile on this device.

use rusqlite::OptionalExtension;
use serde_json::Value;

use super::{meta_get, meta_id, meta_set, row, Store};
use crate::casework::profile::{NewProfile, Profile, ProfileEdit};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::record::RecordKind;
use crate::validate;

impl Store {
    /// The profile, or `None` before `init`.
    pub fn profile(&self) -> Result<Option<Profile>> {
        let Some(worker) = meta_id(&self.conn, "worker_id")? else {
            return Ok(None);
        };
        let device_id = self.device_id()?;
        let found = self
            .conn
            .query_row(
                "SELECT display_name, role, created_at FROM workers WHERE id = ?1",
                [worker.to_string()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?;
        let (name, role, created) =
            found.ok_or_else(|| Error::Corrupt("the worker profile is missing".into()))?;
        Ok(Some(Profile {
            worker_id: worker,
            device_id,
            display_name: name,
            role: row::vocab(&role)?,
            created_at: row::moment(&created)?,
        }))
    }

    /// Minutes without use after which this device locks (a setting of this device, never
    /// synced): [`crate::casework::profile::DEFAULT_LOCK_MINUTES`] until changed.
    pub fn lock_after_minutes(&self) -> Result<u32> {
        match meta_get(&self.conn, "lock_after_minutes")? {
            None => Ok(crate::casework::profile::DEFAULT_LOCK_MINUTES),
            Some(text) => text
                .parse()
                .map_err(|_| Error::Corrupt("the idle lock setting is damaged".into())),
        }
    }

    /// Sets the minutes without use after which this device locks.
    pub fn set_lock_after_minutes(&mut self, minutes: u32) -> Result<u32> {
        let range = crate::casework::profile::LOCK_MINUTES;
        if !range.contains(&minutes) {
            return Err(Error::invalid(
                "lock after",
                format!(
                    "must be between {} and {} minutes",
                    range.start(),
                    range.end()
                ),
            ));
        }
        meta_set(&self.conn, "lock_after_minutes", &minutes.to_string())?;
        Ok(minutes)
    }

    /// The profile, or [`Error::NotInitialised`].
    pub fn require_profile(&self) -> Result<Profile> {
        self.profile()?.ok_or(Error::NotInitialised)
    }

    /// Creates the worker profile; refused when one exists.
    pub fn init_profile(&mut self, new: NewProfile) -> Result<Profile> {
        if self.profile()?.is_some() {
            return Err(Error::Refused(
                "this data folder already has a profile; change it with `casecraft profile edit` or in Settings".into(),
            ));
        }
        new.check()?;
        let name = validate::required_line("name", &new.display_name)?;
        let worker = Id::new();
        self.write_as(worker, |w| {
            meta_set(w.conn(), "worker_id", &worker.to_string())?;
            w.create(
                RecordKind::Worker,
                worker,
                None,
                vec![
                    ("display_name", Value::from(name)),
                    ("role", Value::from(new.role.as_str())),
                ],
            )
        })?;
        self.require_profile()
    }

    /// Changes the display name or role.
    pub fn edit_profile(&mut self, edit: ProfileEdit) -> Result<Profile> {
        let profile = self.require_profile()?;
        let name = edit
            .display_name
            .as_deref()
            .map(|n| validate::required_line("name", n))
            .transpose()?;
        self.write(|w| {
            if let Some(name) = name {
                w.set(
                    RecordKind::Worker,
                    profile.worker_id,
                    "display_name",
                    Value::from(name),
                )?;
            }
            if let Some(role) = edit.role {
                w.set(
                    RecordKind::Worker,
                    profile.worker_id,
                    "role",
                    Value::from(role.as_str()),
                )?;
            }
            Ok(())
        })?;
        self.require_profile()
    }

    /// The display name of a worker, when known on this device: its own profiles (and, through
    /// the folder, those of the worker's other devices), else the team hub's name for the author.
    pub fn worker_name(&self, id: Id) -> Result<Option<String>> {
        let local: Option<String> = self
            .conn
            .query_row(
                "SELECT display_name FROM workers WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if local.is_some() {
            return Ok(local);
        }
        // A colleague's (or another of this worker's devices'), as the team hub names them.
        Ok(self
            .hub_authors()?
            .into_iter()
            .find(|a| a.author == id)
            .map(|a| a.name))
    }
}
