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
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS _holder (x INTEGER)")
print("held", flush=True)
if sys.argv[2] == "stdin":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[2]))
con.close()
"""


@contextmanager
def hold_lock(db_path: Path, seconds: float | None = None) -> Iterator[subprocess.Popen]:
    """Hold ``db_path`` read-write in another python process.

    With ``seconds`` the holder exits on its own after that long; without, it holds until the
    ``with`` block ends. Yields once the holder has the file open.
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db_path), "stdin" if seconds is None else str(seconds)],
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
