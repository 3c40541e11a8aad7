// The realpolitik workbench page. It holds the model's text in a CodeMirror editor; every edit
// (typed, or made in a view, which asks the server to rewrite the TOML) is checked at once and
// briefed with few draws, then with the full draws once the analyst pauses. One history holds
// every edit: Ctrl-Z and Ctrl-Shift-Z (or the header's buttons) undo and redo typed and visual
// edits alike.

import { $, call, say } from "./api.js";
import { state } from "./state.js";
import { canRedo, canUndo, createEditor, editorView, redoEdit, replaceText, text, undoEdit }
  from "./editor.js";
import { edited } from "./answer.js";
import { applyEdit } from "./edits.js";
import { opened, setUpFiles, showSavedState } from "./files.js";
import { setUpGraph } from "./graph.js";
import { setUpActors } from "./actors.js";
import { setUpScenarios } from "./scenarios.js";
import { setUpEvidence } from "./evidence.js";
import { setUpPanel } from "./panel.js";
import { showTab } from "./tabs.js";

// Test hooks: the browser test reads the page through these.
window.workbench = { state, applyEdit, text, replaceText, view: null, cy: null };

function changed(how) {
  showSavedState();
  $("undo").disabled = !canUndo();
  $("redo").disabled = !canRedo();
  if (how === "typing") edited(false);
  if (how === "history") edited(true);
}

window.workbench.view = createEditor($("editor"), changed);
setUpFiles();
setUpGraph();
setUpActors();
setUpScenarios();
setUpEvidence();
setUpPanel();

$("undo").addEventListener("click", undoEdit);
$("redo").addEventListener("click", redoEdit);
// Outside the editor too, Ctrl-Z and Ctrl-Shift-Z (or Ctrl-Y) undo and redo the last edit of
// the document, whichever view made it; in a field being typed in, they stay the field's own.
document.addEventListener("keydown", (e) => {
  if (!(e.ctrlKey || e.metaKey)) return;
  const inEditor = editorView().dom.contains(e.target);
  const inField = ["INPUT", "SELECT", "TEXTAREA"].includes(e.target.tagName);
  if (inEditor || inField) return;
  const key = e.key.toLowerCase();
  if (key === "z" && !e.shiftKey) { e.preventDefault(); undoEdit(); }
  if ((key === "z" && e.shiftKey) || key === "y") { e.preventDefault(); redoEdit(); }
});

for (const b of document.querySelectorAll(".tabs [role=tab]")) {
  b.addEventListener("click", () => showTab(b.dataset.tab));
}

call("/api/model").then(opened, (e) => say(e.message, true));
