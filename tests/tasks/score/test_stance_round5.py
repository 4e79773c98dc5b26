"""Stance rules of issue 14, round 5 (session 7): a side's schemes ("the Russian playbook",
"Putin's plot") count against the schemer. Each sentence also runs mirrored (Ukrainian and
Russian names swapped, the speaker's side swapped with them) and with the seed row removed from
a copy of seeds/, to show the case depends on the row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tasks.score.cues import SEEDS, load_lexicon
from tasks.score.sentiment import sentiment
from tasks.score.stance import stance_for_text
from tests.tasks.score.test_stance import MIRROR, swap_sides

SCHEME_ROW = "(?:playbook|plots?|ploys?|gambits?),owner"


@pytest.fixture(scope="module")
def lex_without_schemes(tmp_path_factory) -> object:
    """The stance lexicon from a copy of seeds/ without the schemes row."""
    seeds = Path(tmp_path_factory.mktemp("seeds"))
    for f in SEEDS.glob("*.csv"):
        shutil.copy(f, seeds / f.name)
    cues = seeds / "stance_cues.csv"
    lines = cues.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if SCHEME_ROW not in ln]
    assert len(kept) == len(lines) - 1  # exactly the row under test
    cues.write_text("".join(kept), encoding="utf-8")
    return load_lexicon(seeds)


def _stance(text: str, speaker: str, side: str, lex=None):
    return stance_for_text(text, speaker, sentiment(text), sentiment, lex=lex)[side]


SCHEMES = [
    # (sentence, speaker side, target side): against the schemer
    ("We've seen the Russian playbook before", "west", "russia"),
    ("This is very much a part of Russia's playbook", "west", "russia"),
    ("Moscow's plot to make the West lose appetite for the conflict had proved ineffective", "west",
     "russia"),
    ("there was a Russian plot to make the southern city an exclusion zone", "ukraine", "russia"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", SCHEMES)
def test_a_sides_scheme_counts_against_it(text, speaker, side, mirrored, lex_without_schemes):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
        speaker = MIRROR.get(speaker, speaker)
    got = _stance(text, speaker, side)
    assert got.label == "against"
    assert any("plot" in e or "playbook" in e for e in got.evidence)  # evidence kept
    # without the row the scheme is not read
    off = _stance(text, speaker, side, lex=lex_without_schemes)
    assert not any("plot" in e or "playbook" in e for e in off.evidence)


NOT_THE_OWNER = [
    # "in a plot to": the schemer is the clause's subject, not the side named just before
    ("Russia has mined a huge dam in southern Ukraine in a plot to unleash a flood", "west", "ukraine"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", NOT_THE_OWNER)
def test_a_place_before_in_a_plot_is_not_the_schemer(text, speaker, side, mirrored):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
    assert _stance(text, speaker, side).label != "against"
