"""Sentiment (VADER + war lexicon), quote ids and score_quotes."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.contract import ATTRIBUTED, SCORED, STANCE, conform
from tasks.score.quotes import add_sentiment, analyzer, load_war_lexicon, quote_id, score_quotes, sentiment


def quotes(texts, sides=None, article_id="a1") -> pl.DataFrame:
    """An ATTRIBUTED frame with one quote per text."""
    n = len(texts)
    starts = [i * 1000 for i in range(n)]
    return conform(
        pl.DataFrame(
            {
                "article_id": [article_id] * n,
                "quote_index": list(range(n)),
                "char_start": starts,
                "char_end": [s + len(t or "") for s, t in zip(starts, texts)],
                "text": texts,
                "kind": ["direct"] * n,
                "speaker_side": sides or ["unknown"] * n,
            },
            strict=False,
        ),
        ATTRIBUTED,
    )


# ---- sentiment lexicon ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("invasion", "negative"),
        ("the invasion continues", "negative"),
        ("the occupiers are shelling the city", "negative"),
        ("they committed atrocities", "negative"),
        ("war crimes", "negative"),
        ("the city was liberated", "positive"),
        ("the special military operation", "neutral"),
        ("special forces", "neutral"),
        ("the counteroffensive began", "neutral"),
        ("the United States", "neutral"),
    ],
)
def test_war_lexicon(text, expected):
    c = sentiment(text)
    assert {"negative": c < -0.05, "positive": c > 0.05, "neutral": abs(c) <= 0.05}[expected], c


def test_special_military_operation_not_positive():
    assert sentiment("Russia will press on with the special military operation") <= 0.0


def test_lexicon_seed_is_applied():
    lex = load_war_lexicon()
    assert lex["invasion"] < 0 and lex["special"] == 0.0
    assert all(k == k.lower() for k in lex)
    assert analyzer().lexicon["invasion"] == lex["invasion"]
    assert analyzer() is analyzer()  # one analyzer per process


@pytest.mark.parametrize(
    "text",
    [
        "I am not happy but kind of ok",
        "never so good, without doubt great",
        "at least not bad!!!",
        "NO WAY this is GREAT?",
        "the least bad option 😀",
        "Russian troops didn't retreat; they were pushed back",
        "no good, nor great: it isn't kind, hardly a win",
        "It was not the least bit helpful, but we are extremely grateful",
        "ukraine won't SURRENDER and Russia aint winning; never this bad",
        "no no no. not without doubt terrible. Kind of a disaster, sort of great",
        "",
        "   ",
        "a",
    ],
)
def test_fast_vader_equals_stock_vader(text):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    stock = SentimentIntensityAnalyzer()
    stock.lexicon.update(load_war_lexicon())
    assert analyzer().polarity_scores(text) == stock.polarity_scores(text)


VADER_WORDS = (
    "no not never isn't don't nor least at very kind of sort but BUT good great bad terrible "
    "war invasion win lost happy sad extremely hardly barely without doubt so this the a "
    "Ukraine Russia GREAT !!! ?"
).split()


@given(st.lists(st.sampled_from(VADER_WORDS), max_size=25))
@settings(max_examples=200, deadline=None)
def test_fast_vader_equals_stock_vader_on_random_word_salad(words):
    stock = _stock()
    text = " ".join(words)
    assert analyzer().polarity_scores(text) == stock.polarity_scores(text)


@lru_cache(maxsize=1)
def _stock():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    stock = SentimentIntensityAnalyzer()
    stock.lexicon.update(load_war_lexicon())
    return stock


# ---- quote ids -----------------------------------------------------------------------------
def test_quote_id_is_stable():
    assert quote_id("a1", 10, 20) == quote_id("a1", 10, 20)
    assert len(quote_id("a1", 10, 20)) == 16
    assert quote_id("a1", 10, 20) == hashlib.sha1(b"a1:10:20").hexdigest()[:16]


@pytest.mark.parametrize(
    "a, b", [(("a1", 10, 20), ("a1", 10, 21)), (("a1", 10, 20), ("a2", 10, 20)), (("a1", 1, 20), ("a1", 12, 0))]
)
def test_quote_id_distinguishes_spans(a, b):
    assert quote_id(*a) != quote_id(*b)


# ---- score_quotes ---------------------------------------------------------------------------
def test_score_frame_schema_and_rows():
    q = quotes(
        ["Russian troops retreated from the city", "We are grateful for the help", "Russian troops retreated from the city"],
        ["ukraine", "ukraine", "west"],
    )
    scored, stance = score_quotes(q)
    assert scored.schema == pl.Schema(SCORED)
    assert stance.schema == pl.Schema(STANCE)
    assert scored.height == 3 and stance.height == 6
    assert scored["quote_id"].n_unique() == 3
    assert scored["quote_id"][0] == quote_id("a1", 0, len("Russian troops retreated from the city"))
    # identical texts get identical sentiment (scored once)
    assert scored["sentiment_compound"][0] == scored["sentiment_compound"][2]
    assert scored["sentiment_compound"][0] < 0
    row = stance.filter(
        (pl.col("quote_id") == scored["quote_id"][0]) & (pl.col("side") == "russia")
    ).row(0, named=True)
    assert row["label"] == "against" and row["evidence"]
    assert set(stance["label"]) <= {"favor", "against", "none"}


def test_score_frame_keeps_order_and_columns():
    texts = [f"quote number {i}" for i in range(50)]
    scored, _ = score_quotes(quotes(texts))
    assert scored["text"].to_list() == texts
    assert scored["quote_index"].to_list() == list(range(50))


def test_score_frame_empty_and_bad_input():
    scored, stance = score_quotes(quotes([]))
    assert scored.height == 0 and scored.schema == pl.Schema(SCORED)
    assert stance.height == 0 and stance.schema == pl.Schema(STANCE)
    scored, stance = score_quotes(quotes([None, "", "   "], [None, "mars", "russia"]))
    assert scored.height == 3
    assert scored["sentiment_compound"].to_list() == [0.0, 0.0, 0.0]
    assert set(stance["label"]) == {"none"}


def test_add_sentiment_values_in_range():
    scored = add_sentiment(quotes(["a terrible, brutal invasion", "a great victory, wonderful news"]))
    c = scored["sentiment_compound"].to_list()
    assert c[0] < -0.5 < 0.5 < c[1]
    for col in ("sentiment_pos", "sentiment_neu", "sentiment_neg"):
        assert scored[col].is_between(0.0, 1.0).all()


def test_score_quotes_is_a_prefect_task():
    from tasks.score.task import score_quotes

    assert score_quotes.name == "score_quotes"
    assert score_quotes.fn.__name__ == "score_quotes"
