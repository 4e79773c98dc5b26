"""The pipeline_runs ledger: one row per pipeline run, its counters summed over its batches.

``RUN_COLUMNS`` are the row's fields and types, ``RUN_COUNTERS`` the fields a batch adds to.
``record_run`` inserts or updates a row on its own connection; ``upsert_run`` does it inside a
caller's transaction (``write_batch`` adds each batch's ``run_increments`` in the batch's own
transaction, so a run's counters never count a batch that was rolled back).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

import duckdb
import polars as pl

from tasks.store.db import ident, open_for_writing

RUN_COLUMNS = {
    "run_id": pl.String,
    "flow_run_id": pl.String,
    "started_at": pl.Datetime,
    "finished_at": pl.Datetime,
    "source": pl.String,
    "articles_in": pl.Int64,
    "articles_new": pl.Int64,
    "articles_changed": pl.Int64,
    "articles_unchanged": pl.Int64,
    "quotes": pl.Int64,
    "rejected": pl.Int64,
    "batches": pl.Int64,
    "status": pl.String,
    "message": pl.String,
}
RUN_COUNTERS = (
    "articles_in",
    "articles_new",
    "articles_changed",
    "articles_unchanged",
    "quotes",
    "rejected",
    "batches",
)


def utc_naive(value: object) -> object:
    """A datetime (or ISO string) as naive UTC, the convention of every TIMESTAMP column.

    DuckDB would otherwise shift a timezone-aware value to the machine's local time.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def run_increments(counts: Mapping[str, int], articles_in: int) -> dict[str, int]:
    """The pipeline_runs counters one loaded batch adds, from ``write_batch``'s counts."""
    return {
        "articles_in": articles_in,
        "articles_new": counts["articles_new"],
        "articles_changed": counts["articles_changed"],
        "articles_unchanged": counts["articles_unchanged"],
        "quotes": counts["quotes"],
        "rejected": counts["rejected"],
        "batches": 1,
    }


def upsert_run(
    con: duckdb.DuckDBPyConnection,
    run: Mapping[str, object],
    increments: Mapping[str, int] | None = None,
) -> None:
    """Insert or update one pipeline_runs row.

    Fields given in ``run`` overwrite (counters included); ``increments`` are added to the
    stored counters. Unknown field names raise ``ValueError``.
    """
    unknown = sorted(set(run) - set(RUN_COLUMNS))
    if unknown:
        raise ValueError(f"unknown pipeline_runs fields: {', '.join(map(str, unknown))}")
    if run.get("run_id") in (None, ""):
        raise ValueError("pipeline_runs needs a run_id")
    increments = dict(increments or {})
    values = {
        k: utc_naive(v) if RUN_COLUMNS[k] == pl.Datetime else v
        for k, v in run.items()
        if not (k in increments and k in RUN_COUNTERS)
    }
    for key, add in increments.items():
        values[key] = add
    columns = [ident(c) for c in values]
    params = [values[c] for c in columns]
    updates = []
    for c in columns:
        if c == "run_id":
            continue
        if c in increments:
            updates.append(f"{c} = coalesce(pipeline_runs.{c}, 0) + excluded.{c}")
        else:
            updates.append(f"{c} = excluded.{c}")
    conflict = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"
    placeholders = ", ".join("?" for _ in columns)
    con.execute(
        f"INSERT INTO pipeline_runs ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT (run_id) {conflict}",
        params,
    )


def record_run(
    db_path: str | os.PathLike[str],
    run: Mapping[str, object],
    increment: bool = False,
    timeout_s: float | None = None,
) -> None:
    """Insert or update the pipeline_runs row ``run['run_id']``.

    Given fields overwrite; with ``increment=True`` the counters in ``run`` (articles_in, ...,
    quotes, rejected, batches) are added to the stored values instead.
    """
    run = dict(run)
    increments = {k: int(run.pop(k)) for k in list(run) if increment and k in RUN_COUNTERS}
    con = open_for_writing(db_path, timeout_s=timeout_s)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            upsert_run(con, run, increments)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
