// The evidence: a source's text with the passages the judgments cite marked, the share left
// uncited, and citing a selected passage for a judgment.

import { $, make, say } from "./api.js";
import { state } from "./state.js";
import { applyEdit } from "./edits.js";

export function drawEvidence(v, graph) {
  const pick = $("source-pick");
  const chosen = pick.value;
  pick.replaceChildren(...v.sources.map((s) => new Option(s.title, s.id)));
  if (chosen) pick.value = chosen;
  const judgments = $("judgment-pick");
  const before = judgments.value;
  const options = [
    ...graph.arrows.map((a) => [`link ${a.from} → ${a.to}`, { of: "link", from: a.from, to: a.to }]),
    ...v.matrix.blocks.map((b) => [`block ${b.from} → ${b.to}`, { of: "block", from: b.from, to: b.to }]),
    ...v.stances.map((s) => [`${s.actor} on ${s.issue}`, { of: "stance", actor: s.actor, issue: s.issue }]),
  ];
  judgments.replaceChildren(...options.map(([label, j]) => new Option(label, judgmentKey(j))));
  if (before) judgments.value = before;
  drawSource();
}

function drawSource() {
  const v = state.views;
  const source = v && v.sources.find((s) => s.id === $("source-pick").value);
  const pre = $("source-text");
  pre.replaceChildren();
  if (!source) return;
  if (source.text === null) {
    $("uncited").textContent = "its text is not in the model's folder";
    return;
  }
  $("uncited").textContent = `${Math.round(source.uncited_share * 100)}% of the text is cited ` +
    "by no judgment (grey)";
  const chars = [...source.text];
  let at = 0;
  for (const c of source.cited) {
    if (c.start < at) continue; // overlapping quotes: the first one is marked
    pre.append(chars.slice(at, c.start).join(""));
    const mark = make("mark", chars.slice(c.start, c.end).join(""));
    mark.title = `${c.judgment} (model line ${c.line})`;
    mark.addEventListener("click", () => {
      for (const m of pre.querySelectorAll("mark.chosen")) m.classList.remove("chosen");
      for (const m of pre.querySelectorAll("mark")) {
        if (m.title === mark.title) m.classList.add("chosen");
      }
      const option = [...$("judgment-pick").options].find((o) => o.value === judgmentKey(c.of));
      if (option) $("judgment-pick").value = option.value;
      say(`Cited for ${c.judgment}, written at line ${c.line} of the model.`);
    });
    pre.append(mark);
    at = c.end;
  }
  pre.append(chars.slice(at).join(""));
}

// A judgment's identity as the edit API names it ({of: "link", from, to}, {of: "stance",
// actor, issue}), written with its fields in one order so that equal judgments match.
function judgmentKey(j) {
  return JSON.stringify(j.of === "stance"
    ? { of: j.of, actor: j.actor, issue: j.issue }
    : { of: j.of, from: j.from, to: j.to });
}

function cite() {
  const quote = window.getSelection().toString().trim();
  if (!quote || !$("source-text").contains(window.getSelection().anchorNode)) {
    return say("Select a passage of the source text first.", true);
  }
  applyEdit({ kind: "cite", judgment: JSON.parse($("judgment-pick").value),
    source: $("source-pick").value, quote, stance: $("stance-pick").value });
}

export function setUpEvidence() {
  $("cite").addEventListener("click", cite);
  $("source-pick").addEventListener("change", drawSource);
}
