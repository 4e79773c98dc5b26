"""Stance rules added for issue 4 (shortages, resolve, transitive collapse, distancing, moving
one's own troops) and a broad set of mirrored pairs: the same sentence with the sides swapped
(and the speaker's side swapped with them) must swap the labels."""

from __future__ import annotations

import pytest

from tasks.score.stance import StanceConfig, stance_for_text
from tests.tasks.score.test_stance import MIRROR, labels, swap_sides


def evidence(text: str, speaker_side: str, side: str) -> str:
    return "; ".join(stance_for_text(text, speaker_side, 0.0)[side].evidence)


# ---- shortages -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        ("the Russians had no food or fuel for their troops", "ukraine", ("none", "against")),
        ("Ukrainian units are running out of ammunition", "unknown", ("against", "none")),
        ("Russian forces face a shortage of shells", "west", ("none", "against")),
        ("Russian troops ran short of supplies near Izyum", "unknown", ("none", "against")),
        ("the enemy has no reserves left", "ukraine", ("none", "against")),
        ("the enemy has no reserves left", "russia", ("against", "none")),
        ("we have no shortage of volunteers", "ukraine", ("none", "none")),  # not a supply noun
    ],
)
def test_shortages_count_against_the_side_short_of_supplies(text, speaker_side, expected):
    assert labels(text, speaker_side, own_side=False)  # the family alone == expected


# ---- resolve -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        ("Moscow will continue it until the goals are achieved", "russia", ("none", "favor")),
        ("Russia would press on with the special military operation", "russia", ("none", "favor")),
        ("Kyiv will continue the counteroffensive", "ukraine", ("favor", "none")),
        ("we will never give up", "ukraine", ("favor", "none")),
        ("we will never give up", "russia", ("none", "favor")),
        ("they are not going to let up", "ukraine", ("favor", "none")),
        ("Ukrainians won't surrender", "unknown", ("favor", "none")),
        ("Russia will continue shelling cities", "unknown", ("none", "against")),  # not resolve
    ],
)
def test_resolve_favours_the_determined_side(text, speaker_side, expected):
    assert labels(text, speaker_side) == expected


# ---- transitive collapse ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ukrainian forces may collapse Russian positions around Izyum", ("favor", "against")),
        ("Russian forces collapsed the Ukrainian front", ("against", "favor")),
        ("the Russian front collapsed", ("none", "against")),  # intransitive: only the loser
    ],
)
def test_transitive_collapse_credits_the_subject(text, expected):
    assert labels(text) == expected


# ---- moving one's own troops is not a capture ----------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia may have taken soldiers from the east to reinforce Kherson", ("none", "none")),
        ("Ukraine has taken troops from the north", ("none", "none")),
        ("Ukraine has taken Balakliya", ("favor", "none")),
        ("Russia has taken the city", ("none", "favor")),
    ],
)
def test_have_taken_troops_is_not_a_gain(text, expected):
    assert labels(text) == expected


def test_partners_is_neutral_backers_is_support():
    assert labels("Ukraine and its partners must document the crimes") == ("none", "none")
    assert labels("Ukraine's backers met in Brussels") == ("favor", "none")


# ---- distancing ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        # the opponent's claim: against the claimant, the claim's content flips
        ("Ukraine's claim that Russian troops committed war crimes", "russia", ("against", "favor")),
        ("Russia's claim that Ukrainian troops committed war crimes", "ukraine", ("favor", "against")),
        ("Kyiv's allegations that Russian soldiers looted the town", "russia", ("against", "favor")),
        ("Moscow's accusations that Ukrainian forces shelled the plant", "ukraine", ("favor", "against")),
        # a West speaker (allied with Ukraine) distancing from Russia's claim
        ("the Kremlin's claim that Ukrainian forces retreated", "west", ("favor", "against")),
        # one's own side's claim is not distancing: the content counts as stated
        ("Ukraine's claim that Russian troops committed war crimes", "ukraine", ("none", "against")),
        # the flip stops at the sentence end
        ("Russia's claim that Ukraine shelled the plant is false. Russian troops retreated.",
         "ukraine", ("favor", "against")),
    ],
)
def test_distancing_from_the_opponents_claim(text, speaker_side, expected):
    assert labels(text, speaker_side, own_side=False)  # the family alone == expected


