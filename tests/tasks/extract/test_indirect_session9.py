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
