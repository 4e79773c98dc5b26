"""Stance rules of issue 14, third round: whose unnamed claims fall back to a side, passives
without a by-phrase, possessive pronouns, and the vocabulary families added then. Sentence
cases; each rule is also run with the speaker's side mirrored."""

from __future__ import annotations

import pytest

from tests.tasks.score.test_stance import MIRROR, labels, swap_sides


# ---- an ally's unnamed claims (StanceConfig.ally_claims_named, seed family context) ----------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        # a West speaker's claim naming no side may be about anything: an election, a lawsuit
        ("When Biden won, I felt there would be no incentive to negotiate", "west", ("none", "none")),
        ("the Red Army's victory over Nazi Germany", "west", ("none", "none")),
        ("I could prosecute this case any day of the week and win", "west", ("none", "none")),
        # ... unless it names the side the ally backs, or the battlefield
        ("the Ukrainians are making real progress", "west", ("favor", "none")),
        ("we are seeing real progress on the ground", "west", ("favor", "none")),
        ("the gains amounted to 2,500 square kilometers", "west", ("favor", "none")),
        # a party's own unnamed claims stay its own
        ("When Biden won, I felt there would be no incentive to negotiate", "ukraine",
         ("favor", "none")),
        ("When Biden won, I felt there would be no incentive to negotiate", "russia",
         ("none", "favor")),
    ],
)
def test_an_allys_unnamed_claims_need_the_backed_side_or_the_battlefield(
    text, speaker_side, expected
):
    assert labels(text, speaker_side) == expected


def test_ally_claims_rule_can_be_switched_off():
    text = "I could prosecute this case any day of the week and win"
    assert labels(text, "west", ally_claims_named=False) == ("favor", "none")


# ---- a side's people are victims, not the side (seeds/sides.csv kind civilians) ---------------
@pytest.mark.parametrize("speaker", ["west", "unknown"])
@pytest.mark.parametrize(
    "text, side",
    [
        ("he is trying to destroy the morale of the Ukrainian people", "ukraine"),
        ("Estonia is banning Russian citizens from entering the country", "russia"),
        ("thousands of Ukrainian citizens are being deported to isolated regions", "ukraine"),
    ],
)
def test_a_sides_people_hit_by_an_act_are_no_stance_against_it(text, speaker, side):
    for t, s in ((text, side), (swap_sides(text), MIRROR[side])):
        assert labels(t, speaker)[0 if s == "ukraine" else 1] != "against", t
