"""The ``stance-pipeline`` Prefect flow: ingest -> extract -> attribute -> score -> load.

The flow only orchestrates: every step is a task from ``tasks/`` working on a batch of
articles (never one task per article). Unchanged articles (same ``content_hash`` as in the
database) are skipped; changed ones are re-extracted and replace their old rows.
"""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import uuid4

import polars as pl
from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.runtime import flow_run

from tasks.attribute import attribute_speakers
from tasks.extract import extract_quotes
from tasks.ingest import discover_files, ingest_articles
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
    source = flow_run.parameters.get("source", "?")
    return f"stance-pipeline · {source}"


@flow(name="stance-pipeline", flow_run_name=_run_name, log_prints=False)
def stance_pipeline(source: str, db_path: str = "stancewire.duckdb", batch_size: int = 2000) -> dict:
    """Run the whole pipeline on ``source`` into the DuckDB file ``db_path``."""
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    paths = discover_files(source)
    logger.info("source %s: %d file(s)", source, len(paths))

    articles, rejected = ingest_articles(paths)
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
        progress=0.0, key="pipeline-progress", description=f"batches of {source}"
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

    run = {
        "run_id": str(uuid4()),
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "started_at": started,
        "finished_at": datetime.now(timezone.utc),
        "source": source,
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
