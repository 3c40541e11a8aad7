"""Cross-impact balance without a model file: a bare matrix, as ScenarioWizard users keep them."""

import os
import warnings
from typing import Optional, Sequence

from ._native import cib_solve as _solve


def solve(
    matrix,
    *,
    max_inconsistency: int = 0,
    fix: Sequence[str] = (),
    basins: bool = False,
    seed: int = 2014,
    limits: Optional[dict] = None,
):
    """The scenarios of a cross-impact matrix with inconsistency at most ``max_inconsistency``,
    as ``realpolitik cib MATRIX --format json`` gives them (a ``CibResult``: a dict with
    ``.to_pandas()``).

    ``matrix`` is a file's path (a CSV grid labelled ``DESCRIPTOR:VARIANT``, a spreadsheet, or a
    ScenarioWizard ``.scw``) or a pandas DataFrame whose index and columns are such labels.
    ``fix`` holds descriptors at a variant (``["WTRD=FT"]``); ``basins`` counts every scenario's
    basin of attraction under global succession. The reader's warnings are issued as Python
    warnings.
    """
    from . import CibResult

    if isinstance(matrix, (str, os.PathLike)):
        source = {"path": os.fspath(matrix)}
    elif hasattr(matrix, "to_csv"):
        source = {"text": matrix.to_csv(index_label="source\\target"), "name": "DataFrame"}
    else:
        raise TypeError("matrix: give a file's path or a pandas DataFrame")
    computed, found = _solve(
        **source,
        max_inconsistency=max_inconsistency,
        fix=list(fix),
        basins=basins,
        seed=seed,
        limits=limits,
    )
    for w in found:
        warnings.warn(f"{w['file'] or 'matrix'}: {w['message']}", stacklevel=2)
    return CibResult(computed)
