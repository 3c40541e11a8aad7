// The causal graph: Cytoscape.js draws the factors (colour and shape by role) and the links
// (a positive link solid with an arrowhead, a negative one dashed with a bar, a conditional one
// dotted; width by weight). Drag a factor to place it; in "draw links" mode, drag from one
// factor to another to add a link (cytoscape-edgehandles). Every factor and link is also in
// the lists beside the graph, which reach them by keyboard; the panels edit what is selected.

import cytoscape from "cytoscape";
import edgehandles from "cytoscape-edgehandles";
import { $, button, make, say } from "./api.js";
import { PLACEHOLDER, ROLES, TERMS, state } from "./state.js";
import { applyEdit } from "./edits.js";

cytoscape.use(edgehandles);

const SHAPES = { lever: "round-rectangle", trigger: "diamond", mechanism: "ellipse",
  outcome: "round-hexagon" };
const COLOURS = { lever: "#2f6fb5", trigger: "#9a5c16", mechanism: "#6b6b6b",
  outcome: "#1e7b45" };

let cy = null, handles = null, fitted = false, drawnIds = "";

const linkId = (a) => `${a.from}\u0000${a.to}`;

function create() {
  cy = cytoscape({
    container: $("graph"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        label: "data(label)", "background-color": "data(colour)", shape: "data(shape)",
        width: 26, height: 26, "font-size": 12, "text-valign": "bottom", "text-margin-y": 4,
        "text-outline-color": "#fcfcfb", "text-outline-width": 3, color: "#222",
        "text-wrap": "ellipsis", "text-max-width": 180 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "data(arrow)", "line-style": "data(line)", "curve-style": "bezier",
        label: "data(term)", "font-size": 10, color: "#333", "text-rotation": "autorotate",
        "text-background-color": "#fcfcfb", "text-background-opacity": 1 } },
      { selector: "edge:selected", style: { "line-color": "#000", "target-arrow-color": "#000" } },
      { selector: ".eh-handle", style: { "background-color": "#000", width: 10, height: 10 } },
      { selector: ".eh-ghost-edge, .eh-preview", style: {
        "line-color": "#555", "target-arrow-shape": "triangle", "line-style": "dashed" } },
    ],
  });
  window.workbench.cy = cy;
  handles = cy.edgehandles({
    canConnect: (source, target) => source.id() !== target.id() &&
      !state.graph.arrows.some((a) => a.from === source.id() && a.to === target.id()),
    edgeParams: () => ({ data: { colour: "#555", width: 2, arrow: "triangle", line: "solid" } }),
    snap: true,
  });
  cy.on("ehcomplete", (_event, source, target, added) => {
    added.remove();
    addLink(source.id(), target.id());
  });
  cy.on("dragfree", "node", (e) => {
    const n = e.target;
    const p = n.position();
    applyEdit({ kind: "layout", factor: n.id(), x: p.x, y: p.y }, false);
  });
  cy.on("tap", "node", (e) => selectFactor(e.target.id()));
  cy.on("tap", "edge", (e) => {
    const a = state.graph.arrows.find((x) => linkId(x) === e.target.id());
    if (a) selectLink(a);
  });
  cy.on("tap", (e) => { if (e.target === cy) { selectFactor(null); selectLink(null); } });
}

function elements(g) {
  const nodes = g.nodes.map((n) => ({
    group: "nodes",
    data: { id: n.id, label: n.label, colour: COLOURS[n.role], shape: SHAPES[n.role] },
    position: { x: n.x, y: n.y },
  }));
  const edges = g.arrows.map((a) => ({
    group: "edges",
    data: {
      id: linkId(a), source: a.from, target: a.to,
      colour: a.weight >= 0 ? "#1e7b45" : "#b03a2e",
      width: 1 + 5 * Math.abs(a.weight),
      arrow: a.weight >= 0 ? "triangle" : "tee",
      line: a.when ? "dotted" : a.weight >= 0 ? "solid" : "dashed",
      term: a.term || a.weight.toFixed(2),
    },
  }));
  return [...nodes, ...edges];
}

export function drawGraph() {
  const g = state.graph;
  if (!g) return;
  if (!cy) create();
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements(g));
    if (state.selectedFactor) cy.getElementById(state.selectedFactor).select();
    if (state.selectedLink) cy.getElementById(state.selectedLink).select();
  });
  // A factor added or removed: the view fits the graph again (moving one keeps the view).
  const ids = g.nodes.map((n) => n.id).join("\u0000");
  if (ids !== drawnIds) { fitted = false; drawnIds = ids; }
  if (!fitted && !$("tab-graph").hidden) { cy.fit(undefined, 30); fitted = true; }
  drawLists(g);
  refreshPanels();
}

// When the graph's tab is shown, Cytoscape measures its container again.
document.addEventListener("tab-shown", (e) => {
  if (e.detail !== "graph" || !cy) return;
  cy.resize();
  if (!fitted) { cy.fit(undefined, 30); fitted = true; }
});

// --- Lists (the keyboard's way to every factor and link) -------------------------------------

