// Building DOM without HTML strings: every piece of user text becomes a text node.

/**
 * el("p", { class: "x", id: "y" }, "text", childNode, ...)
 * Attributes whose name starts with "on" are event listeners; `true` sets a boolean attribute;
 * `false`, null and undefined are skipped. Children may be strings, nodes, arrays or null.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (value === true) {
      node.setAttribute(name, "");
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.append(child);
    else node.append(document.createTextNode(String(child)));
  }
}

/**
 * A labelled form field: the label, the control and an id tying them together, and a place for
 * the validation error the core reports for it. `name` is the field name the core's errors use
 * (defaults to the control's name).
 */
export function field(labelText, control, hint, name) {
  const hintNode = hint ? el("span", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  const errorNode = el("span", { class: "field-error", id: `${control.id}-error`, hidden: true });
  control.setAttribute("aria-describedby", [hintNode?.id, errorNode.id].filter(Boolean).join(" "));
  return el(
    "div",
    { class: "field", "data-field": name ?? control.getAttribute("name") ?? control.id },
    el("label", { for: control.id }, labelText),
    control,
    hintNode,
    errorNode,
  );
}

/**
 * Shows a failed command's message beside the field it concerns (the IPC error's `field`), or
 * in the form's general error place when no field in `form` matches.
 */
export function showFormError(form, general, error) {
  clearFormErrors(form, general);
  const fieldNode = error.field ? form.querySelector(`[data-field="${CSS.escape(error.field)}"]`) : null;
  const place = fieldNode?.querySelector(".field-error");
  if (place) {
    place.textContent = error.message;
    place.hidden = false;
    fieldNode.querySelector("input, textarea, select")?.setAttribute("aria-invalid", "true");
    fieldNode.querySelector("input, textarea, select")?.focus();
  } else {
    showError(general, error);
  }
}

export function clearFormErrors(form, general) {
  for (const node of form.querySelectorAll(".field-error")) {
    node.textContent = "";
    node.hidden = true;
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  if (general) clearError(general);
}

/**
 * THE ONE PLACE HTML IS INSERTED. `html` must be a body rendered by the core
 * (`casecraft_core::markdown::render`: pulldown-cmark, then ammonia — no scripts, styles, event
 * handlers, images or `javascript:` links); DTO fields named `*Html` carry it. Everything else is
 * text. The fragment is parsed inert (a <template> runs nothing) before it is adopted.
 */
export function sanitisedHtml(tag, attrs, html) {
  const node = el(tag, attrs);
  const template = document.createElement("template");
  template.innerHTML = html;
  node.append(template.content);
  return node;
}

/**
 * A label cut to `max` characters with an ellipsis, for <option>s: a select is as wide as its
 * longest option, and a pasted essay as a case name must not push the page sideways.
 */
export function short(text, max = 80) {
  const chars = [...String(text)];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : String(text);
}

/** A <select> with the given {value, label} choices. */
export function select(id, choices, attrs = {}) {
  return el(
    "select",
    { id, name: id, ...attrs },
    choices.map((choice) => el("option", { value: choice.value }, choice.label)),
  );
}

/** The place a form shows a failed command's message. */
export function formError() {
  return el("p", { class: "form-error", role: "alert", hidden: true });
}

export function showError(node, error) {
  node.textContent = error.message;
  node.hidden = false;
}

export function clearError(node) {
  node.textContent = "";
  node.hidden = true;
}

/** Replaces everything inside `root`. */
export function replace(root, ...children) {
  root.replaceChildren();
  append(root, children);
}

/** A count as a person reads it: 1,234. */
export function number(n) {
  return Number(n).toLocaleString("en-GB");
}

/**
 * Says how much of a list is on screen — "50 of 1,234 cases", "All 12 cases" — and shows the
 * list's "more" button while items follow. `update(page, shown)` after each load, with the page
 * the core answered (`{ items, total, hasMore }`) and how many items are now on screen.
 */
export function listCount(id, noun, more, list = null) {
  const node = el("p", { id, class: "list-count hint", "aria-live": "polite" });
  // After "more", focus goes to the first item it brought (the button itself may now be hidden).
  let firstNew = null;
  if (more && list) more.addEventListener("click", () => (firstNew = list.children.length));
  return {
    node,
    update(page, shown) {
      node.textContent = page.total === 0 ? "" : shown >= page.total ? `All ${number(page.total)} ${noun}` : `${number(shown)} of ${number(page.total)} ${noun}`;
      if (more) more.hidden = !page.hasMore;
      if (firstNew !== null && list?.children[firstNew]) focusOn(list.children[firstNew]);
      firstNew = null;
    },
  };
}

/**
 * Puts focus where the person's work continues — the thing just created, the first item just
 * shown, the next item of a list — rather than leaving it on a removed node (which sends it to
 * the top of the page): the first link or button inside `node`, or `node` itself.
 */
export function focusOn(node) {
  if (!(node instanceof HTMLElement) || !node.isConnected) return;
  const target = node.matches("a[href], button, input, select, textarea") ? node : node.querySelector("a[href], button:not([disabled]), input, select, textarea") ?? node;
  if (target === node && !node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "nearest" });
}

/**
 * Asks before something that cannot be undone (discarding a draft, completing an entry): a
 * dialog in the page with the question, what follows, and two buttons. Resolves `true` when the
 * person confirms, `false` when they cancel (the button, Esc or a click outside). Focus starts on
 * the safe choice and returns where it was.
 */
export function ask({ title, body, confirm, cancel = "Cancel" }) {
  const before = document.activeElement;
  return new Promise((resolve) => {
    const no = el("button", { type: "button", class: "ask-cancel" }, cancel);
    const yes = el("button", { type: "button", class: "primary ask-confirm" }, confirm);
    const dialog = el(
      "div",
      { id: "ask", class: "overlay", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "ask-title", "aria-describedby": "ask-body" },
      el("div", { class: "overlay-box card" }, el("h2", { id: "ask-title" }, title), el("p", { id: "ask-body" }, body), el("div", { class: "form-buttons" }, yes, " ", no)),
    );
    const close = (answer) => {
      dialog.remove();
      document.getElementById("app")?.removeAttribute("aria-hidden");
      if (before instanceof HTMLElement && before.isConnected) before.focus();
      resolve(answer);
    };
    yes.addEventListener("click", () => close(true));
    no.addEventListener("click", () => close(false));
    dialog.addEventListener("click", (event) => event.target === dialog && close(false));
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close(false);
      } else if (event.key === "Tab") {
        // Focus stays in the dialog.
        event.preventDefault();
        (document.activeElement === yes ? no : yes).focus();
      }
    });
    document.body.append(dialog);
    document.getElementById("app")?.setAttribute("aria-hidden", "true");
    no.focus();
  });
}

