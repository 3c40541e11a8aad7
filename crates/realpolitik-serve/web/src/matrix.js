// The cross-impact matrix: rows are the states of the cause, columns those of the effect. Every
// cell is an input: typing into a cell of a block that does not exist yet creates the block.

import { $, make, say } from "./api.js";
import { applyEdit } from "./edits.js";
import { keepFocus, valueInput } from "./tables.js";

export function drawMatrix(m) {
  const table = $("matrix");
  keepFocus(table, () => {
    table.replaceChildren();
    const block = new Map(m.blocks.map((b) => [b.from + "\u0000" + b.to, b]));
    const head1 = make("tr"), head2 = make("tr");
    head1.append(make("td"), make("td"));
    head2.append(make("td"), make("td"));
    for (const d of m.descriptors) {
      const th = make("th", d.label, "descriptor");
      th.colSpan = d.states.length;
      th.title = d.id;
      th.scope = "colgroup";
      head1.append(th);
      for (const s of d.states) {
        const state = make("th", s);
        state.scope = "col";
        head2.append(state);
      }
    }
    table.append(head1, head2);
    m.descriptors.forEach((from) => {
      from.states.forEach((state, r) => {
        const tr = make("tr");
        if (r === 0) {
          const th = make("th", from.label, "descriptor");
          th.rowSpan = from.states.length;
          th.scope = "rowgroup";
          tr.append(th);
        }
        const rowHead = make("th", state);
        rowHead.scope = "row";
        tr.append(rowHead);
        m.descriptors.forEach((to) => {
          const b = block.get(from.id + "\u0000" + to.id);
          to.states.forEach((toState, c) => {
            if (from.id === to.id) return tr.append(make("td", "", "self"));
            const v = b ? b.impacts[r][c] : "";
            const td = make("td", undefined, !b ? "none" : v > 0 ? "pos" : v < 0 ? "neg" : "");
            const input = valueInput(v, `${from.label} = ${state} → ${to.label} = ${toState}`);
            input.dataset.key = `${from.id}=${state}\u0000${to.id}=${toState}`;
            input.inputMode = "numeric";
            if (b && b.uncertain[r][c]) input.className = "uncertain";
            input.title = b ? `${from.id}=${state} → ${to.id}=${toState} (line ${b.line})`
              : `no block ${from.id} → ${to.id} yet: type a number to make one`;
            input.addEventListener("keydown", (e) => move(e, input));
            // Enter, or leaving the cell, fires one change: one edit.
            input.addEventListener("change", () => setImpact(input, b, from.id, to.id, r, c));
            td.append(input);
            tr.append(td);
          });
        });
        table.append(tr);
      });
    });
  });
}

// Arrow keys move to the nearest cell in that direction on screen.
function move(e, input) {
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  if (!moves[e.key]) return;
  const here = input.getBoundingClientRect();
  const [dr, dc] = moves[e.key];
  let best = null, bestDistance = Infinity;
  for (const other of $("matrix").querySelectorAll("input")) {
    const o = other.getBoundingClientRect();
    const dx = o.x - here.x, dy = o.y - here.y;
    const ahead = dr ? Math.sign(dy) === dr && Math.abs(dx) < 2 : Math.sign(dx) === dc && Math.abs(dy) < 2;
    const distance = Math.abs(dx) + Math.abs(dy);
    if (ahead && distance < bestDistance) { best = other; bestDistance = distance; }
  }
  if (best) { e.preventDefault(); best.focus(); best.select(); }
}

function setImpact(input, b, from, to, r, c) {
  if (input.value.trim() === "" && !b) return;
  const value = Number(input.value);
  if (!Number.isInteger(value)) return say("An impact is a whole number, e.g. -2 or 3.", true);
  if (b && value === b.impacts[r][c] && !b.uncertain[r][c]) return;
  input.dataset.drawn = input.value;
  applyEdit({ kind: "impact", from, to, row: r, column: c, value });
}
