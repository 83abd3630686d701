// A case: its header (subject, reference, status, who it is shared with, flags, summary,
// close/reopen), tabs for the chronology, network, co-working notes, reflections and actions, and
// the record form, which autosaves a draft into the store while the practitioner types.

import { call } from "./ipc.js";
import { el, field, select, formError, showError, clearError, replace, showFormError, clearFormErrors, sanitisedHtml, listCount, announce, ask, focusOn, dayInput } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { recordForm, completeEntry } from "./record.js";
import { keepDraft } from "./drafts.js";
import { markForReview } from "./sync.js";
import { caseMembers, roleNote } from "./team.js";

const TABS = [
  { key: "chronology", label: "Chronology" },
  { key: "network", label: "Network" },
  { key: "cowork", label: "Co-working" },
  { key: "reflections", label: "Reflections" },
  { key: "actions", label: "Actions" },
];

export async function render(root, params, ctx) {
  let kase;
  try {
    kase = await call("case_get", { id: params.id });
  } catch (failure) {
    replace(root, backLink(), el("h1", {}, "This case could not be opened"), el("p", { class: "form-error", role: "alert" }, failure.message));
    setShortcuts(backShortcut(ctx));
    return;
  }
  const caseId = params.id;
  const panels = {};
  const tabButtons = {};
  let current = null;
  const tablist = el("div", { role: "tablist", class: "tabs", "aria-label": "Case sections" });
  const panelHost = el("div", { class: "tab-panels" });

  const chronology = chronologyPanel(caseId, () => form.resume, (id) => form.forget(id), (id) => form.flush(id));
  const form = recordForm(caseId, ctx, () => chronology.reload(), kase);
  panels.chronology = chronology;
  panels.network = networkPanel(caseId);
  panels.cowork = coworkPanel(caseId, ctx);
  panels.reflections = reflectionsPanel(caseId);
  panels.actions = actionsPanel(caseId);

  const show = (key, focus = false) => {
    current = key;
    for (const tab of TABS) {
      const selected = tab.key === key;
      tabButtons[tab.key].setAttribute("aria-selected", String(selected));
      tabButtons[tab.key].tabIndex = selected ? 0 : -1;
      panels[tab.key].node.hidden = !selected;
    }
    panels[key].load();
    if (focus) tabButtons[key].focus();
  };
  TABS.forEach((tab, index) => {
    const button = el(
      "button",
      { type: "button", role: "tab", id: `tab-${tab.key}`, "aria-controls": `panel-${tab.key}`, "aria-keyshortcuts": String(index + 1), title: `Press ${index + 1}`, onclick: () => show(tab.key) },
      tab.label,
      // Drawn as a key on a keyboard, so it never reads as a count.
      el("kbd", { class: "tab-key", "aria-hidden": "true" }, String(index + 1)),
    );
    button.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      const next = TABS[(TABS.findIndex((t) => t.key === current) + step + TABS.length) % TABS.length];
      show(next.key, true);
    });
    tabButtons[tab.key] = button;
    tablist.append(button);
    panels[tab.key].node.id = `panel-${tab.key}`;
    panels[tab.key].node.setAttribute("role", "tabpanel");
    panels[tab.key].node.setAttribute("aria-labelledby", button.id);
    panelHost.append(panels[tab.key].node);
  });

  const { bar, card: header } = caseHeader(kase, ctx);
  stickyHeight(bar, "--case-bar-height");
  replace(
    root,
    backLink(),
    bar,
    header,
    el("div", { class: "columns" }, el("section", { class: "main-column", "aria-label": "Case record" }, tablist, panelHost), kase.recordableKinds.length ? form.node : null),
  );
  // A case shared to oversee or to read offers only what the team hub takes from its role.
  for (const [form, may] of [["#new-person", kase.mayAddPeople], ["#new-cowork", kase.mayAddNotes], ["#new-action", kase.mayAddActions]]) {
    if (!may) root.querySelector(form)?.remove();
  }
  show("chronology");
  if (params.entry) chronology.reveal(params.entry);
  // Records sync left for review carry a badge linking to the inbox.
  markForReview(caseId, root, () => chronology.reload()).then((count) => {
    if (count) header.querySelector(".review-note").hidden = false;
  });
  setShortcuts([
    ...(kase.recordableKinds.length ? [{ key: "r", keyLabel: "R", label: "record an entry", action: () => form.focus() }] : []),
    ...TABS.map((tab, index) => ({ key: String(index + 1), keyLabel: String(index + 1), label: tab.label.toLowerCase(), action: () => show(tab.key, true) })),
    ...backShortcut(ctx),
  ]);
}