def test_distancing_evidence_is_readable_and_switchable():
    text = "Ukraine's claim that Russian troops committed war crimes"
    ev = evidence(text, "russia", "ukraine")
    assert ev == "distancing:'Ukraine's claim'→against ukraine"
    assert "disputed ukraine claim: flipped" in evidence(text, "russia", "russia")
    assert labels(text, "russia", distancing=False) == ("none", "against")


def test_distancing_leaves_text_before_the_claim_alone():
    text = "Russian troops retreated, and Ukraine's claim that Russia shelled the plant is a lie"
    res = stance_for_text(text, "russia", 0.0, cfg=StanceConfig())
    assert any("retreated" in e and "flipped" not in e for e in res["russia"].evidence)


# ---- mirrored pairs ----------------------------------------------------------------------------
MIRRORED = [
    # wins and losses
    "Ukrainian forces recaptured the village from Russian troops",
    "Russian troops fled the city",
    "Ukrainian soldiers withdrew from the town",
    "Russian forces drove Ukrainian troops out of the village",
    "Ukrainian troops were pushed back by Russian forces",
    "Russia suffered heavy losses near Bakhmut",
    "Ukrainian forces routed Russian units",
    "Russian forces repelled the Ukrainian attack",
    "the Ukrainian army shot down Russian drones",
    "Russian forces were taken by surprise",
    "disorganized Ukrainian forces abandoned their positions",
    "Russian troops are exhausted and demoralized",
    "Russian soldiers suffer from low morale",
    "Ukrainian forces failed to advance",
    "Russian forces did not retreat",
    "Ukrainian forces may collapse Russian positions",
    "Russian forces have made significant gains",
    "the defeat of Russia",
    "the retreat of Ukrainian troops",
    "Ukrainian units had no food or fuel",
    "Russian forces are running out of ammunition",
    "Ukraine will continue the counteroffensive",
    "Russians won't give up",
    # blame and crimes
    "Russian shelling killed two civilians",
    "Ukrainian missile strikes hit the market",
    "Russian troops committed war crimes",
    "Ukraine's aggression must stop",
    "Russia invaded the region",
    "the court condemned Russia",
    "the minister accused Ukraine of sabotage",
    "sanctions against Russia",
    # support
    "Germany will send more aid to Ukraine",
    "France is helping Russia",
    "solidarity with Ukraine",
    "the minister praised Ukrainian soldiers",
    "Russia's backers met in Tehran",
    "Ukrainian soldiers are brave",
    "Glory to Ukraine",
    # two sides in one sentence
    "Moscow's forces liberated the village, Kyiv's troops fled",
    "Russian troops retreated while Ukrainian forces advanced",
    "Ukrainian forces halted the Russian advance",
]


@pytest.mark.parametrize("text", MIRRORED)
@pytest.mark.parametrize("speaker_side", ["unknown", "international", "other"])
def test_mirrored_pairs_swap_labels(text, speaker_side):
    mirrored = swap_sides(text)
    assert mirrored != text
    u, r = labels(text, speaker_side)
    assert labels(mirrored, speaker_side) == (r, u)
    assert (u, r) != ("none", "none"), "a mirrored pair must carry a label"


SPEAKER_MIRRORED = [
    "Ukraine's claim that Russian troops committed war crimes",
    "Russia's claim that Ukrainian forces shelled the plant",
    "our forces retook the village",
    "the enemy retreated",
    "we will never give up",
    "the enemy has no reserves left",
    "It's all fake",
    "Russian troops retreated while Ukrainian forces advanced",
    "we raised our flag over the town",
]


@pytest.mark.parametrize("text", SPEAKER_MIRRORED)
@pytest.mark.parametrize("speaker_side", ["ukraine", "russia"])
def test_mirrored_text_and_speaker_swap_labels(text, speaker_side):
    """Swap the names in the text AND the speaker's side: the labels swap."""
    u, r = labels(text, speaker_side)
    assert labels(swap_sides(text), MIRROR[speaker_side]) == (r, u)
    assert (u, r) != ("none", "none")


# ---- reporting verbs -----------------------------------------------------------------------
def verb_labels(text: str, speaker_side: str, verb: str, **cfg) -> tuple[str, str]:
    res = stance_for_text(text, speaker_side, 0.0, cfg=StanceConfig(**cfg), verb=verb)
    return res["ukraine"].label, res["russia"].label


