"""The CLI commands: wiring between parsed arguments, the flow and the tasks' plain functions."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb

from tasks.store.db import DatabaseError
from tasks.ingest.feeds import FeedSourceError, is_feed_source, read_feed_list
from tasks.ingest.files import SourceError
from tasks.settings import SettingsError


class UsageError(Exception):
    """Bad arguments or a missing file: printed as one line, exit code 2."""


# printed as one line (their first), exit code 2: what the user can fix. DatabaseError covers a
# locked file, a file that is not DuckDB, a folder given as --db; the duckdb errors are those of
# the file and the machine (disk full, permissions, memory), not of a query
USER_ERRORS = (SourceError, DatabaseError, UsageError, FeedSourceError, SettingsError,
               duckdb.IOException, duckdb.PermissionException, duckdb.OutOfMemoryException)


def check_source(source: str, inbox: bool = False) -> None:
    """A one-line error (before Prefect starts) for a source that cannot be read at all."""
    if is_feed_source(source):
        read_feed_list(source)
    elif inbox and Path(source).expanduser().is_dir():
        return  # an empty inbox is fine
    else:
        from tasks.ingest.files import discover_files

        discover_files(source)


def check_db(db: str) -> None:
    """A one-line error (before Prefect starts) for a ``--db`` that is not, and cannot become, a
    DuckDB file: a folder, a file DuckDB cannot open (a text file, a damaged database), a path
    under a file. A database another process holds is fine (the run waits for it)."""
    from tasks.store import DatabaseLockedError, connect

    path = _not_a_folder(db)
    if path.exists():
        try:
            connect(path, read_only=True, timeout_s=0).close()
        except DatabaseLockedError:
            pass
        return
    above = next((p for p in path.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        raise UsageError(f"--db {db}: {above} is a file, not a folder")


def _not_a_folder(db: str) -> Path:
    path = Path(db).expanduser()
    if path.is_dir():
        raise UsageError(f"--db {db} is a folder, not a DuckDB file "
                         f"(e.g. --db {Path(db) / 'stancewire.duckdb'})")
    return path


def _existing_db(db: str) -> None:
    """A one-line error for a database to read that is missing or a folder (any other problem
    is the one-line ``DatabaseError`` of opening it)."""
    if not _not_a_folder(db).exists():
        raise UsageError(
            f"database {db} does not exist; create it with `stancewire run --source PATH`"
        )


def run(args: argparse.Namespace) -> int:
    from flows.limits import FLOW_TIMEOUT_ENV, flow_timeout_s
    from flows.progress import run_progress

    timeout = flow_timeout_s()  # a bad value: SettingsError (one line), before the flow reads it
    from flows.pipeline import run_pipeline
    from tasks.publish.summary import format_summary, read_report

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    inbox = getattr(args, "inbox", False)
    check_source(args.source, inbox)  # a bad source is a one-line error before Prefect starts
    check_db(args.db)
    runner = getattr(args, "runner", "local")
    workers = getattr(args, "workers", None)
    address = getattr(args, "dask_address", None)
    if workers is not None and workers < 1:
        raise UsageError("--workers must be at least 1")
    if address and runner != "dask":
        raise UsageError("--dask-address needs --runner dask")
    if address:
        _check_dask_address(address)
    try:
        with run_progress(getattr(args, "verbose", False)):
            prefect_api()
            result = run_pipeline(
                source=args.source, db_path=args.db, batch_size=args.batch_size, inbox=inbox,
                runner=runner, dask_address=address, workers=workers,
            )
    except TimeoutError as exc:
        from prefect.flow_engine import FlowRunTimeoutError

        if not isinstance(exc, FlowRunTimeoutError):
            raise
        print(f"stancewire: error: the run was stopped after {timeout:g} s ({FLOW_TIMEOUT_ENV}); "
              "the batches loaded before are kept, run again to go on", file=sys.stderr)
        return 1
    if not args.quiet:
        print(format_summary(read_report(args.db), result, args.db))
    return 0


def prefect_api() -> None:
    """Make sure flow runs in this process have a Prefect API; a no-op when one is configured.

    Without ``PREFECT_API_URL`` Prefect would start a temporary server itself (ephemeral mode),
    a process that runs on when this one is killed (``kill -9``: no atexit). So the CLI starts
    that same server as a child it owns (Prefect's own command, held on to this process by
    tasks/lifeline.py: PDEATHSIG on Linux, a parent watchdog everywhere), points
    ``PREFECT_API_URL`` at it, and stops it at exit as Prefect does. Called from the main
    thread (PDEATHSIG follows the thread that started the child)."""
    import atexit
    import os
    import random
    import socket
    import subprocess
    import time

    import httpx
    from prefect.context import refresh_global_settings_context
    from prefect.settings import get_current_settings

    from tasks.lifeline import command

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        return
    env = {**os.environ, **settings.to_environment_variables(exclude_unset=True),
           "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
           "PREFECT__SERVER_FINAL": "1"}  # as Prefect starts its temporary server
    env.pop("PREFECT_API_URL", None)
    deadline = time.monotonic() + settings.server.ephemeral.startup_timeout_seconds

    def start() -> tuple[subprocess.Popen, int]:
        while True:
            port = random.randrange(8000, 9000)
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
            app_dir = str(Path(__import__("prefect").__file__).resolve().parent.parent)
            return subprocess.Popen(command(
                "uvicorn", "--app-dir", app_dir, "--factory",
                "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
                str(port), "--log-level", "error", "--lifespan", "on",
            ), env=env), port

    server, port = start()

    def stop() -> None:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    atexit.register(lambda: stop())  # registered before the flow's: runs after them
    with httpx.Client() as client:
        while True:
            if server.poll() == 3:  # uvicorn: the port was taken meanwhile
                server, port = start()
            elif server.poll() is not None:
                raise RuntimeError(f"The temporary Prefect API server exited with code "
                                   f"{server.returncode}.")
            try:
                if client.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                stop()
                raise RuntimeError("Timed out while attempting to connect to the temporary "
                                   "Prefect API server.")
            time.sleep(0.1)
    os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    refresh_global_settings_context()


def _check_dask_address(address: str) -> None:
    """A one-line error (before Prefect starts) when no Dask scheduler answers at ``address``."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if parts.scheme != "tcp" or not host or not port:
        raise UsageError(f"--dask-address {address!r} is not tcp://HOST:PORT")
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError as exc:
        raise UsageError(
            f"no Dask scheduler answers at {address} ({exc.strerror or exc}); start one with "
            "`dask scheduler` and `dask worker`, or use --runner dask without --dask-address"
        ) from None


