"""The score stage's Prefect task. Nothing in ``tasks.score`` imports this module."""

from __future__ import annotations

import polars as pl
from prefect import get_run_logger, task

from tasks.score.quotes import score_quotes as _score_quotes


@task(name="score_quotes")
def score_quotes(quotes: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Prefect task: VADER sentiment and stance for a batch of attributed quotes."""
    scored, stance = _score_quotes(quotes)
    labelled = stance.filter(pl.col("label") != "none").height
    get_run_logger().info(
        "scored %d quotes (%d distinct texts); %d of %d stance rows labelled",
        scored.height, scored["text"].n_unique() if scored.height else 0, labelled, stance.height,
    )
    return scored, stance
