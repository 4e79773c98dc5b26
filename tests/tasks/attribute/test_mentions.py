"""Mentions cleaned before resolution (tasks/attribute/mentions.py): a stray lead word, a nested
report around the speaker. Each case: the mention, what is resolved and where it starts."""

from __future__ import annotations

import pytest

from tasks.attribute.actors import load_role_words
from tasks.attribute.mentions import clean_mention


@pytest.mark.parametrize("mention, cleaned, shift", [
    # a nested report: the subject of the inner verb speaks
    ("Stoltenberg said NATO", "NATO", len("Stoltenberg said ")),
    ("Jain said his daughter", "his daughter", len("Jain said ")),
    ("Lavrov said he", "he", len("Lavrov said ")),
    # the verb last, or an adjunct after it: the words before it
    ("Another added", "Another", 0),
    ("the official said in", "the official", 0),
    ("a senior administration official said ahead of Biden's", "a senior administration official", 0),
    # a stray date word before a description
    ("November the company", "the company", len("November ")),
    # nothing to clean: kept as written (also its spacing); documents and names are no verbs
    ("Peter Byrne/PA   The spokesperson", "Peter Byrne/PA   The spokesperson", 0),
    ("the report", "the report", 0),
    ("U.N. estimates", "U.N. estimates", 0),
    ("Khaled Said", "Khaled Said", 0),
    # a relative clause set off by a comma is no part of the speaker
    ("NATO member Turkey, which has good ties with both Moscow and Kyiv", "NATO member Turkey", 0),
    ("The research group, which closely monitors the fighting", "The research group", 0),
    ("her son, who is in his 40s", "her son", 0),
    ("The IAEA, whose experts have been stationed at the plant", "The IAEA", 0),
    # a conjoined verb is no nested report
    ("a Russian attack and said there was work", "a Russian attack and said there was work", 0),
])
def test_clean_mention(mention, cleaned, shift) -> None:
    assert clean_mention(mention, 100, load_role_words()) == (cleaned, 100 + shift)


@pytest.mark.parametrize("text, mention, joined, start", [
    ("Then Ukraine 's president urged", "president", "Ukraine's president", len("Then ")),
    ("Russia ’s defence ministry said", "defence ministry", "Russia's defence ministry", 0),
    ("The United States 's envoy said", "envoy", "United States's envoy", len("The ")),
    # a possessive written as usual, or a name, is left alone
    ("Ukraine's president urged", "president", "president", None),
    ("Then Ukraine 's Zelensky urged", "Zelensky", "Zelensky", None),
])
def test_a_possessive_written_apart_joins_its_owner(text, mention, joined, start) -> None:
    from tasks.attribute.mentions import spaced_possessive

    pos = text.index(mention)
    assert spaced_possessive(text, mention, pos) == (joined, pos if start is None else start)


@pytest.mark.parametrize("mention, kept, shift", [
    # a run of spaces is a lost paragraph break: a caption's credit before the subject
    ("Kai Pfaffenbach/Reuters   Grant Shapps", "Grant Shapps", len("Kai Pfaffenbach/Reuters   ")),
    ("Interactive   The Luhansk governor", "The Luhansk governor", len("Interactive   ")),
    ("Donald Trump  Hannity", "Hannity", len("Donald Trump  ")),
    # one space, or spaces only at the end: as given
    ("Kremlin spokesman Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", 0),
    ("the ministry  ", "the ministry  ", 0),
])
def test_a_lost_paragraph_break_starts_the_mention(mention, kept, shift) -> None:
    from tasks.attribute.mentions import after_break

    assert after_break(mention, 100) == (kept, 100 + shift)
