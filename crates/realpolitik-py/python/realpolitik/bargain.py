"""Bargaining forecasts without a model file: the tables the expected-utility literature shares."""

import os
from typing import Optional

from ._native import bargain_run as _run


def run(table, *, solver: str = "eum", draws: int = 0, seed: int = 2014, limits: Optional[dict] = None):
    """The forecast of every issue of the bargaining table at ``table`` (Bueno de Mesquita's
    CSV ``actor,capability,position,salience``, KTAB's CSV or XML scenario, or DEU's long CSV,
    told apart by their header), under ``solver`` (``"eum"``, ``"eum-printed"``, ``"smp"``,
    ``"mean"``, ``"median"``), as ``realpolitik bargain TABLE --format json`` gives it (a
    ``BargainResult``: a dict with ``.to_pandas()``)."""
    from . import BargainResult

    return BargainResult(_run(os.fspath(table), solver=solver, draws=draws, seed=seed, limits=limits))
