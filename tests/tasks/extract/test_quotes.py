"""Quote extraction end to end (tasks/extract/quotes.py): the sentence loop's skips (headlines),
what is not a quote, the EXTRACTED contract, robustness, the seed article and a dev-set floor.

``_q`` (kind, quote text, speaker mention per quote) is shared by the sentence-case test files.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from tasks.contract import EXTRACTED
from tasks.extract.quotes import extract_quotes, quotes_in_text


def _q(text: str) -> list[tuple[str, str, str]]:
    """(kind, quote text, speaker mention) for every quote in ``text``."""
    out = []
    for q in quotes_in_text(text):
        mention = text[q.mention[0] : q.mention[1]] if q.mention else ""
        out.append((q.kind, text[q.start : q.end], mention))
    return out


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


def test_headline_lines_are_skipped():
    text = (
        "Trudeau says the economy is 'strong and growing'\n"
        "READ MORE: Minister says budget will balance\n"
        "The minister said the budget would balance in 2040.\n"
        "It was a long day."
    )
    got = _q(text)
    assert got == [("indirect", "the budget would balance in 2040", "The minister")]


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
