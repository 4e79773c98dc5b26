"""The CPU stages of one batch (extract -> attribute -> score) as one unit of work, and the
Parquet hand-off between the processes that run it and the single DuckDB writer.

``analyse_articles`` is the plain function. ``analyse_to_parquet`` runs it and writes the
batch's frames under ``handoff_dir/<name>/`` (the layout of a load staging folder:
``articles, quotes, stance, actors, rejected .parquet``), so a Dask worker in another process
(or on another host sharing the folder) returns only a small dict, never frames.
``read_handoff`` gives the frames back to the writer, which loads them with
``tasks.store.task.write_batch`` and then deletes the folder.

``analyse_batch`` is the Prefect task around ``analyse_to_parquet``: one task per batch, the
same code whether the flow's task runner is the local thread pool or a DaskTaskRunner. With
``workers`` > 1 it hands the plain function to a warm pool of worker processes
(tasks/pool.py), so the pure-Python stages use every core.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import polars as pl

from tasks.contract import ACTORS, REJECTED, SCORED, STANCE, empty
from tasks.lazy import lazy_tasks

STAGES = ("extract", "attribute", "score")


def analyse_articles(
    articles: pl.DataFrame, stage_tasks: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, float]]:
    """ARTICLES -> (SCORED quotes, STANCE rows, ACTORS, seconds per stage).

    With ``stage_tasks`` (inside a Prefect run) each stage runs as its own task
    (extract_quotes, attribute_speakers, score_quotes), so the UI shows every stage."""
    if stage_tasks:
        from tasks.attribute.speakers import attribute_speakers as resolve_speakers
        from tasks.extract.quotes import extract_quotes as find_quotes
        from tasks.score.quotes import score_quotes as score_frame
    else:
        from tasks.attribute.speakers import resolve_speakers
        from tasks.extract.quotes import find_quotes
        from tasks.score.quotes import score_frame

    seconds = dict.fromkeys(STAGES, 0.0)
    if articles.height == 0:
        return empty(SCORED), empty(STANCE), empty(ACTORS), seconds
    t = time.perf_counter()
    quotes = find_quotes(articles)
    seconds["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    attributed, actors = resolve_speakers(quotes, articles)
    seconds["attribute"] = time.perf_counter() - t
    t = time.perf_counter()
    scored, stance = score_frame(attributed)
    seconds["score"] = time.perf_counter() - t
    return scored, stance, actors, seconds


def handoff_dir_for(db_path: str | os.PathLike[str], run_id: str) -> Path:
    """Where the batches of one run wait for the writer: ``<db_path>.handoff/<run_id>``."""
    path = Path(db_path).resolve()
    return path.with_name(path.name + ".handoff") / run_id


def analyse_to_parquet(
    articles: pl.DataFrame,
    handoff_dir: str | os.PathLike[str],
    name: str,
    rejected: pl.DataFrame | None = None,
    stage_tasks: bool = False,
) -> dict:
    """Analyse a batch and write its frames as Parquet in ``handoff_dir/name``.

    The folder is written under a hidden temporary name and renamed into place, so a reader
    never sees half a batch. Returns the folder, row counts and seconds per stage (and the
    seconds spent writing Parquet as ``handoff``).
    """
    scored, stance, actors, seconds = analyse_articles(articles, stage_tasks)
    t = time.perf_counter()
    root = Path(handoff_dir)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    frames = {
        "articles": articles,
        "quotes": scored,
        "stance": stance,
        "actors": actors,
        "rejected": rejected if rejected is not None else empty(REJECTED),
    }
    for key, frame in frames.items():
        frame.write_parquet(tmp / f"{key}.parquet", compression="lz4")
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    seconds["handoff"] = time.perf_counter() - t
    return {
        "folder": str(folder),
        "articles": articles.height,
        "quotes": scored.height,
        "stance": stance.height,
        "actors": actors.height,
        "seconds": seconds,
        "pid": os.getpid(),
    }


def read_handoff(folder: str | os.PathLike[str]) -> dict[str, pl.DataFrame]:
    """The frames of a hand-off folder, by name (articles, quotes, stance, actors, rejected)."""
    folder = Path(folder)
    return {
        key: pl.read_parquet(folder / f"{key}.parquet")
        for key in ("articles", "quotes", "stance", "actors", "rejected")
    }


def remove_handoff(folder: str | os.PathLike[str]) -> None:
    """Delete a loaded hand-off folder, and its run folder once empty."""
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.parent.rmdir()
        folder.parent.parent.rmdir()
    except OSError:
        pass  # other batches (or runs) still there


def _analyse_task(
    articles: pl.DataFrame,
    handoff_dir: str,
    name: str,
    rejected: pl.DataFrame | None = None,
    workers: int = 1,
) -> dict:
    """With ``workers`` > 1 the work runs in the warm pool of that many processes
    (tasks/pool.py) while this task waits; else here, each stage as a nested task."""
    from prefect import get_run_logger

    if workers > 1:
        from tasks.pool import analyse_in_pool

        info = analyse_in_pool(workers, articles, handoff_dir, name, rejected)
    else:
        info = analyse_to_parquet(articles, handoff_dir, name, rejected, stage_tasks=True)
    s = info["seconds"]
    get_run_logger().info(
        "analysed %d articles in process %d: %d quotes, %d actors; "
        "extract %.2f s, attribute %.2f s, score %.2f s, parquet %.2f s",
        info["articles"], info["pid"], info["quotes"], info["actors"],
        s["extract"], s["attribute"], s["score"], s["handoff"],
    )
    return info


def _make_analyse_batch():
    from prefect import task

    return task(name="analyse_batch", persist_result=False)(_analyse_task)


__getattr__ = lazy_tasks(globals(), {"analyse_batch": _make_analyse_batch})
