//! `casecraft passphrase`: the passphrase that encrypts your casework, set, changed or recovered;
//! and the recovery code shown once whenever a passphrase is first set.

use std::path::Path;

use casecraft_core::protection::lock::{self, LockState};
use casecraft_core::{Error, Result};

use crate::cli::PassphraseCmd;
use crate::input;
use crate::out::Out;

/// Runs `casecraft passphrase …` (on the casework's folder: the store is not opened).
pub fn run(dir: &Path, out: &mut Out<'_>, own: Option<&Path>, cmd: &PassphraseCmd) -> Result<()> {
    match cmd {
        PassphraseCmd::Set => {
            if lock::state(dir)? != LockState::Unencrypted {
                return Err(Error::Refused(
                    "there is no unencrypted casework here: `casecraft init` sets up a new profile, `casecraft passphrase change` changes a passphrase".into(),
                ));
            }
            let (_, code) = lock::set_up(dir, &input::own_passphrase(own, true)?)?;
            let code = code.to_string();
            out.record(&serde_json::json!({ "recoveryCode": &code }), |o| {
                o.line("Your casework is now encrypted with your passphrase.")?;
                recovery_notice(o, &code)
            })
        }
        PassphraseCmd::Change {
            new_passphrase_file,
        } => {
            let current = input::own_passphrase(own, false)?;
            let new = input::new_passphrase(new_passphrase_file.as_deref())?;
            lock::change_passphrase(dir, &current, &new)?;
            out.line("Passphrase changed. Your recovery code still works.")
        }
        PassphraseCmd::Recover {
            code_file,
            new_passphrase_file,
        } => {
            let code = input::recovery_code(code_file.as_deref())?;
            let new = input::new_passphrase(new_passphrase_file.as_deref())?;
            lock::recover(dir, &code, &new)?;
            out.line("New passphrase set. The old one no longer opens your casework; the recovery code still does.")
        }
    }
}

/// The recovery code, shown once, and what it is for.
pub fn recovery_notice(o: &mut Out<'_>, code: &str) -> Result<()> {
    o.line("")?;
    o.line(&format!("Recovery code: {code}"))?;
    o.line(
        "Write it down and keep it somewhere safe, away from this device. It is shown only now;",
    )?;
    o.line("with it you can set a new passphrase if you forget yours. Without either, the casework cannot be opened.")
}
