"""bench/run_bench.py: the memory of a run's whole process tree (the flow and its workers)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench.run_bench import TreeMemory, _tree

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# a child that starts a grandchild holding ~60 MB, as the flow starts its workers
CHILD = (
    "import subprocess, sys, time; "
    "g = subprocess.Popen([sys.executable, '-c', "
    "'import time; b = bytearray(60 * 2**20); b[::4096] = b\"x\" * len(b[::4096]); time.sleep(30)']); "
    "time.sleep(30)"
)


def test_tree_memory_counts_the_grandchildren() -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD])
    try:
        memory = TreeMemory(proc.pid, every=0.1)
        deadline = time.monotonic() + 20
        while len(_tree(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # a few samples with the grandchild's 60 MB resident
        assert len(_tree(proc.pid)) == 2  # the child and its grandchild
        peaks = memory.stop()
    finally:
        for pid in reversed(_tree(proc.pid)):
            subprocess.run(["kill", str(pid)], check=False)
        proc.wait()
    assert peaks["peak_tree_rss_mb"] >= 60  # the grandchild's memory is in the sum
    assert peaks["peak_pipeline_rss_mb"] == peaks["peak_tree_rss_mb"]  # no Prefect server here
