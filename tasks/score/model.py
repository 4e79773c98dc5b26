"""Supervised stance layer (issue #14): a small multinomial logistic regression on top of the rules.

For one quote and one target side the layer reads the rule model's result and a few plain
features, and predicts favor / against / none:

- ``rule:favor`` / ``rule:against`` / ``rule:score``: the rule label and clipped score;
- ``fam:FAMILY:DIR``: the rule families that fired (``event:...→against russia`` ->
  ``fam:event:against``), read from the evidence strings;
- ``spk:REL`` and ``spk:REL:SIDE``: the speaker's side relative to the target (same, opponent,
  ally = a bloc backing the target (seeds/allies.csv), ally_opp = a bloc backing its opponent,
  neutral, unknown);
- ``names:target`` / ``names:opponent`` / ``names:none``: which sides the quote names;
- ``neg``: a negation word in the quote.

Only features seen in >= MIN_COUNT training examples are kept. A bag of words (lemmas near the
target mention, >= 3 or >= 10 examples) was tried and lowered the grouped-CV F_avg
(docs/stance.md), so the layer re-weighs the rules and the speaker instead of learning words.

The weights are a small JSON file (feature -> weight per label, readable) written by
``python -m tasks.score.train``. The layer is OFF by default: it did not improve the kept-back
part of war-train (docs/stance.md), so no model is shipped; ``STANCEWIRE_STANCE_MODEL=FILE``
switches it on for an experiment (``StanceConfig.model=False`` keeps it off regardless).
``predict`` gives the label, a score in [-1, 1] (P(favor) - P(against)) and the evidence: the
features that pushed the label most, e.g.
``model: +rule against(2.10) +rule family event:against(0.93) +speaker neutral(0.41) → against
(p=0.78)``.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.score.mentions import opponent_of

MODEL_ENV = "STANCEWIRE_STANCE_MODEL"  # a model file to use; unset: rules only (the default)
LABELS = ("none", "favor", "against")
MIN_COUNT = 3
TOP = 3  # features named in the evidence

NEGATION = re.compile(r"\b(?:not|no|never|without|nothing|neither|nor)\b|n['’]t\b", re.IGNORECASE)
EVIDENCE_FAMILY = re.compile(r"^(\w+):.*?→(favor|against) \w+")


def relation(speaker_side: str | None, side: str, allies: dict[str, str]) -> str:
    """The speaker's side relative to the target ``side``."""
    if speaker_side == side:
        return "same"
    if speaker_side and speaker_side == opponent_of(side):
        return "opponent"
    backed = allies.get(speaker_side or "")
    if backed == side:
        return "ally"
    if backed and backed == opponent_of(side):
        return "ally_opp"
    if speaker_side in (None, "", "unknown"):
        return "unknown"
    return "neutral"


def features(
    text: str,
    side: str,
    speaker_side: str | None,
    rule_label: str,
    rule_score: float,
    evidence: list[str],
    target_spans: tuple[tuple[int, int], ...],
    opponent_named: bool,
    allies: dict[str, str],
) -> dict[str, float]:
    """The features of one (quote, target side) (the model's vocabulary filters them)."""
    f: dict[str, float] = {f"side:{side}": 1.0}
    if rule_label != "none":
        f[f"rule:{rule_label}"] = 1.0
    if rule_score:
        f["rule:score"] = rule_score
    for ev in evidence:
        m = EVIDENCE_FAMILY.match(ev)
        if m:
            f[f"fam:{m.group(1)}:{m.group(2)}"] = 1.0
        elif ev.startswith("damped:"):
            f["fam:damped"] = 1.0
    rel = relation(speaker_side, side, allies)
    f[f"spk:{rel}"] = 1.0
    f[f"spk:{rel}:{side}"] = 1.0
    if target_spans:
        f["names:target"] = 1.0
    if opponent_named:
        f["names:opponent"] = 1.0
    if not target_spans and not opponent_named:
        f["names:none"] = 1.0
    if NEGATION.search(text or ""):
        f["neg"] = 1.0
    return f


@dataclass(frozen=True)
class Model:
    """Weights per label (``none`` is the reference: all zero) and the decision threshold."""

    weights: dict[str, dict[str, float]]  # label -> feature -> weight
    bias: dict[str, float]
    threshold: float  # favor/against only when its probability reaches this
    vocabulary: frozenset[str]

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        z = {
            lab: self.bias.get(lab, 0.0)
            + sum(self.weights.get(lab, {}).get(k, 0.0) * v for k, v in feats.items())
            for lab in LABELS
        }
        top = max(z.values())
        exp = {lab: math.exp(v - top) for lab, v in z.items()}
        total = sum(exp.values())
        return {lab: v / total for lab, v in exp.items()}

    def predict(self, feats: dict[str, float]) -> tuple[str, float, str]:
        """(label, score in [-1, 1], evidence) for one feature dict."""
        feats = {k: v for k, v in feats.items() if k in self.vocabulary}
        p = self.probabilities(feats)
        best = max(("favor", "against"), key=lambda lab: p[lab])
        label = best if p[best] >= self.threshold else "none"
        score = max(-1.0, min(1.0, p["favor"] - p["against"]))
        shown = best if label == "none" else label
        contrib = sorted(
            ((k, (self.weights[shown].get(k, 0.0) - self.weights["none"].get(k, 0.0)) * v)
             for k, v in feats.items()),
            key=lambda kv: (-abs(kv[1]), kv[0]),
        )
        parts = [f"{'+' if c >= 0 else '-'}{describe(k)}({abs(c):.2f})"
                 for k, c in contrib[:TOP] if abs(c) >= 0.005]
        verdict = f"→ {label} (p={p[label]:.2f})" if label != "none" else (
            f"→ none (p {best}={p[best]:.2f} < {self.threshold:.2f})")
        return label, score, f"model: {' '.join(parts)} {verdict}".replace("  ", " ")

    def to_json(self) -> dict:
        return {
            "labels": list(LABELS),
            "threshold": self.threshold,
            "bias": {lab: round(self.bias.get(lab, 0.0), 4) for lab in LABELS},
            "weights": {
                k: {lab: round(self.weights[lab].get(k, 0.0), 4) for lab in LABELS}
                for k in sorted(self.vocabulary)
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        weights = {lab: {k: w[lab] for k, w in data["weights"].items()} for lab in LABELS}
        return cls(weights, dict(data["bias"]), float(data["threshold"]),
                   frozenset(data["weights"]))


def describe(feature: str) -> str:
    """A readable name for the evidence: ``spk:opponent`` -> ``speaker opponent``."""
    kind, _, rest = feature.partition(":")
    return {
        "spk": f"speaker {rest}",
        "rule": f"rule {rest}", "fam": f"rule family {rest}", "names": f"names {rest}",
        "side": f"target {rest}",
    }.get(kind, feature)


def load_model(path: str | Path | None = None) -> Model | None:
    """The trained model of ``path`` (default: the file named by $STANCEWIRE_STANCE_MODEL);
    None when no model is named: the rules alone (the default path)."""
    if path is None:
        if not os.environ.get(MODEL_ENV, "").strip():  # the default: no pydantic in the workers
            return None
        from tasks.settings import setting

        path = setting("stance_model")
    return _read_model(str(path)) if path else None


@lru_cache(maxsize=4)
def _read_model(path: str) -> Model:
    try:
        with Path(path).open(encoding="utf-8") as fh:
            return Model.from_json(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        from tasks.settings import SettingsError

        raise SettingsError(f"{MODEL_ENV}={path!r}: not a stance model file written by "
                            f"python -m tasks.score.train ({type(exc).__name__}: {exc})") from None
