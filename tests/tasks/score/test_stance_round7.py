"""Stance rules of issue 14, round 7 (session 8), read off the corpus's Russian-side quotes: a
side's government called a regime or junta ("the Ukrainian regime", "the regime in Kyiv";
mirrored: "the Putin regime") counts against that side. Each sentence also runs mirrored
(Ukrainian and Russian names swapped, the speaker's side swapped with them) and with the seed
rows removed from a copy of seeds/, to show the case depends on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tasks.score.test_stance_round6 import _lexicon_without, _stance, assert_read

REGIME_ROWS = ("(?:Kyiv|Kiev|Zelensk", "(?:Russia|Russian|Putin|Kremlin")


@pytest.fixture(scope="module")
def lex_without_regime(tmp_path_factory) -> object:
    return _lexicon_without(Path(tmp_path_factory.mktemp("seeds")), *REGIME_ROWS)


REGIMES = [
    # (sentence, speaker side, target side): against the side whose government is the regime
    ("The Ukrainian regime also started a military operation in the south of the country",
     "unknown", "ukraine"),
    ("to prevent such irresponsible action by the regime in Kyiv", "russia", "ukraine"),
    ("The West and the junta in Kyiv backed by it have declared they were not ready to negotiate",
     "unknown", "ukraine"),
    ("which creates motivation to distance themselves from the regime in Moscow", "west", "russia"),
    ("sectors that generate substantial revenue for the Russian regime", "west", "russia"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", REGIMES)
def test_a_government_called_a_regime_is_against_its_side(text, speaker, side, mirrored,
                                                          lex_without_regime):
    assert_read(text, speaker, side, mirrored, "against", ("regime", "junta"), lex_without_regime)


@pytest.mark.parametrize("text", [
    "a regime of heightened terrorist danger has been introduced",
    "Ukraine's visa-free regime with the EU stays in force",
    "the temporary withdrawal from the inspection regime under the treaty",
])
def test_a_regime_that_is_no_government_is_no_stance(text):
    for side in ("ukraine", "russia"):
        assert _stance(text, "unknown", side).label == "none"