/**
 * Keeps `property` on the document set to the height of `node` while it is on screen, so what
 * sticks below it (the record form) starts under it however the subject wraps.
 */
function stickyHeight(node, property) {
  const observer = new ResizeObserver(() => document.documentElement.style.setProperty(property, `${node.offsetHeight}px`));
  observer.observe(node);
  window.addEventListener(
    "hashchange",
    () => {
      observer.disconnect();
      document.documentElement.style.removeProperty(property);
    },
    { once: true },
  );
}

function backLink() {
  return el("p", { class: "back" }, el("a", { href: "#/caseload" }, "← Caseload"));
}

function backShortcut(ctx) {
  return [{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }];
}

function caseHeader(kase, ctx) {
  const closing = el("div", { id: "closing", class: "closing", hidden: true });
  const toggle =
    kase.status === "open"
      ? el("button", { type: "button", id: "close-case", onclick: () => openClosing(kase, closing, ctx) }, "Close case…")
      : el("button", { type: "button", id: "reopen-case", onclick: () => openReopen(kase, closing, ctx) }, "Reopen case…");
  const trash = el("button", {
    type: "button",
    id: "delete-case",
    class: "quiet",
    title: "It can be restored from the trash",
    onclick: async () => {
      const sure = await ask({
        title: `Move ${kase.subject} to the trash?`,
        body: "The whole case goes: its chronology, network, reflections links and actions leave the caseload and search. It can be restored from the trash.",
        confirm: "Move to trash",
        cancel: "Keep the case",
      });
      if (!sure) return;
      try {
        await call("case_delete", { id: kase.id });
      } catch (failure) {
        announce(failure.message);
        return;
      }
      ctx.navigate("#/caseload");
      announce(`${kase.subject} is in the trash (Trash, in the menu, restores it).`, {
        seconds: 12,
        undo: {
          label: "Undo",
          action: async () => {
            await call("trash_restore", { id: kase.id });
            ctx.navigate(`#/case/${kase.id}`);
            announce(`${kase.subject} is back in the caseload.`);
          },
        },
      });
    },
  }, "Move to trash");
  const edit = el("button", { type: "button", id: "edit-case", onclick: () => openEdit(kase, closing, ctx, ctx.vocabulary.commonFlags) }, "Edit…");
  const review = el("a", { id: "quality-link", href: `#/case/${kase.id}/quality` }, "Quality review");
  const exporting = el("a", { id: "export-link", href: `#/case/${kase.id}/export` }, "Export…");
  // Whose record this is stays in view: the subject, reference and status are a bar that sticks
  // below the top bar while the case's page or its forms scroll.
  const bar = el(
    "div",
    { class: "case-title case-bar", id: "case-bar" },
    el("h1", { id: "case-subject" }, kase.subject),
    el("span", { id: "case-reference", class: "case-reference" }, kase.reference ? `Ref. ${kase.reference}` : "No reference"),
    el("span", { id: "case-status", class: `status status-${kase.status}` }, kase.status),
    el("span", { class: "header-actions" }, review, exporting, kase.mayEdit ? [edit, toggle, trash] : null),
  );
  const card = el(
    "header",
    { class: "case-header card", "data-id": kase.id },
    el("p", { class: "review-note", hidden: true }, "Sync left something in this case for you to review. ", el("a", { href: "#/sync" }, "Open the inbox")),
    el(
      "p",
      { class: "case-meta" },
      `Opened ${kase.openedLabel}`,
      kase.closedLabel ? ` · closed ${kase.closedLabel}` : "",
    ),
    roleNote(kase.teamRole),
    caseMembers(kase.id),
    kase.flags.length ? el("ul", { id: "case-flags", class: "flags", "aria-label": "Flags" }, kase.flagLabels.map((label) => el("li", { class: "flag" }, label))) : null,
    kase.tags.length ? el("ul", { id: "case-tags", class: "tags", "aria-label": "Tags" }, kase.tags.map((t) => el("li", { class: "tag" }, t))) : null,
    kase.summary ? sanitisedHtml("div", { id: "case-summary", class: "summary markdown" }, kase.summaryHtml) : el("p", { id: "case-summary", class: "summary" }, "No summary yet."),
    kase.closureRationale ? el("p", { id: "case-rationale", class: "summary" }, `Closure rationale: ${kase.closureRationale}`) : null,
    closing,
  );
  return { bar, card };
}

