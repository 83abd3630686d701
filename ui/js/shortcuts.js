// Keyboard shortcuts: global ones (search, the shortcut list, the main screens) and the current
// screen's own, all listed in the footer and in the "?" dialog. Single keys typed into a form
// control are never taken, and Esc in one only leaves the field; Ctrl+K (search), Ctrl+L (lock) and
// Ctrl+S (save, in the record form) work anywhere.

let current = [];
let global = [];

/** The app-wide shortcuts, set once at start-up. */
export function setGlobalShortcuts(list) {
  global = list;
  render();
}

export function setShortcuts(list) {
  current = list;
  render();
}

function render() {
  const footer = document.getElementById("shortcuts");
  footer.replaceChildren();
  for (const shortcut of [...current, ...global.filter((s) => s.footer)]) {
    const item = document.createElement("span");
    const key = document.createElement("kbd");
    key.textContent = shortcut.keyLabel ?? shortcut.key;
    item.append(key, document.createTextNode(` ${shortcut.label}`));
    footer.append(item);
  }
}

/** Every shortcut that works here, for the "?" list. */
export function allShortcuts() {
  return [
    ...global,
    ...current,
    { keyLabel: "Ctrl+S", label: "save the draft (in the record form)" },
    { keyLabel: "← →", label: "move between a case's tabs" },
    { keyLabel: "Tab", label: "move between controls" },
  ];
}

document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
    const search = global.find((s) => s.key === "/");
    if (search) {
      event.preventDefault();
      search.action();
    }
    return;
  }
  if ((event.ctrlKey || event.metaKey) && !event.altKey) {
    const chord = global.find((s) => s.ctrlKey && s.ctrlKey === event.key.toLowerCase());
    if (chord) {
      event.preventDefault();
      chord.action();
      return;
    }
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable], [role=dialog], [role=alertdialog]")) {
    // Esc in a field leaves the field (a second Esc then works as on the page); it never takes
    // the person away from a form they are typing in. Dialogs handle their own Esc.
    if (event.key === "Escape" && !target.closest("[role=dialog], [role=alertdialog]")) {
      event.preventDefault();
      target.blur();
    }
    return;
  }
  const key = event.key.toLowerCase();
  const shortcut = [...current, ...global].find((s) => s.key && s.key.toLowerCase() === key);
  if (shortcut) {
    event.preventDefault();
    shortcut.action();
  }
});
