"""Quote extraction: hand-written sentence cases per rule family, contract and robustness."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tasks.contract import EXTRACTED
from tasks.extract.quotes import extract_quotes, quotes_in_text
from tasks.extract.marks import find_marks, sentence_spans
from tasks.extract.speaker import load_vocab


def _q(text: str) -> list[tuple[str, str, str]]:
    """(kind, quote text, speaker mention) for every quote in ``text``."""
    out = []
    for q in quotes_in_text(text):
        mention = text[q.mention[0] : q.mention[1]] if q.mention else ""
        out.append((q.kind, text[q.start : q.end], mention))
    return out


# -- direct quotes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win this war," he said.', [("direct", "We will win this war,", "he")]),
        ("“We will win this war,” he said.", [("direct", "We will win this war,", "he")]),
        (
            "“The city is ours,” said regional governor Oleh Synehubov.",
            [("direct", "The city is ours,", "regional governor Oleh Synehubov")],
        ),
        (
            "“Our troops are advancing,” Kremlin spokesman Dmitry Peskov told reporters.",
            [("direct", "Our troops are advancing,", "Kremlin spokesman Dmitry Peskov")],
        ),
        (
            'The minister said: "Everything goes according to plan."',
            [("direct", "Everything goes according to plan.", "The minister")],
        ),
        (
            'Zelenskyy said, "We are taking back our land."',
            [("direct", "We are taking back our land.", "Zelenskyy")],
        ),
        (
            "'It is a disaster for the army,' she said.",
            [("direct", "It is a disaster for the army,", "she")],
        ),
        (
            "«Мы не отступим ни на шаг», заявил он. «Nothing will stop us now,» he said.",
            [("direct", "Nothing will stop us now,", "he")],
        ),
        (
            "Peskov: “There is no talk of mobilisation at this moment.”",
            [("direct", "There is no talk of mobilisation at this moment.", "Peskov")],
        ),
    ],
)
def test_direct_attribution(text, expected):
    got = _q(text)
    for item in expected:
        assert item in got


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '"The Russians have left the city," he said, "but our forces have not entered yet."',
            [
                ("direct", "The Russians have left the city,", "he"),
                ("direct", "but our forces have not entered yet.", "he"),
            ],
        ),
        (
            '"It will be like an avalanche," he said. "One line of defence will shake and it will fall."',
            [
                ("direct", "It will be like an avalanche,", "he"),
                ("direct", "One line of defence will shake and it will fall.", ""),
            ],
        ),
        (
            "Serhiy Haidai, governor of the Luhansk region, said: “The Russians are leaving. They took everything.”",
            [
                (
                    "direct",
                    "The Russians are leaving. They took everything.",
                    "Serhiy Haidai, governor of the Luhansk region",
                )
            ],
        ),
    ],
)
def test_split_floating_and_multi_sentence(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "'It's a disaster for Ukraine's army, and we don't know why,' he said.",
            [("direct", "It's a disaster for Ukraine's army, and we don't know why,", "he")],
        ),
        (
            "He said the '90s were hard. 'We rebuilt everything ourselves,' she added.",
            [
                ("indirect", "the '90s were hard", "He"),
                ("direct", "We rebuilt everything ourselves,", "she"),
            ],
        ),
        (
            "The workers' union said it would strike.",
            [("indirect", "it would strike", "The workers' union")],
        ),
    ],
)
def test_single_quotes_and_apostrophes(text, expected):
    assert _q(text) == expected


# -- not quotes ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Russia held so-called 'referendums' in four regions.",
        'Moscow calls the war a "special military operation" in official statements.',
        "The film “Winter on Fire” was shown in Kyiv.",
        "Workers don't like the '90s music in Ukraine's bars.",
        "The town fell last week. It is said to be empty now.",
    ],
)
def test_not_quotes(text):
    assert _q(text) == []


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


def test_headline_lines_are_skipped():
    text = (
        "Trudeau says the economy is 'strong and growing'\n"
        "READ MORE: Minister says budget will balance\n"
        "The minister said the budget would balance in 2040.\n"
        "It was a long day."
    )
    got = _q(text)
    assert got == [("indirect", "the budget would balance in 2040", "The minister")]


# -- marks and sentences ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("She's sure the '90s were 'better times' for Ukraine's towns.", ["better times"]),
        ("“Outer ‘inner’ words”", ["Outer ‘inner’ words"]),
        ("“Unclosed quote that runs on and on", []),
    ],
)
def test_find_marks(text, expected):
    assert [text[k.start : k.end] for k in find_marks(text)] == expected


def test_multi_paragraph_quote_opens_each_paragraph():
    text = "He said:\n“First paragraph of the quote.\n“Second paragraph, closed.”\nAfter."
    got = [text[k.start : k.end] for k in find_marks(text)]
    assert got == ["First paragraph of the quote.", "Second paragraph, closed."]


@pytest.mark.parametrize(
    "text, n",
    [
        ("Lt. Gen. Keith Kellogg spoke in the U.S. capital. He left.", 2),
        ("Prices rose 3.5 percent on Jan. 4 this year. Then they fell.", 2),
        ('"It is over. We won," he said. Then he left.', 2),
    ],
)
def test_sentences_tolerate_abbreviations_and_quotes(text, n):
    marks = find_marks(text)
    assert len(sentence_spans(text, marks, load_vocab().words["abbrev"])) == n


# -- contract and robustness -----------------------------------------------------------------
def test_find_quotes_contract_and_offsets():
    text = "“Kyiv will stand,” the mayor said. Officials said 12 people were hurt."
    articles = pl.DataFrame({"article_id": ["a1", "a2"], "text": [text, None]})
    out = extract_quotes(articles)
    assert out.schema == pl.Schema(EXTRACTED)
    assert out["quote_index"].to_list() == [0, 1]
    for row in out.iter_rows(named=True):
        assert text[row["char_start"] : row["char_end"]] == row["text"]
        if row["speaker_mention"]:
            assert text[row["mention_start"] : row["mention_end"]] == row["speaker_mention"]


def test_empty_input():
    assert extract_quotes(pl.DataFrame({"article_id": [], "text": []}, schema={"article_id": pl.String, "text": pl.String})).height == 0


@pytest.mark.parametrize(
    "text",
    [
        '"' * 50_000 + "," * 50_000,
        ("“a, ‘b, ' said, " * 8000),
        "said " * 20000,
        "“" + "word " * 30000,
    ],
)
def test_adversarial_input_returns(text):
    for q in quotes_in_text(text):
        assert q.end - q.start <= 2000 or q.kind != "direct"


def test_seed_article_has_quotes():
    from tests.conftest import SEED_ARTICLE

    text = SEED_ARTICLE.read_text(encoding="utf-8")
    got = _q(text)
    assert len(got) >= 8
    assert any(k == "mixed" for k, _, _ in got)


def test_war_dev_quality(shared_dir):
    """Dev-set sanity: the extractor finds most gold quotes (a floor, not the target)."""
    arts = [json.loads(l) for l in open(shared_dir / "eval/war-dev/articles.jsonl", encoding="utf-8")]
    gold = [json.loads(l) for l in open(shared_dir / "eval/war-dev/gold.jsonl", encoding="utf-8")]
    texts = {a["id"]: a["text"] for a in arts}
    found = 0
    for g in gold:
        text = texts[g["article_id"]]
        s = text.find(g["quote"])
        e = s + len(g["quote"])
        if any(min(e, q.end) - max(s, q.start) >= 0.3 * (e - s) for q in quotes_in_text(text)):
            found += 1
    assert found / len(gold) >= 0.7
