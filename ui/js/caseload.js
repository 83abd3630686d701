// The caseload: open cases, most in need of attention first, with the quality signals the
// core computes (time since direct contact, drafts, actions), and a form to open a case.

import { call } from "./ipc.js";
import { el, field, formError, showError, clearError, replace } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, _params, ctx) {
  const error = formError();
  let cases = [];
  try {
    cases = await call("cases_list", { status: "open" });
  } catch (failure) {
    showError(error, failure);
  }
  const form = newCaseForm(ctx);
  replace(
    root,
    el("h1", {}, "Caseload"),
    el(
      "div",
      { class: "columns" },
      el(
        "section",
        { class: "main-column", "aria-labelledby": "cases-title" },
        el("h2", { id: "cases-title" }, "Open cases"),
        error,
        cases.length
          ? el("ul", { id: "cases", class: "case-list" }, cases.map(caseRow))
          : el("p", { id: "no-cases", class: "empty" }, "No open cases yet. Open one with the form."),
      ),
      form,
    ),
  );
  setShortcuts([{ key: "n", keyLabel: "N", label: "new case", action: () => form.querySelector("#case-subject").focus() }]);
}

function caseRow(row) {
  return el(
    "li",
    { class: "case-row" },
    el(
      "a",
      { href: `#/case/${row.id}`, class: "case-link" },
      el("span", { class: "case-subject" }, row.subject),
      row.reference ? el("span", { class: "case-reference" }, row.reference) : null,
    ),
    row.flags.length ? el("ul", { class: "flags", "aria-label": "Flags" }, row.flags.map((f) => el("li", { class: "flag" }, f))) : null,
    el("p", { class: "signals" }, signalsText(row.signals)),
  );
}

function signalsText(signals) {
  const days = signals.daysSinceDirectContact;
  const ago = days === 0 ? "today" : `${days} ${days === 1 ? "day" : "days"} ago`;
  const parts = [
    signals.lastDirectContact
      ? `Last seen ${signals.lastDirectContact} (${ago})`
      : `Not seen since opening (opened ${ago})`,
    signals.lastReflection ? `Last reflection ${signals.lastReflection}` : "No reflection yet",
  ];
  if (signals.drafts) parts.push(`${signals.drafts} draft${signals.drafts === 1 ? "" : "s"} to complete`);
  if (signals.openActions) parts.push(`${signals.openActions} open action${signals.openActions === 1 ? "" : "s"}`);
  if (signals.overdueActions) parts.push(`${signals.overdueActions} overdue`);
  return parts.join(" · ");
}

function newCaseForm(ctx) {
  const subject = el("input", { id: "case-subject", name: "subject", required: true, autocomplete: "off" });
  const reference = el("input", { id: "case-reference", name: "reference", autocomplete: "off" });
  const summary = el("textarea", { id: "case-summary", name: "summary", rows: 4 });
  const flags = ctx.vocabulary.commonFlags.map((flag) =>
    el(
      "label",
      { class: "check" },
      el("input", { type: "checkbox", name: "flags", value: flag.value, id: `flag-${flag.value}` }),
      ` ${flag.label}`,
    ),
  );
  const error = formError();
  const form = el(
    "form",
    { id: "new-case", class: "card side-column", "aria-labelledby": "new-case-title" },
    el("h2", { id: "new-case-title" }, "Open a case"),
    field("Person the case is about", subject),
    field("Reference", reference, "Your organisation's own case number, if any."),
    field("Summary", summary),
    el("fieldset", { class: "flag-choices" }, el("legend", {}, "Flags"), flags),
    error,
    el("button", { type: "submit", class: "primary" }, "Open case"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    const chosen = [...form.querySelectorAll("input[name=flags]:checked")].map((box) => box.value);
    try {
      const created = await call("case_create", {
        input: { subject: subject.value, reference: reference.value, summary: summary.value, flags: chosen },
      });
      ctx.navigate(`#/case/${created.id}`);
    } catch (failure) {
      showError(error, failure);
    }
  });
  return form;
}
