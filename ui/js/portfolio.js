// Portfolio and CPD: a student's placement (setting, practice educator, start, days required) and
// its progress, the day log, direct observations, then the portfolio — evidence by the nine PCF
// domains, reflections by domain, observations, supervision — and the CPD record, both rendered by
// the core and ready to print.

import { call } from "./ipc.js";
import { el, field, formError, showError, replace, showFormError, clearFormErrors, sanitisedHtml, focusOn, dayInput } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { replacementList } from "./documents.js";

export async function render(root, params, ctx) {
  const error = formError();
  let placements = [];
  try {
    placements = await call("placements_list");
  } catch (failure) {
    showError(error, failure);
  }
  const current = placements[0] ?? null;
  const again = () => render(root, params, ctx);
  const view = el("div", { id: "portfolio-view" });
  const anonymise = el("input", { type: "checkbox", id: "portfolio-anonymise" });
  // A document shown before the choice changed is not the one asked for now: take it away.
  anonymise.addEventListener("change", () => replace(view));
  const showDocument = async (command, id) => {
    try {
      const doc = await call(command, { anonymise: anonymise.checked });
      const print = el("button", { type: "button", class: "no-print", id: `${id}-print` }, "Print…");
      // Only the document is printed (app.css): not the forms, the day log or the replacements.
      print.addEventListener("click", () => window.print());
      const article = sanitisedHtml("article", { id, class: "card markdown print-target" }, doc.previewHtml);
      replace(view, doc.replacements ? replacementList(doc.replacements) : [], print, article);
      view.scrollIntoView();
    } catch (failure) {
      replace(view);
      showError(error, failure);
    }
  };
  const portfolioButton = el("button", { type: "button", id: "show-portfolio", class: "primary" }, "Show my portfolio");
  const cpdButton = el("button", { type: "button", id: "show-cpd" }, "Show my CPD record");
  portfolioButton.addEventListener("click", () => showDocument("portfolio_view", "portfolio"));
  cpdButton.addEventListener("click", () => showDocument("cpd_view", "cpd"));

  const main = [
    el("h1", {}, "Portfolio and CPD"),
    error,
    current ? await placementSummary(current, ctx, again) : placementForm(again),
  ];
  if (current) main.push(el("div", { class: "columns" }, dayForm(current, ctx, again), observationForm(current, ctx, again)));
  main.push(
    el(
      "section",
      { class: "card no-print", "aria-labelledby": "documents-title" },
      el("h2", { id: "documents-title" }, "Your evidence, gathered"),
      el("p", { class: "hint" }, "The portfolio counts your evidence for each PCF domain: reflections (tag them in the reflective log), direct observations and days logged. The CPD record gives each reflection in the shape of Social Work England's form; tag a reflection peer-reflection when you discussed it with a peer."),
      el("label", { class: "check" }, anonymise, " Anonymise: replace the names, dates of birth, addresses and references of the people in your cases (with placeholders such as “Mother (case 2)”); a document that would still name someone is refused"),
      el("div", { class: "form-actions" }, portfolioButton, cpdButton),
    ),
    view,
  );
  replace(root, ...main);
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
}

async function placementSummary(p, ctx, again) {
  let days = [];
  let observations = [];
  try {
    [days, observations] = await Promise.all([call("placement_days", { placementId: p.id }), call("observations_list", { placementId: p.id })]);
  } catch {
    days = [];
    observations = [];
  }
  const edit = el("button", { type: "button", id: "placement-edit", class: "small" }, "Edit…");
  const section = el(
    "section",
    { id: "placement", class: "card", "aria-labelledby": "placement-title" },
    el("div", { class: "case-title" }, el("h2", { id: "placement-title" }, p.setting), edit),
    el("p", {}, `Practice educator ${p.educator} · from ${p.startedOn}`),
    el("p", { id: "placement-progress" }, el("strong", {}, `${p.daysLogged} of ${p.requiredDays} days logged`)),
    el("progress", { max: String(p.requiredDays), value: String(p.daysLogged), "aria-label": "Days logged" }),
    days.length ? dayLog(p, days, ctx, again) : el("p", { class: "empty" }, "No days logged yet."),
    observationList(p, observations, ctx, again),
  );
  edit.addEventListener("click", () => section.replaceWith(placementForm(again, p)));
  return section;
}

