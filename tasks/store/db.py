"""DuckDB plumbing: connections that wait for a locked file, and schema migrations.

DuckDB lets one process open a database file read-write, or any number of processes read-only;
a writer and readers exclude each other. ``connect`` therefore retries with exponential backoff,
logging what it waits for, and raises ``DatabaseLockedError`` after a timeout
(``STANCEWIRE_LOCK_TIMEOUT`` seconds, default 60). Keep connections short-lived: open for one
load, close right after.

``apply_migrations`` applies ``sql/migrations/NNN_name.sql`` in order, once each, recording them
in ``schema_migrations``, then (re)creates every view in ``sql/views/``.

A new database file is created complete or not at all (``create_database``): under a temporary
name beside the target, with the migrations applied and a checkpoint, then hard-linked into
place (``os.link`` fails if the target appeared meanwhile, so a second creator never replaces a
file another process already writes). A process killed at any moment of a creation leaves no
file at the target, or a good one; its temporary file is removed by the next creation.
New files use storage version ``STORAGE_VERSION`` (v1.5.0, DuckDB's storage number 68) so that
the ``duckdb`` CLI shipped with the project (PyPI ``duckdb-cli`` 1.5.6, which reads storage
numbers 64-68) opens them; DuckDB keeps the storage version a file was created with, and reads
and writes files created with the 2.0 storage (number 69) as before.

Read-write connections get ``WRITE_SETTINGS``: DuckDB's checkpoint (run when a writer closes)
otherwise "vacuums" the tables, merging partly filled row groups, which rewrites whole row groups
of ``articles.text`` in memory: measured, the peak of one 2,000-article load into a database of
56k articles was 845 MB with it and 206 MB without (``bench/load_memory.py`` shows the per-batch
curve). Without it deleted rows (of changed articles) keep their space until a manual
``VACUUM``/``CHECKPOINT`` with the default settings; stancewire loads are append-mostly.
A writer also runs on one DuckDB thread (less memory, see ``WRITE_SETTINGS``).

Every TIMESTAMP column holds naive UTC; ``utc_now`` gives the current time that way.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import logging
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tasks.contract import SQL

LOCK_TIMEOUT_ENV = "STANCEWIRE_LOCK_TIMEOUT"
MIGRATIONS_DIR = SQL / "migrations"
VIEWS_DIR = SQL / "views"

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
_VIEW_NAME = re.compile(r"^(v_[a-z0-9_]+)\.sql$")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_LOCK_PID = re.compile(r"PID (\d+)")
# the storage version of new files: the newest one the PyPI `duckdb-cli` 1.5.6 reads (its storage
# numbers 64-68; 2.0's default is 69). Existing files keep theirs (see the module docstring)
STORAGE_VERSION = "v1.5.0"
_CREATING = ".creating-"  # <db name>.creating-<pid>-<random>: a database being created
# settings of every read-write connection (see the module docstring); fixed strings, not data
# threads = 1: a load is small appends plus key lookups; one thread held 30-40 MB less (steady
# and peak, 20 loads of 2,000 articles) for 10-20 % less CPU, and in a run the other core is
# busy with the next batch's analysis anyway
WRITE_SETTINGS = ("SET max_vacuum_tasks = 0", "SET threads = 1")

log = logging.getLogger(__name__)


class DatabaseError(RuntimeError):
    """A database problem explained in one line (bad file, failed load, ...)."""


class DatabaseLockedError(DatabaseError):
    """Another process kept the database file locked for longer than the timeout."""


def utc_now() -> datetime:
    """Current UTC time as a naive timestamp (DuckDB TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)


def lock_timeout_s() -> float:
    """The lock timeout in seconds: ``$STANCEWIRE_LOCK_TIMEOUT`` or 60 (tasks/settings.py)."""
    from tasks.settings import SettingsError, setting

    try:
        return setting("lock_timeout")
    except SettingsError as exc:
        raise DatabaseError(str(exc)) from None


def ident(name: str) -> str:
    """Return ``name`` if it is a safe lower-case SQL identifier, else raise ``ValueError``."""
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise ValueError(f"not a valid SQL identifier: {name!r}")
    return name


def _is_lock_error(exc: Exception) -> bool:
    message = str(exc).lower()
    return isinstance(exc, duckdb.IOException) and ("lock" in message)


def _lock_holder(exc: Exception) -> str:
    match = _LOCK_PID.search(str(exc))
    return f"pid {match.group(1)}" if match else "pid unknown"


def _default_logger() -> logging.Logger | logging.LoggerAdapter:
    """The Prefect run logger when called inside a flow or task run (so waits show in the UI),
    else this module's logger. Never imports Prefect itself (plain scripts stay fast)."""
    if "prefect" in sys.modules:
        try:
            from prefect.logging import get_run_logger

            return get_run_logger()
        except Exception:  # no run context
            pass
    return log


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else repr(exc)


