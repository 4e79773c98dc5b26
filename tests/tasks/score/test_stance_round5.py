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
    ("Russia has mined a huge dam in southern Ukraine in a plot to unleash a flood", "west",
     "ukraine"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", NOT_THE_OWNER)
def test_a_place_before_in_a_plot_is_not_the_schemer(text, speaker, side, mirrored):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
    assert _stance(text, speaker, side).label != "against"


# ---- "they" across quotes (StanceConfig.pronouns_across) -------------------------------------


def _frame(quotes: list[tuple[str, str, str, str]], **cfg):
    """STANCE rows of one article's quotes: (text, speaker, speaker side, kind) in order."""
    import polars as pl

    from tasks.score.stance import StanceConfig, stance_frame

    scored = pl.DataFrame({
        "quote_id": [f"q{i}" for i in range(len(quotes))],
        "article_id": ["a1"] * len(quotes),
        "char_start": [100 * i for i in range(len(quotes))],
        "text": [q[0] for q in quotes],
        "speaker": [q[1] for q in quotes],
        "speaker_side": [q[2] for q in quotes],
        "kind": [q[3] for q in quotes],
        "sentiment_compound": [sentiment(q[0]) for q in quotes],
    })
    return stance_frame(scored, sentiment, StanceConfig(**cfg))


def _last(rows, side):
    row = rows.filter((rows["quote_id"] == rows["quote_id"][-1]) & (rows["side"] == side))
    return row["label"][0], row["evidence"][0]


ACROSS = [
    # (previous quote, quote with "they", speaker side, the enemy it resolves to)
    ("Russian troops have failed to take the capital", "I think they are about to run out of steam",
     "west", "russia"),
    ("Russia has mined the approaches to the city", "They bombed and destroyed the central market",
     "ukraine", "russia"),
    ("Ukraine has been shelling the plant for weeks",
     "They have apparently lost the basic instinct of self-preservation", "russia", "ukraine"),
]


# mirrored: the party speakers' cases with the sides swapped (a West speaker backs Ukraine, so
# its enemy is Russia only)
ACROSS_MIRRORED = [(swap_sides(p), t, MIRROR[s], MIRROR[e]) for p, t, s, e in ACROSS if s in MIRROR]


@pytest.mark.parametrize("prev, text, speaker, enemy", ACROSS + ACROSS_MIRRORED)
def test_they_takes_the_enemy_the_same_speaker_named_last(prev, text, speaker, enemy):
    quotes = [(prev, "Jones", speaker, "direct"), (text, "Jones", speaker, "direct")]
    label, evidence = _last(_frame(quotes), enemy)
    assert label == "against" and f"previous quote's {enemy}" in evidence
    # without the rule "they" is nobody
    assert _last(_frame(quotes, pronouns_across=False), enemy)[0] == "none"


def test_they_across_quotes_needs_the_same_speaker_a_direct_quote_and_an_enemy():
    prev = "Russian troops have failed to take the capital"
    text = "I think they are about to run out of steam"
    # another speaker's quote in between is no antecedent
    assert _last(_frame([(prev, "Jones", "west", "direct"), (text, "Smith", "west", "direct")]),
                 "russia")[0] == "none"
    # in indirect speech "they" is often the speaker ("officials said they are not going to let up")
    assert _last(_frame([(prev, "Jones", "west", "direct"), (text, "Jones", "west", "indirect")]),
                 "russia")[0] == "none"
    # an unnamed speaker chains nothing
    assert _last(_frame([(prev, "", "west", "direct"), (text, "", "west", "direct")]),
                 "russia")[0] == "none"
    # the side named last is the speaker's own: "they" is not resolved to it
    own = [("Ukrainian troops have failed to take the town", "Kuleba", "ukraine", "direct"),
           ("I think they are about to run out of steam", "Kuleba", "ukraine", "direct")]
    assert _last(_frame(own), "ukraine")[0] == "none"


@pytest.mark.parametrize("mirrored", [False, True])
def test_they_is_not_the_side_it_acts_on_in_its_clause(mirrored):
    prev, text = "Russia keeps shelling the region", "they drove out Russian forces in two key areas"
    speaker, enemy = "ukraine", "russia"
    if mirrored:
        prev, text, speaker, enemy = swap_sides(prev), swap_sides(text), "russia", "ukraine"
    quotes = [(prev, "Jones", speaker, "direct"), (text, "Jones", speaker, "direct")]
    label, evidence = _last(_frame(quotes), enemy)
    assert "previous quote" not in evidence and label == "against"
