"""The ``stance-pipeline`` Prefect flow: ingest -> extract -> attribute -> score -> load.

The flow only orchestrates: every step is a task from ``tasks/`` working on a batch of
articles (never one task per article). Unchanged articles (same ``content_hash`` as in the
database) are skipped; changed ones are re-extracted and replace their old rows.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import deque
from collections.abc import Iterator
from itertools import count
from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

import polars as pl
from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.runtime import flow_run

from tasks.contract import ACTORS, ARTICLES, SCORED, STANCE, empty
from tasks.ingest.feeds import ingest_feeds, is_feed_source
from tasks.ingest.http import redact_text
from tasks.ingest.inbox import new_inbox_files, record_inbox_files
from tasks.ingest.files import SourceError, discover_files, ingest_articles, iter_article_batches
from tasks.store.task import existing_hashes, load_batch, load_staged, record_run
from tasks.analyse import analyse_batch, handoff_dir_for, read_handoff, remove_handoff
from tasks.pool import default_workers
from tasks.publish.summary import publish_run_artifacts


def split_by_change(articles: pl.DataFrame, known: pl.DataFrame) -> tuple[pl.DataFrame, int, int]:
    """Keep the articles that are new or changed; return them with the two counts."""
    joined = articles.join(
        known.rename({"content_hash": "_known_hash"}), on="article_id", how="left"
    )
    is_new = pl.col("_known_hash").is_null()
    changed = ~is_new & (pl.col("_known_hash") != pl.col("content_hash"))
    n_new = joined.filter(is_new).height
    n_changed = joined.filter(changed).height
    todo = joined.filter(is_new | changed).drop("_known_hash")
    return todo, n_new, n_changed


def _run_name() -> str:
    params = flow_run.parameters
    source = redact_text(str(params.get("source", "?")))
    kind = "feeds" if is_feed_source(source) else "inbox" if params.get("inbox") else "files"
    return f"stance-pipeline · {kind} · {source}"


def _inbox_paths(source: str, db_path: str) -> tuple[list, int]:
    """Files of an inbox directory not processed yet, and how many were skipped."""
    try:
        paths = discover_files(source)
    except SourceError:
        if Path(source).is_dir():  # an empty inbox is normal
            return [], 0
        raise
    todo = new_inbox_files(db_path, paths)
    return todo, len(paths) - len(todo)


@flow(name="stance-pipeline", flow_run_name=_run_name, log_prints=False)
def stance_pipeline(
    source: str, db_path: str = "stancewire.duckdb", batch_size: int = 2000, inbox: bool = False,
    in_flight: int = 1, inline_below: int = 0, workers: int = 1,
) -> dict:
    """Run the whole pipeline on ``source`` into the DuckDB file ``db_path``.

    ``source`` is a file, directory or glob, or a feed URL / ``.feeds`` file (tasks/ingest/feeds.py).
    With ``inbox=True`` a directory is an inbox: files already processed are skipped
    (tasks/ingest/inbox.py) and the new ones are recorded once loaded.

    Articles are read in batches (never the whole source at once); each batch's new/changed
    articles go to one ``analyse_batch`` task (extract -> attribute -> score, Parquet hand-off)
    on the flow's task runner, with up to ``in_flight`` batches submitted ahead; this process
    loads the finished batches in order with ``load_batch`` (DuckDB allows one writer).
    With ``workers`` > 1 each ``analyse_batch`` task hands its work to a warm pool of that
    many worker processes (tasks/pool.py): the stages are pure Python, threads share one core.
    Batches submitted while the run has seen fewer than ``inline_below`` new/changed articles
    are analysed in this process instead, so a small run starts no worker process.
    """
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    work_t, work_cpu = time.perf_counter(), time.process_time()  # this run's own work
    run_id = str(uuid4())
    shown = redact_text(source)
    new_files: list = []
    if is_feed_source(source):
        batches = iter([ingest_feeds.with_options(task_run_name=f"ingest_feeds · {shown}")(
            source, db_path
        )])
        total_bytes = 0
    else:
        if inbox:
            paths, n_done = _inbox_paths(source, db_path)
            new_files = paths
            logger.info("inbox %s: %d new file(s), %d already processed", shown, len(paths), n_done)
        else:
            paths = discover_files(source)
            logger.info("source %s: %d file(s)", shown, len(paths))
        # streamed: at most `batch_size` articles are read ahead of the CPU stages
        batches = iter_article_batches(paths, batch_size=batch_size) if paths else iter(())
        total_bytes = _total_bytes(paths)
    known = existing_hashes(db_path)
    handoff = handoff_dir_for(db_path, run_id)
    progress = create_progress_artifact(
        progress=0.0, key="pipeline-progress",
        description=f"batches of {batch_size} articles from {shown} (unchanged ones skipped)",
    )
    totals = dict.fromkeys(
        ("articles_in", "articles_new", "articles_changed", "todo", "quotes", "rejected",
         "batches_loaded", "text_bytes"), 0
    )
    seconds = dict.fromkeys(("ingest", "extract", "attribute", "score", "handoff", "load"), 0.0)
    pending: deque = deque()  # (future or None, rejected, label), oldest first: loaded in order
    pids: set[int] = set()  # processes that analysed the batches
    todo_buf: list[pl.DataFrame] = []  # new/changed articles gathered into full batches
    rejected_buf: list[pl.DataFrame] = []
    in_flight = max(1, in_flight)
    try:
        for articles, rejected in _timed(batches, seconds, as_task=not is_feed_source(source)):
            todo, n_new, n_changed = split_by_change(articles, known)
            for key, n in (("articles_in", articles.height), ("articles_new", n_new),
                           ("articles_changed", n_changed), ("todo", todo.height),
                           ("rejected", rejected.height)):
                totals[key] += n
            totals["text_bytes"] += int(articles["text"].str.len_bytes().sum() or 0)
            todo_buf.append(todo)
            rejected_buf.append(rejected)
            # unchanged articles never reach a CPU stage; the rest go in batches of batch_size
            while sum(f.height for f in todo_buf) >= batch_size or (
                sum(f.height for f in rejected_buf) >= batch_size
            ):
                _submit(todo_buf, rejected_buf, batch_size, pending, handoff,
                        inline=totals["todo"] < inline_below, workers=workers)
                while len(pending) > in_flight:
                    _load_next(db_path, pending, totals, seconds, pids)
                    _progress(progress, totals, total_bytes)
        while any(f.height for f in todo_buf + rejected_buf):
            _submit(todo_buf, rejected_buf, batch_size, pending, handoff,
                    inline=totals["todo"] < inline_below, workers=workers)
        while pending:
            _load_next(db_path, pending, totals, seconds, pids)
            _progress(progress, totals, total_bytes)
    finally:
        _drain(pending)
        if workers > 1:
            from tasks.pool import shutdown

            shutdown()
        shutil.rmtree(handoff, ignore_errors=True)
        _remove_empty(handoff.parent)
    if not totals["batches_loaded"]:  # nothing to write: still load batches staged earlier
        load_staged(db_path, logger=logger)
    update_progress_artifact(progress, progress=100.0)

    if new_files:
        record_inbox_files(db_path, new_files, run_id)
    n_in, n_new, n_changed = totals["articles_in"], totals["articles_new"], totals["articles_changed"]
    run = {
        "run_id": run_id,
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "started_at": started,
        "finished_at": datetime.now(timezone.utc),
        "source": shown,
        "articles_in": n_in,
        "articles_new": n_new,
        "articles_changed": n_changed,
        "articles_unchanged": n_in - n_new - n_changed,
        "quotes": totals["quotes"],
        "rejected": totals["rejected"],
        "status": "completed",
    }
    logger.info(
        "%d articles in: %d new, %d changed, %d unchanged; %d rejected inputs",
        n_in, n_new, n_changed, n_in - n_new - n_changed, totals["rejected"],
    )
    record_run(db_path, run)
    publish_run_artifacts(db_path, run)
    work = {"work_seconds": round(time.perf_counter() - work_t, 3),
            "work_cpu_seconds": round(time.process_time() - work_cpu, 3)}
    logger.info(
        "done: %d quotes from %d new/changed articles; seconds %s (CPU stages summed over "
        "workers); the run's work beyond Prefect's start-up: %.2f s, %.2f CPU s",
        totals["quotes"], totals["todo"], {k: round(v, 2) for k, v in seconds.items()},
        work["work_seconds"], work["work_cpu_seconds"],
    )
    return run | {"stage_seconds": {k: round(v, 3) for k, v in seconds.items()},
                  "analysed_by_pids": sorted(pids)} | work


def _timed(batches, seconds: dict, as_task: bool = False) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """The batches, adding the time spent reading them to ``seconds['ingest']``; with
    ``as_task`` each batch is read by an ``ingest_articles`` task run."""
    for i in count():
        t = time.perf_counter()
        try:
            if as_task:
                item = ingest_articles.with_options(task_run_name=f"ingest_articles · batch {i}")(
                    batches
                )
            else:
                item = next(batches, None)
        finally:
            seconds["ingest"] += time.perf_counter() - t
        if item is None:
            return
        yield item


class _Done:
    """A batch analysed in the flow's own process, with the part of a future's interface
    that ``_load_next`` and ``_drain`` use."""

    def __init__(self, info: dict) -> None:
        self._info = info

    def result(self) -> dict:
        return self._info

    def wait(self) -> None:
        return None


def _submit(todo_buf: list, rejected_buf: list, batch_size: int, pending: deque,
            handoff: Path, inline: bool = False, workers: int = 1) -> None:
    """Take up to ``batch_size`` buffered new/changed articles (and the buffered rejects) and
    submit them as one ``analyse_batch`` task (``inline``: run it in this process); the rest
    stays buffered."""
    todo = pl.concat(todo_buf, how="vertical")
    rejected = pl.concat(rejected_buf, how="vertical")
    todo_buf[:] = [todo.slice(batch_size)]
    rejected_buf[:] = []
    todo = todo.head(batch_size)
    label = f"{todo.height} new/changed articles, {rejected.height} rejected inputs"
    future = None
    if todo.height:
        task = analyse_batch.with_options(task_run_name=f"analyse_batch · {label}")
        args = (todo, str(handoff), f"{time.time_ns():020d}")
        future = _Done(task(*args)) if inline else task.submit(*args, workers=workers)
    pending.append((future, rejected, label))


def _load_next(db_path: str, pending: deque, totals: dict, seconds: dict, pids: set) -> None:
    """Wait for the oldest batch and load it (this process is the only DuckDB writer)."""
    future, rejected, label = pending.popleft()
    if future is None:
        if rejected.height:  # nothing new in this batch, but its rejected inputs are recorded
            t = time.perf_counter()
            load_batch.with_options(task_run_name=f"load_batch · {label}")(
                db_path, empty(ARTICLES), empty(SCORED), empty(STANCE), empty(ACTORS), rejected
            )
            seconds["load"] += time.perf_counter() - t
            totals["batches_loaded"] += 1
        return
    info = future.result()
    pids.add(info["pid"])
    for key, value in info["seconds"].items():
        seconds[key] = seconds.get(key, 0.0) + value
    t = time.perf_counter()
    frames = read_handoff(info["folder"])
    load_batch.with_options(task_run_name=f"load_batch · {label}")(
        db_path, frames["articles"], frames["quotes"], frames["stance"], frames["actors"], rejected
    )
    remove_handoff(info["folder"])
    seconds["load"] += time.perf_counter() - t
    totals["quotes"] += info["quotes"]
    totals["batches_loaded"] += 1


def _drain(pending: deque) -> None:
    """After a failure: let batches still running finish (their output is then removed)."""
    for future, _, _ in pending:
        if future is not None:
            try:
                future.wait()
            except Exception:  # noqa: BLE001 - the run failed already; nothing to add
                pass


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _total_bytes(paths: list) -> int:
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except (OSError, TypeError, ValueError):
            pass
    return total


def _progress(progress, totals: dict, total_bytes: int) -> None:
    """Share of the input read and loaded (estimated from article text bytes)."""
    if total_bytes:
        share = min(99.0, 100.0 * totals["text_bytes"] / total_bytes)
        update_progress_artifact(progress, progress=share)


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


def run_pipeline(source: str, db_path: str = "stancewire.duckdb", batch_size: int = 2000,
                 inbox: bool = False, runner: str = "local", dask_address: str | None = None,
                 workers: int | None = None) -> dict:
    """``stance_pipeline`` with the task runner of ``runner`` (see ``task_runner_for``).

    ``local``: the CPU stages run in a warm pool of ``workers`` processes (default: one per
    core; 1 keeps everything in this process), one batch per worker plus one queued. With
    Prefect's process pool or Dask, up to two batches per worker are in flight (``workers``,
    default: one per core, 2 for a given Dask address). This process loads finished batches.
    """
    task_runner = task_runner_for(runner, dask_address, workers)
    flow_fn = stance_pipeline if task_runner is None else stance_pipeline.with_options(
        task_runner=task_runner
    )
    if runner == "local":
        return flow_fn(source=source, db_path=db_path, batch_size=batch_size, inbox=inbox,
                       **pool_options(workers))
    in_flight = 2 * (workers or (2 if dask_address else default_workers()))
    return flow_fn(source=source, db_path=db_path, batch_size=batch_size, inbox=inbox,
                   in_flight=in_flight, inline_below=INLINE_BELOW if runner == "process" else 0)
