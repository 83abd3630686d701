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

/** A labelled form field: the label, the control and an id tying them together. */
export function field(labelText, control, hint) {
  const hintNode = hint ? el("span", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
  return el("div", { class: "field" }, el("label", { for: control.id }, labelText), control, hintNode);
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
