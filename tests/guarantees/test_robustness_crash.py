"""Crashes mid-load: a real loading process is SIGKILLed at random points, 20 times.

Each iteration starts a fresh process that imports only what loading needs (tasks.store.write:
duckdb + polars, no Prefect) and loads two batches into a new DuckDB file: 40 new articles,
then 20 more plus a changed version of 20 of the first (their quotes and stance rows replaced).
It is killed at a random moment of that load. Then:

* the file opens (no corruption);
* no article is half-loaded: every article present has exactly the quotes and stance rows a
  clean load gives for its text (2 quotes whose spans match the text, 4 stance rows), no orphans;
* re-running the same load ends with tables identical (row counts + checksums) to a clean run.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

from tasks.contract import ROOT
from tests.tasks.store.test_load import make_batch
from tests.guarantees.test_robustness_common import (
    orphans, per_article_counts, start_ready, table_checksums,
)

KILLS = 20
FRAMES = ("articles", "quotes", "stance", "actors", "rejected")

_LOADER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import polars as pl
from tasks.store.write import write_batch
folders = sorted(Path(sys.argv[2]).iterdir())
batches = [[pl.read_parquet(f / f"{n}.parquet") for n in %r] for f in folders]
print("ready", flush=True)
for i, frames in enumerate(batches):
    write_batch(sys.argv[1], *frames)
    print(f"loaded {i}", flush=True)
print("done", flush=True)
""" % (FRAMES,)


def _write_batches(folder: Path) -> Path:
    """Two batches: 40 new articles; then 20 more new ones and a changed version of the
    first 20 (whose quotes and stance rows are replaced)."""
    import polars as pl

    first = make_batch([f"a{i:03d}" for i in range(40)])
    new = make_batch([f"b{i:03d}" for i in range(20)], outlet="Other")
    changed = make_batch([f"a{i:03d}" for i in range(20)], "v2-longer")
    second = {n: pl.concat([new[n], changed[n]]) for n in FRAMES}
    for n, batch in enumerate([first, second]):
        target = folder / f"{n}"
        target.mkdir(parents=True)
        for name in FRAMES:
            batch[name].write_parquet(target / f"{name}.parquet")
    return folder


def _start(db: Path, batches: Path) -> subprocess.Popen:
    return start_ready(_LOADER, str(db), str(batches), str(ROOT), what="loader")


def _finish(db: Path, batches: Path) -> None:
    """The next run: the same load, to completion (in this process: cheaper, same code)."""
    import polars as pl

    from tasks.store.write import write_batch

    for folder in sorted(batches.iterdir()):
        write_batch(db, *(pl.read_parquet(folder / f"{n}.parquet") for n in FRAMES))


def test_sigkill_at_random_points_loses_nothing(tmp_path: Path) -> None:
    batches = _write_batches(tmp_path / "batches")

    clean = tmp_path / "clean.duckdb"
    proc = _start(clean, batches)
    began = time.monotonic()
    out, err = proc.communicate(timeout=300)
    load_seconds = time.monotonic() - began
    assert proc.returncode == 0, err[-2000:]
    reference = table_checksums(clean)
    clean_counts = per_article_counts(clean)
    assert len(clean_counts) == 60
    assert set(clean_counts.values()) == {(2, 4, 0)}

    rng = random.Random(7)
    outcomes: list[str] = []
    for i in range(KILLS):
        db = tmp_path / f"killed-{i}.duckdb"
        proc = _start(db, batches)
        # kill points spread over the whole load (a little past its clean duration, too)
        time.sleep(rng.uniform(0, load_seconds * 1.1))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        outcomes.append(out.strip().splitlines()[-1] if out.strip() else "killed before any commit")

        if db.exists():
            counts = per_article_counts(db)  # the file opens
            half = {aid: c for aid, c in counts.items() if c != clean_counts[aid]}
            assert not half, f"kill {i}: half-loaded articles {list(half.items())[:5]}"
            assert orphans(db) == (0, 0), f"kill {i}"
        _finish(db, batches)
        assert table_checksums(db) == reference, f"kill {i} ({outcomes[-1]}): tables differ"
    # the kills did land at different stages of the load
    assert len(set(outcomes)) >= 2, outcomes
    print(f"{KILLS} kills survived (clean load {load_seconds:.1f} s), stages reached: "
          f"{sorted(set(outcomes))}")


def test_half_written_staging_folder_is_ignored(tmp_path: Path) -> None:
    """A batch staged under a lock is written to a hidden folder and renamed: a crash while
    staging leaves only the hidden folder, which the next load ignores."""
    from tasks.store.staging import staging_dir_for
    from tasks.store.write import load_staged

    db = tmp_path / "w.duckdb"
    staging = staging_dir_for(db)
    (staging / ".tmp-20260101T000000000000-deadbeef").mkdir(parents=True)
    (staging / ".tmp-20260101T000000000000-deadbeef" / "articles.parquet").write_text("half")
    assert load_staged(db) == 0
