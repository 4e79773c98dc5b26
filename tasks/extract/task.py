"""The extract stage's Prefect task. Nothing in ``tasks.extract`` imports this module."""

from __future__ import annotations

import polars as pl
from prefect import get_run_logger, task

from tasks.extract.quotes import extract_quotes as _extract_quotes


@task(name="extract_quotes")
def extract_quotes(articles: pl.DataFrame) -> pl.DataFrame:
    """Prefect task: find quotes in a batch of articles and log how many, by kind."""
    quotes = _extract_quotes(articles)
    kinds = dict(quotes.group_by("kind").len().iter_rows()) if quotes.height else {}
    get_run_logger().info(
        "extracted %d quotes from %d articles %s", quotes.height, articles.height, kinds
    )
    return quotes
