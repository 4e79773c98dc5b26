"""A warm pool of plain worker processes: ``submit(fn, *args)`` runs ``fn`` in another process.

The CPU stages of a run (extract -> attribute -> score) are pure Python, so threads share one
core; ``tasks.analyse.analyse_in_pool`` hands each batch to one of these processes instead. The
pool knows no stage: the caller passes the function and, once per pool, a ``warm_up`` run in
each worker as it starts (imports and vocabularies loaded once). Workers never import Prefect.

Why not Prefect's ProcessPoolTaskRunner: each of its workers runs Prefect's task engine (API
client, events, nested task runs): on the 7,029-article corpus it took 87 CPU s and 1.2 GB
summed RSS against 58 CPU s and 0.6 GB in one process, for no gain in wall time (measured by
hand with ``stancewire run --runner process`` against ``--workers 1``; see docs/).

Workers are started with ``spawn`` (polars and DuckDB hold threads: ``fork`` is unsafe) on the
first ``submit`` and stay warm for the rest of the run; ``shutdown`` ends them. There is one pool
per worker count in a process, so a Prefect task running in a thread finds the run's pool.

Nothing outlives the run (tasks/lifeline.py): each worker first holds on to this process
(PDEATHSIG on Linux, a ``getppid`` watchdog everywhere), so a ``kill -9`` of the run ends its
workers too. PDEATHSIG fires when the *thread* that started a worker ends, and workers are
started lazily inside ``submit``: every ``submit`` is therefore made by one daemon thread that
lives as long as this process, never by the (Prefect task) thread that asked.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import queue
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from threading import Lock, Thread
from typing import Any

from tasks.lifeline import hold_on

_LOCK = Lock()
_POOLS: dict[int, ProcessPoolExecutor] = {}
_SPAWNER: queue.SimpleQueue | None = None


class WorkerDiedError(RuntimeError):
    """A worker process ended while it had work (killed from outside, or out of memory)."""


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _start_worker(parent: int, warm_up: Callable[[], object] | None) -> None:
    """Each worker's initializer: end with ``parent`` (the run), then ``warm_up``."""
    hold_on(parent)
    if warm_up is not None:
        warm_up()


def pool(workers: int, warm_up: Callable[[], object] | None = None) -> ProcessPoolExecutor:
    """The process-wide pool of ``workers`` processes, started on first use with ``warm_up``
    as each worker's initializer (after the worker holds on to this process)."""
    with _LOCK:
        ex = _POOLS.get(workers)
        if ex is None:
            ex = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=functools.partial(_start_worker, os.getpid(), warm_up),
            )
            _POOLS[workers] = ex
        return ex


def _spawner() -> queue.SimpleQueue:
    """The queue of the one daemon thread that makes every ``ProcessPoolExecutor.submit`` call
    (which is where workers start): their PDEATHSIG then fires only when this process ends."""
    global _SPAWNER
    with _LOCK:
        if _SPAWNER is None:
            calls: queue.SimpleQueue = queue.SimpleQueue()

            def serve() -> None:
                while True:
                    call, done = calls.get()
                    try:
                        done.set_result(call())
                    except BaseException as exc:  # noqa: BLE001 - handed to the caller
                        done.set_exception(exc)

            Thread(target=serve, name="stancewire-pool-spawner", daemon=True).start()
            _SPAWNER = calls
        return _SPAWNER


def submit(workers: int, fn: Callable[..., Any], *args: Any,
           warm_up: Callable[[], object] | None = None) -> Future:
    """Run ``fn(*args)`` in the pool of ``workers`` processes: a future of its result."""
    ex = pool(workers, warm_up)
    submitted: Future = Future()
    _spawner().put((functools.partial(ex.submit, fn, *args), submitted))
    return submitted.result()


def run(workers: int, fn: Callable[..., Any], *args: Any,
        warm_up: Callable[[], object] | None = None) -> Any:
    """``submit`` and wait; a worker that dies raises ``WorkerDiedError``."""
    try:
        return submit(workers, fn, *args, warm_up=warm_up).result()
    except BrokenProcessPool:
        raise WorkerDiedError(
            "a worker process ended (killed from outside, or out of memory)"
        ) from None


def shutdown() -> None:
    """End every worker (work not started is cancelled); the next ``pool`` starts anew."""
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for ex in pools:
        ex.shutdown(wait=True, cancel_futures=True)
