"""realpolitik: structured strategic analysis (cross-impact balance, fuzzy cognitive maps, actor
bargaining) on one model file.

Start with ``realpolitik.builtin()`` or ``realpolitik.load(path)``, then ``model.analyze()``.
Every analysis returns a document: a dict with exactly the fields the command line's
``--format json`` prints (``schema/output.schema.json`` describes them), with ``.to_pandas()``
for its main table (pandas is needed for that method only), numpy arrays for Monte Carlo draws
and trajectories, and ``.report_html()``: in a notebook a result shows as its HTML report.
"""

import html

from . import bargain, cib, fcm
from ._native import ModelError, __version__
from ._native import builtin as _builtin
from ._native import load as _load
from ._native import loads as _loads

__all__ = [
    "ModelError",
    "Model",
    "Briefing",
    "CibResult",
    "FcmResult",
    "FcmRun",
    "BargainResult",
    "AchResult",
    "load",
    "loads",
    "builtin",
    "bargain",
    "cib",
    "fcm",
    "__version__",
]


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install pandas") from e
    return pandas


class Document(dict):
    """A command's JSON document as a dict, with its HTML report: in a notebook it shows as
    the report's sections for it, plots included."""

    def __init__(self, computed):
        super().__init__(computed.document())
        self._computed = computed

    def report_html(self):
        """The HTML report, one self-contained page (inline CSS and SVG): a briefing's whole
        report, as ``realpolitik analyze --report`` writes it; for one engine, the sections its
        command's ``--report`` writes, without the model at a glance and its evidence."""
        return self._computed.report_html()

    def save_report(self, path):
        """Writes the HTML report to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.report_html())

    def _repr_html_(self):
        # The report is a whole page with its own styles: framed, so that the notebook's
        # styles and its do not mix.
        page = html.escape(self.report_html(), quote=True)
        return f'<iframe srcdoc="{page}" style="width: 100%; height: 640px; border: 0"></iframe>'

    def to_pandas(self):
        """The document's main table as a pandas DataFrame."""
        raise NotImplementedError


class Briefing(Document):
    """``realpolitik analyze``: the verdict on each option and what it rests on. In a notebook
    it shows as its HTML report."""

    def to_pandas(self):
        """One row per option judged: the verdict, the net score's median and 90% interval
        (points on a 0–100 scale of the desired outcomes), the robustness and the analytic
        confidence."""
        confidence = {c["option"]: c for c in self["briefing"]["confidence"]}
        rows = []
        for v in self["briefing"]["verdicts"]:
            c = confidence.get(v["option"], {})
            rows.append(
                {
                    "option": v["option"],
                    "judged": v["judged"],
                    "net_median": v["net"]["median"],
                    "net_q05": v["net"]["q05"],
                    "net_q95": v["net"]["q95"],
                    "too_close_to_call": v["too_close_to_call"],
                    "robustness": v["robustness"],
                    "analytic": c.get("analytic", {}).get("level"),
                }
            )
        return _pandas().DataFrame(rows).set_index("option")


class CibResult(Document):
    """``realpolitik cib``: the consistent (or least inconsistent) scenarios."""

    def to_pandas(self):
        """One row per scenario: each descriptor's variant, then the total impact score, the
        consistency value and the inconsistency."""
        names = [d["name"] for d in self["descriptors"]]
        rows = [
            dict(
                zip(names, s["variants"]),
                tis=s["tis"],
                consistency_value=s["consistency_value"],
                inconsistency=s["inconsistency"],
            )
            for s in self["scenarios"]
        ]
        return _pandas().DataFrame(rows, columns=[*names, "tis", "consistency_value", "inconsistency"])


class FcmResult(Document):
    """``realpolitik fcm``: the map's state under each option and trigger."""

    def __init__(self, computed):
        super().__init__(computed)
        self.draws = computed.take_fcm_draws()
        """Every Monte Carlo draw's effects (scenario − baseline), a numpy array of draws ×
        cases × concepts, the cases in the document's order; None without draws."""

    def to_pandas(self):
        """One row per case (option, trigger; the trigger ``""`` when none fires), one column
        per concept: its steady state."""
        return _pandas().DataFrame(
            [c["state"] for c in self["cases"]], index=self._cases(), columns=self["concepts"]
        )

    def draws_to_pandas(self):
        """The Monte Carlo draws in long form: one row per draw and case, one column per
        concept, each an effect (scenario − baseline); None without draws."""
        if self.draws is None:
            return None
        pandas = _pandas()
        d, c, n = self.draws.shape
        cases = self._cases()
        index = pandas.MultiIndex.from_tuples(
            [(draw, *case) for draw in range(d) for case in cases],
            names=["draw", "option", "trigger"],
        )
        return pandas.DataFrame(self.draws.reshape(d * c, n), index=index, columns=self["concepts"])

    def _cases(self):
        return _pandas().MultiIndex.from_tuples(
            [(c["option"], c["trigger"] or "") for c in self["cases"]],
            names=["option", "trigger"],
        )


class FcmRun(Document):
    """One run of a bare weight matrix (``realpolitik fcm MATRIX``), step by step."""

    def __init__(self, computed):
        super().__init__(computed)
        self.trajectory = computed.trajectory()
        """The activations step by step, a numpy array of (steps + 1) × concepts, the initial
        state first."""

    def to_pandas(self):
        """The trajectory: one row per step (0: the initial state), one column per concept."""
        frame = _pandas().DataFrame(self.trajectory, columns=self["concepts"])
        frame.index.name = "step"
        return frame


