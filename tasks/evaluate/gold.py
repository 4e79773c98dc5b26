"""Gold sets (../shared/eval/FORMAT.md): reading a gold folder and locating its quotes.

- ``load_gold(gold_dir)`` reads ``articles.jsonl`` + ``gold.jsonl``: the articles in the
  ARTICLES contract and the gold quotes in the ``GOLD`` schema;
- ``locate_quotes`` gives each gold quote its character offsets (the first occurrence at or
  after the previous identical quote); ``unlocated`` lists the quotes not found in their text;
- ``EvalError`` / ``GoldError``: evaluation input that cannot be used (one line for the CLI).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from tasks.contract import ARTICLES, conform

GOLD = {
    "article_id": pl.String,
    "quote_index": pl.Int32,  # order of the quote within its article in gold.jsonl
    "char_start": pl.Int32,  # null when the quote is not found in the article text
    "char_end": pl.Int32,
    "quote": pl.String,
    "kind": pl.String,
    "speaker": pl.String,
    "speaker_named": pl.Boolean,
    "speaker_mention": pl.String,
    "verb": pl.String,
    "speaker_side": pl.String,
    "stance_ukraine": pl.String,
    "stance_russia": pl.String,
    "note": pl.String,
}


class EvalError(ValueError):
    """Evaluation input that cannot be used; the message is one line for the CLI."""


class GoldError(EvalError):
    """A gold folder that cannot be read (missing files, broken JSON)."""


# --------------------------------------------------------------------------------------------
# reading


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    records = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path} line {lineno}: invalid JSON ({exc.msg})") from None
            if not isinstance(rec, dict):
                raise GoldError(f"{path} line {lineno}: expected a JSON object")
            records.append(rec)
    return records


def _parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def locate_quotes(text: str, quotes: list[str]) -> list[tuple[int, int] | None]:
    """Character spans of ``quotes`` (in order) in ``text``: each at its first occurrence at or
    after the end of the previous identical quote; None when not found."""
    last_end: dict[str, int] = {}
    spans: list[tuple[int, int] | None] = []
    for quote in quotes:
        if not quote:
            spans.append(None)
            continue
        start = text.find(quote, last_end.get(quote, 0))
        if start < 0 and quote in last_end:  # a repeat overlapping the previous one
            start = text.find(quote, last_end[quote] - len(quote) + 1)
        if start < 0:
            spans.append(None)
            continue
        last_end[quote] = start + len(quote)
        spans.append((start, start + len(quote)))
    return spans


def load_gold(gold_dir: str | Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read a gold folder: (articles in the ARTICLES contract, gold quotes in the GOLD schema).

    Gold quotes that are not found in their article keep null offsets (see ``unlocated``);
    they are reported, never a crash.
    """
    gold_dir = Path(gold_dir)
    art_path = gold_dir / "articles.jsonl"
    art_recs = _read_jsonl(art_path)
    gold_recs = _read_jsonl(gold_dir / "gold.jsonl")

    articles_rows = []
    texts: dict[str, str] = {}
    for rec in art_recs:
        aid = str(rec.get("id", rec.get("article_id", "")))
        text = rec.get("text") or ""
        texts[aid] = text
        extra = {k: v for k, v in rec.items()
                 if k not in {"id", "article_id", "outlet", "date", "url", "title", "text"}}
        articles_rows.append({
            "article_id": aid,
            "source": str(art_path),
            "outlet": rec.get("outlet"),
            "url": rec.get("url"),
            "title": rec.get("title"),
            "published": _parse_date(rec.get("date")),
            "text": text,
            "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "extra": json.dumps(extra, ensure_ascii=False),
        })
    articles = conform(pl.DataFrame(articles_rows, schema=ARTICLES) if articles_rows
                       else pl.DataFrame(schema=ARTICLES), ARTICLES)

    by_article: dict[str, list[dict[str, Any]]] = {}
    for rec in gold_recs:
        by_article.setdefault(str(rec.get("article_id", "")), []).append(rec)
    gold_rows = []
    for aid, recs in by_article.items():
        spans = locate_quotes(texts.get(aid, ""), [r.get("quote") or "" for r in recs])
        for idx, (rec, span) in enumerate(zip(recs, spans)):
            row = {name: rec.get(name) for name in GOLD}
            row.update(article_id=aid, quote_index=idx,
                       char_start=span[0] if span else None, char_end=span[1] if span else None)
            for name in ("speaker_side", "stance_ukraine", "stance_russia", "kind"):
                if isinstance(row[name], str):
                    row[name] = row[name].strip().lower() or None
            if row["speaker_named"] is not None:
                row["speaker_named"] = bool(row["speaker_named"])
            gold_rows.append(row)
    gold = pl.DataFrame(gold_rows, schema=GOLD) if gold_rows else pl.DataFrame(schema=GOLD)
    return articles, gold


def unlocated(gold: pl.DataFrame) -> pl.DataFrame:
    """Gold quotes whose text was not found in their article."""
    return gold.filter(pl.col("char_start").is_null())


def select_outlets(articles: pl.DataFrame, gold: pl.DataFrame, outlets: str = "",
                   exclude: str = "") -> tuple[pl.DataFrame, pl.DataFrame]:
    """The articles (and their gold quotes) of the comma-separated ``outlets``, or of every
    outlet but ``exclude``: a kept-back part of a gold set measured on its own
    (``--outlets CBS,Guardian,Mirror,Reuters``). Unknown outlet names are an EvalError."""
    keep = {o.strip() for o in outlets.split(",") if o.strip()}
    drop = {o.strip() for o in exclude.split(",") if o.strip()}
    if not keep and not drop:
        return articles, gold
    known = set(articles["outlet"].drop_nulls().to_list())
    unknown = (keep | drop) - known
    if unknown:
        raise EvalError(f"no article of outlet(s) {', '.join(sorted(unknown))} in the gold set "
                        f"(outlets: {', '.join(sorted(known))})")
    cond = pl.col("outlet").is_in(list(keep)) if keep else ~pl.col("outlet").is_in(list(drop))
    articles = articles.filter(cond.fill_null(False))
    return articles, gold.filter(pl.col("article_id").is_in(articles["article_id"].implode()))