/** The day log, latest first: the last ten days, and all of them on request (any day can be
 * corrected, not only the recent ones). */
function dayLog(p, days, ctx, again) {
  const RECENT = 10;
  const list = el("ul", { id: "day-log", class: "plain-list" });
  const show = (shown) => {
    replace(
      list,
      shown
        .slice()
        .reverse()
        .map((d) => {
          const item = el("li", { "data-id": d.id }, el("strong", {}, d.day), ` — ${d.activities}`, d.pcf.length ? el("span", { class: "hint" }, ` (${d.pcf.join("; ")})`) : null, " ", correctButton(`day-edit-${d.day}`, `Correct the day ${d.day}`));
          item.lastChild.addEventListener("click", () => correctInPlace(item, dayForm(p, ctx, again, d)));
          return item;
        }),
    );
  };
  show(days.slice(-RECENT));
  if (days.length <= RECENT) return list;
  const all = el("button", { type: "button", id: "day-log-all", class: "small" }, `Show all ${days.length} days`);
  all.addEventListener("click", () => {
    show(days);
    all.remove();
  });
  return el("div", {}, list, all);
}

function correctButton(id, label) {
  return el("button", { type: "button", id, class: "small quiet correct-button", "aria-label": label }, "Correct…");
}

/** Shows a correction form in place of a list item's text. One at a time: the other *Correct…*
 * buttons wait until it is saved or cancelled (both draw the page afresh). */
function correctInPlace(item, form) {
  for (const button of document.querySelectorAll(".correct-button")) button.disabled = true;
  item.replaceChildren(form);
}

/** The placement's direct observations, each with a way to correct it. */
function observationList(p, observations, ctx, again) {
  const list = el("ul", { id: "observation-log", class: "plain-list" });
  for (const o of observations) {
    const item = el(
      "li",
      { "data-id": o.id },
      el("strong", {}, o.observedOn),
      ` — ${o.activity}, observed by ${o.observer}`,
      o.pcf.length ? el("span", { class: "hint" }, ` (${o.pcf.join("; ")})`) : null,
      " ",
      correctButton(`observation-edit-${o.id}`, `Correct the observation of ${o.activity}`),
      o.feedback ? el("p", { class: "summary" }, o.feedback) : null,
    );
    item.querySelector("button").addEventListener("click", () => correctInPlace(item, observationForm(p, ctx, again, o)));
    list.append(item);
  }
  return el("div", {}, el("h3", {}, "Direct observations"), observations.length ? list : el("p", { class: "empty" }, "No observations recorded yet."));
}

