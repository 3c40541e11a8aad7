"""Fuzzy cognitive maps without a model file: many initial states through one weight matrix."""

from typing import NamedTuple, Optional, Sequence

import numpy as np

from ._native import fcm_run as _run
from ._native import fcm_simulate as _simulate


class Runs(NamedTuple):
    """The outcome of a batch of runs."""

    final: np.ndarray
    """Final states, one row per initial state (k × n)."""
    steps: np.ndarray
    """Steps each run took (k)."""
    converged: np.ndarray
    """Whether each run converged (k); the others reached the cap."""


def run(
    weights,
    states,
    *,
    concepts: Optional[Sequence[str]] = None,
    clamps: Optional[dict] = None,
    preset: str = "default",
    rule: str = "kosko",
    transfer: str = "sigmoid",
    lam: float = 1.0,
    epsilon: Optional[float] = None,
    cap: Optional[int] = None,
    single_precision: bool = False,
    limits: Optional[dict] = None,
) -> Runs:
    """Runs the map ``weights`` (n × n; ``weights[i, j]`` is the effect of concept i on j, in
    [-1, 1]) from every row of ``states`` (k × n, or one state of n values) to its final state.

    ``rule`` is ``"kosko"``, ``"modified-kosko"`` or ``"rescaled"``; ``transfer`` ``"sigmoid"``,
    ``"tanh"``, ``"bivalent"`` or ``"trivalent"``, with steepness ``lam``; ``epsilon`` and
    ``cap`` bound the iteration (defaults as on the command line). ``clamps`` holds concepts at
    a value, by name (``concepts``, default ``C1`` … ``Cn``): ``{"C1": 1.0}``.
    ``single_precision`` runs in f32, about twice as fast, within about 1e-6 of f64.
    ``preset`` takes another tool's conventions: ``"fcmpy"`` (sources held, ε = 0.001, cap 50,
    FCMpy's ``FcmSimulator.simulate``), ``"r-fcm"``, ``"mental-modeler"``.

    The arithmetic is that of ``realpolitik fcm`` on the same matrix, whatever the thread count;
    the GIL is released while it runs.
    """
    w = np.ascontiguousarray(weights, dtype=np.float64)
    s = np.ascontiguousarray(states, dtype=np.float64)
    if s.ndim == 1:
        s = s.reshape(1, -1)
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise ValueError(f"weights must be a square matrix, not of shape {w.shape}")
    if s.ndim != 2:
        raise ValueError(f"states must be one row per run, not of shape {s.shape}")
    final, steps, converged = _run(
        w,
        s,
        concepts=None if concepts is None else list(concepts),
        clamps=_clamps(clamps),
        preset=preset,
        rule=rule,
        transfer=transfer,
        lam=lam,
        epsilon=epsilon,
        cap=cap,
        single_precision=single_precision,
        limits=limits,
    )
    return Runs(final, steps, converged)


def simulate(
    weights,
    initial,
    *,
    concepts: Optional[Sequence[str]] = None,
    clamps: Optional[dict] = None,
    preset: str = "default",
    rule: str = "kosko",
    transfer: str = "sigmoid",
    lam: float = 1.0,
    epsilon: Optional[float] = None,
    cap: Optional[int] = None,
    name: str = "weights",
    limits: Optional[dict] = None,
):
    """One run of the map ``weights`` (n × n, as for :func:`run`) from the state ``initial``
    (n values), step by step: an ``FcmRun``, the document ``realpolitik fcm MATRIX --initial
    ... --format json`` prints (``status``, ``steps``, ``final``, ...), with ``.trajectory``
    ((steps + 1) × n numpy array, the initial state first) and ``.to_pandas()``. In a notebook
    it shows as the report's plot of each concept step by step. The settings are those of
    :func:`run`; ``name`` titles the report.
    """
    from . import FcmRun

    w = np.ascontiguousarray(weights, dtype=np.float64)
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise ValueError(f"weights must be a square matrix, not of shape {w.shape}")
    computed = _simulate(
        w,
        np.ascontiguousarray(initial, dtype=np.float64).reshape(-1),
        concepts=None if concepts is None else list(concepts),
        clamps=_clamps(clamps),
        preset=preset,
        rule=rule,
        transfer=transfer,
        lam=lam,
        epsilon=epsilon,
        cap=cap,
        name=name,
        limits=limits,
    )
    return FcmRun(computed)


def _clamps(clamps: Optional[dict]) -> list:
    return [f"{name}={value!r}" for name, value in (clamps or {}).items()]
