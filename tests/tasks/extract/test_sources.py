"""Unnamed sources with their qualifier (tasks/extract/sources.py): "people familiar with the
matter", "a source close to the minister", "two officials with knowledge of the talks". The
qualifier is part of the speaker; its object is not the speaker, and what the source knows
gives it no side, while whom it is close to does. Real extraction and attribution."""

from __future__ import annotations

import pytest

from tests.tasks.attribute.test_attribute_descriptions import last_extracted
from tests.tasks.extract.test_quotes import _q


@pytest.mark.parametrize("text, expected", [
    # after the clause, a bare plural or a count before the qualifier (had given no quote)
    ("Officials will decide soon, people familiar with the deliberations said.",
     ("indirect", "Officials will decide soon", "people familiar with the deliberations")),
    ("The offer was designed to fail, sources familiar with the situation said.",
     ("indirect", "The offer was designed to fail", "sources familiar with the situation")),
    ("The team will arrive on Wednesday, two people with knowledge of the matter told NBC News.",
     ("indirect", "The team will arrive on Wednesday", "two people with knowledge of the matter")),
    ("Biden is taking a hard line, other sources close to the process have said.",
     ("indirect", "Biden is taking a hard line", "other sources close to the process")),
    # before the clause: the qualifier's object is not the speaker (had been "the OPCW")
    ("But a source close to the OPCW told HuffPost UK that the attack took place.",
     ("indirect", "the attack took place", "a source close to the OPCW")),
    ("Officials close to the talks say the decision was taken.",
     ("indirect", "the decision was taken", "Officials close to the talks")),
    ("A European diplomat briefed on the grain talks told Reuters that Russia agreed.",
     ("indirect", "Russia agreed", "A European diplomat briefed on the grain talks")),
    # after the verb and after "according to" (had cut the source at "a person" and taken the
    # qualifier for the claim)
    ("The deal was close, said a person familiar with the negotiations.",
     ("indirect", "The deal was close", "a person familiar with the negotiations")),
    ("Schumer began approaching senators, according to a person familiar with the talks but "
     "unauthorized to speak publicly.",
     ("indirect", "Schumer began approaching senators", "a person familiar with the talks")),
    # a named person's appositive that ends in a qualifier: the mention starts at the name
    ("James Shaw, a former officer and one of the experts involved in the simulation said: "
     "\u201cChina will benefit.\u201d",
     ("direct", "China will benefit.",
      "James Shaw, a former officer and one of the experts involved in the simulation")),
])
def test_a_qualified_source_is_one_mention(text, expected) -> None:
    assert _q(text) == [expected]


@pytest.mark.parametrize("text", [
    # no reporting verb after the object, or a verb inside it: no qualified mention
    "Trump was not the only person involved in the Ukraine scandal.",
    "Sanctions hit people close to Putin, the banking system and energy.",
])
def test_a_qualifier_without_a_report_gives_no_quote(text) -> None:
    assert _q(text) == []


@pytest.mark.parametrize("text, speaker, side", [
    # what the source knows says nothing of its side ...
    ("Starlink kept working, said the person familiar with Ukraine\u2019s requests for Starlink.",
     "the person familiar with Ukraine\u2019s requests for Starlink", "unknown"),
    ("The deal is close, a U.S. official familiar with the talks said.",
     "a U.S. official familiar with the talks", "west"),
    # ... whom it is close to does, also a person named earlier
    ("Confidence has spread, officials close to the Kremlin have said.",
     "officials close to the Kremlin", "russia"),
    ("President Volodymyr Zelensky spoke on Monday. Another source close to Zelensky said they "
     "fear Russia might respond.", "Another source close to Zelensky", "ukraine"),
])
def test_the_side_of_a_qualified_source(text, speaker, side) -> None:
    row = last_extracted(text)
    assert (row["speaker"], row["speaker_side"]) == (speaker, side)


@pytest.mark.parametrize("text, expected", [
    # a restrictive relative clause between the subject and the verb (had given no quote)
    ("Two Ukrainian families who escaped the war have said they were so thankful.",
     [("indirect", "they were so thankful", "Two Ukrainian families")]),
    ("Officials who spoke on condition of anonymity said the talks had stalled.",
     [("indirect", "the talks had stalled", "Officials")]),
    ("A woman who lives near the plant said the shelling was constant.",
     [("indirect", "the shelling was constant", "A woman")]),
    # ... not the clause's own verb, nor a verb that is no main verb
    ("Putin warned Western leaders who openly call for a military defeat of Russia that Moscow "
     "is prepared.", [("indirect", "Western leaders who openly call for a military defeat of "
                       "Russia that Moscow is prepared", "Putin")]),
    ("Kremlin officials say the politicians who decided to place sanctions on Russia are to "
     "blame for the cuts.", [("indirect", "the politicians who decided to place sanctions on "
                             "Russia are to blame for the cuts", "Kremlin officials")]),
])
def test_a_relative_clause_before_the_verb(text, expected) -> None:
    assert _q(text) == expected


@pytest.mark.parametrize("text, speaker", [
    # "Name, <description> said" with the description's closing comma missing: the name speaks
    ("Hans Kluge, the World Health Organization's regional director for Europe told reporters "
     "that the situation was grave.", "Hans Kluge"),
    ("Sir Jeremy Fleming, head of Britain's cyber intelligence agency GCHQ said the Russian "
     "forces were exhausted.", "Jeremy Fleming"),
    ("Maurice Obstfeld, a Berkeley economics professor and former IMF research department "
     "director said inflation would persist.", "Maurice Obstfeld"),
    # ... not a lead adverb, a place, an owner's voice or a plural source after the comma
    ("Therefore, the British prime minister said the plan would go ahead.",
     "the British prime minister"),
    ("He wants to trade Viktor Bout, his lawyer said on Monday.", "his lawyer"),
])
def test_an_appositive_without_its_closing_comma(text, speaker) -> None:
    assert last_extracted(text)["speaker"] == speaker