/** The placement form: a new placement, or corrections to `existing`. */
function placementForm(again, existing = null) {
  const setting = el("input", { id: "placement-setting", name: "setting", autocomplete: "off", value: existing?.setting ?? "" });
  const educator = el("input", { id: "placement-educator", name: "educator", autocomplete: "off", value: existing?.educator ?? "" });
  const start = dayInput("placement-start", { name: "start" }, existing?.startedOn ?? "");
  const days = el("input", { id: "placement-days", name: "days", type: "number", min: "1", max: "260", value: String(existing?.requiredDays ?? 70), inputmode: "numeric" });
  const error = formError();
  const form = el(
    "form",
    { id: "placement-form", class: "card narrow", "aria-labelledby": "placement-form-title", novalidate: "" },
    el("h2", { id: "placement-form-title" }, "Your placement"),
    el("p", { class: "hint" }, "For a student on placement: the setting and your practice educator, to gather your evidence."),
    field("Setting", setting, "The team, service or agency.", "setting"),
    field("Practice educator", educator, null, "educator"),
    field("First day", start, null, "start"),
    field("Days required", days, "70 and 100 are usual for first and final placements.", "days"),
    error,
    el("button", { type: "submit", class: "primary" }, "Save the placement"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const input = { setting: setting.value, educator: educator.value, startedOn: start.value || null, requiredDays: Number(days.value) || 0 };
    try {
      if (existing) await call("placement_edit", { id: existing.id, input });
      else await call("placement_create", { input });
      again();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}

function domainBoxes(prefix, ctx, chosen = []) {
  const boxes = ctx.vocabulary.pcfDomains.map((d) => el("input", { type: "checkbox", id: `${prefix}-${d.value}`, value: d.value, checked: chosen.includes(d.value) }));
  return {
    boxes,
    node: el("fieldset", { class: "pcf" }, el("legend", {}, "PCF domains evidenced"), ctx.vocabulary.pcfDomains.map((d, i) => el("label", { class: "check" }, boxes[i], ` ${d.label}`))),
    chosen: () => boxes.filter((b) => b.checked).map((b) => b.value),
  };
}

/** The day form: a new day of the log, or corrections to `existing` (shown in its place). */
function dayForm(p, ctx, again, existing = null) {
  const prefix = existing ? "day-edit" : "day";
  const day = dayInput(`${prefix}-date`, { name: "day" }, existing?.day ?? "");
  const activities = el("textarea", { id: `${prefix}-activities`, name: "activities", rows: 3 });
  activities.value = existing?.activities ?? "";
  const pcf = domainBoxes(`${prefix}-pcf`, ctx, existing?.domains ?? []);
  const error = formError();
  const cancel = existing ? el("button", { type: "button", class: "quiet" }, "Cancel") : null;
  const form = el(
    "form",
    { id: existing ? "day-edit-form" : "day-form", class: "card", "aria-labelledby": `${prefix}-form-title`, novalidate: "" },
    el("h2", { id: `${prefix}-form-title` }, existing ? `Correct the day ${existing.day}` : "Log a day"),
    field("Day", day, existing ? null : "Today if left empty.", "day"),
    field("What you did and learned", activities, null, "activities"),
    pcf.node,
    error,
    el("div", { class: "form-actions" }, el("button", { type: "submit", class: "primary" }, existing ? "Save the correction" : "Log the day"), cancel),
  );
  cancel?.addEventListener("click", again);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const input = { day: day.value || null, activities: activities.value, pcf: pcf.chosen() };
    try {
      const saved = existing ? await call("placement_day_edit", { id: existing.id, input }) : await call("placement_log_day", { placementId: p.id, input });
      await again();
      // Focus on the day just logged or corrected, in the day log.
      const id = saved?.id ?? existing?.id;
      if (id) focusOn(document.querySelector(`#day-log [data-id="${CSS.escape(id)}"]`));
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  if (existing) queueMicrotask(() => activities.focus());
  return form;
}

/** The observation form: a new direct observation, or corrections to `existing` (in its place). */
function observationForm(p, ctx, again, existing = null) {
  const prefix = existing ? "observation-edit" : "observation";
  const date = dayInput(`${prefix}-date`, { name: "date" }, existing?.observedOn ?? "");
  const observer = el("input", { id: `${prefix}-observer`, name: "observer", autocomplete: "off", value: existing?.observer ?? p.educator });
  const activity = el("input", { id: `${prefix}-activity`, name: "activity", autocomplete: "off", value: existing?.activity ?? "" });
  const feedback = el("textarea", { id: `${prefix}-feedback`, name: "feedback", rows: 3 });
  feedback.value = existing?.feedback ?? "";
  const pcf = domainBoxes(`${prefix}-pcf`, ctx, existing?.domains ?? []);
  const error = formError();
  const cancel = existing ? el("button", { type: "button", class: "quiet" }, "Cancel") : null;
  const form = el(
    "form",
    { id: `${prefix}-form`, class: "card", "aria-labelledby": `${prefix}-form-title`, novalidate: "" },
    el("h2", { id: `${prefix}-form-title` }, existing ? "Correct the observation" : "A direct observation"),
    field("Date", date, existing ? null : "Today if left empty.", "date"),
    field("Observed by", observer, null, "observer"),
    field("What was observed", activity, "A home visit, an assessment, a meeting you chaired…", "activity"),
    field("Feedback", feedback, null, "feedback"),
    pcf.node,
    error,
    el("div", { class: "form-actions" }, el("button", { type: "submit", class: "primary" }, existing ? "Save the correction" : "Record the observation"), cancel),
  );
  cancel?.addEventListener("click", again);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const input = { observedOn: date.value || null, observer: observer.value, activity: activity.value, feedback: feedback.value, pcf: pcf.chosen() };
    try {
      if (existing) await call("observation_edit", { id: existing.id, input });
      else await call("observation_add", { placementId: p.id, input });
      again();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  if (existing) queueMicrotask(() => activity.focus());
  return form;
}
