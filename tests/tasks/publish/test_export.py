"""``stancewire export``: every table (and view) as Parquet, read back with polars."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.cli import main
from tests.sql.test_examples import build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("export")
    return build_sample_db(work / "sample.duckdb", work)


def test_export_parquet_round_trip(sample_db: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["export", "--format", "parquet", "--out", str(out), "--db", str(sample_db),
                 "--views"]) == 0
    printed = capsys.readouterr().out
    with duckdb.connect(str(sample_db), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        views = [r[0] for r in con.execute(
            "select view_name from duckdb_views() where not internal").fetchall()]
        expected = {n: con.execute(f"select count(*) from {n}").fetchone()[0]
                    for n in tables + views}
    assert {"articles", "quotes", "quote_stance", "actors", "rejected_inputs",
            "pipeline_runs", "inbox_files"} <= set(tables)
    assert "v_quotes" in views
    files = {p.stem: p for p in out.glob("*.parquet")}
    assert set(files) == set(expected)
    for name, n in expected.items():
        assert pl.read_parquet(files[name]).height == n, name
        assert f"{name}.parquet  {n} rows" in printed
    assert expected["quotes"] > 0
    quotes = pl.read_parquet(files["quotes"])
    with duckdb.connect(str(sample_db), read_only=True) as con:
        assert quotes.columns == [c[0] for c in con.execute("describe quotes").fetchall()]
    assert not list(out.glob(".*partial"))


def test_export_tables_only_by_default(sample_db: Path, tmp_path: Path, capsys):
    assert main(["export", "--out", str(tmp_path), "--db", str(sample_db)]) == 0
    assert not list(tmp_path.glob("v_*.parquet")) and (tmp_path / "articles.parquet").exists()
