"""Tests for tasks/ingest/files.py (and its helpers ingest_readers / ingest_records / ingest_decode).

Inputs are small hand-made files: committed ones in tests/fixtures/ingest/ and others written to
tmp_path by the tests. Shared-data tests read ../shared through the ``shared_dir`` fixture.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.contract import ARTICLES, REJECTED
from tasks.ingest.files import (
    SourceError,
    UnsupportedFile,
    discover_files,
    iter_article_batches,
    read_articles,
)
from tasks.ingest.task import ingest_articles
from tasks.ingest.records import Rejected, content_hash, parse_date

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
SEED = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"

RECORD = {
    "id": "r1",
    "date": "2022-09-13",
    "title": "Port reopens",
    "text": "The harbour master said: \"Ships are moving again.\"",
    "url": "https://example.org/r1",
    "outlet": "Coast News",
}


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to path and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def reasons(rejected: pl.DataFrame) -> list[str]:
    return rejected["reason"].to_list()


def assert_contract(articles: pl.DataFrame, rejected: pl.DataFrame) -> None:
    assert dict(articles.schema) == ARTICLES
    assert dict(rejected.schema) == REJECTED
    assert all(len(s) <= 200 for s in rejected["snippet"].to_list())
    assert not any(r.startswith("internal error") for r in reasons(rejected))


# ---------------------------------------------------------------- seed .txt format


def test_committed_seed_article() -> None:
    articles, rejected = read_articles([SEED])
    assert_contract(articles, rejected)
    assert rejected.height == 0
    row = articles.row(0, named=True)
    assert row["article_id"] == "2022-09-13-kharkiv"
    assert row["published"] == date(2022, 9, 13)
    assert row["title"] is None
    assert row["text"].startswith("Town after town, village after village")
    raw = SEED.read_text(encoding="utf-8")
    assert row["text"] == raw.removeprefix(" date 2022-09-13 ").rstrip("\n")
    assert "\n" in row["text"] and not row["text"].endswith("\n")
    assert row["extra"] == "{}"


@pytest.mark.parametrize(
    "content, expected_date, expected_text",
    [
        (" date 2022-09-13 First para.\nSecond para.\n", date(2022, 9, 13), "First para.\nSecond para."),
        (" date 2022-09-13 \nFirst para.\nSecond para.", date(2022, 9, 13), "First para.\nSecond para."),
        (" date 2022-09-13\nFirst para.", date(2022, 9, 13), "First para."),
        (" date 2022-09-13\r\nFirst para.\r\n", date(2022, 9, 13), "First para."),
        ("date 2022-09-13 No leading space.", date(2022, 9, 13), "No leading space."),
        ("No date line here.\nSecond para.\n", None, "No date line here.\nSecond para."),
        (" date 2022-09-13 A.\r\nB.\r\n", date(2022, 9, 13), "A.\nB."),
        (" date 2022-09-13 A.\n\nB.  \n\n\n", date(2022, 9, 13), "A.\n\nB.  "),
        ("\ufeff date 2022-09-13 With a BOM.\n", date(2022, 9, 13), "With a BOM."),
        ("Date palms grow in the south.\n", None, "Date palms grow in the south."),
        ("  Indented first paragraph.\n", None, "  Indented first paragraph."),
    ],
)
def test_txt_seed_format(tmp_path: Path, content: str, expected_date, expected_text: str) -> None:
    articles, rejected = read_articles([write(tmp_path / "story.txt", content)])
    assert rejected.height == 0
    row = articles.row(0, named=True)
    assert (row["article_id"], row["published"], row["text"]) == ("story", expected_date, expected_text)


@pytest.mark.parametrize(
    "content, reason",
    [
        (" date 2022-09-13 \n\n", "empty text"),
        (" date 2022-13-45 Text.\n", "unparseable date '2022-13-45'"),
        ("   \n\n", "empty file"),
        ("", "empty file"),
    ],
)
def test_txt_rejections(tmp_path: Path, content: str, reason: str) -> None:
    articles, rejected = read_articles([write(tmp_path / "bad.txt", content)])
    assert articles.height == 0
    assert reasons(rejected) == [reason]
    assert rejected["location"].to_list() == ["file"]


def test_latin1_text_is_decoded_not_rejected() -> None:
    articles, rejected = read_articles([FIXTURES / "latin1.txt"])
    assert rejected.height == 0
    assert articles["text"][0].startswith("Café owners said the “new rules” were unfair – again.")


# ---------------------------------------------------------------- every format


def _tabular(tmp_path: Path, suffix: str, records: list[dict]) -> Path:
    path = tmp_path / f"input{suffix}"
    if suffix in (".jsonl", ".ndjson"):
        return write(path, jsonl(*records))
    if suffix == ".json":
        return write(path, json.dumps(records))
    frame = pl.DataFrame(records)
    if suffix == ".csv":
        frame.write_csv(path)
    else:
        frame.write_parquet(path)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json", ".csv", ".parquet"])
def test_every_format_gives_the_same_article(tmp_path: Path, suffix: str) -> None:
    articles, rejected = read_articles([_tabular(tmp_path, suffix, [RECORD])])
    assert_contract(articles, rejected)
    assert rejected.height == 0
    row = articles.row(0, named=True)
    assert row["article_id"] == "r1"
    assert row["published"] == date(2022, 9, 13)
    assert (row["title"], row["url"], row["outlet"]) == (RECORD["title"], RECORD["url"], RECORD["outlet"])
    assert row["text"] == RECORD["text"]
    assert row["source"].endswith(f"input{suffix}")
    assert row["content_hash"] == content_hash(RECORD["text"], RECORD["title"], date(2022, 9, 13))
    assert row["extra"] == "{}"


@pytest.mark.parametrize(
    "names",
    [
        ("ID", "Date", "Title", "Text", "URL", "Outlet"),
        ("article_id", "published", "headline", "body", "link", "source"),
        ("guid", "pubdate", "Headline", "Content", "Link", "Publisher"),
        ("Article_ID", "PUBLISHED", "TITLE", "BODY", "url", "SOURCE"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_column_variants(tmp_path: Path, names: tuple[str, ...], suffix: str) -> None:
    values = (RECORD["id"], RECORD["date"], RECORD["title"], RECORD["text"], RECORD["url"], RECORD["outlet"])
    record = dict(zip(names, values)) | {"section": "harbour"}
    articles, rejected = read_articles([_tabular(tmp_path, suffix, [record])])
    assert rejected.height == 0
    row = articles.row(0, named=True)
    assert (row["article_id"], row["published"], row["title"], row["text"], row["url"], row["outlet"]) == (
        "r1", date(2022, 9, 13), RECORD["title"], RECORD["text"], RECORD["url"], RECORD["outlet"]
    )
    assert json.loads(row["extra"]) == {"section": "harbour"}


def test_preferred_alias_wins_and_others_go_to_extra(tmp_path: Path) -> None:
    record = {"body": "Summary only.", "text": "The full story.", "id": "x"}
    articles, _ = read_articles([write(tmp_path / "a.jsonl", jsonl(record))])
    assert articles["text"][0] == "The full story."
    assert json.loads(articles["extra"][0]) == {"body": "Summary only."}


def test_parquet_types_are_kept_in_extra(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    pl.DataFrame({
        "id": [1, 2],
        "text": ["One.", "Two."],
        "date": [date(2022, 9, 13), None],
        "score": [float("nan"), 0.5],
        "tags": [["a", "b"], []],
    }).write_parquet(path)
    articles, rejected = read_articles([path])
    assert rejected.height == 0
    assert articles["article_id"].to_list() == ["1", "2"]
    assert articles["published"].to_list() == [date(2022, 9, 13), None]
    assert [json.loads(e) for e in articles["extra"]] == [
        {"score": None, "tags": ["a", "b"]},
        {"score": 0.5, "tags": []},
    ]


def test_text_is_kept_exactly(tmp_path: Path) -> None:
    text = "  Leading spaces,\ttabs,\r\nCRLF, non-breaking\u00a0space and trailing newline\n"
    articles, _ = read_articles([write(tmp_path / "a.jsonl", jsonl({"id": "x", "text": text}))])
    assert articles["text"][0] == text


def test_csv_variants_fixture() -> None:
    articles, rejected = read_articles([FIXTURES / "variants.csv"])
    assert articles["article_id"].to_list() == ["c1", "c2"]
    assert articles["published"].to_list() == [date(2022, 9, 15), date(2022, 9, 16)]
    assert articles["text"][0] == 'The port authority said: "Ships are moving again."\nSecond paragraph.'
    assert list(zip(rejected["location"], reasons(rejected))) == [
        ("row 3", "row has 8 fields but the header has 7"),
        ("row 4", "empty text"),
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    content = delimiter.join(["id", "text", "date"]) + "\n" + delimiter.join(["d1", "Said so, twice.", "2022-09-13"]) + "\n"
    articles, rejected = read_articles([write(tmp_path / "semi.csv", content)])
    assert rejected.height == 0
    assert articles["text"].to_list() == ["Said so, twice."]


def test_json_fixture_and_rfc2822_date() -> None:
    articles, rejected = read_articles([FIXTURES / "articles.json"])
    assert articles["article_id"].to_list() == ["1", "2"]
    assert articles["published"].to_list() == [date(2022, 9, 13), None]
    assert list(zip(rejected["location"], reasons(rejected))) == [
        ("item 2", "JSON array item is not an object (got string)")
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("lines.json", jsonl(RECORD, RECORD | {"id": "r2"})),  # JSON Lines saved as .json
        ("array.jsonl", json.dumps([RECORD, RECORD | {"id": "r2"}], indent=2)),  # array as .jsonl
        ("wrapped.json", json.dumps({"articles": [RECORD, RECORD | {"id": "r2"}]})),
    ],
)
def test_json_and_jsonl_mislabelled(tmp_path: Path, name: str, content: str) -> None:
    articles, rejected = read_articles([write(tmp_path / name, content)])
    assert rejected.height == 0
    assert articles["article_id"].to_list() == ["r1", "r2"]


def test_single_json_object_with_a_list_field_is_one_record(tmp_path: Path) -> None:
    record = {"id": "s1", "body": "One story.", "tags": ["war", "energy"]}
    articles, rejected = read_articles([write(tmp_path / "one.json", json.dumps(record))])
    assert rejected.height == 0
    assert articles["article_id"].to_list() == ["s1"]
    assert json.loads(articles["extra"][0]) == {"tags": ["war", "energy"]}


def test_utf16_jsonl_with_bom() -> None:
    articles, rejected = read_articles([FIXTURES / "utf16.jsonl"])
    assert rejected.height == 0
    assert articles["text"].to_list() == ["Über alles, said nobody."]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_byte_order_marks_in_csv(tmp_path: Path, bom: bytes) -> None:
    encoding = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}[bom]
    content = bom + "id,text\nb1,Straße closed\n".encode(encoding)
    articles, rejected = read_articles([write(tmp_path / "bom.csv", content)])
    assert rejected.height == 0
    assert articles.select("article_id", "text").row(0) == ("b1", "Straße closed")


def test_latin1_jsonl_line_is_decoded(tmp_path: Path) -> None:
    line = '{"id": "l1", "text": "Caf\xe9 reopened"}\n'.encode("latin-1")
    articles, rejected = read_articles([write(tmp_path / "l.jsonl", line)])
    assert rejected.height == 0
    assert articles["text"].to_list() == ["Café reopened"]


# ---------------------------------------------------------------- bad records


def test_mixed_jsonl_fixture() -> None:
    articles, rejected = read_articles([FIXTURES / "mixed.jsonl"])
    assert_contract(articles, rejected)
    assert articles["article_id"].to_list() == ["a1", "42", hashlib.sha256(
        b"No id and no url: the id is a hash of the text.").hexdigest()[:16]]
    assert json.loads(articles["extra"][0]) == {"section": "local"}
    assert list(zip(rejected["location"], reasons(rejected))) == [
        ("line 3", "invalid JSON: Unterminated string starting at column 44"),
        ("line 4", "JSON line is not an object (got array)"),
        ("line 5", "empty text"),
        ("line 6", "missing text field (expected one of: text, body, content)"),
        ("line 7", "unparseable date 'sometime last week'"),
        ("line 8", "duplicate id 'a1' with different text (first kept)"),
        ("line 9", "exact duplicate of an earlier record"),
    ]
    # 11 lines, one blank: every non-blank line is an article or a rejected row
    assert articles.height + rejected.height == 10


GOOD = json.dumps({"id": "ok", "text": "A good record."})


@pytest.mark.parametrize(
    "bad_line, reason",
    [
        ('{"id": "b", "text": ', "invalid JSON: Expecting value at column 21"),
        ("[1, 2]", "JSON line is not an object (got array)"),
        ('"just a string"', "JSON line is not an object (got string)"),
        ("null", "JSON line is not an object (got null)"),
        ('{"id": "b", "text": ""}', "empty text"),
        ('{"id": "b", "text": " \\n\\t "}', "empty text"),
        ('{"id": "b", "text": null}', "empty text"),
        ('{"id": "b", "text": ["para 1", "para 2"]}', "text is not a string (got array)"),
        ('{"id": "b", "title": "t"}', "missing text field (expected one of: text, body, content)"),
        ('{"id": "b", "text": "x", "date": "13/09/22"}', "unparseable date '13/09/22'"),
        ('{"id": "b", "text": "x", "date": "2022-02-30"}', "unparseable date '2022-02-30'"),
        ('{"id": "b", "text": "x", "date": 20220913}', "unparseable date '20220913'"),
        ('{"id": {"a": 1}, "text": "x"}', "id is not a string or number (got object)"),
        ('{"id": "b", "text": "bad \\ud800 surrogate"}', "invalid Unicode: unpaired surrogate escape in a field"),
    ],
)
def test_bad_jsonl_line_rejected_good_line_kept(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = write(tmp_path / "in.jsonl", f"{GOOD}\n{bad_line}\n{GOOD.replace('ok', 'ok2')}\n")
    articles, rejected = read_articles([path])
    assert articles["article_id"].to_list() == ["ok", "ok2"]
    assert reasons(rejected) == [reason]
    assert rejected["location"].to_list() == ["line 2"]
    assert rejected["source"].to_list() == [str(path)]


def test_undecodable_jsonl_line(tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", GOOD.encode() + b"\n\xff\xfe\x81garbage\x90\n")
    articles, rejected = read_articles([path])
    assert articles.height == 1
    assert reasons(rejected) == ["undecodable bytes (not UTF-8) and not valid JSON"]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.jsonl", b"", "empty file"),
        ("blank.jsonl", b"\n  \n\n", "empty file"),
        ("empty.csv", b"", "empty file"),
        ("bom_only.csv", codecs.BOM_UTF16_LE + "\n".encode("utf-16-le"), "empty file"),
        ("header_only.csv", b"id,text\n", "file contains no records"),
        ("empty_list.json", b"[]", "file contains no records"),
        ("scalar.json", b"42", "JSON file is not a list of objects (got number)"),
        ("broken.json", b'[{"text": "a"},', "invalid JSON: Expecting value at line 1 column 16"),
        ("nul.jsonl", b'{"text": "a"}\n\x00\x00\x00\x01', "binary file (NUL bytes), not text"),
        ("nul.txt", b"\x00\x01\x02\x03PK", "binary file (NUL bytes), not text"),
        ("nul.csv", b"id,text\n\x00\x00", "binary file (NUL bytes), not text"),
        ("bad16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable bytes: not valid UTF-16 despite its byte-order mark"),
        ("controls.txt", bytes(range(1, 32)) * 20, "undecodable bytes: not UTF-8, UTF-16 or Latin-1 text (binary?)"),
        ("no_text.csv", b"id,title\n1,t\n", "missing text column (expected one of: text, body, content)"),
        ("no_text.parquet", None, "missing text column (expected one of: text, body, content)"),
        ("corrupt.parquet", b"PAR1 not really parquet", None),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes | None, reason: str | None) -> None:
    path = tmp_path / name
    if content is None:
        pl.DataFrame({"id": ["1"], "title": ["t"]}).write_parquet(path)
    else:
        write(path, content)
    articles, rejected = read_articles([path])
    assert_contract(articles, rejected)
    assert articles.height == 0
    assert rejected["location"].to_list() == ["file"]
    if reason is None:
        assert reasons(rejected)[0].startswith("not a readable Parquet file")
    else:
        assert reasons(rejected) == [reason]


def test_fixture_files_all_accounted_for() -> None:
    articles, rejected = read_articles(discover_files(str(FIXTURES)))
    assert_contract(articles, rejected)
    by_file = {Path(source).name: reason for source, reason in zip(rejected["source"], reasons(rejected))}
    assert by_file["binary.txt"] == "binary file (NUL bytes), not text"
    assert by_file["empty.jsonl"] == "empty file"
    assert by_file["notes.md"] == "unsupported file type"
    assert by_file["no_text_column.csv"].startswith("missing text column")
    assert {"a1", "c1", "one", "t2", "u1", "latin1"} <= set(articles["article_id"].to_list())


# ---------------------------------------------------------------- ids, hashes, dates, duplicates


@pytest.mark.parametrize(
    "record, expected",
    [
        ({"id": "Abc 01", "text": "t"}, "Abc 01"),
        ({"id": " padded ", "text": "t"}, " padded "),
        ({"id": 7, "text": "t"}, "7"),
        ({"id": 7.0, "text": "t"}, "7"),
        ({"id": 12345678901234567890, "text": "t"}, "12345678901234567890"),
        ({"id": "", "url": "https://e.org/x", "text": "t"}, hashlib.sha256(b"https://e.org/x").hexdigest()[:16]),
        ({"url": "https://e.org/x", "text": "t"}, hashlib.sha256(b"https://e.org/x").hexdigest()[:16]),
        ({"url": "", "text": "the text"}, hashlib.sha256(b"the text").hexdigest()[:16]),
        ({"text": "the text"}, hashlib.sha256(b"the text").hexdigest()[:16]),
    ],
)
def test_id_rules(tmp_path: Path, record: dict, expected: str) -> None:
    articles, rejected = read_articles([write(tmp_path / "ids.jsonl", jsonl(record))])
    assert rejected.height == 0
    assert articles["article_id"].to_list() == [expected]


def test_content_hash_is_stable_and_sensitive(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl(RECORD))
    first, _ = read_articles([path])
    second, _ = read_articles([path])
    expected = hashlib.sha256(f"{RECORD['text']}\x1f{RECORD['title']}\x1f2022-09-13".encode()).hexdigest()
    assert first["content_hash"].to_list() == second["content_hash"].to_list() == [expected]
    for change in ({"title": "Other"}, {"text": RECORD["text"] + "!"}, {"date": "2022-09-14"}):
        changed, _ = read_articles([write(tmp_path / "b.jsonl", jsonl(RECORD | change))])
        assert changed["content_hash"][0] != expected
    same_day, _ = read_articles([write(tmp_path / "c.jsonl", jsonl(RECORD | {"date": "13 Sep 2022"}))])
    assert same_day["content_hash"][0] == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-09-13", date(2022, 9, 13)),
        ("2022-09-13T10:15:00Z", date(2022, 9, 13)),
        ("2022-09-13T23:30:00-05:00", date(2022, 9, 13)),
        ("2022-09-13 10:15:00", date(2022, 9, 13)),
        ("2022/09/13", date(2022, 9, 13)),
        ("2022/9/3", date(2022, 9, 3)),
        ("13 September 2022", date(2022, 9, 13)),
        ("3 Sept 2022", date(2022, 9, 3)),
        ("13th September, 2022", date(2022, 9, 13)),
        ("September 13, 2022", date(2022, 9, 13)),
        ("Sep. 13, 2022", date(2022, 9, 13)),
        ("Tuesday, September 13, 2022 10:15 AM", date(2022, 9, 13)),
        ("Tue, 13 Sep 2022 10:15:00 +0000", date(2022, 9, 13)),
        ("  2022-09-13  ", date(2022, 9, 13)),
        (date(2022, 9, 13), date(2022, 9, 13)),
        (None, None),
        ("", None),
        ("null", None),
        ("NaN", None),
    ],
)
def test_parse_date(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["13/09/2022", "yesterday", "2022-13-01", "September 31, 2022", "Smarch 3, 2022", 1663027200, ["2022-09-13"]])
def test_parse_date_rejects(value) -> None:
    with pytest.raises(Rejected, match="unparseable date"):
        parse_date(value)


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_duplicates_are_detected_across_batches_and_files(tmp_path: Path, batch_size: int) -> None:
    one = write(tmp_path / "one.jsonl", jsonl(RECORD, RECORD | {"id": "r2"}, RECORD | {"id": "r3"}))
    two = write(tmp_path / "two.jsonl", jsonl(
        RECORD,  # exact duplicate of line 1 of one.jsonl
        RECORD | {"id": "r2", "text": "Changed text."},
        RECORD | {"id": "r3", "title": "Changed title"},
    ))
    articles, rejected = read_articles([one, two], batch_size=batch_size)
    assert articles["article_id"].to_list() == ["r1", "r2", "r3"]
    assert articles["source"].to_list() == [str(one)] * 3
    assert reasons(rejected) == [
        "exact duplicate of an earlier record",
        "duplicate id 'r2' with different text (first kept)",
        "duplicate id 'r3' with different title or date (first kept)",
    ]
    assert rejected["source"].to_list() == [str(two)] * 3


# ---------------------------------------------------------------- batches


@pytest.mark.parametrize("batch_size", [1, 3, 7, 2000])
def test_batches_are_bounded_and_concatenate_to_read_articles(tmp_path: Path, batch_size: int) -> None:
    records = [{"id": f"n{i}", "text": f"Story number {i}."} for i in range(10)]
    lines = jsonl(*records[:5]) + "not json\n" + jsonl(*records[5:])
    path = write(tmp_path / "many.jsonl", lines)
    batches = list(iter_article_batches([path], batch_size=batch_size))
    assert all(a.height <= batch_size and r.height <= batch_size for a, r in batches)
    assert all(dict(a.schema) == ARTICLES and dict(r.schema) == REJECTED for a, r in batches)
    articles, rejected = read_articles([path])
    assert pl.concat([a for a, _ in batches]).equals(articles)
    assert pl.concat([r for _, r in batches]).equals(rejected)
    assert articles.height == 10 and rejected.height == 1


def test_no_input_gives_empty_contract_frames() -> None:
    articles, rejected = read_articles([])
    assert articles.height == rejected.height == 0
    assert dict(articles.schema) == ARTICLES and dict(rejected.schema) == REJECTED


# ---------------------------------------------------------------- sources


def test_discover_directory_is_recursive_and_marks_unsupported() -> None:
    files = discover_files(str(FIXTURES / "tree"))
    assert [p.name for p in files] == ["one.txt", "notes.md", "two.ndjson"]
    assert [isinstance(p, UnsupportedFile) for p in files] == [False, True, False]
    articles, rejected = read_articles(files)
    assert articles["article_id"].to_list() == ["one", "t2"]
    assert articles["published"].to_list() == [date(2022, 9, 18), date(2022, 9, 18)]
    assert list(zip(rejected["location"], reasons(rejected), rejected["snippet"])) == [
        ("file", "unsupported file type", "notes.md")
    ]


def test_unsupported_marks_survive_str_paths() -> None:
    """The flow passes [str(p) for p in discover_files(...)] to the Prefect task."""
    files = [str(p) for p in discover_files(str(FIXTURES / "tree"))]
    articles, rejected = read_articles(files)
    assert articles["article_id"].to_list() == ["one", "t2"]
    assert reasons(rejected) == ["unsupported file type"]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("tree/**/*.ndjson", ["two.ndjson"]),
        ("tree/*.txt", ["one.txt"]),
        ("tree/**/*", ["one.txt", "notes.md", "two.ndjson"]),
        ("*.csv", ["no_text_column.csv", "variants.csv"]),
    ],
)
def test_discover_glob(pattern: str, expected: list[str]) -> None:
    files = discover_files(str(FIXTURES / pattern))
    assert sorted(p.name for p in files) == sorted(expected)


def test_glob_naming_an_unknown_extension_sniffs_it(tmp_path: Path) -> None:
    write(tmp_path / "a.dat", jsonl(RECORD))
    write(tmp_path / "b.log", "log line\n")
    files = discover_files(str(tmp_path / "*.dat"))
    assert [type(p) is UnsupportedFile for p in files] == [False]
    assert read_articles(files)[0]["article_id"].to_list() == ["r1"]
    every = discover_files(str(tmp_path / "*"))
    assert [isinstance(p, UnsupportedFile) for p in every] == [True, True]


@pytest.mark.parametrize(
    "content, expected_ids, reason",
    [
        (jsonl(RECORD), ["r1"], None),
        (" date 2022-09-13 A plain text article.\n", ["story"], None),
        ("A plain text article without a date.", ["story"], None),
        (b"\x00\x01binary\x00", [], "unsupported file type: binary file (NUL bytes), not text"),
    ],
)
def test_explicit_unknown_extension_is_sniffed(tmp_path: Path, content, expected_ids, reason) -> None:
    path = write(tmp_path / "story.data", content)
    assert discover_files(str(path)) == [path]
    articles, rejected = read_articles(discover_files(str(path)))
    assert articles["article_id"].to_list() == expected_ids
    assert reasons(rejected) == ([reason] if reason else [])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp: tmp / "missing.jsonl", "source not found"),
        (lambda tmp: tmp / "nothing-*.jsonl", "no files match the pattern"),
        (lambda tmp: (tmp / "emptydir").mkdir() or tmp / "emptydir", "directory contains no files"),
        (lambda tmp: "", "empty source path"),
        (lambda tmp: "bad\x00path.jsonl", "invalid source path"),
        (lambda tmp: os.devnull, "not a regular file or directory"),
        (lambda tmp: write(tmp / "file.jsonl", "{}") / "inside.jsonl", "source not found"),
    ],
)
def test_source_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        discover_files(str(make(tmp_path)))
    assert "\n" not in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_a_source_error(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.jsonl", jsonl(RECORD))
    path.chmod(0)
    with pytest.raises(SourceError, match="not readable"):
        discover_files(str(path))


def test_file_deleted_after_discovery_is_rejected_not_raised(tmp_path: Path) -> None:
    path = write(tmp_path / "gone.jsonl", jsonl(RECORD))
    files = discover_files(str(path))
    path.unlink()
    articles, rejected = read_articles(files)
    assert articles.height == 0 and reasons(rejected) == ["file not found"]


@pytest.mark.parametrize("name", ['it\'s "quoted"; really.jsonl', "semi;colon;name.txt", "spaces and ü.csv"])
def test_file_names_with_quotes_and_semicolons(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if path.suffix == ".txt":
        write(path, " date 2022-09-13 Quoted names work.\n")
    elif path.suffix == ".csv":
        write(path, "id,text\nq1,Quoted names work.\n")
    else:
        write(path, jsonl({"id": "q1", "text": "Quoted names work."}))
    for source in (str(path), str(tmp_path)):
        articles, rejected = read_articles(discover_files(source))
        assert rejected.height == 0
        assert articles["source"].to_list() == [str(path)]
        assert articles["text"].to_list() == ["Quoted names work."]


def test_read_articles_accepts_directories_and_single_paths() -> None:
    from_dir, _ = read_articles(str(FIXTURES / "tree"))
    from_files, _ = read_articles(discover_files(str(FIXTURES / "tree")))
    assert from_dir.equals(from_files)


def test_prefect_task_is_a_thin_wrapper() -> None:
    assert ingest_articles.name == "ingest_articles"
    assert callable(ingest_articles.fn)


# ---------------------------------------------------------------- properties (never raise, nothing lost)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".jsonl", ".json", ".txt", ".csv", ".parquet", ".xyz"]))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"random{suffix}", data)
    articles, rejected = read_articles([path])
    assert_contract(articles, rejected)
    assert articles.height + rejected.height >= 1  # the file is always accounted for
    if suffix == ".txt":
        assert articles.height + rejected.height == 1


_json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_values = st.recursive(_json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
_records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=6), st.integers(0, 5), _values),
        "text": st.one_of(st.text(max_size=30), _values),
        "date": st.one_of(st.sampled_from(["2022-09-13", "13 September 2022", "bad date", ""]), _values),
        "title": _values,
        "url": st.text(max_size=10),
        "Body": st.text(max_size=10),
        "other": _values,
    },
)
_lines = st.one_of(
    _records.map(lambda r: json.dumps(r)),
    _values.map(json.dumps),
    st.text(max_size=40).map(lambda s: s.replace("\n", " ")),
)


@PROPERTY
@given(lines=st.lists(_lines, max_size=15), batch_size=st.integers(1, 5))
def test_random_json_lines_are_all_accounted_for(tmp_path: Path, lines: list[str], batch_size: int) -> None:
    path = write(tmp_path / "random.jsonl", "\n".join(lines) + "\n")
    batches = list(iter_article_batches([path], batch_size=batch_size))
    articles = pl.concat([a for a, _ in batches]) if batches else pl.DataFrame(schema=ARTICLES)
    rejected = pl.concat([r for _, r in batches]) if batches else pl.DataFrame(schema=REJECTED)
    assert_contract(articles, rejected)
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")  # a leading BOM belongs to the file
    nonblank = [line for line in lines if line.encode("utf-8").strip()]
    if rejected.filter(pl.col("location") == "file").height:  # whole file rejected (NUL bytes)
        assert articles.height == 0 and rejected.height == 1
    elif nonblank:
        assert articles.height + rejected.height == len(nonblank)
    else:
        assert reasons(rejected) == ["empty file"]
    assert articles["article_id"].n_unique() == articles.height


# ---------------------------------------------------------------- shared data


@pytest.mark.shared
def test_shared_corpus_ingests_cleanly(shared_dir: Path) -> None:
    articles, rejected = read_articles(discover_files(str(shared_dir / "corpora" / "ukraine-media" / "*.jsonl")))
    assert_contract(articles, rejected)
    assert articles.height == 7029
    assert rejected.height == 0
    assert articles["article_id"].n_unique() == 7029
    assert articles["published"].null_count() == 0


@pytest.mark.shared
def test_war_dev_seed_text_matches_committed_seed(shared_dir: Path) -> None:
    dev, rejected = read_articles([shared_dir / "eval" / "war-dev" / "articles.jsonl"])
    seed, _ = read_articles([SEED])
    assert rejected.height == 0 and dev.height == 9
    dev_seed = dev.filter(pl.col("article_id") == "seed-2022-09-13-kharkiv")
    assert dev_seed["text"][0] == seed["text"][0]
