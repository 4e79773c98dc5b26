"""Light coreference (tasks/attribute/coref.py + the resolution rules in tasks/attribute/speakers.py): hand-written
sentences, one rule per case, asserting the resolved speaker of the LAST quote.

Quotes are given as (quote, mention, kind); the mention is located nearest before its quote
(else after it), like the extractor does.
"""

from __future__ import annotations

import re

import polars as pl
import pytest

from tasks.attribute.actors import load_role_words
from tasks.attribute.speakers import attribute_speakers
from tasks.contract import EXTRACTED
from tasks.attribute.coref import ArticleContext


def _rows(text: str, quotes: list[tuple[str, str, str]]) -> pl.DataFrame:
    rows, cursor = [], 0
    for i, (quote, mention, kind) in enumerate(quotes):
        start = text.index(quote, cursor)
        end = cursor = start + len(quote)
        ms = me = None
        if mention:
            occ = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
            before = [o for o in occ if o + len(mention) <= start]
            ms = before[-1] if before else [o for o in occ if o >= end][0]
            me = ms + len(mention)
        rows.append({"article_id": "c1", "quote_index": i, "char_start": start, "char_end": end,
                     "text": quote, "kind": kind, "verb": "said", "speaker_mention": mention,
                     "mention_start": ms, "mention_end": me})
    return pl.DataFrame(rows, schema=EXTRACTED)


def last_speaker(text: str, quotes: list[tuple[str, str, str]]) -> str:
    articles = pl.DataFrame({"article_id": ["c1"], "text": [text]})
    attributed, _ = attribute_speakers(_rows(text, quotes), articles)
    return attributed["speaker"][-1]


D, I = "direct", "indirect"

DESCRIPTION_CASES = [
    # a person epithet: the person last named as a subject, not the previous speaker
    ('Nino Niederreiter joined in January. Bo Horvat said "we played badly." Niederreiter has '
     'four goals since the trade. '
     'The 26-year-old right wing said "they are great playmakers."',
     [("we played badly.", "Bo Horvat", D),
      ("they are great playmakers.", "The 26-year-old right wing", D)], "Nino Niederreiter"),
    # with no subject in between, the previous person speaker
    ('Bo Horvat said "we played badly." The veteran defenceman said "we will be back."',
     [("we played badly.", "Bo Horvat", D), ("we will be back.", "The veteran defenceman", D)],
     "Bo Horvat"),
    # a capitalised place before the head noun is a modifier, not a name
    ("I'm talking about Alfonso Espinos, who runs the shop. "
     '"You are talking about one genre only," points out the laid-back Cambridge resident.',
     [("You are talking about one genre only,", "the laid-back Cambridge resident", D)],
     "Alfonso Espinos"),
    # a description owned by a named actor stays its own source
    ('Volodymyr Zelenskyy said "we hold." The UN\'s nuclear watchdog said "the plant is safe."',
     [("we hold.", "Volodymyr Zelenskyy", D), ("the plant is safe.", "The UN's nuclear watchdog", D)],
     "The UN's nuclear watchdog"),
]


