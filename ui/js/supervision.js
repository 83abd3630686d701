// Supervision: the agenda proposed from the caseload (cases not seen for a while, overdue
// actions, recent closures, significant events, reflections since the last session), a form to
// record a session against the four functions — decisions per case (each lands in that case's
// chronology as a significant entry), agreed actions, reflections brought, and a wellbeing
// section that stays on this device — and the sessions so far.

import { call } from "./ipc.js";
import { el, field, select, formError, showError, replace, showFormError, clearFormErrors, short, listCount, dayInput } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { keepDraft } from "./drafts.js";

const AGENDA_HEADINGS = {
  "no-recent-contact": "Not seen for a while",
  "overdue-actions": "Overdue actions",
  "recent-closure": "Closures to review",
  "significant-event": "Significant events",
  reflection: "Reflections to bring",
};

export async function render(root, _params, ctx) {
  const error = formError();
  let agenda = { since: "", items: [] };
  let cases = [];
  let sessions = { items: [], total: 0, hasMore: false };
  let unseenClosures = [];
  try {
    [agenda, cases, sessions, unseenClosures] = await Promise.all([
      call("supervision_agenda"),
      call("cases_list", { query: { status: "open", sort: "name", all: true } }).then((page) => page.items),
      call("supervisions_list"),
      call("closures_without_contact", { days: 90 }),
    ]);
  } catch (failure) {
    showError(error, failure);
  }
  const caseChoices = cases.map((c) => ({ value: c.id, label: short(c.reference ? `${c.subject} (${c.reference})` : c.subject) }));
  const again = () => render(root, _params, ctx);
  const form = sessionForm(ctx, caseChoices, again);
  replace(
    root,
    el("h1", {}, "Supervision"),
    error,
    el(
      "div",
      { class: "columns" },
      el("section", { class: "main-column", "aria-labelledby": "agenda-title" }, agendaView(agenda, form), closuresView(unseenClosures), pastSessions(sessions, ctx, again, error)),
      form.node,
    ),
  );
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
}

function agendaView(agenda, form) {
  const list = el("div", { id: "agenda" });
  const groups = new Map();
  for (const item of agenda.items) {
    if (!groups.has(item.kind)) groups.set(item.kind, []);
    groups.get(item.kind).push(item);
  }
  for (const [kind, items] of groups) {
    list.append(
      el("h3", {}, AGENDA_HEADINGS[kind] ?? kind),
      el(
        "ul",
        { class: "agenda-list" },
        items.map((item) => {
          const add = item.kind === "reflection"
            ? el("button", { type: "button", class: "small agenda-add" }, "Bring to this session")
            : el("button", { type: "button", class: "small agenda-add" }, "Discuss this case");
          add.addEventListener("click", () => {
            if (item.kind === "reflection") form.bring(item);
            else form.addDecision(item.caseId);
            add.disabled = true;
          });
          const title = item.caseId ? el("a", { href: `#/case/${item.caseId}` }, item.title) : el("span", {}, item.title);
          return el("li", { class: "agenda-item", "data-kind": item.kind }, title, el("span", { class: "hint" }, ` — ${item.detail} `), add);
        }),
      ),
    );
  }
  if (!agenda.items.length) list.append(el("p", { class: "empty" }, "Nothing stands out since the last session: bring what you want to discuss."));
  return el(
    "div",
    { class: "card" },
    el("h2", { id: "agenda-title" }, "Proposed agenda"),
    el("p", { class: "hint" }, agenda.since ? `From the caseload's signals, and what happened from ${agenda.since}.` : ""),
    list,
  );
}

function closuresView(list) {
  return el(
    "div",
    { class: "card sessions", id: "closures-without-contact" },
    el("h2", {}, "Closed without direct contact"),
    el("p", { class: "hint" }, "Cases closed in the last 90 days whose person was not seen in the four weeks before closing."),
    list.length
      ? el("ul", { class: "plain-list" }, list.map((c) => el("li", {}, el("a", { href: `#/case/${c.id}/quality` }, c.subject), ` — closed ${c.closedOn ?? ""}`)))
      : el("p", { class: "empty" }, "None."),
  );
}

