// The team as a supervisor or manager oversees it (#/team): each colleague whose cases are shared
// with this worker for supervision or oversight, with each case's quality signals (days since
// direct contact, last reflection, open and overdue actions, drafts waiting) — read from this
// device, as of the last sync — and the cases this worker holds, to allocate; a manager may move
// a case they oversee to another worker. Only what is shared with a case shows: a colleague's
// private reflections and wellbeing notes never reach this device.

import { call } from "./ipc.js";
import { el, formError, replace, showError } from "./dom.js";
import { caseRow } from "./caseload.js";
import { handOnForm } from "./team.js";
import { setShortcuts } from "./shortcuts.js";

export async function render(root, _params, ctx) {
  const error = formError();
  let team = null;
  try {
    team = await call("team_oversight");
  } catch (failure) {
    showError(error, failure);
  }
  const title = el("h1", { id: "team-title" }, "Team");
  if (!team) {
    replace(
      root,
      el(
        "section",
        { class: "card", "aria-labelledby": "team-title" },
        title,
        error,
        el("p", { id: "team-not-joined" }, "This device has joined no team. Join one in ", el("a", { href: "#/settings" }, "Settings → Team"), " with your hub's address and an invitation code."),
      ),
    );
    return;
  }
  const workers = team.workers.map((w) =>
    el(
      "section",
      { class: "card overseen", "data-worker": w.workerId, "aria-labelledby": `overseen-${w.workerId}` },
      el("h2", { id: `overseen-${w.workerId}` }, w.name, " ", el("span", { class: "member-role" }, w.role)),
      el("p", { class: "hint" }, `${w.cases.length} case${w.cases.length === 1 ? "" : "s"} shared with you, most in need of attention first.`),
      el("ul", { class: "case-list overseen-cases" }, w.cases.map((row) => (team.manager ? withHandOn(row, "Transfer…", false, ctx) : caseRow(row)))),
    ),
  );
  const held = team.held.length
    ? el(
        "section",
        { class: "card", id: "held-cases", "aria-labelledby": "held-title" },
        el("h2", { id: "held-title" }, "Cases you hold"),
        el("p", { class: "hint" }, "Allocate a referral to a colleague: they take it on with its transfer summary, and you stay on it as its supervisor."),
        el(
          "ul",
          { class: "case-list" },
          team.held.map((row) => withHandOn(row, "Allocate…", true, ctx)),
        ),
      )
    : null;
  replace(
    root,
    el(
      "section",
      { class: "card", "aria-labelledby": "team-title" },
      title,
      error,
      el("p", {}, "Your colleagues' cases shared with you for supervision or oversight, with the signals of the casework: read only, apart from co-working notes, supervision decisions and agreed actions. Private reflections and wellbeing notes are never shared."),
      team.workers.length ? null : el("p", { id: "team-nothing-overseen", class: "hint" }, "No colleague's cases are shared with you for supervision or oversight yet."),
      team.arriving ? el("p", { id: "team-arriving", class: "hint" }, `${team.arriving} more case${team.arriving === 1 ? "" : "s"} shared with you arrive${team.arriving === 1 ? "s" : ""} with the next sync.`) : null,
    ),
    ...workers,
    held,
  );
  setShortcuts([]);
}

/** A case's row with a button that opens the hand-on form beneath it: *Allocate…* for a case this
 * worker holds, *Transfer…* for a manager's overseen case (moved to another worker; the manager
 * stays on it). */
function withHandOn(row, label, allocate, ctx) {
  const item = caseRow(row);
  const host = el("div", { class: "allocate" });
  const open = el("button", { type: "button", class: "small allocate-open", "aria-label": `${label.replace("…", "")} ${row.subject}…` }, label);
  open.addEventListener("click", async () => {
    open.hidden = true;
    replace(
      host,
      await handOnForm(row.id, row.subject, {
        allocate,
        done: () => ctx.navigate("#/team"),
        cancel: () => {
          replace(host);
          open.hidden = false;
          open.focus();
        },
      }),
    );
  });
  item.append(open, host);
  return item;
}