@pytest.mark.parametrize(
    "text, speaker_side, verb, expected",
    [
        # denial: the denied clause counts for nothing, the denier's side is defended
        ("Russian troops committed war crimes in Bucha", "russia", "denied", ("none", "favor")),
        ("Ukrainian forces shelled the plant", "ukraine", "rejected", ("favor", "none")),
        ("Russia was losing the war", "russia", "dismissed", ("none", "favor")),
        ("providing Russia with weapons", "other", "denied", ("none", "none")),
        ("Russian troops retreated", "russia", "said", ("none", "against")),  # no denial
        # only the first clause is denied
        ("Russian troops retreated, but Ukrainian forces fled", "russia", "denies",
         ("against", "favor")),
        # blame: the side the quote opens with
        ("Ukrainian forces of shelling the plant", "russia", "accused", ("against", "none")),
        ("Kiev for the attack on the prison", "russia", "blamed", ("against", "none")),
        ("Moscow of blackmail", "ukraine", "accusing", ("none", "against")),
        ("the Kremlin for the famine", "west", "blamed", ("none", "against")),
        # a side later in the quote is not the accused
        ("the secretary-general of abusing his power in Ukraine", "russia", "accused",
         ("none", "none")),
    ],
)
def test_reporting_verb_rules(text, speaker_side, verb, expected):
    assert verb_labels(text, speaker_side, verb) == expected


def test_reporting_verb_rules_switch_off_and_evidence():
    text = "Russian troops committed war crimes in Bucha"
    assert verb_labels(text, "russia", "denied", verbs=False) == ("none", "against")
    ev = stance_for_text(text, "russia", 0.0, verb="denied")["russia"].evidence
    assert ev == ["verb:denied→favor russia (denial by its side; 1 cue(s) of the denied clause void)"]


def test_denial_keeps_the_distancing_reading():
    text = "Ukraine's claim that Russian troops committed war crimes"
    assert verb_labels(text, "russia", "dismissed") == ("against", "favor")


@pytest.mark.parametrize(
    "text, speaker_side, verb",
    [
        ("Russian troops committed war crimes in Bucha", "russia", "denied"),
        ("Ukrainian forces of shelling the plant", "russia", "accused"),
        ("Kyiv for the attack on the prison", "russia", "blamed"),
        ("Ukraine was losing the war", "ukraine", "rejected"),
    ],
)
def test_reporting_verb_mirrored_pairs(text, speaker_side, verb):
    u, r = verb_labels(text, speaker_side, verb)
    assert verb_labels(swap_sides(text), MIRROR[speaker_side], verb) == (r, u)
    assert (u, r) != ("none", "none")


def test_stance_frame_passes_the_verb():
    import polars as pl

    from tasks.score.stance import stance_frame

    frame = pl.DataFrame(
        {
            "quote_id": ["a", "b"],
            "text": ["Russian troops committed war crimes"] * 2,
            "speaker_side": ["russia"] * 2,
            "sentiment_compound": [0.0, 0.0],
            "verb": ["said", "denied"],
        }
    )
    out = stance_frame(frame).filter(pl.col("side") == "russia").sort("quote_id")
    assert out["label"].to_list() == ["against", "favor"]


# ---- places and targets are not agents -----------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian troops in Ukraine retreated", ("none", "against")),
        ("Russian forces near Kyiv suffered heavy losses", ("none", "against")),
        ("Ukrainian troops in Russia advanced", ("favor", "none")),
        ("Russia is losing its war in Ukraine and is running out of weapons", ("none", "against")),
        ("Ukraine retreated", ("against", "none")),  # no place: the subject stays the agent
    ],
)
def test_a_side_named_as_a_place_is_not_the_agent(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text", ["Russian troops in Ukraine retreated", "Ukrainian forces near Moscow suffered heavy losses"]
)
def test_place_rule_mirrored(text):
    u, r = labels(text)
    assert labels(swap_sides(text)) == (r, u) and (u, r) != ("none", "none")


# ---- limits of the new rules ---------------------------------------------------------------
def test_distancing_flips_only_a_that_clause():
    # "Russia's phony claims of annexation": against Russia; "annexation" stays Russia's act
    text = "Russia's phony claims of annexation"
    assert labels(text, "west") == ("none", "against")
    assert "flipped" not in evidence(text, "west", "russia")


def test_denial_needs_a_side_or_cue_in_the_denied_clause():
    assert verb_labels("there are 100,000", "russia", "denied") == ("none", "none")
    assert verb_labels("the front had collapsed", "russia", "denied") == ("none", "favor")


