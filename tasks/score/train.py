"""Train the supervised stance layer (tasks/score/model.py) from gold sets, reproducibly.

``python -m tasks.score.train GOLD_DIR [GOLD_DIR ...] [--exclude-outlets A,B] --out FILE``
(use it: ``STANCEWIRE_STANCE_MODEL=FILE python -m tasks.evaluate GOLD_DIR``)

1. every gold folder runs extract -> attribute -> the stance RULES (model off), exactly as
   ``python -m tasks.evaluate`` does; predicted quotes are matched to gold quotes (tau 0.3) and
   each matched quote with a gold stance gives one example per target side: the features of
   ``model.features`` and the gold label. ``--exclude-outlets`` drops outlets of EVERY folder
   (use it to leave a kept-back part out);
2. the vocabulary is the features seen in >= MIN_COUNT examples;
3. L2 strength and decision threshold are chosen by grouped cross-validation (folds by
   ARTICLE, fixed by a hash of the article id) for the mean F_avg of both sides, not accuracy;
4. the model is fitted on all examples and written as JSON (feature -> weight per label).

Plain Python, full-batch gradient descent from zero weights: the same data gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

from tasks.contract import TARGET_SIDES
from tasks.score.cues import load_lexicon
from tasks.score.model import LABELS, MIN_COUNT, Model, features
from tasks.score.stance import StanceConfig, stance_for_text

FOLDS = 5
L2_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.25 + 0.05 * i, 2) for i in range(8))  # 0.25 .. 0.60
STEPS = 300
RATE, MOMENTUM = 1.0, 0.9
RULES_ONLY = StanceConfig(model=False)

Example = tuple[str, str, dict[str, float], str, str]  # article_id, side, features, gold, rule label


def examples_from_gold(gold_dir: str | Path, exclude_outlets: str = "") -> list[Example]:
    """One example per matched gold quote with a gold stance and target side."""
    from tasks.attribute.speakers import attribute_speakers
    from tasks.evaluate.gold import load_gold, select_outlets
    from tasks.evaluate.metrics import match_articles, prepare_pred
    from tasks.extract.quotes import extract_quotes
    from tasks.score.quotes import add_sentiment

    articles, gold = load_gold(gold_dir)
    present = set(articles["outlet"].drop_nulls().to_list())  # a folder may hold none of them
    drop = ",".join(o for o in exclude_outlets.split(",") if o.strip() in present)
    articles, gold = select_outlets(articles, gold, "", drop)
    extracted = extract_quotes(articles.select("article_id", "text"))
    attributed, _ = attribute_speakers(extracted, articles.select("article_id", "text", "outlet", "published"))
    scored = add_sentiment(attributed)
    texts = dict(zip(articles["article_id"].to_list(), articles["text"].to_list()))
    pred = prepare_pred(scored, texts)
    gold = gold.filter(gold["char_start"].is_not_null())
    lex = load_lexicon()
    rows = {(r["article_id"], r["char_start"], r["char_end"]): r for r in scored.to_dicts()}
    out: list[Example] = []
    for g, p in match_articles(list(texts), gold, pred, 0.3).pairs:
        row = rows.get((p["article_id"], p["char_start"], p["char_end"]), {})
        res = stance_for_text(p["text"], p["speaker_side"], row.get("sentiment_compound") or 0.0,
                              None, lex, RULES_ONLY, row.get("verb"))
        for side in TARGET_SIDES:
            label = g[f"stance_{side}"]
            if label is None:
                continue
            label = label if label in LABELS else "none"
            st, other = res[side], res[[s for s in TARGET_SIDES if s != side][0]]
            f = features(p["text"], side, p["speaker_side"], st.label, st.score, st.evidence,
                         st.spans, bool(other.spans), lex.allies)
            out.append((g["article_id"], side, f, label, st.label))
    return out


def vocabulary(examples: list[Example], min_count: int = MIN_COUNT) -> frozenset[str]:
    counts: dict[str, int] = {}
    for ex in examples:
        for k in ex[2]:
            counts[k] = counts.get(k, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= min_count)


def fit(examples: list[Example], l2: float, vocab: frozenset[str], steps: int = STEPS) -> Model:
    """Multinomial logistic regression (``none`` the reference class), L2 ``l2`` on the summed
    log-loss, full-batch gradient descent with momentum from zero weights (deterministic)."""
    rows: dict[tuple, list] = {}  # identical (features, label) pooled with a count
    for _, _, f, gold, _ in examples:
        key = (tuple(sorted((k, v) for k, v in f.items() if k in vocab)), gold)
        rows.setdefault(key, [key[0], gold, 0])[2] += 1
    data = list(rows.values())
    feats = sorted(vocab)
    index = {k: i for i, k in enumerate(feats)}
    data = [([(index[k], v) for k, v in fv], LABELS.index(g), n) for fv, g, n in data]
    n_total = sum(n for *_, n in data)
    nf, active = len(feats), (1, 2)
    w = {c: [0.0] * nf for c in active}
    b = {c: 0.0 for c in active}
    vw = {c: [0.0] * nf for c in active}  # heavy-ball momentum
    vb = {c: 0.0 for c in active}
    for _step in range(steps):
        gw = {c: [0.0] * nf for c in active}
        gb = {c: 0.0 for c in active}
        for fv, y, n in data:
            z = [0.0] + [b[c] + sum(w[c][i] * v for i, v in fv) for c in active]
            top = max(z)
            e = [math.exp(v - top) for v in z]
            s = sum(e)
            for c in active:
                d = n * (e[c] / s - (1.0 if y == c else 0.0))
                gb[c] += d
                gwc = gw[c]
                for i, v in fv:
                    gwc[i] += d * v
        for c in active:
            wc, gwc, vwc = w[c], gw[c], vw[c]
            for i in range(nf):
                vwc[i] = MOMENTUM * vwc[i] - RATE * (gwc[i] + l2 * wc[i]) / n_total
                wc[i] += vwc[i]
            vb[c] = MOMENTUM * vb[c] - RATE * gb[c] / n_total
            b[c] += vb[c]
    weights = {"none": {}, **{LABELS[c]: dict(zip(feats, w[c])) for c in active}}
    bias = {"none": 0.0, **{LABELS[c]: b[c] for c in active}}
    return Model(weights, bias, 0.5, vocab)


def fold_of(article_id: str) -> int:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % FOLDS


def favg(pairs: list[tuple[str, str]]) -> float:
    """SemEval F_avg of (gold, pred) pairs (the evaluator's definition)."""
    from tasks.evaluate.metrics import stance_favg

    value, _ = stance_favg([g for g, _ in pairs], [p for _, p in pairs])
    return value or 0.0


def cross_validate(examples: list[Example]) -> dict:
    """Out-of-fold probabilities for every L2 strength; the (l2, threshold) with the best mean
    F_avg of the two sides; per-side numbers of that choice and of the rules alone."""
    oof: dict[float, list] = {l2: [None] * len(examples) for l2 in L2_GRID}
    for k in range(FOLDS):
        train = [ex for ex in examples if fold_of(ex[0]) != k]
        vocab = vocabulary(train)
        for l2 in L2_GRID:
            model = fit(train, l2, vocab)
            for i, ex in enumerate(examples):
                if fold_of(ex[0]) == k:
                    oof[l2][i] = model.probabilities(
                        {f: v for f, v in ex[2].items() if f in vocab})

    def labels_at(probs: list, t: float) -> list[str]:
        out = []
        for p in probs:
            best = max(("favor", "against"), key=lambda lab: p[lab])
            out.append(best if p[best] >= t else "none")
        return out

    def per_side(pred: list[str]) -> dict[str, float]:
        return {s: round(100 * favg([(ex[3], pl) for ex, pl in zip(examples, pred)
                                      if ex[1] == s]), 1) for s in TARGET_SIDES}

    table = []
    for l2 in L2_GRID:
        for t in THRESHOLDS:
            sides = per_side(labels_at(oof[l2], t))
            table.append((sum(sides.values()) / len(sides), l2, t, sides))
    best = max(table, key=lambda r: (round(r[0], 6), -r[2], r[1]))
    return {"l2": best[1], "threshold": best[2], "cv": best[3],
            "rules": per_side([ex[4] for ex in examples]),
            "grid": [(l2, t, s) for _, l2, t, s in table]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tasks.score.train", description=__doc__.split("\n")[0])
    ap.add_argument("gold_dirs", nargs="+", help="gold folders (articles.jsonl + gold.jsonl)")
    ap.add_argument("--exclude-outlets", default="", metavar="A,B",
                    help="leave these outlets out of every folder (a kept-back part)")
    ap.add_argument("--out", required=True, help="model file to write (JSON)")
    args = ap.parse_args(argv)
    from tasks.evaluate.gold import load_gold

    known = set().union(*(set(load_gold(d)[0]["outlet"].drop_nulls().to_list())
                          for d in args.gold_dirs))
    unknown = {o.strip() for o in args.exclude_outlets.split(",") if o.strip()} - known
    if unknown:
        ap.error(f"--exclude-outlets: no article of {', '.join(sorted(unknown))} in the gold folders")
    examples: list[Example] = []
    for d in args.gold_dirs:
        found = examples_from_gold(d, args.exclude_outlets)
        print(f"{d}: {len(found)} examples", file=sys.stderr)
        examples += found
    cv = cross_validate(examples)
    print(f"grouped {FOLDS}-fold CV by article (F_avg ukraine / russia): rules "
          f"{cv['rules']['ukraine']} / {cv['rules']['russia']}; model "
          f"{cv['cv']['ukraine']} / {cv['cv']['russia']} at l2={cv['l2']} threshold={cv['threshold']}")
    vocab = vocabulary(examples)
    model = fit(examples, cv["l2"], vocab)
    model = Model(model.weights, model.bias, cv["threshold"], vocab)
    data = model.to_json()
    data = {"trained_on": [str(d) for d in args.gold_dirs], "exclude_outlets": args.exclude_outlets,
            "examples": len(examples), "l2": cv["l2"], "cv_favg": cv["cv"],
            "cv_rules_favg": cv["rules"], **data}
    Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(vocab)} features, {len(examples)} examples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
