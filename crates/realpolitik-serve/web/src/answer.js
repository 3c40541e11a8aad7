// The answer: every valid text is briefed, with few draws while the analyst types and the full
// draws once they pause; answers that arrive after a newer edit are dropped. The answer panel
// says which engines' results the edit moved, greys while the text is invalid, and the report
// keeps its scroll position across answers.

import { $, call, make, say } from "./api.js";
import { state } from "./state.js";
import { showDiagnostics, select, text } from "./editor.js";
import { drawGraph } from "./graph.js";
import { drawMatrix } from "./matrix.js";
import { drawActors } from "./actors.js";
import { drawScenarios } from "./scenarios.js";
import { drawEvidence } from "./evidence.js";
import { drawPanel } from "./panel.js";
import { showTab } from "./tabs.js";

let typing = null, pause = null;

// After an edit: a quick answer soon and the full one on a pause, or (for a settled edit,
// such as a released slider) the full answer now, cancelling both pending ones.
export function edited(settled) {
  clearTimeout(typing);
  clearTimeout(pause);
  if (settled) return refresh(state.full);
  typing = setTimeout(() => refresh(state.quick), 120);
  pause = setTimeout(() => refresh(state.full), 900);
}

export async function refresh(draws) {
  const seq = ++state.seq;
  const sent = text();
  $("status").textContent = draws < state.full ? "Analysing (quick draws)…" : "Analysing…";
  let reply;
  try {
    // A quick answer comes without the report page (the last one stays until the full answer).
    reply = await call("/api/analyze", { text: sent, draws, report: draws >= state.full });
  } catch (e) {
    if (seq === state.seq) say(e.message, true);
    return;
  }
  if (seq !== state.seq || reply.status === "superseded") return;
  showProblems(reply.problems);
  const body = $("answer-body");
  if (reply.status === "invalid") {
    const n = reply.problems.filter((p) => p.severity === "error").length;
    $("status").textContent =
      `${n} problem${n === 1 ? "" : "s"} in the text: the greyed answer below is for the last valid text`;
    $("status").dataset.state = "invalid";
    body.classList.add("stale");
    return;
  }
  body.classList.remove("stale");
  showAnswer(reply.answer, draws);
}

function showProblems(problems) {
  showDiagnostics(problems);
  const list = $("problems");
  list.replaceChildren();
  for (const p of problems) {
    const li = make("li", undefined, p.severity);
    const where = p.line ? `line ${p.line}, column ${p.column}: ` : "";
    const go = make("button", `${where}${p.message}`, "link");
    go.type = "button";
    go.addEventListener("click", () => {
      if (!p.line) return;
      showTab("text");
      select(p.line, p.column, p.end_line, p.end_column);
    });
    li.append(go);
    if (p.help) li.append(make("div", p.help, "help"));
    list.append(li);
  }
}

// The parts of a briefing each engine makes, to say which ones an edit moved.
const ENGINES = [
  ["FCM effects", (b) => [b.effects, b.verdicts]],
  ["CIB scenarios", (b) => b.scenarios],
  ["bargaining forecast", (b) => b.negotiation],
];

function moved(before, after) {
  if (!before) return [];
  return ENGINES.filter(([, part]) =>
    JSON.stringify(part(before.document.briefing)) !== JSON.stringify(part(after.document.briefing)))
    .map(([name]) => name);
}

function showAnswer(a, draws) {
  const status = $("status");
  status.dataset.state = draws < state.full ? "quick" : "full";
  status.textContent = `${a.document.title}: briefed with ${draws} draws in ${a.elapsed_ms} ms` +
    (draws < state.full ? " (full draws when you pause)" : "");
  const verdicts = $("verdicts");
  verdicts.replaceChildren();
  for (const v of a.document.briefing.verdicts) {
    const li = make("li", undefined, v.judged);
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
  if (draws === state.full) {
    const engines = moved(state.fullAnswer, a);
    if (state.fullAnswer) {
      changes.append(make("li", engines.length
        ? `This edit moved: ${engines.join(", ")}.` : "This edit moved no engine's results."));
    }
    state.fullAnswer = a;
  }
  for (const c of a.changes) changes.append(make("li", c.words));
  if (a.report_html) showReport(a.report_html);
  state.answer = a;
  state.graph = a.graph;
  state.views = a.views;
  drawGraph();
  drawMatrix(a.views.matrix);
  drawActors(a.views);
  drawScenarios(a.views, a.graph);
  drawEvidence(a.views, a.graph);
  drawPanel(a.views, a.graph);
}

// The report runs sandboxed in an opaque origin (it cannot reach this page or its token). A
// small script added to it posts its scroll position here, and the next report starts there.
let reportScroll = 0;
window.addEventListener("message", (e) => {
  if (e.source === $("report").contentWindow && typeof e.data?.reportScroll === "number") {
    reportScroll = e.data.reportScroll;
  }
});

function showReport(html) {
  const keep = `<script>addEventListener("load",()=>scrollTo(0,${Math.round(reportScroll)}));` +
    `addEventListener("scroll",()=>parent.postMessage({reportScroll:scrollY},"*"));</script>`;
  $("report").srcdoc = html.replace("</body>", `${keep}</body>`);
}
