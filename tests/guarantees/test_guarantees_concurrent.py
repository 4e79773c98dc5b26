"""Two `stancewire run` processes started at once on the same database (the one slow test of
the guarantees: two real CLI processes, each running the flow against the session's Prefect
server).

Both start while a third process holds the file, so both must wait (and say so). Against one
Prefect server the runs also take turns through the file's global concurrency limit
(flows/limits.py): the one holding it waits for the file's lock (DuckDB admits one writer at a
time, the loser waits with backoff), the other waits for the limit. Both runs succeed, and the
tables equal a single clean run (a third `stancewire run`, started at the same moment on its
own file, so all three run the same code).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tasks.contract import ROOT
from tests.guarantees.test_guarantees import _source
from tests.guarantees.lockholder import hold_lock, release
from tests.guarantees.test_robustness_common import DATA_TABLES, table_checksums


LOCK_WAIT = "locked by another process"  # tasks/store/db.py: waiting for the file
LIMIT_WAIT = "another run is writing"  # flows/limits.py: waiting for the file's limit


def _waits(text: str) -> bool:
    return LOCK_WAIT in text or LIMIT_WAIT in text


@pytest.mark.e2e
def test_two_runs_at_once_end_like_one_clean_run(prefect_harness, tmp_path: Path) -> None:
    from prefect.settings import get_current_settings

    src = _source(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    reference = tmp_path / "ref.duckdb"  # a single clean run, started with the other two
    duckdb.connect(str(db)).close()

    env = dict(os.environ)
    env.update(
        PREFECT_API_URL=str(get_current_settings().api.url),
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_LOGGING_LEVEL="WARNING",
        STANCEWIRE_LOCK_TIMEOUT="300",
    )
    command = [sys.executable, "-m", "flows.cli", "run", "--source", str(src), "--db"]
    with hold_lock(db) as holder:
        runs = [
            subprocess.Popen(
                [*command, str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True,
            )
            for path in (db, db, reference)
        ]
        outputs: list[list[str]] = [[], [], []]
        readers = [
            threading.Thread(target=lambda r=r, out=out: out.extend(r.stdout), daemon=True)
            for r, out in zip(runs, outputs)
        ]
        for reader in readers:
            reader.start()
        # hold the file until both runs have said they wait (or one ended)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and all(r.poll() is None for r in runs[:2]):
            if all(any(_waits(line) for line in out) for out in outputs[:2]):
                break
            time.sleep(0.5)
        release(holder)
        for run, reader in zip(runs, readers):
            run.wait(timeout=600)
            reader.join(timeout=60)
    texts = ["".join(out) for out in outputs]
    for run, text in zip(runs, texts):
        assert run.returncode == 0, text[-3000:]
        assert "Traceback" not in text
    assert all(_waits(text) for text in texts[:2]), texts
    assert any(LOCK_WAIT in text for text in texts[:2]), texts  # the file's lock held them
    assert not _waits(texts[2])
    assert table_checksums(db, DATA_TABLES) == table_checksums(reference, DATA_TABLES)
    with duckdb.connect(str(db), read_only=True) as con:
        runs_rows = con.execute("SELECT status, articles_in FROM pipeline_runs").fetchall()
    assert runs_rows == [("completed", 3), ("completed", 3)]
