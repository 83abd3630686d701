// Settings: the worker's name and role, the team hub this device joined (team.js), the passphrase and when the app locks, encrypted backups (make one, restore one), signing out of a shared machine (which removes this
// profile's casework from it, after saying what unsynced changes that would lose), and what this app is (its version and database schema).

import { call } from "./ipc.js";
import { el, field, select, formError, replace, showError, showFormError, clearFormErrors } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { newPassphraseFields, setIdleMinutes } from "./lock.js";
import { teamSection } from "./team.js";

export function render(root, _params, ctx) {
  const name = el("input", { id: "settings-name", name: "name", autocomplete: "name", value: ctx.profile.displayName });
  const role = select("settings-role", ctx.vocabulary.roles, { name: "role" });
  role.value = ctx.profile.role;
  const error = formError();
  const saved = el("p", { id: "settings-saved", class: "hint", role: "status" });
  const form = el(
    "form",
    { id: "settings", class: "card narrow", "aria-labelledby": "settings-title" },
    el("h1", { id: "settings-title" }, "Settings"),
    field("Your name", name),
    field("Your role", role),
    error,
    saved,
    el("button", { type: "submit", class: "primary" }, "Save"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    saved.textContent = "";
    try {
      const profile = await call("profile_edit", { input: { displayName: name.value, role: role.value } });
      ctx.setProfile(profile);
      saved.textContent = "Saved.";
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(root, form, teamSection(), securitySection(), backupSection(ctx), signOutSection(ctx), aboutSection());
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
}

function aboutSection() {
  const version = el("p", { id: "about-version" });
  call("app_about")
    .then((about) => {
      version.textContent = about.label;
    })
    .catch(() => {
      version.textContent = "Casecraft";
    });
  return el(
    "section",
    { id: "about-section", class: "card narrow", "aria-labelledby": "about-title" },
    el("h2", { id: "about-title" }, "About Casecraft"),
    version,
    el("p", { class: "hint" }, "Your casework stays on this device, encrypted, until you sync it to a folder you choose or share a case through your team's hub."),
  );
}

function signOutSection(ctx) {
  const host = el("div", { id: "sign-out-confirm", hidden: true });
  const error = formError();
  const start = el("button", { type: "button", id: "sign-out" }, "Sign out of this machine…");
  const finish = async (discardUnsynced) => {
    try {
      await call("sign_out", { discardUnsynced });
    } catch (failure) {
      showError(error, failure);
      return;
    }
    ctx.access = "empty";
    ctx.setProfile(null);
    document.getElementById("sync-status").textContent = "";
    ctx.navigate("#/");
  };
  start.addEventListener("click", async () => {
    let lost;
    try {
      lost = await call("sign_out_check");
    } catch (failure) {
      showError(error, failure);
      return;
    }
    const cancel = el("button", { type: "button", onclick: () => { host.hidden = true; start.focus(); } }, "Cancel");
    if (lost.changes === 0 && lost.deviceOnly.length === 0) {
      replace(
        host,
        el("p", {}, "Every change made here is in the sync folder. Signing out removes this profile's casework from this machine; your other devices keep it."),
        el("button", { type: "button", id: "sign-out-now", class: "primary", onclick: () => finish(false) }, "Sign out"),
        " ",
        cancel,
      );
    } else {
      replace(
        host,
        el("p", { class: "form-error", role: "alert" }, lost.message),
        lost.deviceOnly.length
          ? el("ul", { id: "sign-out-device-only", "aria-label": "Kept on this machine only" }, lost.deviceOnly.map((name) => el("li", {}, name)))
          : null,
        el("button", { type: "button", id: "sign-out-discard", class: "danger", onclick: () => finish(true) }, "Sign out and discard them"),
        " ",
        cancel,
      );
    }
    host.hidden = false;
    host.querySelector("button").focus();
  });
  return el(
    "section",
    { id: "sign-out-section", class: "card narrow", "aria-labelledby": "sign-out-title" },
    el("h2", { id: "sign-out-title" }, "Shared machine"),
    el("p", { class: "hint" }, "Signing out removes this profile's casework from this machine, for the next person at the desk."),
    start,
    host,
    error,
  );
}

function securitySection() {
  // When the app locks by itself.
  const minutes = el("input", { id: "lock-after", name: "lock after", type: "number", min: "1", max: "240", step: "1", inputmode: "numeric" });
  const lockError = formError();
  const lockSaved = el("p", { id: "lock-after-status", class: "hint", role: "status" });
  const lockForm = el(
    "form",
    { id: "lock-after-form", "aria-labelledby": "lock-after-title", novalidate: "" },
    el("h3", { id: "lock-after-title" }, "Lock when unused"),
    field("Lock after (minutes)", minutes, "Locking closes your casework and clears the window; drafts are kept. Ctrl+L locks now.", "lock after"),
    lockError,
    lockSaved,
    el("button", { type: "submit", id: "lock-after-save" }, "Save"),
  );
  call("lock_after_get").then((m) => {
    minutes.value = String(m);
  }, (failure) => showError(lockError, failure));
  lockForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(lockForm, lockError);
    lockSaved.textContent = "";
    const value = Number(minutes.value);
    if (!Number.isInteger(value)) {
      showFormError(lockForm, lockError, { field: "lock after", message: "Give a whole number of minutes." });
      return;
    }
    try {
      const saved = await call("lock_after_set", { minutes: value });
      setIdleMinutes(saved);
      lockSaved.textContent = `Casecraft now locks after ${saved} minute${saved === 1 ? "" : "s"} unused.`;
    } catch (failure) {
      showFormError(lockForm, lockError, failure);
    }
  });

  // A new passphrase: the current one first. Nothing is re-encrypted; the recovery code stays.
  const current = el("input", { id: "passphrase-current", name: "current passphrase", type: "password", autocomplete: "current-password" });
  const fresh = newPassphraseFields("passphrase-new");
  const changeError = formError();
  const changed = el("p", { id: "passphrase-status", class: "hint", role: "status" });
  const change = el(
    "form",
    { id: "passphrase-form", "aria-labelledby": "passphrase-title" },
    el("h3", { id: "passphrase-title" }, "Change your passphrase"),
    field("Current passphrase", current, null, "current passphrase"),
    ...fresh.nodes,
    changeError,
    changed,
    el("button", { type: "submit", id: "passphrase-change" }, "Change passphrase"),
  );
  change.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(change, changeError);
    changed.textContent = "";
    const mismatch = fresh.mismatch();
    if (mismatch) return showFormError(change, changeError, mismatch);
    try {
      await call("passphrase_change", { current: current.value, newPassphrase: fresh.passphrase.value });
      changed.textContent = "Passphrase changed. Your recovery code still works.";
      for (const input of [current, fresh.passphrase, fresh.again]) input.value = "";
    } catch (failure) {
      showFormError(change, changeError, failure);
    }
  });
  return el(
    "section",
    { id: "security", class: "card narrow", "aria-labelledby": "security-title" },
    el("h2", { id: "security-title" }, "Passphrase and locking"),
    lockForm,
    change,
  );
}

