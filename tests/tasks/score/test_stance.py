"""Stance model: one parametrised block per rule family, mirrored pairs, speaker prior."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tasks.contract import STANCE
from tasks.score.mentions import clause_spans, find_mentions
from tasks.score.stance import StanceConfig, stance_for_text, stance_frame
from tasks.score.cues import SeedError, load_cues, load_lexicon, load_sides


def labels(text: str, speaker_side: str | None = "unknown", compound: float = 0.0, **cfg):
    """(ukraine label, russia label) of one quote."""
    res = stance_for_text(text, speaker_side, compound, cfg=StanceConfig(**cfg))
    return res["ukraine"].label, res["russia"].label


SWAP = {"Ukrainian": "Russian", "Russian": "Ukrainian", "Ukraine": "Russia", "Russia": "Ukraine",
        "Kyiv": "Moscow", "Moscow": "Kyiv", "Ukrainians": "Russians", "Russians": "Ukrainians"}


def swap_sides(text: str) -> str:
    """The same sentence with Ukrainian and Russian names swapped."""
    return re.sub(r"\b(" + "|".join(SWAP) + r")\b", lambda m: SWAP[m.group(1)], text)


MIRROR = {"ukraine": "russia", "russia": "ukraine"}


# ---- aliases -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        ("Ukrainian forces moved east", "unknown", ["ukraine"]),
        ("the Kremlin said nothing", "unknown", ["russia"]),
        ("Zelenskyy met Putin's envoy", "unknown", ["ukraine", "russia"]),
        ("pro-Kremlin forces held the bridge", "unknown", ["russia"]),
        ("the occupiers shelled the town", "unknown", ["russia"]),
        ("Kiev and Moscow", "unknown", ["ukraine", "russia"]),
        ("our forces advanced", "ukraine", ["ukraine"]),
        ("our forces advanced", "russia", ["russia"]),
        ("our forces advanced", "west", []),
        ("the enemy retreated", "ukraine", ["russia"]),
        ("the enemy retreated", "russia", ["ukraine"]),
        ("Russian-installed officials", "unknown", ["russia"]),
        ("a prussian king and ukrainianism", "unknown", []),
    ],
)
def test_aliases(text, speaker_side, expected):
    sides = [m.side for m in find_mentions(text, speaker_side, load_lexicon()) if m.side]
    assert sides == expected


def test_longest_alias_wins():
    (m,) = find_mentions("Russian forces retreated", "unknown", load_lexicon())
    assert m.text == "Russian forces"


# ---- framing cues --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("the special military operation will continue until its goals are met", ("none", "favor")),
        ("the Kyiv regime keeps shelling its own people", ("against", "none")),
        ("the goal is the denazification of the country", ("against", "favor")),
        ("the occupiers will be driven from every village", ("none", "against")),
        ("this was an unprovoked and brutal war", ("none", "against")),
        ("the talks resumed on Monday", ("none", "none")),
    ],
)
def test_framing(text, expected):
    assert labels(text) == expected


def test_denial_depends_on_speaker():
    assert labels("It is all a lie and a staged provocation", "russia") == ("against", "favor")
    assert labels("It is all a lie and a staged provocation", "ukraine") == ("favor", "against")
    assert labels("It is all a lie and a staged provocation", "west") == ("none", "none")


# ---- event roles ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian troops retreated from the city", ("none", "against")),
        ("Russian forces fled in panic", ("none", "against")),
        ("Moscow's troops withdrew from the west bank", ("none", "against")),
        ("Russian units suffered heavy losses near the river", ("none", "against")),
        ("the town was deserted by Russian soldiers", ("none", "against")),
        ("Russian forces are exhausted and overstretched", ("none", "against")),
        ("the Russian army has lost a lot of equipment", ("none", "against")),
    ],
)
def test_event_defeat(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ukrainian forces liberated the village", ("favor", "none")),
        ("Ukrainian troops retook the town on Friday", ("favor", "none")),
        ("Kyiv recaptured more than 20 settlements", ("favor", "none")),
        ("Ukrainian forces advanced 50 kilometres", ("favor", "none")),
        ("Ukraine made significant gains in the east", ("favor", "none")),
        ("Ukrainian troops captured two villages", ("favor", "none")),
    ],
)
def test_event_success(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ukrainian forces pushed back Russian troops", ("favor", "against")),
        ("Ukrainian troops drove Russian forces back across the river", ("favor", "against")),
        ("Ukrainian units drove out Russian forces from two areas", ("favor", "against")),
        ("Ukrainian air defences repelled the Russian attack", ("favor", "against")),
        ("Russian forces eliminated 200 Ukrainian servicemen", ("against", "favor")),
        ("the strike destroyed three Russian tanks", ("none", "against")),
        ("Russian missiles destroyed a school", ("none", "none")),  # the destroyer is not credited
    ],
)
def test_event_agent_and_patient(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian shelling killed two civilians overnight", ("none", "against")),
        ("a woman died in a Russian missile strike", ("none", "against")),
        ("Russian troops committed war crimes in the town", ("none", "against")),
        ("the victims of Putin's war", ("none", "against")),
    ],
)
def test_event_attacks_and_crimes(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Europe will keep helping Ukraine", ("favor", "none")),
        ("there is broad support for Ukraine in the parliament", ("favor", "none")),
        ("Germany will send more aid to Ukraine", ("favor", "none")),
        ("Ukraine's Western backers met in Brussels", ("favor", "none")),
        ("today we raised the Ukrainian flag over the city", ("favor", "none")),
        ("soldiers raised the Russian flag over the city hall", ("none", "favor")),
        ("Kyiv and its allies must stand together", ("favor", "none")),
    ],
)
def test_event_support(text, expected):
    assert labels(text) == expected


def test_aid_without_recipient_goes_to_speaker_side():
    assert labels("we need more military aid", "ukraine") == ("favor", "none")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the summit condemned Russia's aggression", ("none", "against")),
        ("Zelenskyy accused Moscow of blackmail", ("none", "against")),
        ("Lavrov blamed Kyiv for the strike", ("against", "none")),
        ("new sanctions against Russia were agreed", ("none", "against")),
        ("the minister thanked Ukraine for its resolve", ("favor", "none")),
        ("Glory to Ukraine!", ("favor", "none")),
        ("Ukrainian soldiers are brave", ("favor", "none")),
        ("tackling Russian propaganda online", ("none", "against")),
        ("weapons keep flowing to the Ukrainian nationalists", ("against", "none")),
    ],
)
def test_event_blame_praise_and_framing_words(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia has invaded Ukraine", ("none", "against")),  # the patient is not blamed
        ("the invasion of Ukraine", ("none", "against")),  # "of X" is the patient; default side
        ("the end of the Ukraine war", ("none", "none")),  # a location, not an owner
        ("Putin's war", ("none", "against")),
        ("prisoners of war", ("none", "none")),
        ("I don't blame NATO for the fact that Russia is strong", ("none", "none")),
        ("abandoned Russian tanks lined the road", ("none", "against")),
        # transitive collapse also credits its subject (a claim of success)
        ("Ukrainian forces may collapse Russian positions", ("favor", "against")),
        ("the collapse of the Russian front", ("none", "against")),
        ("Russian forces around Izyum are increasingly isolated", ("none", "against")),
        ("Russia's first campaign abroad, since the Soviet collapse", ("none", "none")),
        ("Syria was hit by airstrikes", ("none", "none")),  # attack with no named side
    ],
)
def test_roles_are_assigned_to_the_right_side(text, expected):
    assert labels(text) == expected


# ---- negation and passive ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian troops did not retreat", ("none", "favor")),
        ("Russian troops never retreated", ("none", "favor")),
        ("Ukrainian forces failed to advance", ("against", "none")),
        ("Ukrainian forces were unable to advance", ("against", "none")),
        ("Ukrainian forces made no progress", ("against", "none")),
        ("Europe would not tire of helping Ukraine", ("favor", "none")),
    ],
)
def test_negation(text, expected):
    assert labels(text) == expected


def test_negation_can_be_switched_off():
    assert labels("Russian troops did not retreat", negation=False) == ("none", "against")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian troops were pushed back by Ukrainian forces", ("favor", "against")),
        ("the city was recaptured by Ukrainian troops", ("favor", "none")),
        ("the village was shelled by Russian artillery", ("none", "against")),
        ("the town was abandoned by Russian units", ("none", "against")),
    ],
)
def test_passive(text, expected):
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the town was retaken by Ukrainian troops", ("favor", "none")),  # main clause
        ("shelling of settlements retaken by Ukrainian troops", ("none", "none")),  # background
        ("the village, which was retaken by Kyiv, is quiet", ("none", "none")),
    ],
)
def test_reduced_relative_passive_is_background(text, expected):
    assert labels(text) == expected


def test_passive_can_be_switched_off():
    # without the passive rule the patient (Russian troops) is read as the agent
    assert labels("Russian troops were pushed back by Ukrainian forces", passive=False) != (
        "favor",
        "against",
    )


# ---- mirror symmetry -----------------------------------------------------------------------
MIRRORED = [
    "Russian troops retreated from the city",
    "Ukrainian forces pushed back Russian troops",
    "Russian troops were pushed back by Ukrainian forces",
    "Russian shelling killed two civilians",
    "Ukrainian forces failed to advance",
    "Germany will send more aid to Ukraine",
    "disorganized Russian forces were caught in the rapid Ukrainian advance",
    "Moscow's forces liberated the village, Kyiv's troops fled",
]


@pytest.mark.parametrize("text", MIRRORED)
@pytest.mark.parametrize("speaker_side", ["unknown", "international"])
def test_mirrored_pairs_swap_labels(text, speaker_side):
    mirrored = swap_sides(text)
    assert mirrored != text
    u, r = labels(text, speaker_side)
    assert labels(mirrored, speaker_side) == (r, u)
    assert (u, r) != ("none", "none")


@pytest.mark.parametrize(
    "text",
    [
        "our forces retook the village",
        "we raised our flag over the town",
        "the national flag was raised over the town",
        "It's all fake",
    ],
)
def test_mirrored_speakers_swap_labels(text):
    u, r = labels(text, "ukraine")
    assert labels(text, "russia") == (r, u)
    assert (u, r) != ("none", "none")


@pytest.mark.parametrize(
    "text, speaker_side, expected",
    [
        ("we are seeing real progress on the ground", "west", ("favor", "none")),
        ("we are seeing real progress on the ground", "international", ("none", "none")),
        ("our forces advanced", "west", ("none", "none")),  # "we/our" never resolves to an ally
    ],
)
def test_allies_only_for_unnamed_claims(text, speaker_side, expected):
    assert labels(text, speaker_side) == expected


def test_enemy_gains_reported_by_its_opponent_are_not_favor():
    assert labels("the Ukrainians had advanced 30 kilometres", "russia") == ("none", "none")
    assert labels("the Ukrainians had advanced 30 kilometres", "ukraine") == ("favor", "none")
    assert labels("the Russians had advanced 30 kilometres", "ukraine") == ("none", "none")


# ---- speaker prior -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker_side, compound, expected",
    [
        ("This week we have great news, wonderful", "ukraine", 0.8, ("favor", "none")),
        ("This week we have great news, wonderful", "russia", 0.8, ("none", "favor")),
        ("This week we have great news, wonderful", "west", 0.8, ("none", "none")),  # off-topic
        ("wonderful news: the Russians are retreating", "west", 0.8, ("favor", "against")),
        ("wonderful news: the Russians are retreating", "international", 0.8, ("none", "against")),
        ("I love my new car, wonderful", "russia", 0.8, ("none", "none")),  # not about the war
        ("a mixed day", "ukraine", 0.1, ("none", "none")),  # no clear evaluation
        ("two people were killed overnight", "ukraine", -0.8, ("none", "none")),  # casualty report
        # target named: the prior never applies, only explicit cues count
        ("Ukraine had a great and wonderful day", "russia", 0.8, ("none", "favor")),
        # explicit cue wins over the prior
        ("what wonderful news, Ukrainian troops fled", "ukraine", 0.8, ("against", "none")),
    ],
)
def test_speaker_prior_only_when_target_unnamed(text, speaker_side, compound, expected):
    # the prior is off by default since issue 14 (0 of 7 right on war-train developed)
    assert labels(text, speaker_side, compound, prior=True) == expected


def test_prior_can_be_switched_off():
    assert labels("great news", "ukraine", 0.8, prior=False) == ("none", "none")


# ---- output shape --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker_side",
    [
        ("Russian troops retreated while Ukrainian forces advanced", "unknown"),
        ("the Kyiv regime and its Western backers", "russia"),
        ("great news, wonderful", "ukraine"),
        ("It's all a lie", "russia"),
        ("Germany will send more aid to Ukraine", "west"),
    ],
)
def test_evidence_for_every_label(text, speaker_side):
    for st in stance_for_text(text, speaker_side, 0.8).values():
        if st.label != "none":
            assert st.evidence, st
            assert any(st.side in e and st.label in e for e in st.evidence)
        assert -1.0 <= st.score <= 1.0


def test_evidence_is_readable():
    res = stance_for_text("Russian troops retreated", "unknown", 0.0)
    assert res["russia"].evidence == ["event:retreated(Russian troops)→against russia"]
    assert res["ukraine"].evidence == [] and res["ukraine"].label == "none"


def test_target_sentiment_uses_clauses_that_mention_the_side():
    def polarity(text: str) -> float:
        return -0.5 if "Russian" in text else 0.5

    res = stance_for_text(
        "Russian troops retreated. The sun was shining", "unknown", 0.1, polarity=polarity
    )
    assert res["russia"].sentiment == -0.5
    assert res["ukraine"].sentiment is None


@pytest.mark.parametrize(
    "text, n",
    [("one clause only", 1), ("First. Second", 2), ("A, but B", 2), ("A — B — C", 3), ("", 1)],
)
def test_clause_spans(text, n):
    spans = clause_spans(text)
    assert len(spans) == n
    assert all(0 <= a <= b <= len(text) for a, b in spans)


def test_stance_frame_schema_and_bad_input():
    frame = pl.DataFrame(
        {
            "quote_id": ["a", "b", "c"],
            "text": ["Russian troops retreated", None, ""],
            "speaker_side": ["ukraine", None, "nonsense"],
            "sentiment_compound": [-0.3, None, 0.0],
        }
    )
    out = stance_frame(frame)
    assert out.schema == pl.Schema(STANCE)
    assert out.height == 6
    row = out.filter((pl.col("quote_id") == "a") & (pl.col("side") == "russia")).row(0, named=True)
    assert row["label"] == "against" and "retreated" in row["evidence"]
    assert set(out.filter(pl.col("quote_id") != "a")["label"]) == {"none"}


# ---- seeds ---------------------------------------------------------------------------------
def test_seeds_load():
    assert {"ukraine", "russia", "speaker", "opponent"} <= {r["side"] for r in load_sides()}
    assert {c.family for c in load_cues()} == {"frame", "event", "negation", "distance", "verb", "context",
                                                "casualty", "topic", "claim"}


@pytest.mark.parametrize(
    "row, message",
    [
        ("frame,foo,nowhere,1,,", "frame target"),
        ("event,foo,agent,x,,", "polarity"),
        ("event,(foo),agent,1,,", "(?:...)"),
        ("event,foo,agent,1,mars,", "fallback"),
        ("oops,foo,agent,1,,", "family"),
    ],
)
def test_bad_cue_seed_gives_clear_error(tmp_path, row, message):
    (tmp_path / "stance_cues.csv").write_text(
        "family,cue,target,polarity,fallback,note\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(SeedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_cues(tmp_path)
