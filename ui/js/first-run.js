// First run: who is writing on this device (name and role) and the passphrase that encrypts
// their casework here; then the recovery code, shown once. Nothing else can happen before.

import { call } from "./ipc.js";
import { el, field, select, formError, replace, showFormError, clearFormErrors } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { newPassphraseFields, renderRecoveryCode } from "./lock.js";

export function render(root, _params, ctx) {
  const name = el("input", { id: "profile-name", name: "displayName", autocomplete: "name", "aria-required": "true" });
  const role = select("profile-role", ctx.vocabulary.roles);
  // The passphrase is set already when a set-up stopped before the profile was made.
  const needsPassphrase = ctx.access !== "unlocked";
  const secret = newPassphraseFields("first-run");
  const error = formError();
  const form = el(
    "form",
    { id: "first-run", class: "card narrow", "aria-labelledby": "first-run-title" },
    el("h1", { id: "first-run-title" }, "Welcome to Casecraft"),
    el("p", {}, "Your casework stays on this device, encrypted. First, tell Casecraft who is writing and choose a passphrase."),
    field("Your name", name, "Shown on what you record and to co-workers on shared cases.", "name"),
    field("Your role", role),
    ...(needsPassphrase ? secret.nodes : []),
    error,
    el("button", { type: "submit", class: "primary" }, "Start"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const mismatch = needsPassphrase ? secret.mismatch() : null;
    if (mismatch) return showFormError(form, error, mismatch);
    if (!needsPassphrase) {
      try {
        ctx.setProfile(await call("profile_init", { input: { displayName: name.value, role: role.value } }));
        ctx.navigate("#/caseload");
      } catch (failure) {
        showFormError(form, error, failure);
      }
      return;
    }
    try {
      const done = await call("set_up", {
        passphrase: secret.passphrase.value,
        profile: { displayName: name.value, role: role.value },
      });
      renderRecoveryCode(root, done.recoveryCode, () => {
        ctx.setProfile(done.profile);
        ctx.navigate("#/caseload");
      });
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(root, form);
  setShortcuts([]);
  name.focus();
}
