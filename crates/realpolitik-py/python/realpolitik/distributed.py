"""Runs too big for one machine, on a Ray cluster: a CIB search and its basin count, or a
model's Monte Carlo, cut into independent units, run as Ray tasks, and merged into the result
the same call gives on one machine, number for number.

    import realpolitik
    from realpolitik import distributed

    result = distributed.run("big.csv", "cib", basins=True, address="auto")
    result = distributed.run(realpolitik.builtin(), "fcm", draws=100_000, address="ray://head:10001")

Each unit is a JSON text that carries everything it reads (the matrix, or the model with its
sources), so workers need realpolitik installed and no files. A unit whose worker dies is run
again (``max_retries``); a result that arrives twice counts once. Without Ray installed the
units run here, one after another, with a message saying so.

The same units are on the command line: ``realpolitik cib M.csv --units`` prints them,
``realpolitik run-unit`` runs them and ``--merge`` puts the results back.
"""

import os
import warnings

from . import CibResult, FcmResult, Model
from ._native import cib_job as _cib_job
from ._native import fcm_job as _fcm_job
from ._native import run_unit

__all__ = ["plan", "run", "run_unit"]


def plan(source, analysis="cib", *, units=64, **options):
    """The job ``run`` would submit: ``len(job)`` units, ``job.units()`` their JSON texts,
    ``job.merge(results)`` the result from their results (``run_unit``'s texts, any order).

    ``source`` is a ``realpolitik.Model``, or for ``"cib"`` a matrix file's path. ``options``
    are those of ``Model.cib`` / ``realpolitik.cib.solve`` (``max_inconsistency``, ``fix``,
    ``scenarios``, ``basins``, ``seed``, ``limits``) or of ``Model.fcm`` (``draws``, ``seed``).
    Each search is cut into at most ``units`` units.
    """
    if analysis == "cib":
        options = {k: list(v) if k in ("fix", "scenarios") else v for k, v in options.items()}
        if isinstance(source, Model):
            job, found = _cib_job(model=source._native, pieces=units, **options)
        elif isinstance(source, (str, os.PathLike)):
            job, found = _cib_job(path=os.fspath(source), pieces=units, **options)
        else:
            raise TypeError("source: give a realpolitik.Model or a matrix file's path")
        for w in found:
            warnings.warn(f"{w['file'] or 'matrix'}: {w['message']}", stacklevel=3)
        return job
    if analysis == "fcm":
        if not isinstance(source, Model):
            raise TypeError("source: the FCM Monte Carlo runs on a realpolitik.Model")
        if not options.get("draws"):
            raise ValueError("draws: give the number of Monte Carlo draws to split into units")
        return _fcm_job(source._native, pieces=units, **options)
    raise ValueError(f"analysis {analysis!r}: give 'cib' or 'fcm'")


def run(
    source,
    analysis="cib",
    *,
    units=64,
    address=None,
    max_retries=3,
    progress=True,
    **options,
):
    """Runs an analysis as units on Ray and returns what the same analysis returns on one
    machine (a ``CibResult`` or an ``FcmResult``), identical whatever the split.

    ``address`` is passed to ``ray.init`` when Ray is not initialised yet: ``None`` starts a
    local instance (or joins the one ``RAY_ADDRESS`` names), ``"auto"`` joins the cluster this
    machine belongs to, ``"ray://host:10001"`` a remote one. A task whose worker dies is retried
    up to ``max_retries`` times. ``progress`` shows a tqdm bar of the units done (when tqdm is
    installed). See ``plan`` for ``source``, ``analysis``, ``units`` and ``options``.
    """
    job = plan(source, analysis, units=units, **options)
    texts = job.units()
    results = _execute(texts, address, max_retries, progress)
    computed = job.merge(results)
    return CibResult(computed) if analysis == "cib" else FcmResult(computed)


def _bar(total, progress):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="unit", desc="realpolitik units")


def _execute(texts, address, max_retries, progress):
    try:
        import ray
    except ImportError:
        warnings.warn(
            f"Ray is not installed (pip install 'ray>=2.9'): running the {len(texts)} units "
            "here, one after another",
            stacklevel=3,
        )
        bar = _bar(len(texts), progress)
        results = []
        for text in texts:
            results.append(run_unit(text))
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        return results
    if not ray.is_initialized():
        ray.init(address=address, log_to_driver=False)
    task = ray.remote(max_retries=max_retries)(_run_unit_task)
    pending = [task.remote(text) for text in texts]
    bar = _bar(len(pending), progress)
    results = []
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        results.extend(ray.get(done))
        if bar is not None:
            bar.update(len(done))
    if bar is not None:
        bar.close()
    return results


def _run_unit_task(text):
    # Imported on the worker: the task is sent by reference to this module.
    from realpolitik._native import run_unit as run

    return run(text)
