"""What a person sees after a run: the summary printed by the CLI and the Prefect artifacts.

The numbers come from the queries in ``sql/report/`` run read-only on the DuckDB file. A run that
loaded nothing new or changed skips them (they scan the whole database: 0.3 CPU s at 7k
articles, 2.2 CPU s at 70k) and publishes only its ``run-counts``, saying nothing changed; the
other artifacts of the previous run still describe the database.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import polars as pl

from tasks.contract import SQL

REPORT_QUERIES = ("totals", "stance_by_side", "top_speakers", "notable_quotes", "new_actors")
TRY_NEXT = (
    "stancewire sql \"select speaker, speaker_side, stance_ukraine, stance_russia, text "
    "from v_quotes limit 5\""
)


# DuckDB memory for the report queries: they join every quote with its stance rows, and with
# DuckDB's default limit (80% of RAM) their peak grew with the database (+342 MB at 70k
# articles); with 128 MB it was +200 MB, for ~1 CPU s more. A query that still needs more is
# re-run without the limit.
REPORT_MEMORY_LIMIT = "128MB"


def read_report(db_path: str) -> dict[str, pl.DataFrame]:
    """Run every ``sql/report/*.sql`` query on the database, read-only."""
    import duckdb

    from tasks.store import connect

    frames = {}
    with connect(db_path, read_only=True) as con:
        con.execute(f"SET memory_limit = '{REPORT_MEMORY_LIMIT}'")
        for name in REPORT_QUERIES:
            query = (SQL / "report" / f"{name}.sql").read_text(encoding="utf-8")
            try:
                frames[name] = con.sql(query).pl()
            except duckdb.OutOfMemoryException:
                con.execute("RESET memory_limit")
                frames[name] = con.sql(query).pl()
    return frames


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def format_table(df: pl.DataFrame, max_width: int = 60) -> str:
    """A plain-text table with aligned columns, numbers on the right; widths are measured in
    terminal cells (``rich.cells``), so CJK and emoji (two cells) and combining accents (none)
    line up; long cells are cut at ``max_width`` cells with an ellipsis."""
    from rich.cells import cell_len, set_cell_size

    def cell(value: object) -> str:
        text = "" if value is None else _CONTROL.sub(" ", str(value))
        return text if cell_len(text) <= max_width else set_cell_size(text, max_width - 1) + "…"

    def pad(text: str, width: int, right: bool) -> str:
        fill = " " * (width - cell_len(text))
        return fill + text if right else text + fill

    numeric = [dtype.is_numeric() for dtype in df.dtypes]
    header = list(df.columns)
    rows = [[cell(v) for v in row] for row in df.iter_rows()]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, r) for c, w, r in zip(cells, widths, numeric))

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def format_summary(frames: dict[str, pl.DataFrame], run: dict, db_path: str) -> str:
    """The run summary the CLI prints: counts, stance by side, top speakers, a query to try."""
    totals = frames["totals"].row(0, named=True)
    lines = [
        f"stancewire: {run['source']} -> {db_path}",
        f"  this run: {run['articles_in']} articles in ({run['articles_new']} new, "
        f"{run['articles_changed']} changed, {run['articles_unchanged']} unchanged), "
        f"{run['quotes']} quotes extracted, {run['rejected']} inputs rejected",
        f"  database: {totals['articles']} articles, {totals['quotes']} quotes, "
        f"{totals['speakers']} speakers, {totals['actors']} actors "
        f"({totals['new_actors']} new to review), {totals['rejected_inputs']} rejected inputs",
        "",
        "Stance by speaker side:",
        format_table(frames["stance_by_side"]),
        "",
        "Top speakers:",
        format_table(frames["top_speakers"]),
        "",
    ]
    if not frames["new_actors"].is_empty():
        lines += [
            f"New actors to review ({totals['new_actors']} speakers not in seeds/actors.csv; "
            "all in v_actors_to_review):",
            format_table(frames["new_actors"]),
            "",
        ]
    lines += [
        "Try next:",
        f"  {TRY_NEXT}",
        f"  {duckdb_command()} -readonly {shlex.quote(str(db_path))} "
        "\"select * from v_stance_by_side\"",
    ]
    return "\n".join(lines)


def duckdb_command() -> str:
    """The ``duckdb`` CLI installed with stancewire (PyPI ``duckdb-cli``, beside this Python:
    ``.venv/bin/duckdb`` after ``make run``), as typed from the working folder; ``duckdb``
    (from PATH) where it is missing."""
    cli = Path(sys.executable).parent / ("duckdb.exe" if sys.platform == "win32" else "duckdb")
    if not cli.is_file():
        return "duckdb"
    try:
        cli = cli.relative_to(Path.cwd())
    except ValueError:  # outside the working folder: the full path
        pass
    return shlex.quote(str(cli))


def notable_quotes_markdown(notable: pl.DataFrame) -> str:
    """Markdown list of the strongest stance quotes each way."""
    if notable.is_empty():
        return "# Notable quotes\n\nNo quote with a stance in the database yet."
    parts = ["# Notable quotes", ""]
    for (toward, label), group in notable.group_by(["toward", "label"], maintain_order=True):
        parts.append(f"## {label} {toward}")
        for row in group.iter_rows(named=True):
            text = row["text"] if len(row["text"]) <= 300 else row["text"][:299] + "…"
            parts.append(
                f"- **{row['speaker']}** ({row['outlet'] or 'unknown outlet'}, "
                f"score {row['score']:+.2f}): “{text}”"
            )
        parts.append("")
    return "\n".join(parts)


def new_actors_since(db_path: str, since: object) -> pl.DataFrame:
    """Actors discovered (not in the registry) whose first_seen is at or after ``since``."""
    from datetime import UTC, datetime

    from tasks.store.db import connect

    if isinstance(since, datetime) and since.tzinfo is not None:  # TIMESTAMPs are naive UTC
        since = since.astimezone(UTC).replace(tzinfo=None)
    with connect(db_path, read_only=True) as con:
        return con.sql(
            "SELECT actor_id, name, kind, side FROM actors "
            "WHERE NOT in_registry AND first_seen >= $since ORDER BY name",
            params={"since": since},
        ).pl()


RUN_COUNTS = ("articles_in", "articles_new", "articles_changed", "articles_unchanged", "quotes",
              "rejected")
NOTHING_CHANGED = (
    "nothing new or changed: no article, quote or stance row was written; the stance-by-side, "
    "top-speakers and notable-quotes artifacts of the previous run still hold"
)


def nothing_changed(run: dict) -> bool:
    """True when the run loaded no new or changed article (a no-op re-run)."""
    return not (run.get("articles_new") or run.get("articles_changed"))
