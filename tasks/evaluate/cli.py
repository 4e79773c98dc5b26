"""The evaluation command and its sources of predictions.

- ``predictions_from_db(db_path)`` reads the loaded ``quotes`` / ``quote_stance`` tables;
- ``evaluate_in_process(gold_dir)`` runs the plain stage functions (no Prefect, no DuckDB);
- ``format_table`` / ``format_errors`` print an ``EvalResult``;
- ``main``: ``python -m tasks.evaluate GOLD_DIR [--json] [--tau 0.3] [--db FILE] [--errors N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import polars as pl

from tasks.contract import TARGET_SIDES, conform
from tasks.evaluate.gold import EvalError, load_gold, select_outlets
from tasks.evaluate.metrics import PRED, EvalResult, score_predictions


def _fmt(value: float | None, pct: bool = True) -> str:
    if value is None:
        return "–"
    return f"{100 * value:5.1f}" if pct else f"{value:.3f}"


def format_table(result: EvalResult) -> str:
    """A readable plain-text table of the numbers (percentages; "–" = not applicable)."""
    r = result
    lines = [
        f"articles {r.n_articles}   gold quotes {r.n_gold}   predicted {r.n_pred}"
        + (f"   (gold quotes not found in text: {r.n_gold_unlocated})"
           if r.n_gold_unlocated else ""),
        "",
        f"{'quotes':<22}{'matched':>8}{'P':>8}{'R':>8}{'F1':>8}",
        f"{'overlap >= ' + format(r.tau, 'g'):<22}{r.matched:>8}{_fmt(r.precision):>8}"
        f"{_fmt(r.recall):>8}{_fmt(r.f1):>8}",
        f"{'overlap >= ' + format(r.strict_tau, 'g'):<22}{r.matched_strict:>8}"
        f"{_fmt(r.precision_strict):>8}{_fmt(r.recall_strict):>8}{_fmt(r.f1_strict):>8}",
        "",
        f"{'recall by kind':<22}{'gold':>8}{'R':>8}",
    ]
    for kind, rec in r.recall_by_kind.items():
        lines.append(f"{'  ' + kind:<22}{r.n_gold_by_kind.get(kind, 0):>8}{_fmt(rec):>8}")
    lines += [
        "",
        f"{'attribution (matched)':<22}{'n':>8}{'acc':>8}",
        f"{'  speaker (named)':<22}{r.n_speaker:>8}{_fmt(r.speaker_accuracy):>8}",
        f"{'  side':<22}{r.n_side:>8}{_fmt(r.side_accuracy):>8}",
        "",
        f"{'stance (matched)':<22}{'n':>8}{'F_avg':>8}{'F1 fav':>8}{'F1 ag':>8}",
    ]
    for side in TARGET_SIDES:
        f1s = r.stance_f1.get(side, {})
        favg = r.stance_favg_ukraine if side == "ukraine" else r.stance_favg_russia
        lines.append(
            f"{'  toward ' + side:<22}{r.n_stance.get(side, 0):>8}{_fmt(favg):>8}"
            f"{_fmt(f1s.get('favor')):>8}{_fmt(f1s.get('against')):>8}"
        )
    return "\n".join(lines)


def format_errors(result: EvalResult, limit: int = 20) -> str:
    """The first ``limit`` entries of each error list, one line each, for tuning."""
    def clip(s: Any, n: int = 90) -> str:
        s = str(s or "").replace("\n", " ")
        return s if len(s) <= n else s[: n - 1] + "…"

    out = []
    sections = [
        ("misses", result.misses,
         lambda e: f"[{e['kind']}] {clip(e['quote'])}  — {e['speaker']}"),
        ("false positives", result.false_positives,
         lambda e: f"{clip(e['text'])}  — {e['speaker']}"),
        ("wrong speakers", result.wrong_speakers,
         lambda e: f"gold {e['gold']!r} pred {e['pred']!r}: {clip(e['quote'], 60)}"),
        ("wrong sides", result.wrong_sides,
         lambda e: f"{e['speaker']!r} gold {e['gold']} pred {e['pred']}: {clip(e['quote'], 60)}"),
        ("wrong stances", result.wrong_stances,
         lambda e: f"{e['side']}: gold {e['gold']} pred {e['pred']}: {clip(e['quote'], 70)}"),
    ]
    for title, items, fmt in sections:
        out.append(f"\n{title} ({len(items)}):")
        out.extend(f"  {e['article_id'][:24]}: {fmt(e)}" for e in items[:limit])
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# sources of predictions


def stance_to_columns(quotes: pl.DataFrame, stance: pl.DataFrame) -> pl.DataFrame:
    """Add stance_ukraine / stance_russia to ``quotes`` (with quote_id) from a STANCE frame
    (quote_id, side, label); quotes without a stance row get "none"."""
    out = quotes
    for side in TARGET_SIDES:
        col = f"stance_{side}"
        part = (
            stance.filter(pl.col("side") == side)
            .group_by("quote_id")
            .agg(pl.col("label").first().alias(col))
        ) if stance.height else pl.DataFrame(schema={"quote_id": pl.String, col: pl.String})
        out = out.drop(col, strict=False).join(part, on="quote_id", how="left")
        out = out.with_columns(pl.col(col).fill_null("none"))
    return out


def predictions_from_db(db_path: str | Path) -> pl.DataFrame:
    """Predicted quotes (PRED schema) from a stancewire DuckDB file (tables quotes,
    quote_stance), opened read-only."""
    import duckdb

    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"database not found: {db_path}")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:  # e.g. another process holds the write lock
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EvalError(f"cannot open {db_path} read-only: {first_line}") from None
    with con:
        tables = {row[0] for row in con.sql(
            "select table_name from information_schema.tables").fetchall()}
        if "quotes" not in tables:
            raise EvalError(f"{db_path} has no table 'quotes' (run the pipeline first)")
        quotes = con.sql(
            "select quote_id, article_id, char_start, char_end, text, kind, speaker, speaker_side"
            " from quotes"
        ).pl()
        stance = (
            con.sql("select quote_id, side, label from quote_stance").pl()
            if "quote_stance" in tables
            else pl.DataFrame(schema={"quote_id": pl.String, "side": pl.String, "label": pl.String})
        )
    return conform(stance_to_columns(quotes, stance), PRED)


def evaluate_in_process(gold_dir: str | Path, tau: float = 0.3, outlets: str = "",
                        exclude_outlets: str = "") -> EvalResult:
    """Run extract -> attribute -> score as plain functions on the gold articles and score them
    (dev fast path: no Prefect, no DuckDB); optionally on some outlets only."""
    articles, gold = select_outlets(*load_gold(gold_dir), outlets, exclude_outlets)
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.score.quotes import score_quotes

    extracted = extract_quotes(articles.select("article_id", "text"))
    attributed, _actors = attribute_speakers(extracted, articles.select("article_id", "text", "outlet", "published"))
    scored, stance = score_quotes(attributed)
    pred = stance_to_columns(scored, stance)
    return score_predictions(pred, gold, articles, tau=tau)


def main(argv: list[str] | None = None) -> int:
    """``python -m tasks.evaluate GOLD_DIR [--json] [--tau T] [--db FILE] [--errors N]``."""
    ap = argparse.ArgumentParser(
        prog="python -m tasks.evaluate", description="Score the pipeline against a gold set."
    )
    ap.add_argument("gold_dir", help="folder with articles.jsonl and gold.jsonl")
    ap.add_argument("--tau", type=float, default=0.3, help="overlap threshold (default 0.3)")
    ap.add_argument("--db", help="score the quotes of this DuckDB file (default: run in-process)")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="also list the first N misses / false positives / wrong labels")
    ap.add_argument("--outlets", default="", metavar="A,B",
                    help="only the articles of these outlets (a kept-back part)")
    ap.add_argument("--exclude-outlets", default="", metavar="A,B",
                    help="every article but those of these outlets (the developed part)")
    args = ap.parse_args(argv)
    try:
        if args.db:
            articles, gold = select_outlets(*load_gold(args.gold_dir), args.outlets,
                                            args.exclude_outlets)
            result = score_predictions(predictions_from_db(args.db), gold, articles, tau=args.tau)
        else:
            result = evaluate_in_process(args.gold_dir, tau=args.tau, outlets=args.outlets,
                                         exclude_outlets=args.exclude_outlets)
    except (EvalError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"error: a pipeline stage is not available yet ({exc})", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(result))
        if args.errors:
            print(format_errors(result, args.errors))
    return 0

