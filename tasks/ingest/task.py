"""The ingest stage's Prefect tasks. Nothing in ``tasks.ingest`` imports this module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import polars as pl
from prefect import get_run_logger, task

from tasks.contract import REJECTED, empty
from tasks.ingest.feeds import known_article_ids, read_feed_list, read_feeds


@task(name="ingest_articles", persist_result=False)
def ingest_articles(
    batches: Iterator[tuple[pl.DataFrame, pl.DataFrame]],
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """Prefect task: read the next batch of a stream from ``iter_article_batches`` (None at its
    end), so that each batch read shows in the UI as an ``ingest_articles`` task run."""
    batch = next(batches, None)
    if batch is not None:
        articles, rejected = batch
        logger = get_run_logger()
        logger.info("read %d articles, %d rejected inputs", articles.height, rejected.height)
        for reason, count in Counter(rejected["reason"].to_list()).most_common(5):
            logger.info("rejected %d x %s", count, reason)
    return batch


@task(name="ingest_feeds", persist_result=False)
def ingest_feeds(source: str, db_path: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Prefect task: read the feeds of ``source``; entries already in ``db_path`` are not
    fetched again."""
    logger = get_run_logger()
    feeds = read_feed_list(source)
    result = read_feeds(feeds.urls, known_article_ids(db_path), log=logger.warning)
    extra = pl.DataFrame(feeds.rejected, schema=REJECTED) if feeds.rejected else empty(REJECTED)
    rejected = pl.concat([extra, result.rejected], how="vertical")
    logger.info(
        "%d feed(s) read of %d, %d entries: %d already loaded (pages not fetched), "
        "%d pages turned into articles; %d rejected",
        result.feeds, len(feeds.urls), result.entries, result.skipped_known,
        result.pages_fetched, rejected.height,
    )
    return result.articles, rejected
