"""Creating a new database file: a crash leaves no file or a good one, never a broken one.

A process killed inside ``duckdb.connect`` while it created a NEW file once left a file DuckDB
could not open. ``create_database`` (tasks/store/db.py) now builds the file under a temporary
name beside the target, migrates and checkpoints it, then links it into place. Here real
processes creating a database (``open_for_writing``, what every write of a run calls first) are
SIGKILLed at random moments of the creation, 16 times; each time the target is absent, or it
opens with its whole schema, and the next write creates or opens it normally.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from tasks.contract import ROOT
from tasks.store.db import (
    STORAGE_VERSION,
    create_database,
    list_migrations,
    list_views,
    open_for_writing,
)
from tests.guarantees.test_robustness_common import start_ready

KILLS = 16

_CREATOR = """
import sys
sys.path.insert(0, sys.argv[2])
from tasks.store.db import open_for_writing
print("ready", flush=True)
open_for_writing(sys.argv[1]).close()
print("created", flush=True)
"""


def _start(db: Path) -> subprocess.Popen:
    return start_ready(_CREATOR, str(db), str(ROOT), what="creator")


def assert_complete(db: Path) -> None:
    """``db`` opens read-only and holds every migration and view, in the CLI's storage."""
    with duckdb.connect(str(db), read_only=True) as con:
        versions = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
        views = {
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        tags = con.execute(
            "SELECT tags FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchall()[0][0]
    assert versions == {m.version for m in list_migrations()}
    assert {name for name, _ in list_views()} <= views
    assert tags["storage_version"].startswith(STORAGE_VERSION)


def test_sigkill_while_creating_leaves_no_file_or_a_good_one(tmp_path: Path) -> None:
    clean = tmp_path / "clean" / "w.duckdb"
    proc = _start(clean)
    began = time.monotonic()
    out, err = proc.communicate(timeout=120)
    create_seconds = time.monotonic() - began
    assert proc.returncode == 0 and out.strip() == "created", err[-2000:]
    assert_complete(clean)

    rng = random.Random(15)
    absent = 0
    for i in range(KILLS):
        db = tmp_path / f"killed-{i}" / "w.duckdb"
        proc = _start(db)
        time.sleep(rng.uniform(0, create_seconds * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        if db.exists():
            assert not db.with_name("w.duckdb.wal").exists(), f"kill {i}: a WAL beside the file"
            assert_complete(db)
        else:
            absent += 1
        # the next write creates (or opens) the file and clears what the killed one left
        open_for_writing(db).close()
        assert_complete(db)
        assert sorted(p.name for p in db.parent.iterdir()) == ["w.duckdb"], f"kill {i}"
    # the kills did land both before and after the file appeared
    assert 0 < absent < KILLS, f"{absent} of {KILLS} kills left no file"


def test_two_creators_at_once_keep_one_file(tmp_path: Path) -> None:
    """The second of two processes creating the same file never replaces the first's file,
    which the first may be writing already: both end up on the same file."""
    db = tmp_path / "w.duckdb"
    barrier = threading.Barrier(4)
    created: list[bool] = []

    def create() -> None:
        barrier.wait()
        created.append(create_database(db))

    threads = [threading.Thread(target=create) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(created) == [False, False, False, True]
    assert_complete(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]


def test_a_wal_without_its_database_is_set_aside(tmp_path: Path) -> None:
    """A ``.wal`` left from a deleted database would make the new file fail to open ("WAL
    does not match database file"): it is renamed, and the new database opens."""
    old = tmp_path / "old.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time, duckdb\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "con.execute(\"SET checkpoint_threshold = '1TB'\")\n"
            "con.execute('CREATE TABLE t AS SELECT range AS x FROM range(1000)')\n"
            "print('written', flush=True)\n"
            "time.sleep(60)\n"
        ), str(old)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "written"
    holder.kill()  # no checkpoint: its changes are only in old.duckdb.wal
    holder.wait()
    db = tmp_path / "w.duckdb"
    (tmp_path / "old.duckdb.wal").rename(db.with_name("w.duckdb.wal"))

    open_for_writing(db).close()
    assert_complete(db)
    assert [p.name.split("-")[0] for p in tmp_path.glob("w.duckdb.wal.orphaned-*")] == [
        "w.duckdb.wal.orphaned"
    ]
