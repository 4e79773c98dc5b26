"""Quotation-mark spans and quote-aware sentences (tasks/extract/marks.py)."""

from __future__ import annotations

import pytest

from tasks.extract.marks import find_marks, sentence_spans
from tasks.extract.speaker import load_vocab


# -- marks and sentences ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("She's sure the '90s were 'better times' for Ukraine's towns.", ["better times"]),
        ("“Outer ‘inner’ words”", ["Outer ‘inner’ words"]),
        ("“Unclosed quote that runs on and on", []),
    ],
)
def test_find_marks(text, expected):
    assert [text[k.start : k.end] for k in find_marks(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a stray mark between a word and a space closes, it opens nothing (HTML debris)
        (
            'an ally of Putin" target="_blank">Vladimir Putin. Officials said "peace-keepers" came.',
            ["_blank", "peace-keepers"],
        ),
        # a mark between a space and a word opens: a flattened multi-paragraph quote re-opens
        (
            'He told Sky: "We are not taxing profits they expected to make. "We would then '
            'use that to cut bills." Labour said "no".',
            ["We are not taxing profits they expected to make.",
             "We would then use that to cut bills.", "no"],
        ),
        ('He said: " Russia wants to do it again, six times more. "Tell them this." Then.',
         ["Russia wants to do it again, six times more.", "Tell them this."]),
    ],
)
def test_straight_marks_pair_by_shape(text, expected):
    assert [text[k.start : k.end] for k in find_marks(text)] == expected


def test_multi_paragraph_quote_opens_each_paragraph():
    text = "He said:\n“First paragraph of the quote.\n“Second paragraph, closed.”\nAfter."
    got = [text[k.start : k.end] for k in find_marks(text)]
    assert got == ["First paragraph of the quote.", "Second paragraph, closed."]


@pytest.mark.parametrize(
    "text, n",
    [
        ("Lt. Gen. Keith Kellogg spoke in the U.S. capital. He left.", 2),
        ("Prices rose 3.5 percent on Jan. 4 this year. Then they fell.", 2),
        ('"It is over. We won," he said. Then he left.', 2),
    ],
)
def test_sentences_tolerate_abbreviations_and_quotes(text, n):
    marks = find_marks(text)
    assert len(sentence_spans(text, marks, load_vocab().words["abbrev"])) == n
