// First run: who is writing on this device (name and role). Nothing else can happen before.

import { call } from "./ipc.js";
import { el, field, select, formError, replace, showFormError, clearFormErrors } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export function render(root, _params, ctx) {
  const name = el("input", { id: "profile-name", name: "displayName", autocomplete: "name", "aria-required": "true" });
  const role = select("profile-role", ctx.vocabulary.roles);
  const error = formError();
  const form = el(
    "form",
    { id: "first-run", class: "card narrow", "aria-labelledby": "first-run-title" },
    el("h1", { id: "first-run-title" }, "Welcome to Casecraft"),
    el("p", {}, "Your casework stays on this device. First, tell Casecraft who is writing."),
    field("Your name", name, "Shown on what you record and to co-workers on shared cases.", "name"),
    field("Your role", role),
    error,
    el("button", { type: "submit", class: "primary" }, "Start"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      const profile = await call("profile_init", {
        input: { displayName: name.value, role: role.value },
      });
      ctx.setProfile(profile);
      ctx.navigate("#/caseload");
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(root, form);
  setShortcuts([]);
  name.focus();
}
