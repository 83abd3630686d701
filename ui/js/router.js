// Hash routes: #/case/<id> (optionally /entry/<id> to show one entry, /quality for its quality review, /export to export it, /transfer for its transfer pack), #/reflections (optionally /new/<caseId>), #/supervision, #/portfolio, #/team, #/trash, #/settings, #/sync, and
// the caseload for anything else. First run comes before any
// route while there is no profile. Each screen module exports `render(root, params, ctx)`.

import { writesSettled } from "./ipc.js";
import * as firstRun from "./first-run.js";
import * as caseload from "./caseload.js";
import * as casePage from "./case.js";
import * as reflections from "./reflections.js";
import * as trash from "./trash.js";
import * as settings from "./settings.js";
import * as sync from "./sync.js";
import * as supervision from "./supervision.js";
import * as quality from "./quality.js";
import * as portfolio from "./portfolio.js";
import * as documents from "./documents.js";
import * as oversight from "./oversight.js";
import * as transfer from "./transfer.js";

const routes = [
  { pattern: /^#\/case\/([0-9a-f-]+)\/quality$/, screen: quality, params: (m) => ({ id: m[1] }) },
  { pattern: /^#\/case\/([0-9a-f-]+)\/export$/, screen: documents, params: (m) => ({ id: m[1] }) },
  { pattern: /^#\/case\/([0-9a-f-]+)\/transfer$/, screen: transfer, params: (m) => ({ id: m[1] }) },
  { pattern: /^#\/case\/([0-9a-f-]+)(?:\/entry\/([0-9a-f-]+))?$/, screen: casePage, params: (m) => ({ id: m[1], entry: m[2] ?? null }) },
  { pattern: /^#\/reflections(?:\/(?:new|case)\/([0-9a-f-]+))?$/, screen: reflections, params: (m) => ({ caseId: m[1] ?? null }) },
  { pattern: /^#\/trash$/, screen: trash, params: () => ({}) },
  { pattern: /^#\/settings$/, screen: settings, params: () => ({}) },
  { pattern: /^#\/sync$/, screen: sync, params: () => ({}) },
  { pattern: /^#\/supervision$/, screen: supervision, params: () => ({}) },
  { pattern: /^#\/portfolio$/, screen: portfolio, params: () => ({}) },
  { pattern: /^#\/team$/, screen: oversight, params: () => ({}) },
];

export function startRouter(root, ctx) {
  const show = async () => {
    // Set-up in progress is never redrawn (a shortcut or the address must not clear its form).
    if (!ctx.profile && root.querySelector("#first-run, #recovery-title")) return;
    // What the last screen was saving is in the store before the next screen reads it.
    await writesSettled();
    const { screen, params } = ctx.profile ? match(location.hash) : { screen: firstRun, params: {} };
    await screen.render(root, params, ctx);
    for (const link of document.querySelectorAll(".nav a")) {
      if (link.getAttribute("href") === (location.hash || "#/caseload").split("/").slice(0, 2).join("/")) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    // Every screen starts at its top (a screen showing one item scrolls to it itself).
    if (!params.entry) window.scrollTo(0, 0);
    // Keyboard and screen-reader users land on the new screen, not on a removed node.
    if (!root.contains(document.activeElement)) root.focus({ preventScroll: true });
  };
  ctx.navigate = (hash) => {
    if (location.hash === hash) show();
    else location.hash = hash;
  };
  window.addEventListener("hashchange", show);
  return show();
}

function match(hash) {
  for (const route of routes) {
    const found = hash.match(route.pattern);
    if (found) return { screen: route.screen, params: route.params(found) };
  }
  return { screen: caseload, params: {} };
}
