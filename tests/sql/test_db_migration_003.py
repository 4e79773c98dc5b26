"""Migration 003 (quotes and quote_stance without PRIMARY KEYs) on a database made by 001-002.

The database is built with the migrations as they were before 003, filled with a loaded batch,
then opened by the current code: the rows survive unchanged, the primary keys are gone, the views
work, and later loads keep one row per key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tasks.store.db import MIGRATIONS_DIR, VIEWS_DIR, apply_migrations, connect
from tests.tasks.store.test_load import load, make_batch, query

DATA = {"articles": "article_id", "quotes": "quote_id", "quote_stance": "quote_id, side"}
# the columns of migrations 001-003 (004 added speaker_side_evidence to quotes)
OLD_COLUMNS = "COLUMNS(lambda c: c <> 'speaker_side_evidence')"


def _old_database(tmp_path: Path) -> Path:
    """A database with the schema of migrations 001-002 and one batch of two articles."""
    old = tmp_path / "migrations-001-002"
    old.mkdir()
    for path in MIGRATIONS_DIR.glob("00[12]_*.sql"):
        shutil.copy(path, old)
    no_views = tmp_path / "views-of-that-time"  # today's views need columns of later migrations
    no_views.mkdir()
    db = tmp_path / "old.duckdb"
    batch = make_batch(["a1", "a2"])
    con = connect(db)
    try:
        assert apply_migrations(con, old, no_views) == [1, 2]
        for name, frame in batch.items():
            con.register(f"_in_{name}", frame)
        con.execute(
            "INSERT INTO articles BY NAME "
            "SELECT *, now()::TIMESTAMP AS ingested_at, now()::TIMESTAMP AS updated_at "
            "FROM _in_articles"
        )
        con.execute(f"INSERT INTO quotes BY NAME SELECT {OLD_COLUMNS} FROM _in_quotes")
        con.execute("INSERT INTO quote_stance BY NAME SELECT * FROM _in_stance")
        assert _primary_keys(con) == {"quotes", "quote_stance"}
    finally:
        con.close()
    return db


def _primary_keys(con) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND table_name IN ('quotes', 'quote_stance')"
        ).fetchall()
    }


def _rows(db: Path) -> dict[str, list[tuple]]:
    con = connect(db, read_only=True)
    try:
        return {t: con.execute(f"SELECT {OLD_COLUMNS} FROM {t} ORDER BY {k}").fetchall()
                for t, k in DATA.items()}
    finally:
        con.close()


def test_003_keeps_the_rows_and_drops_the_primary_keys(tmp_path: Path) -> None:
    db = _old_database(tmp_path)
    before = _rows(db)
    con = connect(db)
    try:
        applied = apply_migrations(con)
        assert 3 in applied
        assert _primary_keys(con) == set()
        assert con.execute(
            "SELECT count(*) FROM duckdb_constraints() "
            "WHERE table_name = 'articles' AND constraint_type = 'PRIMARY KEY'"
        ).fetchone() == (1,)
    finally:
        con.close()
    assert _rows(db) == before
    assert query(db, "SELECT count(*) FROM v_quotes") == [(4,)]
    assert query(db, "SELECT count(*) FROM v_quote_stance") == [(8,)]


@pytest.mark.parametrize(
    "batch, quotes",
    [
        (lambda: make_batch(["a1", "a2"]), 4),  # the same batch again
        (lambda: make_batch(["a1"], version="version-two"), 4),  # a changed article
        (lambda: make_batch(["a3"]), 6),  # a new article
    ],
)
def test_loads_after_003_keep_one_row_per_key(tmp_path: Path, batch, quotes: int) -> None:
    db = _old_database(tmp_path)
    load(db, batch())  # applies 003 first
    assert query(db, "SELECT count(*), count(DISTINCT quote_id) FROM quotes") == [(quotes, quotes)]
    assert query(db, "SELECT count(*), count(DISTINCT (quote_id, side)) FROM quote_stance") == [
        (2 * quotes, 2 * quotes)
    ]