/** Changes the header: reference, summary, flags and tags. */
function openEdit(kase, host, ctx, commonFlags) {
  const error = formError();
  const reference = el("input", { id: "edit-reference", name: "reference", value: kase.reference ?? "" });
  const summary = el("textarea", { id: "edit-summary", name: "summary", rows: 4 });
  summary.value = kase.summary;
  const choices = [...commonFlags, ...kase.flags.map((f, i) => ({ value: f, label: kase.flagLabels[i] })).filter((f) => !commonFlags.some((c) => c.value === f.value))];
  const flags = choices.map((flag) =>
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "flags", value: flag.value, id: `edit-flag-${flag.value}`, checked: kase.flags.includes(flag.value) }), ` ${flag.label}`),
  );
  const tags = el("input", { id: "edit-tags", name: "tag", value: kase.tags.join(", ") });
  const form = el(
    "form",
    { id: "edit-case-form", "aria-labelledby": "edit-case-title" },
    el("h2", { id: "edit-case-title" }, "Edit the case"),
    field("Reference", reference, "Leave empty to clear it.", "reference"),
    field("Summary", summary, "Markdown is allowed.", "summary"),
    el("fieldset", { class: "flag-choices", "data-field": "flag" }, el("legend", {}, "Flags"), flags, el("span", { class: "field-error", hidden: true })),
    field("Tags", tags, "Separate tags with commas, e.g. school, housing.", "tag"),
    error,
    el("button", { type: "submit", class: "primary" }, "Save changes"),
    " ",
    el("button", { type: "button", onclick: () => { host.hidden = true; } }, "Cancel"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const edit = {
      reference: reference.value,
      summary: summary.value,
      flags: [...form.querySelectorAll("input[name=flags]:checked")].map((box) => box.value),
      tags: tags.value.split(",").map((t) => t.trim()).filter(Boolean),
    };
    try {
      await call("case_edit", { id: kase.id, edit });
      ctx.navigate(`#/case/${kase.id}`);
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(host, form);
  host.hidden = false;
  reference.focus();
}

async function openClosing(kase, host, ctx) {
  const error = formError();
  let items = [];
  try {
    items = await call("case_checklist", { id: kase.id });
  } catch (failure) {
    showError(error, failure);
  }
  const rationale = el("textarea", { id: "close-rationale", name: "rationale", rows: 3, "aria-required": "true" });
  const reflectNext = el("input", { type: "checkbox", id: "close-reflect", checked: true });
  const form = el(
    "form",
    { id: "close-form", "aria-labelledby": "close-title" },
    el("h2", { id: "close-title" }, "Before you close this case"),
    el(
      "ul",
      { id: "close-checklist", class: "checklist" },
      items.map((item) =>
        el("li", { class: item.needsAttention ? "needs-attention" : "ok" }, el("strong", {}, item.label), `: ${item.detail}`, item.needsAttention ? el("span", { class: "flag" }, "look at this") : null),
      ),
    ),
    field("Why are you closing it?", rationale, "Required: the rationale is kept in the chronology.", "rationale"),
    el(
      "label",
      { class: "check" },
      reflectNext,
      " Reflect on this closure next: what went well, what you would do differently, what the person said about the help",
    ),
    error,
    el("button", { type: "submit", class: "primary" }, "Close case"),
    " ",
    el("button", { type: "button", onclick: () => { host.hidden = true; } }, "Cancel"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("case_close", { id: kase.id, rationale: rationale.value });
      // The closure review: a reflection on the case, straight after closing it.
      ctx.navigate(reflectNext.checked ? `#/reflections/new/${kase.id}` : `#/case/${kase.id}`);
      announce(
        reflectNext.checked
          ? `${kase.subject}'s case is closed; the closure and its rationale are in the chronology. The reflection below is linked to the case.`
          : `${kase.subject}'s case is closed; the closure and its rationale are in the chronology.`,
        { seconds: 12 },
      );
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(host, form);
  host.hidden = false;
  rationale.focus();
}

function openReopen(kase, host, ctx) {
  const error = formError();
  const reason = el("textarea", { id: "reopen-reason", name: "reason", rows: 2 });
  const form = el(
    "form",
    { id: "reopen-form" },
    field("Why is it reopened?", reason, "Optional; kept in the chronology.", "reason"),
    error,
    el("button", { type: "submit", class: "primary" }, "Reopen case"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("case_reopen", { id: kase.id, reason: reason.value });
      ctx.navigate(`#/case/${kase.id}`);
      announce(`${kase.subject}'s case is open again; the reopening and its reason are in the chronology.`, { seconds: 12 });
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  replace(host, form);
  host.hidden = false;
  reason.focus();
}

// ---- chronology -------------------------------------------------------------------------------

function chronologyPanel(caseId, resume, forget, flush) {
  const list = el("ol", { id: "chronology", class: "chronology", "aria-label": "Chronology, newest first" });
  const significant = el("input", { type: "checkbox", id: "significant-only" });
  const more = el("button", { type: "button", id: "chronology-more", hidden: true }, "Show older entries");
  const count = listCount("chronology-count", "entries", more, list);
  const error = formError();
  let offset = 0;
  const load = async (append = false) => {
    clearError(error);
    try {
      const page = await call("entries_list", { caseId, significantOnly: significant.checked, offset: append ? offset : 0 });
      offset = (append ? offset : 0) + page.items.length;
      const items = page.items.map((entry) => entryItem(entry, () => load(), resume, forget, flush));
      if (append) list.append(...items);
      else replace(list, items.length ? items : el("li", { class: "empty" }, "Nothing recorded yet."));
      count.update(page, offset);
    } catch (failure) {
      showError(error, failure);
    }
  };
  significant.addEventListener("change", () => load());
  more.addEventListener("click", () => load(true));
  const node = el(
    "div",
    {},
    el("div", { class: "panel-tools" }, el("label", { class: "check" }, significant, " Significant events only")),
    error,
    count.node,
    list,
    more,
  );
  // Shows one entry (opened from search): highlighted, scrolled to and focused once it is listed.
  const reveal = async (entryId) => {
    await loading;
    const item = list.querySelector(`[data-id="${CSS.escape(entryId)}"]`);
    if (!item) return;
    item.classList.add("highlight");
    item.tabIndex = -1;
    item.scrollIntoView({ block: "center" });
    item.focus();
  };
  let loading = Promise.resolve();
  return { node, load: () => (loading = load()), reload: () => (loading = load()), reveal };
}

function entryItem(entry, reload, resume, forget, flush) {
  const error = formError();
  const tools = [];
  // The core says which entries may go to the trash (drafts) and which take addenda.
  const trash = entry.mayTrash && el("button", {
    type: "button",
    class: "small entry-delete",
    title: "It can be restored from the trash",
    "aria-label": `Move the ${entry.kindLabel.toLowerCase()} of ${entry.whenLabel} to the trash`,
    onclick: async () => {
      clearError(error);
      try {
        await call("entry_delete", { id: entry.id });
        forget(entry.id);
        await reload();
        announce(`The draft ${entry.kindLabel.toLowerCase()} of ${entry.whenLabel} is in the trash.`, {
          undo: {
            label: "Undo",
            action: async () => {
              await call("trash_restore", { id: entry.id });
              await reload();
            },
          },
        });
      } catch (failure) {
        showError(error, failure);
      }
    },
  }, "Move to trash");
  if (entry.status === "draft") {
    tools.push(
      el("button", { type: "button", class: "small", "aria-label": `Resume the draft ${entry.kindLabel.toLowerCase()} of ${entry.whenLabel}`, onclick: () => resume()(entry) }, "Resume"),
      el("button", {
        type: "button",
        class: "small",
        "aria-label": `Complete the ${entry.kindLabel.toLowerCase()} of ${entry.whenLabel}`,
        onclick: async () => {
          clearError(error);
          // What the record form still has on its way for this draft is saved first.
          await flush(entry.id);
          const done = await completeEntry(entry.id);
          if (done.error) showError(error, done.error);
          else if (done.completed) {
            // The record form no longer writes to it, if it was the draft open there.
            forget(entry.id);
            await reload();
            announce(done.message);
          }
        },
      }, "Complete"),
    );
  }
  if (entry.takesAddendum) {
    tools.push(el("button", { type: "button", class: "small addendum-open", "aria-label": `Add an addendum to the ${entry.kindLabel.toLowerCase()} of ${entry.whenLabel}`, onclick: () => addendumForm(item, entry, reload) }, "Add addendum"));
  }
  if (trash) tools.push(trash);
  const item = el(
    "li",
    { class: `entry entry-${entry.status}${entry.significant ? " significant" : ""}`, "data-id": entry.id },
    el(
      "div",
      { class: "entry-head" },
      el("span", { class: "entry-kind" }, entry.kindLabel),
      el("time", { class: "entry-when", datetime: entry.occurredAt }, entry.whenLabel),
      entry.writtenBy ? el("span", { class: "entry-author" }, `by ${entry.writtenBy}`) : null,
      el("span", { class: `status status-${entry.status}` }, entry.status),
      entry.significant ? el("span", { class: "flag" }, "significant") : null,
      el("span", { class: "entry-tools" }, tools),
    ),
    entry.purpose ? el("p", { class: "entry-purpose" }, entry.purpose) : null,
    detailLine(entry),
    entry.body ? sanitisedHtml("div", { class: "entry-body markdown" }, entry.bodyHtml) : null,
    entry.voice ? el("blockquote", { class: "entry-voice" }, el("span", { class: "label" }, "In their words: "), entry.voice) : null,
    entry.analysis ? el("p", { class: "entry-analysis" }, el("span", { class: "label" }, "Analysis: "), entry.analysis) : null,
    entry.addenda.length
      ? el("ol", { class: "addenda", "aria-label": "Addenda" }, entry.addenda.map((a) => el("li", { class: "addendum" }, el("span", { class: "entry-when" }, `Addendum, ${a.whenLabel}: `), a.text)))
      : null,
    error,
  );
  return item;
}

function detailLine(entry) {
  const parts = [];
  if (entry.durationMinutes) parts.push(`${entry.durationMinutes} min`);
  if (entry.location) parts.push(`at ${entry.location}`);
  if (entry.participants.length) parts.push(`with ${entry.participants.join(", ")}`);
  return parts.length ? el("p", { class: "entry-detail" }, parts.join(" · ")) : null;
}

function addendumForm(item, entry, reload) {
  if (item.querySelector(".addendum-form")) return;
  const error = formError();
  const text = el("textarea", { id: `addendum-${entry.id}`, name: "text", rows: 2, class: "addendum-text" });
  const form = el("form", { class: "addendum-form" }, field("Addendum (a correction or addition)", text, null, "text"), error, el("button", { type: "submit", class: "primary small" }, "Add addendum"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("addendum_add", { entryId: entry.id, text: text.value });
      await reload();
      // Focus on the addendum just added, under its entry.
      const shown = document.querySelector(`#chronology [data-id="${CSS.escape(entry.id)}"]`);
      focusOn(shown?.querySelector(".addenda > :last-child") ?? shown);
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  item.append(form);
  text.focus();
}

// ---- network ----------------------------------------------------------------------------------

function networkPanel(caseId) {
  const list = el("div", { id: "network" });
  const error = formError();
  const name = el("input", { id: "person-name", name: "name", autocomplete: "off" });
  const relationship = el("input", { id: "person-relationship", name: "relationship", autocomplete: "off" });
  const household = el("input", { id: "person-household", name: "household", autocomplete: "off" });
  const agency = el("input", { id: "person-agency", name: "agency", autocomplete: "off" });
  const form = el(
    "form",
    { id: "new-person", class: "inline-form", "aria-label": "Add a person" },
    el("h3", {}, "Add a person"),
    field("Name", name),
    field("Relationship", relationship, "To the person the case is about: mother, teacher, GP…"),
    field("Household", household, "Group people living together."),
    field("Agency", agency, "For professionals: school, health visitor service…"),
    error,
    el("button", { type: "submit", class: "primary" }, "Add person"),
  );
  const load = async () => {
    try {
      const people = await call("people_list", { caseId });
      const groups = new Map();
      for (const person of people) {
        const group = person.household ? `Household: ${person.household}` : person.agency ? `Agency: ${person.agency}` : "Others";
        if (!groups.has(group)) groups.set(group, []);
        groups.get(group).push(person);
      }
      replace(
        list,
        people.length
          ? [...groups].map(([group, members]) =>
              el("section", { class: "group" }, el("h3", {}, group), el("ul", { class: "people" }, members.map((p) => personItem(p, load)))),
            )
          : el("p", { class: "empty" }, "No one in the network yet."),
      );
    } catch (failure) {
      showError(error, failure);
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("person_add", { caseId, input: { name: name.value, relationship: relationship.value, household: household.value, agency: agency.value } });
      form.reset();
      await load();
      name.focus();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return { node: el("div", {}, list, form), load };
}

function personItem(p, reload) {
  const error = formError();
  const item = el("li", { class: "person", "data-id": p.id });
  const edit = el("button", { type: "button", class: "small person-edit", "aria-label": `Edit ${p.name}` }, "Edit");
  const remove = el("button", { type: "button", class: "small person-delete", "aria-label": `Remove ${p.name}`, title: "It can be restored from the trash" }, "Remove");
  const view = [el("strong", {}, p.name), p.relationship ? ` — ${p.relationship}` : "", p.isSubject ? " (the person the case is about)" : "", ...(p.mayEdit ? [" ", edit, " ", remove] : []), error];
  edit.addEventListener("click", () => replace(item, personEditForm(p, reload, () => replace(item, ...view))));
  remove.addEventListener("click", async () => {
    clearError(error);
    try {
      await call("person_delete", { id: p.id });
      await reload();
    } catch (failure) {
      showError(error, failure);
    }
  });
  replace(item, ...view);
  return item;
}

function personEditForm(p, reload, cancel) {
  const prefix = `person-${p.id}`;
  const input = (name, value) => el("input", { id: `${prefix}-${name}`, name, class: `edit-${name}`, autocomplete: "off", value: value ?? "" });
  const name = input("name", p.name);
  const relationship = input("relationship", p.relationship);
  const household = input("household", p.household);
  const agency = input("agency", p.agency);
  const notes = el("textarea", { id: `${prefix}-notes`, name: "notes", class: "edit-notes", rows: 2 });
  notes.value = p.notes;
  const error = formError();
  const back = el("button", { type: "button" }, "Cancel");
  back.addEventListener("click", cancel);
  const form = el(
    "form",
    { class: "inline-form person-edit-form", "aria-label": `Edit ${p.name}` },
    field("Name", name),
    field("Relationship", relationship),
    field("Household", household),
    field("Agency", agency),
    field("Notes", notes),
    error,
    el("button", { type: "submit", class: "primary" }, "Save person"),
    " ",
    back,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("person_edit", { id: p.id, input: { name: name.value, relationship: relationship.value, household: household.value, agency: agency.value, notes: notes.value } });
      await reload();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}

// ---- co-working -------------------------------------------------------------------------------

function coworkPanel(caseId, ctx) {
  const list = el("ol", { id: "cowork", class: "thread", "aria-label": "Co-working notes, oldest first" });
  const error = formError();
  const kind = select("cowork-kind", ctx.vocabulary.coworkKinds, { name: "kind" });
  const body = el("textarea", { id: "cowork-body", name: "body", rows: 3 });
  const form = el("form", { id: "new-cowork", class: "inline-form", "aria-label": "Write a co-working note" }, el("h3", {}, "Write a co-working note"), field("Kind", kind), field("Note", body), error, el("button", { type: "submit", class: "primary" }, "Add note"));
  const load = async () => {
    try {
      const notes = await call("cowork_list", { caseId });
      replace(
        list,
        notes.length
          ? notes.map((n) => noteItem(n, new Map(notes.map((m) => [m.id, m])), caseId, ctx, load))
          : el("li", { class: "empty" }, "No co-working notes yet."),
      );
    } catch (failure) {
      showError(error, failure);
    }
  };
  const draft = keepDraft(form, { form: "cowork-note", about: caseId });
  form.insertBefore(draft.notice, form.querySelector(".field"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("cowork_add", { caseId, input: { kind: kind.value, body: body.value } });
      await draft.saved();
      body.value = "";
      await load();
      announce("Co-working note added.");
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return { node: el("div", {}, list, form), load };
}

function noteItem(n, byId, caseId, ctx, reload) {
  const error = formError();
  const repliedTo = n.replyTo ? byId.get(n.replyTo) : null;
  const item = el("li", { class: `note${n.replyTo ? " note-reply" : ""}`, "data-id": n.id });
  // Only the author may amend a note (the core refuses anyone else); the button follows suit.
  const amend = n.authorId === ctx.profile.workerId ? el("button", { type: "button", class: "small note-amend", "aria-label": `Amend the note of ${n.whenLabel}` }, "Amend") : null;
  const reply = el("button", { type: "button", class: "small note-reply-open", "aria-label": `Reply to ${n.authorName}'s note of ${n.whenLabel}` }, "Reply");
  const extra = el("div", { class: "note-form" });
  amend?.addEventListener("click", () => {
    const body = el("textarea", { id: `amend-${n.id}`, name: "body", class: "amend-body", rows: 3 });
    body.value = n.body;
    replace(extra, noteForm("amend-form", "Save amendment", [field("Amended note", body, "The earlier text stays in the note's history.")], () => call("cowork_amend", { id: n.id, body: body.value }), reload));
    body.focus();
  });
  reply.addEventListener("click", () => {
    const kind = select(`reply-kind-${n.id}`, ctx.vocabulary.coworkKinds, { name: "kind" });
    kind.value = n.kind;
    const body = el("textarea", { id: `reply-${n.id}`, name: "body", class: "reply-body", rows: 3 });
    replace(extra, noteForm("reply-form", "Add reply", [field("Kind", kind), field("Reply", body)], () => call("cowork_add", { caseId, input: { kind: kind.value, body: body.value, replyTo: n.id } }), reload));
    body.focus();
  });
  replace(
    item,
    el("div", { class: "entry-head" }, el("strong", { class: "note-author" }, n.authorName), el("span", { class: "entry-kind" }, n.kindLabel), el("span", { class: "entry-when" }, n.whenLabel), n.amended ? el("span", { class: "hint" }, "amended") : null, el("span", { class: "entry-tools" }, amend, reply)),
    repliedTo ? el("p", { class: "hint note-replying" }, `In reply to ${repliedTo.authorName}, ${repliedTo.whenLabel}`) : null,
    el("p", { class: "entry-body" }, n.body),
    n.history.length
      ? el("details", { class: "note-history" }, el("summary", {}, "Earlier versions"), el("ol", {}, n.history.map((v) => el("li", {}, el("span", { class: "entry-when" }, `${v.whenLabel}: `), v.body))))
      : null,
    extra,
    error,
  );
  return item;
}

function noteForm(cls, label, fields, send, reload) {
  const error = formError();
  const form = el("form", { class: `inline-form ${cls}` }, fields, error, el("button", { type: "submit", class: "primary" }, label));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await send();
      await reload();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}

// ---- reflections and actions --------------------------------------------------------------------

function reflectionsPanel(caseId) {
  const list = el("ul", { id: "case-reflections", class: "reflection-list" });
  const more = el("button", { type: "button", id: "case-reflections-more", hidden: true }, "Show more reflections");
  const count = listCount("case-reflections-count", "reflections", more, list);
  const error = formError();
  let shown = 0;
  const load = async (append = false) => {
    try {
      const page = await call("reflections_list", { query: { caseId, offset: append ? shown : 0 } });
      shown = (append ? shown : 0) + page.items.length;
      count.update(page, shown);
      const rows = page.items.map((r) => el("li", { class: "reflection" }, el("strong", {}, r.title), ` · ${r.modelLabel} · ${r.occurredLabel}`, r.pcf.length ? el("p", { class: "hint" }, r.pcf.map((d) => d.label).join(", ")) : null));
      if (append) list.append(...rows);
      else replace(list, rows.length ? rows : el("li", { class: "empty" }, "No reflections on this case yet."));
    } catch (failure) {
      showError(error, failure);
    }
  };
  more.addEventListener("click", () => load(true));
  return { node: el("div", {}, error, count.node, list, more, el("p", {}, el("a", { href: `#/reflections/new/${caseId}`, id: "reflect-on-case" }, "Reflect on this case"))), load: () => load() };
}

function actionsPanel(caseId) {
  const list = el("ul", { id: "actions", class: "action-list" });
  const error = formError();
  const text = el("input", { id: "action-text", name: "text", autocomplete: "off" });
  const owner = el("input", { id: "action-owner", name: "owner", autocomplete: "off" });
  const due = dayInput("action-due", { name: "due" });
  const form = el("form", { id: "new-action", class: "inline-form", "aria-label": "Add an action" }, el("h3", {}, "Add an action"), field("What needs doing", text), field("Who", owner), field("Due", due), error, el("button", { type: "submit", class: "primary" }, "Add action"));
  const more = el("button", { type: "button", id: "actions-more", hidden: true }, "Show more actions");
  const count = listCount("actions-count", "actions", more, list);
  let shown = 0;
  const load = async (append = false) => {
    try {
      const page = await call("actions_list", { caseId, offset: append ? shown : 0 });
      shown = (append ? shown : 0) + page.items.length;
      count.update(page, shown);
      const rows = page.items.map((a) => {
        const box = el("input", { type: "checkbox", id: `action-${a.id}`, checked: a.done, disabled: a.mayChange ? null : "" });
        box.addEventListener("change", async () => {
          try {
            await call("action_set_done", { id: a.id, done: box.checked });
          } catch (failure) {
            showError(error, failure);
          }
          await load();
        });
        return el("li", { class: a.done ? "action done" : "action" }, el("label", { class: "check", for: box.id }, box, ` ${a.text}`), a.owner ? el("span", { class: "hint" }, ` · ${a.owner}`) : null, a.dueOn ? el("span", { class: "hint" }, ` · due ${a.dueLabel}`) : null, a.writtenBy ? el("span", { class: "hint action-author" }, ` · added by ${a.writtenBy}`) : null);
      });
      if (append) list.append(...rows);
      else replace(list, rows.length ? rows : el("li", { class: "empty" }, "No actions yet."));
    } catch (failure) {
      showError(error, failure);
    }
  };
  more.addEventListener("click", () => load(true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("action_add", { caseId, input: { text: text.value, owner: owner.value, dueOn: due.value } });
      form.reset();
      await load();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return { node: el("div", {}, error, count.node, list, more, form), load: () => load() };
}
