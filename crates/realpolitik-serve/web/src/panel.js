// The scenario panel: hold any factors at chosen states (or start from an option's clamps),
// fire a trigger if wanted, and see each outcome's change against the status quo as a bar with
// its 90 % interval, recomputed as you change the holds and whenever the model changes.

import { $, call, make, select } from "./api.js";
import { state } from "./state.js";
import { text } from "./editor.js";

const holds = new Map();
let trigger = "";
let pending = null, seq = 0;

export function drawPanel(v, graph) {
  const from = $("panel-from");
  const options = v.scenarios.filter((s) => s.kind === "option");
  from.replaceChildren(new Option("— hold factors one by one —", ""),
    ...options.map((s) => new Option(`${s.name}${s.status_quo ? " (status quo)" : ""}`, s.id)));
  const fire = $("panel-trigger");
  fire.replaceChildren(new Option("no trigger", ""),
    ...v.scenarios.filter((s) => s.kind === "trigger").map((s) => new Option(s.name, s.id)));
  fire.value = trigger;
  const rows = $("panel-holds");
  rows.replaceChildren(...graph.nodes.filter((n) => n.states.length).map((n) => {
    const pick = select([["free (as in the status quo)", ""], ...n.states.map((s) => [s, s])],
      holds.get(n.id) || "", `hold ${n.label} at`);
    pick.addEventListener("change", () => {
      if (pick.value) holds.set(n.id, pick.value); else holds.delete(n.id);
      run();
    });
    const row = make("label", undefined, "hold");
    row.append(make("span", n.label), pick);
    return row;
  }));
  if (!$("tab-panel").hidden) run();
}

function run() {
  clearTimeout(pending);
  pending = setTimeout(async () => {
    const mine = ++seq;
    const clamps = [...holds].map(([factor, s]) => ({ factor, state: s }));
    $("panel-status").textContent = "Running…";
    try {
      const reply = await call("/api/scenario", { text: text(), clamps,
        trigger: trigger || null, draws: state.quick });
      if (mine !== seq) return;
      $("panel-status").textContent = holds.size
        ? `Holding ${holds.size} factor${holds.size === 1 ? "" : "s"}; ${state.quick} draws; ` +
          "each bar is the median change against the status quo, its line the 90 % interval."
        : "Hold a factor to see what it does (holding nothing is the status quo itself).";
      bars(reply.outcomes);
    } catch (e) {
      if (mine === seq) $("panel-status").textContent = e.message;
    }
  }, 150);
}

// Horizontal bars on one scale, zero in the middle: a bar to the median, a line from q05 to
// q95, the numbers written beside them.
function bars(outcomes) {
  const figure = $("panel-bars");
  figure.replaceChildren();
  const extent = Math.max(1, ...outcomes.flatMap((o) => [Math.abs(o.q05), Math.abs(o.q95)]));
  const width = 320, mid = width / 2, scale = (mid - 10) / extent;
  for (const o of outcomes) {
    const row = make("div", undefined, "bar-row");
    row.append(make("span", o.label, "bar-label"));
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", `0 0 ${width} 18`);
    svg.setAttribute("width", width);
    svg.setAttribute("height", 18);
    svg.setAttribute("aria-hidden", "true");
    const x = (v) => mid + v * scale;
    const rect = document.createElementNS(svg.namespaceURI, "rect");
    rect.setAttribute("x", Math.min(x(0), x(o.median)));
    rect.setAttribute("y", 3);
    rect.setAttribute("width", Math.abs(x(o.median) - x(0)));
    rect.setAttribute("height", 12);
    rect.setAttribute("class", o.median >= 0 ? "up" : "down");
    const line = document.createElementNS(svg.namespaceURI, "line");
    Object.entries({ x1: x(o.q05), x2: x(o.q95), y1: 9, y2: 9 }).forEach(([k, v]) => line.setAttribute(k, v));
    const axis = document.createElementNS(svg.namespaceURI, "line");
    Object.entries({ x1: mid, x2: mid, y1: 0, y2: 18, class: "axis" }).forEach(([k, v]) => axis.setAttribute(k, v));
    svg.append(rect, line, axis);
    row.append(svg);
    const sign = (v) => (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(1);
    row.append(make("span", `${sign(o.median)} points [${sign(o.q05)}, ${sign(o.q95)}]`, "bar-value"));
    figure.append(row);
  }
}

export function setUpPanel() {
  $("panel-trigger").addEventListener("change", (e) => { trigger = e.target.value; run(); });
  $("panel-from").addEventListener("change", (e) => {
    const s = state.views.scenarios.find((x) => x.id === e.target.value);
    holds.clear();
    if (s) for (const [factor, at] of s.clamps) if (at) holds.set(factor, at);
    drawPanel(state.views, state.graph);
    run();
  });
  document.addEventListener("tab-shown", (e) => { if (e.detail === "panel") run(); });
}
