// A case's transfer pack (#/case/<id>/transfer): what a worker taking the case on needs first —
// the summary, the network, significant events, open actions and the latest direct work — one
// page rendered and sanitised by the core, ready to print.

import { call } from "./ipc.js";
import { el, formError, showError, replace, sanitisedHtml } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, params, ctx) {
  const error = formError();
  const back = el("a", { href: `#/case/${params.id}`, class: "back" }, "← Back to the case");
  const print = el("button", { type: "button", id: "transfer-print" }, "Print…");
  print.addEventListener("click", () => window.print());
  let pack = null;
  try {
    pack = await call("case_transfer_pack", { caseId: params.id });
  } catch (failure) {
    showError(error, failure);
  }
  replace(
    root,
    el("p", { class: "back no-print" }, back, " ", print, " ", el("a", { href: `#/case/${params.id}/export` }, "Save as a file…")),
    error,
    pack ? sanitisedHtml("article", { id: "transfer-pack", class: "card markdown" }, pack.bodyHtml) : null,
  );
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to the case", action: () => ctx.navigate(`#/case/${params.id}`) }]);
}
