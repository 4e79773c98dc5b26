"""The writer: load batches of articles, quotes, stance, actors and rejects into DuckDB.

``write_batch`` loads one batch in one transaction: ``prepare`` conforms the frames to the
contract (rows the tables cannot hold become rejected_inputs rows or are skipped), then
``write_prepared`` writes them. For the batch's article_ids it upserts the articles and
replaces their quotes and quote_stance rows (``replace_articles``: delete the rows of the
batch's already-loaded articles, then a plain ``INSERT``: these two tables have no PRIMARY KEY
since migration 003, because DuckDB holds a key's index in memory on every write and it grew
with the table; the batch is made unique on quote_id and (quote_id, side) first, keeping the
last row of a key, so a later row wins as a later load does); it upserts actors (registry rows
overwrite, discovered actors insert if absent) and rejected_inputs (key source, location,
reason: a repeat only moves ``last_seen``), and adds the batch's counters to its pipeline_runs
row (tasks/store/runs.py). Frames go in Arrow-native (registered polars frames,
``INSERT ... SELECT``), never row by row. Loading the same batch twice leaves identical tables.

If the database stays locked by another process past the timeout, the batch is staged as
Parquet (tasks/store/staging.py) and ``DatabaseLockedError`` is raised; the next
``write_batch`` (or ``load_staged``) loads staged batches first and deletes each folder only
after its commit. ``existing_hashes`` reads what is loaded, so unchanged articles can be skipped.

The Prefect task wrapper ``load_batch`` lives in ``tasks/store/task.py``; the store imports
only duckdb and polars, so a process that just loads (a crash test, a script) starts fast.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from tasks.contract import ARTICLES, REJECTED, SCORED, STANCE, conform
from tasks.store.db import (
    DatabaseError,
    DatabaseLockedError,
    connect,
    ident,
    open_for_writing,
    utc_now,
)
from tasks.store.frames import FRAMES, SCHEMAS, conform_frame, remove_folder
from tasks.store.runs import run_increments, upsert_run
from tasks.store.staging import (
    read_staged,
    set_aside,
    stage_batch,
    staged_folders,
    staging_dir_for,
)

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# reading


def existing_hashes(
    db_path: str | os.PathLike[str], timeout_s: float | None = None
) -> pl.DataFrame:
    """``article_id, content_hash`` of every loaded article; empty when the DB does not exist."""
    empty = pl.DataFrame(schema={"article_id": pl.String, "content_hash": pl.String})
    if not Path(db_path).exists():
        return empty
    con = connect(db_path, read_only=True, timeout_s=timeout_s)
    try:
        tables = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "articles" not in tables:
            return empty
        return conform(con.sql("SELECT article_id, content_hash FROM articles").pl(), empty.schema)
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# preparing a batch


def prepare(
    articles: pl.DataFrame,
    quotes: pl.DataFrame,
    stance: pl.DataFrame,
    actors: pl.DataFrame,
    rejected: pl.DataFrame,
) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    """Conform frames to the contract and drop rows the tables cannot hold.

    Rows without a key are turned into rejected_inputs rows; duplicate keys keep the last row;
    quotes of articles outside the batch and stance rows of quotes outside the batch are
    skipped (they would be orphans). Returns the frames and the numbers dropped.
    """
    frames = {
        name: conform_frame(frame, SCHEMAS[name])
        for name, frame in zip(FRAMES, (articles, quotes, stance, actors, rejected), strict=True)
    }
    dropped: dict[str, int] = {}
    extra_rejects: list[pl.DataFrame] = []

    def reject(
        rows: pl.DataFrame, source: pl.Expr, location: pl.Expr, reason: str, snippet: pl.Expr
    ) -> None:
        if rows.height:
            extra_rejects.append(
                rows.select(
                    source.alias("source"),
                    location.alias("location"),
                    pl.lit(reason).alias("reason"),
                    snippet.str.slice(0, 200).alias("snippet"),
                )
            )

    art = frames["articles"]
    reject(
        art.filter(pl.col("article_id").is_null()),
        pl.col("source").fill_null("load"),
        pl.lit("article"),
        "article has no article_id; not loaded",
        pl.col("title").fill_null(pl.col("text")).fill_null(""),
    )
    art = art.filter(pl.col("article_id").is_not_null()).unique(
        "article_id", keep="last", maintain_order=True
    )
    ids = art.get_column("article_id")

    q = frames["quotes"]
    bad_q = q.filter(
        pl.col("quote_id").is_null() | ~pl.col("article_id").is_in(ids.implode()).fill_null(False)
    )
    reject(
        bad_q,
        pl.lit("load"),
        pl.format(
            "quote {} of article {}",
            pl.col("quote_index").fill_null(-1),
            pl.col("article_id").fill_null("?"),
        ),
        "quote has no quote_id or its article is not in the batch; not loaded",
        pl.col("text").fill_null(""),
    )
    q = q.filter(
        pl.col("quote_id").is_not_null()
        & pl.col("article_id").is_in(ids.implode()).fill_null(False)
    )
    q = q.unique("quote_id", keep="last", maintain_order=True)

    st = frames["stance"]
    keep_st = (
        pl.col("quote_id").is_in(q.get_column("quote_id").implode()).fill_null(False)
        & pl.col("side").is_not_null()
    )
    dropped["stance_skipped"] = st.height - st.filter(keep_st).height
    st = st.filter(keep_st).unique(["quote_id", "side"], keep="last", maintain_order=True)

    ac = frames["actors"]
    dropped["actors_skipped"] = ac.filter(pl.col("actor_id").is_null()).height
    ac = ac.filter(pl.col("actor_id").is_not_null()).with_columns(
        pl.col("in_registry").fill_null(False)
    )
    # one row per actor: a registry row wins over a discovered one, else the last row
    ac = ac.sort("in_registry", maintain_order=True).unique(
        "actor_id", keep="last", maintain_order=True
    )

    rej = pl.concat([frames["rejected"], *[conform_frame(r, REJECTED) for r in extra_rejects]])
    rej = rej.with_columns(
        pl.col("source").fill_null(""),
        pl.col("location").fill_null(""),
        pl.col("reason").fill_null(""),
    ).unique(["source", "location", "reason"], keep="last", maintain_order=True)

    dropped["articles_skipped"] = frames["articles"].height - art.height
    dropped["quotes_skipped"] = frames["quotes"].height - q.height
    return {"articles": art, "quotes": q, "stance": st, "actors": ac, "rejected": rej}, dropped


# --------------------------------------------------------------------------------------------
# writing


def _columns(schema: Mapping[str, pl.DataType]) -> str:
    return ", ".join(ident(c) for c in schema)


def replace_articles(
    con: duckdb.DuckDBPyConnection, now: datetime, counts: dict[str, int]
) -> None:
    """Inside ``write_prepared``'s transaction: classify the batch's articles, replace their
    quotes and stance rows, upsert the articles; adds the counts. Only called for a batch with
    articles."""
    # classify the batch's articles against what is loaded
    new, changed, unchanged = con.execute(
        """
        SELECT
            count(*) FILTER (WHERE a.article_id IS NULL),
            count(*) FILTER (WHERE a.article_id IS NOT NULL
                             AND a.content_hash IS DISTINCT FROM s.content_hash),
            count(*) FILTER (WHERE a.article_id IS NOT NULL
                             AND a.content_hash IS NOT DISTINCT FROM s.content_hash)
        FROM _stancewire_stage_articles AS s
        LEFT JOIN articles AS a USING (article_id)
        """
    ).fetchone()
    counts.update(articles_new=new, articles_changed=changed, articles_unchanged=unchanged)

    # Replace the batch's quotes and stance rows: delete those of its already-loaded articles,
    # then insert. quotes and quote_stance have no PRIMARY KEY (migration 003: DuckDB keeps a
    # key's index in memory on every write, growing with the table), so their uniqueness is
    # kept here: the batch is unique on quote_id and (quote_id, side) (``prepare``), a quote_id
    # of an article outside the batch is refused below, and the rows of the batch's articles
    # are deleted first. An all-new batch has nothing loaded to delete: its quote_ids can only
    # exist under other articles, which the clash check refuses.
    clash = con.execute(
        """
        SELECT q.quote_id, q.article_id FROM quotes AS q
        JOIN _stancewire_stage_quotes AS s USING (quote_id)
        WHERE q.article_id NOT IN (SELECT article_id FROM _stancewire_stage_articles)
        LIMIT 1
        """
    ).fetchone()
    if clash:
        raise DatabaseError(
            f"batch not loaded (rolled back): quote_id {clash[0]!r} already belongs to "
            f"article {clash[1]!r}, which is not in this batch"
        )
    if changed or unchanged:  # an all-new batch has nothing to replace: skip the scans
        con.execute(
            """
            DELETE FROM quote_stance
            WHERE quote_id IN (
                    SELECT quote_id FROM quotes
                    WHERE article_id IN (SELECT article_id FROM _stancewire_stage_articles))
               OR quote_id IN (SELECT quote_id FROM _stancewire_stage_stance)
            """
        )
        # quotes of the batch's articles that the batch no longer has
        counts["quotes_removed"] = con.execute(
            """
            SELECT count(*) FROM quotes
            WHERE article_id IN (SELECT article_id FROM _stancewire_stage_articles)
              AND quote_id NOT IN (SELECT quote_id FROM _stancewire_stage_quotes)
            """
        ).fetchone()[0]
        con.execute(
            "DELETE FROM quotes "
            "WHERE article_id IN (SELECT article_id FROM _stancewire_stage_articles)"
        )
    else:
        counts["quotes_removed"] = 0

    # ingested_at: first load; updated_at: last load that changed the content_hash. An
    # all-new batch (articles are unique within a batch) needs no ON CONFLICT: DuckDB's upsert
    # path held ~2.5x more memory during the insert (35-50 MB vs 11-19 MB per 2,000 articles)
    upsert = ""
    if changed or unchanged:
        overwrite = ", ".join(
            f"{c} = excluded.{c}" for c in map(ident, ARTICLES) if c != "article_id"
        )
        upsert = f"""
        ON CONFLICT (article_id) DO UPDATE SET
            {overwrite},
            updated_at = CASE
                WHEN articles.content_hash IS NOT DISTINCT FROM excluded.content_hash
                THEN articles.updated_at ELSE excluded.updated_at END"""
    counts["articles"] = con.execute(
        f"""
        INSERT INTO articles ({_columns(ARTICLES)}, ingested_at, updated_at)
        SELECT {_columns(ARTICLES)}, ?, ? FROM _stancewire_stage_articles{upsert}
        """,
        [now, now],
    ).fetchone()[0]
    counts["quotes"] = con.execute(
        f"INSERT INTO quotes ({_columns(SCORED)}) "
        f"SELECT {_columns(SCORED)} FROM _stancewire_stage_quotes"
    ).fetchone()[0]
    counts["stance"] = con.execute(
        f"INSERT INTO quote_stance ({_columns(STANCE)}) "
        f"SELECT {_columns(STANCE)} FROM _stancewire_stage_stance"
    ).fetchone()[0]


def write_prepared(
    con: duckdb.DuckDBPyConnection,
    frames: dict[str, pl.DataFrame],
    run: Mapping[str, object] | None,
) -> dict[str, int]:
    """Write prepared frames in one transaction; returns counts. Rolls back on any error."""
    now = utc_now()
    art, ac, rej = frames["articles"], frames["actors"], frames["rejected"]
    staged_names = {name: f"_stancewire_stage_{name}" for name in FRAMES}
    for name, table in staged_names.items():
        con.register(table, frames[name])
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        if art.height:
            replace_articles(con, now, counts)
        else:  # e.g. a batch of rejected inputs only: no scan of the big tables
            counts.update(articles_new=0, articles_changed=0, articles_unchanged=0,
                          quotes_removed=0, articles=0, quotes=0, stance=0)

        # actors: registry rows overwrite, discovered rows only fill gaps
        counts["actors_new"] = con.execute(
            """
            SELECT count(*) FROM _stancewire_stage_actors
            WHERE actor_id NOT IN (SELECT actor_id FROM actors)
            """
        ).fetchone()[0]
        con.execute(
            """
            INSERT INTO actors (actor_id, name, kind, side, in_registry, first_seen, updated_at)
            SELECT actor_id, name, kind, side, in_registry, ?, ?
            FROM _stancewire_stage_actors WHERE in_registry
            ON CONFLICT (actor_id) DO UPDATE SET
                name = excluded.name, kind = excluded.kind, side = excluded.side,
                in_registry = excluded.in_registry,
                updated_at = CASE WHEN actors.name IS NOT DISTINCT FROM excluded.name
                                   AND actors.kind IS NOT DISTINCT FROM excluded.kind
                                   AND actors.side IS NOT DISTINCT FROM excluded.side
                                   AND actors.in_registry = excluded.in_registry
                                  THEN actors.updated_at ELSE excluded.updated_at END
            """,
            [now, now],
        )
        con.execute(
            """
            INSERT INTO actors (actor_id, name, kind, side, in_registry, first_seen, updated_at)
            SELECT actor_id, name, kind, side, in_registry, ?, ?
            FROM _stancewire_stage_actors WHERE NOT in_registry
            ON CONFLICT (actor_id) DO NOTHING
            """,
            [now, now],
        )

        # rejected inputs: idempotent on (source, location, reason)
        counts["rejected_new"] = con.execute(
            """
            SELECT count(*) FROM _stancewire_stage_rejected AS s
            WHERE NOT EXISTS (SELECT 1 FROM rejected_inputs AS r
                              WHERE r.source = s.source AND r.location = s.location
                                AND r.reason = s.reason)
            """
        ).fetchone()[0]
        con.execute(
            """
            INSERT INTO rejected_inputs (source, location, reason, snippet, first_seen, last_seen)
            SELECT source, location, reason, snippet, ?, ? FROM _stancewire_stage_rejected
            ON CONFLICT (source, location, reason) DO UPDATE SET
                snippet = excluded.snippet, last_seen = excluded.last_seen
            """,
            [now, now],
        )
        counts["rejected"] = rej.height

        if run:
            upsert_run(con, run, increments=run_increments(counts, art.height))
        con.execute("COMMIT")
    except BaseException as exc:
        con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error):
            line = str(exc).strip().splitlines()[0]
            raise DatabaseError(f"batch not loaded (rolled back): {line}") from exc
        raise
    finally:
        for table in staged_names.values():
            con.unregister(table)
    counts["articles_in"] = art.height
    counts["actors"] = ac.height
    return counts


def write_batch(
    db_path: str | os.PathLike[str],
    articles: pl.DataFrame,
    quotes: pl.DataFrame,
    stance: pl.DataFrame,
    actors: pl.DataFrame,
    rejected: pl.DataFrame,
    run: Mapping[str, object] | None = None,
    timeout_s: float | None = None,
    staging_dir: str | os.PathLike[str] | None = None,
    logger: logging.Logger | logging.LoggerAdapter | None = None,
) -> dict[str, int]:
    """Load one batch in one transaction and return counts.

    ``quotes`` is a SCORED frame, ``stance`` a STANCE frame (tasks/contract.py); frames are
    conformed to the contract first. ``run`` (a dict with at least ``run_id``) adds this batch's
    counts to that pipeline_runs row in the same transaction. Staged batches from earlier
    lock timeouts are loaded first (count ``staged_loaded``). If the file stays locked past
    ``timeout_s``, the batch is staged as Parquet and ``DatabaseLockedError`` is raised.
    """
    logger = logger or log
    frames, dropped = prepare(articles, quotes, stance, actors, rejected)
    staging = Path(staging_dir) if staging_dir is not None else staging_dir_for(db_path)
    try:
        con = open_for_writing(db_path, timeout_s=timeout_s, logger=logger)
    except DatabaseLockedError as exc:
        folder = stage_batch(staging, frames, run)
        raise DatabaseLockedError(
            f"{exc}; batch of {frames['articles'].height} articles kept in {folder} "
            "and will be loaded by the next write"
        ) from exc
    try:
        staged = load_staged_into(con, staging, logger)
        counts = write_prepared(con, frames, run)
    finally:
        con.close()
    counts.update(dropped)
    counts["staged_loaded"] = staged
    return counts


def load_staged_into(
    con: duckdb.DuckDBPyConnection,
    staging: Path,
    logger: logging.Logger | logging.LoggerAdapter,
) -> int:
    """Load staged batches oldest first; delete each folder after its commit.

    A folder that cannot be read or loaded is renamed ``failed-<batch_id>`` (kept, logged) so
    it never blocks later loads.
    """
    loaded = 0
    for folder in staged_folders(staging):
        try:
            frames, run = read_staged(folder)
            prepared, _ = prepare(*(frames[n] for n in FRAMES))
            write_prepared(con, prepared, run)
        except (OSError, pl.exceptions.PolarsError, DatabaseError, ValueError) as exc:
            target = set_aside(folder)
            logger.error(
                "staged batch %s could not be loaded (%s); kept as %s", folder.name, exc, target
            )
            continue
        remove_folder(folder)
        loaded += 1
        logger.info("loaded staged batch %s", folder.name)
    return loaded


def load_staged(
    db_path: str | os.PathLike[str],
    staging_dir: str | os.PathLike[str] | None = None,
    timeout_s: float | None = None,
    logger: logging.Logger | logging.LoggerAdapter | None = None,
) -> int:
    """Load every staged batch of ``db_path`` (oldest first); return how many were loaded."""
    logger = logger or log
    staging = Path(staging_dir) if staging_dir is not None else staging_dir_for(db_path)
    if not staged_folders(staging):
        return 0
    con = open_for_writing(db_path, timeout_s=timeout_s, logger=logger)
    try:
        return load_staged_into(con, staging, logger)
    finally:
        con.close()
