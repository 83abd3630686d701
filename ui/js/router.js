// Hash routes: #/case/<id>, and the caseload for anything else. First run comes before any
// route while there is no profile. Each screen module exports `render(root, params, ctx)`.

import * as firstRun from "./first-run.js";
import * as caseload from "./caseload.js";
import * as casePage from "./case.js";

const routes = [{ pattern: /^#\/case\/([0-9a-f-]+)$/, screen: casePage, params: (m) => ({ id: m[1] }) }];

export function startRouter(root, ctx) {
  const show = async () => {
    const { screen, params } = ctx.profile ? match(location.hash) : { screen: firstRun, params: {} };
    await screen.render(root, params, ctx);
    // Keyboard and screen-reader users land on the new screen, not on a removed node.
    if (!root.contains(document.activeElement)) root.focus();
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
