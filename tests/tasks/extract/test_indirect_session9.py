"""Indirect speech, session 9 (tasks/extract/indirect.py): hand-written sentence cases for the
constructions added in issue #13's extraction part (each case fails without its rule)."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q  # (kind, quote text, mention) per quote


# -- after "that", a clause whatever its first word --------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "“This was an unfortunate mistake,” Jean-Pierre said, adding that another call "
            "was scheduled.",
            [("direct", "This was an unfortunate mistake,", "Jean-Pierre"),
             ("indirect", "another call was scheduled", "Jean-Pierre")],
        ),
        (
            "Each charge carries a penalty of 30 years, the prosecutor said, adding that more "
            "charges are possible.",
            [("indirect", "Each charge carries a penalty of 30 years", "the prosecutor"),
             ("indirect", "more charges are possible", "the prosecutor")],
        ),
        (
            "The Health Ministry reported that three of the wounded are in critical condition.",
            [("indirect", "three of the wounded are in critical condition", "The Health Ministry")],
        ),
        (
            "Wells estimated that more than 100,000 civilians remain in Mariupol.",
            [("indirect", "more than 100,000 civilians remain in Mariupol", "Wells")],
        ),
        (
            "He noted that, 60 years ago, the military was more agile.",
            [("indirect", "60 years ago, the military was more agile", "He")],
        ),
    ],
)
def test_that_opens_a_clause_after_weak_verbs(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He added more troops to the border.",  # an object, no "that": no quote
        "The company reported 20 new cases on Monday.",
    ],
)
def test_weak_verbs_without_that_keep_their_object_guard(text):
    assert _q(text) == []


# -- a reduced relative clause between the subject and its verb (sources.before_participle) ----
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Officials speaking on condition of anonymity said the strike hit a school.",
            [("indirect", "the strike hit a school", "Officials")],
        ),
        (
            "Residents interviewed by the BBC said the shelling had lasted all night.",
            [("indirect", "the shelling had lasted all night", "Residents")],
        ),
        (
            "Civilians evacuated from Mariupol told reporters they had no water for weeks.",
            [("indirect", "they had no water for weeks", "Civilians")],
        ),
        (
            "People arrested last week said that protesters were put at risk.",
            [("indirect", "protesters were put at risk", "People")],
        ),
        (
            "A man injured in the attack said he heard three explosions.",
            [("indirect", "he heard three explosions", "A man")],
        ),
    ],
)
def test_reduced_relative_clause_after_the_subject(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a finite verb and its object, then a clause with its own subject
        ("Ukraine claimed Russia said the talks had failed.",
         [("indirect", "the talks had failed", "Russia")]),
        # a document issued by its author: the issuer stays the speaker
        ("A statement released by the Health Ministry said 59 citizens were evacuated.",
         [("indirect", "59 citizens were evacuated", "the Health Ministry")]),
        # an -ing adjective inside the subject is no clause
        ("A senior Russian ruling party senator said a decree was not needed.",
         [("indirect", "a decree was not needed", "A senior Russian ruling party senator")]),
    ],
)
def test_not_a_reduced_relative_clause(text, expected):
    assert _q(text) == expected
