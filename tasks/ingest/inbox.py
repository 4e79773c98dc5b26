"""Inbox directories: each file is processed once, remembered in the ``inbox_files`` ledger.

A scheduled run over an inbox (``stancewire serve --source DIR``) ingests only the files whose
(absolute path, size, mtime_ns) is not in the ledger yet, and records them after the run has
loaded them (``record_inbox_files``), so a run that fails part-way processes them again next
time (safe: articles are deduplicated by content_hash). Files are never moved or deleted.
Drop files into the inbox atomically (write elsewhere, then ``mv``) so that a half-written
file is not picked up.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from tasks.store.db import connect, open_for_writing

LEDGER = {"path": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64}


def file_keys(paths: list[Path]) -> pl.DataFrame:
    """(path, size, mtime_ns) of each path that still exists, in order."""
    rows = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stat = None
        rows.append({
            "path": str(Path(path).absolute()),
            "size": stat.st_size if stat else -1,
            "mtime_ns": stat.st_mtime_ns if stat else -1,
        })
    return pl.DataFrame(rows, schema=LEDGER)


def _ledger(db_path: str | os.PathLike[str]) -> pl.DataFrame:
    if not Path(db_path).exists():
        return pl.DataFrame(schema=LEDGER)
    with connect(db_path, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "inbox_files" not in tables:
            return pl.DataFrame(schema=LEDGER)
        return con.sql("SELECT path, size, mtime_ns FROM inbox_files").pl().cast(LEDGER)


def new_inbox_files(db_path: str | os.PathLike[str], paths: list[Path]) -> list[Path]:
    """The paths not yet processed (absent from the ledger with the same size and mtime)."""
    if not paths:
        return []
    keys = file_keys(paths).with_row_index("_i")
    done = keys.join(_ledger(db_path), on=["path", "size", "mtime_ns"], how="semi")
    skip = set(done["_i"].to_list())
    return [p for i, p in enumerate(paths) if i not in skip]


def record_inbox_files(
    db_path: str | os.PathLike[str], paths: list[Path], run_id: str | None = None
) -> int:
    """Remember ``paths`` as processed (idempotent); returns how many rows were recorded."""
    if not paths:
        return 0
    keys = file_keys(paths).filter(pl.col("size") >= 0)
    now = datetime.now(UTC).replace(tzinfo=None)
    with open_for_writing(db_path) as con:
        con.register("_inbox_keys", keys.to_arrow())
        con.execute(
            "INSERT INTO inbox_files (path, size, mtime_ns, run_id, processed_at) "
            "SELECT path, size, mtime_ns, ?, ? FROM _inbox_keys ON CONFLICT DO NOTHING",
            [run_id, now],
        )
        con.unregister("_inbox_keys")
    return keys.height
