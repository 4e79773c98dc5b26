"""Bad input never crashes a run, never goes missing, never takes good records down with it.

* The fixed corpus tests/fixtures/nasty/ (written by make_nasty.py beside it) goes through the
  whole pipeline as plain functions (ingest -> extract -> attribute -> score -> write_batch)
  into a real DuckDB file: exactly the good records are loaded, every bad one is a row of
  rejected_inputs with its reason, texts are stored exactly, and running it three times gives
  identical tables.
* A property-based test does the same with random mixes of good and bad JSON lines.
* Big inputs (a 10 MB article, 100k-character lines) and adversarial texts (100k quote marks,
  100k commas, 'said said said', runs of capitalised words) run under a hang guard
  (faulthandler, 10 minutes) or in a child process with a timeout, so a hang fails the test
  instead of blocking CI.
"""

from __future__ import annotations

import itertools
import json
import logging
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.contract import ROOT
from tests.fixtures.nasty import make_nasty
from tests.guarantees.test_robustness_common import (
    DATA_TABLES,
    orphans,
    per_article_counts,
    rejected_rows,
    run_plain_pipeline,
    table_checksums,
)

NASTY = ROOT / "tests" / "fixtures" / "nasty"

LOADED = {
    "columns.csv": {"c1", "c4"},
    "control_chars.jsonl": {"cc1", "cc2", "cc3\u200b", "cc4", "cc5\x00nul-id"},
    "dates.jsonl": {"dt1", "dt2", "dt8"},
    "duplicates.jsonl": {"d1", "d2"},
    "empty_texts.jsonl": {"e-ok"},
    "extra_fields.jsonl": {"x1", "x2"},
    "html.jsonl": {"h1"},
    "invalid_json.jsonl": {"ij1", "ij2"},
    "latin1.jsonl": {"l1", "l2"},
    "quotes.jsonl": {"q1", "q2", "q3", "q4", "q5"},
    "sql_ids.jsonl": {"x'); DROP TABLE articles; --", 'say "hi"; DELETE FROM quotes'},
    "truncated.jsonl": {"tr1", "tr2"},
    "utf16_bom.csv": {"u1"},
    "utf16_bom.jsonl": {"u16a"},
}
REJECTED = {  # (file, location): start of the reason
    ("binary.jsonl", "file"): "binary file (NUL bytes), not text",
    ("binary.txt", "file"): "binary file (NUL bytes), not text",
    ("blank.txt", "file"): "empty file",
    ("empty.jsonl", "file"): "empty file",
    ("make_nasty.py", "file"): "unsupported file type",
    ("no_text_column.csv", "file"): "missing text column",
    ("columns.csv", "row 2"): "row has 7 fields but the header has 5",
    ("columns.csv", "row 3"): "row has 2 fields but the header has 5",
    ("dates.jsonl", "line 3"): "unparseable date '13.09.2022'",
    ("dates.jsonl", "line 4"): "publication date 2099-01-01 is in the future",
    ("dates.jsonl", "line 5"): "unparseable date '0000-00-00'",
    ("dates.jsonl", "line 6"): "unparseable date '1663027200'",
    ("dates.jsonl", "line 7"): "unparseable date '2022-09-13T25:61:00'",
    ("duplicates.jsonl", "line 2"): "duplicate id 'd1' with different text (first kept)",
    ("duplicates.jsonl", "line 3"): "exact duplicate of an earlier record",
    ("duplicates.jsonl", "line 5"): "duplicate id 'd2' with different title or date",
    ("empty_texts.jsonl", "line 2"): "empty text",
    ("empty_texts.jsonl", "line 3"): "empty text",
    ("empty_texts.jsonl", "line 4"): "empty text",
    ("empty_texts.jsonl", "line 5"): "empty text (only invisible characters",
    ("empty_texts.jsonl", "line 6"): "missing text field",
    ("invalid_json.jsonl", "line 2"): "invalid JSON: Unterminated string",
    ("invalid_json.jsonl", "line 3"): "invalid JSON: Expecting property name",
    ("invalid_json.jsonl", "line 4"): "invalid JSON: Expecting property name",
    ("invalid_json.jsonl", "line 5"): "invalid JSON: Expecting value",
    ("truncated.jsonl", "line 3"): "invalid JSON: Unterminated string starting at column 23 "
    "(the file ends in the middle of this line: truncated?)",
    ("utf16_bom.csv", "row 2"): "empty text",
    ("utf16_bom.jsonl", "line 2"): "invalid JSON: Expecting property name",
}


