"""The CPU stages of one batch (extract -> attribute -> score) as one unit of work, and the
Parquet hand-off between the processes that run it and the single DuckDB writer.

``analyse_articles`` is the plain function. ``analyse_to_parquet`` runs it and writes the
batch's frames under ``handoff_dir/<name>/`` (a Parquet batch folder of tasks/store/frames.py,
as a load staging folder: ``articles, quotes, stance, actors, rejected .parquet``), so a Dask
worker in another process (or on another host sharing the folder) returns only a small dict,
never frames.
``read_handoff`` gives the frames back to the writer, which loads them with
``tasks.store.write_batch`` and then deletes the folder.

``analyse_in_pool`` runs ``analyse_to_parquet`` in the warm pool of worker processes
(tasks/pool.py), so the pure-Python stages use every core; ``warm_up`` is each worker's
initializer. The Prefect task around all this, ``analyse_batch``, lives in ``flows/batches.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import polars as pl

from tasks import pool
from tasks.attribute import attribute_speakers
from tasks.contract import ACTORS, ARTICLES, REJECTED, SCORED, STANCE, conform, empty
from tasks.extract import extract_quotes
from tasks.score import score_quotes
from tasks.store.frames import read_folder, remove_folder, write_folder

STAGES = ("extract", "attribute", "score")


class Stages(NamedTuple):
    """The three CPU stages of a batch. The plain functions by default; the flow passes their
    Prefect tasks (``flows.batches.STAGE_TASKS``) so the UI shows every stage."""

    extract: Callable[[pl.DataFrame], pl.DataFrame] = extract_quotes
    attribute: Callable[[pl.DataFrame, pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]] = (
        attribute_speakers
    )
    score: Callable[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]] = score_quotes


PLAIN = Stages()


def analyse_articles(
    articles: pl.DataFrame, stages: Stages = PLAIN
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, float]]:
    """ARTICLES -> (SCORED quotes, STANCE rows, ACTORS, seconds per stage)."""
    seconds = dict.fromkeys(STAGES, 0.0)
    if articles.height == 0:
        return empty(SCORED), empty(STANCE), empty(ACTORS), seconds
    t = time.perf_counter()
    quotes = stages.extract(articles)
    seconds["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    attributed, actors = stages.attribute(quotes, articles)
    seconds["attribute"] = time.perf_counter() - t
    t = time.perf_counter()
    scored, stance = stages.score(attributed)
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
    stages: Stages = PLAIN,
) -> dict:
    """Analyse a batch and write its frames as Parquet in ``handoff_dir/name``.

    The folder is written under a hidden temporary name and renamed into place, so a reader
    never sees half a batch. Returns the folder, row counts and seconds per stage (and the
    seconds spent writing Parquet as ``handoff``).
    """
    scored, stance, actors, seconds = analyse_articles(articles, stages)
    t = time.perf_counter()
    frames = {
        "articles": articles,
        "quotes": scored,
        "stance": stance,
        "actors": actors,
        "rejected": rejected if rejected is not None else empty(REJECTED),
    }
    folder = write_folder(handoff_dir, name, frames, compression="lz4")
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
    return read_folder(folder)


def remove_handoff(folder: str | os.PathLike[str]) -> None:
    """Delete a loaded hand-off folder, and its run folder once empty."""
    folder = Path(folder)
    remove_folder(folder, ignore_errors=True)
    try:
        folder.parent.rmdir()
        folder.parent.parent.rmdir()
    except OSError:
        pass  # other batches (or runs) still there


def warm_up() -> None:
    """A worker's initializer: import the stage modules and load their vocabularies once."""
    analyse_articles(conform(pl.DataFrame(
        {"article_id": ["warm-up"], "text": ["“It is a warm day,” the minister said."]}
    ), ARTICLES))


def analyse_in_pool(workers: int, articles: pl.DataFrame, handoff_dir: str, name: str,
                    rejected: pl.DataFrame | None = None) -> dict:
    """``analyse_to_parquet`` in the warm pool of ``workers`` processes; a worker that dies
    becomes ``WorkerDiedError`` saying what was kept and what to do."""
    try:
        return pool.run(workers, analyse_to_parquet, articles, handoff_dir, name, rejected,
                        warm_up=warm_up)
    except pool.WorkerDiedError:
        raise pool.WorkerDiedError(
            f"a worker process ended while analysing a batch of {articles.height} articles "
            "(killed from outside, or out of memory); the batches loaded before are kept: run "
            "again to go on (loaded articles are skipped), with --workers 1 if memory is short"
        ) from None
