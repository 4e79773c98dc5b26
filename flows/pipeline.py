"""The ``stance-pipeline`` Prefect flow: ingest -> extract -> attribute -> score -> load.

The flow only orchestrates: every step is a task from ``tasks/`` working on a batch of
articles (never one task per article). Unchanged articles (same ``content_hash`` as in the
database) are skipped; changed ones are re-extracted and replace their old rows.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

import polars as pl
from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.runtime import flow_run

from tasks.attribute import attribute_speakers
from tasks.extract import extract_quotes
from tasks.feeds import ingest_feeds, is_feed_source
from tasks.fetch import redact_text
from tasks.inbox import new_inbox_files, record_inbox_files
from tasks.ingest import SourceError, discover_files, ingest_articles
from tasks.load import existing_hashes, load_batch, record_run
from tasks.report import publish_run_artifacts
from tasks.score import score_quotes


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
    source: str, db_path: str = "stancewire.duckdb", batch_size: int = 2000, inbox: bool = False
) -> dict:
    """Run the whole pipeline on ``source`` into the DuckDB file ``db_path``.

    ``source`` is a file, directory or glob, or a feed URL / ``.feeds`` file (tasks/feeds.py).
    With ``inbox=True`` a directory is an inbox: files already processed are skipped
    (tasks/inbox.py) and the new ones are recorded once loaded.
    """
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    run_id = str(uuid4())
    shown = redact_text(source)
    new_files: list = []
    if is_feed_source(source):
        articles, rejected = ingest_feeds.with_options(task_run_name=f"ingest_feeds · {shown}")(
            source, db_path
        )
    else:
        if inbox:
            paths, n_done = _inbox_paths(source, db_path)
            new_files = paths
            logger.info("inbox %s: %d new file(s), %d already processed", shown, len(paths), n_done)
        else:
            paths = discover_files(source)
            logger.info("source %s: %d file(s)", shown, len(paths))
        articles, rejected = ingest_articles.with_options(
            task_run_name=f"ingest_articles · {len(paths)} file(s) of {shown}"
        )(paths)
    known = existing_hashes(db_path)
    todo, n_new, n_changed = split_by_change(articles, known)
    logger.info(
        "%d articles in: %d new, %d changed, %d unchanged; %d rejected inputs",
        articles.height,
        n_new,
        n_changed,
        articles.height - n_new - n_changed,
        rejected.height,
    )

    n_batches = max(1, -(-todo.height // batch_size))
    progress = create_progress_artifact(
        progress=0.0, key="pipeline-progress",
        description=f"{n_batches} batch(es) of {todo.height} new/changed articles from {shown}",
    )
    n_quotes = 0
    for i in range(n_batches):
        batch = todo.slice(i * batch_size, batch_size)
        label = f"articles {i * batch_size}-{i * batch_size + batch.height}"
        quotes = extract_quotes.with_options(task_run_name=f"extract_quotes · {label}")(batch)
        attributed, actors = attribute_speakers.with_options(
            task_run_name=f"attribute_speakers · {label}"
        )(quotes, batch)
        scored, stance = score_quotes.with_options(task_run_name=f"score_quotes · {label}")(
            attributed
        )
        # rejected inputs ride with the first batch so that they are loaded exactly once
        load_batch.with_options(task_run_name=f"load_batch · {label}")(
            db_path, batch, scored, stance, actors, rejected if i == 0 else rejected.clear()
        )
        n_quotes += scored.height
        update_progress_artifact(progress, progress=100.0 * (i + 1) / n_batches)

    if new_files:
        record_inbox_files(db_path, new_files, run_id)
    run = {
        "run_id": run_id,
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "started_at": started,
        "finished_at": datetime.now(timezone.utc),
        "source": shown,
        "articles_in": articles.height,
        "articles_new": n_new,
        "articles_changed": n_changed,
        "articles_unchanged": articles.height - n_new - n_changed,
        "quotes": n_quotes,
        "rejected": rejected.height,
        "status": "completed",
    }
    record_run(db_path, run)
    publish_run_artifacts(db_path, run)
    logger.info("done: %d quotes from %d new/changed articles", n_quotes, todo.height)
    return run
