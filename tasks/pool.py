"""A warm pool of worker processes for the CPU stages of a run (no Prefect inside the workers).

The CPU stages (extract -> attribute -> score) are pure Python, so threads share one core. With
``workers`` > 1, ``analyse_batch`` (tasks/analyse.py) hands each batch's work to one of these
processes: the worker runs ``analyse_to_parquet`` and returns the small dict, the batch's frames
travel back as the Parquet hand-off the writer reads anyway. The Prefect task itself stays in
the flow's process (its run, logs and timings show in the UI as before); only the plain
function crosses the process boundary.

Why not Prefect's ProcessPoolTaskRunner: each of its workers runs Prefect's task engine (API
client, events, nested task runs): on the 7,029-article corpus it took 87 CPU s and 1.2 GB
summed RSS against 58 CPU s and 0.6 GB in one process, for no gain in wall time (measured
2026-11-25). These workers import only polars, VADER and the stage modules.

Workers are started with ``spawn`` (polars and DuckDB hold threads: ``fork`` is unsafe) on the
first batch that needs them, and stay warm for the rest of the run; ``shutdown`` ends them.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from threading import Lock

import polars as pl

_LOCK = Lock()
_POOLS: dict[int, ProcessPoolExecutor] = {}


class WorkerDiedError(RuntimeError):
    """A worker process ended while it had a batch (killed from outside, or out of memory)."""


def _warm() -> None:
    """Worker initializer: import the stage modules and load their vocabularies once."""
    from tasks.contract import ARTICLES, conform
    from tasks.analyse import analyse_articles

    analyse_articles(conform(pl.DataFrame(
        {"article_id": ["warm-up"], "text": ["“It is a warm day,” the minister said."]}
    ), ARTICLES))


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool(workers: int) -> ProcessPoolExecutor:
    """The process-wide pool of ``workers`` processes, started on first use."""
    with _LOCK:
        ex = _POOLS.get(workers)
        if ex is None:
            ex = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
            )
            _POOLS[workers] = ex
        return ex


def submit(workers: int, articles: pl.DataFrame, handoff_dir: str, name: str,
           rejected: pl.DataFrame | None = None) -> Future:
    """Analyse one batch in the pool: a future of ``analyse_to_parquet``'s dict."""
    from tasks.analyse import analyse_to_parquet

    return pool(workers).submit(analyse_to_parquet, articles, handoff_dir, name, rejected)


def analyse_in_pool(workers: int, articles: pl.DataFrame, handoff_dir: str, name: str,
                    rejected: pl.DataFrame | None = None) -> dict:
    """``submit`` and wait; a worker that dies becomes ``WorkerDiedError`` with what to do."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return submit(workers, articles, handoff_dir, name, rejected).result()
    except BrokenProcessPool:
        raise WorkerDiedError(
            f"a worker process ended while analysing a batch of {articles.height} articles "
            "(killed from outside, or out of memory); the batches loaded before are kept: run "
            "again to go on (loaded articles are skipped), with --workers 1 if memory is short"
        ) from None


def shutdown() -> None:
    """End every worker (batches not started are cancelled); the next ``pool`` starts anew."""
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for ex in pools:
        ex.shutdown(wait=True, cancel_futures=True)
