"""Indirect and mixed quotes (tasks/extract/indirect.py): hand-written sentence cases."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q  # (kind, quote text, mention) per quote


# -- indirect and mixed ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Kremlin spokesman Dmitry Peskov said Putin was kept fully up to date.",
            ("indirect", "Putin was kept fully up to date", "Kremlin spokesman Dmitry Peskov"),
        ),
        (
            "The ministry said on Monday in a statement that troops would be regrouped.",
            ("indirect", "troops would be regrouped", "The ministry"),
        ),
        (
            "Kreminna was the latest city to be deserted by Russian forces, Haidai said.",
            ("indirect", "Kreminna was the latest city to be deserted by Russian forces", "Haidai"),
        ),
        (
            "Five people were killed overnight, according to local officials.",
            ("indirect", "Five people were killed overnight", "local officials"),
        ),
        (
            "According to the Institute for the Study of War, the gains amounted to 2,500 square kilometers.",
            (
                "indirect",
                "the gains amounted to 2,500 square kilometers",
                "the Institute for the Study of War",
            ),
        ),
        (
            "Ukraine's Defense Minister Oleksii Reznikov told reporters the Russians had no fuel left.",
            ("indirect", "the Russians had no fuel left", "Ukraine's Defense Minister Oleksii Reznikov"),
        ),
        (
            "Syniehubov accused Moscow of pummeling settlements retaken by Kyiv.",
            ("indirect", "Moscow of pummeling settlements retaken by Kyiv", "Syniehubov"),
        ),
        (
            "Russia's Defence Ministry announced it was pulling back troops from two areas.",
            ("indirect", "it was pulling back troops from two areas", "Russia's Defence Ministry"),
        ),
        (
            "The Institute for the Study of War said Ukraine was making \"impactful\" gains in the east.",
            (
                "mixed",
                'Ukraine was making "impactful" gains in the east',
                "The Institute for the Study of War",
            ),
        ),
        (
            "Serhiy Haidai, governor of the neighboring region of Luhansk, said the city was deserted.",
            (
                "indirect",
                "the city was deserted",
                "Serhiy Haidai, governor of the neighboring region of Luhansk",
            ),
        ),
    ],
)
def test_indirect(text, expected):
    assert expected in _q(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The premier said earlier Monday that the king would be chosen soon, but added that he hoped it would be quick.",
            [
                ("indirect", "the king would be chosen soon", "The premier"),
                ("indirect", "he hoped it would be quick", "The premier"),
            ],
        ),
        (
            "Former premier Brian Gallant announced recently that he'll be stepping down, saying the party needs to move on.",
            [
                ("indirect", "he'll be stepping down", "Former premier Brian Gallant"),
                ("indirect", "the party needs to move on", "Former premier Brian Gallant"),
            ],
        ),
    ],
)
def test_but_added_and_adverbs_after_verb(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "MOSCOW (AP) — The daughter of a theorist was killed by a car bomb, authorities said.",
            [("indirect", "The daughter of a theorist was killed by a car bomb", "authorities")],
        ),
        (
            "The Telegraph reported that Alexander Kots, a war correspondent, wrote on his Telegram channel that the front held.",
            [("indirect", "the front held", "Alexander Kots, a war correspondent")],
        ),
        (
            "Mykhailo Podolyak, an adviser to the president, denied involvement, saying: “We are not a criminal state.”",
            [("direct", "We are not a criminal state.", "Mykhailo Podolyak")],
        ),
        (
            "Russia sent troops into Ukraine on February 24, citing Kiev’s failure to implement the agreements.",
            [("indirect", "Kiev’s failure to implement the agreements", "Russia")],
        ),
    ],
)
def test_datelines_nesting_and_participle_subjects(text, expected):
    assert _q(text) == expected


def test_participle_and_conjoined_verbs_give_separate_quotes():
    text = (
        "Ukrainian officials claimed major gains in the region, saying troops had cut off supplies. "
        "Blinken said the war was entering a critical period and urged allies to keep up support."
    )
    got = [(k, t) for k, t, _ in _q(text)]
    assert ("indirect", "major gains in the region") in got
    assert ("indirect", "troops had cut off supplies") in got
    assert ("indirect", "the war was entering a critical period") in got
    assert ("indirect", "allies to keep up support") in got


@pytest.mark.parametrize(
    "text, expected",
    [
        # descriptive speakers outside the role vocabulary
        (
            '"I will have a little smile," said the rookie defenceman, brother of a star.',
            ("direct", "I will have a little smile,", "the rookie defenceman"),
        ),
        (
            "“Our allies are laughing at us,” said oil and gas worker Mike Wipf.",
            ("direct", "Our allies are laughing at us,", "oil and gas worker Mike Wipf"),
        ),
        (
            "However, refugee advocates say obstacles remain for many applicants.",
            ("indirect", "obstacles remain for many applicants", "refugee advocates"),
        ),
        # appositives with relative clauses and several commas
        (
            "Russian military bloggers, some of who are embedded with troops, also said the army had retreated.",
            (
                "indirect",
                "the army had retreated",
                "Russian military bloggers, some of who are embedded with troops",
            ),
        ),
        (
            "Joe Smith, a graduate and a commissioner in Kenton County, where the school is, said the photo was unfair.",
            (
                "indirect",
                "the photo was unfair",
                "Joe Smith, a graduate and a commissioner in Kenton County, where the school is",
            ),
        ),
        # adverbs and dates between subject and verb
        (
            "Russia's Defense Ministry on Saturday confirmed it had regrouped its forces.",
            ("indirect", "it had regrouped its forces", "Russia's Defense Ministry"),
        ),
        (
            "Former president Pyotr Poroshenko has since admitted that the ceasefire bought time.",
            ("indirect", "the ceasefire bought time", "Former president Pyotr Poroshenko"),
        ),
        # inverted attribution followed by more words
        (
            "Forces retook 6,000 square kilometers, he said in his nightly address Monday — an area the size of Delaware.",
            ("indirect", "Forces retook 6,000 square kilometers", "he"),
        ),
        # a quote right after the verb that ends the sentence is direct
        (
            'Blinken hailed "significant progress by the Ukrainians in the northeast," while visiting Mexico.',
            ("direct", "significant progress by the Ukrainians in the northeast,", "Blinken"),
        ),
        # ... but a quote followed by more of the clause is a mixed clause
        (
            "Zelensky said that “there are 450 dead people” recovered from burial sites.",
            ("mixed", "“there are 450 dead people” recovered from burial sites", "Zelensky"),
        ),
        # participle after "while" inherits the speaker
        (
            'Peskov said: "It is a lie," while pledging that Moscow "will defend the truth."',
            ("mixed", 'Moscow "will defend the truth."', "Peskov"),
        ),
    ],
)
def test_speakers_and_clause_shapes(text, expected):
    assert expected in _q(text)


@pytest.mark.parametrize(
    "text",
    [
        "The provincial government denied a request by the school district.",
        "President Kenyatta announced the end of the overnight siege.",
        "Carolina added three more goals before the end of the period.",
        "Nikolenko tweeted a photo of soldiers in the town.",
        "A final report is to be released in the spring.",
        "Kozlowska reported from London.",
        "Sixteen people — including a policeman — and a worker were among the casualties, the report noted nothing.",
    ],
)
def test_reporting_verbs_without_reported_speech(text):
    assert [k for k, _, _ in _q(text) if k != "direct"] == [] or all(
        "request" not in t and "siege" not in t and "goals" not in t for _, t, _ in _q(text)
    )


# -- contextual misses of plain "X said …" (issue #13) ---------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        # a strict verb inside the clause reports no clause of its own: the outer verb does
        (
            "SpaceX said they responded by asking Zaluzhniy to take up his request.",
            ("indirect", "they responded by asking Zaluzhniy to take up his request", "SpaceX"),
        ),
        (
            "The World Bank notes that Egypt's government announced an assistance package.",
            ("indirect", "Egypt's government announced an assistance package", "The World Bank"),
        ),
        # "about" + a quantity opens a clause ("warned about …" does not)
        (
            "He said that about half the Russian intelligence officers in Europe have been expelled.",
            ("indirect", "about half the Russian intelligence officers in Europe have been expelled",
             "He"),
        ),
        # a base form after "<plural head> in <place>"
        (
            "Authorities in Latvia say they will tear down a Soviet-era monument on Tuesday.",
            ("indirect", "they will tear down a Soviet-era monument on Tuesday",
             "Authorities in Latvia"),
        ),
        # "this week" / "last month" after the verb is its adjunct, not the reported clause
        (
            "Russia is using sexual violence as part of its strategy in Ukraine, a UN envoy said this week.",
            ("indirect", "Russia is using sexual violence as part of its strategy in Ukraine",
             "a UN envoy"),
        ),
        (
            "The Pentagon said last week that as many as 80,000 Russian troops have been killed.",
            ("indirect", "as many as 80,000 Russian troops have been killed", "The Pentagon"),
        ),
    ],
)
def test_plain_said_in_context(text, expected):
    assert expected in _q(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "according to X" after the subject alone: the claim is what follows
        (
            "Those costs, according to the senior defense official, would reach $380 million.",
            ("indirect", "would reach $380 million", "the senior defense official"),
        ),
        (
            "But according to the Pentagon, the Russian military is facing a morale problem.",
            ("indirect", "the Russian military is facing a morale problem", "the Pentagon"),
        ),
        # … but a full clause before it stays the claim
        (
            "Prices rose 5 percent, according to the ministry, and the central bank raised rates.",
            ("indirect", "Prices rose 5 percent", "the ministry"),
        ),
        (
            "Five people were killed overnight, according to local officials.",
            ("indirect", "Five people were killed overnight", "local officials"),
        ),
    ],
)
def test_according_to_mid_sentence(text, expected):
    assert expected in _q(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # ", who said …": the speaker is the noun phrase before the relative
        (
            "The ban was backed by Lindsey Graham, who has also said the war must end.",
            ("indirect", "the war must end", "Lindsey Graham"),
        ),
        (
            "“We are ready,” said Smith, who added that the town was safe.",
            ("indirect", "the town was safe", "Smith"),
        ),
        # an adjunct between the verb and "that" is not part of the claim
        (
            "Moore echoed William Burns, who said at the same forum Wednesday that the Russian "
            "forces had made progress.",
            ("indirect", "the Russian forces had made progress", "William Burns"),
        ),
    ],
)
def test_relative_who_and_adjunct_before_that(text, expected):
    assert expected in _q(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # speech acts with a noun-phrase object (frame "object" / "object_as")
        (
            "President Volodymyr Zelenskyy denounced Saturday’s attack as “barbarism”.",
            ("mixed", "Saturday’s attack as “barbarism”", "President Volodymyr Zelenskyy"),
        ),
        (
            "On Tuesday, the organization denounced the court decision.",
            ("indirect", "the court decision", "the organization"),
        ),
        (
            "Trump praised Putin as a genius.",
            ("indirect", "Putin as a genius", "Trump"),
        ),
        (
            "Budanov dismissed talk of a Russian withdrawal as an “information operation”.",
            ("mixed", "talk of a Russian withdrawal as an “information operation”", "Budanov"),
        ),
    ],
)
def test_speech_acts_with_an_object(text, expected):
    assert expected in _q(text)


@pytest.mark.parametrize(
    "text",
    [
        "Putin dismissed the governor on Monday.",  # fired: no "as" complement
        "The attack was condemned by the UN.",  # passive
        "Players may compete if they condemn the invasion.",  # a condition, no speech act yet
        "He refused to condemn the invasion.",
    ],
)
def test_speech_act_verbs_without_a_speech_act(text):
    assert [q for q in _q(text) if q[0] != "direct"] == []



@pytest.mark.parametrize(
    "text",
    [
        "Officials warned about the risk of flooding in the region.",
        "The needs of the town's people were not met, the report noted nothing.",
    ],
)
def test_still_not_clauses(text):
    assert all("risk of flooding" not in t for _, t, _ in _q(text))


@pytest.mark.parametrize(
    "text, quote, mention",
    [
        ("Blinken said the U.S. still acknowledges only one Chinese government.",
         "the U.S. still acknowledges only one Chinese government", "Blinken"),
        ("She said the ministry confirmed the figures on Monday.",
         "the ministry confirmed the figures on Monday", "She"),
    ],
)
def test_a_verb_with_an_object_inside_a_reported_clause_is_not_a_new_quote(text, quote, mention):
    """The outer "said" carries the quote; "acknowledges only one …" has an object, no clause."""
    from tasks.extract import quotes_in_text

    got = [(text[q.start:q.end], text[q.mention[0]:q.mention[1]]) for q in quotes_in_text(text)]
    assert got == [(quote, mention)]
