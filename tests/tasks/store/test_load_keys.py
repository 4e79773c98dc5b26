"""tasks/store/write.py keeps quotes and quote_stance unique on their keys without PRIMARY KEYs.

Since migration 003 the two tables have no primary key (DuckDB held its index in memory on every
write); ``write_batch`` de-duplicates each batch (the last row of a key wins), deletes the rows of
the batch's already-loaded articles and inserts. Whatever sequence of loads, there is exactly one
row per quote_id and per (quote_id, side).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tasks.store.db import DatabaseError
from tests.tasks.store.test_load import load, make_batch, query


def _changed_hash_only(ids: list[str]) -> dict[str, pl.DataFrame]:
    """The v1 batch of ``ids`` with a new content_hash: changed articles, same quote_ids."""
    batch = make_batch(ids)
    batch["articles"] = batch["articles"].with_columns(pl.col("content_hash") + "-edited")
    batch["quotes"] = batch["quotes"].with_columns(pl.lit(0.9).alias("sentiment_compound"))
    return batch


def _duplicated(ids: list[str]) -> dict[str, pl.DataFrame]:
    """A batch whose quotes and stance rows all appear twice, the second copy different."""
    batch = make_batch(ids)
    batch["quotes"] = pl.concat(
        [batch["quotes"], batch["quotes"].with_columns(pl.lit(-0.7).alias("sentiment_compound"))]
    )
    batch["stance"] = pl.concat(
        [batch["stance"], batch["stance"].with_columns(pl.lit("against").alias("label"))]
    )
    return batch


SEQUENCES = {
    "once": [lambda: make_batch(["a1", "a2"])],
    "same batch twice": [lambda: make_batch(["a1", "a2"])] * 2,
    "same batch three times": [lambda: make_batch(["a1", "a2"])] * 3,
    "changed article, same quote ids": [
        lambda: make_batch(["a1", "a2"]),
        lambda: _changed_hash_only(["a1"]),
    ],
    "changed article, new quote ids": [
        lambda: make_batch(["a1", "a2"]),
        lambda: make_batch(["a1"], version="version-two"),
    ],
    "duplicate keys in one batch": [lambda: _duplicated(["a1", "a2"])],
    "duplicate keys, loaded over itself": [
        lambda: make_batch(["a1", "a2"]),
        lambda: _duplicated(["a1", "a2"]),
    ],
    "new and loaded articles in one batch": [
        lambda: make_batch(["a1"]),
        lambda: make_batch(["a1", "a2"]),
    ],
}


@pytest.mark.parametrize("loads", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_one_row_per_key_whatever_the_loads(tmp_path: Path, loads: list) -> None:
    db = tmp_path / "w.duckdb"
    for make in loads:
        load(db, make())
    assert query(
        db, "SELECT count(*), count(DISTINCT quote_id), count(DISTINCT article_id) FROM quotes"
    ) == [(4, 4, 2)]
    assert query(
        db,
        "SELECT count(*), count(DISTINCT (quote_id, side)) FROM quote_stance",
    ) == [(8, 8)]
    assert query(
        db, "SELECT count(*) FROM quote_stance WHERE quote_id NOT IN (SELECT quote_id FROM quotes)"
    ) == [(0,)]


def test_duplicate_key_keeps_the_last_row(tmp_path: Path) -> None:
    """As INSERT OR REPLACE did: of two rows with one key in a batch, the later one is loaded."""
    db = tmp_path / "w.duckdb"
    counts = load(db, _duplicated(["a1"]))
    assert counts["quotes"] == 2 and counts["stance"] == 4
    assert query(db, "SELECT DISTINCT sentiment_compound FROM quotes") == [(-0.7,)]
    assert query(db, "SELECT DISTINCT label FROM quote_stance") == [("against",)]


def test_changed_article_with_same_quote_ids_gets_the_new_values(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1", "a2"]))
    counts = load(db, _changed_hash_only(["a1"]))
    assert counts["articles_changed"] == 1 and counts["quotes_removed"] == 0
    assert query(
        db, "SELECT article_id, min(sentiment_compound) FROM quotes GROUP BY 1 ORDER BY 1"
    ) == [("a1", 0.9), ("a2", -0.3)]


def test_quote_id_of_another_article_is_refused(tmp_path: Path) -> None:
    """Without a primary key the clash check is what keeps a quote_id under one article."""
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1"]))
    other = make_batch(["b1"])
    taken = query(db, "SELECT min(quote_id) FROM quotes")[0][0]
    other["quotes"] = other["quotes"].with_columns(
        pl.when(pl.col("quote_index") == 0).then(pl.lit(taken)).otherwise(pl.col("quote_id"))
        .alias("quote_id")
    )
    other["stance"] = other["stance"].head(0)
    with pytest.raises(DatabaseError, match="already belongs to article 'a1'"):
        load(db, other)
    assert query(db, "SELECT count(*), count(DISTINCT quote_id) FROM quotes") == [(2, 2)]
    assert query(db, "SELECT count(*) FROM articles WHERE article_id = 'b1'") == [(0,)]
