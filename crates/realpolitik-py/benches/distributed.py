"""How much faster realpolitik.distributed runs an exact CIB search on two Ray workers than on
one, both measured here, one after the other.

The search is that of a dense random matrix (every row of every block filled with probability
0.5, judgments uniform in -3..3, seeded), large enough to take about a minute on one core. Each
worker is a Ray process with one CPU whose search runs on one thread (RAYON_NUM_THREADS=1), so
the ratio measures workers, not threads; both runs must find the same scenarios. Build the
package optimised first (from the repository's root, in a virtual environment with Ray):

    maturin develop --release -m crates/realpolitik-py/Cargo.toml
    python crates/realpolitik-py/benches/distributed.py [--descriptors 28] [--seed 1]

On an existing cluster the same call runs with `address="auto"` (or "ray://head:10001"), and the
ratio against one worker grows with the workers while the units (64 per search by default) keep
them busy.
"""

import argparse
import os
import tempfile
import time

import numpy as np
import ray

from realpolitik import distributed


def dense_matrix(path, descriptors, variants, seed):
    """Writes the matrix as a CSV grid labelled DESCRIPTOR:VARIANT."""
    rng = np.random.default_rng(seed)
    n = descriptors * variants
    cells = np.zeros((n, n), dtype=int)
    for i in range(descriptors):
        for j in range(descriptors):
            if i == j:
                continue
            for a in range(variants):
                if rng.random() < 0.5:
                    row = i * variants + a
                    cells[row, j * variants : (j + 1) * variants] = rng.integers(-3, 4, variants)
    labels = [f"D{d}:v{v}" for d in range(descriptors) for v in range(variants)]
    with open(path, "w") as f:
        f.write("source\\target," + ",".join(labels) + "\n")
        for label, row in zip(labels, cells):
            f.write(label + "," + ",".join(map(str, row)) + "\n")


def timed(path, workers, units):
    # A new local instance with `workers` CPUs, whatever cluster this machine may know of.
    ray.init(
        address="local",
        num_cpus=workers,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"RAYON_NUM_THREADS": "1"}},
    )
    try:
        started = time.perf_counter()
        result = distributed.run(path, "cib", units=units, progress=False)
        return time.perf_counter() - started, result
    finally:
        ray.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--descriptors", type=int, default=28)
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--units", type=int, default=64)
    args = parser.parse_args()
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "dense.csv")
        dense_matrix(path, args.descriptors, args.variants, args.seed)
        one, first = timed(path, 1, args.units)
        two, second = timed(path, 2, args.units)
    assert first["scenarios"] == second["scenarios"], "the two runs disagree"
    print(
        f"dense {args.descriptors}x{args.variants} (seed {args.seed}), "
        f"{len(first['scenarios'])} consistent scenarios, {args.units} units per search"
    )
    print(f"1 worker : {one:7.1f} s")
    print(f"2 workers: {two:7.1f} s")
    print(f"speed-up : {one / two:7.2f}x (2 would be perfect)")


if __name__ == "__main__":
    main()
