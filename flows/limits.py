"""The limits every ``stance-pipeline`` run keeps, however it was started (CLI, ``serve``, a
``prefect.yaml`` deployment on a worker):

* **One writer per database file.** ``hold_database`` takes the one slot of a Prefect global
  concurrency limit named after the resolved database path (``db_limit_name``:
  ``stancewire-db-<file stem>-<hash>``), created with limit 1 by the first run that needs it.
  Every run writing that file, whichever deployment it belongs to (inbox, feeds, ``serve``, a
  ``stancewire run`` against the same server), holds it for its whole work, so two runs never
  write one file at the same time: the later one waits (in state Running) and logs how long.
  The slot is a lease the run renews; a run killed with ``kill -9`` frees it when the
  lease expires (``LEASE_S``).
* **A flow timeout.** ``flow_timeout_s`` (``$STANCEWIRE_FLOW_TIMEOUT`` seconds, default 3600,
  0 = none) is the flow's ``timeout_seconds``: a hung run fails as ``TimedOut`` instead of
  holding the database and queueing every later scheduled run. Waiting for the database counts.
  Batches loaded before the timeout stay (each load is one transaction); the next run goes on.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

FLOW_TIMEOUT_ENV = "STANCEWIRE_FLOW_TIMEOUT"  # tasks/settings.py: Settings.flow_timeout
DEFAULT_FLOW_TIMEOUT_S = 3600.0
LEASE_S = 300.0  # renewed every 225 s while held
WAIT_LOGGED_AFTER_S = 2.0


def flow_timeout_s() -> float | None:
    """The flow timeout in seconds: ``$STANCEWIRE_FLOW_TIMEOUT`` or 3600; None (no timeout)
    for 0. A bad value raises ``SettingsError`` (a ``ValueError``), one line naming the variable."""
    from tasks.settings import setting

    return setting("flow_timeout") or None


def db_limit_name(db_path: str | os.PathLike[str]) -> str:
    """The global concurrency limit of the database file ``db_path``: the same name for every
    spelling of one path (relative, ``~``, symlinks), another for another file."""
    path = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "db"
    return f"stancewire-db-{stem}-{digest}"


def ensure_db_limit(name: str) -> None:
    """Create the global concurrency limit ``name`` with one slot unless it exists (a limit
    changed by hand, e.g. deactivated with ``prefect gcl disable``, is left as it is)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:  # read first: a create that collides makes the server log a traceback
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            try:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=1))
            except ObjectAlreadyExists:  # another run created it meanwhile
                pass


@contextmanager
def hold_database(db_path: str, logger: logging.Logger | logging.LoggerAdapter,
                  flow_run_id: str | None = None) -> Iterator[str]:
    """Hold the one slot of ``db_path``'s global concurrency limit while the block runs
    (waiting for it first if another run holds it, and saying so); yields the limit's name."""
    from prefect.client.schemas.objects import ConcurrencyLeaseHolder

    name = db_limit_name(db_path)
    ensure_db_limit(name)
    holder = ConcurrencyLeaseHolder(type="flow_run", id=flow_run_id) if flow_run_id else None
    said = threading.Event()
    stop = threading.Event()

    def say_if_taken() -> None:  # the limit asked now and every few seconds while the run
        # waits for it (an acquisition with a timeout instead makes Prefect log an ERROR line
        # when it times out, and a slow server is no other run)
        while True:
            try:
                taken = _taken(name)
            except Exception:  # noqa: BLE001 - the question only decides a log line
                taken = False
            if taken and not stop.is_set():  # (not our own slot, just granted)
                said.set()
                logger.warning("waiting for %s: another run is writing %s (runs writing one "
                               "database file take turns)", name, db_path)
                return
            if stop.wait(WAIT_LOGGED_AFTER_S):
                return

    watcher = threading.Thread(target=say_if_taken, name="stancewire-db-limit", daemon=True)
    t = time.monotonic()
    with ExitStack() as held:
        watcher.start()
        try:
            held.enter_context(_slot(name, holder))
        finally:
            stop.set()
            watcher.join(timeout=10)
        if said.is_set():
            logger.info("waited %.1f s for %s", time.monotonic() - t, name)
        yield name


def _taken(name: str) -> bool:
    """Whether every slot of the limit ``name`` is held now."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name(name)
    return limit.active and limit.active_slots >= limit.limit


def _slot(name: str, holder):
    """The context manager of the limit's slot (not entered yet)."""
    from prefect.concurrency.sync import concurrency

    # a renewal that fails once (a busy server) must not stop a long load: the lease runs on
    return concurrency(name, occupy=1, strict=True,
                       lease_duration=LEASE_S, holder=holder,
                       raise_on_lease_renewal_failure=False)
