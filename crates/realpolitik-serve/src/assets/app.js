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
    li.textContent = `${v.name}: ${v.judged.toUpperCase()} than the status quo, net ${net} ` +
      `points, ${v.confidence} confidence`;
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
      "data-index": a.index, "data-from": a.from, "data-to": a.to,
    }, svg);
    if (state.selected === a.index) line.classList.add("selected");
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

function selectLink(a) {
  state.selected = a.index;
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
  const a = state.graph.arrows.find((x) => x.index === state.selected);
  if (!a) return;
  $("link-value").textContent = typeof weight === "number" ? weight.toFixed(2) : weight;
  await applyEdit({ kind: "link_weight", index: a.index, from: a.from, to: a.to, weight }, true,
    settled);
}

// Edits run one after another, each on the text the previous one left, so that a fast
// slider's edits cannot overtake each other.
let editing = Promise.resolve();

function applyEdit(edit, reanalyse, settled) {
  editing = editing.then(() => applyNow(edit, reanalyse, settled));
  return editing;
}

async function applyNow(edit, reanalyse, settled) {
  try {
    const reply = await call("/api/edit", { text: state.text, edit });
    setText(reply.text);
    say("");
    if (reanalyse) edited(settled);
  } catch (e) {
    say(e.message, true);
  }
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
  $("tab-text").hidden = name !== "text";
  $("tab-graph").hidden = name !== "graph";
}

// --- Start -----------------------------------------------------------------------------------

$("source").addEventListener("input", (e) => { setText(e.target.value, true); edited(false); });
$("source").addEventListener("scroll", (e) => { $("gutter").scrollTop = e.target.scrollTop; });
$("save").addEventListener("click", save);
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