def read_query(query: str | None, file: str | None) -> str:
    """The SQL of ``stancewire sql``: the QUERY argument, or the text of ``-f FILE`` (``-``:
    standard input); exactly one of them."""
    if (query is None) == (file is None):
        raise UsageError("give the SQL as an argument or with -f FILE (-f - reads standard "
                         "input), not both" if query is not None else
                         "no SQL given: stancewire sql \"select ...\" or stancewire sql -f FILE")
    if file is None:
        return query
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UsageError(f"cannot read SQL file {file}: {reason}") from None


def sql(args: argparse.Namespace) -> int:
    from tasks.store import connect
    from tasks.publish.summary import format_table

    query = read_query(args.query, getattr(args, "file", None))
    _existing_db(args.db)
    with connect(args.db, read_only=True) as con:
        try:
            rel = con.sql(query)
            if rel is None:  # a statement without a result
                return 0
            if args.format == "csv":  # DuckDB's own writer: lists and structs too
                _write_csv(rel)
                return 0
            df = rel.pl()
        except duckdb.Error as exc:
            print(f"stancewire: SQL error: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 1
    if args.format == "json":
        print(json.dumps(df.to_dicts(), default=str, ensure_ascii=False, indent=1))
    else:
        print(format_table(df.head(args.limit)))
        more = f", first {args.limit} shown" if df.height > args.limit else ""
        print(f"({df.height} row{'s' if df.height != 1 else ''}{more})")
    return 0


def _write_csv(rel: duckdb.DuckDBPyRelation) -> None:
    """The result as CSV on standard output, written by DuckDB (``write_csv``: a list or struct
    column becomes one quoted cell, as ``COPY ... TO`` writes it) into a temporary file first."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="stancewire-sql-") as tmp:
        out = Path(tmp) / "result.csv"
        rel.write_csv(str(out), header=True)
        sys.stdout.flush()
        with out.open("rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.flush()


def evaluate(args: argparse.Namespace) -> int:
    import polars as pl

    from flows.pipeline import stance_pipeline
    from tasks.evaluate import format_table, load_gold, predictions_from_db, score_predictions
    from tasks.evaluate.gold import EvalError, select_outlets

    gold_dir = Path(args.gold_dir)
    for name in ("articles.jsonl", "gold.jsonl"):
        if not (gold_dir / name).is_file():
            raise UsageError(f"{gold_dir / name} not found: a gold folder holds articles.jsonl "
                              "and gold.jsonl (see ../shared/eval/FORMAT.md)")
    try:  # a bad gold file or outlet name: one line before any run
        articles, gold = select_outlets(*load_gold(gold_dir), args.outlets, args.exclude_outlets)
    except EvalError as exc:
        raise UsageError(str(exc)) from None
    if args.db:
        check_db(args.db)
    prefect_api()
    with tempfile.TemporaryDirectory(prefix="stancewire-eval-") as tmp:
        db = args.db or str(Path(tmp) / "eval.duckdb")
        stance_pipeline(source=str(gold_dir / "articles.jsonl"), db_path=db)
        pred = predictions_from_db(db)
    pred = pred.filter(pl.col("article_id").is_in(articles["article_id"].implode()))
    result = score_predictions(pred, gold, articles, tau=args.tau)
    if args.json:
        print(json.dumps(result.to_dict(), default=str, ensure_ascii=False, indent=1))
    else:
        print(format_table(result))
    return 0


def serve(args: argparse.Namespace) -> int:
    from flows.serve import api_url, check_api
    from flows.serve import serve as serve_flow

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    _check_cron(args.cron)
    check_source(args.source, inbox=True)
    check_db(args.db)
    url = api_url()
    if not url:
        raise UsageError(
            "serve needs a running Prefect server: start one with `make server` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (or `prefect config set "
            "PREFECT_API_URL=...`)"
        )
    if (why := check_api(url)) is not None:
        raise UsageError(f"no Prefect server answers at {url} (PREFECT_API_URL or the active "
                         f"Prefect profile): {why}")
    serve_flow(args.source, args.cron, args.db, name=args.name, batch_size=args.batch_size)
    return 0


def _check_cron(cron: str) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise UsageError(f"not a valid cron schedule: {cron!r} (e.g. \"*/15 * * * *\")")


def export(args: argparse.Namespace) -> int:
    from tasks.publish.export import export_parquet

    _existing_db(args.db)
    try:
        counts = export_parquet(args.db, args.out, include_views=args.views)
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
    for name, n in counts.items():
        print(f"{Path(args.out) / (name + '.parquet')}  {n} rows")
    return 0


def report(args: argparse.Namespace) -> int:
    from tasks.publish.charts import write_report

    _existing_db(args.db)
    files = write_report(args.db, args.out)
    print(f"wrote {files.html}")
    for png in files.pngs.values():
        print(f"wrote {png}")
    return 0