class BargainResult(Document):
    """``realpolitik bargain``: each issue's forecast and the actors' moves."""

    def to_pandas(self):
        """One row per issue and actor: the initial and final positions, and the issue's
        forecast."""
        rows = [
            {
                "issue": issue["id"],
                "actor": actor,
                "initial": first,
                "final": last,
                "forecast": issue["forecast"],
            }
            for issue in self["issues"]
            for actor, first, last in zip(
                issue["actors"], issue["initial_positions"], issue["final_positions"]
            )
        ]
        return _pandas().DataFrame(rows).set_index(["issue", "actor"])


class AchResult(Document):
    """``realpolitik ach``: competing hypotheses scored against the evidence."""

    def to_pandas(self):
        """The matrix: one row per evidence item (its type, credibility, relevance, weight and
        diagnosticity), one column per hypothesis holding its rating (an uncertain rating
        written with its alternatives, ``"I|N"``)."""
        ids = [h["id"] for h in self["hypotheses"]]
        rows = []
        for item in self["items"]:
            row = {
                "item": item["id"],
                "type": item["kind"],
                "credibility": item["credibility"],
                "relevance": item["relevance"],
                "weight": item["weight"],
            }
            for h, cell in zip(ids, item["ratings"]):
                row[h] = "|".join([cell["rating"], *cell["or"]])
            row["diagnosticity"] = item["diagnosticity"]
            rows.append(row)
        return _pandas().DataFrame(rows).set_index("item")


class Model:
    """A model that loaded and passed every check, with the limits it was loaded under."""

    def __init__(self, native):
        self._native = native

    title = property(lambda self: self._native.title, doc="The model's title.")
    question = property(lambda self: self._native.question, doc="The question it answers.")
    file = property(lambda self: self._native.file, doc="The file it was read from.")
    options = property(lambda self: self._native.options, doc="The options' ids.")
    triggers = property(lambda self: self._native.triggers, doc="The triggers' ids.")
    warnings = property(lambda self: self._native.warnings, doc="Warnings found on loading.")

    def check(self):
        """Structure and evidence: ``realpolitik check --format json``."""
        return dict(self._native.check())

    def analyze(self, *, draws=2000, seed=2014):
        """The briefing (``realpolitik analyze``): the verdict on each option with its
        robustness and analytic confidence, the scenarios, the bargaining forecast. The same
        seed and draws give the command line's numbers, on any thread count."""
        return Briefing(self._native.analyze(draws=draws, seed=seed))

    def cib(self, *, max_inconsistency=0, fix=(), scenarios=(), basins=False, seed=2014):
        """Cross-impact balance (``realpolitik cib``): the scenarios with inconsistency at
        most ``max_inconsistency``, with descriptors held by ``fix``
        (``["DESCRIPTOR=VARIANT"]``) or by the options and triggers named in ``scenarios``;
        ``basins`` counts every scenario's basin of attraction."""
        return CibResult(
            self._native.cib(
                max_inconsistency=max_inconsistency,
                fix=list(fix),
                scenarios=list(scenarios),
                basins=basins,
                seed=seed,
            )
        )

    def fcm(self, *, draws=0, seed=2014):
        """The fuzzy cognitive map (``realpolitik fcm``): every option alone and under each
        trigger, and Monte Carlo over the uncertain weights when ``draws`` > 0, with every
        draw's effects in ``.draws`` (a draws × cases × concepts numpy array)."""
        return FcmResult(self._native.fcm(draws=draws, seed=seed))

    def bargain(self, *, solver="eum", draws=0, seed=2014):
        """The bargaining forecast (``realpolitik bargain``) under ``solver``: ``"eum"``,
        ``"eum-printed"``, ``"smp"``, ``"mean"`` or ``"median"``."""
        return BargainResult(self._native.bargain(solver=solver, draws=draws, seed=seed))

    def ach(self, *, scoring="weighted", draws=2000, seed=2014):
        """Analysis of Competing Hypotheses (``realpolitik ach``) under ``scoring``
        (``"weighted"``, ``"count"`` or ``"net"``): each hypothesis's score and rank, each
        item's diagnosticity, what would change the lead, and Monte Carlo over the ratings
        marked uncertain."""
        return AchResult(self._native.ach(scoring=scoring, draws=draws, seed=seed))

    def __repr__(self):
        return repr(self._native)


def load(path, *, limits=None, sources_dirs=()):
    """Reads and checks the model file at ``path``. Raises ``ModelError`` (with every problem
    in ``.diagnostics``) when it is invalid, ``OSError`` when it cannot be read. ``limits``
    (e.g. ``{"draws": "5M"}``, the names of ``--limit``) and ``sources_dirs`` hold for this
    model and every analysis of it."""
    return Model(_load(path, limits=limits, sources_dirs=list(sources_dirs)))


def loads(text, *, name="model.toml", limits=None, sources_dirs=()):
    """Reads and checks a model given as TOML text; ``name`` is how its problems name the
    file, and its sources are looked up in the current folder."""
    return Model(_loads(text, name=name, limits=limits, sources_dirs=list(sources_dirs)))


def builtin():
    """The built-in model: should the anti-IS coalition cooperate with the Assad regime
    (2014)?"""
    return Model(_builtin())
