// The TOML editor: CodeMirror 6, with the server's problems as lint diagnostics in the gutter,
// and one undo history for every edit of the document (typed, or made in a view: a view's edit
// arrives as the server's new text and is applied as one undoable change).

import { EditorView, basicSetup } from "codemirror";
import { Annotation, EditorState } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { redo, redoDepth, undo, undoDepth } from "@codemirror/commands";

// Marks the changes the page makes itself (a view's edit, an opened file), which the update
// listener does not report as typing.
const fromPage = Annotation.define();

let view = null;
let onChange = () => {};

function extensions() {
  return [
    basicSetup,
    StreamLanguage.define(toml),
    lintGutter(),
    EditorView.contentAttributes.of({ "aria-label": "The model's TOML" }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      const ours = update.transactions.some((t) => t.annotation(fromPage));
      if (ours) return onChange("page");
      const undone = update.transactions.some((t) => t.isUserEvent("undo") || t.isUserEvent("redo"));
      onChange(undone ? "history" : "typing");
    }),
  ];
}

// Makes the editor in `parent`; `changed(how)` hears of every change of the text, with how it
// came: "typing", "history" (undo or redo) or "page".
export function createEditor(parent, changed) {
  onChange = changed;
  view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  // The scrolling box is reachable by keyboard too (arrow keys scroll it).
  view.scrollDOM.tabIndex = 0;
  view.scrollDOM.setAttribute("aria-label", "The model's TOML, scrolling");
  return view;
}

export const text = () => view.state.doc.toString();

// Opens `doc` as a new document: no history to undo into.
export function openText(doc) {
  view.setState(EditorState.create({ doc, extensions: extensions() }));
  onChange("page");
}

// Replaces the text by `doc` as one undoable change, touching only the part that differs (so
// the cursor and scroll stay where they were).
export function replaceText(doc) {
  const old = text();
  if (old === doc) return;
  let start = 0;
  while (start < old.length && start < doc.length && old[start] === doc[start]) start++;
  let endOld = old.length, endNew = doc.length;
  while (endOld > start && endNew > start && old[endOld - 1] === doc[endNew - 1]) {
    endOld--; endNew--;
  }
  view.dispatch({
    changes: { from: start, to: endOld, insert: doc.slice(start, endNew) },
    annotations: fromPage.of(true),
  });
}

export function undoEdit() { undo(view); view.focus(); }
export function redoEdit() { redo(view); view.focus(); }
export const canUndo = () => undoDepth(view.state) > 0;
export const canRedo = () => redoDepth(view.state) > 0;

// The document offset of a 1-based line and column (columns count characters, as the
// server's problems do; CodeMirror counts UTF-16 units).
export function offsetOf(line, column) {
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  const chars = [...l.text].slice(0, Math.max(0, column - 1));
  return Math.min(l.to, l.from + chars.join("").length);
}

// Shows the server's problems as diagnostics (underlined, and marked in the gutter).
export function showDiagnostics(problems) {
  const diagnostics = problems.filter((p) => p.line).map((p) => {
    const from = offsetOf(p.line, p.column);
    const to = p.end_line ? offsetOf(p.end_line, p.end_column) : from;
    return {
      from, to: Math.max(to, from),
      severity: p.severity === "error" ? "error" : "warning",
      message: p.help ? `${p.message}\n${p.help}` : p.message,
    };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

// Selects a problem's place and brings it into view.
export function select(line, column, endLine, endColumn) {
  const from = offsetOf(line, column);
  const to = endLine ? offsetOf(endLine, endColumn) : from;
  view.dispatch({ selection: { anchor: from, head: Math.max(to, from) }, scrollIntoView: true });
  view.focus();
}

export const editorView = () => view;
