"""The Python package against the command line: the same documents for the same input, seed and
draws; errors as exceptions that carry located diagnostics; settings that travel with each load.

Run from the repository's root after `cargo build` (the command line, target/debug/realpolitik,
or the binary named by REALPOLITIK_BIN) and `maturin develop -m crates/realpolitik-py/Cargo.toml`
in a virtual environment.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

import realpolitik as rp

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = "examples/energy-transition.toml"
CLI = os.environ.get("REALPOLITIK_BIN", str(ROOT / "target" / "debug" / "realpolitik"))


def cli(*args):
    """The JSON document the command line prints for `args`, run from the repository's root."""
    run = subprocess.run(
        [CLI, *args, "--format", "json", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    # Paths are given as the command line is given them, relative to the repository.
    monkeypatch.chdir(ROOT)


def test_the_built_in_briefing_is_the_command_lines():
    model = rp.builtin()
    assert model.options == ["status_quo", "tacit_coordination", "ground_force", "rehabilitate_assad"]
    assert model.analyze(draws=100, seed=7) == cli("analyze", "--draws", "100", "--seed", "7")


def test_each_engine_on_the_example_is_the_command_lines():
    model = rp.load(EXAMPLE)
    assert model.file == EXAMPLE
    assert model.check() == cli("check", EXAMPLE)
    assert model.cib() == cli("cib", EXAMPLE)
    assert model.cib(scenarios=["price_now"]) == cli("cib", EXAMPLE, "--scenario", "price_now")
    # Any thread count gives the same numbers: the command line here runs on one thread.
    assert model.fcm(draws=50, seed=3) == cli(
        "fcm", EXAMPLE, "--draws", "50", "--seed", "3", "--threads", "1"
    )
    assert model.bargain() == cli("bargain", EXAMPLE)
    assert model.bargain(solver="smp") == cli("bargain", EXAMPLE, "--solver", "smp")


def test_competing_hypotheses_are_the_command_lines():
    model = rp.builtin()
    assert model.ach(seed=5) == cli("ach", "--seed", "5")
    assert model.ach(scoring="count") == cli("ach", "--scoring", "count")
    matrix = model.ach().to_pandas()
    assert list(matrix.index[:2]) == ["no_ground_troops", "slow_progress"]
    assert matrix.loc["defeats", "rollback"] == "II|I"
    with pytest.raises(ValueError):
        model.ach(scoring="best")


def test_the_example_has_one_consistent_scenario():
    # Worked by hand in tests/commands.rs: a moderate price, no gas shock, jobs and emissions
    # falling, total impact score 3.
    (scenario,) = rp.load(EXAMPLE).cib()["scenarios"]
    assert scenario["variants"] == ["moderate", "no", "falling", "falling"]
    assert scenario["tis"] == 3


def test_an_invalid_model_raises_model_error_with_located_diagnostics():
    with pytest.raises(rp.ModelError) as caught:
        rp.loads('[model]\ntitle = "t"\n[[factors]]\nid = "a"\nlabel = "A"\nrole = "leverr"\n',
                 name="bad.toml")
    (problem,) = [d for d in caught.value.diagnostics if d["severity"] == "error"]
    assert (problem["file"], problem["line"]) == ("bad.toml", 6)
    assert problem["code"] == "model::unknown_variant"
    assert "leverr" in problem["message"]
    # The text is the report the command line prints.
    assert "bad.toml:6:" in str(caught.value)


def test_a_missing_file_is_an_os_error():
    with pytest.raises(OSError, match="no/such/model.toml"):
        rp.load("no/such/model.toml")


def test_limits_travel_with_each_load():
    # The example has three actors: refused under a limit of two, read under the default, in
    # one process, in either order.
    with pytest.raises(rp.ModelError) as caught:
        rp.load(EXAMPLE, limits={"actors": 2})
    assert [d["code"] for d in caught.value.diagnostics] == ["bargain::too_many_actors"]
    assert len(rp.load(EXAMPLE).bargain()["issues"][0]["actors"]) == 3
    # A model's analyses run under the limits it was loaded with.
    few = rp.load(EXAMPLE, limits={"draws": "10"})
    with pytest.raises(ValueError, match="over the limit of 10"):
        few.analyze(draws=11)
    assert few.analyze(draws=10)["briefing"]["draws"] == 10
    with pytest.raises(ValueError, match="no limit named"):
        rp.load(EXAMPLE, limits={"speed": 1})


def test_a_bad_request_is_a_value_error():
    model = rp.load(EXAMPLE)
    with pytest.raises(ValueError, match="solver \"best\": give one of mean, median, eum"):
        model.bargain(solver="best")
    with pytest.raises(ValueError, match="draws 0"):
        model.analyze(draws=0)


def test_documents_are_dicts_with_pandas_tables():
    pandas = pytest.importorskip("pandas")
    model = rp.load(EXAMPLE)
    # CIB: one row per scenario, a column per descriptor (the scenario worked by hand above).
    scenarios = model.cib().to_pandas()
    assert list(scenarios.columns) == [
        "carbon_price", "gas_shock", "coal_jobs", "emissions",
        "tis", "consistency_value", "inconsistency",
    ]
    assert scenarios.iloc[0].tolist() == ["moderate", "no", "falling", "falling", 3, 0, 0]
    # FCM: the steady states by (option, trigger); waiting, coal jobs and emissions sit at
    # sigmoid(0) = 0.5 (tests/commands.rs works the other cases).
    states = model.fcm().to_pandas()
    assert states.shape == (4, 4)
    assert states.loc[("wait", ""), "emissions"] == 0.5
    # Bargaining: the government's interval [40, 60] starts at 50; nobody moves.
    actors = model.bargain().to_pandas()
    assert actors.loc[("price", "Government"), "initial"] == 50.0
    assert (actors["initial"] == actors["final"]).all()
    # The briefing: one row per option judged, as its document says.
    briefing = model.analyze(draws=50)
    table = briefing.to_pandas()
    assert isinstance(briefing, dict) and isinstance(table, pandas.DataFrame)
    assert table.loc["price_now", "judged"] == "better"
    assert table.loc["price_now", "analytic"] == "low"
    assert table.loc["price_now", "net_median"] == briefing["briefing"]["verdicts"][0]["net"]["median"]


def test_a_batch_of_states_runs_each_as_the_command_line_runs_it(tmp_path):
    np = pytest.importorskip("numpy")
    weights = np.array([[0.0, 0.6, -0.3], [0.0, 0.0, 0.8], [0.4, 0.0, 0.0]])
    matrix = tmp_path / "w.csv"
    matrix.write_text("\n".join(",".join(str(w) for w in row) for row in weights) + "\n")
    states = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.5], [1.0, 1.0, 1.0]])
    runs = rp.fcm.run(weights, states)
    assert runs.final.shape == (4, 3) and runs.converged.all()
    for start, final, steps in zip(states, runs.final, runs.steps):
        doc = cli("fcm", str(matrix), "--initial", ",".join(str(x) for x in start))
        assert final.tolist() == doc["final"]
        assert steps == doc["steps"]
    # A column-major copy and a single state give the same numbers; f32 within 1e-6.
    assert (rp.fcm.run(np.asfortranarray(weights), states).final == runs.final).all()
    assert (rp.fcm.run(weights, states[2]).final[0] == runs.final[2]).all()
    assert np.abs(rp.fcm.run(weights, states, single_precision=True).final - runs.final).max() < 1e-5


