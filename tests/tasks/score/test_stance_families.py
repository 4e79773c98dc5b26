"""Cue families added for issue 14 (support and aid, pressure and sanctions, condemnation and
accountability, hostile acts abroad, threats, weakness, combat losses, victims), as sentence
cases: sentence + speaker side -> expected label toward one side and a fragment of the evidence
that decided it. Every case is also run mirrored (Ukrainian and Russian names swapped, the
speaker's side swapped with them): the label must move to the other side."""

from __future__ import annotations

import re

import pytest

from tasks.score.stance import StanceConfig, stance_for_text
from tests.tasks.score.test_stance import MIRROR, swap_sides

# (sentence, speaker side, target side, label, evidence fragment)
CASES = [
    # ---- support and aid
    ("Germany sent more weapons to Kyiv", "unknown", "ukraine", "favor", "event:sent(patient Kyiv)"),
    ("we will keep shipping artillery shells to Ukraine", "unknown", "ukraine", "favor", "shipping"),
    ("Bolstering Ukraine's air defences remains a priority", "unknown", "ukraine", "favor",
     "Bolstering(patient Ukraine)"),
    ("Britain will continue training Ukrainian soldiers", "unknown", "ukraine", "favor", "training"),
    ("we stand firmly behind Ukraine", "unknown", "ukraine", "favor", "stand firmly behind"),
    ("the unwavering support for Ukraine", "unknown", "ukraine", "favor", "unwavering support"),
    ("the U.N. will provide more humanitarian support for Ukraine", "unknown", "ukraine", "favor",
     "provide"),
    ("they deserve all our support", "ukraine", "ukraine", "favor",
     "all our support(default ukraine)"),
    ("Congress must stop funding Ukraine's war", "unknown", "ukraine", "against", "stop funding"),
    ("we should stop sending weapons to Ukraine", "unknown", "ukraine", "against", "stop sending"),
    ("deliveries of weapons to Kyiv only prolong the conflict", "russia", "ukraine", "against",
     "prolong the conflict"),
    # ---- pressure and sanctions
    ("we must ratchet up the pressure on Moscow", "unknown", "russia", "against",
     "pressure on(patient Moscow)"),
    ("the House passed a ban on Russian oil", "unknown", "russia", "against", "ban on"),
    ("he was banning all Russian petroleum products", "unknown", "russia", "against", "banning"),
    ("a price cap on Russian crude", "unknown", "russia", "against", "price cap on"),
    ("Poland expelled 45 Russian diplomats", "unknown", "russia", "against", "expelled"),
    ("governments have been cracking down on Russian spying", "unknown", "russia", "against",
     "cracking down on"),
    ("we will hold Russia accountable", "unknown", "russia", "against", "holdKEEP"),
    ("Russia must be held accountable for these crimes", "unknown", "russia", "against",
     "be held accountable(Russia)"),
    # ---- condemnation
    ("Putin's brutal war", "unknown", "russia", "against", "brutal(affected Putin)"),
    ("the brutal Russian invasion", "unknown", "russia", "against", "brutal(affected Russian)"),
    ("It's inhumane", "ukraine", "russia", "against", "inhumane(default russia)"),
    ("Putin's illegal war", "unknown", "russia", "against", "illegal"),
    ("Putin is a war criminal", "unknown", "russia", "against", "war criminal(affected Putin)"),
    ("the aggressor doesn't even pretend to be firing at military targets", "ukraine", "russia",
     "against", "aggressor(default russia)"),
    ("Russian troops killed civilians in the village", "unknown", "russia", "against",
     "killed(Russian troops)"),
    ("Russia's strike on Odesa was a sign of more to come", "unknown", "russia", "against",
     "strike(owner Russia)"),
    ("Russian malign influence actors will target the elections", "unknown", "russia", "against",
     "malign(owner Russian)"),
    ("Russia's menacing troop buildup", "unknown", "russia", "against", "menacing(Russia)"),
    ("the threat from Russia will increase", "unknown", "russia", "against",
     "threat from(patient Russia)"),
    # ---- sympathy: a side's civilians hit by a negative act
    ("the crime against humanity of Ukrainian civilians", "unknown", "ukraine", "favor",
     "(victims Ukrainian civilians)"),
    # ---- defence: a named side cleared of involvement
    ("Moscow had nothing to do with the strikes", "russia", "russia", "favor",
     "nothing to do with(Moscow)"),
    ("Russian forces were not involved in the shelling", "unknown", "russia", "favor",
     "not involved in(Russian forces)"),
    # ---- success and failure
    ("we will fight for every centimetre of our land", "ukraine", "ukraine", "favor",
     "fight for every(we)"),
    ("Russian forces are poorly equipped", "unknown", "russia", "against", "poorly equipped"),
    ("the Russian offensive is running out of steam", "unknown", "russia", "against",
     "running out of steam"),
    ("its fighters have killed more than 5,000 Russian troops", "unknown", "russia", "against",
     "killed(patient Russian troops)"),
]


