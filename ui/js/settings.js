// Settings: the worker's name and role.

import { call } from "./ipc.js";
import { el, field, select, formError, replace, showFormError, clearFormErrors } from "./dom.js";
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
  replace(root, form);
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
}
