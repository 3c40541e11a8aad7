// What the tables of the views share: redrawing a table without losing the cell being typed in.

// Redraws a table keeping the keyboard focus on the same cell (by its data-key, which names
// the cell by identity), and what was being typed in it: a redraw from an answer that arrives
// mid-typing must not drop the keystrokes.
export function keepFocus(table, draw) {
  const active = document.activeElement && table.contains(document.activeElement)
    ? document.activeElement : null;
  const typed = active && active.value !== active.dataset.drawn ? active.value : null;
  draw();
  if (active && active.dataset.key) {
    const again = table.querySelector(`[data-key="${CSS.escape(active.dataset.key)}"]`);
    if (again) {
      if (typed !== null) again.value = typed;
      again.focus();
    }
  }
}

// An input showing `value`, remembered as drawn (so keepFocus can tell typing from drawing),
// labelled for screen readers.
export function valueInput(value, label) {
  const input = document.createElement("input");
  input.value = value;
  input.dataset.drawn = input.value;
  input.setAttribute("aria-label", label);
  return input;
}
