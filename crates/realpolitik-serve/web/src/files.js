// The model's file: open another of its folder, save, save as, reload from disk, start from a
// template, and export the answer.

import { $, button, call, make, say } from "./api.js";
import { state } from "./state.js";
import { openText, replaceText, text } from "./editor.js";
import { refresh } from "./answer.js";

const unsaved = () => text() !== state.savedText;

// Shows a model the server opened (at start, after open, reload or save-as).
export function opened(model) {
  Object.assign(state, { name: model.name, version: model.version, editable: model.editable,
    exists: model.exists, savedText: model.text, quick: model.quick_draws,
    full: model.full_draws, templates: model.templates, fullAnswer: null });
  $("model-name").textContent = model.name + (model.editable ? "" : " (built-in, read-only)") +
    (model.exists ? "" : " (new: Save creates it)");
  $("save").disabled = !model.editable;
  $("save-as").disabled = !model.editable;
  $("reload").disabled = !model.editable;
  const open = $("open");
  open.hidden = model.models.length < 2;
  open.replaceChildren(...model.models.map((m) => new Option(m, m, false, m === model.name)));
  openText(model.text);
  if (!model.exists) return chooseTemplate();
  refresh(state.full);
}

// Whether the text differs from the file: shown beside the name.
export function showSavedState() {
  $("saved-state").textContent = unsaved() ? "unsaved changes" : "saved";
}

async function save() {
  if (!state.editable) return say("The built-in model is read-only: export it, or run " +
    "`realpolitik serve FILE` on a copy.", true);
  try {
    const reply = await call("/api/save", { text: text(), version: state.version });
    state.version = reply.version;
    state.savedText = text();
    state.exists = true;
    $("model-name").textContent = state.name;
    showSavedState();
    say("Saved.");
  } catch (e) {
    say(e.message, true);
  }
}

async function saveAs() {
  const name = prompt("Save as (a .toml file in the model's folder):", "");
  if (!name) return;
  try {
    const model = await call("/api/save-as", { file: name.trim(), text: text() });
    opened(model);
    say(`Saved as ${model.name}.`);
  } catch (e) {
    say(e.message, true);
  }
}

async function reload() {
  if (unsaved() && !confirm("Reload the file from disk and discard your unsaved changes?")) return;
  try {
    opened(await call("/api/reload", {}));
    say("Reloaded from disk.");
  } catch (e) {
    say(e.message, true);
  }
}

// The template picker: for a file not made yet it fills the editor (Save then creates the
// file); otherwise it writes the template to a new file of the folder and opens it.
function chooseTemplate() {
  const dialog = $("templates");
  const list = $("template-list");
  const fresh = !state.exists;
  $("templates-why").textContent = fresh
    ? `${state.name} does not exist yet. Start it from:`
    : "Start a new model of this folder from:";
  $("new-name-row").hidden = fresh;
  list.replaceChildren(...state.templates.map((t) => {
    const li = make("li");
    li.append(button(t.name, () => pick(t), `Start from the ${t.name} template`),
      make("span", ` ${t.summary}`));
    return li;
  }));
  dialog.showModal();
}

async function pick(template) {
  const dialog = $("templates");
  if (!state.exists) {
    dialog.close();
    replaceText(template.text);
    refresh(state.full);
    return say(`Started from the ${template.name} template: Save creates ${state.name}.`);
  }
  const name = $("new-name").value.trim();
  if (!name) return say("Give the new model's file name first.", true);
  if (unsaved() && !confirm("Open the new model and discard your unsaved changes?")) return;
  try {
    const model = await call("/api/save-as", { file: name, text: template.text });
    dialog.close();
    opened(model);
    say(`Made ${model.name} from the ${template.name} template.`);
  } catch (e) {
    say(e.message, true);
  }
}

async function exportAs(kind) {
  try {
    const blob = await call(`/api/export/${kind}`, { text: text() });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = state.name.replace(/\.toml$/, "") + "." + (kind === "report" ? "html" : kind);
    a.click();
    URL.revokeObjectURL(a.href);
  } catch (e) {
    say(e.message, true);
  }
}

export function setUpFiles() {
  $("save").addEventListener("click", save);
  $("save-as").addEventListener("click", saveAs);
  $("reload").addEventListener("click", reload);
  $("new").addEventListener("click", () => {
    if (!state.editable && state.exists) {
      return say("The built-in model has no folder: run `realpolitik serve FILE` to make a new model.", true);
    }
    chooseTemplate();
  });
  $("templates-cancel").addEventListener("click", () => $("templates").close());
  for (const b of document.querySelectorAll("[data-export]")) {
    b.addEventListener("click", () => exportAs(b.dataset.export));
  }
  $("open").addEventListener("change", async (e) => {
    if (unsaved() && !confirm("Discard unsaved changes?")) return;
    try { opened(await call("/api/open", { file: e.target.value })); } catch (x) { say(x.message, true); }
  });
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
  });
  window.addEventListener("beforeunload", (e) => { if (unsaved()) e.preventDefault(); });
}
