// A case: its header (subject, reference, status, flags, summary), the chronology newest first,
// and the form to record an entry as a draft.

import { call } from "./ipc.js";
import { el, field, select, formError, showError, clearError, replace } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, params, ctx) {
  let kase;
  let entries;
  try {
    [kase, entries] = await Promise.all([
      call("case_get", { id: params.id }),
      call("entries_list", { caseId: params.id }),
    ]);
  } catch (failure) {
    replace(root, backLink(), el("h1", {}, "This case could not be opened"), el("p", { class: "form-error", role: "alert" }, failure.message));
    setShortcuts(backShortcut(ctx));
    return;
  }
  const chronology = el("ol", { id: "chronology", class: "chronology", "aria-label": "Chronology, newest first" });
  const showEntries = (list) => {
    replace(
      chronology,
      list.length ? list.map((entry) => entryItem(entry, reload)) : el("li", { class: "empty" }, "Nothing recorded yet."),
    );
  };
  const reload = async () => showEntries(await call("entries_list", { caseId: params.id }));
  showEntries(entries);
  const form = entryForm(params.id, ctx, reload);

  replace(
    root,
    backLink(),
    caseHeader(kase),
    el(
      "div",
      { class: "columns" },
      el("section", { class: "main-column", "aria-labelledby": "chronology-title" }, el("h2", { id: "chronology-title" }, "Chronology"), chronology),
      form,
    ),
  );
  setShortcuts([
    { key: "r", keyLabel: "R", label: "record an entry", action: () => form.querySelector("#entry-kind").focus() },
    ...backShortcut(ctx),
  ]);
}

function backLink() {
  return el("p", { class: "back" }, el("a", { href: "#/caseload" }, "← Caseload"));
}

function backShortcut(ctx) {
  return [{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }];
}

function caseHeader(kase) {
  return el(
    "header",
    { class: "case-header card" },
    el(
      "div",
      { class: "case-title" },
      el("h1", { id: "case-subject" }, kase.subject),
      el("span", { id: "case-status", class: `status status-${kase.status}` }, kase.status),
    ),
    el(
      "p",
      { class: "case-meta" },
      el("span", { id: "case-reference" }, kase.reference ? `Ref. ${kase.reference}` : "No reference"),
      ` · opened ${kase.openedOn}`,
    ),
    kase.flags.length ? el("ul", { id: "case-flags", class: "flags", "aria-label": "Flags" }, kase.flags.map((f) => el("li", { class: "flag" }, f))) : null,
    el("p", { id: "case-summary", class: "summary" }, kase.summary || "No summary yet."),
  );
}

function entryItem(entry, reload) {
  const error = formError();
  const complete =
    entry.status === "draft"
      ? el("button", {
          type: "button",
          class: "small",
          "aria-label": `Complete the ${entry.kindLabel.toLowerCase()} of ${entry.whenLabel}`,
          onclick: async () => {
            clearError(error);
            try {
              await call("entry_complete", { id: entry.id });
              await reload();
            } catch (failure) {
              showError(error, failure);
            }
          },
        }, "Complete")
      : null;
  return el(
    "li",
    { class: `entry entry-${entry.status}${entry.significant ? " significant" : ""}` },
    el(
      "div",
      { class: "entry-head" },
      el("span", { class: "entry-kind" }, entry.kindLabel),
      el("time", { class: "entry-when", datetime: entry.occurredAt }, entry.whenLabel),
      el("span", { class: `status status-${entry.status}` }, entry.status),
      entry.significant ? el("span", { class: "flag" }, "significant") : null,
      complete,
    ),
    entry.purpose ? el("p", { class: "entry-purpose" }, entry.purpose) : null,
    entry.body ? el("p", { class: "entry-body" }, entry.body) : null,
    entry.addenda ? el("p", { class: "hint" }, `${entry.addenda} addend${entry.addenda === 1 ? "um" : "a"}`) : null,
    error,
  );
}

function entryForm(caseId, ctx, reload) {
  const kind = select("entry-kind", ctx.vocabulary.entryKinds);
  const when = el("input", { id: "entry-when", name: "when", type: "datetime-local", value: localNow() });
  const purpose = el("input", { id: "entry-purpose", name: "purpose", autocomplete: "off" });
  const body = el("textarea", { id: "entry-body", name: "body", rows: 4 });
  const significant = el("input", { id: "entry-significant", type: "checkbox", name: "significant" });
  const error = formError();
  const form = el(
    "form",
    { id: "new-entry", class: "card side-column", "aria-labelledby": "new-entry-title" },
    el("h2", { id: "new-entry-title" }, "Record an entry"),
    field("Kind", kind),
    field("When", when),
    field("Purpose", purpose, "Why it happened, in a line."),
    field("What happened", body),
    el("label", { class: "check" }, significant, " Significant event"),
    error,
    el("button", { type: "submit", class: "primary" }, "Save draft"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    try {
      await call("entry_create", {
        caseId,
        input: {
          kind: kind.value,
          occurredAt: when.value ? new Date(when.value).toISOString() : null,
          purpose: purpose.value,
          body: body.value,
          significant: significant.checked,
        },
      });
      form.reset();
      when.value = localNow();
      await reload();
    } catch (failure) {
      showError(error, failure);
    }
  });
  return form;
}

/** Now, as a datetime-local input wants it: YYYY-MM-DDTHH:MM in local time. */
function localNow() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
