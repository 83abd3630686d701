// The caseload, a page at a time: open cases (or closed, or all), most in need of attention first
// (or by name or date opened), filtered by flag, with the quality signals the
// core computes (time since direct contact, drafts, actions), and a form to open a case. Above it,
// once each, the cases that left this device because a colleague stopped sharing them.

import { call } from "./ipc.js";
import { el, field, select, formError, showError, clearError, replace, showFormError, clearFormErrors, listCount } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { removalNotices } from "./team.js";

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
  // "47 open cases": the count names what the filter shows.
  const noun = () => ({ open: "open cases", closed: "closed cases" })[status.value] ?? "cases";
  let count = listCount("cases-count", noun(), more, list);
  const load = async (append = false) => {
    clearError(error);
    try {
      const page = await call("cases_list", { query: { status: status.value, sort: sort.value, flag: flag.value, tag: tag.value.trim(), limit: PAGE, offset: append ? offset : 0 } });
      offset = (append ? offset : 0) + page.items.length;
      const row = (r) => caseRow(r);
      if (append) list.append(...page.items.map(row));
      else replace(list, page.items.map(row));
      empty.hidden = offset > 0;
      count.update(page, offset);
    } catch (failure) {
      showError(error, failure);
    }
  };
  const refilter = () => {
    Object.assign(view, { status: status.value, sort: sort.value, flag: flag.value, tag: tag.value });
    const next = listCount("cases-count", noun(), more, list);
    count.node.replaceWith(next.node);
    count = next;
    load();
  };
  for (const control of [status, sort, flag]) control.addEventListener("change", refilter);
  // The tag filter applies as it is typed (a moment after typing stops).
  let typing = null;
  tag.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(refilter, 250);
  });
  more.addEventListener("click", () => load(true));
  await load();
  const form = newCaseForm(ctx);
  replace(
    root,
    el("h1", {}, "Caseload"),
    removalNotices(),
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

export function caseRow(row) {
  return el(
    "li",
    { class: `case-row status-row-${row.status}` },
    el(
      "a",
      { href: `#/case/${row.id}`, class: "case-link" },
      el("span", { class: "case-subject" }, row.subject),
      row.reference ? el("span", { class: "case-reference" }, row.reference) : null,
      row.status === "closed" ? el("span", { class: "status status-closed" }, "closed") : null,
      row.teamRole === "supervisor" || row.teamRole === "read-only" ? el("span", { class: "case-role" }, row.teamRole === "supervisor" ? "you supervise" : "shared to read") : null,
    ),
    row.flags.length ? el("ul", { class: "flags", "aria-label": "Flags" }, row.flagLabels.map((label) => el("li", { class: "flag" }, label))) : null,
    row.tags.length ? el("ul", { class: "tags", "aria-label": "Tags" }, row.tags.map((t) => el("li", { class: "tag" }, t))) : null,
    el("p", { class: "signals" }, signalParts(row.signals)),
  );
}

/**
 * The signals, each its own part; those that need attention (long without direct contact,
 * overdue actions) are marked with a word and a sign as well as weight, never colour alone.
 */
function signalParts(signals) {
  const part = (text, attention = false) =>
    attention ? el("span", { class: "signal attention" }, el("span", { "aria-hidden": "true" }, "▲ "), text) : el("span", { class: "signal" }, text);
  const ago = signals.contactAgo;
  const parts = [
    signals.lastDirectContact
      ? part(`Last seen ${signals.lastDirectContact} (${ago})`, signals.contactOverdue)
      : part(`Not seen since opening (opened ${ago})`, signals.contactOverdue),
    part(signals.lastReflection ? `Last reflection ${signals.lastReflection}` : "No reflection yet"),
  ];
  if (signals.drafts) parts.push(part(`${signals.drafts} draft${signals.drafts === 1 ? "" : "s"} to complete`));
  if (signals.openActions) parts.push(part(`${signals.openActions} open action${signals.openActions === 1 ? "" : "s"}`));
  if (signals.overdueActions) parts.push(part(`${signals.overdueActions} overdue`, true));
  if (signals.lastCowork) parts.push(part(`Co-working note ${signals.lastCowork}`));
  return parts.flatMap((p, i) => (i ? [" · ", p] : [p]));
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
