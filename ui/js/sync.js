// Sync: set up or join a sync folder, "Sync now", and the inbox of what sync left for a person —
// two values of one field side by side (keep one, combine them, or write another), bodies merged
// from edits on two devices (read, then mark as reviewed), and records deleted on one device
// while edited on another (keep or delete), and edits made to a completed entry on a device that
// did not yet know it was completed (add as an addendum, or discard), and changes the team hub
// did not accept (its reason; export or discard). Also the status line in the top bar, for the
// folder and the team hub.

import { call } from "./ipc.js";
import { el, field, formError, showError, clearError, replace, showFormError, clearFormErrors } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

const KIND_LABELS = {
  case: "Case",
  person: "Person",
  entry: "Entry",
  addendum: "Addendum",
  reflection: "Reflection",
  "cowork-note": "Co-working note",
  action: "Action",
  worker: "Worker",
};

/**
 * "3 changes not yet synced · last synced 10:42 · 1 to review" with a folder alone; with the team
 * hub, each target by name: "hub: synced 10:42 · folder: 3 changes not yet synced · 1 to review".
 */
export function statusText(status) {
  if (!status.configured && !status.hub) return "Not syncing";
  const changes = (n) => `${n} change${n === 1 ? "" : "s"}`;
  const parts = [];
  if (status.hub) {
    const h = status.hub;
    parts.push(h.pending > 0 ? `hub: ${changes(h.pending)} not yet sent` : h.lastSyncLabel ? `hub: synced ${h.lastSyncLabel}` : "hub: not yet synced");
  }
  if (status.configured && status.hub) {
    parts.push(status.pending > 0 ? `folder: ${changes(status.pending)} not yet synced` : status.lastSyncLabel ? `folder: synced ${status.lastSyncLabel}` : "folder: never synced");
  } else if (status.configured) {
    parts.push(
      status.pending === 0 ? "All changes synced" : `${changes(status.pending)} not yet synced`,
      status.lastSyncLabel ? `last synced ${status.lastSyncLabel}` : "never synced",
    );
  }
  if (status.toReview) parts.push(`${status.toReview} to review`);
  return parts.join(" · ");
}

/** Counts status-line refreshes so that only the newest answer is shown. */
let statusGeneration = 0;

/** Refreshes the top bar's status line; quiet when it cannot (the screens report errors). */
export async function refreshStatusLine() {
  const line = document.getElementById("sync-status");
  if (!line) return;
  const mine = ++statusGeneration;
  try {
    const status = await call("sync_status");
    if (mine !== statusGeneration) return;
    line.textContent = statusText(status);
    line.classList.toggle("needs-review", status.toReview > 0);
    // The team's page is there once this device has joined a team.
    const team = document.getElementById("nav-team");
    if (team) team.hidden = !status.hub;
  } catch {
    if (mine === statusGeneration) line.textContent = "";
  }
}

export async function render(root, _params, ctx) {
  let status;
  try {
    status = await call("sync_status");
  } catch (failure) {
    replace(root, el("h1", {}, "Sync"), el("p", { class: "form-error", role: "alert" }, failure.message));
    return;
  }
  const back = { key: "Escape", keyLabel: "Esc", label: "back to caseload", action: () => ctx.navigate("#/caseload") };
  const syncing = status.configured || Boolean(status.hub);
  const teamHint = el(
    "section",
    { id: "sync-team-hint", class: "card narrow", "aria-label": "Team hub" },
    el("h2", {}, "Co-working with colleagues"),
    el("p", { class: "hint" }, "Cases shared with colleagues sync through your organisation's team hub. Join it in ", el("a", { href: "#/settings" }, "Settings → Team"), "."),
  );
  if (!syncing) {
    replace(root, el("h1", {}, "Sync"), setupForms(ctx), teamHint);
    setShortcuts([back]);
    root.querySelector("#sync-mode-new")?.focus();
    return;
  }
  const inbox = el("section", { id: "inbox", class: "card", "aria-labelledby": "inbox-title" });
  const summary = el("p", { id: "sync-summary", class: "sync-summary" }, statusText(status));
  const report = el("p", { id: "sync-report", class: "hint", role: "status" });
  const error = formError();
  const button = el("button", { type: "button", id: "sync-now", class: "primary" }, "Sync now");
  const syncNow = async () => {
    clearError(error);
    report.textContent = "Syncing…";
    button.disabled = true;
    try {
      const result = await call("sync_run");
      report.textContent = reportText(result);
    } catch (failure) {
      report.textContent = "";
      showError(error, failure);
    } finally {
      button.disabled = false;
    }
    await refresh();
  };
  // Refreshes overlap when one action follows another quickly (keep a value, then mark a merge
  // as reviewed): only the newest one may draw, so an older answer never brings back what a
  // later action has already dealt with.
  let generation = 0;
  const refresh = async () => {
    const mine = ++generation;
    const current = () => mine === generation;
    try {
      const next = await call("sync_status");
      if (current()) summary.textContent = statusText(next);
    } catch (failure) {
      if (current()) showError(error, failure);
    }
    await loadInbox(inbox, refresh, current);
    await refreshStatusLine();
  };
  button.addEventListener("click", syncNow);
  replace(
    root,
    el("h1", {}, "Sync"),
    el(
      "section",
      { class: "card", "aria-label": "Sync targets" },
      summary,
      status.hub ? el("p", { class: "hint", id: "sync-hub-line" }, "Team hub: ", el("span", { id: "sync-hub-team" }, status.hub.team), " (", el("a", { href: "#/settings" }, "Settings → Team"), ")") : null,
      status.configured ? el("p", { class: "hint" }, "Folder: ", el("span", { id: "sync-folder-path", class: "path" }, status.folder)) : null,
      button,
      report,
      error,
    ),
    inbox,
    status.configured ? null : setupForms(ctx),
    status.hub ? null : teamHint,
  );
  const first = ++generation;
  await loadInbox(inbox, refresh, () => first === generation);
  setShortcuts([{ key: "n", keyLabel: "N", label: "sync now", action: syncNow }, back]);
}

