"""The CLI commands: wiring between parsed arguments, the flow and the tasks' plain functions."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tasks.ingest import SourceError
from tasks.load import DatabaseLockedError


class UsageError(Exception):
    """Bad arguments or a missing file: printed as one line, exit code 2."""


USER_ERRORS = (SourceError, DatabaseLockedError, UsageError)


def run(args: argparse.Namespace) -> int:
    from flows.pipeline import stance_pipeline
    from tasks.ingest import discover_files
    from tasks.report import format_summary, read_report

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    discover_files(args.source)  # a bad source is a one-line error before Prefect starts
    result = stance_pipeline(source=args.source, db_path=args.db, batch_size=args.batch_size)
    if not args.quiet:
        print(format_summary(read_report(args.db), result, args.db))
    return 0


def sql(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.load import connect
    from tasks.report import format_table

    if not Path(args.db).exists():
        raise UsageError(
            f"database {args.db} does not exist; create it with `stancewire run --source PATH`"
        )
    with connect(args.db, read_only=True) as con:
        try:
            rel = con.sql(args.query)
        except duckdb.Error as exc:
            print(f"stancewire: SQL error: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 1
        if rel is None:  # a statement without a result
            return 0
        df = rel.pl()
    if args.format == "csv":
        df.write_csv(sys.stdout)
    elif args.format == "json":
        print(json.dumps(df.to_dicts(), default=str, ensure_ascii=False, indent=1))
    else:
        print(format_table(df.head(args.limit)))
        more = f", first {args.limit} shown" if df.height > args.limit else ""
        print(f"({df.height} row{'s' if df.height != 1 else ''}{more})")
    return 0


def evaluate(args: argparse.Namespace) -> int:
    import polars as pl

    from flows.pipeline import stance_pipeline
    from tasks.evaluate import format_table, load_gold, predictions_from_db, score_predictions

    gold_dir = Path(args.gold_dir)
    for name in ("articles.jsonl", "gold.jsonl"):
        if not (gold_dir / name).is_file():
            raise UsageError(f"{gold_dir / name} not found: a gold folder holds articles.jsonl "
                              "and gold.jsonl (see ../shared/eval/FORMAT.md)")
    with tempfile.TemporaryDirectory(prefix="stancewire-eval-") as tmp:
        db = args.db or str(Path(tmp) / "eval.duckdb")
        stance_pipeline(source=str(gold_dir / "articles.jsonl"), db_path=db)
        articles, gold = load_gold(gold_dir)
        pred = predictions_from_db(db)
    pred = pred.filter(pl.col("article_id").is_in(articles["article_id"].implode()))
    result = score_predictions(pred, gold, articles, tau=args.tau)
    if args.json:
        print(json.dumps(result.to_dict(), default=str, ensure_ascii=False, indent=1))
    else:
        print(format_table(result))
    return 0
