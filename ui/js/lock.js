// Encryption at rest in the window: the unlock screen (passphrase, or the recovery code and a new
// passphrase), setting a passphrase on casework from before encryption, the recovery code shown
// once, and locking — after the idle time set in Settings, or now (Ctrl+L, the Lock button).
//
// Locking saves any draft being typed (each screen registers with `onBeforeLock`), closes the
// store in Rust, then loads the page afresh: every screen, draft buffer and value held in
// JavaScript is gone, and the new page starts at the unlock screen.

import { call, startAfresh } from "./ipc.js";
import { el, field, formError, replace, showFormError, clearFormErrors } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

const beforeLock = new Set();
let idleLimitMs = 0;
let lastActivity = Date.now();
let locking = false;

/** Registers `save` (may return a promise) to run before the app locks; returns the undo. */
export function onBeforeLock(save) {
  beforeLock.add(save);
  return () => beforeLock.delete(save);
}

/** Saves what is being typed, closes the casework and clears the window. */
export async function lockNow() {
  if (locking) return;
  locking = true;
  await Promise.allSettled([...beforeLock].map((save) => save()));
  try {
    await call("lock");
  } finally {
    // A fresh page: nothing of the last screen survives in the webview.
    startAfresh();
  }
}

/** A minute before locking, a warning when a form holds text that is not saved. */
const WARN_MS = 60_000;

/**
 * Locks after `minutes` without a key press, click, scroll or pointer movement. Forms that do not
 * save as they go (all but the record form, which keeps a draft) are watched: a minute before the
 * lock, a warning says their text would be lost.
 */
export function startIdleLock(minutes) {
  setIdleMinutes(minutes);
  const seen = () => {
    lastActivity = Date.now();
    document.getElementById("lock-warning")?.remove();
  };
  for (const type of ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"]) {
    window.addEventListener(type, seen, { capture: true, passive: true });
  }
  document.addEventListener("input", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    if (form && form.id !== "new-entry" && !form.dataset.keepsDraft) form.dataset.unsaved = "1";
  }, true);
  document.addEventListener("submit", (event) => {
    if (event.target instanceof HTMLFormElement) delete event.target.dataset.unsaved;
  }, true);
  setInterval(() => {
    if (idleLimitMs <= 0) return;
    const idle = Date.now() - lastActivity;
    if (idle >= idleLimitMs) return lockNow();
    if (idle >= idleLimitMs - WARN_MS && document.querySelector("form[data-unsaved]") && !document.getElementById("lock-warning")) {
      document.body.append(
        el("p", { id: "lock-warning", class: "lock-warning", role: "alert" }, "Casecraft locks in a minute when unused. Save the form you are writing, or its text will be lost."),
      );
    }
  }, 5_000);
}

/** A new idle time (from Settings). */
export function setIdleMinutes(minutes) {
  idleLimitMs = Number(minutes) * 60_000;
  lastActivity = Date.now();
}

function passphraseInput(id, name, autocomplete) {
  return el("input", { id, name, type: "password", autocomplete, spellcheck: "false", "aria-required": "true" });
}

/** The unlock screen; on success the page loads afresh, unlocked. */
export function renderUnlock(root) {
  const passphrase = passphraseInput("unlock-passphrase", "passphrase", "current-password");
  const error = formError();
  const forgot = el("button", { type: "button", id: "forgot-passphrase", class: "link" }, "Forgot your passphrase? Use your recovery code");
  const form = el(
    "form",
    { id: "unlock", class: "card narrow", "aria-labelledby": "unlock-title" },
    el("h1", { id: "unlock-title" }, "Casecraft is locked"),
    el("p", {}, "Your casework is encrypted on this device. Enter your passphrase to open it."),
    field("Passphrase", passphrase, null, "passphrase"),
    error,
    el("div", { class: "form-actions" }, el("button", { type: "submit", class: "primary" }, "Unlock"), forgot),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("unlock", { passphrase: passphrase.value });
    } catch (failure) {
      passphrase.value = "";
      showFormError(form, error, failure);
      return;
    }
    // Afresh, back on the screen the person was on when it locked (main.js).
    startAfresh();
  });
  forgot.addEventListener("click", () => renderRecover(root));
  replace(root, form);
  setShortcuts([]);
  passphrase.focus();
}

