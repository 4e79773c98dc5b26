"""Stance rules of issue 14, round 6 (session 8), read off the corpus: a pledge or an aid
package for a side favours it; a side named as the one to blame, or as aiming to destroy a
country or people, is against it; the own-side prior reads a "we" quote only when it is about
the war (seed family topic). Each sentence also runs mirrored (Ukrainian and Russian names
swapped, the speaker's side swapped with them) and with the seed row removed from a copy of
seeds/, to show the case depends on the row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tasks.score.cues import SEEDS, load_lexicon
from tasks.score.sentiment import sentiment
from tasks.score.stance import StanceConfig, stance_for_text
from tests.tasks.score.test_stance import MIRROR, swap_sides

PLEDGE_ROW = "(?:commitments?|(?:aid|arms|weapons"


def _lexicon_without(tmp: Path, *row_starts: str) -> object:
    """The stance lexicon from a copy of seeds/ without the cue rows starting with row_starts."""
    for f in SEEDS.glob("*.csv"):
        shutil.copy(f, tmp / f.name)
    cues = tmp / "stance_cues.csv"
    lines = cues.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.split(",", 1)[-1].lstrip('"').startswith(row_starts)]
    assert len(kept) == len(lines) - len(row_starts)  # exactly the rows under test
    cues.write_text("".join(kept), encoding="utf-8")
    return load_lexicon(tmp)


@pytest.fixture(scope="module")
def lex_without_pledges(tmp_path_factory) -> object:
    return _lexicon_without(Path(tmp_path_factory.mktemp("seeds")), PLEDGE_ROW)


def _stance(text: str, speaker: str, side: str, lex=None):
    return stance_for_text(text, speaker, sentiment(text), sentiment, lex=lex)[side]


def assert_read(text: str, speaker: str, side: str, mirrored: bool, label: str,
                words: tuple[str, ...], lex_without) -> None:
    """The (mirrored) case gets ``label`` with evidence naming one of ``words``, and loses it
    with the family's rows removed from the seeds (``lex_without``)."""
    text, speaker, side = _case(text, speaker, side, mirrored)
    got = _stance(text, speaker, side)
    assert got.label == label
    assert any(w in e for w in words for e in got.evidence)  # evidence kept
    assert _stance(text, speaker, side, lex=lex_without).label != label


def _case(text: str, speaker: str, side: str, mirrored: bool) -> tuple[str, str, str]:
    if mirrored:  # a West speaker backs Ukraine; its mirror is a third country backing Russia
        speaker = {"west": "other"}.get(speaker, MIRROR.get(speaker, speaker))
        return swap_sides(text), speaker, MIRROR[side]
    return text, speaker, side


