// Record a visit or contact. The form never holds the only copy of what was typed: the first
// input creates a draft entry in the store, and every change after that is written to it within
// a second of typing stopping, and at once when a field loses focus or the window is hidden.
// "Complete" signs the entry off; after that it is corrected only by addenda.

import { call, track } from "./ipc.js";
import { el, field, select, formError, replace, showFormError, clearFormErrors, ask, dayInput } from "./dom.js";
import { onBeforeLock } from "./lock.js";

const AUTOSAVE_MS = 600;

export function recordForm(caseId, ctx, onSaved, kase) {
  // The kinds the core allows on this case as it is (fewer once it is closed).
  const kind = select("entry-kind", kase?.recordableKinds ?? ctx.vocabulary.entryKinds, { name: "kind" });
  // When it happened: the day (read day first) and the time on the 24-hour clock, whatever the
  // machine's locale; the core reads both in the worker's time zone.
  const when = dayInput("entry-when", { name: "when" }, localDay(new Date()));
  const time = el("input", { id: "entry-time", name: "time", type: "text", autocomplete: "off", placeholder: "hh:mm", size: 6, value: localTime(new Date()) });
  const duration = el("input", { id: "entry-duration", name: "duration", type: "number", min: 0, max: 1440, inputmode: "numeric" });
  const location = el("input", { id: "entry-location", name: "location", autocomplete: "off" });
  const participants = el("input", { id: "entry-participants", name: "participants", autocomplete: "off" });
  const purpose = el("input", { id: "entry-purpose", name: "purpose", autocomplete: "off" });
  const body = el("textarea", { id: "entry-body", name: "body", rows: 5 });
  const voice = el("textarea", { id: "entry-voice", name: "voice", rows: 2 });
  const analysis = el("textarea", { id: "entry-analysis", name: "analysis", rows: 3 });
  const significant = el("input", { id: "entry-significant", type: "checkbox", name: "significant" });
  const nextSteps = el("textarea", { id: "entry-next-steps", name: "text", rows: 2 });
  const status = el("p", { id: "autosave-status", class: "hint", role: "status" }, "Not saved yet: start typing and a draft is kept.");
  const error = formError();
  const title = el("h2", { id: "new-entry-title" }, "Record an entry");

  let draftId = null;
  let timer = null;
  let dirty = false;
  let chain = Promise.resolve();

  const values = () => ({
    kind: kind.value,
    occurredDay: when.value,
    occurredTime: time.value,
    durationMinutes: duration.value === "" ? null : Number(duration.value),
    location: location.value,
    participants: participants.value.split(",").map((p) => p.trim()).filter(Boolean),
    purpose: purpose.value,
    body: body.value,
    voice: voice.value,
    analysis: analysis.value,
    significant: significant.checked,
  });

  // Saves are queued so a create and the edits after it never overtake each other.
  const save = () => {
    clearTimeout(timer);
    timer = null;
    chain = track(chain.then(async () => {
      if (!dirty) return true;
      dirty = false;
      try {
        clearFormErrors(form, error);
        const send = async (input) => {
          if (draftId) {
            await call("entry_edit", { id: draftId, input });
          } else {
            const created = await call("entry_create", { caseId, input });
            draftId = created.id;
            title.textContent = "Draft entry";
          }
        };
        // A day or time half typed (or mistyped) never holds back the rest of what was typed:
        // the rest is saved, and the field says what is wrong.
        let whenError = null;
        try {
          await send(values());
        } catch (failure) {
          if (failure.field !== "when" && failure.field !== "time") throw failure;
          whenError = failure;
          await send({ ...values(), occurredDay: null, occurredTime: null });
        }
        // The next steps are part of the draft: kept with it until completing makes them actions.
        await call("draft_save", { form: "next-steps", about: draftId, fields: { "entry-next-steps": nextSteps.value } });
        // The chronology beside the form shows the draft as it now is in the store.
        onSaved();
        if (whenError) {
          dirty = true;
          showFormError(form, error, whenError);
          status.textContent = "Draft saved, except when it happened: see the message there.";
          return false;
        }
        // A change typed while this save was on its way is not saved yet: the line says so.
        status.textContent = dirty ? "Saving…" : `Draft saved at ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}.`;
        return true;
      } catch (failure) {
        dirty = true;
        status.textContent = "Not saved: see the message below.";
        showFormError(form, error, failure);
        return false;
      }
    }));
    return chain;
  };
  const schedule = () => {
    dirty = true;
    status.textContent = "Saving…";
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_MS);
  };

  const reset = () => {
    draftId = null;
    dirty = false;
    form.reset();
    when.value = dayText(new Date());
    time.value = localTime(new Date());
    title.textContent = "Record an entry";
    status.textContent = "Not saved yet: start typing and a draft is kept.";
    clearFormErrors(form, error);
  };

  const complete = el("button", { type: "button", id: "entry-complete" }, "Complete");
  const addSteps = el("button", { type: "button", id: "entry-add-steps", class: "small" }, "Add as actions");
  const stepsError = el("p", { class: "hint", id: "next-steps-status", role: "status" });

  const form = el(
    "form",
    { id: "new-entry", class: "card side-column", "aria-labelledby": "new-entry-title" },
    title,
    kase?.status === "closed" ? el("p", { class: "hint", id: "closed-case-hint" }, "This case is closed: a call, message or note can still be recorded; reopen it to record a visit or meeting.") : null,
    field("Kind", kind),
    el("div", { class: "when-fields" }, field("When", when, "Day first: 14/03/2026.", "when"), field("Time", time, "24-hour clock.", "time")),
    field("Duration (minutes)", duration, null, "duration"),
    field("Where", location),
    field("Who was there", participants, "Names, separated by commas."),
    field("Purpose", purpose, "Why it happened, in a line."),
    field("What happened", body, "Markdown works: *emphasis*, lists, links."),
    field("The person's own words", voice),
    field("Analysis", analysis),
    el("label", { class: "check" }, significant, " Significant event"),
    el("fieldset", { class: "next-steps" }, el("legend", {}, "Next steps"), field("One action a line", nextSteps, null, "text"), addSteps, stepsError),
    status,
    error,
    el("div", { class: "form-buttons" }, el("button", { type: "submit", class: "primary" }, "Save draft"), complete),
  );

  for (const control of [kind, when, time, duration, location, participants, purpose, body, voice, analysis, significant, nextSteps]) {
    control.addEventListener("input", schedule);
    control.addEventListener("change", schedule);
    control.addEventListener("blur", () => dirty && save());
  }
  const onHide = () => {
    if (document.visibilityState === "hidden" && dirty) save();
  };
  document.addEventListener("visibilitychange", onHide);
  window.addEventListener("pagehide", () => dirty && save());
  // Leaving the case view saves what is pending; so does locking (which then clears the window).
  const unregister = onBeforeLock(() => (dirty ? save() : true));
  window.addEventListener("hashchange", () => {
    unregister();
    if (dirty) save();
  }, { once: true });

  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    dirty = dirty || !draftId;
    if (await save()) {
      reset();
      onSaved();
    }
  });

  complete.addEventListener("click", async () => {
    dirty = dirty || !draftId;
    if (!(await save())) return;
    const done = await completeEntry(draftId, stepLines(nextSteps.value));
    if (done.error) {
      showFormError(form, error, done.error);
      return;
    }
    if (!done.completed) return;
    reset();
    status.textContent = done.message;
    onSaved();
  });

  addSteps.addEventListener("click", async () => {
    const lines = stepLines(nextSteps.value);
    let added = 0;
    for (const text of lines) {
      try {
        await call("action_add", { caseId, input: { text } });
        added += 1;
      } catch (failure) {
        showFormError(form, error, failure);
        break;
      }
    }
    nextSteps.value = lines.slice(added).join("\n");
    stepsError.textContent = added ? `${added} action${added === 1 ? "" : "s"} added to the case.` : "";
    if (draftId) {
      dirty = true;
      await save();
    }
  });

  const resume = (entry) => {
    draftId = entry.id;
    dirty = false;
    // A draft keeps its kind even where the case no longer offers it (closed since).
    if (![...kind.options].some((o) => o.value === entry.kind)) kind.append(el("option", { value: entry.kind }, entry.kindLabel));
    kind.value = entry.kind;
    when.value = dayText(new Date(entry.occurredAt));
    time.value = localTime(new Date(entry.occurredAt));
    duration.value = entry.durationMinutes ?? "";
    location.value = entry.location ?? "";
    participants.value = entry.participants.join(", ");
    purpose.value = entry.purpose ?? "";
    body.value = entry.body;
    voice.value = entry.voice;
    analysis.value = entry.analysis;
    significant.checked = entry.significant;
    nextSteps.value = "";
    title.textContent = "Draft entry";
    status.textContent = "Resumed a saved draft.";
    body.focus();
    call("draft_get", { form: "next-steps", about: entry.id })
      .then((kept) => {
        if (kept && draftId === entry.id && !nextSteps.value) nextSteps.value = kept.fields["entry-next-steps"] ?? "";
      })
      .catch(() => {});
  };

  // A draft moved to the trash is no longer the one the form writes to.
  const forget = (id) => {
    if (draftId !== id) return;
    clearTimeout(timer);
    reset();
  };

  // Saves what is on its way when `id` is the draft open here (before it is completed elsewhere).
  const flush = async (id) => {
    if (draftId === id && (dirty || timer)) await save();
  };

  return { node: form, resume, forget, flush, focus: () => kind.focus(), reset: () => replace(error) };
}

