"""VADER sentiment with the war lexicon, one analyzer per process.

:class:`FastVader` gives exactly VADER's scores (tested against the stock analyzer) but skips
per-character emoji rewriting when a text holds no emoji, lower-cases each token list once
instead of once per lexicon word, appends 0 for words outside the lexicon without the full
valence routine (what VADER computes for them) and checks negation words in a set; about 3x
faster than the stock class on news quotes.
"""

from __future__ import annotations

import csv
import string
from functools import lru_cache
from pathlib import Path

from vaderSentiment import vaderSentiment as vs

from tasks.contract import SEEDS

WAR_LEXICON = SEEDS / "war_lexicon.csv"


def load_war_lexicon(path: Path = WAR_LEXICON) -> dict[str, float]:
    """``{token: valence}`` from the war lexicon seed (lower-cased, as VADER looks tokens up)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {
            row["token"].strip().lower(): float(row["valence"])
            for row in csv.DictReader(fh)
            if (row.get("token") or "").strip()
        }


_PUNCT = string.punctuation


class _SentiText:
    """``vs.SentiText`` for a str, built with comprehensions instead of per-token calls."""

    __slots__ = ("text", "words_and_emoticons", "is_cap_diff")

    def __init__(self, text: str) -> None:
        self.text = text
        words = [
            token if len(stripped := token.strip(_PUNCT)) <= 2 else stripped
            for token in text.split()
        ]
        self.words_and_emoticons = words
        caps = sum(1 for w in words if w.isupper())
        self.is_cap_diff = 0 < len(words) - caps < len(words)


class FastVader(vs.SentimentIntensityAnalyzer):
    """SentimentIntensityAnalyzer with identical results and less repeated work."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._emoji_chars = frozenset(self.emojis)
        self._negate = frozenset(vs.NEGATE)
        self._lower_cache: tuple[list | None, list[str]] = (None, [])

    def _lowered(self, words: list) -> list[str]:
        """Lower-cased copy of the token list, computed once per list."""
        cached = self._lower_cache  # one read: safe when tasks share the analyzer across threads
        if cached[0] is not words:
            cached = (words, [str(w).lower() for w in words])
            self._lower_cache = cached
        return cached[1]

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER scores of ``text`` (emoji rewriting only when the text holds an emoji)."""
        if self._emoji_chars.isdisjoint(text):
            return self._scores(text.strip())
        return super().polarity_scores(text)

    def _scores(self, text: str) -> dict[str, float]:
        # the body of SentimentIntensityAnalyzer.polarity_scores after emoji rewriting
        sentitext = _SentiText(text)
        sentiments: list[float] = []
        words = sentitext.words_and_emoticons
        lower = self._lowered(words)
        lexicon, boosters = self.lexicon, vs.BOOSTER_DICT
        for i, item in enumerate(words):
            low = lower[i]
            if low not in lexicon or low in boosters:
                sentiments.append(0)  # what sentiment_valence appends for a non-lexicon word
                continue
            if i < len(words) - 1 and low == "kind" and lower[i + 1] == "of":
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        if "but" in lower:  # VADER's _but_check, which would lower-case the tokens again
            sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    def _negated(self, word: str) -> bool:
        """``vs.negated([word])`` for one lower-cased word, without rebuilding lists."""
        return word in self._negate or "n't" in word

    def _negation_check(self, valence, words_and_emoticons, start_i, i):  # noqa: D102
        w = self._lowered(words_and_emoticons)
        negated = self._negated
        if start_i == 0:
            if negated(w[i - 1]):
                valence = valence * vs.N_SCALAR
        if start_i == 1:
            if w[i - 2] == "never" and (w[i - 1] == "so" or w[i - 1] == "this"):
                valence = valence * 1.25
            elif w[i - 2] == "without" and w[i - 1] == "doubt":
                pass
            elif negated(w[i - 2]):
                valence = valence * vs.N_SCALAR
        if start_i == 2:
            if (
                w[i - 3] == "never"
                and (w[i - 2] == "so" or w[i - 2] == "this")
                or (w[i - 1] == "so" or w[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif w[i - 3] == "without" and (w[i - 2] == "doubt" or w[i - 1] == "doubt"):
                pass
            elif negated(w[i - 3]):
                valence = valence * vs.N_SCALAR
        return valence

    def _special_idioms_check(self, valence, words_and_emoticons, i):  # noqa: D102
        w = self._lowered(words_and_emoticons)
        onezero = f"{w[i - 1]} {w[i]}"
        twoonezero = f"{w[i - 2]} {w[i - 1]} {w[i]}"
        twoone = f"{w[i - 2]} {w[i - 1]}"
        threetwoone = f"{w[i - 3]} {w[i - 2]} {w[i - 1]}"
        threetwo = f"{w[i - 3]} {w[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in vs.SPECIAL_CASES:
                valence = vs.SPECIAL_CASES[seq]
                break
        if len(w) - 1 > i:
            zeroone = f"{w[i]} {w[i + 1]}"
            if zeroone in vs.SPECIAL_CASES:
                valence = vs.SPECIAL_CASES[zeroone]
        if len(w) - 1 > i + 1:
            zeroonetwo = f"{w[i]} {w[i + 1]} {w[i + 2]}"
            if zeroonetwo in vs.SPECIAL_CASES:
                valence = vs.SPECIAL_CASES[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in vs.BOOSTER_DICT:
                valence = valence + vs.BOOSTER_DICT[n_gram]
        return valence


@lru_cache(maxsize=1)
def analyzer() -> FastVader:
    """One analyzer per process, its lexicon updated with ``seeds/war_lexicon.csv``."""
    sia = FastVader()
    sia.lexicon.update(load_war_lexicon())
    return sia


class SentimentCache:
    """VADER scores per distinct text, computed once."""

    def __init__(self) -> None:
        self._scores: dict[str, dict[str, float]] = {}
        self._sia = analyzer()

    def scores(self, text: str | None) -> dict[str, float]:
        """``{"compound", "pos", "neu", "neg"}`` for ``text`` ("" and None score 0/0/0/0)."""
        text = text or ""
        hit = self._scores.get(text)
        if hit is None:
            hit = self._sia.polarity_scores(text)
            self._scores[text] = hit
        return hit

    def compound(self, text: str | None) -> float:
        """VADER compound of ``text``."""
        return self.scores(text)["compound"]


def sentiment(text: str | None) -> float:
    """VADER compound of one text (war lexicon included)."""
    return analyzer().polarity_scores(text or "")["compound"]