@pytest.mark.parametrize("text, quotes, expected", DESCRIPTION_CASES)
def test_descriptive_antecedent(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


ORG_CASES = [
    # "the utility" / "the company": the organisation named last, even if it never spoke before
    ('Mayor Rod Peters said "it is a major job." Later BC Hydro sent crews to the town. '
     'More than 800 workers will stay on, the utility said.',
     [("it is a major job.", "Mayor Rod Peters", D), ("More than 800 workers will stay on", "the utility", I)],
     "BC Hydro"),
    ('BC Hydro said "crews are out." Rod Peters said "it is a major job." '
     '"Repairs take eight hours," the utility said.',
     [("crews are out.", "BC Hydro", D), ("it is a major job.", "Rod Peters", D),
      ("Repairs take eight hours,", "the utility", D)], "BC Hydro"),
    # "it" after an acronym-led organisation named in its own sentence
    ('Rod Peters said "it is bad." Later BC Hydro updated its numbers and it said '
     '"power is back for most."',
     [("it is bad.", "Rod Peters", D), ("power is back for most.", "it", D)], "BC Hydro"),
]


ORG_CASES += [
    # an org noun with no organisation named before keeps its words (no person takes it)
    ('Military spokesman Dudi Dwiriadi visited the coast. The military said troops were sent.',
     [("troops were sent", "The military", I)], "The military"),
    # ... nor the person quoted before whose title held that noun
    ('Military spokesman Dudi Dwiriadi said "we are ready." Aid arrived later. '
     'The military said troops were sent.',
     [("we are ready.", "Military spokesman Dudi Dwiriadi", D),
      ("troops were sent", "The military", I)], "The military"),
    # an organisation whose name holds the noun beats one named later in passing
    ('The European Central Bank met in Frankfurt. Reporters from CTV News asked questions. '
     'The bank said rates stay the same.',
     [("rates stay the same", "The bank", I)], "European Central Bank"),
]


ORG_CASES += [
    # "they": the plural noun phrase opening the pronoun's own clause
    ('Mitch McConnell said "we wait." Republican senators are eager to move on, and they say '
     'they will not vote again.',
     [("we wait.", "Mitch McConnell", D), ("they will not vote again", "they", I)],
     "Republican senators"),
    ('Jeff Traeger said "we won." As the news spread, members complained about what they said '
     'was a lack of transparency.',
     [("we won.", "Jeff Traeger", D), ("was a lack of transparency", "they", I)], "members"),
    # ... whose head is a plural person noun of seeds/role_words.csv (kind group)
    ('Ford said "we cut jobs." Several auto-industry executives have warned about Brexit, and '
     'they say plants could close.',
     [("we cut jobs.", "Ford", D), ("plants could close", "they", I)],
     "Several auto-industry executives"),
    ('Kirby said "we wait." The defence lawyers are angry, and they say the trial was unfair.',
     [("we wait.", "Kirby", D), ("the trial was unfair", "they", I)], "The defence lawyers"),
]


@pytest.mark.parametrize("text, quotes, expected", ORG_CASES)
def test_organisation_nouns(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


CHAIN_CASES = [
    # a full name inside indirect speech is narration: the surname expands to it
    ('But when Jake Thomas Patterson left the cabin, the girl ran, authorities said. '
     'Patterson told investigators "I planned it."',
     [("But when Jake Thomas Patterson left the cabin, the girl ran", "authorities", I),
      ("I planned it.", "Patterson", D)], "Jake Thomas Patterson"),
    # ... and a he-chain after it goes to him, not to the sheriff quoted before
    ('Sheriff Brian Wright said "she was brave." But when Jake Thomas Patterson left the cabin, '
     'the girl ran, authorities said. Patterson was working at a factory. He told detectives '
     '"I attached stolen plates."',
     [("she was brave.", "Sheriff Brian Wright", D),
      ("But when Jake Thomas Patterson left the cabin, the girl ran", "authorities", I),
      ("I attached stolen plates.", "He", D)], "Jake Thomas Patterson"),
    # gender from a common first name (seeds/first_names.csv): "she" skips Mike
    ('Brenda Walsh said "we need schools." Mike Dolan rejected it. "We will appeal," she said.',
     [("we need schools.", "Brenda Walsh", D), ("We will appeal,", "she", D)], "Brenda Walsh"),
    # a unisex first name takes the gender of the pronoun written after it (not in a quote)
    ('Tom Reid said "costs rose." Pat Vanini, a director, said the round was short. '
     'She said "it happened before."',
     [("costs rose.", "Tom Reid", D), ("the round was short", "Pat Vanini, a director", I),
      ("it happened before.", "She", D)], "Pat Vanini"),
    # a person of unknown gender named in full as the latest subject
    ('Tom Reid said "costs rose." Navdeep Bains, the minister, said the policy is broad. '
     '"We engage with companies of all sizes," he said.',
     [("costs rose.", "Tom Reid", D), ("We engage with companies of all sizes,", "he", D)],
     "Navdeep Bains"),
]


CHAIN_CASES += [
    # a title inside a capitalised run: the name after it is the person ("County ... Attorney")
    ('St. Charles County Prosecuting Attorney Tim Lohmar said the motive is unknown. '
     'Lohmar said "we may never know."',
     [("the motive is unknown", "St. Charles County Prosecuting Attorney Tim Lohmar", I),
      ("we may never know.", "Lohmar", D)], "Tim Lohmar"),
    # the capitalised words of a lower-case title before a name do not hide the subject
    ('Xi Jinping arrived by train. Chinese Foreign Ministry spokesperson Lu Kang gave no '
     'details. But he said "more will be released in due course."',
     [("more will be released in due course.", "he", D)], "Lu Kang"),
    ('Russian Defence Ministry Spokesman Igor Konashenkov spoke on Monday. '
     '"Our forces advanced," he said.',
     [("Our forces advanced,", "he", D)], "Igor Konashenkov"),
]


CHAIN_CASES += [
    # a capitalised phrase of unknown gender, never shortened to its last word, is no he/she
    # antecedent when a pronoun of the other gender follows it
    ('Tom Reid said "costs rose." Operation Libero was a failure, she wrote. '
     '"We paid for it," he said.',
     [("costs rose.", "Tom Reid", D), ("We paid for it,", "he", D)], "Tom Reid"),
    # a preposition before a name is not part of it
    ('Tom Reid said "costs rose." Unlike Mohammad Al Mnajer, Ragheb Al Turkmani has no work. '
     '"My study comes afterwards," he said.',
     [("costs rose.", "Tom Reid", D), ("My study comes afterwards,", "he", D)],
     "Ragheb Al Turkmani"),
]

CHAIN_CASES += [
    # men's names the US census list gives as women's: "he" is still them
    ('U.N. spokesman Stephane Dujarric spoke in New York. "We are alarmed," he said.',
     [("We are alarmed,", "he", D)], "Stephane Dujarric"),
    ('Valeri Orlov inspected the shelter with Anna Orlova. "The roof held," he said.',
     [("The roof held,", "he", D)], "Valeri Orlov"),
]


@pytest.mark.parametrize("text, quotes, expected", CHAIN_CASES)
def test_pronoun_chains(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


FLOATING_CASES = [
    # a floating quote after a paragraph whose subject is a newly named person: that person
    ('"It is a safety issue," said Terry Chapman.\n\nBut the director of operations, Jeff '
     'Fraser, says the system is designed for that.\n\n"We move resources around."',
     [("It is a safety issue,", "Terry Chapman", D), ("We move resources around.", "", D)],
     "Jeff Fraser"),
    # no new subject since the previous quote: the previous quote's speaker
    ('"It is a safety issue," said Terry Chapman.\n\nThe units were all busy that night.\n\n'
     '"We had nothing left."',
     [("It is a safety issue,", "Terry Chapman", D), ("We had nothing left.", "", D)],
     "Terry Chapman"),
    # an appositive name before a verb that reports nothing is no subject
    ('"It is a safety issue," said Terry Chapman.\n\nA credit union run by his friend, Martin '
     'Legere, gave the town a boost.\n\n"We had nothing left."',
     [("It is a safety issue,", "Terry Chapman", D), ("We had nothing left.", "", D)],
     "Terry Chapman"),
    # a surname of a person named in full earlier, opening the paragraph before
    ('Jeff Fraser directs the service.\n\n"It is a safety issue," said Terry Chapman.\n\n'
     'Fraser says the system is designed for that.\n\n"We move resources around."',
     [("It is a safety issue,", "Terry Chapman", D), ("We move resources around.", "", D)],
     "Jeff Fraser"),
    # a person named two paragraphs back does not take over
    ('Jeff Fraser runs the service.\n\n"It is a safety issue," said Terry Chapman.\n\n'
     '"We had nothing left."',
     [("It is a safety issue,", "Terry Chapman", D), ("We had nothing left.", "", D)],
     "Terry Chapman"),
    # a text with no paragraphs: a person named in full as a subject since the previous quote
    ('"It is a safety issue," said Terry Chapman. Julie Simkins is helping the volunteers and '
     'is confident the house will be ready. "We are pretty organised."',
     [("It is a safety issue,", "Terry Chapman", D), ("We are pretty organised.", "", D)],
     "Julie Simkins"),
    # ... and with none, the previous quote's speaker
    ('"It is a safety issue," said Terry Chapman. The units were all busy that night. '
     '"We had nothing left."',
     [("It is a safety issue,", "Terry Chapman", D), ("We had nothing left.", "", D)],
     "Terry Chapman"),
]


@pytest.mark.parametrize("text, quotes, expected", FLOATING_CASES)
def test_floating_quote_inheritance(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


MENTION_CASES = [
    # a document as the speaker: whoever issued it ("her statement" -> she -> the woman named)
    ('Jody Wilson-Raybould resigned on Tuesday. "Justice must be free of interference," her '
     'statement said.',
     [("Justice must be free of interference,", "her statement", D)], "Jody Wilson-Raybould"),
    ('The Teamsters Union signed up the workers. The union will represent cooks, the union\'s Friday '
     'release said.',
     [("The union will represent cooks", "the union's Friday release", I)], "Teamsters Union"),
    ('Civic Action released a report on Monday. Youth jobs are scarce, the Civic Action study '
     'said.',
     [("Youth jobs are scarce", "the Civic Action study", I)], "Civic Action"),
    # a description that ends in a name after a comma is that name
    ('"It is a safety issue," said Terry Chapman. But the director of operations for EHS, Jeff '
     'Fraser, says the system works.',
     [("It is a safety issue,", "Terry Chapman", D),
      ("the system works", "the director of operations for EHS, Jeff Fraser", I)], "Jeff Fraser"),
    # a stray date word before a description
    ('Tesla Inc. named a new chair. In November the company said Robyn Denholm will chair it.',
     [("Robyn Denholm will chair it", "November the company", I)], "Tesla Inc"),
    # a role with no name, right after a name and a comma: that name
    ('Navdeep Bains, Minister of Innovation, Science and Economic Development, said the policy '
     'is broad.',
     [("the policy is broad", "Minister of Innovation, Science and Economic Development", I)],
     "Navdeep Bains"),
    # an unowned document: the issuer named after it in its sentence ("by X", "X's")
    ('Youth jobs are scarce, according to a study released Monday by Civic Action.',
     [("Youth jobs are scarce", "a study", I)], "Civic Action"),
    ('"Winter is hard," says a document titled Cold Notes on Northern Plains Railway\'s website.',
     [("Winter is hard,", "a document", D)], "Northern Plains Railway"),
    # ... and the same document later inherits that issuer
    ('"Winter is hard," says a document titled Cold Notes on Northern Plains Railway\'s website. '
     'Crews work long hours, the report said.',
     [("Winter is hard,", "a document", D), ("Crews work long hours", "the report", I)],
     "Northern Plains Railway"),
    # ... never one named in what the document says
    ("The Institute for the Study of War said Ukraine took villages. The report said Ukrainian "
     "forces may soon encircle Lyman, a blow to Moscow's war effort.",
     [("Ukraine took villages", "The Institute for the Study of War", I),
      ("Ukrainian forces may soon encircle Lyman, a blow to Moscow's war effort", "The report",
       I)], "Institute for the Study of War"),
    ("The EU statement said the vote in Crimea's capital was illegal.",
     [("the vote in Crimea's capital was illegal", "The EU statement", I)], "The EU statement"),
    # an indefinite document with no issuer named: the previous speaker issued it
    ('Northfield Trust said its director was among those killed. A statement said the group was '
     'shocked and saddened.',
     [("its director was among those killed", "Northfield Trust", I),
      ("the group was shocked and saddened", "A statement", I)], "Northfield Trust"),
]


@pytest.mark.parametrize("text, quotes, expected", MENTION_CASES)
def test_mention_forms(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


@pytest.mark.parametrize("text, heading", [
    ('Robert McMillen runs the shop.\n\nArticle Continued Below\n\nIt is common, he says.',
     "Article Continued Below"),
    ('READ MORE: Officials slam the arrest.\n\nIt said "we are concerned."', "READ MORE"),
    ('Kevin Haley agreed.\n\nWATCH: Burnaby Police warn of scams\n\n"It works," he said.',
     "Burnaby Police"),
    ('Dave Martell said it.\n\nDoctors May Not Know\n\nHe says more.', "Doctors May Not Know"),
])
def test_heading_lines_are_no_entities(text, heading):
    ctx = ArticleContext(text, [], load_role_words())
    assert heading not in [e.name for e in ctx.entities]


def test_dateline_paragraph_keeps_its_entities():
    text = "KYIV: Ukrainian President Volodymyr Zelenskyy said on Monday that troops advanced."
    ctx = ArticleContext(text, [], load_role_words())
    assert "Volodymyr Zelenskyy" in [e.name for e in ctx.entities]


def test_according_to_is_a_subject():
    text = "According to Haley, the threats will evolve."
    ctx = ArticleContext(text, [], load_role_words())
    assert ctx.is_subject(text.index("Haley"), text.index("Haley") + 5)


@pytest.mark.parametrize("text, name", [
    # a possessive ends the name: the owner is an entity, the title after it is not
    ("The festival presents choreographer Jeanine Durning’s This Shape, a new work.",
     "Jeanine Durning"),
    ("The report is on the Atlantic Pacific Railway's website.", "Atlantic Pacific Railway"),
    # an article glued on by a missing full stop is no part of the name
    ("The Northern Press A train is shown near the town.", "The Northern Press"),
    # a possessive before a name still leaves the name after it
    ("Canada’s Justin Trudeau said it was time.", "Justin Trudeau"),
])
def test_runs_split_at_possessives(text, name):
    ctx = ArticleContext(text, [], load_role_words())
    assert name in [e.name for e in ctx.entities]


def test_possessive_owner_is_the_surname_antecedent():
    text = ('The festival presents choreographer Jeanine Durning’s This Shape, a new work. '
            'Durning said "it is a challenge." She is the daughter of the late actor '
            'Charles Durning.')
    assert last_speaker(text, [("it is a challenge.", "Durning", D)]) == "Jeanine Durning"


@pytest.mark.parametrize("text, quotes, expected", [
    # a lone capitalised word never described as he/she is not the first name of a longer run
    # ("Nexora" vs the app "Nexora Research"): it stays an organisation, the antecedent of "it"
    ('Nexora says the deal is back. Reporters said Nexora paid users to download an app called '
     'Nexora Research. In a memo, Nexora told employees it is working closely with Corvid to '
     'restore access. It also told workers to install the public apps.',
     [("it is working closely with Corvid to restore access", "Nexora", I),
      ("to install the public apps", "It", I)], "Nexora"),
    # a person known by the first name (described as she) still gets the full name
    ('Yuni Wirawan lost her house in the storm. "It was the wind," Yuni said.',
     [("It was the wind,", "Yuni", D)], "Yuni Wirawan"),
])
def test_lone_word_first_name_expansion(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


@pytest.mark.parametrize("text, quotes, expected", [
    # an organisation noun never resolves to a person, even one described with that noun
    ('Nexora said Thursday that Corvid revoked its access. That is a big deal, said Marty '
     'Puranik, CEO of cloud hosting company Atlantica. But the company said "we are working '
     'to fix it."',
     [("Corvid revoked its access", "Nexora", I), ("That is a big deal", "Marty Puranik", I),
      ("we are working to fix it.", "the company", D)], "Nexora"),
    # a two-word name ending in a place name is an organisation ("X Canada"): the group
    ('Paddle Canada said the rivers must stay open. "Those people include paddlers and '
     'anglers," the group said.',
     [("the rivers must stay open", "Paddle Canada", I),
      ("Those people include paddlers and anglers,", "the group", D)], "Paddle Canada"),
])
def test_organisation_nouns_skip_persons(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


def test_organisation_noun_finds_the_named_organisation_before_the_last_quoted():
    # "of" is no title before a name (the union is an organisation, not "Operating Engineers");
    # the clause after "According to EHS," is no appositive describing EHS, so "the union" is
    # not EHS but the organisation with "union" in its name
    text = ('Terry Chapman with the International Union of Operating Engineers said "we wait '
            'too long." According to EHS, the target is met in 90 per cent of cases but Chapman '
            'says that is not what the union is seeing. Ambulances are late, the paramedics '
            'union says.')
    quotes = [("we wait too long.", "Terry Chapman", D),
              ("the target is met in 90 per cent of cases", "EHS", I),
              ("Ambulances are late", "the paramedics union", I)]
    assert last_speaker(text, quotes) == "International Union of Operating Engineers"


@pytest.mark.parametrize("text, name, kind", [
    # company suffixes (with or without the full stop) make an organisation
    ("EARNINGS: Hanwa Electronics Co. said it posted a drop in profit.", "Hanwa Electronics Co",
     "org"),
    ("Analysts expect Orbis Holdings Corp. to appeal.", "Orbis Holdings Corp", "org"),
])
def test_company_suffixes_are_organisations(text, name, kind):
    ctx = ArticleContext(text, [], load_role_words())
    assert (name, kind) in [(e.name, e.kind) for e in ctx.entities]


@pytest.mark.parametrize("text, label", [
    # a label in capitals, even with a short word in it, is no entity
    ("DAY IN ASIA: Shares fell in Tokyo.", "DAY IN ASIA"),
    ("READ MORE: Officials slam the arrest.", "READ MORE"),
])
def test_capital_labels_are_no_entities(text, label):
    ctx = ArticleContext(text, [], load_role_words())
    assert label not in [e.name for e in ctx.entities]


def test_it_after_a_capital_label_is_the_company():
    text = ("DAY IN ASIA: Shares fell. Hanwa Electronics Co. said it posted a drop in profit. "
            "But Hanwa said it expects earnings to decline.")
    quotes = [("it posted a drop in profit", "Hanwa Electronics Co", I),
              ("earnings to decline", "it", I)]
    assert last_speaker(text, quotes) == "Hanwa Electronics Co"


@pytest.mark.parametrize("text, quotes, expected", [
    # a given name of either gender ("Kim", "Robin") alone is a person, the antecedent of she
    ('Robin and Dale Okafor adopted a boy. "We are tired," Robin said. The paperwork was '
     'received in February of last year and the process is at the top end of the estimated '
     'timeline, but it has not exceeded it. The couple has sixty days to respond to the letter. '
     'Robin said the family works with a lawyer. "We are not giving up," she said.',
     [("We are tired,", "Robin", D), ("the family works with a lawyer", "Robin", I),
      ("We are not giving up,", "she", D)], "Robin"),
])
def test_unisex_given_names_are_persons(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


@pytest.mark.parametrize("text, quotes, expected", [
    # a kinship word before a name gives its gender ("husband Karim Haddad" is no she)
    ('For Nour Haddad and other newcomers, the goal is clear. The mother wants a passport for '
     'herself, husband Karim Sayegh, and their children. "I am a Canadian now," she said.',
     [("I am a Canadian now,", "she", D)], "Nour Haddad"),
    # common spellings of Mohammad are male given names
    ('For Nour Haddad and other newcomers, the goal is clear. A passport for Mohamed Sayegh and '
     'their children comes first. "I am a Canadian now," she said.',
     [("I am a Canadian now,", "she", D)], "Nour Haddad"),
])
def test_kinship_words_and_given_names_give_gender(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


@pytest.mark.parametrize("text, name, gender", [
    ("A passport for herself, husband Karim Sayegh, and their children.", "Karim Sayegh", "male"),
    ("The award went to his wife Dana Okoro last year.", "Dana Okoro", "female"),
    ("A passport for Mohamed Sayegh comes first.", "Mohamed Sayegh", "male"),
])
def test_gender_from_kinship_words_and_given_names(text, name, gender):
    from tasks.attribute.names import _who_for_name
    ctx = ArticleContext(text, [], load_role_words())
    assert _who_for_name(name, ctx, []).gender == gender


@pytest.mark.parametrize("text, quotes, expected", [
    # a word joined by a hyphen to the next is no given name of the run it opens
    ('Russia-controlled Zaporozhye held a vote. Russia said the vote was fair.',
     [("the vote was fair", "Russia", I)], "Russia"),
    ('Iran-supplied Shahed drones hit Kyiv. Iran said it sent no drones.',
     [("it sent no drones", "Iran", I)], "Iran"),
])
def test_a_hyphenated_modifier_is_no_given_name(text, quotes, expected):
    assert last_speaker(text, quotes) == expected


@pytest.mark.parametrize("text, quotes", [
    # "is", "has", "was" end in -s but are verbs: no plural noun phrase for "they"
    ('The Zaporizhzhia plant is still run by Ukrainian staff, and they say it is safe.',
     [("it is safe", "they", I)]),
    ('China has refused to condemn the war, but they say the talks go on.',
     [("the talks go on", "they", I)]),
])
def test_a_verb_in_s_is_no_plural_subject(text, quotes):
    assert last_speaker(text, quotes) not in ("The Zaporizhzhia plant is", "China has")
