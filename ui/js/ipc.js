// The one door to the Rust side. `withGlobalTauri` injects `window.__TAURI__` from the tauri
// crate itself, so there is no npm package to vendor and keep in step with the Rust version.
// Every failure comes back as { kind, message, field? }: the shell's IPC error, or "internal" when the
// call itself failed (an unknown command, arguments the shell could not read).

export async function call(command, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(command, args);
  } catch (error) {
    const failure = toIpcError(error);
    // Locked meanwhile (idle, or another part of the app): start again at the unlock screen.
    if (failure.kind === "locked" && command !== "lock") startAfresh();
    throw failure;
  }
}

function toIpcError(error) {
  if (error && typeof error === "object" && typeof error.kind === "string") {
    return { kind: error.kind, message: String(error.message ?? ""), field: error.field ?? null };
  }
  console.error("IPC call failed", error);
  return { kind: "internal", message: "Something went wrong inside Casecraft; try again." };
}

let leaving = false;

/**
 * Loads the page afresh (at the start screen, without the hash), once: every screen, draft buffer
 * and JavaScript value of this page is gone. Later calls while the page is leaving do nothing, so a
 * request failing as "locked" during a lock cannot load the page a second time.
 */
export function startAfresh() {
  if (leaving) return;
  leaving = true;
  // The screen (its address only: ids, never content) is remembered, so that opening the
  // casework again — unlocking — returns to it.
  if (location.hash) sessionStorage.setItem(RETURN_KEY, location.hash);
  location.replace(location.pathname);
}

const RETURN_KEY = "casecraft.return-to";

/** The screen the person was on when the casework was last closed ("" when none), once. */
export function takeReturnAddress() {
  const hash = sessionStorage.getItem(RETURN_KEY) ?? "";
  sessionStorage.removeItem(RETURN_KEY);
  return /^#\/[a-z0-9/-]*$/.test(hash) ? hash : "";
}

const inFlight = new Set();

/**
 * Counts a write on its way (a draft being saved), so that a screen change can wait for it and
 * the next screen reads what was just saved — a case's row never shows it as it was before.
 */
export function track(promise) {
  inFlight.add(promise);
  const done = () => inFlight.delete(promise);
  promise.then(done, done);
  return promise;
}

/** Resolves once every write started so far (including those a screen change starts) is done. */
export async function writesSettled() {
  // Other listeners of the same screen change (a form saving what is pending) run first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await Promise.allSettled([...inFlight]);
}
