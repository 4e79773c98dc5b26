"""A run's progress on stderr (flows/progress.py): the counts and estimates as plain functions,
then `stancewire run` for real in three ways at once:
stderr a pseudo-terminal (a progress bar), stderr piped (nothing but the summary on stdout), and
`-v` piped (one INFO line per batch read and per batch loaded)."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from flows.batches import RunTally
from flows.progress import DONE, LOADED, READ, listening, publish, snapshot
from tests.flows.prefect_server import ROOT

SEED = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"
N_ARTICLES, BATCH = 30, 10
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _tally(read: int, new: int, loaded: int, text_bytes: int) -> RunTally:
    tally = RunTally(articles_in=read, articles_new=new, text_bytes=text_bytes)
    tally.analysed = tally.loaded = loaded
    return tally


def test_snapshot_counts_and_estimates():
    # 100 read (20 unchanged), 40 of 80 new loaded, half the input's bytes read
    progress = snapshot(_tally(100, 80, 40, 500), LOADED, source_bytes=1000)
    assert (progress.read, progress.unchanged, progress.analysed, progress.loaded) == (
        100, 20, 40, 40)
    assert progress.done == 60
    assert progress.fraction == pytest.approx(0.5 * 60 / 100)
    later = replace(progress, seconds=12.0)  # 60 articles done in 12 s, 30% of the input
    assert later.rate == 5.0 and later.eta == pytest.approx(12.0 * 0.7 / 0.3)
    assert "5 articles/s · ETA 0:00:28" in later.counts()
    line = progress.line()
    assert line.startswith("progress (loaded): 100 articles read (20 unchanged), 40 analysed, "
                           "40 loaded")
    assert line.endswith("30% of the input")
    assert "read 100 · analysed 40 · loaded 40 · " in progress.counts()

    feeds = snapshot(_tally(3, 3, 0, 900), READ, source_bytes=0)  # input size unknown
    assert feeds.fraction is None and feeds.eta is None and "% of the input" not in feeds.line()
    assert "ETA -:--:--" in feeds.counts()
    assert snapshot(_tally(3, 3, 3, 900), DONE, source_bytes=0).fraction == 1.0


def test_a_failing_listener_is_dropped_and_the_others_still_hear():
    heard = []

    def broken(progress):
        raise OSError("the terminal went away")

    progress = snapshot(_tally(1, 1, 1, 10), DONE, source_bytes=10)
    with listening(broken), listening(heard.append):
        publish(progress)
        publish(progress)
    assert heard == [progress, progress]
    publish(progress)  # nobody listens any more
    assert heard == [progress, progress]


def _source(path: Path) -> Path:
    """N_ARTICLES copies of the seed article under their own ids (JSONL)."""
    text = SEED.read_text(encoding="utf-8").split(" ", 3)[3]
    path.write_text("".join(
        json.dumps({"id": f"copy-{i}", "date": "2022-09-13", "title": f"copy {i}",
                    "text": text, "url": f"https://example.org/{i}", "outlet": "Example"}) + "\n"
        for i in range(N_ARTICLES)), encoding="utf-8")
    return path


def _read_all(fd: int, out: list[bytes]) -> None:
    """Everything written to the terminal whose master end is ``fd``, until it closes."""
    while True:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: every process holding the terminal has closed it
            return
        if not data:
            return
        out.append(data)


@pytest.fixture(scope="module")
def runs(prefect_harness, tmp_path_factory) -> dict[str, tuple[int, str, str]]:
    """``stancewire run`` on the same source three ways, all at once, against the session's
    Prefect server (as with a running ``make server``; a temporary server per run would cost
    the test a minute): mode -> (exit code, stdout, stderr)."""
    from prefect.settings import get_current_settings

    api = str(get_current_settings().api.url)
    tmp = tmp_path_factory.mktemp("progress")
    source = _source(tmp / "copies.jsonl")
    modes = {"tty": [], "piped": [], "verbose": ["-v"]}
    procs, terminals = {}, {}
    for mode, extra in modes.items():
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(PREFECT_API_URL=api, PREFECT_HOME=str(tmp / "prefect-home"),
                   TERM="xterm-256color")
        for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR"):  # the terminal decides
            env.pop(name, None)
        stderr = subprocess.PIPE
        if mode == "tty":
            master, slave = os.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
            stderr = slave
        procs[mode] = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", "--source", str(source), "--db",
             str(tmp / f"{mode}.duckdb"), "--batch-size", str(BATCH), "--workers", "1", *extra],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
        if mode == "tty":
            os.close(slave)
            chunks: list[bytes] = []
            reader = threading.Thread(target=_read_all, args=(master, chunks), daemon=True)
            reader.start()
            terminals[mode] = (master, chunks, reader)
    results = {}
    deadline = time.monotonic() + 600
    for mode, proc in procs.items():
        out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        if mode in terminals:
            master, chunks, reader = terminals[mode]
            reader.join(timeout=30)
            os.close(master)
            err = b"".join(chunks)
        results[mode] = (proc.returncode, out.decode(), err.decode(errors="replace"))
    return results


def _summary_ok(code: int, out: str, err: str) -> None:
    assert code == 0, err[-3000:]
    assert out.startswith("stancewire: "), out[:500]
    assert f"this run: {N_ARTICLES} articles in ({N_ARTICLES} new" in out
    assert "Traceback" not in err


def test_terminal_shows_a_progress_bar_on_stderr(runs):
    code, out, err = runs["tty"]
    _summary_ok(code, out, err)
    frames = [f.strip() for f in re.split(r"[\r\n]+", ANSI.sub("", err)) if f.strip()]
    spinner = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
    assert any(f[0] in spinner and "starting Prefect" in f for f in frames), frames[:5]
    last = frames[-1]  # the bar as the run left it
    assert last.startswith("✓ done") and "100%" in last, frames[-5:]
    n = N_ARTICLES
    assert f"read {n} · analysed {n} · loaded {n} · " in last and "articles/s · ETA" in last
    assert "━" in last
    assert "stancewire: " not in err  # the summary goes to stdout only


def test_piped_stderr_stays_silent(runs):
    code, out, err = runs["piped"]
    _summary_ok(code, out, err)
    assert err == ""


def test_verbose_logs_one_info_line_per_batch(runs):
    code, out, err = runs["verbose"]
    _summary_ok(code, out, err)
    lines = err.splitlines()
    reads = [line for line in lines if "progress (read): " in line]
    loads = [line for line in lines if "progress (loaded): " in line]
    done = [line for line in lines if "progress (done): " in line]
    batches = N_ARTICLES // BATCH
    assert len(reads) == batches and len(loads) == batches and len(done) == 1, lines
    assert all(" | INFO    | " in line for line in reads + loads + done)
    assert [re.search(r"(\d+) loaded", line).group(1) for line in loads] == [
        str(BATCH * (i + 1)) for i in range(batches)]
    assert f"{N_ARTICLES} articles read (0 unchanged), {N_ARTICLES} analysed, " in done[0]
    assert "━" not in err  # no bar: plain lines
    assert "Task run" not in err  # the flow's lines, not Prefect's per-task chatter
