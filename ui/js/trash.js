// The trash: what was deleted, most recent first, each with Restore.

import { call } from "./ipc.js";
import { el, formError, showError, clearError, replace, listCount, focusOn, announce } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, _params, ctx) {
  const error = formError();
  const list = el("ul", { id: "trash", class: "case-list" });
  const more = el("button", { type: "button", id: "trash-more", hidden: true }, "Show more");
  const count = listCount("trash-count", "records in the trash", more, list);
  let shown = 0;
  const load = async (append = false) => {
    clearError(error);
    try {
      const page = await call("trash_list", { offset: append ? shown : 0 });
      shown = (append ? shown : 0) + page.items.length;
      count.update(page, shown);
      const rows = page.items.map((item) =>
              el(
                "li",
                { class: "case-row trash-item" },
                el("span", { class: "entry-kind" }, item.kind.replace("_", " ")),
                " ",
                el("span", { class: "trash-label" }, item.label),
                el("span", { class: "hint" }, ` · deleted ${item.deletedLabel} `),
                el("button", {
                  type: "button",
                  class: "small",
                  "aria-label": `Restore ${item.label}`,
                  onclick: async (event) => {
                    // Focus goes on to the next item (or the one before, or the list) afterwards.
                    const row = event.target.closest("li");
                    const index = [...list.children].indexOf(row);
                    try {
                      await call("trash_restore", { id: item.id });
                      await load();
                      focusOn(list.children[Math.min(index, list.children.length - 1)] ?? list);
                      announce(`${item.label} is back where it was.`);
                    } catch (failure) {
                      showError(error, failure);
                    }
                  },
                }, "Restore"),
              ),
            );
      if (append) list.append(...rows);
      else replace(list, rows.length ? rows : el("li", { class: "empty" }, "The trash is empty."));
    } catch (failure) {
      showError(error, failure);
    }
  };
  more.addEventListener("click", () => load(true));
  await load();
  replace(root, el("h1", {}, "Trash"), el("p", { class: "hint" }, "Deleted records stay here until you restore them."), error, count.node, list, more);
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
}