let noticeTimer = null;

/**
 * Says what just happened ("Completed at 14:02 — corrections are addenda", "Moved to the
 * trash"), in a status line at the foot of the window that screen readers announce, for
 * `seconds`; `undo`, if given, is offered beside it as a button ({ label, action }).
 */
export function announce(message, { undo = null, seconds = 8 } = {}) {
  let notice = document.getElementById("notice");
  if (!notice) {
    notice = el("div", { id: "notice", class: "notice", role: "status", "aria-live": "polite" });
    document.body.append(notice);
  }
  clearTimeout(noticeTimer);
  const close = () => notice.replaceChildren();
  const button = undo
    ? el("button", { type: "button", class: "small notice-undo", onclick: async () => { close(); await undo.action(); } }, undo.label ?? "Undo")
    : null;
  // replaceChildren writes a null as the text "null": only what there is goes in.
  notice.replaceChildren(...[el("span", { class: "notice-text" }, message), button ? " " : null, button].filter(Boolean));
  noticeTimer = setTimeout(close, seconds * 1000);
}

/**
 * A day field, read day first whatever the machine's locale: a text box the core reads
 * (14/03/2026, 14 Mar 2026, Sat 14 March 2026…), never the webview's date control, which follows
 * the system locale (12/01/2026 for 1 December under the default one). `value` may be given as
 * YYYY-MM-DD; it is shown as 01/12/2026.
 */
export function dayInput(id, attrs = {}, value = "") {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  return el("input", {
    id,
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "dd/mm/yyyy",
    size: 12,
    ...attrs,
    value: iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value ?? "",
  });
}
