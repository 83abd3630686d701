// Start-up: read the profile and the vocabulary, show the first screen, then tell the shell
// the app is interactive (it measures cold start, and may exit there for benchmarks).

import { call } from "./ipc.js";
import { el, replace } from "./dom.js";
import { startRouter } from "./router.js";

const root = document.getElementById("app");

async function boot() {
  const [profile, vocabulary] = await Promise.all([call("profile_get"), call("vocabulary")]);
  const ctx = { profile, vocabulary, setProfile };
  showWho(profile);
  await startRouter(root, ctx);

  function setProfile(next) {
    ctx.profile = next;
    showWho(next);
  }
}

function showWho(profile) {
  const who = document.getElementById("who");
  who.textContent = profile ? `${profile.displayName} · ${profile.roleLabel}` : "";
}

boot()
  .catch((error) => {
    replace(
      root,
      el("h1", {}, "Casecraft could not open your casework"),
      el("p", { class: "form-error", role: "alert" }, error.message ?? String(error)),
    );
  })
  .finally(() => call("app_ready").catch(() => {}));