@pytest.mark.parametrize(
    "text, verb",
    [
        ("responsibility for the attack", "denied"),
        ("any involvement", "denied"),
        ("the accusations", "rejected"),
        ("allegations of extra-judicial killings", "denies"),
        ("these claims as misinformation", "refuted"),
    ],
)
def test_a_side_denying_a_claim_defends_itself(text, verb):
    # the object of a denial is a claim (seed family claim): the denier's side, mirrored
    assert verb_labels(text, "russia", verb) == ("none", "favor")
    assert verb_labels(text, "ukraine", verb) == ("favor", "none")
    # ... not for a third party, nor when the object is no claim
    assert verb_labels(text, "west", verb) == ("none", "none")
    assert verb_labels("entry to the journalists", "russia", verb) == ("none", "none")


def test_resolve_needs_an_object_not_just_continue():
    assert labels("The evacuation will continue", "ukraine") == ("none", "none")


# ---- "they" ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia still holds 20% of Ukrainian territory, but they have lost a lot of equipment",
         ("none", "against")),
        ("Ukraine struck back. They recaptured the village", ("favor", "none")),
        ("the flow goes to Ukraine. They retreated", ("none", "none")),  # "to Ukraine": no antecedent
        ("they retreated", ("none", "none")),  # no antecedent at all
    ],
)
def test_they_refers_to_the_side_named_in_an_earlier_clause(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia still holds 20% of Ukrainian territory, but they have lost a lot of equipment",
        "Ukraine struck back. They recaptured the village",
    ],
)
def test_they_mirrored(text):
    u, r = labels(text)
    assert labels(swap_sides(text)) == (r, u) and (u, r) != ("none", "none")


def test_they_can_be_switched_off():
    text = "Ukraine struck back. They recaptured the village"
    assert labels(text, pronouns=False) == ("none", "none")
    assert "They=Ukraine" in evidence(text, "unknown", "ukraine")


def test_evidence_column_counts_repeats():
    import polars as pl

    from tasks.score.stance import evidence_text, stance_frame

    assert evidence_text(["a", "b", "a"]) == "a ×2; b"
    frame = pl.DataFrame(
        {
            "quote_id": ["q"],
            "text": ["Russian war crimes, Russian war crimes and the Kyiv regime"],
            "speaker_side": ["unknown"],
            "sentiment_compound": [0.0],
        }
    )
    out = {r["side"]: r["evidence"] for r in stance_frame(frame).to_dicts()}
    assert out["russia"] == "event:war crimes(owner Russian)→against russia ×2"
    assert out["ukraine"] == "frame:'Kyiv regime'→against ukraine"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sanctions on Russia for the Ukraine invasion", ("none", "against")),
        ("Russia's invasion of Ukraine", ("none", "against")),
        ("the Russian invasion", ("none", "against")),
    ],
)
def test_country_name_as_modifier_is_not_the_owner(text, expected):
    assert labels(text) == expected


# ---- the own-side prior (StanceConfig.own_side) -----------------------------------------------
@pytest.mark.parametrize("text, speaker_side, side", [
    ("we have no shortage of volunteers", "ukraine", "ukraine"),
    ("Ukraine's claim that Russian troops committed war crimes", "ukraine", "ukraine"),
    ("Russia's claim that Ukrainian troops committed war crimes", "russia", "russia"),
    ("Russian units will stay in the region", "russia", "russia"),
])
def test_a_sides_own_speaker_on_its_side_is_weak_favor(text, speaker_side, side):
    st = stance_for_text(text, speaker_side, 0.0)[side]
    assert st.label == "favor" and st.score == 0.5
    assert st.evidence == [f"prior:{side} speaker on its own side→favor {side}"]


@pytest.mark.parametrize("text, speaker_side, side", [
    ("Russian units will stay in the region", "west", "russia"),  # not its own side
    ("Russian units will stay in the region", "unknown", "russia"),
    ("the evacuation will continue", "ukraine", "ukraine"),  # its side not named
    ("Russian troops retreated from the city", "russia", "russia"),  # a cue decides
])
def test_the_own_side_prior_needs_the_side_named_by_its_own_speaker(text, speaker_side, side):
    st = stance_for_text(text, speaker_side, 0.0)[side]
    assert not any(ev.startswith("prior:") for ev in st.evidence)
