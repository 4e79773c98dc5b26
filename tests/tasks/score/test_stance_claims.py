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


# ---- a passive with no by-phrase: its subject undergoes the act ------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        ("Russia must be defeated", "west", ("none", "against")),  # was: favor russia (agent)
        ("Russian forces were pushed back from the town", "west", ("none", "against")),
        ("Russian troops have been driven out of the region", "unknown", ("none", "against")),
        ("Russia was sanctioned again", "unknown", ("none", "against")),
        ("Ukraine is being supported", "unknown", ("favor", "none")),
        # an intransitive cue in the passive keeps its subject ("taken by surprise", "lost")
        ("Russian forces were likely taken by surprise", "west", ("none", "against")),
        # a by-phrase naming no side: the sentence is about that doer's act
        ("Russian tanks were destroyed by precision-guided missiles", "unknown", ("none", "none")),
    ],
)
def test_a_passive_without_by_phrase_makes_its_subject_the_patient(text, speaker_side, expected):
    assert labels(text, speaker_side, own_side=False) == expected
    mirrored = labels(swap_sides(text), MIRROR.get(speaker_side, speaker_side), own_side=False)
    assert mirrored == expected[::-1]


@pytest.mark.parametrize(
    "text",
    [
        "30% of Ukraine's energy infrastructure was destroyed",  # the side owns the subject
        "his forces would not stop until all Ukrainian territory is retaken",
        "Ukrainian forces were cracking down on protesters",  # progressive, not passive
    ],
)
def test_the_passive_rule_leaves_owned_subjects_and_progressives_alone(text):
    for t, speaker in ((text, "unknown"), (swap_sides(text), "unknown")):
        res = labels(t, speaker, own_side=False)
        assert "against" not in res, t


# ---- "its forces", "their troops" (seeds/sides.csv kind possessive) --------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        # no side named before: the speaker's own forces (an indirect quote of a party)
        ("its forces had shot down three Russian cruise missiles", "ukraine", ("favor", "none")),
        ("its troops had retaken territory in the Kharkiv region", "ukraine", ("favor", "none")),
        # a side named before: that side's forces, whoever speaks
        ("Russia says its troops have withdrawn from the island", "west", ("none", "against")),
        ("Russia says its troops have withdrawn from the island", "ukraine", ("none", "against")),
        # a non-party speaker with no side named: nobody's
        ("its forces had withdrawn from the town", "west", ("none", "none")),
    ],
)
def test_possessive_forces_are_the_side_named_before_else_the_speakers(
    text, speaker_side, expected
):
    assert labels(text, speaker_side, own_side=False) == expected
    mirrored = labels(swap_sides(text), MIRROR.get(speaker_side, speaker_side), own_side=False)
    assert mirrored == expected[::-1]


# ---- [aid] bolstering a side's forces: up to six words between the verb and the forces noun ---
@pytest.mark.parametrize("speaker", ["international", "unknown"])
def test_bolstering_a_sides_abilities_named_at_length_favours_it(speaker):
    text = "this will bolster Ukraine's long-range surveillance and defensive targeting ability"
    assert labels(text, speaker, own_side=False) == ("favor", "none")
    assert labels(swap_sides(text), speaker, own_side=False) == ("none", "favor")


def test_a_noun_after_to_be_is_no_passive():
    # "was sanctions on": a noun, not a participle: Moscow is not the one sanctioned
    assert labels("Moscow's answer was sanctions on Latvia", "unknown", own_side=False) == (
        "none", "none")
    assert labels("Kyiv's answer was sanctions on Latvia", "unknown", own_side=False) == (
        "none", "none")


# ---- [condemn] the side attacked by the other side is the victim (role victim) ---------------
@pytest.mark.parametrize("speaker", ["international", "unknown"])
@pytest.mark.parametrize(
    "text, side, label",
    [
        ("civilian victims killed during the Russian attack on Kyiv", "ukraine", "favor"),
        ("Russia's assault on Ukraine is a challenge to peace", "ukraine", "favor"),
        ("Russia's assault on Ukraine is a challenge to peace", "russia", "against"),
        # no attacker named: no victim reading
        ("an attack on Kyiv would be a disaster", "ukraine", "none"),
        # the other side's forces attacked are no victims
        ("the Russian attack on Ukrainian positions", "ukraine", "none"),
    ],
)
def test_the_side_attacked_by_the_other_is_the_victim(text, side, label, speaker):
    got = labels(text, speaker, own_side=False)
    assert got[0 if side == "ukraine" else 1] == label
    mirrored = labels(swap_sides(text), speaker, own_side=False)
    assert mirrored[1 if side == "ukraine" else 0] == label


# ---- a party's speaker naming the side the allies oppose (StanceConfig.enemy_side) -------------
@pytest.mark.parametrize(
    "text",
    [
        "we must understand that Russia will do everything to make life hard",
        "young Russian soldiers are being sent to the front",
    ],
)
def test_a_ukrainian_speaker_naming_russia_with_no_cue_is_against_it(text):
    assert labels(text, "ukraine", own_side=False) == ("none", "against")
    assert labels(text, "ukraine", own_side=False, enemy_side=False) == ("none", "none")
    # not mirrored: the allies (seeds/allies.csv) oppose Russia, not Ukraine
    assert labels(swap_sides(text), "russia", own_side=False) == ("none", "none")
    # not for other speakers
    assert labels(text, "west", own_side=False) == ("none", "none")


def test_the_enemy_prior_stays_out_of_quotes_with_a_cue():
    # a success claim naming the loser: favour the claimant, nothing against the loser
    text = "Ukrainian forces have taken more than 1,000 square kilometers from Russian forces"
    assert labels(text, "ukraine", own_side=False) == ("favor", "none")


# ---- [defence] the Nazi framing of Ukraine, by whom it is used -------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        ("Nazis were in power in Ukraine and were killing innocent people", "russia",
         ("against", "none")),
        ("the Russian army is liberating Ukraine from Nazism", "russia", ("against", "favor")),
        # a Ukrainian speaker quoting the framing disputes it
        ("They're saying there are Nazis in Ukraine, but let's look at the facts", "ukraine",
         ("none", "against")),
        # history, or a speaker of neither side: no stance
        ("the Red Army defeated the Nazis in 1945", "russia", ("none", "none")),
        ("the Kremlin claims there are Nazis in Ukraine", "west", ("none", "none")),
    ],
)
def test_the_nazi_framing_counts_against_the_speakers_enemy(text, speaker_side, expected):
    assert labels(text, speaker_side, own_side=False, enemy_side=False) == expected
