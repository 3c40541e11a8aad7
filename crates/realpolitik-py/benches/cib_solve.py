"""How fast `realpolitik.cib.solve` finds every consistent scenario of a cross-impact matrix,
against vectorised numpy brute force and prophesy-cib on the same matrix, measured in one run
(issue 18).

    python crates/realpolitik-py/benches/cib_solve.py [DESCRIPTORS]

Needs realpolitik (maturin develop), numpy, and optionally prophesy-cib
(`pip install prophesy-cib`). The matrix is random: DESCRIPTORS (default 10) descriptors of 3
variants each (3^10 = 59,049 scenarios), each pair of descriptors judged with probability 0.5,
each judged row integers in [-3, 3] summing to zero, as ScenarioWizard users write them.

A scenario is consistent when every descriptor's variant has the largest impact balance of its
descriptor (Weimer-Jehle 2006). realpolitik searches the scenario tree with pruning; numpy
computes every scenario's balances in chunks; prophesy-cib's public function for a scenario's
consistency (`compute_scenario_consistency`, 0 when consistent) is called on each scenario it
enumerates. prophesy-cib takes about a millisecond per scenario, so it is timed on the first
2,000 scenarios and its time is scaled to all of them; the printed ratio says so. The three
must agree on which scenarios are consistent (prophesy-cib on its sample).
"""

import csv
import itertools
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import realpolitik as rp

VARIANTS, DENSITY, SAMPLE = 3, 0.5, 2_000


def the_matrix(descriptors, seed=1):
    """Impacts[i, j]: of variant i on variant j (flat, descriptor by descriptor)."""
    rng = np.random.default_rng(seed)
    v = VARIANTS
    m = np.zeros((descriptors * v, descriptors * v), dtype=np.int64)
    for a, b in itertools.permutations(range(descriptors), 2):
        if rng.random() < DENSITY:
            for i in range(v):
                row = rng.integers(-3, 4, v - 1)
                while abs(row.sum()) > 3:
                    row = rng.integers(-3, 4, v - 1)
                m[a * v + i, b * v : (b + 1) * v] = [*row, -row.sum()]
    return m


def labels(descriptors):
    return [(f"D{d + 1}", f"v{k + 1}") for d in range(descriptors) for k in range(VARIANTS)]


def write_grid(m, descriptors, path):
    """realpolitik's CSV grid: cells labelled DESCRIPTOR:VARIANT."""
    names = [f"{d}:{v}" for d, v in labels(descriptors)]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source\\target", *names])
        for name, row in zip(names, m):
            w.writerow([name, *row.tolist()])


def write_prophesy_grid(m, descriptors, path):
    """prophesy-cib's matrix CSV: two header rows (descriptor, variant), two label columns."""
    ls = labels(descriptors)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["", "", *[d for d, _ in ls]])
        w.writerow(["", "", *[v for _, v in ls]])
        for (d, v), row in zip(ls, m):
            w.writerow([d, v, *row.tolist()])


def numpy_consistent(m, descriptors, chunk=1 << 16):
    """Every scenario (variant indices, the last descriptor fastest) whose variants all have
    their descriptor's largest balance."""
    v = VARIANTS
    total = v**descriptors
    found = []
    offsets = np.arange(descriptors) * v
    for start in range(0, total, chunk):
        index = np.arange(start, min(start + chunk, total))
        digits = (index[:, None] // v ** np.arange(descriptors - 1, -1, -1)) % v
        active = digits + offsets
        balances = m[active].sum(axis=1)  # scenarios × variants
        b = balances.reshape(len(index), descriptors, v)
        chosen = np.take_along_axis(b, digits[:, :, None], axis=2)[:, :, 0]
        ok = (chosen >= b.max(axis=2)).all(axis=1)
        found.extend(tuple(d) for d in digits[ok].tolist())
    return set(found)


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def main():
    descriptors = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    m = the_matrix(descriptors)
    total = VARIANTS**descriptors
    folder = Path(tempfile.mkdtemp())
    grid = folder / "matrix.csv"
    write_grid(m, descriptors, grid)

    rp.cib.solve(grid)  # warm-up: page in the library
    t_rp, doc = timed(lambda: rp.cib.solve(grid))
    ours = {tuple(int(v[1:]) - 1 for v in s["variants"]) for s in doc["scenarios"]}
    t_np, theirs = timed(lambda: numpy_consistent(m, descriptors))
    assert ours == theirs, "realpolitik and numpy disagree"
    print(f"{descriptors} descriptors × {VARIANTS} variants: {total:,} scenarios, "
          f"{len(ours)} consistent")
    print(f"realpolitik  {t_rp:9.4f} s")
    print(f"numpy        {t_np:9.4f} s   {t_np / t_rp:8.1f}× realpolitik's time")

    try:
        from prophesy_cib.io.input import load_model_from_matrix
        from prophesy_cib.scenario_gen import enumerate_all_scenarios
        from prophesy_cib.succession import compute_scenario_consistency
    except ImportError:
        print("prophesy-cib  not installed (pip install prophesy-cib): skipped")
        return
    write_prophesy_grid(m, descriptors, folder / "prophesy.csv")
    model = load_model_from_matrix(folder / "prophesy.csv")
    scenarios = enumerate_all_scenarios(model, threshold=None)
    sample = scenarios[:SAMPLE]
    t_pc, scores = timed(lambda: [compute_scenario_consistency(s, model) for s in sample])
    order = sorted(d.index for d in model.descriptors)
    for s, score in zip(sample, scores):
        variants = tuple(s.variant_indices[d] - 1 for d in order)
        assert (score == 0) == (variants in ours), f"prophesy-cib disagrees on {variants}"
    scaled = t_pc * total / len(sample)
    print(f"prophesy-cib {scaled:9.1f} s   {scaled / t_rp:8.1f}× realpolitik's time "
          f"(timed on {len(sample):,} of {total:,} scenarios, scaled)")


if __name__ == "__main__":
    main()
