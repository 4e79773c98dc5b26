"""Stance rules of issue 14, round 4 (session 7): sentence cases, each also run mirrored
(Ukrainian and Russian names swapped, the speaker's side swapped with them) where the rule is
symmetric, and with the rule switched off to show the case depends on it."""

from __future__ import annotations

import pytest

from tasks.score.sentiment import sentiment
from tasks.score.stance import StanceConfig, stance_for_text
from tests.tasks.score.test_stance import MIRROR, swap_sides


def _stance(text: str, speaker: str, side: str, **cfg):
    return stance_for_text(text, speaker, sentiment(text), sentiment, cfg=StanceConfig(**cfg))[side]


# ---- the weak priors read a side named as a party, not as a place (StanceConfig.place_priors) --
PLACE_OWN = [
    # (sentence, speaker side = target side): the own-side prior does not fire
    ("there had been widespread blackouts in a number of regions across Ukraine", "ukraine"),
    ("Fighting in Ukraine's eastern Donbas region is at maximum intensity", "ukraine"),
    ("A trilateral summit will be held in the Russian city of Sochi next week", "russia"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side", PLACE_OWN)
def test_own_side_prior_skips_a_side_named_as_a_place(text, side, mirrored):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
    assert _stance(text, side, side).label == "none"
    # without the rule the prior fires: the case tests the rule
    off = _stance(text, side, side, place_priors=False)
    assert off.label == "favor" and "own side" in off.evidence[0]


PARTY_OWN = [
    # a side named as a party, or holding a place, still counts
    ("Kherson is back in Ukrainian hands", "ukraine"),
    ("Ukrainian forces were moving step by step into the Kherson region", "ukraine"),
    ("the region is now in Russian hands", "russia"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side", PARTY_OWN)
def test_own_side_prior_still_reads_a_side_named_as_a_party(text, side, mirrored):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
    st = _stance(text, side, side)
    assert st.label == "favor", st.evidence
    assert st.evidence and st.evidence[0].startswith("prior:")


@pytest.mark.parametrize("text, speaker", [
    # the side the allies oppose named only as a place: no tone rule, no enemy prior
    ("Two of the nationals were arrested in Russia and face terrible charges", "west"),
    ("they were taken to a prison in Russia", "ukraine"),
    ("the talks will be held in Russia", "ukraine"),
])
def test_tone_and_enemy_priors_skip_a_side_named_as_a_place(text, speaker):
    st = _stance(text, speaker, "russia")
    assert st.label == "none", st.evidence
    off = _stance(text, speaker, "russia", place_priors=False)
    assert off.label == "against" and off.evidence[0].startswith(("tone:", "prior:"))


@pytest.mark.parametrize("text, speaker", [
    ("Russia will continue to target our critical infrastructure and sow discord", "west"),
    ("Russia will do everything to destroy the normality of life", "ukraine"),
])
def test_tone_and_enemy_priors_still_read_a_named_party(text, speaker):
    assert _stance(text, speaker, "russia").label == "against"


# ---- a casualty count is none by the guidelines (StanceConfig.casualty_none, family casualty) --
@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side", [
    ("nearly 500 of its Russian soldiers have been killed and another 1,600 injured", "russia"),
    ("between 60 and 100 Ukrainian soldiers were dying each day", "ukraine"),
    ("Ukraine's casualties were unavoidable", "ukraine"),
])
def test_own_side_prior_stays_off_on_a_casualty_count(text, side, mirrored):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
    assert _stance(text, side, side).label == "none"
    off = _stance(text, side, side, casualty_none=False)
    assert off.label == "favor" and "own side" in off.evidence[0]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side, label", [
    # a cue still decides: the count is the enemy's losses
    ("its fighters have killed more than 5,000 Russian troops", "ukraine", "russia", "against"),
    # no count: the prior still reads the side
    ("she died for Russia", "russia", "russia", "favor"),
])
def test_casualty_rule_leaves_cues_and_other_quotes_alone(text, speaker, side, label, mirrored):
    if mirrored:
        text, speaker, side = swap_sides(text), MIRROR[speaker], MIRROR[side]
    assert _stance(text, speaker, side).label == label


# ---- word-boundary fixes of two event cues (seeds/stance_cues.csv) ----------------------------
@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side, label", [
    ("Ukrainian drones hit the headquarters of Russia's Black Sea Fleet", "russia", "none"),  # not "flee"
    ("Russian troops fled the city", "russia", "against"),
    ("Russian troops are fleeing the city", "russia", "against"),
    ("Russia should take clear steps to de-escalate the tensions", "russia", "none"),  # not "escalate"
    ("Russia will escalate the war", "russia", "against"),
])
def test_fleet_is_not_flee_and_de_escalate_is_not_escalate(text, side, label, mirrored):
    if mirrored:
        text, side = swap_sides(text), MIRROR[side]
    st = stance_for_text(text, "unknown", 0.0)[side]
    assert st.label == label, st.evidence


# ---- [aid] the recipient as indirect object ("send Ukraine more artillery") --------------------
@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side, label, fragment", [
    ("Washington would also be sending Ukraine more artillery", "ukraine", "favor",
     "sending(patient Ukraine)"),
    ("Washington would send Kyiv four more HIMARS systems", "ukraine", "favor", "send(patient Kyiv)"),
    ("he wants to give Ukraine whatever it needs", "ukraine", "favor", "give(patient Ukraine)"),
    ("Paris had sent Ukraine military equipment worth 162 million euros", "ukraine", "favor",
     "sent(patient Ukraine)"),
    # not aid: "given" as a preposition, "send X into ... arms", a lower-case word after the verb
    ("Given Russia's track record, we are concerned", "russia", "none", ""),
    ("the war may send Russia into China's arms", "russia", "none", ""),
    ("the port will ship out Russian grain and other supplies", "russia", "none", ""),
])
def test_aid_to_an_indirect_object(text, side, label, fragment, mirrored):
    if mirrored:
        text, side, fragment = swap_sides(text), MIRROR[side], swap_sides(fragment)
    st = stance_for_text(text, "unknown", 0.0)[side]
    assert st.label == label, st.evidence
    assert fragment in "; ".join(st.evidence)


# ---- the own-side prior skips a side named only through its leader or government -------------
@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side", [
    ("Putin is receiving round-the-clock updates on the situation", "russia"),
    ("The Russian government is not discussing a mobilization at this moment", "russia"),
    ("Putin and Erdogan had discussed Syria", "russia"),
])
def test_own_side_prior_skips_a_side_named_by_its_leader_or_government(text, side, mirrored):
    if mirrored:
        text, side = swap_sides(text).replace("Putin", "Zelensky"), MIRROR[side]
    assert _stance(text, side, side).label == "none"
    off = _stance(text, side, side, own_side_skip=())
    assert off.label == "favor" and "own side" in off.evidence[0]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, side", [
    ("Putin said Russian forces will stay in the region", "russia"),  # its forces still count
    ("the Kremlin said Moscow will defend the truth", "russia"),  # its capital still counts
])
def test_own_side_prior_still_reads_forces_and_capital_next_to_the_leader(text, side, mirrored):
    if mirrored:
        text, side = swap_sides(text).replace("Putin", "Zelensky").replace("Kremlin", "presidency"), \
            MIRROR[side]
    assert _stance(text, side, side).label == "favor"
