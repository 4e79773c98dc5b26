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
from flows.limits import flow_timeout_s, hold_database
from flows.progress import DONE, LOADED, READ, publish, snapshot
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


@flow(name="stance-pipeline", flow_run_name=_run_name, log_prints=False,
      timeout_seconds=flow_timeout_s())
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

    The run holds the database file's global concurrency limit throughout (flows/limits.py:
    runs writing one file take turns) and fails as TimedOut after ``$STANCEWIRE_FLOW_TIMEOUT``
    seconds. It reports its progress after each batch read and each batch loaded
    (flows/progress.py: a log line, the progress artifact, the CLI's progress bar).
    """
    logger, shown = get_run_logger(), redact_text(source)
    with hold_database(db_path, logger, str(flow_run.id) if flow_run.id else None):
        tally = RunTally()
        batches, new_files, size = _read(source, db_path, batch_size, inbox, tally)
        known = existing_hashes(db_path)
        report = _reporter(tally, size, f"batches of {batch_size} articles from {shown} "
                                        "(unchanged ones skipped)", logger)
        with BatchQueue(db_path, tally, batch_size, in_flight, workers, inline_below,
                        on_loaded=lambda t: report(LOADED)) as queue:
            for articles, rejected in batches:
                todo = tally.skip_unchanged(articles, rejected, known)
                report(READ)
                queue.add(todo, rejected)
            queue.finish()
        if not tally.batches_loaded:  # nothing to write: still load batches staged earlier
            load_staged(db_path, logger=logger)
        report(DONE)
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


def _reporter(tally: RunTally, size: int, description: str, logger):
    """The run's progress report after an event (flows/progress.py): a log line, the
    ``pipeline-progress`` artifact (share of the input done, once per batch loaded, when the
    input size is known) and the listeners of this process (the CLI's progress bar)."""
    artifact = create_progress_artifact(progress=0.0, key="pipeline-progress",
                                        description=description)

    def report(event: str) -> None:
        progress = snapshot(tally, event, size)
        logger.info(progress.line())
        if event != READ and progress.fraction is not None:
            update_progress_artifact(artifact, progress=round(100.0 * progress.fraction, 1))
        publish(progress)

    return report


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
    The run stops after ``$STANCEWIRE_FLOW_TIMEOUT`` seconds (flows/limits.py).
    """
    task_runner = task_runner_for(runner, dask_address, workers)
    options = {} if task_runner is None else {"task_runner": task_runner}
    # the timeout as set now (the decorator read it when this module was imported)
    flow_fn = stance_pipeline.with_options(timeout_seconds=flow_timeout_s(), **options)
    return flow_fn(source=source, db_path=db_path, batch_size=batch_size, inbox=inbox,
                   **runner_parameters(runner, dask_address, workers))