/** The next steps typed, one action a line. */
function stepLines(text) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean);
}

/**
 * Completes a draft entry after asking (completing locks the record), turning `steps` into
 * actions in the same write; when `steps` is not given, the entry's kept next steps are used.
 * Resolves `{ completed, message }`, or `{ error }` when the core refused.
 */
export async function completeEntry(id, steps = null) {
  let lines = steps;
  if (lines === null) {
    const kept = await call("draft_get", { form: "next-steps", about: id }).catch(() => null);
    lines = stepLines(kept?.fields["entry-next-steps"] ?? "");
  }
  const actions = lines.length ? ` Its next steps become ${lines.length === 1 ? "an action" : `${lines.length} actions`} on the case.` : "";
  const sure = await ask({
    title: "Complete this entry?",
    body: `A completed entry is part of the case record and cannot be changed afterwards: corrections are added as addenda.${actions}`,
    confirm: "Complete",
    cancel: "Not yet",
  });
  if (!sure) return { completed: false };
  try {
    const done = await call("entry_complete", { id, nextSteps: lines });
    const made = done.actions.length ? ` ${done.actions.length} action${done.actions.length === 1 ? "" : "s"} added to the case.` : "";
    return { completed: true, message: `Completed at ${done.completedTime} — corrections are addenda.${made}` };
  } catch (failure) {
    return { error: failure };
  }
}

const pad = (n) => String(n).padStart(2, "0");

/** A moment's local day as YYYY-MM-DD (a day field shows it day first). */
function localDay(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A moment's local day as a day field shows it: 01/12/2026. */
function dayText(date) {
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

/** A moment's local time on the 24-hour clock: 14:02. */
function localTime(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
