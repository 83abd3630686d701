// The trash: what was deleted, most recent first, each with Restore.

import { call } from "./ipc.js";
import { el, formError, showError, clearError, replace } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, _params, ctx) {
  const error = formError();
  const list = el("ul", { id: "trash", class: "case-list" });
  const load = async () => {
    clearError(error);
    try {
      const items = await call("trash_list");
      replace(
        list,
        items.length
          ? items.map((item) =>
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
                  onclick: async () => {
                    try {
                      await call("trash_restore", { id: item.id });
                      await load();
                    } catch (failure) {
                      showError(error, failure);
                    }
                  },
                }, "Restore"),
              ),
            )
          : el("li", { class: "empty" }, "The trash is empty."),
      );
    } catch (failure) {
      showError(error, failure);
    }
  };
  await load();
  replace(root, el("h1", {}, "Trash"), el("p", { class: "hint" }, "Deleted records stay here until you restore them."), error, list);
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") }]);
}
