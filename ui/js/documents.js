// Exporting a case: the whole record (Markdown, HTML, JSON), the court-format chronology (HTML,
// CSV; significant events only if asked), the quality review or the transfer pack (HTML,
// Markdown) — anonymised if asked, with every replacement listed before anything is saved. The
// preview is rendered by the core; saving writes a new file (never over an existing one), chosen
// in the system's save dialog, in Rust.

import { call } from "./ipc.js";
import { el, field, select, formError, replace, showFormError, clearFormErrors, sanitisedHtml } from "./dom.js";
import { setShortcuts } from "./shortcuts.js";

const KINDS = [
  { value: "chronology", label: "Court chronology", formats: ["html", "csv"] },
  { value: "record", label: "Whole case record", formats: ["html", "md", "json"] },
  { value: "quality", label: "Quality review", formats: ["html", "md"] },
  { value: "transfer-pack", label: "Transfer pack", formats: ["html", "md"] },
];
const FORMAT_LABELS = { html: "HTML (print-ready)", md: "Markdown", json: "JSON", csv: "CSV (spreadsheet)" };

export function render(root, params, ctx) {
  const kind = select("export-kind", KINDS.map((k) => ({ value: k.value, label: k.label })), { name: "kind" });
  const format = el("select", { id: "export-format", name: "format" });
  const significant = el("input", { type: "checkbox", id: "export-significant" });
  const significantLabel = el("label", { class: "check" }, significant, " Significant events only");
  const anonymise = el("input", { type: "checkbox", id: "export-anonymise" });
  const error = formError();
  const status = el("p", { id: "export-status", class: "hint", role: "status" });
  const replacements = el("div", { id: "export-replacements" });
  const preview = el("div", { id: "export-preview" });
  const showFormats = () => {
    const chosen = KINDS.find((k) => k.value === kind.value);
    replace(format, chosen.formats.map((f) => el("option", { value: f }, FORMAT_LABELS[f])));
    significantLabel.hidden = kind.value !== "chronology";
  };
  kind.addEventListener("change", showFormats);
  showFormats();
  const previewButton = el("button", { type: "button", id: "export-preview-button" }, "Preview");
  const saveButton = el("button", { type: "submit", id: "export-save", class: "primary" }, "Save…");
  const form = el(
    "form",
    { id: "export-form", class: "card", "aria-labelledby": "export-title", novalidate: "" },
    el("h1", { id: "export-title" }, "Export"),
    el("p", {}, el("a", { href: `#/case/${params.id}` }, "← Back to the case")),
    field("What", kind, null, "kind"),
    field("Format", format, null, "format"),
    significantLabel,
    el("label", { class: "check" }, anonymise, " Anonymise: replace names, dates of birth, addresses and references (every replacement is listed; nothing is exported while a name remains)"),
    el("p", { class: "hint" }, "Save… asks where: an existing file is never overwritten."),
    error,
    status,
    el("div", { class: "form-actions" }, previewButton, saveButton),
  );
  const run = async (save) => {
    clearFormErrors(form, error);
    status.textContent = "";
    try {
      const doc = await call("case_document", {
        input: { id: params.id, kind: kind.value, format: format.value, significant: significant.checked, anonymise: anonymise.checked, save },
      });
      replace(replacements, doc.replacements ? replacementList(doc.replacements) : []);
      replace(preview, sanitisedHtml("article", { class: "card markdown" }, doc.previewHtml));
      if (doc.savedTo) status.textContent = `Saved ${doc.bytes.toLocaleString("en-GB")} bytes to ${doc.savedTo}.`;
      else if (save) status.textContent = "Not saved: no file was chosen.";
    } catch (failure) {
      showFormError(form, error, failure);
    }
  };
  previewButton.addEventListener("click", () => run(false));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });
  replace(root, form, replacements, preview);
  setShortcuts([{ key: "Escape", keyLabel: "Esc", label: "back to the case", action: () => ctx.navigate(`#/case/${params.id}`) }]);
}

/** What anonymising replaced, to check before sharing. It names real people, so it is never
 * printed with the document. */
export function replacementList(list) {
  if (!list.length) return el("p", { class: "card no-print" }, "Anonymised: nothing needed replacing.");
  return el(
    "section",
    { class: "card no-print", "aria-labelledby": "replacements-title" },
    el("h2", { id: "replacements-title" }, `Anonymised: ${list.length} replacement${list.length === 1 ? "" : "s"}`),
    el(
      "table",
      { class: "replacements" },
      el("thead", {}, el("tr", {}, el("th", {}, "Found"), el("th", {}, "Replaced by"), el("th", {}, "Kind"), el("th", {}, "Times"))),
      el("tbody", {}, list.map((r) => el("tr", {}, el("td", {}, r.found), el("td", {}, r.placeholder), el("td", {}, r.kind), el("td", {}, String(r.count))))),
    ),
  );
}