function pastSessions(first, ctx, again, error) {
  const list = el("ul", { id: "sessions", class: "session-list" });
  const more = el("button", { type: "button", id: "sessions-more", hidden: true }, "Show older sessions");
  const count = listCount("sessions-count", "sessions", more, list);
  let shown = 0;
  const show = (page) => {
    shown += page.items.length;
    count.update(page, shown);
    for (const s of page.items) list.append(sessionItem(s, ctx, again, error));
  };
  more.addEventListener("click", async () => {
    try {
      show(await call("supervisions_list", { offset: shown }));
    } catch (failure) {
      showError(error, failure);
    }
  });
  show(first);
  if (!first.total) list.append(el("li", { class: "empty" }, "No sessions recorded yet."));
  return el("div", { class: "sessions" }, el("h2", {}, "Sessions"), count.node, list, more);
}

/** One past session, with *Correct…* and *Move to trash*. */
function sessionItem(s, ctx, again, error) {
  const functions = s.functions.map((f) => f.label).join(", ");
  const correct = el("button", { type: "button", class: "small session-edit correct-button" }, "Correct…");
  const trash = el("button", { type: "button", class: "small quiet session-trash", title: "It can be restored from the trash; its decisions stay in the chronologies" }, "Move to trash");
  trash.addEventListener("click", async () => {
    try {
      await call("record_trash", { id: s.id });
      again();
    } catch (failure) {
      showError(error, failure);
    }
  });
  const card = el(
    "li",
    { class: "card session", "data-id": s.id },
    el("h3", {}, `${s.occurredOn} — with ${s.supervisor}`),
    functions ? el("p", { class: "hint" }, `Functions: ${functions}`) : null,
    s.notes ? el("p", { class: "summary" }, s.notes) : null,
    s.decisions.length
      ? el("ul", { class: "decisions" }, s.decisions.map((d) => el("li", {}, el("a", { href: `#/case/${d.caseId}` }, d.subject), `: ${d.decision}`)))
      : null,
    el("p", { class: "hint" }, `${s.actions} action${s.actions === 1 ? "" : "s"} agreed · ${s.reflections} reflection${s.reflections === 1 ? "" : "s"} brought`),
    s.wellbeing ? el("details", {}, el("summary", {}, "Wellbeing (this device only)"), el("p", { class: "summary" }, s.wellbeing)) : null,
    el("div", { class: "form-actions" }, correct, trash),
  );
  correct.addEventListener("click", () => {
    // One correction at a time (saving or cancelling draws the page afresh).
    for (const button of document.querySelectorAll(".correct-button")) button.disabled = true;
    card.replaceChildren(sessionEditForm(s, ctx, again));
  });
  return card;
}

