// Single-key shortcuts for the current screen, listed in the footer. Keys typed into a form
// control are never taken.

let current = [];

export function setShortcuts(list) {
  current = list;
  const footer = document.getElementById("shortcuts");
  footer.replaceChildren();
  for (const shortcut of list) {
    const item = document.createElement("span");
    const key = document.createElement("kbd");
    key.textContent = shortcut.keyLabel ?? shortcut.key;
    item.append(key, document.createTextNode(` ${shortcut.label}`));
    footer.append(item);
  }
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) {
    if (event.key !== "Escape") return;
  }
  const shortcut = current.find((s) => s.key.toLowerCase() === event.key.toLowerCase());
  if (shortcut) {
    event.preventDefault();
    shortcut.action();
  }
});
