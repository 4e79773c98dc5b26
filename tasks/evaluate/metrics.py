"""Scoring predicted quotes against gold quotes (definitions in ../shared/eval/FORMAT.md).

``score_predictions(pred, gold, articles, tau)`` matches predicted spans to gold spans per
article (``match_spans``: eligible when the overlap covers >= tau of the gold span; one-to-one,
greedy, highest overlap fraction first) and computes P/R/F1 (at tau and at 0.8), recall by
kind, speaker accuracy, side accuracy and stance F_avg (SemEval-2016 Task 6, ``stance_favg``)
per target side, returned as an ``EvalResult`` with the error lists.

A predicted frame (``PRED``) has columns article_id, char_start, char_end, text, kind, speaker,
speaker_side, stance_ukraine, stance_russia (missing columns/labels count as "none"/null).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from tasks.contract import TARGET_SIDES, conform
from tasks.evaluate.gold import GOLD, unlocated
from tasks.evaluate.names import same_speaker

STRICT_TAU = 0.8
SCORED_SIDES = ("ukraine", "russia", "west", "international")  # sides counted in side accuracy
STANCE_SCORED_LABELS = ("favor", "against")  # F_avg averages F1 over these

PRED = {
    "article_id": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "text": pl.String,
    "kind": pl.String,
    "speaker": pl.String,
    "speaker_side": pl.String,
    "stance_ukraine": pl.String,
    "stance_russia": pl.String,
}


# --------------------------------------------------------------------------------------------
# matching


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match_spans(
    gold_spans: list[tuple[int, int]], pred_spans: list[tuple[int, int]], tau: float
) -> list[tuple[int, int]]:
    """One-to-one greedy matching of spans of one article: (gold index, pred index) pairs.

    A pair is eligible when overlap >= tau * gold length (and > 0). Pairs are taken highest
    overlap fraction first; ties go to the larger overlap, then the closer predicted length,
    then the earlier gold and predicted quote (deterministic).
    """
    candidates = []
    for gi, (g0, g1) in enumerate(gold_spans):
        glen = g1 - g0
        if glen <= 0:
            continue
        for pi, (p0, p1) in enumerate(pred_spans):
            ov = _overlap(g0, g1, p0, p1)
            if ov > 0 and ov >= tau * glen - 1e-9:
                frac = ov / glen
                candidates.append((-frac, -ov, abs((p1 - p0) - glen), gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# --------------------------------------------------------------------------------------------
# result


@dataclass
class EvalResult:
    """All evaluation numbers plus error lists (dicts) for inspection."""

    tau: float
    n_articles: int
    n_gold: int
    n_pred: int
    matched: int
    precision: float
    recall: float
    f1: float
    strict_tau: float
    matched_strict: int
    precision_strict: float
    recall_strict: float
    f1_strict: float
    recall_by_kind: dict[str, float | None]
    n_gold_by_kind: dict[str, int]
    speaker_accuracy: float | None
    n_speaker: int
    side_accuracy: float | None
    n_side: int
    stance_favg_ukraine: float | None
    stance_favg_russia: float | None
    stance_f1: dict[str, dict[str, float | None]]  # side -> {"favor": F1, "against": F1}
    n_stance: dict[str, int]  # side -> matched pairs with a gold stance
    n_gold_unlocated: int = 0
    gold_unlocated: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_speakers: list[dict[str, Any]] = field(default_factory=list)
    wrong_sides: list[dict[str, Any]] = field(default_factory=list)
    wrong_stances: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable dict (for --json)."""
        return asdict(self)


