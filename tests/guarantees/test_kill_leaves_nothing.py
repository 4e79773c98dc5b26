"""A killed run leaves nothing running (#16): no temporary Prefect server, no pool worker.

Real ``python -m flows.cli run`` processes on a copy of two files of the shared corpus (~1,760
articles, batches of 300: the warm pool starts), with ``PREFECT_API_URL`` unset (the CLI starts
the temporary Prefect server) and a fresh ``PREFECT_HOME``. Each run carries a marker in its
environment (``STANCEWIRE_RUN_MARKER``), which every process it starts inherits.

* ``kill -9`` at three points: while the Prefect server starts, while the pool analyses the
  first batches, while a batch is loaded (DuckDB's ``.wal`` present) with workers running;
* SIGTERM while the pool works, SIGINT while Prefect starts: one line, non-zero exit code.

Every process of the run is collected while it runs (``/proc/<pid>/task/*/children``); after
the signal none of them may be alive ``LEFT_WITHIN_S`` later, and no process anywhere may carry
the run's marker (re-parented to PID 1 or not). Linux only (``/proc``); ../shared is needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "corpora" / "ukraine-media"
PARTS = ("articles_part01.jsonl", "articles_part02.jsonl")
LEFT_WITHIN_S = 10.0
POINT_TIMEOUT_S = 150.0  # a loaded machine: Prefect's start alone can take 30 s

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _descendants(pid: int) -> set[int]:
    seen, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()) - seen:
            seen.add(child)
            todo.append(child)
    return seen


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _carries(pid: int, marker: bytes) -> bool:
    try:
        return marker in Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:  # gone (or not ours to read)
        return False


def _marked(marker: bytes) -> set[int]:
    return {int(p.name) for p in Path("/proc").iterdir()
            if p.name.isdigit() and _carries(int(p.name), marker)}


class Run:
    """One ``stancewire run`` with a marker; ``seen`` maps every descendant to its cmdline."""

    def __init__(self, tmp: Path, source: Path, name: str) -> None:
        self.marker = uuid.uuid4().hex
        self.db = tmp / f"{name}.duckdb"
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(STANCEWIRE_RUN_MARKER=self.marker, PREFECT_HOME=str(tmp / "prefect-home"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", "--source", str(source), "--db",
             str(self.db), "--batch-size", "300", "--workers", "2", "--quiet"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.seen: dict[int, str] = {}

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        """Whatever happened, leave nothing of this run to the rest of the suite."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for pid in ({p for p in self.seen if _carries(p, self.marker.encode())}
                    | _marked(self.marker.encode())):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def workers(self) -> list[int]:
        return [p for p, cmd in self.seen.items() if "multiprocessing.spawn" in cmd]

    def server(self) -> list[int]:
        return [p for p, cmd in self.seen.items() if "prefect.server.api.server" in cmd]

    def wait_for(self, point: Callable[[Run], bool], what: str) -> None:
        deadline = time.monotonic() + POINT_TIMEOUT_S
        while time.monotonic() < deadline:
            self._look()
            if point(self):
                return
            if self.proc.poll() is not None:
                pytest.fail(f"the run ended before {what}: {self.proc.stderr.read()[-2000:]}")
            time.sleep(0.02)
        self.proc.kill()
        pytest.fail(f"no {what} within {POINT_TIMEOUT_S} s")

    def _look(self) -> None:
        """Note the run's processes; a command line is read again while the process lives (a
        child caught between fork and exec still shows its parent's)."""
        for pid in _descendants(self.proc.pid):
            if cmd := _cmdline(pid):
                self.seen[pid] = cmd

    def signal(self, sig: int) -> tuple[int, str]:
        self._look()
        self.proc.send_signal(sig)
        _, err = self.proc.communicate(timeout=90)
        return self.proc.returncode, err

    def assert_nothing_left(self) -> None:
        marker = self.marker.encode()
        deadline = time.monotonic() + LEFT_WITHIN_S
        while True:
            left = {p for p in self.seen if _carries(p, marker)} | _marked(marker)
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert not left, f"left running: {[_cmdline(p)[:150] for p in left]}"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared is absent ({CORPUS}); kill tests skipped")
    folder = tmp_path_factory.mktemp("corpus")
    for part in PARTS:
        shutil.copy(CORPUS / part, folder / part)
    return folder


def _analysing(run: Run) -> bool:
    return len(run.workers()) >= 2 and not Path(f"{run.db}.wal").exists()


def _loading(run: Run) -> bool:
    return len(run.workers()) >= 2 and Path(f"{run.db}.wal").exists()


# the order matters a little: the first run migrates the fresh PREFECT_HOME to the end
@pytest.mark.parametrize("what, point", [
    ("pool workers analysing", _analysing),
    ("a batch loading while workers run", _loading),
    ("the Prefect server starting", lambda run: bool(run.server())),
])
def test_kill_9_leaves_no_process(source: Path, tmp_path_factory, what, point) -> None:
    with Run(tmp_path_factory.getbasetemp(), source, f"kill-{uuid.uuid4().hex[:6]}") as run:
        run.wait_for(point, what)
        code, _ = run.signal(signal.SIGKILL)
        assert code == -signal.SIGKILL
        run.assert_nothing_left()
        assert run.server(), "the run had started no Prefect server"
        if point in (_analysing, _loading):
            assert len(run.workers()) >= 2, run.seen


@pytest.mark.parametrize("sig, what, point, code, line", [
    (signal.SIGTERM, "pool workers analysing", _analysing, 143, "stancewire: terminated"),
    (signal.SIGINT, "the Prefect server starting", lambda run: bool(run.server()), 130,
     "stancewire: interrupted"),
])
def test_sigterm_and_sigint_end_cleanly(source: Path, tmp_path_factory, sig, what, point,
                                        code, line) -> None:
    with Run(tmp_path_factory.getbasetemp(), source, f"sig-{uuid.uuid4().hex[:6]}") as run:
        run.wait_for(point, what)
        returned, err = run.signal(sig)
        run.assert_nothing_left()
        assert returned == code, err[-2000:]
        assert "Traceback" not in err, err[-3000:]
        assert err.strip().splitlines()[-1] == line, err[-2000:]
