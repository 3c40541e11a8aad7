"""How fast `realpolitik.fcm.run` sweeps one map from many initial states, against batched numpy
and FCMpy's simulator on the same 30-concept map, measured in one run (issue 18).

    python crates/realpolitik-py/benches/fcm_batch.py [STATES]

Needs realpolitik (maturin develop), numpy, and optionally FCMpy (`pip install --no-deps fcmpy`
with scikit-fuzzy, scipy and tqdm: its pins do not install on Python 3.11). All three run
FCMpy's conventions (Kosko's rule, sigmoid λ = 1, sources held, ε = 0.001, cap 50), so their
final states are compared as well as their times. FCMpy runs one state per call, so it is timed
on the first 200 states and its time per state is scaled up; the printed ratios say so.
"""

import contextlib
import io
import sys
import time

import numpy as np

import realpolitik as rp

N, DENSITY, EPSILON, CAP = 30, 0.2, 0.001, 50


def the_map(seed=1):
    """A random map: each of the 30 × 29 links present with probability 0.2, weight U(-1, 1)."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(-1, 1, (N, N)) * (rng.random((N, N)) < DENSITY)
    np.fill_diagonal(w, 0.0)
    return w


def numpy_batch(w, states):
    """FCMpy's update, A ← σ(A·W) with sources reset to their start, for all states at once;
    a state stops after the first step whose largest change is ≤ ε, or at the cap."""
    held = ~w.any(axis=0)
    a = states.copy()
    running = np.ones(len(a), dtype=bool)
    for _ in range(CAP):
        rows = np.flatnonzero(running)
        if rows.size == 0:
            break
        old = a[rows]
        new = 1.0 / (1.0 + np.exp(-(old @ w)))
        new[:, held] = states[rows][:, held]
        a[rows] = new
        running[rows] = np.abs(new - old).max(axis=1) > EPSILON
    return a


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def main():
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    w = the_map()
    states = np.random.default_rng(2).random((k, N))
    run = lambda single: rp.fcm.run(w, states, preset="fcmpy", single_precision=single)
    rp_time, runs = timed(lambda: run(False))
    rp32_time, runs32 = timed(lambda: run(True))
    np_time, finals = timed(lambda: numpy_batch(w, states))
    print(f"{k} states of a {N}-concept map ({int((w != 0).sum())} links), FCMpy's conventions")
    print(f"  realpolitik f64  {rp_time:8.3f} s")
    print(f"  realpolitik f32  {rp32_time:8.3f} s  (max |f32 - f64| {np.abs(runs32.final - runs.final).max():.1e})")
    print(f"  numpy batched    {np_time:8.3f} s  (max |numpy - realpolitik| "
          f"{np.abs(finals - runs.final).max():.1e}); realpolitik is {np_time / rp_time:.1f}× faster")
    try:
        from fcmpy import FcmSimulator
    except ImportError:
        print("  FCMpy: not installed, skipped")
        return
    few = 200
    names = [f"C{j + 1}" for j in range(N)]
    import pandas as pd

    frame = pd.DataFrame(w, index=names, columns=names)

    def fcmpy_runs():
        out = []
        quiet = contextlib.redirect_stdout(io.StringIO())  # it prints a line per run
        for s in states[:few]:
            with quiet:
                trajectory = FcmSimulator.simulate(
                    initial_state=dict(zip(names, s)), weight_matrix=frame, transfer="sigmoid",
                    inference="kosko", thresh=EPSILON, iterations=CAP, l=1,
                )
            out.append(trajectory.iloc[-1].to_numpy())
        return np.array(out)

    fcmpy_time, fcmpy_finals = timed(fcmpy_runs)
    per_state = fcmpy_time / few
    print(f"  FCMpy            {per_state * k:8.1f} s  (timed on {few} states, {per_state * 1e3:.2f} ms "
          f"each, scaled to {k}; max |FCMpy - realpolitik| "
          f"{np.abs(fcmpy_finals - runs.final[:few]).max():.1e}); realpolitik is "
          f"{per_state * k / rp_time:.0f}× faster")


if __name__ == "__main__":
    main()
