"""Where the CPU stages of a run execute: the warm pool's parameters and the task runners.

``--runner local`` (default): Prefect's thread pool in this process, the CPU stages handed to a
warm pool of plain worker processes (tasks/pool.py). ``process``: Prefect's ProcessPoolTaskRunner.
``dask``: a DaskTaskRunner on a given scheduler or a new local cluster.
"""

from __future__ import annotations

from tasks.pool import default_workers

# With worker processes, the first new/changed articles of a run (fewer than this) are analysed
# in the flow's process: a small run then starts no worker (~1 s each for the warm pool, ~6 CPU s
# for Prefect's ProcessPoolTaskRunner, whose workers run Prefect's engine).
INLINE_BELOW = 500


def pool_options(workers: int | None = None) -> dict:
    """``stance_pipeline`` parameters for the warm pool of ``workers`` processes (default: one
    per core): one batch per worker plus one queued; small runs stay in the flow's process."""
    n = workers or default_workers()
    return {"workers": n, "in_flight": n + 1 if n > 1 else 1,
            "inline_below": INLINE_BELOW if n > 1 else 0}


def task_runner_for(runner: str = "local", dask_address: str | None = None,
                    workers: int | None = None):
    """The task runner of ``--runner``: None (Prefect's default thread pool, one process) for
    ``local``; Prefect's ProcessPoolTaskRunner with ``workers`` processes (default: one per
    core) for ``process``; a DaskTaskRunner on ``dask_address``, or on a new local cluster of
    ``workers`` single-threaded worker processes (default: one per core), for ``dask``."""
    if runner == "local":
        return None
    if runner == "process":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers or default_workers())
    if runner != "dask":
        raise ValueError(f"unknown runner {runner!r} (local, process or dask)")
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": workers or default_workers(), "threads_per_worker": 1, "processes": True,
        "dashboard_address": ":0",  # any free port: never clash with a running cluster
    })


def runner_parameters(runner: str, dask_address: str | None, workers: int | None) -> dict:
    """The flow's batch parameters for ``runner``. ``local``: the warm pool (``pool_options``).
    Prefect's process pool or Dask: up to two batches per worker in flight (``workers``,
    default: one per core, 2 for a given Dask address); the process pool keeps small runs in
    the flow's process."""
    if runner == "local":
        return pool_options(workers)
    in_flight = 2 * (workers or (2 if dask_address else default_workers()))
    return {"in_flight": in_flight, "inline_below": INLINE_BELOW if runner == "process" else 0}
