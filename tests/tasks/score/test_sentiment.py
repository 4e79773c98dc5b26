"""tasks/score/sentiment.py: the inlined FastVader gives exactly stock VADER's scores (war lexicon
included) on the rules it inlines: idioms, boosters, ALL CAPS, "no"/"least" negation,
punctuation emphasis, texts without lexicon words."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vs

from tasks.score.sentiment import _IDIOM_PAIRS, SentimentCache, _neutral, analyzer, load_war_lexicon


@lru_cache(maxsize=1)
def _stock() -> vs.SentimentIntensityAnalyzer:
    stock = vs.SentimentIntensityAnalyzer()
    stock.lexicon.update(load_war_lexicon())
    return stock


@pytest.mark.parametrize(
    "text",
    [
        "That offensive was the bomb, they said",
        "a truly bad ass counter-attack by the brigade",
        "it was a kiss of death for the battalion",
        "a victory to die for, with beating heart",
        "yeah right, a great success for the army",
        "the shells were just enough to hold and sort of good",
        "we are VERY good at this and they are bad",
        "VERY GOOD NEWS FROM THE FRONT",  # all caps: no cap differential
        "the Army is GREAT and the enemy is WEAK",
        "no hope, no peace, not the least bit good",
        "at least we won; very least bad; least good",
        "a win, but a costly win, but still a win",
        "They lost!!!!! Did they lose?? Really???? Why?",
        "the war goes on",  # one lexicon word
        "the troops moved to the east",  # no lexicon word: neutral
        "Kyiv 😀 celebrates",  # an emoji: stock path
        "   invasion   ",
    ],
)
def test_fast_vader_equals_stock_vader(text):
    assert analyzer().polarity_scores(text) == _stock().polarity_scores(text)


IDIOM_WORDS = (
    "the shit bomb bad ass badass bus stop yeah right kiss of death to die for beating heart "
    "just enough kind sort VERY very GOOD good no nor or least at never so this without doubt "
    "war WAR invasion win lost but BUT isn't ! ? !! ??? 😀 troops"
).split()


@given(st.lists(st.sampled_from(IDIOM_WORDS), max_size=14))
@settings(max_examples=300, deadline=None)
def test_fast_vader_equals_stock_on_idiom_salad(words):
    text = " ".join(words)
    assert analyzer().polarity_scores(text) == _stock().polarity_scores(text)


@given(
    st.lists(st.sampled_from([0, 0.0, -0.0, 1.5, -2.3, 0.293, -0.74, 3.1, -1.0]), max_size=12),
    st.sampled_from(["", "!", "!!!!!!", "??", "???", "?????", "!?", "a. b!"]),
)
@settings(max_examples=200, deadline=None)
def test_score_valence_equals_stock(sentiments, text):
    got = analyzer().score_valence(list(sentiments), text)
    want = _stock().score_valence(list(sentiments), text)
    assert got == want and list(got) == list(want)


@pytest.mark.parametrize(
    "text, n_words",
    [("the troops moved", 3), ("", 0), ("   ", 0), ("kind of", 2), ("very", 1)],
)
def test_texts_without_lexicon_words_are_neutral(text, n_words):
    assert analyzer().polarity_scores(text) == _stock().polarity_scores(text) == _neutral(n_words)


def test_idiom_pairs_cover_every_multi_word_idiom_and_booster():
    for key in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT):
        words = key.split()
        assert all(pair in _IDIOM_PAIRS for pair in zip(words, words[1:]))
    assert ("kind", "of") in _IDIOM_PAIRS and ("the", "war") not in _IDIOM_PAIRS


@pytest.mark.parametrize("text", ["Russia lost the war", "", None, "a great win"])
def test_sentiment_cache_equals_direct_call(text):
    cache = SentimentCache()
    assert cache.scores(text) == analyzer().polarity_scores(text or "")
    assert cache.scores(text) is cache.scores(text)  # scored once
    assert cache.compound(text) == analyzer().polarity_scores(text or "")["compound"]
