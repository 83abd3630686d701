// Settings: the worker's name and role, and signing out of a shared machine (which removes this
// profile's casework from it, after saying what unsynced changes that would lose).

import { call } from "./ipc.js";
import { el, field, select, formError, replace, showError, showFormError, clearFormErrors } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

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
  replace(root, form, signOutSection(ctx));
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
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
    if (lost.changes === 0) {
      replace(
        host,
        el("p", {}, "Every change made here is in the sync folder. Signing out removes this profile's casework from this machine; your other devices keep it."),
        el("button", { type: "button", id: "sign-out-now", class: "primary", onclick: () => finish(false) }, "Sign out"),
        " ",
        cancel,
      );
    } else {
      const where = lost.syncs
        ? "Sync first to keep them."
        : "This machine has never synced, so they exist only here: set up sync or make a backup first to keep them.";
      replace(
        host,
        el("p", { class: "form-error", role: "alert" }, `${lost.changes} change${lost.changes === 1 ? "" : "s"} made on this machine ${lost.changes === 1 ? "is" : "are"} not synced and would be lost. ${where}`),
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
