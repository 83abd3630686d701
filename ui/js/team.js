// Settings → Team: join the organisation's team hub with its address and an invitation code
// (errors beside their fields: a hub out of reach or with another certificate beside the address,
// a wrong, used or expired code beside the code), see which team this device is in and the hub
// certificate it pins, and leave the team (what the hub lacks is sent first; what leaving would
// lose is said before anything goes).

import { call } from "./ipc.js";
import { announce, el, field, formError, replace, showError, showFormError, clearFormErrors } from "./dom.js";
import { refreshStatusLine } from "./sync.js";

/** The Team card of Settings. */
export function teamSection() {
  const section = el("section", { id: "team-section", class: "card narrow", "aria-labelledby": "team-title" });
  const draw = async () => {
    let team;
    try {
      team = await call("team_get");
    } catch (failure) {
      const error = formError();
      replace(section, el("h2", { id: "team-title" }, "Team"), error);
      showError(error, failure);
      return;
    }
    replace(section, el("h2", { id: "team-title" }, "Team"), ...(team ? joined(team, draw) : joinForm(draw)));
  };
  draw();
  return section;
}

function joinForm(draw) {
  const url = el("input", { id: "team-url", name: "hub", type: "url", inputmode: "url", autocomplete: "url", spellcheck: "false", placeholder: "https://hub.example.org:8443" });
  const code = el("input", { id: "team-code", name: "code", autocomplete: "off", spellcheck: "false" });
  const error = formError();
  const status = el("p", { id: "team-join-status", class: "hint", role: "status" });
  const submit = el("button", { type: "submit", id: "team-join", class: "primary" }, "Join the team");
  const form = el(
    "form",
    { id: "team-join-form", "aria-labelledby": "team-join-title", novalidate: "" },
    el("h3", { id: "team-join-title" }, "Join your team's hub"),
    el("p", { class: "hint" }, "Cases you share with colleagues sync through your organisation's team hub. Your private reflections and supervision wellbeing notes never go there."),
    field("Hub address", url, "As your administrator gave it, e.g. https://hub.example.org:8443", "hub"),
    field("Invitation code", code, "A one-time code; it also names the hub's certificate, so this device trusts that hub only.", "code"),
    error,
    status,
    submit,
  );
  call("team_rejoin").then((rejoin) => {
    if (!rejoin) return;
    if (!url.value) url.value = rejoin.url;
    form.insertBefore(
      el("p", { id: "team-rejoin", class: "review-note" }, `This device has a new identity (it was restored from a backup, or its data folder was copied), so it must join ${rejoin.team} again: ask your administrator for a new invitation code.`),
      form.querySelector(".field"),
    );
  }, () => {});
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    submit.disabled = true;
    status.textContent = "Joining…";
    try {
      await call("team_join", { url: url.value, code: code.value });
      status.textContent = "";
      await draw();
      await refreshStatusLine();
    } catch (failure) {
      status.textContent = "";
      showFormError(form, error, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return [form];
}

function joined(team, draw) {
  const error = formError();
  const confirm = el("div", { id: "team-leave-confirm", hidden: true });
  const leave = el("button", { type: "button", id: "team-leave" }, "Leave the team…");
  const finish = async (discard) => {
    try {
      await call("team_leave", { discard });
    } catch (failure) {
      showError(error, failure);
      return;
    }
    await draw();
    await refreshStatusLine();
  };
  leave.addEventListener("click", async () => {
    leave.disabled = true;
    let leaving;
    try {
      leaving = await call("team_leave_check");
    } catch (failure) {
      showError(error, failure);
      return;
    } finally {
      leave.disabled = false;
    }
    const cancel = el("button", { type: "button", onclick: () => { confirm.hidden = true; leave.focus(); } }, "Cancel");
    replace(
      confirm,
      el("p", { id: "team-leave-message", class: leaving.loses ? "form-error" : "", role: leaving.loses ? "alert" : null }, leaving.message),
      leaving.loses
        ? el("button", { type: "button", id: "team-leave-discard", class: "danger", onclick: () => finish(true) }, "Leave and discard them")
        : el("button", { type: "button", id: "team-leave-now", class: "danger", onclick: () => finish(false) }, "Leave the team"),
      " ",
      cancel,
    );
    confirm.hidden = false;
    confirm.querySelector("button").focus();
  });
  return [
    el(
      "dl",
      { id: "team-facts", class: "facts" },
      el("dt", {}, "Team"),
      el("dd", { id: "team-name" }, team.team),
      el("dt", {}, "You are"),
      el("dd", { id: "team-worker" }, team.workerName),
      el("dt", {}, "Hub"),
      el("dd", { id: "team-url-joined", class: "path" }, team.url),
      el("dt", {}, "Hub certificate"),
      el(
        "dd",
        { id: "team-fingerprint" },
        team.fingerprint ? el("code", { class: "fingerprint" }, team.fingerprint) : "checked by this machine's certificate authorities",
      ),
      el("dt", {}, "Cases through the hub"),
      el("dd", { id: "team-cases" }, String(team.cases)),
      el("dt", {}, "Last synced"),
      el("dd", { id: "team-last-sync" }, team.lastSyncLabel ?? "not yet"),
    ),
    team.fingerprint ? el("p", { class: "hint" }, "SHA-256 of the certificate this device accepts from the hub; your administrator can read it out to compare.") : null,
    leave,
    confirm,
    error,
  ];
}

const ROLE_LABELS = { owner: "owner", "co-worker": "co-worker", supervisor: "supervisor", "read-only": "read only" };

/**
 * Who a case is shared with, in its header, asked of the team hub: each member with their role;
 * for the case's owner, *Share…* (a colleague of the team, a role) and *Stop sharing*. Nothing
 * shows on a device that has joined no team.
 */
export function caseMembers(caseId) {
  const section = el("section", { id: "case-members", class: "case-members", "aria-label": "Shared with", hidden: true });
  const draw = async () => {
    let answer;
    try {
      answer = await call("case_members", { caseId });
    } catch (failure) {
      section.hidden = false;
      replace(section, el("p", { class: "hint", id: "case-members-unknown" }, `Who this case is shared with shows when the team hub can be reached. ${failure.message}`));
      return;
    }
    if (!answer) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    const error = formError();
    const list = el(
      "ul",
      { id: "members-list", class: "members" },
      answer.members.map((m) =>
        el(
          "li",
          { class: "member", "data-worker": m.workerId },
          el("span", { class: "member-name" }, m.you ? `${m.name} (you)` : m.name),
          " ",
          el("span", { class: "member-role" }, ROLE_LABELS[m.role] ?? m.role),
          answer.mayShare && m.role !== "owner"
            ? el("button", { type: "button", class: "small quiet member-remove", "aria-label": `Stop sharing with ${m.name}`, onclick: () => stop(m) }, "Stop sharing")
            : null,
        ),
      ),
    );
    const stop = async (m) => {
      try {
        await call("case_unshare", { caseId, worker: m.workerId });
        await draw();
      } catch (failure) {
        showError(error, failure);
      }
    };
    const parts = [el("h2", { class: "members-title" }, "Shared with"), list];
    if (answer.mayShare && answer.colleagues.length) parts.push(shareForm(caseId, answer, draw));
    if (answer.mayShare) parts.push(transferButton(caseId, section));
    parts.push(error);
    replace(section, ...parts);
  };
  draw();
  return section;
}

function shareForm(caseId, answer, draw) {
  const who = el(
    "select",
    { id: "share-worker", name: "worker" },
    answer.colleagues.map((c) => el("option", { value: c.workerId }, `${c.name} (${c.role})`)),
  );
  const role = el(
    "select",
    { id: "share-role", name: "role" },
    answer.roles.map((r) => el("option", { value: r }, ROLE_LABELS[r] ?? r)),
  );
  const error = formError();
  const form = el(
    "form",
    { id: "share-form", class: "share-form", hidden: true, "aria-label": "Share this case" },
    field("Colleague", who, null, "worker"),
    field("Their role", role, "A co-worker records on the case; a supervisor reads it and adds supervision decisions; read only reads it.", "role"),
    error,
    el("button", { type: "submit", class: "primary small", id: "share-submit" }, "Share"),
    " ",
    el("button", { type: "button", class: "small", onclick: () => { form.hidden = true; open.focus(); } }, "Cancel"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    try {
      await call("case_share", { caseId, worker: who.value, role: role.value });
      await draw();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  const open = el("button", { type: "button", id: "share-open", class: "small", onclick: () => { form.hidden = false; who.focus(); } }, "Share…");
  return el("div", { class: "share" }, open, form);
}

/** *Transfer…* in the case header, for its owner: opens the hand-on form below the members. */
function transferButton(caseId, section) {
  const host = el("div", { class: "hand-on-host" });
  const open = el("button", { type: "button", id: "transfer-open", class: "small" }, "Transfer…");
  open.addEventListener("click", async () => {
    open.hidden = true;
    const subject = document.getElementById("case-subject")?.textContent ?? "this case";
    replace(
      host,
      await handOnForm(caseId, subject, {
        allocate: false,
        done: () => (location.hash = "#/caseload"),
        cancel: () => {
          replace(host);
          open.hidden = false;
          open.focus();
        },
      }),
    );
  });
  return el("div", { class: "transfer" }, open, host);
}

/**
 * Handing a case on (a transfer, or with `allocate` an allocation after which this worker stays
 * on it as its supervisor): the checklist first (drafts to complete, the open actions that go
 * with it, the transfer pack to print), then the colleague. The core refuses while drafts are
 * left and writes the transfer summary before the hub is asked.
 */
export async function handOnForm(caseId, subject, { allocate, done, cancel }) {
  const error = formError();
  let check = null;
  let members = null;
  try {
    [check, members] = await Promise.all([call("case_transfer_check", { caseId }), call("case_members", { caseId })]);
  } catch (failure) {
    showError(error, failure);
  }
  const colleagues = [
    ...(members?.colleagues ?? []),
    ...(members?.members ?? []).filter((m) => !m.you).map((m) => ({ workerId: m.workerId, name: m.name, role: ROLE_LABELS[m.role] ?? m.role })),
  ];
  const who = el(
    "select",
    { id: "transfer-worker", name: "colleague" },
    colleagues.map((c) => el("option", { value: c.workerId }, `${c.name} (${c.role})`)),
  );
  const oversee = el("input", { type: "checkbox", id: "transfer-oversee" });
  oversee.checked = allocate;
  const items = [];
  if (check) {
    items.push(
      el(
        "li",
        { class: check.drafts ? "attention" : "", id: "transfer-drafts" },
        check.drafts
          ? `${check.drafts} draft entr${check.drafts === 1 ? "y is" : "ies are"} not completed: complete or delete ${check.drafts === 1 ? "it" : "them"} before handing the case on.`
          : "No drafts are left.",
      ),
      el(
        "li",
        { id: "transfer-actions" },
        check.openActions.length ? `Open actions that go with the case: ${check.openActions.join("; ")}.` : "No actions are open.",
      ),
      el("li", {}, "A transfer summary is written to the chronology. ", el("a", { href: `#/case/${caseId}/transfer`, id: "transfer-pack-link" }, "Print the transfer pack"), " for the colleague taking it on."),
    );
  }
  const form = el(
    "form",
    { id: "transfer-form", class: "card hand-on", "aria-labelledby": "transfer-title", novalidate: "" },
    el("h2", { id: "transfer-title" }, allocate ? `Allocate ${subject}` : `Transfer ${subject}`),
    el("ul", { class: "checklist", "aria-label": "Before handing on" }, items),
    colleagues.length ? field("Colleague taking it on", who, null, "colleague") : el("p", { class: "hint" }, "No colleague of the team to hand it to: the team hub names them once it can be reached."),
    el("label", { class: "check" }, oversee, " Stay on the case as its supervisor (an allocation)"),
    error,
    el(
      "div",
      { class: "form-actions" },
      el("button", { type: "submit", class: "primary", id: "transfer-submit", disabled: !colleagues.length || !check || check.drafts ? "" : null }, allocate ? "Allocate" : "Transfer"),
      el("button", { type: "button", onclick: cancel }, "Cancel"),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    const name = who.selectedOptions[0]?.textContent ?? "";
    try {
      await call("case_transfer", { caseId, to: who.value, allocate: oversee.checked });
      announce(oversee.checked ? `Allocated ${subject} to ${name}; you oversee it as its supervisor.` : `Transferred ${subject} to ${name}; it leaves this device with the next sync.`);
      try {
        await call("sync_run");
      } catch {
        // Offline: it leaves at the next sync.
      }
      refreshStatusLine();
      done();
    } catch (failure) {
      showFormError(form, error, failure);
    }
  });
  return form;
}

/**
 * What this worker may do on a case as the team hub said, for the case header: nothing for an
 * owner or co-worker; for a supervisor or a read-only member, what the hub accepts from them.
 */
export function roleNote(role) {
  if (role === "supervisor") {
    return el("p", { id: "case-role-note", class: "role-note" }, "You oversee this case as its supervisor: read it, and add co-working notes, supervision decisions and agreed actions. Other changes are not accepted by the team hub.");
  }
  if (role === "read-only") {
    return el("p", { id: "case-role-note", class: "role-note" }, "This case is shared with you to read: changes you make here are not accepted by the team hub.");
  }
  return null;
}

/**
 * Cases that left this device because the worker was removed from them, each said once, at the
 * top of the caseload: "Morgan Ellis stopped sharing Ivy Nowak with you on 3 Dec…", with *OK*.
 */
export function removalNotices() {
  const host = el("ul", { id: "removal-notices", class: "removal-notices", role: "status", "aria-label": "Cases that left this device" });
  call("removal_notices").then(
    (notices) => {
      for (const n of notices) {
        const item = el(
          "li",
          { class: "removal-notice", "data-case": n.caseId },
          el("span", { class: "removal-text" }, `${n.text}.`),
          " ",
          el(
            "button",
            {
              type: "button",
              class: "small removal-ok",
              onclick: async () => {
                try {
                  await call("removal_dismiss", { caseId: n.caseId });
                  item.remove();
                } catch (failure) {
                  item.append(el("span", { class: "form-error" }, ` ${failure.message}`));
                }
              },
            },
            "OK",
          ),
        );
        host.append(item);
      }
    },
    () => {},
  );
  return host;
}
