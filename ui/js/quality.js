// A case's quality review, for supervision and audit: contact month by month, significant events,
// supervision decisions, reflections, co-working and open actions — one page, rendered by the core,
// ready to print.

import { call } from "./ipc.js";
import { el, formError, showError, replace, sanitisedHtml } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, params, ctx) {
  const error = formError();
  const back = el("a", { href: `#/case/${params.id}`, class: "back" }, "← Back to the case");
  const print = el("button", { type: "button", id: "quality-print" }, "Print…");
  print.addEventListener("click", () => window.print());
  let review = null;
  try {
    review = await call("case_quality", { id: params.id });
  } catch (failure) {
    showError(error, failure);
  }
  replace(
    root,
    el("p", { class: "back no-print" }, back, " ", print),
    error,
    review ? sanitisedHtml("article", { id: "quality-review", class: "card markdown" }, review.bodyHtml) : null,
  );
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to the case", action: () => ctx.navigate(`#/case/${params.id}`) }]);
}