function renderRecover(root) {
  const code = el("input", { id: "recovery-code-input", name: "recovery code", autocomplete: "off", spellcheck: "false", "aria-required": "true" });
  const next = passphraseInput("recover-new", "new passphrase", "new-password");
  const again = passphraseInput("recover-again", "again", "new-password");
  const error = formError();
  const back = el("button", { type: "button", class: "link" }, "Back to the passphrase");
  const form = el(
    "form",
    { id: "recover", class: "card narrow", "aria-labelledby": "recover-title" },
    el("h1", { id: "recover-title" }, "Set a new passphrase"),
    el("p", {}, "Type the recovery code you wrote down when you set up Casecraft, then choose a new passphrase. The old passphrase will no longer open your casework."),
    field("Recovery code", code, "Eight groups of four letters and digits; dashes and case do not matter.", "recovery code"),
    field("New passphrase", next, "At least 10 characters; a few unrelated words are easy to remember.", "passphrase"),
    field("New passphrase again", again, null, "again"),
    error,
    el("div", { class: "form-actions" }, el("button", { type: "submit", class: "primary" }, "Set passphrase and unlock"), back),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    if (next.value !== again.value) {
      showFormError(form, error, { field: "again", message: "The two passphrases differ; type the same one twice." });
      return;
    }
    try {
      await call("unlock_with_recovery", { code: code.value, newPassphrase: next.value });
    } catch (failure) {
      showFormError(form, error, failure);
      return;
    }
    startAfresh();
  });
  back.addEventListener("click", () => renderUnlock(root));
  replace(root, form);
  code.focus();
}

/** Passphrase fields for setting one up: the passphrase typed twice. */
export function newPassphraseFields(prefix) {
  const passphrase = passphraseInput(`${prefix}-passphrase`, "passphrase", "new-password");
  const again = passphraseInput(`${prefix}-again`, "again", "new-password");
  return {
    passphrase,
    again,
    nodes: [
      field("Passphrase", passphrase, "Encrypts your casework on this device. At least 10 characters; a few unrelated words are easy to remember.", "passphrase"),
      field("Passphrase again", again, null, "again"),
    ],
    /** An error for the form when the two differ, else null. */
    mismatch: () => (passphrase.value !== again.value ? { field: "again", message: "The two passphrases differ; type the same one twice." } : null),
  };
}

/** Casework from before encryption: set a passphrase, which encrypts it. */
export function renderEncrypt(root) {
  const fields = newPassphraseFields("encrypt");
  const error = formError();
  const form = el(
    "form",
    { id: "encrypt", class: "card narrow", "aria-labelledby": "encrypt-title" },
    el("h1", { id: "encrypt-title" }, "Protect your casework with a passphrase"),
    el("p", {}, "This casework was written before Casecraft encrypted what it keeps. Choose a passphrase: your casework is then encrypted on this device, checked, and only then is the unencrypted copy removed."),
    ...fields.nodes,
    error,
    el("button", { type: "submit", class: "primary" }, "Encrypt my casework"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const mismatch = fields.mismatch();
    if (mismatch) return showFormError(form, error, mismatch);
    try {
      const done = await call("set_up", { passphrase: fields.passphrase.value });
      renderRecoveryCode(root, done.recoveryCode, startAfresh);
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(root, form);
  setShortcuts([]);
  fields.passphrase.focus();
}

/** The recovery code, shown once, until the person says they have written it down. */
export function renderRecoveryCode(root, code, onDone) {
  const done = el("button", { type: "button", id: "recovery-done", class: "primary" }, "I have written it down");
  const card = el(
    "section",
    { id: "recovery", class: "card narrow", "aria-labelledby": "recovery-title" },
    el("h1", { id: "recovery-title" }, "Your recovery code"),
    el("p", {}, "If you forget your passphrase, this code is the only way to open your casework. Write it down now and keep it somewhere safe, away from this device. It will not be shown again."),
    el("p", { class: "recovery-code" }, el("code", { id: "recovery-code" }, code)),
    done,
  );
  done.addEventListener("click", onDone);
  replace(root, card);
  setShortcuts([]);
  done.focus();
}
