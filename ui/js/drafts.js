// Drafts of the longer forms: one mechanism for every form that takes more than a line (a
// reflection, a supervision session, a co-working note, a visit's next steps). From the first
// keystroke the form's controls are sent to the core, which keeps them on this device; within
// half a second of typing stopping, at once when a field loses focus, when the screen changes,
// the window is hidden or the app locks. Opening the form again brings the draft back, with
// what was typed and when; saving the form discards it. The page never holds the only copy.

import { call, track } from "./ipc.js";
import { el, ask } from "./dom.js";
import { onBeforeLock } from "./lock.js";

const SAVE_MS = 500;

/** Controls that are not part of what a person typed (buttons, secrets). */
function kept(control) {
  return control.id && !["button", "submit", "reset", "password", "file"].includes(control.type) && control.dataset.draft !== "skip";
}

/** What the form's controls hold, by id: text, dates and choices as text, checkboxes as ticked. */
function read(form) {
  const fields = {};
  for (const control of form.querySelectorAll("input, textarea, select")) {
    if (!kept(control)) continue;
    fields[control.id] = control.type === "checkbox" ? control.checked : control.value;
  }
  return fields;
}

/** Puts kept values back into the controls that are there now. */
function fill(form, fields) {
  for (const [id, value] of Object.entries(fields)) {
    const control = form.querySelector(`#${CSS.escape(id)}`);
    if (!control || !kept(control)) continue;
    if (control.type === "checkbox") control.checked = value === true;
    else if (typeof value === "string") control.value = value;
  }
}

/**
 * Keeps `formElement`'s contents as the core's draft of `form` (about the record `about`, for a
 * case's note or an entry's steps). `settle(fields)`, if given, is awaited between putting back
 * choices and putting back the rest (a reflection's model draws its sections, a case lists its
 * entries, a session adds the rows the draft has).
 * Returns `{ notice, ready, saved, flush }`: `notice` is the line to place at the top of the form
 * (it says when a draft came back, and offers to discard it), `ready` resolves once any draft is
 * back in the form, `saved()` discards the draft after the form was saved, `flush()` saves now.
 */
export function keepDraft(formElement, { form, about = null, settle = null }) {
  const notice = el("p", { class: "draft-notice hint", role: "status", "data-form": form });
  let timer = null;
  let dirty = false;
  let restoring = true;
  let chain = Promise.resolve();

  const save = () => {
    clearTimeout(timer);
    timer = null;
    chain = track(chain.then(async () => {
      if (!dirty) return true;
      dirty = false;
      try {
        const draft = await call("draft_save", { form, about, fields: read(formElement) });
        showKept(draft);
        return true;
      } catch (failure) {
        dirty = true;
        notice.replaceChildren(el("span", { class: "form-error" }, `The draft was not kept: ${failure.message}`));
        return false;
      }
    }));
    return chain;
  };
  const schedule = () => {
    if (restoring) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_MS);
  };
  const discard = el("button", { type: "button", class: "small draft-discard" }, "Discard draft");
  discard.addEventListener("click", async () => {
    const sure = await ask({ title: "Discard this draft?", body: "What it holds cannot be brought back.", confirm: "Discard draft", cancel: "Keep it" });
    if (!sure) return;
    clearTimeout(timer);
    dirty = false;
    chain = chain.then(() => call("draft_discard", { form, about }).catch(() => false));
    await chain;
    formElement.reset();
    notice.replaceChildren("Draft discarded.");
  });
  const showKept = (draft, resumed = false) => {
    if (!draft) {
      notice.replaceChildren();
      return;
    }
    const words = resumed ? `Resumed your draft from ${draft.savedLabel}. ` : `Draft kept on this device at ${draft.savedLabel.split(", ").pop()}. `;
    notice.replaceChildren(words, discard);
  };

  // The idle lock's "unsaved text" warning does not concern a form that keeps its draft.
  formElement.dataset.keepsDraft = "1";
  formElement.addEventListener("input", schedule);
  formElement.addEventListener("change", schedule);
  formElement.addEventListener("focusout", () => dirty && save());
  const onHide = () => {
    if (document.visibilityState === "hidden" && dirty) save();
  };
  document.addEventListener("visibilitychange", onHide);
  const unregister = onBeforeLock(() => (dirty ? save() : true));
  window.addEventListener(
    "hashchange",
    () => {
      unregister();
      document.removeEventListener("visibilitychange", onHide);
      if (dirty) save();
    },
    { once: true },
  );

  const ready = (async () => {
    try {
      const draft = await call("draft_get", { form, about });
      if (draft) {
        fill(formElement, draft.fields);
        if (settle) await settle(draft.fields);
        fill(formElement, draft.fields);
        showKept(draft, true);
      }
    } catch (failure) {
      notice.replaceChildren(el("span", { class: "form-error" }, `A kept draft could not be read: ${failure.message}`));
    } finally {
      restoring = false;
    }
  })();

  return {
    notice,
    ready,
    flush: () => (dirty ? save() : chain),
    /** The form was saved: its draft goes (after any save still on its way). */
    saved: () => {
      clearTimeout(timer);
      dirty = false;
      chain = chain.then(() => call("draft_discard", { form, about }).catch(() => false));
      notice.replaceChildren();
      return chain;
    },
  };
}
