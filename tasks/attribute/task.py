"""The attribute stage's Prefect task. Nothing in ``tasks.attribute`` imports this module."""

from __future__ import annotations

import polars as pl
from prefect import get_run_logger, task

from tasks.attribute.coref import UNKNOWN
from tasks.attribute.speakers import attribute_speakers as _attribute_speakers


@task(name="attribute_speakers")
def attribute_speakers(
    quotes: pl.DataFrame, articles: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Prefect task: resolve the speakers of a batch's quotes; logs actors and unknown sides."""
    attributed, actors = _attribute_speakers(quotes, articles)
    new = actors.filter(~pl.col("in_registry")).height
    unknown = attributed.filter(pl.col("speaker_side") == UNKNOWN).height
    get_run_logger().info(
        "attributed %d quotes to %d actors (%d new actors to review, %d quotes with unknown side)",
        attributed.height, actors.height, new, unknown,
    )
    return attributed, actors
