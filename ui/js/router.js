// Hash routes: #/caseload and #/case/<id>. First run comes before any route while there is
// no profile. Each screen module exports `render(root, params, ctx)` and may return a cleanup.

import * as firstRun from "./first-run.js";
import * as caseload from "./caseload.js";
import * as casePage from "./case.js";

// Anything that is not a known route shows the caseload.
const routes = [{ pattern: /^#\/case\/([0-9a-f-]+)$/, screen: casePage, params: (m) => ({ id: m[1] }) }];

export function startRouter(root, ctx) {
  let cleanup = null;
  const show = async () => {
    if (cleanup) cleanup();
    cleanup = null;
    const screen = ctx.profile ? match(location.hash) : { screen: firstRun, params: {} };
    cleanup = (await screen.screen.render(root, screen.params, ctx)) ?? null;
  };
  ctx.navigate = (hash) => {
    if (location.hash === hash) show();
    else location.hash = hash;
  };
  ctx.refresh = show;
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
