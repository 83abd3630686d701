// The reflective log: reflections listed and filtered by model, PCF domain and case; a new
// reflection follows its model's prompts section by section, is tagged with PCF domains, may be
// linked to a case, and is private unless the author shares it.

import { call } from "./ipc.js";
import { el, field, select, formError, showError, clearError, replace, showFormError, clearFormErrors, short, listCount, announce, dayInput } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";
import { keepDraft } from "./drafts.js";

export async function render(root, params, ctx) {
  const error = formError();
  const list = el("ul", { id: "reflections", class: "reflection-list" });
  const more = el("button", { type: "button", id: "reflections-more", hidden: true }, "Show older reflections");
  let cases = [];
  try {
    cases = (await call("cases_list", { query: { status: "all", sort: "name", all: true } })).items;
  } catch (failure) {
    showError(error, failure);
  }
  const caseChoices = cases.map((c) => ({ value: c.id, label: short(c.reference ? `${c.subject} (${c.reference})` : c.subject) }));
  const byModel = select("filter-model", [{ value: "", label: "Any model" }, ...ctx.vocabulary.models]);
  const byDomain = select("filter-pcf", [{ value: "", label: "Any PCF domain" }, ...ctx.vocabulary.pcfDomains]);
  const byCase = select("filter-case", [{ value: "", label: "Any case" }, ...caseChoices]);
  const from = dayInput("filter-from", {});
  const to = dayInput("filter-to", {});
  // Opened from a case (or from a search hit on one of its reflections): show that case's.
  if (params.caseId) byCase.value = params.caseId;
  const caseName = new Map(caseChoices.map((c) => [c.value, c.label]));
  let offset = 0;
  const count = listCount("reflections-count", "reflections", more, list);
  const load = async (append = false) => {
    clearError(error);
    try {
      const page = await call("reflections_list", { query: { model: byModel.value, pcf: byDomain.value, caseId: byCase.value, from: from.value, to: to.value, offset: append ? offset : 0 } });
      offset = (append ? offset : 0) + page.items.length;
      const items = page.items.map((r) => reflectionItem(r, caseName, ctx, () => load()));
      if (append) list.append(...items);
      else replace(list, items.length ? items : el("li", { class: "empty" }, "No reflections here yet."));
      count.update(page, offset);
    } catch (failure) {
      showError(error, failure);
    }
  };
  for (const control of [byModel, byDomain, byCase, from, to]) control.addEventListener("change", () => load());
  more.addEventListener("click", () => load(true));
  await load();
  const form = newReflectionForm(ctx, caseChoices, params.caseId, load);
  replace(
    root,
    el("h1", {}, "Reflective log"),
    el(
      "div",
      { class: "columns" },
      el(
        "section",
        { class: "main-column", "aria-label": "Reflections" },
        el("div", { class: "panel-tools filters" }, labelled("Model", byModel), labelled("Domain", byDomain), labelled("Case", byCase), labelled("From", from), labelled("To", to)),
        error,
        count.node,
        list,
        more,
      ),
      form,
    ),
  );
  setShortcuts([
    { key: "n", keyLabel: "N", label: "new reflection", action: () => form.querySelector("#reflection-model").focus() },
    { key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") },
  ]);
  if (params.caseId) form.querySelector("#reflection-model").focus();
}

function labelled(text, control) {
  return el("span", { class: "inline-field" }, el("label", { for: control.id }, text), " ", control);
}

function reflectionItem(r, caseName, ctx, reload) {
  const error = formError();
  const item = el("li", { class: "reflection card", "data-id": r.id });
  const edit = el("button", { type: "button", class: "reflection-edit" }, "Edit");
  const trash = el("button", { type: "button", class: "reflection-delete", title: "It can be restored from the trash" }, "Move to trash");
  edit.addEventListener("click", () => replace(item, reflectionEditForm(r, ctx, reload, () => replace(item, ...view))));
  trash.addEventListener("click", async () => {
    clearError(error);
    try {
      await call("reflection_delete", { id: r.id });
      await reload();
      announce(`“${r.title}” is in the trash.`, {
        undo: {
          label: "Undo",
          action: async () => {
            await call("trash_restore", { id: r.id });
            await reload();
          },
        },
      });
    } catch (failure) {
      showError(error, failure);
    }
  });
  const view = [
    el("div", { class: "entry-head" }, el("strong", { class: "reflection-title" }, r.title), el("span", { class: "entry-kind" }, r.modelLabel), el("span", { class: "entry-when" }, r.occurredLabel), el("span", { class: "status" }, r.visibility)),
    r.caseId ? el("p", { class: "hint" }, `Case: ${caseName.get(r.caseId) ?? "a case"}`) : null,
    r.pcf.length ? el("ul", { class: "flags", "aria-label": "PCF domains" }, r.pcf.map((d) => el("li", { class: "flag pcf" }, d.label))) : null,
    el(
      "details",
      {},
      el("summary", {}, "Read"),
      r.sections.filter((s) => s.text).map((s) => el("div", { class: "section" }, el("h3", {}, s.heading), el("p", { class: "entry-body" }, s.text))),
    ),
    el("div", { class: "entry-actions" }, edit, el("span", { class: "spacer" }), trash),
    error,
  ];
  replace(item, ...view);
  return item;
}

function reflectionEditForm(r, ctx, reload, cancel) {
  const prefix = `edit-${r.id}`;
  const title = el("input", { id: `${prefix}-title`, name: "title", class: "edit-title", autocomplete: "off", value: r.title });
  const chosen = new Set(r.pcf.map((d) => d.value));
  const domains = ctx.vocabulary.pcfDomains.map((d) => {
    const box = el("input", { type: "checkbox", name: "pcf", value: d.value, id: `${prefix}-pcf-${d.value}` });
    box.checked = chosen.has(d.value);
    return el("label", { class: "check" }, box, ` ${d.label}`);
  });
  const shared = el("input", { type: "checkbox", id: `${prefix}-shared`, class: "edit-shared" });
  shared.checked = r.visibility === "shared";
  const sections = r.sections.map((s) => {
    const text = el("textarea", { id: `${prefix}-section-${s.key}`, name: s.key, rows: 3, "data-section": s.key, class: `edit-section-${s.key}` });
    text.value = s.text;
    return field(s.heading, text, null, `section:${s.key}`);
  });
  const error = formError();
  const back = el("button", { type: "button" }, "Cancel");
  back.addEventListener("click", cancel);
  const form = el(
    "form",
    { class: "reflection-edit-form" },
    field("Title", title),
    sections,
    el("fieldset", { class: "flag-choices" }, el("legend", {}, "PCF domains"), domains),
    el("label", { class: "check" }, shared, " Share with the case's co-workers (private otherwise)"),
    error,
    el("button", { type: "submit", class: "primary" }, "Save changes"),
    " ",
    back,
  );
  // Changes to a reflection are kept as a draft too, until saved (or cancelled, which discards
  // them as the person chose).
  const draft = keepDraft(form, { form: "reflection-edit", about: r.id });
  form.prepend(draft.notice);
  back.addEventListener("click", () => draft.saved());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("reflection_edit", {
        id: r.id,
        input: {
          title: title.value,
          pcf: [...form.querySelectorAll("input[name=pcf]:checked")].map((b) => b.value),
          shared: shared.checked,
          sections: [...form.querySelectorAll("textarea")].map((t) => [t.dataset.section, t.value]),
        },
      });
      await draft.saved();
      await reload();
      announce(`Saved your changes to “${title.value.trim() || r.title}”.`);
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}

function newReflectionForm(ctx, caseChoices, caseId, reload) {
  const model = select("reflection-model", ctx.vocabulary.models, { name: "model" });
  const title = el("input", { id: "reflection-title", name: "title", autocomplete: "off" });
  const day = dayInput("reflection-day", { name: "day" });
  const linked = select("reflection-case", [{ value: "", label: "Not linked to a case" }, ...caseChoices], { name: "case" });
  const entry = el("select", { id: "reflection-entry", name: "entry" });
  const entryField = field("Entry", entry, "Optional: the visit or contact it reflects on.", "entry");
  const loadEntries = async () => {
    entryField.hidden = !linked.value;
    if (!linked.value) return replace(entry);
    const entries = (await call("entries_list", { caseId: linked.value, all: true }).catch(() => ({ items: [] }))).items;
    replace(entry, el("option", { value: "" }, "No particular entry"), entries.map((e) => el("option", { value: e.id }, short([e.kindLabel, e.whenLabel, e.purpose].filter(Boolean).join(" · ")))));
  };
  linked.addEventListener("change", loadEntries);
  if (caseId) linked.value = caseId;
  loadEntries();
  const shared = el("input", { type: "checkbox", id: "reflection-shared" });
  const tags = el("input", { id: "reflection-tags", name: "tag", autocomplete: "off" });
  const sections = el("div", { id: "reflection-sections" });
  const domains = ctx.vocabulary.pcfDomains.map((d) =>
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "pcf", value: d.value, id: `pcf-${d.value}` }), ` ${d.label}`),
  );
  const error = formError();
  const showSections = () => {
    const chosen = ctx.vocabulary.models.find((m) => m.value === model.value);
    replace(
      sections,
      chosen.sections.map((s) => field(s.heading, el("textarea", { id: `section-${s.key}`, name: s.key, rows: 3, "data-section": s.key }), s.prompt, `section:${s.key}`)),
    );
  };
  model.addEventListener("change", showSections);
  showSections();
  const saved = el("p", { id: "reflection-saved", class: "hint", role: "status" });
  const form = el(
    "form",
    { id: "new-reflection", class: "card side-column", "aria-labelledby": "new-reflection-title" },
    el("h2", { id: "new-reflection-title" }, "New reflection"),
    saved,
    field("Model", model),
    field("Title", title, "Optional: the first line is used otherwise."),
    field("Day", day, "Today when empty."),
    field("Case", linked, null, "case"),
    entryField,
    sections,
    el("fieldset", { class: "flag-choices" }, el("legend", {}, "PCF domains"), domains),
    field("Tags", tags, "Separated by commas; peer-reflection marks one discussed with a peer (for the CPD record).", "tag"),
    el("label", { class: "check" }, shared, " Share with the case's co-workers (private otherwise)"),
    error,
    el("button", { type: "submit", class: "primary" }, "Save reflection"),
  );
  // What is typed is kept from the first keystroke: leaving the screen never discards it.
  const draft = keepDraft(form, {
    form: "reflection",
    settle: async () => {
      showSections();
      await loadEntries();
    },
  });
  form.insertBefore(draft.notice, saved);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const texts = [...sections.querySelectorAll("textarea")].map((t) => [t.dataset.section, t.value]);
    try {
      const created = await call("reflection_create", {
        input: {
          model: model.value,
          title: title.value,
          occurredOn: day.value,
          caseId: linked.value,
          entryId: linked.value ? entry.value : "",
          pcf: [...form.querySelectorAll("input[name=pcf]:checked")].map((b) => b.value),
          shared: shared.checked,
          sections: texts,
          tags: tags.value.split(",").map((t) => t.trim()).filter(Boolean),
        },
      });
      await draft.saved();
      // The model, case and entry stay chosen (the next reflection is often on the same visit);
      // what was written goes, and the saved reflection is shown at the top of the list.
      const keep = { model: model.value, linked: linked.value, entry: entry.value };
      form.reset();
      model.value = keep.model;
      linked.value = keep.linked;
      showSections();
      await loadEntries();
      entry.value = keep.entry;
      saved.textContent = `Saved “${created.title}” in your reflective log (${created.visibility}).`;
      await reload();
      const item = document.querySelector(`#reflections [data-id="${CSS.escape(created.id)}"]`);
      if (item) {
        item.classList.add("just-saved");
        item.setAttribute("tabindex", "-1");
        item.scrollIntoView({ block: "nearest" });
      }
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}
