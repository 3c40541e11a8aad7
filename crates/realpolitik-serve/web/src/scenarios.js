// Options and triggers: what each clamps, each clamp a factor held at one of its states; forms
// add and remove them.

import { $, button, make, select } from "./api.js";
import { applyEdit } from "./edits.js";

export function drawScenarios(v, graph) {
  const withStates = graph.nodes.filter((n) => n.states.length);
  const table = $("scenarios");
  table.replaceChildren();
  const head = make("tr");
  head.append(...["", "option or trigger", "clamps", ""].map((t) => {
    const th = make("th", t);
    th.scope = "col";
    return th;
  }));
  table.append(head);
  for (const s of v.scenarios) {
    const tr = make("tr");
    tr.append(make("td", s.kind === "option" ? (s.status_quo ? "status quo" : "option") : "trigger"));
    const name = make("th", `${s.name} [${s.id}]`);
    name.scope = "row";
    tr.append(name);
    const clamps = make("td");
    for (const [factor, state] of s.clamps) {
      const node = graph.nodes.find((n) => n.id === factor);
      const states = node ? node.states : [];
      const pick = select([["— (not clamped)", ""], ...states.map((x) => [x, x])], state || "",
        `${s.name}: the state it holds ${factor} at`);
      pick.addEventListener("change", () => applyEdit({ kind: "set_clamp", scenario: s.kind,
        id: s.id, factor, state: pick.value || null }));
      const one = make("span", undefined, "clamp");
      one.append(make("span", `${node ? node.label : factor} = `), pick);
      clamps.append(one);
    }
    const unclamped = withStates.filter((n) => !s.clamps.some(([f]) => f === n.id));
    if (unclamped.length) {
      const add = select([["+ clamp a factor…", ""], ...unclamped.map((n) => [n.label, n.id])], "",
        `${s.name}: clamp another factor`);
      add.addEventListener("change", () => {
        const node = unclamped.find((n) => n.id === add.value);
        if (node) applyEdit({ kind: "set_clamp", scenario: s.kind, id: s.id, factor: node.id,
          state: node.states[node.states.length - 1] });
      });
      clamps.append(add);
    }
    tr.append(clamps);
    const remove = make("td");
    remove.append(button("Remove", () => {
      if (confirm(`Remove ${s.name}?`)) applyEdit({ kind: "delete_scenario", scenario: s.kind, id: s.id });
    }, `Remove ${s.name}`));
    tr.append(remove);
    table.append(tr);
  }
}

export function setUpScenarios() {
  $("add-scenario").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    const id = form.scenario_id.value.trim();
    const kind = form.scenario_kind.value;
    const done = await applyEdit({ kind: "add_scenario", scenario: kind, id,
      name: form.scenario_name.value.trim() || id,
      status_quo: kind === "option" && form.status_quo.checked, clamp: [] });
    if (done) form.reset();
  });
}
