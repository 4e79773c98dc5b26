"""The ``stancewire`` command line. Only argument parsing and wiring live here.

Heavy imports (prefect, polars, duckdb) happen inside the command functions so that
``stancewire --help`` answers at once.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

DEFAULT_DB = "stancewire.duckdb"
EXIT_USAGE = 2

EPILOG = """\
examples:
  stancewire run --source seeds/articles            # ingest, extract, attribute, score, load
  stancewire run --source 'news/*.jsonl' --db war.duckdb
  stancewire sql "select speaker, count(*) n from quotes group by 1 order by n desc limit 10"
  stancewire sql "select * from v_stance_by_side" --format csv
  stancewire sql -f sql/examples/weekly_trend.sql   # SQL from a file (-f - : standard input)
  stancewire evaluate ../shared/eval/war-dev         # quote/speaker/stance quality vs gold
  stancewire run --source https://example.org/rss.xml  # an RSS/Atom feed (or a .feeds list)
  stancewire serve --source inbox/ --cron "*/15 * * * *"   # scheduled; needs `make server`
  stancewire export --format parquet --out export/   # every table as Parquet
  stancewire report --out report.html               # charts: HTML + PNG files alongside

The database is a plain DuckDB file: open it with `.venv/bin/duckdb -readonly stancewire.duckdb`
or `duckdb.connect(path, read_only=True)`; read-only sessions share it, a run's load waits.
"""


def _configure_prefect() -> None:
    """Quiet, local Prefect defaults unless the user configured Prefect already.

    ``PREFECT_HOME`` (Prefect's state: the temporary server's database, profiles): in a checkout
    ``<checkout>/.prefect``, as ``make`` sets it; installed (no pyproject.toml beside the code)
    Prefect's own default, ``~/.prefect``, where ``prefect config set`` keeps its profiles --
    never the installed package's folder."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file():
        os.environ.setdefault("PREFECT_HOME", str(root / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")
    # the temporary local server migrates its SQLite database on first start: give it time
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: the run ends as on Ctrl-C (batches already loaded
    kept, one line, non-zero exit) and ``atexit`` stops what it started (without a handler
    Python would die at once). Inside a flow Prefect's own SIGTERM handler marks the run
    crashed, then re-sends the signal to this one."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def _hide_user_error_tracebacks(user_errors: tuple[type[BaseException], ...]) -> None:
    """Keep Prefect's console logging from printing a traceback for an error the CLI reports in
    one line itself (a locked database, a bad source). The records still reach the Prefect API,
    so the UI keeps the full story."""
    import logging

    from prefect.logging.configuration import setup_logging

    setup_logging()  # Prefect's console handlers, which get the filter

    def keep(record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, user_errors)

    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(
            handler, logging.FileHandler
        ):
            handler.addFilter(keep)


def version() -> str:
    """The installed package's version (package metadata), "unknown" when it is not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("stancewire")
    except PackageNotFoundError:
        return "unknown"


def one_line(exc: BaseException) -> str:
    """The first line of an error's message (DuckDB's messages run on with hints)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stancewire",
        description=(
            "Who said what about whom in war news: extract quotes, attribute them to actors, "
            "score sentiment and stance toward Ukraine and Russia, and load it all into DuckDB."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"stancewire {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the pipeline flow on a source",
        description="Run the stance-pipeline Prefect flow: ingest -> extract -> attribute -> "
        "score -> load. Unchanged articles are skipped, changed ones replaced.",
    )
    run.add_argument(
        "--source",
        required=True,
        help="a file (.txt seed format, .jsonl/.ndjson, .json, .csv, .parquet), "
        "a directory (recursive) or a glob; or an RSS/Atom feed URL (http/https) or a "
        ".feeds file (one feed URL per line, # comments)",
    )
    run.add_argument(
        "--inbox",
        action="store_true",
        help="treat a directory source as an inbox: skip files processed by earlier runs",
    )
    run.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default: {DEFAULT_DB})")
    run.add_argument(
        "--batch-size",
        type=int,
        default=2000,
        help="articles per batch task (default: 2000)",
    )
    run.add_argument("--quiet", action="store_true", help="print no summary")
    run.add_argument("-v", "--verbose", action="store_true",
                     help="log one INFO line per batch read and per batch loaded on stderr "
                     "(without it: a progress bar when stderr is a terminal, else nothing)")
    run.add_argument(
        "--runner",
        choices=("local", "process", "dask"),
        default="local",
        help="where the CPU stages of each batch run: local (default: this machine, a warm pool "
        "of --workers plain processes; small runs stay in this process), process (Prefect's "
        "ProcessPoolTaskRunner: slower, its workers run Prefect's engine) or dask (worker "
        "processes of a Dask cluster); this process stays the only DuckDB writer",
    )
    run.add_argument(
        "--dask-address",
        default=None,
        metavar="tcp://HOST:PORT",
        help="scheduler of a running Dask cluster (with --runner dask; without it a local "
        "cluster is started). Workers must see the database's folder (Parquet hand-off)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes of the local pool, the process pool or the local Dask cluster "
        "(default: one per core; 1 = no worker processes); with --dask-address, batches kept "
        "in flight = 2 x this (default 2)",
    )

    sql = sub.add_parser(
        "sql",
        help="run a SQL query on the database and print the result",
        description="Run any SQL on the DuckDB file (read-only) and print the result.",
    )
    sql.add_argument("query", nargs="?", default=None,
                     help="the SQL to run, e.g. \"select * from v_top_speakers\"")
    sql.add_argument("-f", "--file", default=None, metavar="FILE",
                     help="read the SQL from FILE instead (- : standard input); with several "
                     "statements, the last one's result is printed")
    sql.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default: {DEFAULT_DB})")
    sql.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default: table)",
    )
    sql.add_argument("--limit", type=int, default=100, help="rows shown as a table (default 100)")

    ev = sub.add_parser(
        "evaluate",
        help="score the pipeline against a gold set",
        description="Run the pipeline on GOLD_DIR/articles.jsonl (into a temporary DB unless "
        "--db is given) and score it against GOLD_DIR/gold.jsonl as ../shared/eval/FORMAT.md "
        "defines: quote P/R/F1, recall by kind, speaker, side and stance accuracy.",
    )
    ev.add_argument("gold_dir", help="folder with articles.jsonl and gold.jsonl")
    ev.add_argument("--db", default=None, help="keep the predictions in this DuckDB file")
    ev.add_argument("--tau", type=float, default=0.3, help="overlap threshold (default 0.3)")
    ev.add_argument("--json", action="store_true", help="print numbers and error lists as JSON")
    ev.add_argument("--outlets", default="", metavar="A,B",
                    help="score only the articles of these outlets (e.g. a kept-back part)")
    ev.add_argument("--exclude-outlets", default="", metavar="A,B",
                    help="score every article but those of these outlets")
    serve = sub.add_parser(
        "serve",
        help="run the pipeline on a schedule (Prefect deployment; needs `make server`)",
        description="Serve the stance-pipeline flow as a Prefect deployment with a cron "
        "schedule until interrupted (Ctrl-C). Needs a running Prefect server: `make server`, "
        "then PREFECT_API_URL=http://127.0.0.1:4200/api. A directory source is an inbox (each "
        "file processed once); feeds fetch only new entries. One run at a time.",
    )
    serve.add_argument("--source", required=True,
                       help="an inbox directory, a file or glob, a feed URL or a .feeds file")
    serve.add_argument("--cron", required=True, help='cron schedule, e.g. "*/15 * * * *"')
    serve.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default: {DEFAULT_DB})")
    serve.add_argument("--name", default="scheduled",
                       help="deployment name (default: scheduled)")
    serve.add_argument("--batch-size", type=int, default=2000,
                       help="articles per batch task (default: 2000)")

    export = sub.add_parser(
        "export",
        help="write every table (and optionally view) as Parquet",
        description="Write each table of the database as OUT/<table>.parquet (read-only).",
    )
    export.add_argument("--format", choices=("parquet",), default="parquet",
                        help="output format (default: parquet)")
    export.add_argument("--out", required=True, help="output directory (created if missing)")
    export.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default: {DEFAULT_DB})")
    export.add_argument("--views", action="store_true", help="also export every v_* view")

    report = sub.add_parser(
        "report",
        help="draw charts into an HTML file (and PNG files alongside)",
        description="Charts of the database: stance toward each side by speaker side over "
        "time, top actors by stance, quote volume per outlet. Writes OUT (HTML, opens "
        "offline) and OUT-<chart>.png beside it.",
    )
    report.add_argument("--out", default="report.html", help="HTML file (default: report.html)")
    report.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default: {DEFAULT_DB})")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "serve":  # scheduled runs: show the pipeline's INFO logs in the UI
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    _configure_prefect()
    from tasks.settings import SettingsError, get_settings

    try:  # every STANCEWIRE_* variable checked before anything starts
        if get_settings().stance_model is not None:
            from tasks.score.model import load_model

            load_model()
    except SettingsError as exc:
        print(f"stancewire: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from flows import commands
    from tasks.pool import WorkerDiedError

    _hide_user_error_tracebacks(commands.USER_ERRORS + (WorkerDiedError,))
    handler = {
        "run": commands.run,
        "sql": commands.sql,
        "evaluate": commands.evaluate,
        "serve": commands.serve,
        "export": commands.export,
        "report": commands.report,
    }[args.command]
    on_term = None
    if args.command in ("run", "evaluate") and threading.current_thread() is threading.main_thread():
        on_term = signal.signal(signal.SIGTERM, _terminate)
    try:
        return handler(args)
    except Terminated:
        print("stancewire: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("stancewire: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # output piped into `head` and the like: not an error
        if not isinstance(exc, BrokenPipeError) and "broken pipe" not in str(exc).lower():
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except commands.USER_ERRORS as exc:
        print(f"stancewire: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except WorkerDiedError as exc:
        print(f"stancewire: error: {one_line(exc)}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        if "Prefect API server" not in str(exc):
            raise
        print(
            f"stancewire: error: {exc} Start one with `make server` and set PREFECT_API_URL, "
            "or raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.",
            file=sys.stderr,
        )
        return 1
    finally:
        if on_term is not None:
            signal.signal(signal.SIGTERM, on_term)


if __name__ == "__main__":
    sys.exit(main())
