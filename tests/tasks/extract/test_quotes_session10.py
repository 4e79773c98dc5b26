"""Session 10 (lead): links to other stories are no quotes; verbs that introduce speech only
before a colon or "that" ("posted:", "commented:", "It reads:"). Each case fails without its
rule."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q


def test_a_related_link_inside_the_body_is_no_quote() -> None:
    # the Guardian's "Related: <headline>" flattened into the body, ended by a run of spaces
    text = ("He added: “We can expect an influx of weapons.”   Related: Biden’s pledge to send "
            "rocket systems to Ukraine is no silver bullet   He said Interpol urged members to "
            "use its database.")
    quotes = [q[1] for q in _q(text)]
    assert "to send rocket systems to Ukraine is no silver bullet" not in quotes
    assert "Interpol urged members to use its database" in quotes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RT head Margarita Simonyan posted: “The probability that a Russian missile fell there "
         "is very low.”",
         [("direct", "The probability that a Russian missile fell there is very low.",
           "RT head Margarita Simonyan")]),
        ("Respected journalist Farida Rustamova commented: “Putin held a small Security Council "
         "meeting today.”",
         [("direct", "Putin held a small Security Council meeting today.",
           "Respected journalist Farida Rustamova")]),
        ("Biden issued a statement. It reads: “These attacks killed and injured civilians.”",
         [("direct", "These attacks killed and injured civilians.", "It")]),
        ("Podolyak posted on Twitter that Ukraine's priorities in the talks are a cease-fire.",
         [("indirect", "Ukraine's priorities in the talks are a cease-fire", "Podolyak")]),
    ],
)
def test_verbs_that_introduce_speech_before_a_colon(text, expected) -> None:
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # ... and nothing else: an object, a topic, a comparison
        "Social media accounts run by the government have also posted images of the soldiers.",
        "Peskov also commented on claims that some of the mobilised men had no training.",
        "It reads like a manifesto calling for the United States to step back.",
    ],
)
def test_those_verbs_report_nothing_without_a_colon_or_that(text) -> None:
    assert _q(text) == []


@pytest.mark.parametrize(
    "text, mention",
    [
        # a subject that reaches a name through prepositions is the whole noun phrase, not the
        # place or body at its end
        ("Ukrainian fighters at a steelworks in the port of Mariupol have told the world they "
         "will not surrender.", "Ukrainian fighters at a steelworks in the port of Mariupol"),
        ("Pro-Russian officials in the occupied Zaporizhzhia region of Ukraine said a decree had "
         "been issued.", "Pro-Russian officials in the occupied Zaporizhzhia region of Ukraine"),
        ("The leader of the pro-Moscow self-proclaimed republic of Luhansk earlier admitted that "
         "Russian forces were moving slowly.",
         "The leader of the pro-Moscow self-proclaimed republic of Luhansk"),
        # ... not through a verb, after an appositive comma, nor from a document ("a statement
        # from X" is X's)
        ("The EU imposed sanctions on Moscow said the talks were over.", None),
        ("Samuel Bendett, an expert on Russian drones at CNA, said the drones were cheap.",
         "Samuel Bendett, an expert on Russian drones at CNA"),
        ("A statement from the EU said the detention raises concerns.", "the EU"),
    ],
)
def test_a_subject_through_prepositions(text, mention) -> None:
    got = _q(text)
    if mention is None:
        assert all(not m.startswith("The EU imposed") for _, _, m in got)
    else:
        assert got and got[0][2] == mention
