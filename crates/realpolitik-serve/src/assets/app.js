// The realpolitik workbench page. It holds the model's text; every edit (typed, or made in the
// graph view, which asks the server to rewrite the TOML) is checked at once and briefed with
// few draws, then with the full draws once the analyst pauses. Answers that arrive after a
// newer edit are dropped.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const $ = (id) => document.getElementById(id);
const state = {
  name: "", text: "", version: "", editable: false, savedText: "",
  quick: 200, full: 2000, seq: 0, graph: null, selected: null, pause: null, typing: null,
};

async function call(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", "x-realpolitik-token": token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const kind = response.headers.get("content-type") || "";
  const data = kind.includes("application/json") && !response.headers.get("content-disposition")
    ? await response.json() : await response.blob();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function say(text, isError) {
  const m = $("message");
  m.hidden = !text;
  m.textContent = text || "";
  m.className = isError ? "error" : "";
}

// --- Text editor -----------------------------------------------------------------------------

function setText(text, fromEditor) {
  state.text = text;
  if (!fromEditor) $("source").value = text;
  $("saved-state").textContent = text === state.savedText ? "saved" : "unsaved changes";
  drawGutter([]);
}

function drawGutter(problems) {
  const lines = state.text.split("\n").length;
  const marks = new Map();
  for (const p of problems) if (p.line) marks.set(p.line, p.severity === "error" ? "bad" : "warn");
  const gutter = $("gutter");
  gutter.replaceChildren();
  for (let i = 1; i <= lines; i++) {
    const span = document.createElement("span");
    span.textContent = i + "\n";
    if (marks.has(i)) span.className = marks.get(i);
    gutter.append(span);
  }
  gutter.scrollTop = $("source").scrollTop;
}

// The textarea offset of a 1-based line and column (columns count characters).
function offsetOf(line, column) {
  const lines = state.text.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += [...lines[i]].length + 1;
  return offset + Math.max(0, column - 1);
}

function showProblems(problems) {
  const list = $("problems");
  list.replaceChildren();
  for (const p of problems) {
    const li = document.createElement("li");
    li.className = p.severity;
    const where = p.line ? `line ${p.line}, column ${p.column}: ` : "";
    li.textContent = `${where}${p.message}`;
    if (p.help) {
      const help = document.createElement("div");
      help.className = "help";
      help.textContent = p.help;
      li.append(help);
    }
    if (p.line) {
      li.addEventListener("click", () => {
        const s = $("source");
        showTab("text");
        s.focus();
        const start = offsetOf(p.line, p.column);
        const end = p.end_line ? offsetOf(p.end_line, p.end_column) : start + 1;
        s.setSelectionRange(start, Math.max(end, start + 1));
      });
    }
    list.append(li);
  }
  drawGutter(problems);
}

// After an edit: a quick answer soon and the full one on a pause, or (for a settled edit,
// such as a released slider) the full answer now, cancelling both pending ones.
function edited(settled) {
  clearTimeout(state.typing);
  clearTimeout(state.pause);
  if (settled) return refresh(state.full);
  state.typing = setTimeout(() => refresh(state.quick), 120);
  state.pause = setTimeout(() => refresh(state.full), 900);
}

// --- Answers ---------------------------------------------------------------------------------

async function refresh(draws) {
  const seq = ++state.seq;
  const text = state.text;
  $("status").textContent = draws < state.full ? "Analysing (quick draws)…" : "Analysing…";
  let reply;
  try {
    reply = await call("/api/analyze", { text, draws });
  } catch (e) {
    if (seq === state.seq) say(e.message, true);
    return;
  }
  if (seq !== state.seq || reply.status === "superseded") return;
  showProblems(reply.problems);
  if (reply.status === "invalid") {
    const n = reply.problems.filter((p) => p.severity === "error").length;
    $("status").textContent = `${n} problem${n === 1 ? "" : "s"}: the answer below is for the last valid text`;
    $("status").dataset.state = "invalid";
    return;
  }
  showAnswer(reply.answer, draws);
}

function showAnswer(a, draws) {
  const status = $("status");
  status.dataset.state = draws < state.full ? "quick" : "full";
  status.textContent = `${a.document.title}: briefed with ${draws} draws in ${a.elapsed_ms} ms` +
    (draws < state.full ? " (full draws when you pause)" : "");
  const verdicts = $("verdicts");
  verdicts.replaceChildren();
  for (const v of a.document.briefing.verdicts) {
    const li = document.createElement("li");
    li.className = v.judged;
    li.dataset.option = v.option;
    const net = (v.net.median >= 0 ? "+" : "−") + Math.abs(v.net.median).toFixed(1);
    const breakdown = a.document.briefing.confidence.find((c) => c.option === v.option);
    const analytic = breakdown ? `, analytic confidence ${breakdown.analytic.level}` : "";
    li.textContent = `${v.name}: ${v.judged.toUpperCase()} than the status quo, net ${net} ` +
      `points, robustness ${v.robustness}${analytic}`;
    verdicts.append(li);
  }
  const changes = $("changes");
  changes.replaceChildren();
  for (const c of a.changes) {
    const li = document.createElement("li");
    li.textContent = c.words;
    changes.append(li);
  }
  // The report runs sandboxed in an opaque origin (it cannot reach this page or its token),
  // so its scroll position cannot be read from here.
  $("report").srcdoc = a.report_html;
  state.graph = a.graph;
  drawGraph();
  drawMatrix(a.views.matrix);
  drawActors(a.views);
  drawEvidence(a.views, a.graph);
}

// --- Causal graph ----------------------------------------------------------------------------

const NS = "http://www.w3.org/2000/svg";

function el(name, attributes, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

function drawGraph() {
  const g = state.graph;
  const svg = $("graph");
  if (!g) return;
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
  const defs = el("defs", {}, svg);
  for (const [id, colour] of [["plus", "#1e7b45"], ["minus", "#b03a2e"]]) {
    const m = el("marker", { id, viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 6,
      markerHeight: 6, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }, m);
  }
  const at = new Map(g.nodes.map((n) => [n.id, n]));
  for (const a of g.arrows) {
    const from = at.get(a.from), to = at.get(a.to);
    const line = el("line", {
      x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: "arrow",
      stroke: a.weight >= 0 ? "#1e7b45" : "#b03a2e",
      "stroke-width": 1 + 5 * Math.abs(a.weight),
      "stroke-dasharray": a.when ? "6 4" : "none",
      "marker-end": `url(#${a.weight >= 0 ? "plus" : "minus"})`,
      "data-from": a.from, "data-to": a.to,
    }, svg);
    if (state.selected === linkKey(a)) line.classList.add("selected");
    el("title", {}, line).textContent =
      `${a.from} → ${a.to}: ${a.term || a.weight.toFixed(2)}${a.when ? ` (when ${a.when})` : ""}`;
    line.addEventListener("click", () => selectLink(a));
  }
  for (const n of g.nodes) {
    const group = el("g", { class: "node", transform: `translate(${n.x},${n.y})`,
      "data-node": n.id }, svg);
    el("circle", { r: 14, fill: `var(--${n.role})` }, group);
    const label = el("text", { x: 18, y: 4 }, group);
    label.textContent = n.label.length > 30 ? n.label.slice(0, 29) + "…" : n.label;
    el("title", {}, group).textContent = `${n.label} (${n.id}, ${n.role})`;
    drag(group, n);
  }
}

function drag(group, node) {
  const svg = $("graph");
  group.addEventListener("pointerdown", (down) => {
    down.preventDefault();
    group.setPointerCapture(down.pointerId);
    const matrix = svg.getScreenCTM().inverse();
    const point = (e) => new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix);
    const start = point(down), origin = { x: node.x, y: node.y };
    const move = (e) => {
      const p = point(e);
      node.x = origin.x + p.x - start.x;
      node.y = origin.y + p.y - start.y;
      drawGraphPositions();
    };
    const up = async () => {
      group.removeEventListener("pointermove", move);
      group.removeEventListener("pointerup", up);
      if (node.x === origin.x && node.y === origin.y) return;
      await applyEdit({ kind: "layout", factor: node.id, x: node.x, y: node.y }, false);
    };
    group.addEventListener("pointermove", move);
    group.addEventListener("pointerup", up);
  });
}

// Moves the drawn nodes and link ends to the nodes' positions, without rebuilding the SVG
// (rebuilding would drop the pointer capture of a drag).
function drawGraphPositions() {
  const at = new Map(state.graph.nodes.map((n) => [n.id, n]));
  for (const g of $("graph").querySelectorAll(".node")) {
    const n = at.get(g.dataset.node);
    g.setAttribute("transform", `translate(${n.x},${n.y})`);
  }
  for (const line of $("graph").querySelectorAll(".arrow")) {
    const from = at.get(line.dataset.from), to = at.get(line.dataset.to);
    line.setAttribute("x1", from.x); line.setAttribute("y1", from.y);
    line.setAttribute("x2", to.x); line.setAttribute("y2", to.y);
  }
}

const TERMS = ["-strong", "-medium", "-weak", "+weak", "+medium", "+strong"];

// A link is named by what it joins, never by its place in the file: an edit that adds or
// removes a link elsewhere keeps the same one selected.
function linkKey(a) {
  return a.from + "\u0000" + a.to;
}

function selectLink(a) {
  state.selected = linkKey(a);
  $("link-panel").hidden = false;
  $("link-name").textContent = `${a.from} → ${a.to}`;
  const slider = $("link-weight");
  slider.value = a.weight;
  $("link-value").textContent = a.term || a.weight.toFixed(2);
  const terms = $("link-terms");
  terms.replaceChildren();
  for (const t of TERMS) {
    const b = document.createElement("button");
    b.textContent = t;
    b.addEventListener("click", () => setWeight(t, true));
    terms.append(b);
  }
  drawGraph();
}

async function setWeight(weight, settled) {
  const a = state.graph.arrows.find((x) => linkKey(x) === state.selected);
  if (!a) return;
  $("link-value").textContent = typeof weight === "number" ? weight.toFixed(2) : weight;
  await applyEdit({ kind: "link_weight", from: a.from, to: a.to, weight }, true,
    settled);
}

// Edits run one after another, each on the text the previous one left, so that a fast
// slider's edits cannot overtake each other.
let editing = Promise.resolve();

function applyEdit(edit, reanalyse, settled) {
  editing = editing.then(() => applyNow(edit, reanalyse, settled));
  return editing;
}

// An edit's reply is the text it was sent with, edited. If the analyst typed while it was in
// flight, that reply would drop what they typed: once they pause, the edit is sent again with the
// text as it is then (edits name what they change by identity, so one applies as well to the
// newer text), until a reply comes back for the text still in the editor.
async function applyNow(edit, reanalyse, settled) {
  try {
    for (;;) {
      const sent = state.text;
      const reply = await call("/api/edit", { text: sent, edit });
      if (state.text === sent) {
        setText(reply.text);
        break;
      }
      await typingPause();
    }
    say("");
    if (reanalyse) edited(settled);
  } catch (e) {
    say(e.message, true);
  }
}

// Resolves once the text has not changed for `ms` milliseconds.
function typingPause(ms = 300) {
  return new Promise((resolve) => {
    let last = state.text;
    const check = () => {
      if (state.text === last) return resolve();
      last = state.text;
      setTimeout(check, ms);
    };
    setTimeout(check, ms);
  });
}

// --- Matrix, actors, evidence -----------------------------------------------------------------

function cell(tag, text, cls) {
  const c = document.createElement(tag);
  if (text !== undefined) c.textContent = text;
  if (cls) c.className = cls;
  return c;
}

// Redraws a table keeping the keyboard focus on the same cell (by its data-key, which names
// the cell by identity), and what was being typed in it: a redraw from an answer that arrives
// mid-typing must not drop the keystrokes.
function keepFocus(table, draw) {
  const active = document.activeElement && table.contains(document.activeElement)
    ? document.activeElement : null;
  const typed = active && active.value !== active.dataset.drawn ? active.value : null;
  draw();
  if (active) {
    const again = table.querySelector(`[data-key="${CSS.escape(active.dataset.key)}"]`);
    if (again) {
      if (typed !== null) again.value = typed;
      again.focus();
    }
  }
}

// An input showing `value`, remembered as drawn (so keepFocus can tell typing from drawing).
function valueInput(value) {
  const input = document.createElement("input");
  input.value = value;
  input.dataset.drawn = input.value;
  return input;
}

function drawMatrix(m) {
  const table = $("matrix");
  keepFocus(table, () => {
    table.replaceChildren();
    const block = new Map(m.blocks.map((b) => [b.from + "\u0000" + b.to, b]));
    const head1 = cell("tr"), head2 = cell("tr");
    head1.append(cell("th"), cell("th"));
    head2.append(cell("th"), cell("th"));
    for (const d of m.descriptors) {
      const th = cell("th", d.label, "descriptor");
      th.colSpan = d.states.length;
      th.title = d.id;
      head1.append(th);
      for (const s of d.states) head2.append(cell("th", s));
    }
    table.append(head1, head2);
    m.descriptors.forEach((from) => {
      from.states.forEach((state, r) => {
        const tr = cell("tr");
        if (r === 0) {
          const th = cell("th", from.label, "descriptor");
          th.rowSpan = from.states.length;
          tr.append(th);
        }
        tr.append(cell("th", state));
        m.descriptors.forEach((to) => {
          const b = block.get(from.id + "\u0000" + to.id);
          to.states.forEach((_, c) => {
            if (!b) return tr.append(cell("td", "", "none"));
            const v = b.impacts[r][c];
            const td = cell("td", undefined, v > 0 ? "pos" : v < 0 ? "neg" : "");
            const input = valueInput(v);
            input.dataset.key = `${from.id}=${state}\u0000${to.id}=${to.states[c]}`;
            if (b.uncertain[r][c]) input.className = "uncertain";
            input.title = `${from.id}=${state} → ${to.id}=${to.states[c]} (line ${b.line})`;
            input.addEventListener("keydown", (e) => matrixKey(e, input, b, r, c));
            input.addEventListener("change", () => setImpact(input, b, r, c));
            td.append(input);
            tr.append(td);
          });
        });
        table.append(tr);
      });
    });
  });
}

function matrixKey(e, input, b, r, c) {
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  if (e.key === "Enter") { e.preventDefault(); setImpact(input, b, r, c); return; }
  if (!moves[e.key]) return;
  const inputs = [...$("matrix").querySelectorAll("input")];
  const here = input.getBoundingClientRect();
  const [dr, dc] = moves[e.key];
  // The nearest input in that direction on screen.
  let best = null, bestDistance = Infinity;
  for (const other of inputs) {
    const o = other.getBoundingClientRect();
    const dx = o.x - here.x, dy = o.y - here.y;
    const ahead = dr ? Math.sign(dy) === dr && Math.abs(dx) < 2 : Math.sign(dx) === dc && Math.abs(dy) < 2;
    const distance = Math.abs(dx) + Math.abs(dy);
    if (ahead && distance < bestDistance) { best = other; bestDistance = distance; }
  }
  if (best) { e.preventDefault(); best.focus(); best.select(); }
}

function setImpact(input, b, r, c) {
  const value = Number(input.value);
  if (!Number.isInteger(value)) return say("An impact is a whole number, e.g. -2 or 3.", true);
  if (value === b.impacts[r][c] && !b.uncertain[r][c]) return;
  applyEdit({ kind: "impact", from: b.from, to: b.to, row: r, column: c, value }, true, true);
}

function drawActors(v) {
  const table = $("actors");
  keepFocus(table, () => {
    table.replaceChildren();
    const fields = ["position", "salience", "capability"];
    for (const issue of v.issues) {
      const caption = cell("tr");
      const th = cell("th", `${issue.question} (${issue.low}–${issue.high})`);
      th.colSpan = 4;
      caption.append(th);
      const head = cell("tr");
      head.append(cell("th", "actor"), ...fields.map((f) => cell("th", f)));
      table.append(caption, head);
      for (const s of v.stances.filter((x) => x.issue === issue.id)) {
        const tr = cell("tr");
        tr.append(cell("td", s.name));
        for (const f of fields) {
          const td = cell("td");
          const input = valueInput(Math.round(s[f] * 1000) / 1000);
          input.type = "number";
          input.dataset.key = `${s.actor}.${s.issue}.${f}`;
          if (s.uncertain) input.title = "written with its uncertainty: an edit makes it a number";
          input.addEventListener("change", () => applyEdit({ kind: "bargaining", actor: s.actor,
            issue: s.issue, field: f, value: Number(input.value) }, true, true));
          td.append(input);
          tr.append(td);
        }
        table.append(tr);
      }
    }
  });
}

function drawEvidence(v, graph) {
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
  state.views = v;
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
    const mark = cell("mark", chars.slice(c.start, c.end).join(""));
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
    source: $("source-pick").value, quote, stance: $("stance-pick").value }, true, true);
}

