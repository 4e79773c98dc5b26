"""write_batch at scale: the shortcuts that keep a load's cost and memory flat as the database
grows (all-new batches skip the replace scans, reject-only batches skip the big tables, write
connections do not vacuum) leave exactly the tables a plain replace would."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from tasks.store.db import connect
from tests.tasks.store.test_load import TABLE_KEYS, load, make_batch, query, snapshot


@pytest.mark.parametrize(
    "first, then, expected_counts",
    [
        # an all-new batch next to loaded articles: nothing of the loaded ones is touched
        (["a1", "a2"], [("a3", "v1"), ("a4", "v1")],
         {"articles_new": 2, "articles_changed": 0, "articles_unchanged": 0, "quotes_removed": 0}),
        # one changed, one new, one unchanged in the same batch
        (["a1", "a2"], [("a1", "v2"), ("a2", "v1"), ("a3", "v1")],
         {"articles_new": 1, "articles_changed": 1, "articles_unchanged": 1}),
        # only changed articles
        (["a1"], [("a1", "v2")],
         {"articles_new": 0, "articles_changed": 1, "articles_unchanged": 0}),
    ],
)
def test_second_batch_equals_a_clean_load_of_the_final_state(
    tmp_path: Path, first: list[str], then: list[tuple[str, str]], expected_counts: dict
) -> None:
    db, clean = tmp_path / "w.duckdb", tmp_path / "clean.duckdb"
    loaded = make_batch(first)
    load(db, loaded)
    batches = [make_batch([aid], version=v) for aid, v in then]
    merged = {name: pl.concat([b[name] for b in batches], how="vertical") for name in batches[0]}
    counts = load(db, merged)
    assert {k: counts[k] for k in expected_counts} == expected_counts

    # the final state in one load into a new file: articles of the first batch that the second
    # did not replace, and everything of the second
    replaced = [aid for aid, _ in then]
    kept = loaded["articles"].filter(~pl.col("article_id").is_in(replaced))
    kept_quotes = loaded["quotes"].filter(~pl.col("article_id").is_in(replaced))
    final = {
        "articles": pl.concat([kept, merged["articles"]]),
        "quotes": pl.concat([kept_quotes, merged["quotes"]]),
        "stance": pl.concat([
            loaded["stance"].filter(pl.col("quote_id").is_in(kept_quotes["quote_id"].implode())),
            merged["stance"],
        ]),
        "actors": merged["actors"],
        "rejected": merged["rejected"],
    }
    load(clean, final)
    got = snapshot(db, skip=("ingested_at", "updated_at", "first_seen", "last_seen"))
    want = snapshot(clean, skip=("ingested_at", "updated_at", "first_seen", "last_seen"))
    for table in TABLE_KEYS:
        assert got[table].equals(want[table]), table


def test_reject_only_batch_leaves_articles_alone(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1", "a2"]))
    before = snapshot(db, skip=("last_seen",))
    counts = load(db, make_batch([]))  # no articles: only its rejected input
    assert counts["articles"] == counts["quotes"] == counts["stance"] == 0
    assert counts["articles_new"] == counts["articles_changed"] == 0
    after = snapshot(db, skip=("last_seen",))
    for table in TABLE_KEYS:
        assert after[table].equals(before[table]), table
    assert query(db, "SELECT count(*) FROM rejected_inputs") == [(1,)]


def _setting(tmp_path: Path, name: str, read_only: bool) -> object:
    """A DuckDB setting as a connection from ``connect`` sees it, on a loaded database."""
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1"]))
    con = connect(db, read_only=read_only)
    try:
        return con.execute(f"SELECT current_setting('{name}')").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("read_only, expected", [(False, "0"), (True, None)])
def test_write_connections_do_not_vacuum(tmp_path: Path, read_only: bool, expected) -> None:
    """The checkpoint of a writer must not merge row groups (it rewrote whole row groups of
    article texts in memory); read-only sessions keep DuckDB's defaults."""
    value = _setting(tmp_path, "max_vacuum_tasks", read_only)
    if expected is None:
        assert str(value) != "0"
    else:
        assert str(value) == expected


@pytest.mark.parametrize("read_only, expected", [(False, "1"), (True, None)])
def test_write_connections_use_one_thread(tmp_path: Path, read_only: bool, expected) -> None:
    """A writer runs on one DuckDB thread (less memory per load); read-only sessions (ad hoc
    SQL, reports) keep DuckDB's default of one thread per core."""
    value = _setting(tmp_path, "threads", read_only)
    if expected is None:  # DuckDB's own default, as a fresh in-memory database has it
        default = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
        assert str(value) == str(default)
    else:
        assert str(value) == expected