def test_a_batch_is_checked_before_it_runs():
    np = pytest.importorskip("numpy")
    w = np.zeros((2, 2))
    # By hand: C1 clamped at 1 drives C2 to sigmoid(0.5) under Kosko's rule.
    w[0, 1] = 0.5
    runs = rp.fcm.run(w, [[0.0, 0.0]], clamps={"C1": 1.0})
    assert abs(runs.final[0, 1] - 1 / (1 + np.exp(-0.5))) < 1e-4
    # FCMpy's conventions hold a source at its start: C1 stays 1, and C2 reaches sigmoid(0.5)
    # within FCMpy's ε of 0.001; the default rule lets C1 fall to sigmoid(0) = 0.5.
    held = rp.fcm.run(w, [[1.0, 0.0]], preset="fcmpy").final[0]
    assert held[0] == 1.0 and abs(held[1] - 1 / (1 + np.exp(-0.5))) < 1e-3
    assert rp.fcm.run(w, [[1.0, 0.0]]).final[0, 0] == 0.5
    with pytest.raises(ValueError, match="unknown preset"):
        rp.fcm.run(w, [[1.0, 0.0]], preset="fcmpi")
    with pytest.raises(ValueError, match=r"weight 1.5: a link weight lies in \[-1, 1\]"):
        rp.fcm.run(w + 1.5 * np.eye(2), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="states have 3 values each but the map has 2 concepts"):
        rp.fcm.run(w, [[0.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match="no concept"):
        rp.fcm.run(w, [[0.0, 0.0]], clamps={"X": 1.0})
    with pytest.raises(ValueError, match="over the limit of 3"):
        rp.fcm.run(w, np.zeros((2, 2)), limits={"cells": 3})


CIB_GLOBAL = "tests/data/cib-cases/cibsa_CIB_global.matrix.csv"


def test_a_bare_matrix_is_solved_as_the_command_line_solves_it():
    assert rp.cib.solve(CIB_GLOBAL) == cli("cib", CIB_GLOBAL)
    fixed = rp.cib.solve(CIB_GLOBAL, fix=["WTRD=FT"])
    assert fixed == cli("cib", CIB_GLOBAL, "--fix", "WTRD=FT")
    assert all(s["variants"][0] == "FT" for s in fixed["scenarios"])
    # The same grid as a pandas DataFrame gives the same scenarios.
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(CIB_GLOBAL, index_col=0)
    assert rp.cib.solve(frame)["scenarios"] == cli("cib", CIB_GLOBAL)["scenarios"]
    with pytest.raises(TypeError, match="path or a pandas DataFrame"):
        rp.cib.solve([[0, 1], [1, 0]])
    with pytest.raises(rp.ModelError) as caught:
        rp.cib.solve(pandas.DataFrame([[0, 1]], index=["A:a"], columns=["A:a", "B"]))
    assert caught.value.diagnostics[0]["file"] == "DataFrame"


BDM = "tests/data/bargaining-cases/bdm1994/bdm1994_emission_standards.csv"


def test_a_bargaining_table_is_forecast_as_the_command_line_forecasts_it():
    assert rp.bargain.run(BDM) == cli("bargain", BDM)
    assert rp.bargain.run(BDM, solver="median", draws=20, seed=5) == cli(
        "bargain", BDM, "--solver", "median", "--draws", "20", "--seed", "5"
    )
    with pytest.raises(ValueError, match="a bargaining table is a .csv or .xml file"):
        rp.bargain.run(EXAMPLE)
    with pytest.raises(rp.ModelError) as caught:
        rp.bargain.run(BDM, limits={"actors": 3})
    assert caught.value.diagnostics[0]["code"] == "bargain::too_many_actors"


def test_a_briefing_shows_as_the_report_the_command_line_writes(tmp_path):
    import re

    briefing = rp.load(EXAMPLE).analyze(draws=50)
    page = briefing.report_html()
    assert "<svg" in page
    assert "Should the government introduce a carbon price now?" in page
    written = tmp_path / "report.html"
    subprocess.run(
        [CLI, "analyze", EXAMPLE, "--draws", "50", "--report", str(written), "--quiet"],
        cwd=ROOT, check=True, capture_output=True,
    )
    headings = lambda text: re.findall(r"<h2[^>]*>(.*?)</h2>", text)
    assert headings(page) and headings(page) == headings(written.read_text())
    # In a notebook it is framed, so its styles stay its own.
    assert briefing._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html')
    briefing.save_report(tmp_path / "saved.html")
    assert (tmp_path / "saved.html").read_text() == page


def headings(page):
    import re

    return re.findall(r"<h2[^>]*>(.*?)</h2>", page)


@pytest.mark.parametrize(
    "result, command",
    [
        (lambda: rp.load(EXAMPLE).cib(), ["cib", EXAMPLE]),
        (lambda: rp.load(EXAMPLE).fcm(draws=20), ["fcm", EXAMPLE, "--draws", "20"]),
        (lambda: rp.load(EXAMPLE).bargain(), ["bargain", EXAMPLE]),
        (lambda: rp.builtin().ach(), ["ach"]),
        (lambda: rp.cib.solve(CIB_GLOBAL), ["cib", CIB_GLOBAL]),
        (lambda: rp.bargain.run(BDM), ["bargain", BDM]),
    ],
)
def test_each_result_shows_as_its_commands_report_sections(tmp_path, result, command):
    page = result().report_html()
    written = tmp_path / "report.html"
    subprocess.run(
        [CLI, *command, "--report", str(written), "--quiet"], cwd=ROOT, check=True, capture_output=True
    )
    # The command's report without the model at a glance and the evidence, which a notebook
    # has on screen already.
    expected = [h for h in headings(written.read_text()) if h not in ("The model at a glance", "Evidence")]
    assert len(expected) >= 2 and headings(page) == expected
    # Plots are inline SVG (the CIB sections are tables).
    assert ("<svg" in page) == (command[0] != "cib")
    assert result()._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html')


def test_monte_carlo_draws_are_an_array_the_summaries_describe():
    np = pytest.importorskip("numpy")
    result = rp.load(EXAMPLE).fcm(draws=41, seed=3)
    cases, concepts = result["cases"], result["concepts"]
    assert result.draws.shape == (41, len(cases), len(concepts))
    assert result.draws.flags["C_CONTIGUOUS"] and result.draws.dtype == np.float64
    # 41 draws: each summary's median is the 21st effect, exactly.
    medians = np.sort(result.draws, axis=0)[20]
    for c, case in enumerate(result["monte_carlo"]["cases"]):
        assert medians[c].tolist() == [e["median"] for e in case["effects"]]
    frame = result.draws_to_pandas()
    assert frame.shape == (41 * len(cases), len(concepts))
    assert frame.loc[(40, "price_now", ""), "emissions"] == result.draws[40, 2, 3]
    # Without draws there are none.
    assert rp.load(EXAMPLE).fcm().draws is None


def test_one_run_of_a_matrix_has_the_command_lines_trajectory(tmp_path):
    np = pytest.importorskip("numpy")
    weights = np.array([[0.0, 0.6, -0.3], [0.0, 0.0, 0.8], [0.4, 0.0, 0.0]])
    matrix = tmp_path / "w.csv"
    matrix.write_text("\n".join(",".join(str(w) for w in row) for row in weights) + "\n")
    run = rp.fcm.simulate(weights, [1.0, 0.0, 0.5], name=str(matrix))
    doc = cli("fcm", str(matrix), "--initial", "1,0,0.5")
    assert run == doc
    assert run.trajectory.tolist() == doc["trajectory"]
    assert run.trajectory.shape == (doc["steps"] + 1, 3)
    assert run.to_pandas().loc[0].tolist() == [1.0, 0.0, 0.5]
    assert "<svg" in run.report_html()
    with pytest.raises(ValueError, match="has 2 values but the map has 3 concepts"):
        rp.fcm.simulate(weights, [1.0, 0.0])


def test_the_example_notebook_runs_and_shows_its_reports():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = ROOT / "crates" / "realpolitik-py" / "examples" / "quickstart.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    outputs = {
        cell.source.splitlines()[0]: cell.outputs for cell in notebook.cells if cell.cell_type == "code"
    }
    (shown,) = outputs["briefing  # the whole report, inline"]
    assert shown["data"]["text/html"].startswith("<iframe srcdoc=")
    (printed,) = outputs["print(briefing['briefing']['bottom_line']['answer'])"]
    assert printed["text"].strip() == rp.builtin().analyze(draws=100)["briefing"]["bottom_line"]["answer"]
    (shape, _) = outputs["fcm = model.fcm(draws=100, seed=1)"]
    assert shape["text"].startswith("(100, ")