def connect(
    db_path: str | os.PathLike[str],
    read_only: bool = False,
    timeout_s: float | None = None,
    logger: logging.Logger | logging.LoggerAdapter | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open ``db_path``, waiting with exponential backoff while another process holds it.

    ``timeout_s`` defaults to ``lock_timeout_s()``. A read-write open of a missing file first
    creates it, empty, with ``create_database`` (parent folders too; ``open_for_writing``
    creates it with its schema). Raises ``DatabaseLockedError`` when the file is still locked
    after the timeout, ``DatabaseError`` (one line) for any other failure to open it. The
    first wait is logged as a warning (seen even on a quiet console), later retries at info
    level; inside a Prefect run the run logger is used, so waits show in the UI.
    """
    logger = logger or _default_logger()
    path = Path(db_path)
    timeout = lock_timeout_s() if timeout_s is None else max(float(timeout_s), 0.0)
    if read_only and not path.exists():
        raise DatabaseError(f"database file {path} does not exist")
    if not read_only and not path.exists():
        create_database(path, migrate=False)
    deadline = time.monotonic() + timeout
    delay = 0.25
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                raise DatabaseError(f"cannot open database file {path}: {first_line}") from exc
            remaining = deadline - time.monotonic()
            holder = _lock_holder(exc)
            if remaining <= 0:
                raise DatabaseLockedError(
                    f"database file {path} is still locked by another process ({holder}) "
                    f"after waiting {timeout:.1f} s (set {LOCK_TIMEOUT_ENV} to wait longer)"
                ) from exc
            wait = min(delay, remaining)
            first = delay == 0.25
            logger.log(
                logging.WARNING if first else logging.INFO,
                "database file %s is locked by another process (%s); retrying in %.1f s%s",
                path,
                holder,
                wait,
                f" (waiting up to {timeout:g} s, {LOCK_TIMEOUT_ENV})" if first else "",
            )
            time.sleep(wait)
            delay = min(delay * 2, 8.0)
            continue
        if not read_only:
            for setting in WRITE_SETTINGS:
                con.execute(setting)
        return con


def open_for_writing(
    db_path: str | os.PathLike[str],
    timeout_s: float | None = None,
    logger: logging.Logger | logging.LoggerAdapter | None = None,
) -> duckdb.DuckDBPyConnection:
    """A read-write connection to ``db_path`` with the schema current (``apply_migrations``).

    A missing file is first created with its schema by ``create_database`` (which also removes
    what killed creations left), so a run killed while it creates the database leaves no file
    or a complete one. Raises as ``connect``.
    """
    path = Path(db_path)
    create_database(path)  # a no-op beyond a look at the folder when the file exists
    con = connect(path, timeout_s=timeout_s, logger=logger)
    try:
        apply_migrations(con)
    except BaseException:
        con.close()
        raise
    return con


def create_database(
    db_path: str | os.PathLike[str],
    migrate: bool = True,
    migrations_dir: Path = MIGRATIONS_DIR,
    views_dir: Path = VIEWS_DIR,
) -> bool:
    """Create the database file ``db_path`` complete or not at all; False if it exists already.

    Built as ``<name>.creating-<pid>-<random>`` in the same folder, in storage version
    ``STORAGE_VERSION``, with the migrations and views applied (unless ``migrate=False``) and
    checkpointed (no ``.wal``), then hard-linked to ``db_path``: the link fails when another
    process created the file meanwhile, whose file is then kept. Temporary files of creators
    that died are removed first; a ``.wal`` without its database (which would make the new
    file fail to open: "WAL does not match database file") is renamed ``*.wal.orphaned-*``.
    """
    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_creations(path)
    if path.exists():
        return False
    _set_aside_orphan_wal(path)
    tmp = path.with_name(f"{path.name}{_CREATING}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        try:
            con = duckdb.connect(
                str(tmp), config={"storage_compatibility_version": STORAGE_VERSION}
            )
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot create database file {path}: {_first_line(exc)}") from exc
        try:
            if migrate:
                apply_migrations(con, migrations_dir, views_dir)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        return _link_into_place(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        _wal(tmp).unlink(missing_ok=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _link_into_place(tmp: Path, path: Path) -> bool:
    """Give the finished file ``tmp`` the name ``path`` unless ``path`` exists; True if done."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: rename, unless the target appeared
        if path.exists():
            return False
        os.replace(tmp, path)
    return True


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":  # no cheap liveness check: treat as alive (the file stays)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _remove_abandoned_creations(path: Path) -> None:
    """Delete ``<name>.creating-<pid>-*`` files (and their .wal) of processes that are gone."""
    prefix = path.name + _CREATING
    for leftover in path.parent.glob(glob.escape(prefix) + "*"):
        pid = leftover.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()
                log.info("removed %s, left by an unfinished database creation", leftover)


def _set_aside_orphan_wal(path: Path) -> None:
    wal = _wal(path)
    if wal.exists() and not path.exists():  # in this order: a live WAL has its file first
        aside = wal.with_name(f"{wal.name}.orphaned-{utc_now():%Y%m%dT%H%M%S}")
        os.replace(wal, aside)
        log.warning(
            "%s had no database file beside it; moved to %s so that a new database opens",
            wal,
            aside,
        )


@dataclass(frozen=True)
class Migration:
    """One ``sql/migrations/NNN_name.sql`` file."""

    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def list_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migration files in version order; raises ``DatabaseError`` on bad names or duplicates."""
    migrations: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise DatabaseError(f"migration file name must look like 001_name.sql: {path.name}")
        version = int(match.group(1))
        if version in migrations:
            raise DatabaseError(f"two migrations with version {version:03d} in {directory}")
        migrations[version] = Migration(version, match.group(2), path)
    return [migrations[v] for v in sorted(migrations)]


def list_views(directory: Path = VIEWS_DIR) -> list[tuple[str, Path]]:
    """``(view_name, path)`` for every ``v_*.sql`` file, sorted by name."""
    views = []
    for path in sorted(directory.glob("*.sql")):
        match = _VIEW_NAME.match(path.name)
        if not match:
            raise DatabaseError(f"view file name must look like v_name.sql: {path.name}")
        views.append((match.group(1), path))
    return views


_SCHEMA_MIGRATIONS_DDL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    checksum   VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""


def applied_versions(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """``{version: checksum}`` of the migrations recorded in ``schema_migrations``."""
    con.execute(_SCHEMA_MIGRATIONS_DDL)
    return dict(con.execute("SELECT version, checksum FROM schema_migrations").fetchall())


def apply_migrations(
    con: duckdb.DuckDBPyConnection,
    migrations_dir: Path = MIGRATIONS_DIR,
    views_dir: Path = VIEWS_DIR,
) -> list[int]:
    """Apply pending migrations (each in its own transaction) and (re)create all views.

    Idempotent: applied versions are skipped (a changed file is logged as a warning, never
    re-run). Returns the versions applied by this call.
    """
    done = applied_versions(con)
    applied: list[int] = []
    for migration in list_migrations(migrations_dir):
        if migration.version in done:
            if done[migration.version] != migration.checksum:
                log.warning(
                    "migration %s changed after it was applied; add a new migration instead",
                    migration.path.name,
                )
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [migration.version, migration.name, migration.checksum],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise DatabaseError(f"migration {migration.path.name} failed: {exc}") from exc
        applied.append(migration.version)
    create_views(con, views_dir)
    return applied


_SCHEMA_VIEWS_DDL = """
CREATE TABLE IF NOT EXISTS schema_views (
    view_name  VARCHAR PRIMARY KEY,
    checksum   VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""


def create_views(con: duckdb.DuckDBPyConnection, views_dir: Path = VIEWS_DIR) -> bool:
    """(Re)create the views of ``views_dir``; returns False when all were already current.

    A view is current when it exists and ``schema_views`` holds the checksum of its file, so a
    routine load does not rewrite the catalog. Otherwise every view is recreated; views may
    build on each other, so failing ones are retried until all resolve.
    """
    views = list_views(views_dir)
    checksums = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in views}
    con.execute(_SCHEMA_VIEWS_DDL)
    stored = dict(con.execute("SELECT view_name, checksum FROM schema_views").fetchall())
    existing = {
        r[0]
        for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    if all(stored.get(name) == checksums[name] and name in existing for name, _ in views):
        return False
    pending = views
    while pending:
        failed: list[tuple[str, Path]] = []
        errors: dict[str, str] = {}
        for name, path in pending:
            try:
                con.execute(path.read_text(encoding="utf-8"))
            except duckdb.CatalogException as exc:  # depends on a view not created yet
                failed.append((name, path))
                errors[name] = str(exc).splitlines()[0]
        if len(failed) == len(pending):
            detail = "; ".join(f"{n}: {e}" for n, e in errors.items())
            raise DatabaseError(f"cannot create views: {detail}")
        pending = failed
    con.executemany(
        "INSERT OR REPLACE INTO schema_views (view_name, checksum) VALUES (?, ?)",
        [[name, checksum] for name, checksum in checksums.items()],
    )
    return True