def _evidence(text: str, speaker: str, side: str) -> tuple[str, str]:
    st = stance_for_text(text, speaker, 0.0)[side]
    return st.label, "; ".join(st.evidence)


LEADERS = {"Putin": "Zelensky", "Zelensky": "Putin", "default russia": "default ukraine",
           "default ukraine": "default russia"}


def _swap(text: str) -> str:
    """swap_sides plus leaders and the fallback side named in evidence."""
    text = swap_sides(text)
    return re.sub("|".join(LEADERS), lambda m: LEADERS[m.group(0)], text)


def _mirror(text: str, speaker: str, side: str, fragment: str) -> tuple[str, str, str, str]:
    return _swap(text), MIRROR.get(speaker, speaker), MIRROR[side], _swap(fragment)


@pytest.mark.parametrize("text, speaker, side, label, fragment", CASES)
def test_family_sentence(text, speaker, side, label, fragment):
    got, evidence = _evidence(text, speaker, side)
    assert got == label, evidence
    assert fragment.replace("KEEP", "") in evidence


@pytest.mark.parametrize("text, speaker, side, label, fragment", CASES)
def test_family_sentence_mirrored(text, speaker, side, label, fragment):
    text, speaker, side, fragment = _mirror(text, speaker, side, fragment)
    got, evidence = _evidence(text, speaker, side)
    assert got == label, evidence
    assert fragment.replace("KEEP", "") in evidence


# ---- precision: what the families must leave alone ------------------------------------------
@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Two Russians and a Ukrainian were arrested for alleged espionage", "west"),
        ("private military companies are illegal in Russia", "russia"),
        ("Russia is being threatened by NATO", "russia"),
        ("Navalny's movement was banned in Russia", "unknown"),
        ("The first trains carrying Russian soldiers have reached Belarus", "russia"),
        ("the Armed Forces of the Russian Federation secure the border", "russia"),
        ("energy bills will rise again this winter", "west"),
        ("a dictator is a dictator", "unknown"),
        ("Ukrainian troops had cut off vital supplies to Izyum", "unknown"),  # a success, not aid
    ],
)
def test_families_leave_other_sentences_alone(text, speaker):
    res = stance_for_text(text, speaker, 0.0)
    assert res["russia"].label in ("none", "favor") or "illegal" not in res["russia"].evidence
    assert not any(
        f"event:{w}" in "; ".join(st.evidence)
        for st in res.values()
        for w in ("espionage", "illegal", "threatened", "banned", "trains", "Armed", "dictator",
                  "cut off vital")
    )


@pytest.mark.parametrize(
    "text, speaker, side",
    [
        ("Russian shelling killed Ukrainian civilians", "unknown", "ukraine"),
        ("Ukrainian shelling killed Russian civilians", "unknown", "russia"),
    ],
)
def test_civilian_victims_do_not_count_against_their_side(text, speaker, side):
    assert stance_for_text(text, speaker, 0.0)[side].label != "against"


def test_families_can_be_switched_off_by_removing_their_seed_rows():
    # the ablation in docs/stance.md: without the event family nothing fires
    res = stance_for_text("Germany sent more weapons to Kyiv", "unknown", 0.0,
                          cfg=StanceConfig(events=False))
    assert res["ukraine"].label == "none"


# ---- tone about a named side the allies oppose (StanceConfig.named_tone) ---------------------
from tasks.score.sentiment import sentiment  # noqa: E402


@pytest.mark.parametrize("speaker", ["west", "ukraine", "unknown", "international"])
@pytest.mark.parametrize("text", [
    "Russia will continue to target our critical infrastructure and sow discord",
    "Russian troops are lugging mobile cremation chambers to hide their dead",
])
def test_negative_clauses_about_the_opposed_side_are_against_it(text, speaker):
    st = stance_for_text(text, speaker, sentiment(text), sentiment)["russia"]
    assert st.label == "against"
    assert "tone: clauses naming russia only, negative" in "; ".join(st.evidence)


@pytest.mark.parametrize("text, speaker, side", [
    # the opposed side's own speakers are not against it
    ("Russia will continue to target critical infrastructure and sow discord", "russia", "russia"),
    # the backed side's hardship is no stance against it
    ("Ukraine's energy system is in a terrible, critical state", "west", "ukraine"),
    ("Ukraine's energy system is in a terrible, critical state", "russia", "ukraine"),
    # a clause naming both sides is left to the event rules
    ("the war between Russia and Ukraine is a terrible tragedy", "west", "russia"),
])
def test_tone_rule_leaves_these_alone(text, speaker, side):
    st = stance_for_text(text, speaker, sentiment(text), sentiment)[side]
    assert not any(ev.startswith("tone:") for ev in st.evidence), st.evidence


def test_tone_rule_needs_the_allies_seed():
    text = "Russia will continue to target critical infrastructure and sow discord"
    off = StanceConfig(named_tone=False)
    assert stance_for_text(text, "west", sentiment(text), sentiment, cfg=off)["russia"].label == "none"
