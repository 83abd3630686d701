// Start-up: ask whether the casework is locked (unlock screen), not yet encrypted (set a
// passphrase) or open; then read the profile and the vocabulary, show the first screen, and tell
// the shell the app is interactive (it measures cold start, and may exit there for benchmarks).

import { call, takeReturnAddress } from "./ipc.js";
import { el, replace } from "./dom.js";
import { startRouter } from "./router.js";
import { setGlobalShortcuts, allShortcuts } from "./shortcuts.js";
import { openSearch } from "./search.js";
import { refreshStatusLine } from "./sync.js";
import { renderUnlock, renderEncrypt, lockNow, startIdleLock } from "./lock.js";

const root = document.getElementById("app");

// What sticks below the top bar (a case's bar, the record form) starts under it however it wraps.
const topbar = document.querySelector(".topbar");
new ResizeObserver(() => document.documentElement.style.setProperty("--topbar-height", `${topbar.offsetHeight}px`)).observe(topbar);

async function boot() {
  const access = await call("access_get");
  if (access === "locked" || access === "unencrypted") {
    document.body.classList.add("locked");
    return access === "locked" ? renderUnlock(root) : renderEncrypt(root);
  }
  // Open again after a lock: back on the screen the person was on.
  const back = takeReturnAddress();
  if (back && !location.hash && access !== "empty") history.replaceState(null, "", back);
  const [profile, vocabulary] = await Promise.all([access === "empty" ? null : call("profile_get"), call("vocabulary")]);
  const ctx = { profile, vocabulary, setProfile, access };
  showWho(profile);
  document.getElementById("lock-now").addEventListener("click", () => lockNow());
  document.getElementById("open-search").addEventListener("click", () => ctx.profile && openSearch(ctx));
  document.getElementById("open-shortcuts").addEventListener("click", showShortcuts);
  setGlobalShortcuts([
    { key: "/", keyLabel: "/ or Ctrl+K", label: "search", footer: true, action: () => ctx.profile && openSearch(ctx) },
    { key: "?", keyLabel: "?", label: "all shortcuts", footer: true, action: showShortcuts },
    { key: "c", keyLabel: "C", label: "caseload", action: () => ctx.navigate("#/caseload") },
    { key: "l", keyLabel: "L", label: "reflective log", action: () => ctx.navigate("#/reflections") },
    { key: "s", keyLabel: "S", label: "sync", action: () => ctx.profile && ctx.navigate("#/sync") },
    { ctrlKey: "l", keyLabel: "Ctrl+L", label: "lock now", action: () => lockNow() },
  ]);
  await startRouter(root, ctx);
  // The sync status line: after start-up, on every screen change, and each half-minute (drafts
  // autosave without a screen change).
  if (ctx.profile) refreshStatusLine();
  window.addEventListener("hashchange", () => ctx.profile && refreshStatusLine());
  setInterval(() => ctx.profile && refreshStatusLine(), 30_000);
  // Locking after a while unused, from the moment there is casework to protect.
  if (ctx.profile) await watchIdle();

  function setProfile(next) {
    ctx.profile = next;
    showWho(next);
    if (next) watchIdle();
  }
}

let idleWatched = false;
async function watchIdle() {
  if (idleWatched) return;
  idleWatched = true;
  startIdleLock(await call("lock_after_get"));
}

function showWho(profile) {
  const who = document.getElementById("who");
  who.textContent = profile ? `${profile.displayName} · ${profile.roleLabel}` : "";
  // During first-run set-up there is nowhere else to go: the menu would only redraw the form.
  document.body.classList.toggle("setting-up", !profile);
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

function showShortcuts() {
  const existing = document.getElementById("shortcut-list");
  if (existing) {
    existing.querySelector("button")?.click();
    return;
  }
  const close = el("button", { type: "button", class: "small" }, "Close");
  const dialog = el(
    "div",
    { id: "shortcut-list", class: "overlay", role: "dialog", "aria-modal": "true", "aria-labelledby": "shortcut-title" },
    el(
      "div",
      { class: "overlay-box card" },
      el("h2", { id: "shortcut-title" }, "Keyboard shortcuts"),
      el("dl", { class: "shortcut-table" }, allShortcuts().map((s) => [el("dt", {}, el("kbd", {}, s.keyLabel ?? s.key)), el("dd", {}, s.label)])),
      close,
    ),
  );
  // Focus returns where it was when the list opened (not to the top of the page).
  const before = document.activeElement;
  const dismiss = () => {
    dialog.remove();
    if (before instanceof HTMLElement && before.isConnected && before !== document.body) before.focus();
    else document.getElementById("open-shortcuts")?.focus();
  };
  close.addEventListener("click", dismiss);
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape" || event.key === "?") {
      event.preventDefault();
      dismiss();
    }
  });
  document.body.append(dialog);
  close.focus();
}
