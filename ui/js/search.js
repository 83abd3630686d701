// Global search, from anywhere (Ctrl+K or /): results as you type, grouped by kind, the matched
// words highlighted (each snippet run is text; highlighted runs go in <mark>), and Enter opens
// the selected record. Filters narrow by kind (of record or of entry), dates and significance;
// results come 30 at a time, with more on request.

import { call } from "./ipc.js";
import { el, replace, select, number, dayInput } from "./dom.js";

const KIND_LABELS = {
  case: "Cases",
  entry: "Chronology entries",
  person: "People",
  reflection: "Reflections",
  "cowork-note": "Co-working notes",
  action: "Actions",
  addendum: "Addenda",
};

let dialog = null;

export function openSearch(ctx) {
  if (dialog) {
    dialog.querySelector("#search-input").focus();
    return;
  }
  const input = el("input", { id: "search-input", type: "search", autocomplete: "off", "aria-controls": "search-results", "aria-describedby": "search-hint" });
  const results = el("div", { id: "search-results", role: "listbox", "aria-label": "Search results" });
  const status = el("p", { id: "search-hint", class: "hint", role: "status" }, "Type to search cases, entries, people, reflections and notes. ↑ ↓ to choose, Enter to open, Esc to close.");
  const kind = select("search-kind", [
    { value: "", label: "Everything" },
    ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
    ...ctx.vocabulary.entryKinds.map((k) => ({ value: k.value, label: `Entries: ${k.label.toLowerCase()}` })),
  ]);
  const from = dayInput("search-from", { name: "from" });
  const to = dayInput("search-to", { name: "to" });
  const significant = el("input", { id: "search-significant", type: "checkbox" });
  const filters = el(
    "div",
    { class: "panel-tools filters search-filters" },
    el("label", {}, "Kind ", kind),
    el("label", {}, "From ", from),
    el("label", {}, "To ", to),
    el("label", { class: "check" }, significant, " Significant events only"),
  );
  const more = el("button", { type: "button", id: "search-more", class: "small", hidden: true }, "More results");
  let options = [];
  let shown = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  const close = () => {
    dialog?.remove();
    dialog = null;
    document.getElementById("app").removeAttribute("aria-hidden");
  };
  const open = (hit) => {
    close();
    if (hit.kind === "case") ctx.navigate(`#/case/${hit.recordId}`);
    else if (hit.kind === "reflection") ctx.navigate(hit.caseId ? `#/reflections/case/${hit.caseId}` : "#/reflections");
    else if (hit.kind === "entry" && hit.caseId) ctx.navigate(`#/case/${hit.caseId}/entry/${hit.recordId}`);
    else if (hit.caseId) ctx.navigate(`#/case/${hit.caseId}`);
  };
  const highlight = (index) => {
    active = index;
    options.forEach((node, i) => node.setAttribute("aria-selected", String(i === index)));
    if (options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  };
  const run = async (append = false) => {
    const text = input.value;
    const ticket = ++asked;
    let page = { items: [], total: 0, hasMore: false };
    try {
      page = await call("search", {
        text,
        filters: { kind: kind.value, from: from.value, to: to.value, significant: significant.checked, offset: append ? shown.length : 0 },
      });
    } catch (failure) {
      if (ticket === asked) {
        replace(results);
        more.hidden = true;
        status.textContent = failure.message;
      }
      return;
    }
    if (ticket !== asked) return;
    const keep = append ? active : 0;
    shown = append ? [...shown, ...page.items] : page.items;
    const groups = new Map();
    for (const hit of shown) {
      if (!groups.has(hit.kind)) groups.set(hit.kind, []);
      groups.get(hit.kind).push(hit);
    }
    options = [];
    replace(
      results,
      [...groups].map(([kind, list]) =>
        el(
          "section",
          { class: "search-group", role: "group", "aria-label": KIND_LABELS[kind] ?? kind },
          el("h3", {}, KIND_LABELS[kind] ?? kind),
          list.map((hit) => {
            const option = el(
              "div",
              { role: "option", id: `hit-${options.length}`, class: "search-hit", onclick: () => open(hit) },
              el("span", { class: "hit-title" }, hit.title),
              hit.caseLabel && hit.kind !== "case" ? el("span", { class: "hit-case" }, hit.caseLabel) : null,
              el("span", { class: "hint" }, [hit.entryKind, hit.day].filter(Boolean).join(" · ")),
              el("span", { class: "snippet" }, hit.snippet.map(([part, marked]) => (marked ? el("mark", {}, part) : part))),
            );
            options.push(option);
            return option;
          }),
        ),
      ),
    );
    more.hidden = !page.hasMore;
    const total = `${number(page.total)} result${page.total === 1 ? "" : "s"}`;
    status.textContent = !text.trim() ? "Type to search." : page.hasMore ? `${total}; showing ${number(shown.length)}.` : `${total}.`;
    highlight(options.length ? Math.min(Math.max(keep, 0), options.length - 1) : -1);
  };
  more.addEventListener("click", () => run(true));
  for (const control of [kind, from, to, significant]) control.addEventListener("change", () => run());
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(), 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (active >= 0) options[active].click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  dialog = el(
    "div",
    { id: "search", class: "overlay", role: "dialog", "aria-modal": "true", "aria-labelledby": "search-title" },
    el(
      "div",
      { class: "overlay-box card" },
      el("h2", { id: "search-title" }, el("label", { for: "search-input" }, "Search everything")),
      input,
      filters,
      status,
      results,
      more,
      el("button", { type: "button", class: "small", onclick: close }, "Close"),
    ),
  );
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && event.target !== input) {
      event.preventDefault();
      close();
    }
  });
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close();
  });
  document.body.append(dialog);
  document.getElementById("app").setAttribute("aria-hidden", "true");
  input.focus();
}