def test_committed_corpus_is_what_the_generator_writes(tmp_path: Path) -> None:
    for path in make_nasty.write_fixed(tmp_path):
        assert (NASTY / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.fixture(scope="module")
def nasty_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("nasty") / "nasty.duckdb"
    counts = run_plain_pipeline(NASTY, db)
    return db, counts


def test_nasty_corpus_good_records_loaded_bad_ones_rejected(nasty_db) -> None:
    db, counts = nasty_db
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute("SELECT source, article_id FROM articles").fetchall()
    by_file: dict[str, set[str]] = {}
    for source, article_id in loaded:
        by_file.setdefault(Path(source).name, set()).add(article_id)
    assert by_file == LOADED

    rejected = rejected_rows(db)
    got = {
        (Path(s).name, loc): reason
        for s, loc, reason in rejected.select("source", "location", "reason").rows()
    }
    assert got.keys() == REJECTED.keys()
    for key, start in REJECTED.items():
        assert got[key].startswith(start), (key, got[key])
        assert "\n" not in got[key] and "Traceback" not in got[key]
    assert all(len(s) <= 200 for s in rejected["snippet"].fill_null(""))
    # every input record is accounted for: loaded or rejected, never both, never neither
    assert counts["articles_read"] == sum(map(len, LOADED.values()))
    assert counts["rejected_read"] == len(REJECTED)


def test_nasty_texts_are_stored_exactly_and_quotes_match_them(nasty_db) -> None:
    from tasks.ingest.files import discover_files, read_articles

    db, _ = nasty_db
    articles, _ = read_articles(discover_files(str(NASTY)))
    with duckdb.connect(str(db), read_only=True) as con:
        stored = dict(con.execute("SELECT article_id, text FROM articles").fetchall())
    assert stored == dict(articles.select("article_id", "text").rows())
    assert "\x00" in stored["cc4"] and "\u200b" in stored["cc1"]
    assert all(bad == 0 for _, _, bad in per_article_counts(db).values())
    assert orphans(db) == (0, 0)


def test_nasty_corpus_three_runs_identical_tables(nasty_db, tmp_path: Path) -> None:
    """Re-running the same source three times (as the flow does, and forcing a full reload)
    leaves every table identical: row counts and checksums."""
    db, _ = nasty_db
    first = table_checksums(db)
    assert set(DATA_TABLES) <= first.keys()
    for _ in range(2):
        counts = run_plain_pipeline(NASTY, db)
        assert counts["articles_new"] == counts["articles_changed"] == 0
        assert table_checksums(db) == first
    forced = run_plain_pipeline(NASTY, db, skip_unchanged=False)
    assert forced["articles_unchanged"] == forced["articles_read"]
    assert table_checksums(db) == first


def test_no_article_fails_extraction(caplog: pytest.LogCaptureFixture) -> None:
    from tasks.extract.quotes import extract_quotes
    from tasks.ingest.files import discover_files, read_articles

    articles, _ = read_articles(discover_files(str(NASTY)))
    with caplog.at_level(logging.WARNING):
        extract_quotes(articles)
    failures = [r.getMessage() for r in caplog.records if "extraction failed" in r.getMessage()]
    assert failures == []


# ---------------------------------------------------------------- property: random bad lines

_GOOD_TEXTS = st.lists(
    st.sampled_from(
        [
            "Peskov said", "Zelenskyy told reporters", '"', "'", "\u201c", "\u201d", "\u00ab",
            "\u00bb", "\u201e", "\u2018", "\u2019", "we will win", "Russia", "Ukraine", ",", ".",
            "\u200b", "\u00a0", "\x07", "\x00", "<p>", "</div>", "&quot;", "said", "NATO",
            "The", "Kremlin", "\n", "\t", "\u202e", "\ufeff",
        ]
    )
    | st.text(max_size=8),
    min_size=1,
    max_size=25,
).map(lambda parts: "A " + " ".join(parts))
_BAD_KINDS = st.sampled_from(
    ["truncated", "not_object", "empty_text", "invisible_text", "bad_date", "future", "dup_id"]
)


def _bad_line(kind: str, n: str, text: str) -> tuple[str, str]:
    line = json.dumps({"id": f"bad{n}", "text": text})
    return {
        "truncated": (line[: len(line) // 2], "invalid JSON"),
        "not_object": (json.dumps([text]), "JSON line is not an object"),
        "empty_text": (json.dumps({"id": f"bad{n}", "text": " \t "}), "empty text"),
        "invisible_text": (json.dumps({"id": f"bad{n}", "text": "\u200b\x07"}), "empty text"),
        "bad_date": (json.dumps({"id": f"bad{n}", "text": text, "date": "31/31/31"}), "unparseable date"),
        "future": (json.dumps({"id": f"bad{n}", "text": text, "date": "2999-01-01"}), "publication date"),
        "dup_id": (
            json.dumps({"id": f"{n.split('-')[0]}-g0", "text": text + " (another text)"}),
            f"duplicate id '{n.split('-')[0]}-g0'",
        ),
    }[kind]


_EXAMPLE = itertools.count()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.tuples(st.booleans(), _GOOD_TEXTS, _BAD_KINDS), min_size=1, max_size=8)
)
def test_random_good_and_bad_lines_through_the_pipeline(tmp_path: Path, lines) -> None:
    """Whatever the mix, the good lines are loaded and each bad line has its reason."""
    n = next(_EXAMPLE)
    db = tmp_path / "prop.duckdb"  # one file for all examples; each example has its own source
    source = tmp_path / f"example-{n}.jsonl"
    good: dict[str, str] = {}
    bad: dict[str, str] = {}
    out = [json.dumps({"id": f"{n}-g0", "text": "A first good line: Peskov said no."})]
    good[f"{n}-g0"] = json.loads(out[0])["text"]
    for i, (is_good, text, kind) in enumerate(lines, start=1):
        if is_good:
            out.append(json.dumps({"id": f"{n}-g{i}", "text": text}))
            good[f"{n}-g{i}"] = text
        else:
            line, reason = _bad_line(kind, f"{n}-{i}", text)
            out.append(line)
            bad[f"line {len(out)}"] = reason
    source.write_text("\n".join(out) + "\n", encoding="utf-8")

    counts = run_plain_pipeline(source, db)
    with duckdb.connect(str(db), read_only=True) as con:
        stored = dict(
            con.execute("SELECT article_id, text FROM articles WHERE source = ?", [str(source)]).fetchall()
        )
        rejected = dict(
            con.execute(
                "SELECT location, reason FROM rejected_inputs WHERE source = ?", [str(source)]
            ).fetchall()
        )
    assert stored == good
    assert rejected.keys() == bad.keys()
    for location, reason in bad.items():
        assert rejected[location].startswith(reason), (location, rejected[location])
    assert counts["articles_read"] + counts["rejected_read"] == len(out)


# ---------------------------------------------------------------- big and adversarial inputs

ADVERSARIAL = {
    "100k double quotes": '"' * 100_000,
    "100k commas": "," * 100_000,
    "100k mixed quotation marks": "\u00ab\u201e\"'\u2018\u201c\u00bb" * 15_000,
    "said said said": "Peskov said " + "said " * 30_000,
    "said-quote repeated": 'said "' * 20_000,
    "long run of capitalised words": "Zelenskyy said " + " ".join(["Volodymyr"] * 20_000) + ' said "yes".',
    "capitalised words and quotes": 'Kremlin Spokesman Dmitry Peskov "' * 5_000,
    "100k-character line of letters": "x" * 100_000,
}
HANG_TIMEOUT_S = 600


@pytest.fixture
def hang_guard():
    """A hang dumps every thread's stack and ends the test process after HANG_TIMEOUT_S
    (pytest's faulthandler_timeout for one test), so CI fails instead of blocking."""
    import faulthandler

    faulthandler.dump_traceback_later(HANG_TIMEOUT_S, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_texts_return(hang_guard, name: str) -> None:
    """No hang, no crash on pathological texts; every quote found is a span of the text."""
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.score.quotes import score_quotes

    text = ADVERSARIAL[name]
    articles = pl.DataFrame({"article_id": ["adv"], "text": [text]})
    quotes = extract_quotes(articles)
    attributed, _ = attribute_speakers(quotes, articles)
    scored, stance = score_quotes(attributed)
    assert all(text[s:e] == t for s, e, t in scored.select("char_start", "char_end", "text").rows())
    assert stance.height == 2 * scored.height


def test_big_files_are_ingested_and_loaded(tmp_path: Path) -> None:
    """100k-character lines are ingested and loaded exactly, with their neighbours; a 10 MB
    "article" is over the text limit (a dump, not an article) and rejected with its size; the
    one broken 100k-character line is rejected with a 200-character snippet."""
    from tasks.contract import ACTORS, SCORED, STANCE, empty
    from tasks.ingest.files import read_articles
    from tasks.store.write import write_batch

    paths = make_nasty.write_big(tmp_path / "big")
    articles, rejected = read_articles(list(paths.values()))
    assert sorted(articles["article_id"]) == sorted(
        ["after-big", "long1", "long2", "long3", "long_line", "lc1", "lc2"]
    )
    assert {(Path(s).name, loc): r for s, loc, r in rejected.select("source", "location", "reason").rows()} == {
        ("ten_mb.jsonl", "line 1"): "text too long for one article: 10,000,000 characters, limit "
        "1,000,000 (set STANCEWIRE_MAX_TEXT_CHARS to raise it)",
        ("long_lines.jsonl", "line 3"): "invalid JSON: Unterminated string starting at column 28",
    }
    assert set(rejected["snippet"].str.len_chars()) == {200}
    db = tmp_path / "big.duckdb"
    write_batch(db, articles, empty(SCORED), empty(STANCE), empty(ACTORS), rejected)
    with duckdb.connect(str(db), read_only=True) as con:
        lengths = dict(con.execute("SELECT article_id, length(text) FROM articles").fetchall())
    assert lengths["long1"] == 100_000
    assert dict(articles.select("article_id", pl.col("text").str.len_chars()).rows()) == lengths


def test_ten_mb_article_loads_exactly_when_the_limit_is_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tasks.contract import ACTORS, SCORED, STANCE, empty
    from tasks.ingest.files import read_articles
    from tasks.store.write import write_batch

    monkeypatch.setenv("STANCEWIRE_MAX_TEXT_CHARS", "20_000_000")
    path = make_nasty.write_big(tmp_path / "big")["ten_mb.jsonl"]
    articles, rejected = read_articles([path])
    assert rejected.height == 0 and articles.height == 2
    db = tmp_path / "big.duckdb"
    write_batch(db, articles, empty(SCORED), empty(STANCE), empty(ACTORS), rejected)
    with duckdb.connect(str(db), read_only=True) as con:
        (same,) = con.execute(
            "SELECT text = ? FROM articles WHERE article_id = 'big10mb'", [articles["text"][0]]
        ).fetchone()
    assert same


def test_pipeline_with_a_ten_mb_article_returns(hang_guard, tmp_path: Path) -> None:
    """The whole pipeline on a file holding a 10 MB article and a normal one finishes: the big
    one is rejected (over the text limit), the normal one loaded with its quotes."""
    make_nasty.write_big(tmp_path / "big")
    counts = run_plain_pipeline(tmp_path / "big" / "ten_mb.jsonl", tmp_path / "w.duckdb")
    assert (counts["articles_new"], counts["rejected_new"]) == (1, 1)
    assert counts["quotes"] >= 1


def test_extraction_on_a_two_mb_article_returns() -> None:
    """2,000,000 characters of ordinary news text in one article (twice the ingest limit, so
    the limit can be raised safely once this passes): the same text split into 2,000-character
    articles takes about two seconds of CPU, so 30 s means extraction did not scale."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import polars as pl;"
        "from tasks.extract.quotes import extract_quotes;"
        "para = 'Kremlin spokesman Dmitry Peskov said Russia would press on. \"We will continue,\" "
        "he told reporters. President Volodymyr Zelenskyy said Ukraine would liberate every village.\\n';"
        "text = (para * 14000)[:2_000_000];"
        "print(extract_quotes(pl.DataFrame({'article_id': ['x'], 'text': [text]})).height)"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail("extraction did not return within 30 s on a 2,000,000-character article")
    assert proc.returncode == 0, proc.stderr[-3000:]