// --- Files -----------------------------------------------------------------------------------

async function save() {
  if (!state.editable) return say("The built-in model is read-only: export it, or run " +
    "`realpolitik serve FILE` on a copy.", true);
  try {
    const reply = await call("/api/save", { text: state.text, version: state.version });
    state.version = reply.version;
    state.savedText = state.text;
    setText(state.text);
    say("Saved.");
    refresh(state.full);
  } catch (e) {
    say(e.message, true);
  }
}

async function exportAs(kind) {
  try {
    const blob = await call(`/api/export/${kind}`, { text: state.text });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = state.name.replace(/\.toml$/, "") + "." + (kind === "report" ? "html" : kind);
    a.click();
    URL.revokeObjectURL(a.href);
  } catch (e) {
    say(e.message, true);
  }
}

function opened(model) {
  Object.assign(state, { name: model.name, version: model.version, editable: model.editable,
    savedText: model.text, quick: model.quick_draws, full: model.full_draws });
  $("model-name").textContent = model.name + (model.editable ? "" : " (built-in, read-only)");
  $("save").disabled = !model.editable;
  const open = $("open");
  open.hidden = model.models.length < 2;
  open.replaceChildren(...model.models.map((m) => new Option(m, m, false, m === model.name)));
  setText(model.text);
  refresh(state.full);
}

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) {
    b.classList.toggle("active", b.dataset.tab === name);
  }
  for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== `tab-${name}`;
}

// --- Start -----------------------------------------------------------------------------------

$("source").addEventListener("input", (e) => { setText(e.target.value, true); edited(false); });
$("source").addEventListener("scroll", (e) => { $("gutter").scrollTop = e.target.scrollTop; });
$("save").addEventListener("click", save);
$("cite").addEventListener("click", cite);
$("source-pick").addEventListener("change", drawSource);
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
});
for (const b of document.querySelectorAll("[data-export]")) {
  b.addEventListener("click", () => exportAs(b.dataset.export));
}
for (const b of document.querySelectorAll(".tabs button")) {
  b.addEventListener("click", () => showTab(b.dataset.tab));
}
$("link-weight").addEventListener("input", (e) => setWeight(Number(e.target.value), false));
$("link-weight").addEventListener("change", (e) => setWeight(Number(e.target.value), true));
$("open").addEventListener("change", async (e) => {
  if (state.text !== state.savedText && !confirm("Discard unsaved changes?")) return;
  try { opened(await call("/api/open", { file: e.target.value })); } catch (x) { say(x.message, true); }
});
window.addEventListener("beforeunload", (e) => {
  if (state.text !== state.savedText) e.preventDefault();
});
call("/api/model").then(opened, (e) => say(e.message, true));
