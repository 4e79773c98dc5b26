"""Sentiment (VADER + war lexicon) and stance scoring of attributed quotes.

``score_quotes(quotes)`` takes an ATTRIBUTED frame and returns ``(SCORED, STANCE)``:

- ``quote_id``: sha1 hex (first 16) of ``f"{article_id}:{char_start}:{char_end}"`` (stable);
- ``sentiment_*``: VADER scores of the quote text, with VADER's lexicon extended from
  ``seeds/war_lexicon.csv`` (e.g. "invasion" negative, "special" neutral);
- STANCE: see :mod:`tasks.score.stance` (rules) and :mod:`tasks.score.cues` (seed vocabularies).

Identical quote texts are scored once; VADER lives in :mod:`tasks.score.sentiment` (one analyzer per
process, exact VADER scores, about 4x the stock class). Stance rules run once per distinct
(text, speaker side, compound, verb) and skip quotes with no side or cue (:mod:`tasks.score.stance`).
"""

from __future__ import annotations

import hashlib

import polars as pl

from tasks.contract import ATTRIBUTED, SCORED, STANCE, conform, empty
from tasks.score.sentiment import SentimentCache, analyzer, load_war_lexicon, sentiment
from tasks.score.stance import StanceConfig, stance_frame

__all__ = [  # re-exported from tasks.score.sentiment for callers that only know tasks.score.quotes
    "add_sentiment",
    "analyzer",
    "load_war_lexicon",
    "quote_id",
    "score_quotes",
    "score_quotes",
    "sentiment",
]

SENTIMENT_KEYS = ("compound", "pos", "neu", "neg")


def quote_id(article_id: str, char_start: int, char_end: int) -> str:
    """Stable quote id: sha1 hex (first 16 chars) of ``article_id:char_start:char_end``."""
    return hashlib.sha1(f"{article_id}:{char_start}:{char_end}".encode()).hexdigest()[:16]


def add_sentiment(quotes: pl.DataFrame, cache: SentimentCache | None = None) -> pl.DataFrame:
    """ATTRIBUTED -> SCORED: quote_id plus VADER scores (each distinct text scored once)."""
    cache = cache or SentimentCache()
    quotes = conform(quotes, ATTRIBUTED)
    scores = cache.scores  # one VADER call per distinct text, a dict lookup for repeats
    scored = [scores(t) for t in quotes["text"].to_list()]
    ids = [
        quote_id(a, s, e)
        for a, s, e in zip(
            quotes["article_id"].to_list(),
            quotes["char_start"].to_list(),
            quotes["char_end"].to_list(),
            strict=True,
        )
    ]
    out = quotes.with_columns(
        pl.Series("quote_id", ids, dtype=pl.String),
        *[
            pl.Series(f"sentiment_{k}", [s[k] for s in scored], dtype=pl.Float64)
            for k in SENTIMENT_KEYS
        ],
    )
    return conform(out, SCORED)


def score_quotes(
    quotes: pl.DataFrame, cfg: StanceConfig = StanceConfig()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """ATTRIBUTED -> (SCORED, STANCE)."""
    if quotes.height == 0:
        return empty(SCORED), empty(STANCE)
    cache = SentimentCache()
    scored = add_sentiment(quotes, cache)
    stance = stance_frame(scored, cache.compound, cfg)
    return scored, stance
