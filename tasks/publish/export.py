"""``stancewire export``: every table (and optionally every view) of the database as Parquet.

One file per relation, ``<out>/<name>.parquet``, written by DuckDB's COPY from a read-only
connection; files are written under a temporary name and renamed, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

from tasks.store.db import connect, ident

FORMATS = ("parquet",)


def relations(con, include_views: bool = False) -> list[str]:
    """Table names (then view names) of the main schema, sorted."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
    ).fetchall()]
    if include_views:
        names += [r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' "
            "ORDER BY 1"
        ).fetchall()]
    return names


def export_parquet(
    db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], include_views: bool = False
) -> dict[str, int]:
    """Write each table (and view) as ``out_dir/<name>.parquet``; returns {name: row count}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with connect(db_path, read_only=True) as con:
        for name in relations(con, include_views):
            name = ident(name)
            target = out / f"{name}.parquet"
            partial = out / f".{name}.parquet.partial"
            path_sql = str(partial).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {name}) TO '{path_sql}' (FORMAT parquet)")
            os.replace(partial, target)
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return counts
