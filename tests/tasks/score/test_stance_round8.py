"""Stance rules of issue 14, round 8 (session 9), read off the corpus's Ukrainian- and West-side
quotes: solidarity said with an adverb or another preposition ("stands firmly with the Ukrainian
people", "stand alongside the Ukrainians", "stick with Ukraine") favours the side stood with, as
the plain "stand with" / "stand by" already did. Each sentence also runs mirrored (Ukrainian and
Russian names swapped, the speaker's side swapped with them) and with the seed row removed from a
copy of seeds/, to show the case depends on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tasks.score.test_stance_round6 import _lexicon_without, _stance, assert_read

SOLIDARITY_ROW = "(?:stand\\w*|stood) (?:(?:firmly"


@pytest.fixture(scope="module")
def lex_without_solidarity(tmp_path_factory) -> object:
    return _lexicon_without(Path(tmp_path_factory.mktemp("seeds")), SOLIDARITY_ROW)


SOLIDARITY = [
    # (sentence, speaker side, target side): favour toward the side stood with
    ("The United States stands firmly with the Ukrainian people in defense of the alliance.",
     "west", "ukraine"),
    ("We need to stand firmly with Ukrainians in the defense of their nation", "west", "ukraine"),
    ("he was prepared to stand alongside the Ukrainians on the front line", "unknown", "ukraine"),
    ("the United States would stick with Ukraine as long as it takes", "west", "ukraine"),
    ("we stand shoulder to shoulder with Ukraine", "west", "ukraine"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", SOLIDARITY)
def test_solidarity_with_an_adverb_favours_the_side_stood_with(text, speaker, side, mirrored,
                                                               lex_without_solidarity):
    assert_read(text, speaker, side, mirrored, "favor", ("stand", "stick"),
                lex_without_solidarity)


@pytest.mark.parametrize("text", [
    "If the ports don't open soon, we are stuck with the crops",
    "China will stick with its zero-Covid strategy at least until the congress",
    "Brian Cox, who stood alongside his Succession cast",
])
def test_sticking_with_no_side_is_no_stance(text):
    for side in ("ukraine", "russia"):
        assert _stance(text, "west", side).label == "none"