/** The session form; the agenda adds cases and reflections to it through `addDecision` and `bring`. */
function sessionForm(ctx, caseChoices, reload) {
  const today = new Date();
  const date = dayInput("supervision-date", { name: "date" }, `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`);
  const supervisor = el("input", { id: "supervision-supervisor", name: "supervisor", autocomplete: "off", "aria-required": "true" });
  const functions = ctx.vocabulary.supervisionFunctions.map((f) => el("input", { type: "checkbox", id: `function-${f.value}`, value: f.value }));
  const notes = el("textarea", { id: "supervision-notes", name: "notes", rows: 4 });
  const decisions = el("div", { id: "supervision-decisions" });
  const actions = el("div", { id: "supervision-actions" });
  const brought = el("ul", { id: "supervision-reflections", class: "plain-list" });
  const wellbeing = el("textarea", { id: "supervision-wellbeing", name: "wellbeing", rows: 3 });
  const error = formError();
  const status = el("p", { id: "supervision-status", class: "hint", role: "status" });
  const reflections = [];

  const caseSelect = (id, value) => {
    const s = select(id, [{ value: "", label: "Choose a case" }, ...caseChoices]);
    if (value) s.value = value;
    return s;
  };
  let rows = 0;
  const addDecision = (caseId, number = null) => {
    rows = number ?? rows + 1;
    const which = caseSelect(`decision-case-${rows}`, caseId);
    const text = el("textarea", { id: `decision-text-${rows}`, class: "decision-text", rows: 2, "aria-label": "Decision" });
    const remove = el("button", { type: "button", class: "small quiet" }, "Remove");
    const row = el("div", { class: "decision-row", "data-field": "decision" }, el("label", { for: which.id }, "Case"), which, el("label", { for: text.id }, "Decision (goes into the case's chronology)"), text, remove, el("span", { class: "field-error", hidden: true }));
    remove.addEventListener("click", () => row.remove());
    decisions.append(row);
    text.focus();
  };
  const addAction = (number = null) => {
    rows = number ?? rows + 1;
    const which = caseSelect(`action-case-${rows}`);
    const text = el("input", { id: `action-text-${rows}`, class: "action-text", autocomplete: "off", "aria-label": "Action" });
    const due = dayInput(`action-due-${rows}`, { class: "action-due", "aria-label": "Due" });
    const remove = el("button", { type: "button", class: "small quiet" }, "Remove");
    const row = el("div", { class: "action-row", "data-field": "text" }, which, text, due, remove, el("span", { class: "field-error", hidden: true }));
    remove.addEventListener("click", () => row.remove());
    actions.append(row);
    text.focus();
  };
  const bring = (item) => {
    if (reflections.includes(item.recordId)) return;
    reflections.push(item.recordId);
    brought.append(el("li", {}, item.title));
  };
  const addDecisionButton = el("button", { type: "button", id: "supervision-add-decision", class: "small" }, "Add a case discussed");
  const addActionButton = el("button", { type: "button", id: "supervision-add-action", class: "small" }, "Add an agreed action");
  addDecisionButton.addEventListener("click", () => addDecision(""));
  addActionButton.addEventListener("click", () => addAction());

  const node = el(
    "form",
    { id: "supervision-form", class: "card side-column", "aria-labelledby": "supervision-form-title", novalidate: "" },
    el("h2", { id: "supervision-form-title" }, "Record a session"),
    field("Date", date, null, "date"),
    field("Supervisor", supervisor, null, "supervisor"),
    el(
      "fieldset",
      { "data-field": "functions" },
      el("legend", {}, "Functions covered"),
      ctx.vocabulary.supervisionFunctions.map((f, i) => el("label", { class: "check" }, functions[i], ` ${f.label}`)),
    ),
    field("What was discussed", notes, "Markdown works.", "notes"),
    el("fieldset", {}, el("legend", {}, "Cases discussed"), decisions, addDecisionButton),
    el("fieldset", {}, el("legend", {}, "Agreed actions"), actions, addActionButton),
    el("fieldset", {}, el("legend", {}, "Reflections brought"), brought, el("p", { class: "hint" }, "Bring them from the agenda.")),
    field("Wellbeing (private)", wellbeing, "Stays on this device only: never synced, never exported.", "wellbeing"),
    error,
    status,
    el("button", { type: "submit", class: "primary", id: "supervision-save" }, "Record the session"),
  );
  // A session takes a while to write: it is kept as a draft from the first keystroke, with the
  // rows of cases and actions it had.
  const draft = keepDraft(node, {
    form: "supervision",
    settle: (fields) => {
      const numbers = (prefix) => Object.keys(fields).map((k) => k.match(new RegExp(`^${prefix}-(\\d+)$`))?.[1]).filter(Boolean).map(Number).sort((a, b) => a - b);
      for (const n of numbers("decision-text")) addDecision("", n);
      for (const n of numbers("action-text")) addAction(n);
      rows = Math.max(rows, ...numbers("decision-text"), ...numbers("action-text"));
    },
  });
  node.insertBefore(draft.notice, node.querySelector(".field"));
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(node, error);
    status.textContent = "";
    const input = {
      occurredOn: date.value,
      supervisor: supervisor.value,
      functions: functions.filter((f) => f.checked).map((f) => f.value),
      notes: notes.value,
      decisions: [...decisions.querySelectorAll(".decision-row")].map((row) => ({ caseId: row.querySelector("select").value, decision: row.querySelector("textarea").value })),
      actions: [...actions.querySelectorAll(".action-row")].map((row) => ({ caseId: row.querySelector("select").value, text: row.querySelector(".action-text").value, dueOn: row.querySelector(".action-due").value || null })),
      reflections,
      wellbeing: wellbeing.value || null,
    };
    const unchosen = [...node.querySelectorAll(".decision-row select, .action-row select")].find((s) => !s.value);
    if (unchosen) {
      showFormError(node, error, { field: null, message: "Choose the case for each decision and action." });
      unchosen.focus();
      return;
    }
    try {
      await call("supervision_create", { input });
      await draft.saved();
      await reload();
      const done = document.getElementById("supervision-status");
      if (done) done.textContent = "Session recorded: decisions are in the cases' chronologies, actions on the cases.";
    } catch (failure) {
      showFormError(node, error, failure);
    }
  });
  return { node, addDecision, bring };
}

