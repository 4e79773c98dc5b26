"""Nothing outlives the run: child processes that end when the process that started them dies.

A ``kill -9`` of ``stancewire`` runs no ``finally``, no ``atexit``: the processes it started (the
temporary Prefect server, the warm pool's workers) would be re-parented to PID 1 and run on.
Each such child calls ``hold_on(parent)`` as it starts:

* Linux: ``prctl(PR_SET_PDEATHSIG, sig)`` -- the kernel signals the child the moment the parent
  *thread* that started it ends, so the parent must start its children from a thread that lives
  as long as the process (the main thread, or tasks/pool.py's spawner thread);
* everywhere (macOS has no PDEATHSIG): a daemon thread polling ``os.getppid()`` every
  ``POLL_S``; once it is no longer ``parent`` (re-parented: the parent is gone), the child ends
  itself. It also covers a parent that died before the ``prctl`` call.

``python -m tasks.lifeline PARENT_PID -m MODULE ARGS...`` runs ``python -m MODULE ARGS...`` in a
process that does ``hold_on(PARENT_PID, SIGTERM)`` first (how the CLI starts the Prefect server).
Plain module: no Prefect import.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_S = 0.5
GRACE_S = 5.0  # after a polite SIGTERM to itself, a child still running exits hard


def set_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Linux: have the kernel send ``sig`` to this process when its parent thread ends.
    False where that is not available (macOS, other systems)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _end(sig: int) -> None:
    if sig != signal.SIGKILL:  # let the process shut down cleanly first (uvicorn handles it)
        os.kill(os.getpid(), sig)
        time.sleep(GRACE_S)
    os._exit(1)


def watch_parent(parent: int, sig: int = signal.SIGKILL, poll: float = POLL_S) -> threading.Thread:
    """A daemon thread ending this process once ``os.getppid()`` is no longer ``parent``:
    ``sig`` to itself (SIGKILL: ``os._exit`` at once; else that signal, then ``os._exit``
    after ``GRACE_S``)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        _end(sig)

    thread = threading.Thread(target=watch, name="stancewire-lifeline", daemon=True)
    thread.start()
    return thread


def hold_on(parent: int, sig: int = signal.SIGKILL) -> None:
    """End this process (with ``sig``) when ``parent`` dies: PDEATHSIG where the kernel has it,
    and the ``getppid`` watchdog everywhere."""
    set_death_signal(sig)
    watch_parent(parent, sig)


def command(module: str, *args: str, parent: int | None = None) -> list[str]:
    """The argv that runs ``python -m module args`` held on to ``parent`` (default: this
    process)."""
    parent = os.getpid() if parent is None else parent
    return [sys.executable, "-m", "tasks.lifeline", str(parent), "-m", module, *args]


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "-m":
        sys.exit("usage: python -m tasks.lifeline PARENT_PID -m MODULE [ARGS...]")
    hold_on(int(argv[0]), signal.SIGTERM)
    sys.argv = [argv[2], *argv[3:]]
    runpy.run_module(argv[2], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
