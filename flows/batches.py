"""The bookkeeping of one run, so that the flow reads as the ETL.

- ``read_batches``: the source's article batches, each read by an ``ingest_articles`` task run;
- ``RunTally``: the run's counters and per-stage seconds;
- ``BatchQueue``: new/changed articles gathered into full batches, each analysed by one
  ``analyse_batch`` task (inline, in the warm pool, or on the flow's task runner) and loaded in
  order by this process, the single DuckDB writer;
- ``analyse_batch``: the Prefect task of one batch (extract -> attribute -> score, Parquet
  hand-off), with the three stages as nested tasks when it runs in this process.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import count
from uuid import uuid4

import polars as pl
from prefect import get_run_logger, task

from tasks.analyse import (
    Stages,
    analyse_in_pool,
    analyse_to_parquet,
    handoff_dir_for,
    read_handoff,
    remove_handoff,
)
from tasks.attribute.task import attribute_speakers
from tasks.contract import ACTORS, ARTICLES, SCORED, STANCE, empty
from tasks.extract.task import extract_quotes
from tasks.ingest.task import ingest_articles
from tasks.score.task import score_quotes
from tasks.store.task import load_batch

STAGE_TASKS = Stages(extract_quotes, attribute_speakers, score_quotes)
STAGE_SECONDS = ("ingest", "extract", "attribute", "score", "handoff", "load")


@task(name="analyse_batch", persist_result=False)
def analyse_batch(
    articles: pl.DataFrame,
    handoff_dir: str,
    name: str,
    rejected: pl.DataFrame | None = None,
    workers: int = 1,
) -> dict:
    """Analyse one batch into a Parquet hand-off folder. With ``workers`` > 1 the work runs in
    the warm pool of that many processes (tasks/pool.py) while this task waits; else here,
    each stage as a nested task."""
    if workers > 1:
        info = analyse_in_pool(workers, articles, handoff_dir, name, rejected)
    else:
        info = analyse_to_parquet(articles, handoff_dir, name, rejected, stages=STAGE_TASKS)
    s = info["seconds"]
    get_run_logger().info(
        "analysed %d articles in process %d: %d quotes, %d actors; "
        "extract %.2f s, attribute %.2f s, score %.2f s, parquet %.2f s",
        info["articles"], info["pid"], info["quotes"], info["actors"],
        s["extract"], s["attribute"], s["score"], s["handoff"],
    )
    return info


def split_by_change(articles: pl.DataFrame, known: pl.DataFrame) -> tuple[pl.DataFrame, int, int]:
    """Keep the articles that are new or changed; return them with the two counts."""
    joined = articles.join(
        known.rename({"content_hash": "_known_hash"}), on="article_id", how="left"
    )
    is_new = pl.col("_known_hash").is_null()
    changed = ~is_new & (pl.col("_known_hash") != pl.col("content_hash"))
    n_new = joined.filter(is_new).height
    n_changed = joined.filter(changed).height
    todo = joined.filter(is_new | changed).drop("_known_hash")
    return todo, n_new, n_changed


@dataclass
class RunTally:
    """What one run counted: articles read, new, changed, to analyse (``todo``), analysed and
    loaded; quotes; rejects; seconds."""

    run_id: str = field(default_factory=lambda: str(uuid4()))
    started: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    articles_in: int = 0
    articles_new: int = 0
    articles_changed: int = 0
    todo: int = 0
    analysed: int = 0
    loaded: int = 0
    quotes: int = 0
    rejected: int = 0
    batches_loaded: int = 0
    text_bytes: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGE_SECONDS, 0.0))
    pids: set[int] = field(default_factory=set)
    _clock: tuple[float, float] = field(
        default_factory=lambda: (time.perf_counter(), time.process_time())
    )

    def skip_unchanged(self, articles: pl.DataFrame, rejected: pl.DataFrame,
                       known: pl.DataFrame) -> pl.DataFrame:
        """Count a batch read and return its new or changed articles."""
        todo, n_new, n_changed = split_by_change(articles, known)
        self.articles_in += articles.height
        self.articles_new += n_new
        self.articles_changed += n_changed
        self.todo += todo.height
        self.rejected += rejected.height
        self.text_bytes += int(articles["text"].str.len_bytes().sum() or 0)
        return todo

    def add_analysed(self, info: dict) -> None:
        self.pids.add(info["pid"])
        self.analysed += info["articles"]
        self.quotes += info["quotes"]
        for key, value in info["seconds"].items():
            self.seconds[key] = self.seconds.get(key, 0.0) + value

    def run_row(self, source: str, flow_run_id: str | None) -> dict:
        """The ``pipeline_runs`` row of this run."""
        return {
            "run_id": self.run_id, "flow_run_id": flow_run_id,
            "started_at": self.started, "finished_at": datetime.now(timezone.utc),
            "source": source, "articles_in": self.articles_in,
            "articles_new": self.articles_new, "articles_changed": self.articles_changed,
            "articles_unchanged": self.articles_in - self.articles_new - self.articles_changed,
            "quotes": self.quotes, "rejected": self.rejected, "status": "completed",
        }

    def work(self) -> dict:
        """This run's own work beyond Prefect's start-up, wall and CPU seconds."""
        t, cpu = self._clock
        return {"work_seconds": round(time.perf_counter() - t, 3),
                "work_cpu_seconds": round(time.process_time() - cpu, 3)}


def read_batches(batches: Iterator, tally: RunTally,
                 as_task: bool = True) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """The batches, adding the time spent reading them to ``tally.seconds['ingest']``; with
    ``as_task`` each batch is read by an ``ingest_articles`` task run."""
    for i in count():
        t = time.perf_counter()
        try:
            if as_task:
                item = ingest_articles.with_options(task_run_name=f"ingest_articles · batch {i}")(
                    batches
                )
            else:
                item = next(batches, None)
        finally:
            tally.seconds["ingest"] += time.perf_counter() - t
        if item is None:
            return
        yield item


@dataclass
class _Batch:
    """A submitted batch: its future (None: nothing to analyse), rejects and label. An inline
    batch carries its result as ``info``."""

    future: object | None
    rejected: pl.DataFrame
    label: str
    info: dict | None = None

    def result(self) -> dict:
        return self.info if self.info is not None else self.future.result()

    def wait(self) -> None:
        if self.future is not None and self.info is None:
            self.future.wait()


class BatchQueue:
    """New/changed articles in, batches analysed and loaded in order out.

    ``add`` buffers a batch's new/changed articles and rejects; every full ``batch_size`` is
    submitted as one ``analyse_batch`` (in this process while fewer than ``inline_below``
    articles were seen, else to the task runner / warm pool), and the oldest batches are loaded
    once more than ``in_flight`` wait. ``finish`` submits the rest and loads everything. Used as
    a context manager, it always lets running batches end, shuts the warm pool down and removes
    the hand-off folder.
    """

    def __init__(self, db_path: str, tally: RunTally, batch_size: int = 2000,
                 in_flight: int = 1, workers: int = 1, inline_below: int = 0,
                 on_loaded: Callable[[RunTally], None] | None = None) -> None:
        self.db_path, self.tally, self.batch_size = db_path, tally, batch_size
        self.in_flight, self.workers, self.inline_below = max(1, in_flight), workers, inline_below
        self.on_loaded = on_loaded or (lambda tally: None)
        self.handoff = handoff_dir_for(db_path, tally.run_id)
        self._todo: list[pl.DataFrame] = []
        self._rejected: list[pl.DataFrame] = []
        self._pending: deque[_Batch] = deque()

    def __enter__(self) -> BatchQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        for batch in self._pending:  # after a failure: let running batches end
            try:
                batch.wait()
            except Exception:  # noqa: BLE001 - the run failed already; nothing to add
                pass
        if self.workers > 1:
            from tasks.pool import shutdown

            shutdown()
        shutil.rmtree(self.handoff, ignore_errors=True)
        try:
            self.handoff.parent.rmdir()
        except OSError:
            pass

    def add(self, todo: pl.DataFrame, rejected: pl.DataFrame) -> None:
        self._todo.append(todo)
        self._rejected.append(rejected)
        # unchanged articles never reach a CPU stage; the rest go in batches of batch_size
        while (sum(f.height for f in self._todo) >= self.batch_size
               or sum(f.height for f in self._rejected) >= self.batch_size):
            self._submit()
            while len(self._pending) > self.in_flight:
                self._load_next()

    def finish(self) -> None:
        while any(f.height for f in self._todo + self._rejected):
            self._submit()
        while self._pending:
            self._load_next()

    def _submit(self) -> None:
        """Take up to ``batch_size`` buffered articles (and the buffered rejects) and submit
        them as one ``analyse_batch`` task; the rest stays buffered."""
        todo = pl.concat(self._todo, how="vertical")
        rejected = pl.concat(self._rejected, how="vertical")
        self._todo, self._rejected = [todo.slice(self.batch_size)], []
        todo = todo.head(self.batch_size)
        batch = _Batch(None, rejected,
                       f"{todo.height} new/changed articles, {rejected.height} rejected inputs")
        if todo.height:
            analyse = analyse_batch.with_options(task_run_name=f"analyse_batch · {batch.label}")
            args = (todo, str(self.handoff), f"{time.time_ns():020d}")
            if self.tally.todo < self.inline_below:
                batch.info = analyse(*args)
            else:
                batch.future = analyse.submit(*args, workers=self.workers)
        self._pending.append(batch)

    def _load_next(self) -> None:
        """Wait for the oldest batch and load it (this process is the only DuckDB writer)."""
        self._load(self._pending.popleft())
        self.on_loaded(self.tally)

    def _load(self, batch: _Batch) -> None:
        analysed = batch.future is not None or batch.info is not None
        if not analysed and not batch.rejected.height:
            return  # nothing new and nothing rejected in this batch
        if analysed:
            info = batch.result()  # waits for the batch: not load time
            self.tally.add_analysed(info)
        t = time.perf_counter()
        frames = read_handoff(info["folder"]) if analysed else {  # only its rejected inputs
            "articles": empty(ARTICLES), "quotes": empty(SCORED), "stance": empty(STANCE),
            "actors": empty(ACTORS)}
        load_batch.with_options(task_run_name=f"load_batch · {batch.label}")(
            self.db_path, frames["articles"], frames["quotes"], frames["stance"],
            frames["actors"], batch.rejected,
        )
        if analysed:
            remove_handoff(info["folder"])
            self.tally.loaded += frames["articles"].height
        self.tally.seconds["load"] += time.perf_counter() - t
        self.tally.batches_loaded += 1

def total_bytes(paths: list) -> int:
    """Summed size of the input files (for the progress estimate)."""
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except (OSError, TypeError, ValueError):
            pass
    return total
