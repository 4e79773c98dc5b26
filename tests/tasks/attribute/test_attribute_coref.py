"""Light coreference for he/she and mention repairs: hand-written sentences, one rule per case.

he/she resolve to the person named last in SUBJECT position (a full name or the surname of a
person named in full), else the previous compatible speaker; places, events and possessives are
never antecedents.
"""

from __future__ import annotations

import polars as pl
import pytest

from tasks.attribute.speakers import attribute_speakers
from tasks.extract.quotes import extract_quotes
from tests.tasks.attribute.test_attribute import last

COREF_CASES = [
    # a surname opening a sentence two paragraphs on beats the previous speaker
    ('Jake Patterson was arrested on Friday.\n\nSheriff Brian Wright said "we found him."\n\n'
     'Patterson had planned the attack for weeks. "I wanted her," he told detectives.',
     [("we found him.", "Sheriff Brian Wright"), ("I wanted her,", "he")], "Jake Patterson"),
    # a possessive is not a subject: the previous speaker stays
    ('Brian Wright said "we found him." He described Jake Patterson\'s cabin. '
     '"It was hidden," he said.',
     [("we found him.", "Brian Wright"), ("It was hidden,", "he")], "Brian Wright"),
    # a capitalised event inside the sentence is no antecedent ("FedEx Cup race")
    ('Adam Hadwin said "I am ready."\n\nHadwin finished 36th in the season-long FedEx Cup race.\n\n'
     '"I lost in putting," he said.',
     [("I am ready.", "Adam Hadwin"), ("I lost in putting,", "he")], "Adam Hadwin"),
    # a clause-opening subject after a comma counts
    ('Peskov said "no talks." Asked about it, Mark Warner laughed. "It helped," he said.',
     [("no talks.", "Peskov"), ("It helped,", "he")], "Mark Warner"),
    # the object of a preposition does not
    ('Mark Warner said "we will help." He met with John Tory about housing. "It helped," he said.',
     [("we will help.", "Mark Warner"), ("It helped,", "he")], "Mark Warner"),
    # "she" skips a man who opens the sentence in between
    ('Maria Baxter said "we need schools." Rob Fleming rejected the request. '
     '"We will appeal," she said.',
     [("we need schools.", "Maria Baxter"), ("We will appeal,", "she")], "Maria Baxter"),
    # an abbreviation ("U.S.") is not a sentence end, so "North Korea" is no subject
    ('Mark Warner said "we will help." Talks between the U.S. and North Korea stalled. '
     '"It helped," he said.',
     [("we will help.", "Mark Warner"), ("It helped,", "he")], "Mark Warner"),
    # a title before the name does not hide a sentence-initial subject
    ('Peskov said "no talks."\n\nDr. Robert Strang, the chief medical officer, briefed reporters. '
     '"Stay home," he said.',
     [("no talks.", "Peskov"), ("Stay home,", "he")], "Robert Strang"),
    # an affiliation word before the name neither
    ('Peskov said "no talks."\n\nUkrainian Oleksii Reznikov, the minister, visited Kharkiv. '
     '"We advance," he said.',
     [("no talks.", "Peskov"), ("We advance,", "he")], "Oleksii Reznikov"),
    # with no earlier speaker, the last gendered person named before the pronoun
    ('A judge questioned Jake Patterson last week.\n\n"I was upset," he said.',
     [("I was upset,", "he")], "Jake Patterson"),
]


COREF_CASES += [
    # "it" after an organisation in its own sentence: that organisation, not the last speaker
    ('The Security Service of Ukraine said "we caught two agents." Earlier Saturday, the '
     'British Defense Ministry told reporters it believed "Russian forces are isolated."',
     [("we caught two agents.", "The Security Service of Ukraine"),
      ("Russian forces are isolated.", "it")], "British Defense Ministry"),
]


COREF_CASES += [
    # a person introduced with an age or a relative clause is the new topic
    ('Erin Kim said "the program works." Toronto retiree Doug Purdy, 73, lost 16 pounds. '
     'He says "it changed my life."',
     [("the program works.", "Erin Kim"), ("it changed my life.", "He")], "Doug Purdy"),
    ('Erin Kim said "the program works." It helped accountant Babatunji Farinloye, who '
     'joined in May. He says "I had a membership."',
     [("the program works.", "Erin Kim"), ("I had a membership.", "He")], "Babatunji Farinloye"),
]


@pytest.mark.parametrize("text, pairs, expected", COREF_CASES)
def test_pronoun_coreference(text, pairs, expected):
    assert last(text, pairs)[0] == expected


MENTION_CASES = [
    # a party tag after the name: the name before it
    ('Sen. Debbie Stabenow, D-Mich., a member of the leadership team, said "we will vote."',
     "D-Mich., a member of the leadership team", "Debbie Stabenow"),
    # an honorific cut at its period: the name after it, expanded to the full name
    ('Anna Kowalczyk spoke in Warsaw. Later Ms. Kowalczyk said "we will leave."', "Ms",
     "Anna Kowalczyk"),
    # a long title appositive before the full name
    ('Keeper of the Ruler\'s Seal, Syed Danial Syed Ahmad, said "the king will be elected."',
     "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad", "Syed Danial Syed Ahmad"),
    # "Nicholson in an Aug. 28 email": the name, not the month
    ('Trevor Nicholson leads the office. "Family may be included," said Nicholson in an Aug. 28 '
     'email.', "Nicholson in an Aug", "Trevor Nicholson"),
]


@pytest.mark.parametrize("text, mention, expected", MENTION_CASES)
def test_mention_repairs(text, mention, expected):
    quote = text[text.index('"') + 1:text.rindex('"')]
    assert last(text, [(quote, mention)])[0] == expected


def test_pronoun_chain_end_to_end():
    """Real extraction + attribution on a crime story whose suspect never speaks in a quote
    before the pronouns: each "he told" goes to the suspect, the sheriff keeps his own quote."""
    text = (
        "Jake Thomas Patterson, 21, was charged on Monday.\n\n"
        'Sheriff Chris Fitzgerald said "he planned this for weeks."\n\n'
        "Patterson drove to the home a third time on Oct. 15. "
        "He told detectives he attached stolen plates to his car.\n\n"
        "He said the entire attack took four minutes."
    )
    articles = pl.DataFrame({"article_id": ["p1"], "text": [text]})
    attributed, _ = attribute_speakers(extract_quotes(articles), articles)
    got = {r["text"]: r["speaker"] for r in attributed.iter_rows(named=True)}
    assert got.get("he planned this for weeks.") == "Chris Fitzgerald"
    plates = [s for q, s in got.items() if "stolen plates" in q]
    minutes = [s for q, s in got.items() if "four minutes" in q]
    assert plates == ["Jake Thomas Patterson"]
    assert minutes == ["Jake Thomas Patterson"]
