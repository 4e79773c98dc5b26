"""The store stage's Prefect task: ``load_batch`` around ``tasks.store.write_batch``.

The plain functions live in the package (``from tasks.store import write_batch, ...``); this
module is the only one of the package that imports Prefect, and nothing in the package imports it.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from prefect import get_run_logger, task

from tasks.store.db import DatabaseLockedError
from tasks.store.write import write_batch


def retry_only_when_locked(task: object, task_run: object, state: object) -> bool:
    """Prefect retry condition: retry a failed load only when the database was locked.

    Any other failure (a rolled-back batch, a bad file) would fail the same way again.
    """
    try:
        state.result()
    except DatabaseLockedError:
        return True
    except Exception:
        return False
    return False


@task(
    name="load_batch",
    persist_result=False,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=retry_only_when_locked,
)
def load_batch(
    db_path: str,
    articles: pl.DataFrame,
    quotes: pl.DataFrame,
    stance: pl.DataFrame,
    actors: pl.DataFrame,
    rejected: pl.DataFrame,
    run: Mapping[str, object] | None = None,
) -> dict[str, int]:
    """Prefect task: ``write_batch`` with the run logger; logs the counts.

    Retried (twice, 10 s apart) only when the database stayed locked; the batch is staged
    before each such failure, and reloading a staged copy is harmless (loads are idempotent).
    """
    logger = get_run_logger()
    counts = write_batch(
        db_path, articles, quotes, stance, actors, rejected, run=run, logger=logger
    )
    logger.info(
        "loaded %d articles (%d new, %d changed, %d unchanged), %d quotes, %d stance rows, "
        "%d new actors, %d rejects (%d new), %d staged batches into %s",
        counts["articles"],
        counts["articles_new"],
        counts["articles_changed"],
        counts["articles_unchanged"],
        counts["quotes"],
        counts["stance"],
        counts["actors_new"],
        counts["rejected"],
        counts["rejected_new"],
        counts["staged_loaded"],
        db_path,
    )
    skipped = {k: v for k, v in counts.items() if k.endswith("_skipped") and v}
    if skipped:
        logger.warning("rows not loaded: %s", skipped)
    return counts