def _prf(matched: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def label_f1(gold: list[str], pred: list[str], label: str) -> float | None:
    """F1 of one label; None when the label occurs in neither gold nor predictions."""
    tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
    n_pred = sum(1 for p in pred if p == label)
    n_gold = sum(1 for g in gold if g == label)
    if n_pred == 0 and n_gold == 0:
        return None
    if tp == 0:
        return 0.0
    p, r = tp / n_pred, tp / n_gold
    return 2 * p * r / (p + r)


def stance_favg(gold: list[str], pred: list[str]) -> tuple[float | None, dict[str, float | None]]:
    """SemEval-2016 Task 6 F_avg = mean(F1(favor), F1(against)); a label absent from both gold
    and predictions is left out of the mean; None when there are no pairs or no such labels."""
    per_label = {lab: label_f1(gold, pred, lab) for lab in STANCE_SCORED_LABELS}
    present = [v for v in per_label.values() if v is not None]
    if not gold or not present:
        return None, per_label
    return sum(present) / len(present), per_label


def _norm_label(value: Any) -> str:
    value = (value or "").strip().lower() if isinstance(value, str) else ""
    return value if value in ("favor", "against", "none") else "none"


Row = dict[str, Any]
Pair = tuple[Row, Row]  # (gold row, predicted row)


def prepare_pred(pred: pl.DataFrame, texts: dict[str, str]) -> pl.DataFrame:
    """PRED schema, restricted to gold articles; null offsets recovered from ``text``."""
    pred = conform(pred, PRED).filter(pl.col("article_id").is_in(list(texts)))
    rows = pred.to_dicts()
    for row in rows:
        if row["char_start"] is None or row["char_end"] is None:
            pos = texts[row["article_id"]].find(row["text"]) if row["text"] else -1
            found = pos >= 0
            row["char_start"] = pos if found else 0
            row["char_end"] = pos + len(row["text"]) if found else 0
    return pl.DataFrame(rows, schema=PRED) if rows else pl.DataFrame(schema=PRED)


def _by_article(frame: pl.DataFrame) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in frame.to_dicts():
        out.setdefault(row["article_id"], []).append(row)
    return out


@dataclass
class _Matching:
    pairs: list[Pair]
    matched_strict: int
    misses: list[Row]
    false_positives: list[Row]


def match_articles(
    article_ids: list[str], gold: pl.DataFrame, pred: pl.DataFrame, tau: float
) -> _Matching:
    """Match gold and predicted quotes article by article, at ``tau`` and at STRICT_TAU."""
    gold_by, pred_by = _by_article(gold), _by_article(pred)
    result = _Matching([], 0, [], [])
    for aid in article_ids:
        g_rows, p_rows = gold_by.get(aid, []), pred_by.get(aid, [])
        g_spans = [(r["char_start"], r["char_end"]) for r in g_rows]
        p_spans = [(r["char_start"], r["char_end"]) for r in p_rows]
        matches = match_spans(g_spans, p_spans, tau)
        result.matched_strict += len(match_spans(g_spans, p_spans, STRICT_TAU))
        result.pairs.extend((g_rows[gi], p_rows[pi]) for gi, pi in matches)
        matched_g, matched_p = {gi for gi, _ in matches}, {pi for _, pi in matches}
        result.misses.extend(
            {"article_id": aid, "quote": r["quote"], "kind": r["kind"], "speaker": r["speaker"]}
            for i, r in enumerate(g_rows) if i not in matched_g
        )
        result.false_positives.extend(
            {"article_id": aid, "text": r["text"], "speaker": r["speaker"],
             "char_start": r["char_start"], "char_end": r["char_end"]}
            for i, r in enumerate(p_rows) if i not in matched_p
        )
    return result


def _recall_by_kind(gold: pl.DataFrame, pairs: list[Pair]) -> tuple[dict, dict]:
    """(recall per gold kind, gold count per kind)."""
    n_by_kind: dict[str, int] = {}
    for kind in gold["kind"].fill_null("unknown").to_list():
        n_by_kind[kind] = n_by_kind.get(kind, 0) + 1
    hits: dict[str, int] = {}
    for g, _ in pairs:
        kind = g["kind"] or "unknown"
        hits[kind] = hits.get(kind, 0) + 1
    n_by_kind = dict(sorted(n_by_kind.items()))
    return {k: hits.get(k, 0) / n for k, n in n_by_kind.items()}, n_by_kind


def _speaker_scores(pairs: list[Pair]) -> tuple[float | None, int, list[Row]]:
    """Speaker accuracy over pairs whose gold speaker is named: (accuracy, n, errors)."""
    scored = [(g, p) for g, p in pairs if g["speaker_named"]]
    wrong = [
        {"article_id": g["article_id"], "quote": g["quote"], "gold": g["speaker"],
         "pred": p["speaker"]}
        for g, p in scored if not same_speaker(g["speaker"], p["speaker"])
    ]
    n = len(scored)
    return ((n - len(wrong)) / n if n else None), n, wrong


def _side_scores(pairs: list[Pair]) -> tuple[float | None, int, list[Row]]:
    """Side accuracy over pairs whose gold side is in SCORED_SIDES: (accuracy, n, errors)."""
    scored = [(g, p) for g, p in pairs if g["speaker_side"] in SCORED_SIDES]
    wrong = []
    for g, p in scored:
        pred_side = (p["speaker_side"] or "").strip().lower() or None
        if pred_side != g["speaker_side"]:
            wrong.append({"article_id": g["article_id"], "quote": g["quote"],
                          "speaker": g["speaker"], "pred_speaker": p["speaker"],
                          "gold": g["speaker_side"], "pred": pred_side})
    n = len(scored)
    return ((n - len(wrong)) / n if n else None), n, wrong


def _stance_scores(pairs: list[Pair], side: str) -> tuple[float | None, dict, int, list[Row]]:
    """Stance toward ``side`` over pairs with a gold stance: (F_avg, F1 per label, n, errors)."""
    col = f"stance_{side}"
    scored = [(g, p) for g, p in pairs if g[col] is not None]
    gold_labels = [_norm_label(g[col]) for g, _ in scored]
    pred_labels = [_norm_label(p[col]) for _, p in scored]
    favg, per_label = stance_favg(gold_labels, pred_labels)
    wrong = [
        {"article_id": g["article_id"], "quote": g["quote"], "side": side, "gold": gl, "pred": pl_}
        for (g, _), gl, pl_ in zip(scored, gold_labels, pred_labels) if gl != pl_
    ]
    return favg, per_label, len(scored), wrong


def score_predictions(
    pred: pl.DataFrame, gold: pl.DataFrame, articles: pl.DataFrame, tau: float = 0.3
) -> EvalResult:
    """Score predicted quotes against gold quotes (definitions in ../shared/eval/FORMAT.md).

    ``articles`` (article_id, text) defines the evaluated articles: predictions for other
    articles are ignored; gold quotes with null offsets (not found) are reported separately.
    """
    texts = dict(zip(articles["article_id"].to_list(), articles["text"].to_list()))
    gold = conform(gold, GOLD).filter(pl.col("article_id").is_in(list(texts)))
    missing = unlocated(gold)
    gold = gold.filter(pl.col("char_start").is_not_null())
    pred = prepare_pred(pred, texts)

    m = match_articles(list(texts), gold, pred, tau)
    p, r, f = _prf(len(m.pairs), pred.height, gold.height)
    ps, rs, fs = _prf(m.matched_strict, pred.height, gold.height)
    recall_by_kind, n_by_kind = _recall_by_kind(gold, m.pairs)
    speaker_acc, n_speaker, wrong_speakers = _speaker_scores(m.pairs)
    side_acc, n_side, wrong_sides = _side_scores(m.pairs)
    stance = {side: _stance_scores(m.pairs, side) for side in TARGET_SIDES}

    return EvalResult(
        tau=tau, n_articles=len(texts), n_gold=gold.height, n_pred=pred.height,
        matched=len(m.pairs), precision=p, recall=r, f1=f,
        strict_tau=STRICT_TAU, matched_strict=m.matched_strict,
        precision_strict=ps, recall_strict=rs, f1_strict=fs,
        recall_by_kind=recall_by_kind, n_gold_by_kind=n_by_kind,
        speaker_accuracy=speaker_acc, n_speaker=n_speaker,
        side_accuracy=side_acc, n_side=n_side,
        stance_favg_ukraine=stance["ukraine"][0], stance_favg_russia=stance["russia"][0],
        stance_f1={side: v[1] for side, v in stance.items()},
        n_stance={side: v[2] for side, v in stance.items()},
        n_gold_unlocated=missing.height,
        gold_unlocated=missing.select("article_id", "quote_index", "quote").to_dicts(),
        misses=m.misses, false_positives=m.false_positives, wrong_speakers=wrong_speakers,
        wrong_sides=wrong_sides, wrong_stances=[e for v in stance.values() for e in v[3]],
    )
