"""tasks/pool.py: the warm pool of worker processes for the CPU stages."""

from __future__ import annotations

import os

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.contract import ARTICLES, conform

TEXTS = [
    '"We will keep fighting," President Volodymyr Zelenskyy said on Monday.',
    "Kremlin spokesman Dmitry Peskov said the operation would continue.",
    "No one was quoted in this short article about the weather.",
]


@pytest.fixture
def articles() -> pl.DataFrame:
    return conform(pl.DataFrame({"article_id": [f"p{i}" for i in range(len(TEXTS))],
                                 "text": TEXTS}), ARTICLES)


def test_pool_worker_gives_the_in_process_frames(articles, tmp_path) -> None:
    from tasks import pool
    from tasks.analyse import analyse_to_parquet, read_handoff, warm_up

    here = analyse_to_parquet(articles, tmp_path / "here", "b0")
    try:
        there = pool.submit(2, analyse_to_parquet, articles, str(tmp_path / "there"), "b0",
                            warm_up=warm_up).result(timeout=120)
    finally:
        pool.shutdown()
    assert there["pid"] != os.getpid()  # analysed in a worker process
    assert there["quotes"] == here["quotes"] > 0
    got, want = read_handoff(there["folder"]), read_handoff(here["folder"])
    for name in ("articles", "quotes", "stance", "actors"):
        assert_frame_equal(got[name], want[name])
    assert not pool._POOLS


def test_workers_import_no_prefect() -> None:
    """A worker warmed up with the stage modules never imports prefect."""
    import subprocess
    import sys

    code = ("import sys; from tasks.analyse import warm_up; warm_up(); "
            "print(any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
                         check=True)
    assert out.stdout.strip() == "False"


def test_default_workers_is_at_least_one() -> None:
    from tasks.pool import default_workers

    assert default_workers() >= 1


def test_a_killed_worker_is_a_clear_error(articles, tmp_path) -> None:
    """A worker killed while it holds a batch (the OOM killer, a kill -9): one clear error
    saying what to do, not a BrokenProcessPool traceback."""
    import signal
    import time

    from tasks import pool
    from tasks.analyse import analyse_in_pool, analyse_to_parquet, warm_up

    pool.submit(2, analyse_to_parquet, articles, str(tmp_path / "warm"), "b0",
                warm_up=warm_up).result(timeout=120)  # workers up
    ex = pool.pool(2)
    try:
        for pid in list(ex._processes):
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        with pytest.raises(pool.WorkerDiedError, match="run again to go on"):
            analyse_in_pool(2, articles, str(tmp_path / "after"), "b1")
    finally:
        pool.shutdown()