function drawLists(g) {
  const factors = $("factor-list");
  factors.replaceChildren(...g.nodes.map((n) => {
    const li = make("li");
    const b = button(`${n.label} (${n.role})`, () => selectFactor(n.id));
    b.setAttribute("aria-pressed", state.selectedFactor === n.id ? "true" : "false");
    li.append(b);
    return li;
  }));
  const links = $("link-list");
  const label = (id) => g.nodes.find((n) => n.id === id)?.label || id;
  links.replaceChildren(...g.arrows.map((a) => {
    const li = make("li");
    const sign = a.weight >= 0 ? "raises" : "lowers";
    const b = button(`${label(a.from)} ${sign} ${label(a.to)} (${a.term || a.weight.toFixed(2)})`,
      () => selectLink(a));
    b.setAttribute("aria-pressed", state.selectedLink === linkId(a) ? "true" : "false");
    li.append(b);
    return li;
  }));
  const options = g.nodes.map((n) => [n.label, n.id]);
  for (const id of ["new-link-from", "new-link-to"]) {
    const s = $(id), was = s.value;
    s.replaceChildren(...options.map(([l, v]) => new Option(l, v)));
    if (was) s.value = was;
  }
}

// --- Panels ----------------------------------------------------------------------------------

function selectFactor(id) {
  state.selectedFactor = id;
  if (id) state.selectedLink = null;
  refreshPanels();
  drawLists(state.graph);
}

function selectLink(a) {
  state.selectedLink = a ? linkId(a) : null;
  if (a) state.selectedFactor = null;
  refreshPanels();
  drawLists(state.graph);
}

// Fills the panels from the graph as it is now (so a term click shows the new weight).
function refreshPanels() {
  const g = state.graph;
  const node = g.nodes.find((n) => n.id === state.selectedFactor);
  const arrow = g.arrows.find((a) => linkId(a) === state.selectedLink);
  $("factor-panel").hidden = !node;
  $("link-panel").hidden = !arrow;
  if (node) fillFactorPanel(node);
  if (arrow) fillLinkPanel(arrow);
}

function fillFactorPanel(n) {
  $("factor-name").textContent = `${n.label} [${n.id}]`;
  const label = $("factor-label");
  if (document.activeElement !== label) label.value = n.label;
  $("factor-role").value = n.role;
  $("factor-states").textContent = n.states.length ? `states: ${n.states.join(", ")}` : "";
}

function fillLinkPanel(a) {
  const label = (id) => state.graph.nodes.find((n) => n.id === id)?.label || id;
  $("link-name").textContent = `${label(a.from)} → ${label(a.to)}`;
  const slider = $("link-weight");
  if (document.activeElement !== slider) slider.value = a.weight;
  $("link-value").textContent = a.term || a.weight.toFixed(2);
  for (const b of $("link-terms").querySelectorAll("button")) {
    b.setAttribute("aria-pressed", b.textContent === a.term ? "true" : "false");
  }
}

function selected() {
  return state.graph.arrows.find((x) => linkId(x) === state.selectedLink);
}

function setWeight(weight, settled) {
  const a = selected();
  if (!a) return;
  $("link-value").textContent = typeof weight === "number" ? weight.toFixed(2) : weight;
  applyEdit({ kind: "link_weight", from: a.from, to: a.to, weight }, settled);
}

function addLink(from, to) {
  const weight = $("new-link-weight").value;
  state.selectedLink = `${from}\u0000${to}`;
  state.selectedFactor = null;
  return applyEdit({ kind: "add_link", from, to, weight, assumption: PLACEHOLDER });
}

// --- Set-up ----------------------------------------------------------------------------------

export function setUpGraph() {
  const terms = $("link-terms");
  for (const t of TERMS) terms.append(button(t, () => setWeight(t, true), `Set the weight to ${t}`));
  $("new-link-weight").replaceChildren(...TERMS.filter((t) => t !== "0")
    .map((t) => new Option(t, t, false, t === "+medium")));
  $("link-weight").addEventListener("input", (e) => setWeight(Number(e.target.value), false));
  $("link-weight").addEventListener("change", (e) => setWeight(Number(e.target.value), true));
  $("delete-link").addEventListener("click", () => {
    const a = selected();
    if (!a) return;
    state.selectedLink = null;
    applyEdit({ kind: "delete_link", from: a.from, to: a.to });
  });
  $("factor-role").replaceChildren(...ROLES.map((r) => new Option(r, r)));
  $("factor-label").addEventListener("change", (e) => applyEdit({ kind: "update_factor",
    id: state.selectedFactor, label: e.target.value }));
  $("factor-role").addEventListener("change", (e) => applyEdit({ kind: "update_factor",
    id: state.selectedFactor, role: e.target.value }));
  $("delete-factor").addEventListener("click", () => {
    const id = state.selectedFactor;
    if (!id || !confirm(`Delete ${id}, its links and blocks, and its clamps?`)) return;
    state.selectedFactor = null;
    applyEdit({ kind: "delete_factor", id });
  });
  $("add-factor").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    const states = form.states.value.split(",").map((s) => s.trim()).filter(Boolean);
    const id = form.id.value.trim();
    const done = await applyEdit({ kind: "add_factor", id, label: form.label.value.trim() || id,
      role: form.role.value, states });
    if (done) { form.reset(); state.selectedFactor = id; }
  });
  $("add-factor").role.replaceChildren(...ROLES.map((r) => new Option(r, r, false, r === "mechanism")));
  $("add-link").addEventListener("submit", (e) => {
    e.preventDefault();
    addLink($("new-link-from").value, $("new-link-to").value);
  });
  $("draw-mode").addEventListener("change", (e) => {
    if (!handles) return say("Open a model with factors first.", true);
    if (e.target.checked) handles.enableDrawMode(); else handles.disableDrawMode();
  });
}
