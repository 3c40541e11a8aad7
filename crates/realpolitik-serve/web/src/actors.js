// The actors: each one's position, salience (0–100) and capability per issue, and the forms
// that add and remove actors.

import { $, button, labelled, make } from "./api.js";
import { applyEdit } from "./edits.js";
import { keepFocus, valueInput } from "./tables.js";

const FIELDS = ["position", "salience", "capability"];

export function drawActors(v) {
  const table = $("actors");
  keepFocus(table, () => {
    table.replaceChildren();
    for (const issue of v.issues) {
      const caption = make("tr");
      const th = make("th", `${issue.question} (${issue.low}–${issue.high})`);
      th.colSpan = 4;
      th.scope = "colgroup";
      caption.append(th);
      const head = make("tr");
      head.append(...["actor", ...FIELDS].map((f) => {
        const h = make("th", f);
        h.scope = "col";
        return h;
      }));
      table.append(caption, head);
      for (const s of v.stances.filter((x) => x.issue === issue.id)) {
        const tr = make("tr");
        const name = make("th", s.name);
        name.scope = "row";
        tr.append(name);
        for (const f of FIELDS) {
          const td = make("td");
          const input = valueInput(Math.round(s[f] * 1000) / 1000, `${s.name}: ${f} on ${issue.id}`);
          input.type = "number";
          input.dataset.key = `${s.actor}.${s.issue}.${f}`;
          if (s.uncertain) input.title = "written with its uncertainty: an edit makes it a number";
          input.addEventListener("change", () => applyEdit({ kind: "bargaining", actor: s.actor,
            issue: s.issue, field: f, value: Number(input.value) }));
          td.append(input);
          tr.append(td);
        }
        table.append(tr);
      }
    }
  });
  const list = $("actor-list");
  list.replaceChildren(...v.actors.map((a) => {
    const li = make("li", `${a.name} [${a.id}] `);
    li.append(button("Remove", () => {
      if (confirm(`Remove ${a.name}?`)) applyEdit({ kind: "delete_actor", id: a.id });
    }, `Remove ${a.name}`));
    return li;
  }));
  drawStanceInputs(v.issues);
}

// The new actor's stance inputs, one row per issue.
function drawStanceInputs(issues) {
  const box = $("new-actor-stances");
  if (box.dataset.issues === issues.map((i) => i.id).join(",")) return;
  box.dataset.issues = issues.map((i) => i.id).join(",");
  box.replaceChildren(...issues.map((issue) => {
    const row = make("div", undefined, "stance-row");
    row.dataset.issue = issue.id;
    row.append(make("span", issue.id));
    for (const f of FIELDS) {
      const input = make("input");
      input.type = "number";
      input.name = f;
      input.value = f === "position" ? (issue.low + issue.high) / 2 : 50;
      row.append(labelled(f, input));
    }
    return row;
  }));
}

export function setUpActors() {
  $("add-actor").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    const stances = [...$("new-actor-stances").querySelectorAll(".stance-row")].map((row) => ({
      issue: row.dataset.issue,
      ...Object.fromEntries(FIELDS.map((f) => [f, Number(row.querySelector(`[name=${f}]`).value)])),
    }));
    const id = form.actor_id.value.trim();
    if (await applyEdit({ kind: "add_actor", id, name: form.actor_name.value.trim() || id, stances })) {
      form.actor_id.value = "";
      form.actor_name.value = "";
    }
  });
}
