"""Test helper: a REAL second process that holds a DuckDB file open (and so locked)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLDER = """
import sys, time
import duckdb
read_only = sys.argv[3] == "ro"
con = duckdb.connect(sys.argv[1], read_only=read_only)
if read_only:
    con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()  # an analyst's query
else:
    con.execute("CREATE TABLE IF NOT EXISTS _holder (x INTEGER)")
print("held", flush=True)
if sys.argv[2] == "stdin":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[2]))
con.close()
"""


@contextmanager
def hold_lock(
    db_path: Path, seconds: float | None = None, read_only: bool = False
) -> Iterator[subprocess.Popen]:
    """Hold ``db_path`` in another python process, read-write (a writer) or, with
    ``read_only=True``, read-only (an analyst's session; the file must exist).

    With ``seconds`` the holder exits on its own after that long; without, it holds until the
    ``with`` block ends. Yields once the holder has the file open.
    """
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _HOLDER,
            str(db_path),
            "stdin" if seconds is None else str(seconds),
            "ro" if read_only else "rw",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "held", f"lock holder failed to start: {line!r}"
        yield proc
    finally:
        if proc.poll() is None:
            try:
                proc.stdin.write("\n")
                proc.stdin.flush()
            except (BrokenPipeError, OSError):
                pass
        proc.wait(timeout=60)


def release(proc: subprocess.Popen) -> None:
    """Tell a stdin-held holder to close the file and wait until it has exited."""
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=60)
