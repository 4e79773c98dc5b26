"""Indirect speech, session 10 round 3 (tasks/extract/sources.py): hand-written sentence cases for
what stands between a subject and its reporting verb in US political writing (each case fails
without its rule)."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q  # (kind, quote text, mention) per quote


# -- a time phrase between the subject and its verb ------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("FBI Director Christopher Wray earlier this month said China poses the biggest "
         "long-term threat to U.S. security.",
         [("indirect", "China poses the biggest long-term threat to U.S. security",
           "FBI Director Christopher Wray")]),
        ("Top Republicans and Democrats this week called on the Biden administration to ban "
         "Russian oil imports.",
         [("indirect", "the Biden administration to ban Russian oil imports",
           "Top Republicans and Democrats")]),
        ("Comedian Colin Jost this weekend joked that the White House is asked about nuclear "
         "war at every press conference.",
         [("indirect", "the White House is asked about nuclear war at every press conference",
           "Comedian Colin Jost")]),
        ("Many economists last year said inflation would not be a problem.",
         [("indirect", "inflation would not be a problem", "Many economists")]),
    ],
)
def test_time_phrase_before_verb(text, expected):
    assert _q(text) == expected


def test_time_phrase_before_participle_is_not_its_subject():
    # "a letter sent to X last week urging …": the letter urges, not X
    got = _q("Jayapal withdrew a letter sent to President Biden last week urging him to secure "
             "a peace deal.")
    assert all(mention != "President Biden" for _, _, mention in got)


# -- a long non-restrictive relative clause between the subject and its verb -----------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("White House national security adviser Jake Sullivan, who met with his Chinese "
         "counterpart in Rome last week ahead of the leaders' meeting, said that the "
         "administration had not seen any military equipment go from China to Russia.",
         [("indirect", "the administration had not seen any military equipment go from China "
           "to Russia", "adviser Jake Sullivan, who met with his Chinese counterpart in Rome "
           "last week ahead of the leaders' meeting")]),
        ("The person briefed on the conversations, who spoke on the condition of anonymity to "
         "discuss sensitive diplomatic negotiations, said the United States offered in June to "
         "trade him.",
         [("indirect", "the United States offered in June to trade him",
           "The person briefed on the conversations, who spoke on the condition of anonymity "
           "to discuss sensitive diplomatic negotiations")]),
        ("Giuliani, who has direct cell phone access to Trump and who claims to have been "
         "working for him without pay, told HuffPost he is not trying to influence the Senate.",
         [("indirect", "he is not trying to influence the Senate",
           "Giuliani, who has direct cell phone access to Trump and who claims to have been "
           "working for him without pay")]),
    ],
)
def test_long_relative_clause_before_verb(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the relative clause is no quote of its own, and a participle after "X, whose …, was"
        # belongs to the sentence's subject
        ("Sunak said his predecessor, whose 49 days in office made her the shortest-lasting "
         "PM in history, was not wrong to want growth, describing it as a noble aim.",
         [("indirect", "his predecessor, whose 49 days in office made her the "
           "shortest-lasting PM in history, was not wrong to want growth", "Sunak"),
          ("indirect", "it as a noble aim", "Sunak")]),
    ],
)
def test_relative_clause_inside_speech(text, expected):
    assert _q(text) == expected


# -- "has long" and an emphatic reflexive between the subject and its verb -------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rep. Liz Cheney has long maintained that the former president bears responsibility "
         "for the attack.",
         [("indirect", "the former president bears responsibility for the attack",
           "Rep. Liz Cheney")]),
        ("Critics have long argued that the price cap is unfair to prepayment customers.",
         [("indirect", "the price cap is unfair to prepayment customers", "Critics")]),
        ("Graham himself has already stated that he is not trying to be a fair juror.",
         [("indirect", "he is not trying to be a fair juror", "Graham")]),
        ("Ukraine itself says it has killed as many as 12 Russian generals.",
         [("indirect", "it has killed as many as 12 Russian generals", "Ukraine")]),
        ("Musk himself said that the poll was subjected to a bot attack.",
         [("indirect", "the poll was subjected to a bot attack", "Musk")]),
    ],
)
def test_has_long_and_reflexive_before_verb(text, expected):
    assert _q(text) == expected
