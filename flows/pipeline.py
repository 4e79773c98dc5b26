"""The ``stance-pipeline`` Prefect flow: read -> skip unchanged -> analyse -> load -> publish.

The flow only orchestrates: every step is a task from ``tasks/`` working on a batch of
articles (never one task per article); the bookkeeping lives in ``flows/batches.py``.
Unchanged articles (same ``content_hash`` as in the database) are skipped; changed ones are
re-extracted and replace their old rows.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.runtime import flow_run

from flows.batches import BatchQueue, RunTally, read_batches, total_bytes
from flows.runners import runner_parameters, task_runner_for
from tasks.ingest import (
    SourceError,
    discover_files,
    is_feed_source,
    iter_article_batches,
    new_inbox_files,
    record_inbox_files,
    redact_text,
)
from tasks.ingest.task import ingest_feeds
from tasks.publish.task import publish_summary
from tasks.store import existing_hashes, load_staged, record_run


def _run_name() -> str:
    params = flow_run.parameters
    source = redact_text(str(params.get("source", "?")))
    kind = "feeds" if is_feed_source(source) else "inbox" if params.get("inbox") else "files"
    return f"stance-pipeline · {kind} · {source}"


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
    logger, tally, shown = get_run_logger(), RunTally(), redact_text(source)
    batches, new_files, size = _read(source, db_path, batch_size, inbox, tally)
    known = existing_hashes(db_path)
    progress = create_progress_artifact(
        progress=0.0, key="pipeline-progress",
        description=f"batches of {batch_size} articles from {shown} (unchanged ones skipped)",
    )
    with BatchQueue(db_path, tally, batch_size, in_flight, workers, inline_below,
                    on_loaded=lambda t: _progress(progress, t.text_bytes, size)) as queue:
        for articles, rejected in batches:
            queue.add(tally.skip_unchanged(articles, rejected, known), rejected)
        queue.finish()
    if not tally.batches_loaded:  # nothing to write: still load batches staged earlier
        load_staged(db_path, logger=logger)
    update_progress_artifact(progress, progress=100.0)
    if new_files:
        record_inbox_files(db_path, new_files, tally.run_id)
    run = tally.run_row(shown, str(flow_run.id) if flow_run.id else None)
    logger.info("%d articles in: %d new, %d changed, %d unchanged; %d rejected inputs",
                run["articles_in"], run["articles_new"], run["articles_changed"],
                run["articles_unchanged"], run["rejected"])
    record_run(db_path, run)
    publish_summary(db_path, run)
    return _result(run, tally, logger)


def _read(source: str, db_path: str, batch_size: int, inbox: bool, tally: RunTally):
    """The source's batches (streamed: at most ``batch_size`` articles read ahead of the CPU
    stages), the inbox files to record once loaded, and the input size for the progress."""
    shown = redact_text(source)
    if is_feed_source(source):
        feed = ingest_feeds.with_options(task_run_name=f"ingest_feeds · {shown}")
        return read_batches(iter([feed(source, db_path)]), tally, as_task=False), [], 0
    if inbox:
        paths, n_done = _inbox_paths(source, db_path)
        get_run_logger().info("inbox %s: %d new file(s), %d already processed",
                              shown, len(paths), n_done)
    else:
        paths = discover_files(source)
        get_run_logger().info("source %s: %d file(s)", shown, len(paths))
    batches = iter_article_batches(paths, batch_size=batch_size) if paths else iter(())
    return read_batches(batches, tally), paths if inbox else [], total_bytes(paths)


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


def _progress(progress, text_bytes: int, size: int) -> None:
    """Share of the input read and loaded (estimated from article text bytes)."""
    if size:
        update_progress_artifact(progress, progress=min(99.0, 100.0 * text_bytes / size))


def _result(run: dict, tally: RunTally, logger) -> dict:
    work = tally.work()
    seconds = {k: round(v, 3) for k, v in tally.seconds.items()}
    logger.info(
        "done: %d quotes from %d new/changed articles; seconds %s (CPU stages summed over "
        "workers); the run's work beyond Prefect's start-up: %.2f s, %.2f CPU s",
        tally.quotes, tally.todo, {k: round(v, 2) for k, v in tally.seconds.items()},
        work["work_seconds"], work["work_cpu_seconds"],
    )
    return run | {"stage_seconds": seconds, "analysed_by_pids": sorted(tally.pids)} | work


def run_pipeline(source: str, db_path: str = "stancewire.duckdb", batch_size: int = 2000,
                 inbox: bool = False, runner: str = "local", dask_address: str | None = None,
                 workers: int | None = None) -> dict:
    """``stance_pipeline`` with the task runner of ``runner`` (see flows/runners.py).

    ``local``: the CPU stages run in a warm pool of ``workers`` processes (default: one per
    core; 1 keeps everything in this process), one batch per worker plus one queued. With
    Prefect's process pool or Dask, up to two batches per worker are in flight (``workers``,
    default: one per core, 2 for a given Dask address). This process loads finished batches.
    """
    task_runner = task_runner_for(runner, dask_address, workers)
    flow_fn = stance_pipeline if task_runner is None else stance_pipeline.with_options(
        task_runner=task_runner
    )
    return flow_fn(source=source, db_path=db_path, batch_size=batch_size, inbox=inbox,
                   **runner_parameters(runner, dask_address, workers))