function reportText(r) {
  const received = `${r.received} change${r.received === 1 ? "" : "s"} received, ${r.sent} sent`;
  const parts = [r.folder ? `Synced: ${received}, ${r.devices} device${r.devices === 1 ? "" : "s"} in the folder.` : `Synced: ${received}.`];
  if (r.hub) {
    const h = r.hub;
    parts.push(`Team hub: ${h.received} received, ${h.sent} sent.`);
    if (h.refused) parts.push(`${h.refused} change${h.refused === 1 ? " was" : "s were"} not accepted by the team hub (listed below).`);
    if (h.casesAdded) parts.push(`${h.casesAdded} case${h.casesAdded === 1 ? "" : "s"} newly shared with you.`);
    if (h.casesRemoved) parts.push(`${h.casesRemoved} case${h.casesRemoved === 1 ? " is" : "s are"} no longer shared with you and left this device.`);
  }
  if (r.newDeviceId) parts.push("Another installation was using this device's identity (a copied folder or a restored backup); this device now has a new one, and nothing was lost.");
  for (const warning of r.warnings) parts.push(warning);
  return parts.join(" ");
}

// ---- set up or join ------------------------------------------------------------------------

function setupForms(ctx) {
  const mode = el("fieldset", { class: "mode-choice" }, el("legend", {}, "This device"),
    el("label", { class: "check" }, el("input", { type: "radio", name: "sync-mode", id: "sync-mode-new", value: "new", checked: true }), " Set up a new sync folder"),
    el("label", { class: "check" }, el("input", { type: "radio", name: "sync-mode", id: "sync-mode-join", value: "join" }), " Join a folder set up on another device"),
  );
  const passphrase = el("input", { id: "sync-passphrase", name: "passphrase", type: "password", autocomplete: "new-password" });
  const confirm = el("input", { id: "sync-passphrase-again", name: "passphraseAgain", type: "password", autocomplete: "new-password" });
  const confirmField = field("The passphrase again", confirm, null, "passphraseAgain");
  const error = formError();
  const submit = el("button", { type: "submit", class: "primary", id: "sync-setup" }, "Choose the folder and set up sync…");
  const chosen = el("p", { id: "sync-setup-status", class: "hint", role: "status" });
  const form = el(
    "form",
    { id: "sync-setup-form", class: "card narrow", "aria-labelledby": "sync-setup-title" },
    el("h2", { id: "sync-setup-title" }, "Sync between your devices"),
    el("p", { class: "hint" }, "Your devices meet in a folder they can all reach: a USB stick, a network drive or a synced cloud folder. Everything Casecraft writes there is encrypted with your sync passphrase, and nothing is ever deleted from it."),
    mode,
    field("Sync passphrase", passphrase, "At least 12 characters. Every device that syncs needs it; it is not stored.", "passphrase"),
    confirmField,
    error,
    chosen,
    submit,
  );
  const joining = () => form.querySelector("#sync-mode-join").checked;
  mode.addEventListener("change", () => {
    confirmField.hidden = joining();
    submit.textContent = joining() ? "Choose the folder and join…" : "Choose the folder and set up sync…";
    passphrase.setAttribute("autocomplete", joining() ? "current-password" : "new-password");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form, error);
    if (!joining() && passphrase.value !== confirm.value) {
      showFormError(form, error, { field: "passphraseAgain", message: "does not match the passphrase; type the same passphrase twice" });
      return;
    }
    submit.disabled = true;
    chosen.textContent = "Choose the folder…";
    try {
      const status = await call("sync_setup", { passphrase: passphrase.value, join: joining() });
      if (!status) {
        chosen.textContent = "Nothing was set up: no folder was chosen.";
        return;
      }
      chosen.textContent = "";
      passphrase.value = "";
      confirm.value = "";
      ctx.navigate("#/sync");
    } catch (failure) {
      chosen.textContent = "";
      showFormError(form, error, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- the inbox -----------------------------------------------------------------------------

async function loadInbox(host, refresh, current = () => true) {
  let inbox;
  try {
    inbox = await call("sync_inbox");
  } catch (failure) {
    if (!current()) return;
    replace(host, el("h2", { id: "inbox-title" }, "To review after sync"), el("p", { class: "form-error", role: "alert" }, failure.message));
    return;
  }
  if (!current()) return;
  const count = inbox.conflicts.length + inbox.merged.length + inbox.deletions.length + inbox.held.length + inbox.refused.length;
  replace(
    host,
    el("h2", { id: "inbox-title" }, "To review after sync"),
    count === 0
      ? el("p", { id: "inbox-empty", class: "empty" }, "Nothing to review: every device that has synced holds the same records.")
      : el(
          "ul",
          { id: "inbox-list", class: "inbox" },
          inbox.held.map((h) => heldItem(h, refresh)),
          inbox.deletions.map((d) => deletionItem(d, refresh)),
          inbox.conflicts.map((c) => conflictItem(c, refresh)),
          inbox.merged.map((m) => mergedItem(m, refresh)),
          inbox.refused.map((r) => refusedItem(r, refresh)),
        ),
    inbox.refused.length ? exportRefused() : null,
  );
}

/** A change the team hub did not accept: the hub's reason, kept here until discarded. */
function refusedItem(r, refresh) {
  const error = formError();
  const item = el(
    "li",
    { class: "inbox-item refused card", "data-record": r.recordId, "data-op": r.opId },
    el("h3", {}, recordLink(r), el("span", { class: "badge" }, "not accepted by the team hub")),
    el("p", { class: "reason" }, r.reason),
    el("p", { class: "hint" }, `${r.change}, ${r.atLabel}. Kept in your records on this device; your colleagues do not have it. Export it to keep a copy, then discard it from this list.`),
    el(
      "button",
      {
        type: "button",
        class: "refused-discard",
        onclick: async () => {
          try {
            await call("hub_refused_discard", { opId: r.opId });
            await refresh();
          } catch (failure) {
            showFormError(item, error, failure);
          }
        },
      },
      "Discard from this list",
    ),
    error,
  );
  return item;
}

function exportRefused() {
  const status = el("p", { id: "refused-export-status", class: "hint", role: "status" });
  const error = formError();
  const button = el("button", { type: "button", id: "refused-export" }, "Export the changes the hub did not accept…");
  button.addEventListener("click", async () => {
    status.textContent = "Choose where to save them…";
    try {
      const n = await call("hub_refused_export");
      status.textContent = n === null ? "Nothing was exported: no file was chosen." : `Exported ${n} change${n === 1 ? "" : "s"}.`;
    } catch (failure) {
      status.textContent = "";
      showError(error, failure);
    }
  });
  return el("p", { class: "refused-export" }, button, status, error);
}

function recordLink(item) {
  const label = `${KIND_LABELS[item.kind] ?? item.kind}: ${item.label}`;
  if (!item.caseId) return el("span", { class: "inbox-record" }, label);
  const href = item.kind === "entry" ? `#/case/${item.caseId}/entry/${item.recordId}` : `#/case/${item.caseId}`;
  return el("a", { class: "inbox-record", href }, label);
}

function conflictItem(c, refresh) {
  const error = formError();
  const resolve = async (args) => {
    clearError(error);
    try {
      await call("conflict_resolve", { recordId: c.recordId, field: c.field, ...args });
      await refresh();
    } catch (failure) {
      showFormError(item, error, failure);
    }
  };
  const multiline = c.shape === "body";
  const editor = el(multiline ? "textarea" : "input", { id: `conflict-edit-${c.recordId}-${c.field}`, name: "value", class: "conflict-edit", rows: multiline ? 5 : null });
  const editField = field(c.shape === "list" ? "Value (separate items with commas)" : "Value", editor, null, "value");
  const editForm = el("form", { class: "conflict-editor", hidden: true }, editField, el("button", { type: "submit", class: "primary" }, "Save this value"));
  const openEditor = (text) => {
    editor.value = text;
    editForm.hidden = false;
    editor.focus();
  };
  editForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = c.shape === "list" ? editor.value.split(",").map((s) => s.trim()).filter(Boolean) : editor.value;
    resolve({ value });
  });
  const combine = () => {
    if (c.shape === "list") {
      resolve({ both: true });
    } else {
      openEditor(c.values.map((v) => v.value).join(multiline ? "\n\n" : " / "));
    }
  };
  const item = el(
    "li",
    { class: "inbox-item conflict card", "data-record": c.recordId, "data-field": c.field },
    el("h3", {}, recordLink(c), ` — ${c.fieldLabel}`),
    el("p", { class: "hint" }, "Changed on two devices before they synced. Both values are kept until you choose; the record shows the first meanwhile."),
    el(
      "div",
      { class: "conflict-values" },
      c.values.map((v, index) =>
        el(
          "div",
          { class: "conflict-value", "aria-label": `Value ${index + 1}` },
          el("p", { class: "value-text" }, v.display),
          el("p", { class: "hint" }, `${v.author}, ${v.atLabel}`),
          el("button", { type: "button", class: "keep", "aria-label": `Keep “${v.display.slice(0, 60)}”`, onclick: () => resolve({ keep: v.opId }) }, "Keep this"),
        ),
      ),
    ),
    el(
      "p",
      { class: "conflict-tools" },
      c.shape === "other" ? null : el("button", { type: "button", class: "combine", onclick: combine }, c.shape === "list" ? "Keep both" : "Combine…"),
      " ",
      el("button", { type: "button", class: "edit", onclick: () => openEditor(c.shape === "list" ? c.values[0].value.join(", ") : c.values[0].display === "(empty)" ? "" : c.values[0].display) }, "Write another value…"),
    ),
    editForm,
    error,
  );
  if (c.shape === "other") item.querySelector(".edit").hidden = true;
  return item;
}

function mergedItem(m, refresh) {
  const error = formError();
  return el(
    "li",
    { class: "inbox-item merged card", "data-record": m.recordId, "data-field": m.field },
    el("h3", {}, recordLink(m), ` — ${m.fieldLabel}`, el("span", { class: "badge merged-badge" }, "merged — review")),
    el("p", { class: "hint" }, "Edited on two devices before they synced; both edits are kept in the text below. Read it, correct it in the record if needed, then mark it as reviewed."),
    el("p", { class: "value-text merged-text" }, m.text),
    el(
      "button",
      {
        type: "button",
        class: "reviewed",
        onclick: async () => {
          clearError(error);
          try {
            await call("merged_reviewed", { recordId: m.recordId, field: m.field });
            await refresh();
          } catch (failure) {
            showError(error, failure);
          }
        },
      },
      "Mark as reviewed",
    ),
    error,
  );
}

function heldItem(h, refresh) {
  return el("li", { class: "inbox-item held card", "data-record": h.recordId }, el("h3", {}, recordLink(h)), heldBody(h, refresh));
}

/**
 * Edits held back from a completed entry: what each field says as completed and as edited, with
 * *Add as an addendum…* (the core's proposed text, editable) and *Discard* (asked first).
 */
export function heldBody(h, refresh) {
  const error = formError();
  const settle = async (host, addendum) => {
    clearFormErrors(host, error);
    try {
      await call("held_settle", { recordId: h.recordId, addendum });
      await refresh();
    } catch (failure) {
      showFormError(host, error, failure);
    }
  };
  const text = el("textarea", { id: `held-addendum-${h.recordId}`, name: "text", rows: 6, class: "held-addendum-text" });
  const form = el(
    "form",
    { class: "held-addendum", hidden: true },
    field("Addendum", text, "Proposed from the edit; shorten it if you like. The completed entry itself does not change.", "text"),
    el("button", { type: "submit", class: "primary small" }, "Add addendum"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    settle(form, text.value);
  });
  const confirm = el(
    "p",
    { class: "held-confirm", hidden: true },
    "Discard this edit? It stays in the change log but is no longer shown. ",
    el("button", { type: "button", class: "small held-discard-confirm", onclick: () => settle(box, null) }, "Discard the edit"),
    " ",
    el("button", { type: "button", class: "small", onclick: () => { confirm.hidden = true; } }, "Keep it"),
  );
  const box = el(
    "div",
    { class: "held-box" },
    el("p", { class: "held-title" }, "An edit made on another device before it knew this entry was completed"),
    el("p", { class: "hint" }, `${h.authors}, ${h.atLabel}. Not applied: the completed entry stays as it was until you add the edit as an addendum or discard it.`),
    el(
      "dl",
      { class: "held-fields" },
      h.fields.map((f) => [
        el("dt", {}, f.label),
        el("dd", {}, el("span", { class: "label" }, "As completed: "), el("span", { class: "held-completed" }, f.completed)),
        el("dd", {}, el("span", { class: "label" }, "As edited: "), el("span", { class: "held-edited" }, f.edited)),
      ]),
    ),
    el(
      "p",
      { class: "held-tools" },
      el("button", { type: "button", class: "small held-add", onclick: () => { text.value = h.addendum; form.hidden = false; text.focus(); } }, "Add as an addendum…"),
      " ",
      el("button", { type: "button", class: "small held-discard", onclick: () => { confirm.hidden = false; confirm.querySelector("button")?.focus(); } }, "Discard…"),
    ),
    confirm,
    form,
    error,
  );
  return box;
}

function deletionItem(d, refresh) {
  const error = formError();
  const decide = (keep) => async () => {
    clearError(error);
    try {
      await call("deletion_resolve", { recordId: d.recordId, keep });
      await refresh();
    } catch (failure) {
      showError(error, failure);
    }
  };
  return el(
    "li",
    { class: "inbox-item deletion card", "data-record": d.recordId },
    el("h3", {}, recordLink(d), el("span", { class: "badge" }, "deleted on another device")),
    el("p", { class: "hint" }, `Moved to the trash on one device while ${d.edits} change${d.edits === 1 ? " was" : "s were"} made to it on another. It is kept until you decide.`),
    el("button", { type: "button", class: "keep-record", onclick: decide(true) }, "Keep it"),
    " ",
    el("button", { type: "button", class: "delete-record", onclick: decide(false) }, "Move it to the trash"),
    error,
  );
}

/**
 * Marks the records of one case that sync left for review (`[data-id]` nodes inside `host`,
 * as panels render them) and answers how many there are. An entry with edits held back from its
 * completion shows them under it, to add as an addendum or discard; `changed` runs after.
 */
export async function markForReview(caseId, host, changed = () => {}) {
  let badges = new Map();
  let held = new Map();
  let count = 0;
  const fetch = async () => {
    let inbox;
    try {
      inbox = await call("sync_inbox", { caseId });
    } catch {
      return;
    }
    badges = new Map();
    held = new Map(inbox.held.map((h) => [h.recordId, h]));
    const add = (id, text) => badges.set(id, [...(badges.get(id) ?? []), text]);
    for (const c of inbox.conflicts) add(c.recordId, `conflict: ${c.fieldLabel.toLowerCase()}`);
    for (const m of inbox.merged) add(m.recordId, "merged — review");
    for (const d of inbox.deletions) add(d.recordId, "deleted on another device");
    for (const h of inbox.held) add(h.recordId, "edited elsewhere before completion");
    for (const r of inbox.refused) add(r.recordId, "not accepted by the team hub");
    count = inbox.conflicts.length + inbox.merged.length + inbox.deletions.length + inbox.held.length + inbox.refused.length;
  };
  const refresh = async () => {
    await fetch();
    host.querySelectorAll(".review-badges, .held-box").forEach((node) => node.remove());
    scan();
    changed();
  };
  const decorate = (node) => {
    const list = badges.get(node.dataset.id);
    if (list && !node.querySelector(":scope > .review-badges")) {
      node.prepend(el("a", { class: "review-badges", href: "#/sync", title: "Open what sync left for review" }, list.map((text) => el("span", { class: "badge" }, text))));
    }
    const h = held.get(node.dataset.id);
    if (h && !node.querySelector(":scope > .held-box")) node.append(heldBody(h, refresh));
  };
  const scan = () => host.querySelectorAll("[data-id]").forEach(decorate);
  await fetch();
  scan();
  new MutationObserver(scan).observe(host, { childList: true, subtree: true });
  return count;
}
