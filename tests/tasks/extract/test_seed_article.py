"""The bundled seed article (NBC/AP, 2022-09-13): who said what must come out right.

Runs the plain stage functions (ingest -> extract -> attribute -> score) on the committed
seed file, without Prefect or DuckDB.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import SEED_ARTICLE


@pytest.fixture(scope="module")
def seed_quotes() -> pl.DataFrame:
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.ingest.files import read_articles

    articles, rejected = read_articles([SEED_ARTICLE])
    assert rejected.is_empty()
    attributed, _ = attribute_speakers(extract_quotes(articles), articles)
    return attributed


def quotes_of(df: pl.DataFrame, surname: str) -> pl.DataFrame:
    return df.filter(pl.col("speaker").str.contains(surname))


def test_seed_article_is_ingested_exactly():
    from tasks.ingest.files import read_articles

    articles, _ = read_articles([SEED_ARTICLE])
    row = articles.row(0, named=True)
    assert row["article_id"] == "2022-09-13-kharkiv"
    assert str(row["published"]) == "2022-09-13"
    assert row["text"].startswith("Town after town, village after village")
    assert row["text"].endswith("AP reported.")
    assert row["text"].count("\n") == 14


def test_offsets_are_character_offsets(seed_quotes):
    from tasks.ingest.files import read_articles

    text = read_articles([SEED_ARTICLE])[0]["text"][0]
    for row in seed_quotes.iter_rows(named=True):
        assert text[row["char_start"] : row["char_end"]] == row["text"]


@pytest.mark.parametrize(
    "surname, fragment, kind, side",
    [
        ("Zelenskyy", "Ukrainian forces had retaken more than 6,000 square kilometers", "indirect", "ukraine"),
        ("Zelenskyy", "strengthen cooperation to defeat Russian terror", None, "ukraine"),
        ("Blinken", "significant progress by the by the Ukrainians", "direct", "west"),
        ("Syni?ehubov", "At least three people were killed and eight injured", "indirect", "ukraine"),
        ("Kyrylenko", "At least five people were killed and 10 injured", "indirect", "ukraine"),
        ("Haidai", "Kreminna was the latest city to be deserted by Russian forces", "indirect", "ukraine"),
        ("Haidai", "The Russians have completely left Kreminna", "direct", "ukraine"),
        ("Institute for the Study of War", "impactful", "mixed", "west"),
        ("Peskov", "Putin was kept fully up to date", None, "russia"),
        ("Kots", "It’s not Ukraine but all of NATO who is fighting us", "direct", "russia"),
    ],
)
def test_seed_article_speakers(seed_quotes, surname, fragment, kind, side):
    mine = quotes_of(seed_quotes, surname)
    hits = mine.filter(pl.col("text").str.contains(fragment, literal=True))
    assert hits.height == 1, f"{surname}: {mine.select('text', 'kind').to_dicts()}"
    row = hits.row(0, named=True)
    if kind is not None:
        assert row["kind"] == kind
    assert row["speaker_side"] == side


def test_zelenskyy_has_two_said_quotes_and_one_urged(seed_quotes):
    zel = quotes_of(seed_quotes, "Zelenskyy")
    assert zel.height >= 2
    urged = zel.filter(pl.col("verb") == "urged")
    assert urged.height == 1
    assert "defeat Russian terror" in urged["text"][0]
    assert urged["speaker_mention"][0] == "He"


def test_kots_quote_uses_wrote(seed_quotes):
    kots = quotes_of(seed_quotes, "Kots").row(0, named=True)
    assert kots["verb"] == "wrote"


def test_haidai_pronoun_resolves(seed_quotes):
    direct = quotes_of(seed_quotes, "Haidai").filter(pl.col("kind") == "direct").row(0, named=True)
    assert direct["speaker_mention"] == "he"
    assert direct["speaker"] == "Serhiy Haidai"


def test_narration_is_not_a_quote(seed_quotes):
    texts = " ".join(seed_quotes["text"].to_list())
    assert "NBC News has not verified" not in texts
    assert "Town after town" not in texts
