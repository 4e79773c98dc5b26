"""Helpers shared by the robustness tests (tests/tasks/test_robustness_*.py, tests/flows/
test_guarantees*.py): table checksums and the whole pipeline as plain functions.

``table_checksums`` is the yardstick of "identical tables": the row count and an
order-independent hash of every non-timestamp column of every table in the file (timestamps
record *when* a row was loaded, so they differ between two otherwise identical runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl

from tasks.contract import ACTORS, SCORED, STANCE, empty

#: tables whose rows depend on the data only (pipeline_runs has one row per run by design)
DATA_TABLES = ("articles", "quotes", "quote_stance", "actors", "rejected_inputs")
#: catalog bookkeeping: which migration/view files were applied (others add views to sql/ while
#: tests run, so these are left out of comparisons between databases built minutes apart)
CATALOG_TABLES = ("schema_migrations", "schema_views")


def start_ready(script: str, *args: str, what: str = "child") -> subprocess.Popen:
    """Start ``python -c script args…`` and wait for it to print "ready" (it then works until
    killed or done); a child that does not start is an error with its stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line == "ready", f"{what} did not start: {line!r} {proc.stderr.read()[-2000:]}"
    return proc


def table_checksums(
    db: str | os.PathLike[str], tables: tuple[str, ...] | None = None
) -> dict[str, tuple[int, int]]:
    """``{table: (row count, checksum)}`` of every table but the catalog bookkeeping (or of
    ``tables``), timestamp columns left out."""
    out: dict[str, tuple[int, int]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        names = tables or tuple(
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
            if r[0] not in CATALOG_TABLES
        )
        for table in names:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = ? AND data_type NOT LIKE 'TIMESTAMP%' "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            assert cols, f"no columns for table {table!r}"
            row = " || chr(31) || ".join(f"coalesce(CAST(\"{c}\" AS VARCHAR), chr(0))" for c in cols)
            count, total = con.execute(
                f'SELECT count(*), coalesce(sum(hash({row})), 0) FROM "{table}"'
            ).fetchone()
            out[table] = (int(count), int(total))
    return out


def per_article_counts(db: str | os.PathLike[str]) -> dict[str, tuple[int, int, int]]:
    """``{article_id: (quotes, stance rows, quotes whose text != the article's span)}``;
    empty when the tables do not exist yet (a file created but never migrated)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"articles", "quotes", "quote_stance"} <= tables:
            return {}
        rows = con.execute(
            """
            SELECT a.article_id,
                   count(DISTINCT q.quote_id),
                   count(s.quote_id),
                   count(DISTINCT q.quote_id) FILTER (
                       WHERE substr(a.text, q.char_start + 1, q.char_end - q.char_start) <> q.text)
            FROM articles a
            LEFT JOIN quotes q USING (article_id)
            LEFT JOIN quote_stance s ON s.quote_id = q.quote_id
            GROUP BY a.article_id
            """
        ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def orphans(db: str | os.PathLike[str]) -> tuple[int, int]:
    """(quotes without their article, stance rows without their quote)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"articles", "quotes", "quote_stance"} <= tables:
            return (0, 0)
        return con.execute(
            """SELECT
                 (SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT article_id FROM articles)),
                 (SELECT count(*) FROM quote_stance WHERE quote_id NOT IN (SELECT quote_id FROM quotes))"""
        ).fetchone()


def run_plain_pipeline(
    source: str | os.PathLike[str], db: str | os.PathLike[str], skip_unchanged: bool = True
) -> dict[str, int]:
    """ingest -> extract -> attribute -> score -> write_batch with the plain functions, as the
    flow does (unchanged articles skipped, rejects loaded once); returns summed counts."""
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.ingest.files import discover_files, read_articles
    from tasks.store.write import existing_hashes, write_batch
    from tasks.score.quotes import score_quotes

    articles, rejected = read_articles(discover_files(str(source)))
    todo = articles
    if skip_unchanged:
        known = existing_hashes(db)
        todo = articles.join(known, on=["article_id", "content_hash"], how="anti")
    if todo.height:
        quotes = extract_quotes(todo)
        attributed, actors = attribute_speakers(quotes, todo)
        scored, stance = score_quotes(attributed)
    else:
        scored, stance, actors = empty(SCORED), empty(STANCE), empty(ACTORS)
    counts = write_batch(db, todo, scored, stance, actors, rejected)
    counts["articles_read"] = articles.height
    counts["rejected_read"] = rejected.height
    return counts


def rejected_rows(db: str | os.PathLike[str]) -> pl.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("SELECT source, location, reason, snippet FROM rejected_inputs").pl()


def test_checksums_see_every_change(tmp_path: Path) -> None:
    """The yardstick itself: any changed value changes the checksum, timestamps do not."""
    db = tmp_path / "c.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE t (a VARCHAR, b INTEGER, ts TIMESTAMP)")
        con.execute("INSERT INTO t VALUES ('x', 1, now()), (NULL, 2, now())")
    first = table_checksums(db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE t SET ts = ts + INTERVAL 1 DAY")
    assert table_checksums(db) == first
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE t SET a = '' WHERE a IS NULL")
    assert table_checksums(db) != first
    assert first["t"][0] == 2
