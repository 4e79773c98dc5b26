"""Speaker mentions and reporting constructions fixed for issue #3 (extraction side): the
subject of a participle/conjoined verb behind a leading adverbial, object-only verbs, and the
mention spans of appositive and agency constructions. Text -> (kind, quote span, mention)."""

from __future__ import annotations

import pytest

from tasks.extract import quotes_in_text


def _q(text: str) -> list[tuple[str, str, str]]:
    out = []
    for q in quotes_in_text(text):
        mention = text[q.mention[0]:q.mention[1]] if q.mention else ""
        out.append((q.kind, text[q.start:q.end], mention))
    return out


@pytest.mark.parametrize("text, expected", [
    # the subject of the sentence, behind a leading adverbial, says what follows ", saying"
    ("Meanwhile, German Foreign Minister Annalena Baerbock arrived in Kyiv on Saturday, "
     "saying that Europe would not tire of helping Ukraine.",
     ("indirect", "Europe would not tire of helping Ukraine",
      "German Foreign Minister Annalena Baerbock")),
    # not the noun right before the comma ("on Telegram")
    ("The governor posted a video on Telegram, saying that the city was under fire.",
     ("indirect", "the city was under fire", "The governor")),
    ("He voiced his anger on Twitter, writing that the West had abandoned Kyiv.",
     ("indirect", "the West had abandoned Kyiv", "He")),
    # "X did A and demanded that …" after a date adverbial
    ("In February 2022, the Kremlin recognized the republics and demanded that Ukraine "
     "declare itself neutral.",
     ("indirect", "Ukraine declare itself neutral", "the Kremlin")),
    ("In an interview on Monday, Secretary of State Antony Blinken praised Kyiv and said "
     "the aid would keep flowing.",
     ("indirect", "the aid would keep flowing", "Secretary of State Antony Blinken")),
])
def test_subject_of_participle_and_conjoined_verbs(text, expected):
    assert _q(text) == [expected]


@pytest.mark.parametrize("text", [
    # commitments and citations with an object, not a reported claim
    "Both leaders pledged to work toward a ceasefire at the summit in Istanbul.",
    "The minister promised to deliver more air defence systems this winter.",
    "The governor cited the shelling of the power plant overnight.",
    "Analysts estimated losses of several hundred tanks in the region.",
])
def test_object_only_verbs_are_not_quotes(text):
    assert _q(text) == []


@pytest.mark.parametrize("text, expected", [
    # the same verbs with a reported clause still are
    ("Zelenskyy vowed that Ukraine would retake every village.",
     ("indirect", "Ukraine would retake every village", "Zelenskyy")),
    ("The ministry predicted that Russian forces would run out of shells by spring.",
     ("indirect", "Russian forces would run out of shells by spring", "The ministry")),
])
def test_commitment_verbs_with_a_clause(text, expected):
    assert _q(text) == [expected]
