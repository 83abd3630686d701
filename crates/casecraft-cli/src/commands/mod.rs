//! Each command: parse its arguments, make one core call, print. One module per command group,
//! holding its commands and how their results print; [`run`] opens the casework and hands the
//! command to its group.

mod action;
mod backup;
mod case;
mod conflicts;
mod cowork;
mod doctor;
mod entry;
mod export;
mod hub;
mod passphrase;
mod person;
mod placement;
mod profile;
mod reflect;
mod search;
mod seed;
mod supervision;
mod sync;
mod trash;

use std::io::Write;
use std::path::Path;

use casecraft_core::protection::keyring::Unlock;
use casecraft_core::protection::lock::{self, LockState};
use casecraft_core::{Error, Result, Store};

use crate::cli::{Cli, Command};
use crate::input;
use crate::out::Out;

/// Runs one command against the store in `dir`.
pub fn run(cli: &Cli, dir: &Path, w: &mut dyn Write) -> Result<()> {
    let mut out = Out { w, json: cli.json };
    let out = &mut out;
    let own = cli.passphrase_file.as_deref();
    if let Command::Passphrase(cmd) = &cli.command {
        return passphrase::run(dir, out, own, cmd);
    }
    if let Command::Init { name, role } = &cli.command {
        return profile::init(dir, out, own, name, role);
    }
    // Restoring a backup replaces the database file: it must not be open here meanwhile.
    if let Command::Restore { target, passphrase } = &cli.command {
        let file = Path::new(target);
        if file.is_file() {
            return backup::restore(dir, out, own, file, passphrase);
        }
    }
    let mut store = open(dir, own)?;
    match &cli.command {
        Command::Init { .. } | Command::Passphrase(_) => Ok(()),
        Command::Profile(cmd) => profile::run(&mut store, out, cmd),
        Command::Case(cmd) => case::run(&mut store, out, cmd),
        Command::Person(cmd) => person::run(&mut store, out, cmd),
        Command::Entry(cmd) => entry::run(&mut store, out, cmd),
        Command::Reflect(cmd) => reflect::run(&mut store, out, cmd),
        Command::Cowork(cmd) => cowork::run(&mut store, out, cmd),
        Command::Action(cmd) => action::run(&mut store, out, cmd),
        Command::Supervision(cmd) => supervision::run(&mut store, out, cmd),
        Command::Placement(cmd) => placement::run(&mut store, out, cmd),
        Command::Search(args) => search::run(&store, out, args),
        Command::Export(cmd) => export::run(&store, out, cmd),
        Command::Sync(cmd) => sync::run(&mut store, out, cmd),
        Command::Hub(cmd) => hub::run(&mut store, out, cmd),
        Command::Conflicts(cmd) => conflicts::run(&mut store, out, cmd),
        Command::Trash { limit, offset } => trash::list(&store, out, *limit, *offset),
        Command::Restore { target, .. } => trash::restore(&mut store, out, target),
        Command::SignOut { discard_unsynced } => profile::sign_out(store, out, *discard_unsynced),
        Command::Backup { file, passphrase } => backup::create(&store, out, own, file, passphrase),
        Command::Doctor { check: _, rebuild } => doctor::run(&mut store, out, *rebuild),
        Command::Log { limit } => doctor::log(&store, out, *limit),
        Command::Seed {
            cases,
            entries,
            reflections,
            cowork,
            seed,
        } => seed::run(
            &mut store,
            out,
            *cases,
            *entries,
            *reflections,
            *cowork,
            *seed,
        ),
    }
}

/// Opens the casework in `dir`: unlocked with your passphrase. Casework from before encryption
/// at rest is refused until a passphrase is set, so nothing is written unencrypted.
fn open(dir: &Path, own: Option<&Path>) -> Result<Store> {
    match lock::state(dir)? {
        LockState::Locked => open_with(dir, &input::own_passphrase(own, false)?),
        _ => open_with(dir, ""),
    }
}

/// [`open`] with the passphrase already read.
pub fn open_with(dir: &Path, passphrase: &str) -> Result<Store> {
    match lock::state(dir)? {
        LockState::Empty => Err(Error::NotInitialised),
        LockState::Unencrypted => Err(Error::Refused(
            "this casework is not encrypted yet: set a passphrase first with `casecraft passphrase set` (or open the app)".into(),
        )),
        LockState::Locked => lock::unlock(dir, Unlock::Passphrase(passphrase)),
    }
}
