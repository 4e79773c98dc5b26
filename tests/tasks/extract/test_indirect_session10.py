"""Indirect speech, session 10 (tasks/extract/indirect.py, nouns.py): hand-written sentence cases
for the constructions added in issue #13's extraction part, round 2 (each case fails without its
rule)."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q  # (kind, quote text, mention) per quote


# -- "X denied <a claim or a share in a deed>": what is denied is the quote ------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian authorities have denied allegations of war crimes in Ukraine.",
         [("indirect", "allegations of war crimes in Ukraine", "Russian authorities")]),
        ("Kiev has denied any involvement in the bombing.",
         [("indirect", "any involvement in the bombing", "Kiev")]),
        ("Minsk has denied the accusations.", [("indirect", "the accusations", "Minsk")]),
        ("Trump denied any wrongdoing.", [("indirect", "any wrongdoing", "Trump")]),
        # the noun phrase ends at its comma, the participle after it is a quote of its own
        ("Moscow denies responsibility for the food crisis, blaming the sanctions for slowing "
         "its exports.",
         [("indirect", "responsibility for the food crisis", "Moscow"),
          ("indirect", "the sanctions for slowing its exports", "Moscow")]),
        # ... and before a verb of its own
        ("Kiev has denied the accusations and instead blamed Russia for the shelling.",
         [("indirect", "the accusations", "Kiev")]),
    ],
)
def test_denial_of_a_claim(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # not a claim: bail, entry, a request
        ("The court denied bail to the suspect.", []),
        ("He was denied entry to the country.", []),
        ("The ministry denied a request for reports on the strike.", []),
        # an inverted attribution after the comma reports the whole clause, denial and all
        ("Yashin denies any wrongdoing, she added.",
         [("indirect", "Yashin denies any wrongdoing", "she")]),
    ],
)
def test_denial_without_a_claim_or_inside_another_quote(text, expected):
    assert _q(text) == expected


def test_denial_ends_before_a_reporting_verb_of_its_own():
    text = ("Kiev has denied responsibility for shelling the plant and insists that Russia is "
            "targeting it.")
    assert _q(text) == [("indirect", "responsibility for shelling the plant", "Kiev"),
                        ("indirect", "Russia is targeting it", "Kiev")]


# -- "…, calling Y Z" and "called Y one of …": the evaluation is the quote ---------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Moscow has repeatedly ordered the blockade to be lifted, calling it a violation of "
         "international law.",
         [("indirect", "a violation of international law", "Moscow")]),
        ("The ministry reported the test on Tuesday, calling the launch a first for the navy.",
         [("indirect", "a first for the navy", "The ministry")]),
        ("The institute called the program one of the biggest commitments in the country's "
         "history.",
         [("indirect", "one of the biggest commitments in the country's history",
           "The institute")]),
        ("A group calling itself the Union of Citizens sued the singer.", []),
    ],
)
def test_calling_and_one_of(text, expected):
    assert _q(text) == expected


# -- "according to a new report": the document word after the mention is no verb ----------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia is guilty, according to a new report.",
         [("indirect", "Russia is guilty", "a new report")]),
        ("Russia is guilty of inciting genocide, according to a new report by 30 scholars.",
         [("indirect", "Russia is guilty of inciting genocide", "a new report")]),
        ("Most fighters came from Poland, according to the Russian figures.",
         [("indirect", "Most fighters came from Poland", "the Russian figures")]),
        # a name before a document word stays the name
        ("Seven million people have fled, according to UNHCR data.",
         [("indirect", "Seven million people have fled", "UNHCR")]),
    ],
)
def test_according_to_a_document_after_a_modifier(text, expected):
    assert _q(text) == expected
