// The caseload, a page at a time: open cases (or closed, or all), most in need of attention first
// (or by name or date opened), filtered by flag, with the quality signals the
// core computes (time since direct contact, drafts, actions), and a form to open a case.

import { call } from "./ipc.js";
import { el, field, select, formError, showError, clearError, replace, showFormError, clearFormErrors, listCount } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

const PAGE = 50;
// The caseload's filters survive a visit to a case and back.
const view = { status: "open", sort: "attention", flag: "", tag: "" };

export async function render(root, _params, ctx) {
  const error = formError();
  const list = el("ul", { id: "cases", class: "case-list" });
  const empty = el("p", { id: "no-cases", class: "empty", hidden: true }, "No cases here. Open one with the form, or change the filters.");
  const more = el("button", { type: "button", id: "cases-more", hidden: true }, "Show more cases");
  const status = select("filter-status", [
    { value: "open", label: "Open" },
    { value: "closed", label: "Closed" },
    { value: "all", label: "All" },
  ]);
  const sort = select("filter-sort", [
    { value: "attention", label: "Needs attention" },
    { value: "name", label: "Name" },
    { value: "opened", label: "Date opened" },
  ]);
  const flag = select("filter-flag", [{ value: "", label: "Any flag" }, ...ctx.vocabulary.commonFlags]);
  const tag = el("input", { id: "filter-tag", type: "search", autocomplete: "off", size: 10, value: view.tag });
  status.value = view.status;
  sort.value = view.sort;
  flag.value = view.flag;
  let offset = 0;
  const count = listCount("cases-count", "cases", more);
  const load = async (append = false) => {
    clearError(error);
    try {
      const page = await call("cases_list", { query: { status: status.value, sort: sort.value, flag: flag.value, tag: tag.value.trim(), limit: PAGE, offset: append ? offset : 0 } });
      offset = (append ? offset : 0) + page.items.length;
      if (append) list.append(...page.items.map(caseRow));
      else replace(list, page.items.map(caseRow));
      empty.hidden = offset > 0;
      count.update(page, offset);
    } catch (failure) {
      showError(error, failure);
    }
  };
  for (const control of [status, sort, flag, tag]) {
    control.addEventListener("change", () => {
      Object.assign(view, { status: status.value, sort: sort.value, flag: flag.value, tag: tag.value });
      load();
    });
  }
  more.addEventListener("click", () => load(true));
  await load();
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
        el("h2", { id: "cases-title", class: "visually-hidden" }, "Cases"),
        el("div", { class: "panel-tools filters" }, labelled("Show", status), labelled("Sort by", sort), labelled("Flag", flag), labelled("Tag", tag)),
        error,
        count.node,
        list,
        empty,
        more,
      ),
      form,
    ),
  );
  setShortcuts([{ key: "n", keyLabel: "N", label: "new case", action: () => form.querySelector("#case-subject").focus() }]);
}

function labelled(text, control) {
  return el("span", { class: "inline-field" }, el("label", { for: control.id }, text), " ", control);
}

function caseRow(row) {
  return el(
    "li",
    { class: `case-row status-row-${row.status}` },
    el(
      "a",
      { href: `#/case/${row.id}`, class: "case-link" },
      el("span", { class: "case-subject" }, row.subject),
      row.reference ? el("span", { class: "case-reference" }, row.reference) : null,
      row.status === "closed" ? el("span", { class: "status status-closed" }, "closed") : null,
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
  if (signals.lastCowork) parts.push(`Co-working note ${signals.lastCowork}`);
  return parts.join(" · ");
}

function newCaseForm(ctx) {
  const subject = el("input", { id: "case-subject", name: "subject", "aria-required": "true", autocomplete: "off" });
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
    clearFormErrors(form, error);
    const chosen = [...form.querySelectorAll("input[name=flags]:checked")].map((box) => box.value);
    try {
      const created = await call("case_create", {
        input: { subject: subject.value, reference: reference.value, summary: summary.value, flags: chosen },
      });
      ctx.navigate(`#/case/${created.id}`);
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}