function backupSection(ctx) {
  // Make a backup: a new file chosen in the system's save dialog, sealed with a passphrase
  // typed twice.
  const pass = el("input", { id: "backup-passphrase", name: "passphrase", type: "password", autocomplete: "new-password" });
  const again = el("input", { id: "backup-passphrase-again", name: "passphraseAgain", type: "password", autocomplete: "new-password" });
  const makeError = formError();
  const made = el("p", { id: "backup-status", class: "hint", role: "status" });
  const make = el(
    "form",
    { id: "backup-form", "aria-labelledby": "backup-title" },
    el("h3", { id: "backup-title" }, "Make a backup"),
    field("Backup passphrase", pass, "At least 10 characters. The backup cannot be opened without it.", "passphrase"),
    field("The passphrase again", again, null, "passphraseAgain"),
    makeError,
    made,
    el("p", { class: "hint" }, "You choose where it goes next; an existing file is never overwritten."),
    el("button", { type: "submit", id: "backup-make", class: "primary" }, "Save a backup…"),
  );
  make.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(make, makeError);
    made.textContent = "";
    if (pass.value !== again.value) {
      showFormError(make, makeError, { field: "passphraseAgain", message: "does not match the passphrase; type the same passphrase twice" });
      return;
    }
    made.textContent = "Choose where to save the backup…";
    try {
      const info = await call("backup_create", { passphrase: pass.value });
      if (!info) {
        made.textContent = "No backup was made: no file was chosen.";
        return;
      }
      made.textContent = `Backed up ${mib(info.bytes)} (${info.createdLabel}) to ${info.fileName}. Keep the passphrase safe.`;
      pass.value = "";
      again.value = "";
    } catch (failure) {
      made.textContent = "";
      showFormError(make, makeError, failure);
    }
  });

  // Restore: replaces this machine's casework with the backup's, once the backup is verified.
  const rpass = el("input", { id: "restore-passphrase", name: "passphrase", type: "password", autocomplete: "current-password" });
  const sure = el("input", { type: "checkbox", id: "restore-confirm" });
  const restoreError = formError();
  const restoreStatus = el("p", { id: "restore-status", class: "hint", role: "status" });
  const restore = el(
    "form",
    { id: "restore-form", "aria-labelledby": "restore-title" },
    el("h3", { id: "restore-title" }, "Restore a backup"),
    field("Backup passphrase", rpass, null, "passphrase"),
    el("label", { class: "check", "data-field": "confirm" }, sure, " Replace the casework on this machine with the backup's (it is checked whole first; nothing changes if it is not)", el("span", { class: "field-error", hidden: true })),
    restoreError,
    restoreStatus,
    el("button", { type: "submit", id: "backup-restore", class: "danger" }, "Choose a backup and restore…"),
  );
  restore.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(restore, restoreError);
    if (!sure.checked) {
      showFormError(restore, restoreError, { field: "confirm", message: "Tick the box to confirm: restoring replaces what is on this machine." });
      return;
    }
    restoreStatus.textContent = "Choose the backup to restore…";
    try {
      const info = await call("backup_restore", { passphrase: rpass.value });
      restoreStatus.textContent = info ? "" : "Nothing was restored: no file was chosen.";
      if (!info) return;
      ctx.setProfile(await call("profile_get"));
      ctx.navigate("#/caseload");
    } catch (failure) {
      restoreStatus.textContent = "";
      showFormError(restore, restoreError, failure);
    }
  });
  return el(
    "section",
    { id: "backups", class: "card narrow", "aria-labelledby": "backups-title" },
    el("h2", { id: "backups-title" }, "Backups"),
    el("p", { class: "hint" }, "One encrypted file holds all your casework; keep it somewhere other than this machine."),
    make,
    restore,
  );
}

function mib(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