/** Corrections to a recorded session, in its place. Its decisions are completed entries of their
 * cases: a new date or supervisor reaches them as an addendum, and the form says so. */
function sessionEditForm(s, ctx, again) {
  const date = dayInput("session-edit-date", { name: "date" }, s.occurredOn);
  const supervisor = el("input", { id: "session-edit-supervisor", name: "supervisor", autocomplete: "off", value: s.supervisor, "aria-required": "true" });
  const covered = s.functions.map((f) => f.value);
  const functions = ctx.vocabulary.supervisionFunctions.map((f) => el("input", { type: "checkbox", id: `session-edit-function-${f.value}`, value: f.value, checked: covered.includes(f.value) }));
  const notes = el("textarea", { id: "session-edit-notes", name: "notes", rows: 4 });
  notes.value = s.notes;
  const wellbeing = el("textarea", { id: "session-edit-wellbeing", name: "wellbeing", rows: 3 });
  wellbeing.value = s.wellbeing ?? "";
  const error = formError();
  const cancel = el("button", { type: "button", class: "quiet" }, "Cancel");
  const form = el(
    "form",
    { id: "session-edit-form", "aria-labelledby": "session-edit-title", novalidate: "" },
    el("h3", { id: "session-edit-title" }, `Correct the session of ${s.occurredOn}`),
    field("Date", date, null, "date"),
    field("Supervisor", supervisor, null, "supervisor"),
    el("fieldset", { "data-field": "functions" }, el("legend", {}, "Functions covered"), ctx.vocabulary.supervisionFunctions.map((f, i) => el("label", { class: "check" }, functions[i], ` ${f.label}`))),
    field("What was discussed", notes, "Markdown works.", "notes"),
    s.decisions.length ? el("p", { class: "hint" }, "The decisions are in the cases' chronologies already: a new date or supervisor is added to each of them as an addendum.") : null,
    field("Wellbeing (private)", wellbeing, "Stays on this device only. Empty it to remove it.", "wellbeing"),
    error,
    el("div", { class: "form-actions" }, el("button", { type: "submit", class: "primary" }, "Save the correction"), cancel),
  );
  cancel.addEventListener("click", again);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const input = {
      occurredOn: date.value || null,
      supervisor: supervisor.value,
      functions: functions.filter((f) => f.checked).map((f) => f.value),
      notes: notes.value,
      wellbeing: wellbeing.value,
    };
    try {
      await call("supervision_edit", { id: s.id, input });
      again();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  queueMicrotask(() => supervisor.focus());
  return form;
}