PLEDGES = [
    # (sentence, speaker side, target side): favor for the side the pledge or package is for
    ("This visit will underscore the United States' underlying commitment to Ukraine", "west",
     "ukraine"),
    ("he had come to underline Britain's unwavering, long-term commitment to Ukraine", "west",
     "ukraine"),
    ("it showed Australia's continued commitment to the Ukrainian people", "unknown", "ukraine"),
    ("he is preparing another $2.98 billion arms package for Ukraine", "west", "ukraine"),
    ("Initial shipments of the new U.S. weapons package to Ukraine will arrive very soon", "west",
     "ukraine"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", PLEDGES)
def test_a_pledge_or_package_for_a_side_favours_it(text, speaker, side, mirrored,
                                                    lex_without_pledges):
    assert_read(text, speaker, side, mirrored, "favor", ("commitment", "package"),
                lex_without_pledges)


@pytest.mark.parametrize("text", [
    "Biden will push for new commitments to further isolate Russia from the global economy",
    "It remains our firm commitment to end the use of coal power by October 2024",
])
def test_a_commitment_to_do_something_is_no_pledge_to_a_side(text):
    for side in ("ukraine", "russia"):
        assert not any("commitment" in e for e in _stance(text, "west", side).evidence)


BLAME_ROWS = ("(?:is|are|was|were|be|been) (?:solely", "(?<!them )(?<!him )")


@pytest.fixture(scope="module")
def lex_without_blame(tmp_path_factory) -> object:
    return _lexicon_without(Path(tmp_path_factory.mktemp("seeds")), *BLAME_ROWS)


BLAME = [
    # (sentence, speaker side, target side): against the side named as the one to blame
    ("Russia bears ultimate responsibility as it continues its war against Ukraine.", "west",
     "russia"),
    ("Russia must bear the full responsibility for this,", "west", "russia"),
    ("We do believe that the Russians are responsible, but we just don't have that level of detail",
     "west", "russia"),
    ("there is ample evidence that Russia, and Russia alone, is responsible for this and other "
     "attacks", "west", "russia"),
    ("The Ukrainians are to blame for the violence,", "russia", "ukraine"),
    ("Ukrainian infiltrators were responsible", "russia", "ukraine"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", BLAME)
def test_a_side_to_blame_is_against_it(text, speaker, side, mirrored, lex_without_blame):
    text, speaker, side = _case(text, speaker, side, mirrored)
    got = _stance(text, speaker, side)
    assert got.label == "against"
    assert any("responsib" in e or "blame" in e for e in got.evidence)  # evidence kept
    off = _stance(text, speaker, side, lex=lex_without_blame)  # without the rows: not read
    assert not any("responsib" in e or "blame" in e for e in off.evidence)


@pytest.mark.parametrize("text", [
    "the Electric Reliability Council of Texas that is responsible for managing the grid",
    "Ukrainian special forces were responsible for training the partisans",
    "we will find them all and make them bear responsibility",
    "Moscow bears no responsibility for the strikes",
])
def test_a_duty_or_a_punishment_is_no_blame(text):
    for side in ("ukraine", "russia"):
        got = _stance(text, "west", side)
        assert not any("event:" in e and ("responsib" in e or "blame" in e) and "→against" in e
                       for e in got.evidence)


AIM_ROW = "(?:wants?|wanted|wanting|trying"


@pytest.fixture(scope="module")
def lex_without_aims(tmp_path_factory) -> object:
    return _lexicon_without(Path(tmp_path_factory.mktemp("seeds")), AIM_ROW)


AIMS = [
    # (sentence, speaker side, side aiming, side aimed at): against the one that aims, and the
    # aim is no loss of the side aimed at (the plain "destroy" row read it against Ukraine)
    ("Moscow wants to destroy Ukraine", "west", "russia", "ukraine"),
    ("Moscow is just trying to wipe out the idea of even being a Ukrainian.", "west", "russia",
     "ukraine"),
    ("Russia is trying to erase Ukraine as a nation", "ukraine", "russia", "ukraine"),
    ("Moscow attempted to erase a sovereign state, Ukraine, from the map", "west", "russia",
     "ukraine"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, aiming, aimed", AIMS)
def test_a_destructive_aim_counts_against_the_side_that_aims(text, speaker, aiming, aimed,
                                                             mirrored, lex_without_aims):
    text, speaker, aiming = _case(text, speaker, aiming, mirrored)
    aimed = MIRROR[aimed] if mirrored else aimed
    got = _stance(text, speaker, aiming)
    assert got.label == "against"
    assert any(" to " in e and "→against" in e for e in got.evidence)  # evidence kept
    assert _stance(text, speaker, aimed).label != "against"
    off = _stance(text, speaker, aiming, lex=lex_without_aims)
    assert not any(" to " in e and "→against" in e for e in off.evidence)


@pytest.mark.parametrize("text", [
    "Ukraine renewed its attempts to destroy the strategically important Antonovsky Bridge",
    "Russian forces tried to destroy Ukrainian tanks near Izyum",
])
def test_an_aim_at_a_military_target_is_no_condemnation(text):
    for side in ("ukraine", "russia"):
        got = _stance(text, "unknown", side)
        assert not any("attempts to destroy" in e or "tried to destroy" in e for e in got.evidence)


# ---- the own-side prior reads a "we" quote only when it is about the war -----------------------
OFF_TOPIC = [
    # (sentence, speaker side): "we" names the speaker's side, no cue, no word of the war
    ("We feel safe - not only safe, like we're at home", "ukraine"),
    ("We continue technical preparations for the launch of exports of agricultural products "
     "from our ports", "ukraine"),
    ("We miss each other very much but we understand that this is the only way", "russia"),
]
ON_TOPIC = [
    ("Many people are volunteering to defend our country. We decided to do this.", "ukraine"),
    ("We will keep fighting until the end", "russia"),
]


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker", OFF_TOPIC)
def test_own_side_prior_skips_a_we_quote_off_the_war(text, speaker, mirrored):
    speaker = MIRROR[speaker] if mirrored else speaker
    got = _stance(text, speaker, speaker)
    assert got.label == "none" and not got.evidence
    off = stance_for_text(text, speaker, sentiment(text), sentiment,
                          cfg=StanceConfig(own_side_topic=False))[speaker]
    assert off.label == "favor"  # the prior without the topic check


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker", ON_TOPIC)
def test_own_side_prior_still_reads_a_we_quote_on_the_war(text, speaker, mirrored):
    speaker = MIRROR[speaker] if mirrored else speaker
    got = _stance(text, speaker, speaker)
    assert got.label == "favor" and got.evidence


def test_a_named_own_side_needs_no_word_of_the_war():
    text = "Ukraine did have the capacity to export 60 million tons of grain"
    assert _stance(text, "ukraine", "ukraine").label == "favor"  # the named side: as before


# ---- "lie" as a place or a posture is no accusation of lying ------------------------------------
@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker", [
    ("It is hard to imagine giving Russia's wealth back to Putin while Ukraine lies in ruin",
     "west"),
    ("In an open area, we had to lie on the ground while missiles were flying over our heads.",
     "ukraine"),
    ("Significant fighting lies ahead for Ukrainian forces", "ukraine"),
])
def test_lie_as_a_verb_of_place_is_no_lie(text, speaker, mirrored):
    if mirrored:
        text, speaker = swap_sides(text), MIRROR.get(speaker, speaker)
    for side in ("ukraine", "russia"):
        assert not any("'lie" in e or "event:lies" in e for e in _stance(text, speaker,
                                                                          side).evidence)


@pytest.mark.parametrize("mirrored", [False, True])
def test_lies_as_an_accusation_still_count(mirrored):
    text, speaker, side = _case("Russian lies about a dirty bomb are the Kremlin's usual tactics",
                                "ukraine", "russia", mirrored)
    assert _stance(text, speaker, side).label == "against"


# ---- a just cause: a side fighting for or defending its freedom, homeland, lives ---------------
CAUSE_ROW = "(?:fight(?:s|ing)?|fought|defend"
CAUSES = [
    # (sentence, speaker side, target side): favor for the side fighting for its cause
    ("Peace can always be achieved if you surrender. But Ukraine is fighting for its freedom",
     "west", "ukraine"),
    ("the Ukrainian people are fighting for their country and for their way of life", "other",
     "ukraine"),
    ("Our objective is a modern Ukrainian Armed Forces that are able to defend their country",
     "west", "ukraine"),
    ("Every day, Ukrainians fight for their lives,", "west", "ukraine"),
]


@pytest.fixture(scope="module")
def lex_without_causes(tmp_path_factory) -> object:
    return _lexicon_without(Path(tmp_path_factory.mktemp("seeds")), CAUSE_ROW)


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("text, speaker, side", CAUSES)
def test_a_side_fighting_for_its_freedom_is_favoured(text, speaker, side, mirrored,
                                                     lex_without_causes):
    assert_read(text, speaker, side, mirrored, "favor", ("fight", "defend"), lex_without_causes)


@pytest.mark.parametrize("text", [
    "Russia would not hesitate to use all means available to defend its territory",
    "those who fought for our freedom, including my father who is a Vietnam War veteran",
])
def test_territory_or_an_unnamed_fighter_is_no_just_cause(text):
    for side in ("ukraine", "russia"):
        assert _stance(text, "west", side).label == "none"
